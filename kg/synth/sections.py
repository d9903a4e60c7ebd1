"""Paragraphs of an article relaying a report edition, beyond its headline, lead and toll.

Each function writes ``n`` figures (1 up to its capacity) into sentences and
returns them, quoted, for the article to place.
"""

from __future__ import annotations

import datetime as dt

from kg.synth import wording as w
from kg.synth.context import Ctx
from kg.synth.doc import Fig, Sent
from kg.synth.geography import DIRECTIONS
from kg.synth.model import Edition, Incident
from kg.synth.yamltext import Ann


def personnel(c: Ctx, n: int) -> list[Sent]:
    whole = c.whole
    assert whole is not None
    t = c.ed.tally
    d = c.doc
    period, area = c.since, c.country.place.id
    perp, perp_again = c.shared(c.force.actor.id, f"\"Among those civilians killed\" refers back to the {whole.words} "
                                f"killed at the hands of {c.force.text}.", "those-killed")
    by, by_again = c.shared(c.org.actor.id, f"The sentence continues the article's account of {c.org.abbr}'s report.",
                            "report-said")
    journalists = Fig(d.fid(f"journalists-killed-{t.journalists}"), f"{c.num(t.journalists)} journalists and media "
                      "activists", t.journalists, "exact", "killed", by if n == 1 else by_again,
                      group="journalists-and-media-activists", perps=(perp if n == 1 else perp_again,), period=period,
                      area=area, subset_of=whole.id, report=c.ed.id)
    q = d.qid("personnel")
    if n == 1:
        return [Sent("Among those killed were ", journalists, ".", qid=q)]
    medical = Fig(d.fid(f"medical-civil-defence-killed-{t.medical}"), f"{c.num(t.medical)} medical and Civil Defence "
                  "personnel", t.medical, "exact", "killed", by, group="medical-and-civil-defence-personnel",
                  perps=(perp,), period=period, area=area, subset_of=whole.id, report=c.ed.id)
    return [Sent("Among those civilians killed were ", medical, " (or White Helmets), in addition to ", journalists,
                 ".", qid=q)]


def infrastructure(c: Ctx, n: int) -> list[Sent]:
    t = c.ed.tally
    d = c.doc
    named = c.rng.random() < 0.5
    if named:
        perps: tuple[Ann | str, ...] = (c.force.actor.id,)
        again = perps
        words = f"{c.num(t.infrastructure)} attacks on vital civilian facilities"
        qualifier = "exact"
    else:
        first, second = c.shared(c.force.actor.id, "The sentence names no perpetrator; the report it describes "
                                 f"documents the violations of {c.force.text} since {w.month(c.camp.start)}.",
                                 "report-about")
        perps, again = (first,), (second,)
        words = f"at least {c.num(t.infrastructure)} attacks on civilian infrastructure"
        qualifier = "at-least"
    area = c.country.place.id if named else None
    whole = Fig(d.fid(f"infrastructure-attacks-{t.infrastructure}"), words, t.infrastructure, qualifier, "attacks",
                c.org.actor.id, target="civilian-infrastructure", perps=perps, area=area, report=c.ed.id)
    parts: list[str | Fig] = [whole]
    if n >= 2:
        schools = Fig(d.fid(f"school-attacks-{t.schools}"), f"{c.num(t.schools)} on schools", t.schools, "exact",
                      "attacks", c.org.actor.id, target="schools", perps=again, area=area, subset_of=whole.id,
                      report=c.ed.id)
        parts += [", including ", schools]
    if n >= 3:
        med = Fig(d.fid(f"medical-facility-attacks-{t.medical_facilities}"), f"{c.num(t.medical_facilities)} on "
                  "medical facilities", t.medical_facilities, "exact", "attacks", c.org.actor.id,
                  target="medical-facilities", perps=again, area=area, subset_of=whole.id, report=c.ed.id)
        parts += [" and ", med]
    q = d.qid("infrastructure")
    if named:
        return [Sent(w.cap(c.force.text), " carried out ", *parts, f" in {c.country.place.name}, the report said.",
                     qid=q)]
    return [Sent("The report also documents ", *parts, ".", qid=q)]


