"""A wire story on the day after a strike: the state's defence ministry denies it, the monitor hedges.

The ministry's denial is a quote it speaks and an attribution with ``stance:
denied`` according to the ministry; the tolls the story gives in the same
breath name their perpetrator as denied (``{value: force, stance: denied, by:
ministry}``), never as asserted. The monitor says the strike was "most likely"
the force's (a hedged attribution); the monitor's director, local sources (as
another outlet had them: ``via``) and the ministry's spokesperson ("no more than
N sorties": ``at-most``) give numbers of their own.
"""

from __future__ import annotations

import datetime as dt
import random

from kg.synth import wording as w
from kg.synth.doc import Doc, Fig, Sent, pick
from kg.synth.frame import Frame, credit_line
from kg.synth.model import Actor, Flash, Incident, Ministry, World
from kg.synth.yamltext import Ann, Stance


def slots(flash: Flash) -> list[str]:
    """Optional figures beyond the lead's toll: a headline of "dozens" when the toll is dozens, the sorties the
    ministry admits to when aircraft struck."""
    out = ["director", "local-dead", "local-wounded"]
    if 24 <= flash.incident.toll_by(flash.org_no) <= 99:
        out.append("headline")
    if flash.incident.kind != "shelling":
        out.append("sorties")
    return out


def capacity(flash: Flash) -> int:
    return 1 + len(slots(flash))


def published(rng: random.Random, inc: Incident) -> dt.date:
    """The day after the strike, mostly; sometimes the same evening."""
    return inc.date + dt.timedelta(days=0 if rng.random() < 0.2 else 1)


