"""A news article written on the day of an incident, relaying the first statements about it.

Its toll is the early one ("at least 18"), lower than the tolls the next
report editions give; a second organisation may give its own ("around 20"),
or the article may recall the latest cumulative toll of the campaign.
"""

from __future__ import annotations

import random

from kg.synth import wording as w
from kg.synth.doc import Doc, Fig, Sent
from kg.synth.frame import Frame, credit_line
from kg.synth.model import Edition, Flash
from kg.synth.yamltext import Ann, Field


def capacity(flashes: list[Flash], background: Edition | None) -> dict[str, int]:
    inc = flashes[0].incident
    caps = {"headline": 1, "children": int(flashes[0].toll * inc.child_frac) > 0, "injured": 1,
            "strikes": inc.kind != "shelling", "second": len(flashes) > 1,
            "background": 2 if background is not None and len(flashes) == 1 else 0}
    return {k: int(v) for k, v in caps.items()}


def write(rng: random.Random, doc: Doc, fr: Frame, flashes: list[Flash], background: Edition | None,
          size: int) -> None:
    first = flashes[0]
    inc, org = first.incident, first.org
    force = inc.campaign.force
    caps = capacity(flashes, background)
    counts = dict.fromkeys(caps, 0)
    left = size - 1
    order = sorted(caps)
    rng.shuffle(order)
    for k in order:
        take = rng.randint(0, min(caps[k], left))
        counts[k], left = take, left - take
    for k in order:
        take = min(caps[k] - counts[k], left)
        counts[k], left = counts[k] + take, left - take
    assert left == 0, "size exceeds what this incident article can hold"
    spelled = inc.village.spellings[rng.randrange(len(inc.village.spellings))]
    what = {"shelling": "shelling", "airstrike": "airstrikes", "double-tap": "double-tap airstrike"}[inc.kind]
    k0 = first.toll
    place = inc.village.id
    if counts["headline"]:
        by = Ann(org.actor.id, f"The headline names no source; the body attributes the toll to the {org.actor.name}.")
        report = Ann(first.id, f"The body attributes the toll to the statement the {org.abbr} issued that day.")
        fig = Fig(doc.fid(f"{inc.id}-killed-{k0}-headline"), f"At least {k0} civilians", k0, "at-least", "killed", by,
                  group="civilians", measure=inc.measure, report=report, incident=inc.id, area=place)
        fr.headline = doc.qid("headline")
        doc.para(Sent(fig, f" killed in {what} on {spelled}, {inc.village.city}", qid=fr.headline))
    elif rng.random() < 0.8:
        fr.headline = doc.qid("headline")
        doc.para(Sent(f"{w.cap(what)} hits {spelled} in the {inc.village.city} countryside", qid=fr.headline))
    if fr.pub_form == "dateline":
        fr.dateline = doc.qid("dateline")
        doc.para(Sent(w.dateline(fr.published, rng, inc.village.city), qid=fr.dateline))
    q = doc.qid("toll")
    report_a: Field = first.id
    if rng.random() < 0.4:
        report_a = Ann(first.id, f"The article relays the statement the {org.abbr} issued on the day of the {what}.")
    fr.relays.append(Ann(first.id, quote=q) if rng.random() < 0.5 else first.id)
    perps = (force.actor.id,)
    killed = Fig(doc.fid(f"{inc.id}-killed-{k0}"), f"At least {k0} civilians", k0, "at-least", "killed",
                 org.actor.id, group="civilians", perps=perps, measure=inc.measure, report=report_a,
                 incident=inc.id, area=place)
    kids: list[str | Fig] = []
    if counts["children"]:
        n = int(k0 * inc.child_frac)
        kid = Fig(doc.fid(f"{inc.id}-children-{n}-early"), w.count(n, "child", "children"), n, "exact", "killed",
                  org.actor.id, group="children", perps=perps, subset_of=killed.id, report=first.id, incident=inc.id,
                  area=place)
        kids = [", including ", kid, ","]
    how = (f"when {force.text} shelled the village of {spelled}" if inc.kind == "shelling"
           else f"when {force.adj} warplanes struck the village of {spelled}")
    doc.attribute(f"{inc.id}-by-{force.actor.id}-according-to-{org.actor.id}", inc.id, force.actor.id, org.actor.id, q)
    doc.para(Sent(killed, *kids, f" were killed on {w.weekday(inc.date)} {how} in the {inc.village.city} "
                  f"countryside, the {org.actor.name} said.", qid=q))
    parts: list[Sent] = []
    if counts["injured"]:
        hurt = max(1, inc.injured // 2)
        value = hurt // 10 * 10 if hurt >= 20 else hurt
        words, qual = w.injured(hurt)
        fig = Fig(doc.fid(f"{inc.id}-injured-{value}-early"), w.cap(words), value, qual, "injured", org.actor.id,
                  group="others", perps=perps, report=first.id, incident=inc.id, area=place)
        verb = "was" if value == 1 else "were"
        parts.append(Sent(fig, f" {verb} injured, according to the {org.abbr}.", qid=doc.qid("injured")))
    if counts["strikes"]:
        n = inc.strikes
        words = f"{w.small(n, rng)} air strike" + ("s" if n != 1 else "")
        fig = Fig(doc.fid(f"{inc.id}-air-strikes-{n}"), words, n, "exact", "attacks", org.actor.id,
                  weapon="air-strikes", perps=perps, report=first.id, incident=inc.id, area=place)
        parts.append(Sent("The warplanes carried out ", fig, f" on residential neighbourhoods, {org.short} said.",
                          qid=doc.qid("strikes")))
    if counts["second"]:
        other = flashes[1]
        fr.relays.append(other.id)
        fig = Fig(doc.fid(f"{inc.id}-killed-{other.toll}-{other.org.actor.id}"), f"around {other.toll} civilians",
                  other.toll, "around", "killed", other.org.actor.id, group="civilians", measure=inc.measure,
                  report=other.id, incident=inc.id, area=place)
        parts.append(Sent(f"The {other.org.actor.name} put the death toll at ", fig, ".", qid=doc.qid("second")))
    if counts["background"] and background is not None:
        parts.append(_background(rng, doc, fr, background, counts["background"]))
    if rng.random() < 0.5:
        parts.append(Sent("Rescue workers said the toll was likely to rise."))
    rng.shuffle(parts)
    for p in parts:
        doc.para(p)
    credit = credit_line(fr)
    if credit is not None:
        doc.para(Sent(credit, qid="credit"))


def _background(rng: random.Random, doc: Doc, fr: Frame, ed: Edition, n: int) -> Sent:
    """The campaign's cumulative toll, from the latest edition before the article."""
    ser, t = ed.series, ed.tally
    force = ser.campaign.force
    fr.relays.append(ed.id)
    since = f"{ser.campaign.start.isoformat()[:7]}/.."
    whole = Fig(doc.fid(f"civilians-{t.civilians}-to-date"), f"{w.num(t.civilians, rng)} civilians", t.civilians,
                "exact", "killed", ser.org.actor.id, group="civilians", perps=(force.actor.id,), period=since,
                measure=ed.toll_measures, report=ed.id)
    parts: list[str | Fig] = [whole]
    if n >= 2:
        parts += [", including ", Fig(doc.fid(f"children-{t.children}-to-date"), f"{w.num(t.children, rng)} children",
                                      t.children, "exact", "killed", ser.org.actor.id, group="children",
                                      perps=(force.actor.id,), period=since, subset_of=whole.id,
                                      measure=ser.children_measure, report=ed.id), ","]
    return Sent(f"The {ser.org.abbr} has documented the deaths of ", *parts, f" at the hands of {force.text} since "
                f"{w.month(ser.campaign.start)}.", qid=doc.qid("to-date"))