def weapons(c: Ctx, n: int) -> list[Sent]:
    t = c.ed.tally
    d = c.doc
    cluster = Fig(d.fid(f"cluster-munition-attacks-{t.cluster}"), f"at least {c.num(t.cluster)} attacks", t.cluster,
                  "at-least", "attacks", c.org.actor.id, weapon="cluster-munitions", perps=(c.force.actor.id,),
                  report=c.ed.id)
    head = f"The report also cites statistics on the use of cluster munitions by {c.force.text}, which amounted to "
    q = d.qid("weapons")
    if n == 1:
        return [Sent(head, cluster, ".", qid=q)]
    reason = (f"\"in addition to\" continues the statistics on the use of cluster munitions by {c.force.text} in "
              "the same sentence.")
    incendiary = Fig(d.fid(f"incendiary-attacks-{t.incendiary}"), f"{c.num(t.incendiary)} attacks with incendiary "
                     "weapons", t.incendiary, "exact", "attacks", c.org.actor.id, weapon="incendiary-weapons",
                     perps=(Ann(c.force.actor.id, reason),), report=c.ed.id)
    return [Sent(head, cluster, ", in addition to ", incendiary, ".", qid=q)]


def displacement(c: Ctx, n: int) -> list[Sent]:
    t = c.ed.tally
    other = c.other_force()
    qualifier = "approximately" if c.rng.random() < 0.6 else "around"
    words = f"{qualifier} {w.millions(t.displaced_tenths)} people"
    fig = Fig(c.doc.fid(f"displaced-{t.displaced_tenths}"), words, t.displaced_tenths * 100_000, qualifier,
              "displaced", c.org.actor.id, group="people", perps=(c.force.actor.id, other.actor.id), report=c.ed.id)
    return [Sent(f"As the report explains, the escalating violence practised by {c.force.text} along with "
                 f"{other.text} led to the forced displacement of ", fig, ".", qid=c.doc.qid("displacement"))]


def wrongs(c: Ctx, n: int) -> list[Sent]:
    d = c.doc
    region = c.country.region
    if c.rng.random() < 0.5 or region is None:
        fig = Fig(d.fid("war-crimes-hundreds"), "hundreds of war crimes", None, "hundreds", "war-crimes",
                  c.org.actor.id, perps=(c.force.agent.id,), report=c.ed.id)
        return [Sent(f"The report emphasised that {c.force.agent_text} cannot be “trusted in any political or "
                     "reconstruction process after committing ", fig, "”", qid=d.qid("war-crimes"))]
    fig = Fig(d.fid("massacres-dozens-de-escalation"), "dozens of massacres", None, "dozens", "massacres",
              c.org.actor.id, perps=(c.force.actor.id,), area=region.id, report=c.ed.id)
    return [Sent(f"It noted that {c.force.text} committed ", fig, " in the areas covered by the ‘de-escalation "
                 "zone’ agreement.", qid=d.qid("massacres-de-escalation"))]


def massacres(c: Ctx, n: int) -> list[Sent]:
    t = c.ed.tally
    fig = Fig(c.doc.fid(f"massacres-{t.massacres}"), f"no fewer than {c.num(t.massacres)} massacres", t.massacres,
              "no-fewer-than", "massacres", c.org.actor.id, perps=(c.force.actor.id,), period=c.since,
              report=c.ed.id)
    return [Sent(f"{w.cap(c.org.short)} said it had documented ", fig, f" committed by {c.force.text} since "
                 f"{w.month(c.camp.start)}.", qid=c.doc.qid("massacres"))]


def nationwide(c: Ctx, n: int) -> list[Sent]:
    """The month's toll across the country, by all parties: a figure with no perpetrator."""
    t = c.ed.tally
    first = c.ed.date.replace(day=1)
    when = first - dt.timedelta(days=1)
    fid = c.doc.fid(f"civilians-{t.monthly}-month")
    if c.plant == "period-after-report":  # a month after the report was issued
        when = first + dt.timedelta(days=62)
        c.planted.append(fid)
    fig = Fig(fid, f"{c.num(t.monthly)} civilians", t.monthly, "exact", "killed", c.org.actor.id, group="civilians",
              period=when.isoformat()[:7], area=c.country.place.id, report=c.ed.id)
    return [Sent(f"Across {c.country.place.name}, {c.org.short} recorded the deaths of ", fig, " at the hands of "
                 f"all parties in {w.month(when)}.", qid=c.doc.qid("nationwide"))]