def an(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


def write(rng: random.Random, doc: Doc, fr: Frame, world: World, flash: Flash, size: int, wanted: set[str]) -> None:
    inc, org = flash.incident, flash.org
    force = inc.campaign.force
    ministry = world.ministry(force)
    assert ministry is not None, "only a state's forces have a ministry that denies"
    chosen = pick(rng, slots(flash), size - 1, wanted)
    toll, air = inc.toll_by(org.no), inc.kind != "shelling"
    spelled = inc.village.spellings[rng.randrange(len(inc.village.spellings))]
    denied = (Stance(force.actor.id, "denied", by=ministry.actor.id),)
    place, gov = inc.village.id, inc.village.city
    fr.headline = doc.qid("headline")
    if "headline" in chosen:
        by = Ann(fr.outlet.id, "The headline's \"dozens\" is the outlet's own summary of the toll that the body "
                 f"attributes to the {org.actor.name}.")
        fig = Fig(doc.fid(f"{inc.id}-killed-dozens-headline"), "dozens", None, "dozens", "killed", by, group="people",
                  perps=denied, area=Ann(place, f"The village of the headline is {spelled}, named in the body."),
                  incident=inc.id)
        doc.para(Sent(f"{ministry.state_name} denies striking village where ", fig, " died", qid=fr.headline))
    else:
        doc.para(Sent(f"{ministry.state_name} denies {'air strike' if air else 'shelling'} on {spelled}",
                      qid=fr.headline))
    if fr.pub_form == "dateline":
        fr.dateline = doc.qid("dateline")
        doc.para(Sent(w.dateline(fr.published, rng, gov), qid=fr.dateline))
    lead = Fig(doc.fid(f"{inc.id}-killed-{toll}-denied"), f"at least {toll} civilians", toll, "at-least", "killed",
               Ann(org.actor.id, f"\"a monitor\" is the {org.actor.name}, named in the next sentence."),
               group="civilians", perps=denied, incident=inc.id, measure=inc.measure,
               area=Ann(place, f"The village \"in the {gov} countryside\" is {spelled}, named in the next sentence."))
    when = "the previous day" if fr.published > inc.date else "earlier that day"
    doc.para(Sent(f"The {ministry.actor.name} on {w.weekday(fr.published)} denied that its "
                  f"{'aircraft' if air else 'forces'} had {'bombed' if air else 'shelled'} a village in the {gov} "
                  "countryside where a monitor said ", lead, f" were killed {when}.", qid=doc.qid("lead")))
    q = doc.qid("observatory")
    doc.attribute(f"{inc.id}-by-{force.actor.id}-according-to-{org.actor.id}", inc.id, force.actor.id, org.actor.id,
                  q, "hedged", "most likely")
    said = Sent(f"The {org.actor.name} said the {'air strike' if air else 'shelling'} on {spelled} was most likely "
                f"carried out by {force.text}.", qid=q)
    sources = world.local_sources[inc.campaign.country.place.id]
    doc.para(said, *_voices(doc, flash, sources, _another(rng, world, fr.outlet), chosen, rng))
    q = doc.qid("denial")
    doc.attribute(f"{inc.id}-denied-by-{ministry.actor.id}", inc.id, force.actor.id, ministry.actor.id, q, "denied")
    doc.para(Sent(f"In a statement, the {ministry.actor.name} said the reports of the {org.abbr} about "
                  f"{an(force.adj)} {'strike' if air else 'attack'} near {spelled} were untrue.", qid=q,
                  spoken_by=ministry.actor.id))
    if "sorties" in chosen:
        doc.para(_sorties(doc, inc, ministry, spelled))
    credit = credit_line(fr)
    if credit is not None:
        doc.para(Sent(credit, qid="credit"))


def _voices(doc: Doc, flash: Flash, sources: Actor, outlet: Actor, chosen: set[str], rng: random.Random) -> list[Sent]:
    """The monitor's director on the wounded, and local sources' own toll as another outlet had it (``via``)."""
    out: list[Sent] = []
    inc, org = flash.incident, flash.org
    place = inc.village.id
    if "director" in chosen:
        hurt = max(3, inc.injured)
        rough = hurt // 10 * 10 if hurt >= 20 else hurt
        fig = Fig(doc.fid(f"{inc.id}-injured-{rough}-director-denied"), f"roughly {rough} wounded", rough, "around",
                  "injured", org.director.id, group="people", incident=inc.id, area=place)
        out.append(Sent(f"Its director {org.director.name} said the toll could climb further because several of the ",
                        fig, " were in a critical condition.", qid=doc.qid("director"), spoken_by=org.director.id))
    dead = max(1, inc.killed - 1 - len(inc.id) % 4)
    hurt = max(2, inc.injured + rng.randint(0, 5))
    parts: list[str | Fig] = []
    if "local-dead" in chosen:
        parts.append(Fig(doc.fid(f"{inc.id}-killed-{dead}-local"), f"{dead} dead", dead, "exact", "killed",
                         sources.id, group="people", incident=inc.id, area=place, measure=inc.measure,
                         via=(outlet.id,)))
    if "local-wounded" in chosen:
        parts += [" and "] if parts else []
        parts.append(Fig(doc.fid(f"{inc.id}-injured-{hurt}-local"), f"{hurt} wounded", hurt, "exact", "injured",
                         sources.id, group="people", incident=inc.id, area=place, via=(outlet.id,)))
    if parts:
        tail = ", saying that a second strike had hit rescuers" if inc.kind == "double-tap" else ""
        out.append(Sent(f"Local sources told {outlet.name} of ", *parts, f"{tail}.", qid=doc.qid("local-sources")))
    return out


def _another(rng: random.Random, world: World, outlet: Actor) -> Actor:
    """An outlet other than the one writing."""
    i = rng.randrange(len(world.outlets))
    return world.outlets[i] if world.outlets[i] is not outlet else world.outlets[(i + 1) % len(world.outlets)]


def _sorties(doc: Doc, inc: Incident, ministry: Ministry, spelled: str) -> Sent:
    """What the ministry admits to: an upper bound on its sorties over the province that day."""
    n = 4 + (len(inc.id) * 7 + inc.date.day) % 20
    speaker = ministry.spokesperson
    fig = Fig(doc.fid(f"sorties-at-most-{n}-{inc.date.isoformat()}"), f"no more than {n} sorties", n, "at-most",
              "attacks", speaker.id, weapon="air-strikes", perps=(inc.campaign.force.actor.id,),
              period=inc.date.isoformat(), area=inc.village.within or inc.campaign.country.place.id)
    return Sent(f"{speaker.name}, a spokesperson for the ministry, said its aircraft had flown ", fig,
                f" over the {inc.village.city} countryside that day, none of them near {spelled}.",
                qid=doc.qid("sorties"), spoken_by=speaker.id)