def shares(c: Ctx, n: int) -> list[Sent]:
    """What share of the toll children and women are: percentages (unit percent) of the report's own counts."""
    t = c.ed.tally
    kids, women = round(100 * t.children / t.civilians), round(100 * t.women / t.civilians)
    d = c.doc
    kids_fig = Fig(d.fid(f"children-share-{kids}-percent"), f"about {kids} percent", kids, "approximately", "killed",
                   c.org.actor.id, unit="percent", group="children", perps=(c.force.actor.id,), period=c.since,
                   area=c.country.place.id, report=c.ed.id)
    parts: list[str | Fig] = [kids_fig]
    if n >= 2:
        parts += [", and women ", Fig(d.fid(f"women-share-{women}-percent"), f"{women} percent", women, "exact",
                                      "killed", c.org.actor.id, unit="percent", group="women",
                                      perps=(c.force.actor.id,), period=c.since, area=c.country.place.id,
                                      report=c.ed.id)]
    return [Sent(f"{w.cap(c.org.short)} said children made up ", *parts, f" of the civilians killed by {c.force.text} "
                 f"in {c.country.place.name} since {w.month(c.camp.start)}.", qid=d.qid("shares"))]


def revised_toll(ed: Edition) -> int:
    """The first period's toll as edition ``ed`` restates it: more with every edition, as incidents are verified."""
    old = ed.series.editions[0].tally.civilians
    return old + old * (2 + ed.k) // 100 + ed.k


def revision(c: Ctx, n: int) -> list[Sent]:
    """A later edition restating the toll of the period of the series' first edition (``revises``)."""
    first = c.ser.editions[0]
    assert c.ed.k >= 1
    d, old, new = c.doc, first.tally.civilians, revised_toll(c.ed)
    q = d.qid("revision")
    period = f"{c.camp.start.isoformat()[:7]}/{first.date.isoformat()[:7]}"
    head = (f"Incidents verified after its first report, of {w.month(first.date)}, raise the toll of {c.force.text} "
            f"from {w.month(c.camp.start)} to that report to ")
    restated = None
    if n >= 2:
        restated = Fig(d.fid(f"first-period-civilians-{old}-restated"), f"{c.num(old)} civilians", old, "exact",
                       "killed", c.org.actor.id, group="civilians", perps=(c.force.actor.id,), period=period,
                       area=c.country.place.id, measure=c.ser.first_measure, report=Ann(first.id, quote=q))
        c.frame.relay(Ann(first.id, quote=q))
    revised = Fig(d.fid(f"first-period-civilians-{new}"), f"{c.num(new)} civilians", new, "exact", "killed",
                  c.org.actor.id, group="civilians", perps=(c.force.actor.id,), period=period, area=c.country.place.id,
                  measure=c.ser.first_measure, report=c.ed.id,
                  revises=None if restated is None else Ann(restated.id, quote=q))
    if restated is None:
        return [Sent(head, revised, f", {c.org.short} said.", qid=q)]
    return [Sent(head, revised, ", against ", restated, f" reported at the time, {c.org.short} said.", qid=q)]


def incident_parts(inc: Incident, org_no: int) -> list[str]:
    """The figures an article can give about an incident beyond its toll, in the order it gives them."""
    toll = inc.toll_by(org_no)
    out = [g for g, frac in (("children", inc.child_frac), ("women", inc.women_frac)) if int(toll * frac) > 0]
    out.append("injured")
    if inc.kind == "double-tap":
        out.append("strikes")
    return out


def incident(c: Ctx, inc: Incident, n: int) -> list[Sent]:
    """An incident the report counts: toll, children, women, injured, and for a double tap the two strikes."""
    d = c.doc
    org = c.org
    toll = inc.toll_by(org.no)
    parts = incident_parts(inc, org.no)[: n - 1]
    spelled = inc.village.spellings[c.rng.randrange(len(inc.village.spellings))]
    report, again = c.shared(c.ed.id, f"\"{w.cap(org.short)} cited\" continues the account of the report issued on "
                             f"{w.weekday(c.ed.date)}.", "report-cited")
    by, perps, place = org.actor.id, (c.force.actor.id,), inc.village.id
    exact = c.rng.random() < 0.5
    words = f"{toll} civilians" if exact else f"at least {toll} civilians"
    fid = d.fid(f"{inc.id}-killed-{toll}")
    if c.plant == "incident-after-report":
        c.planted.append(fid)
    killed = Fig(fid, words, toll, "exact" if exact else "at-least", "killed", by, group="civilians", perps=perps,
                 area=place, incident=inc.id, measure=inc.measure, report=report)
    extra: list[str | Fig] = []
    for group in ("children", "women"):
        if group in parts:
            count = int(toll * (inc.child_frac if group == "children" else inc.women_frac))
            noun = w.count(count, "child" if group == "children" else "woman", group)
            fig = Fig(d.fid(f"{inc.id}-{group}-{count}"), noun, count, "exact", "killed", by,
                      group=group, perps=perps, area=place, incident=inc.id, subset_of=fid, report=again)
            extra += [" and " if extra else ", including ", fig]
    if "injured" in parts:
        iw, iq = w.injured(inc.injured)
        hurt = inc.injured // 10 * 10 if inc.injured >= 20 else inc.injured
        fig = Fig(d.fid(f"{inc.id}-injured-{hurt}"), iw, hurt, iq, "injured", by, group="others", perps=perps,
                  area=place, incident=inc.id, report=again)
        extra += [" and injuring ", fig]
    q = d.qid("incident")
    d.attribute(f"{inc.id}-by-{c.force.actor.id}-according-to-{c.org.actor.id}", inc.id, c.force.actor.id,
                c.org.actor.id, q)
    if inc.kind == "shelling":
        sent = Sent(f"The report also recorded the shelling of {spelled} by {c.force.text} on {w.day(inc.date)}, "
                    "claiming the lives of ", killed, *extra, ".", qid=q)
    else:
        direction = DIRECTIONS[len(inc.village.id) % len(DIRECTIONS)]
        sent = Sent(f"{w.cap(org.short)} cited the {'massacre' if toll >= 5 else 'attack'} that was caused by "
                    f"{c.force.adj} airstrikes on the village of {spelled} {direction} of {inc.village.city} claiming "
                    "the lives of ", killed, *extra, ".", qid=q)
    out = [sent]
    if "strikes" in parts:
        strikes = Fig(d.fid(f"{inc.id}-air-attacks-2"), "two successive air attacks", 2, "exact", "attacks", by,
                      weapon="air-strikes", perps=perps, area=place, incident=inc.id, report=again)
        out.append(Sent(f"“In this massacre, {c.force.text} deliberately carried out ", strikes, " in order to kill "
                        "the largest possible number of people, including civil defence volunteers who were trying "
                        "to rescue the victims of the first airstrike,” the rights group said.",
                        qid=d.qid("double-tap"), spoken_by=org.actor.id))
    return out


def chairman(c: Ctx) -> list[Sent]:
    person = c.org.chairman
    said = f"{person.name}, Chairman of the {c.org.abbr} said"
    qid = c.doc.qid("chairman")
    sent = Sent(f"“We cannot trust any political settlement process sponsored or supervised by "
                f"{c.force.agent_text},” {said}.", qid=c.doc.qid("no-trust"), spoken_by=Ann(person.id, quote=qid))
    sent.sub(qid, said)
    return [sent]


FILLERS = (
    "The monitoring group said it had closely followed the situation of human rights in the areas it covers.",
    "{Org} said that {force} bore responsibility for the overwhelming majority of the violations it documented.",
    "The report called on the international community to protect civilians in {country}.",
    "Rescue workers said many victims remained under the rubble.",
    "{Org} says it documents each victim by name, date and place of death.",
    "The report urged an independent investigation into the attacks.",
)


def filler(c: Ctx) -> Sent:
    template = FILLERS[c.rng.randrange(len(FILLERS))]
    return Sent(template.format(Org=w.cap(c.org.short), force=c.force.text, country=c.country.place.name))
