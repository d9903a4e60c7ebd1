"""An article relaying one report edition (and sometimes the edition before it).

Headline and lead round the report's toll ("almost 7,000" of 6,686); the body
gives the toll with its subsets, and a random selection of the report's other
counts, incidents and voices, to exactly the number of figures asked for.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.synth import sections
from kg.synth import wording as w
from kg.synth.context import Ctx
from kg.synth.doc import Fig, Sent
from kg.synth.frame import credit_line
from kg.synth.model import Incident
from kg.synth.yamltext import Ann, Field

ROUNDING_PLANTS = {"almost-below-exact": "almost", "more-than-not-above": "more-than",
                   "at-least-above-exact": "at-least"}
SIMPLE: dict[str, tuple[int, Callable[[Ctx, int], list[Sent]]]] = {
    "personnel": (2, sections.personnel),
    "infrastructure": (3, sections.infrastructure),
    "weapons": (2, sections.weapons),
    "displacement": (1, sections.displacement),
    "wrongs": (1, sections.wrongs),
    "massacres": (1, sections.massacres),
    "nationwide": (1, sections.nationwide),
    "shares": (2, sections.shares),
    "revision": (2, sections.revision),
}


def allocate(c: Ctx, size: int, incidents: list[Incident]) -> dict[str, int]:
    """How many figures each part of the article gives; they add up to ``size``."""
    caps = {"toll": 3, "headline": 2, "lead": 2, "previous": 2 if c.ed.previous is not None else 0}
    caps.update({k: v[0] for k, v in SIMPLE.items()})
    if c.ed.k == 0 or c.plant == "report-after-article" or (c.rng.random() < 0.6 and "revision" not in c.wanted):
        caps["revision"] = 0  # only later editions restate; a planted article relays nothing more
    if c.rng.random() < 0.6 and "shares" not in c.wanted:
        caps["shares"] = 0
    for i, inc in enumerate(incidents):
        caps[f"incident-{i}"] = 1 + len(sections.incident_parts(inc, c.org.no))
    need = {"toll": 1}
    if c.plant == "subset-exceeds-whole":
        need["toll"] = 3
    elif c.plant in ROUNDING_PLANTS:
        need["headline"] = 1
    elif c.plant == "period-after-report":
        need["nationwide"] = 1
    elif c.plant == "incident-after-report":
        caps = {k: v for k, v in caps.items() if not k.startswith("incident-")}
        caps["planted-incident"] = need["planted-incident"] = 1
    elif c.plant == "report-after-article":
        caps["previous"] = 0
    for k in sorted(c.wanted):  # a part no article has written yet, whole
        if caps.get(k) and sum(need.values()) + caps[k] <= size:
            need[k] = caps[k]
    counts = {k: need.get(k, 0) for k in caps}
    left = size - sum(counts.values())
    order = sorted(caps)
    c.rng.shuffle(order)
    for k in order:
        take = c.rng.randint(0, min(caps[k] - counts[k], left))
        counts[k] += take
        left -= take
    for k in ["toll", *order]:
        take = min(caps[k] - counts[k], left)
        counts[k] += take
        left -= take
    if counts["headline"] == 2 and counts["toll"] < 2:  # the subtitle rounds the children's toll
        counts["headline"], counts["toll"] = 1, counts["toll"] + 1
    assert left == 0, "an edition article holds at least 18 figures"
    c.wanted.difference_update(k for k, v in counts.items() if v == caps[k])
    return counts


def write(c: Ctx, size: int, later: Incident | None = None) -> None:
    """Write the article into ``c.doc``; ``later`` is the incident of an incident-after-report plant."""
    d, rng, fr = c.doc, c.rng, c.frame
    window = list(c.ed.incidents)
    rng.shuffle(window)
    incidents = window[:2]
    counts = allocate(c, size, incidents)
    toll_sent = _toll(c, counts["toll"])
    relay: Field = c.ed.id
    # -- headline, subtitle, dateline
    if counts["headline"]:
        head, sub = _headline(c, counts["headline"])
        fr.headline = head.qid
        d.para(head)
        if sub is not None:
            fr.subtitle = sub.qid
            d.para(sub)
    elif rng.random() < 0.85:
        fr.headline = d.qid("headline")
        d.para(Sent(f"{c.org.abbr} report documents the toll of {c.force.text} in {c.country.place.name}",
                      qid=fr.headline))
    if fr.pub_form == "dateline":
        fr.dateline = d.qid("dateline")
        d.para(Sent(w.dateline(fr.published, rng, c.country.cities[0].name), qid=fr.dateline))
    # -- lead (perhaps repeated in the body, word for word), then the toll
    body: list[Sent] = []
    if counts["lead"]:
        lead = _lead(c, "lead")
        relay = Ann(c.ed.id, quote=lead.qid)
        d.para(lead)
        if counts["lead"] == 2:
            body.append(_lead(c, "body-lead", lead.text))
    if toll_sent.qid and toll_sent.text.startswith("In a report issued"):
        relay = Ann(c.ed.id, quote=toll_sent.qid)
    d.para(*body, toll_sent)
    fr.relays.append(relay)
    # -- the rest, in random order
    parts: list[list[Sent]] = []
    for name, (_, fn) in SIMPLE.items():
        if counts.get(name):
            parts.append(fn(c, counts[name]))
    for i, inc in enumerate(incidents):
        if counts.get(f"incident-{i}"):
            parts.append(sections.incident(c, inc, counts[f"incident-{i}"]))
    if later is not None:
        parts.append(sections.incident(c, later, 1))
    if counts["previous"]:
        parts.append(_previous(c, counts["previous"]))
    if rng.random() < 0.3:
        parts.append(sections.chairman(c))
    for _ in range(rng.randint(0, 2)):
        parts.append([sections.filler(c)])
    rng.shuffle(parts)
    for p in parts:
        d.para(*p)
    credit = credit_line(fr)
    if credit is not None:
        d.para(Sent(credit, qid="credit"))


def _toll(c: Ctx, n: int) -> Sent:
    d, t, org, force = c.doc, c.ed.tally, c.org, c.force
    style = c.rng.randrange(3)
    country = c.country.place.name
    start = w.month(c.camp.start)
    report: Field = c.ed.id
    q = d.qid("deaths")
    if style == 1:
        report = Ann(c.ed.id, quote=q)
    by: Field = org.actor.id
    if style == 2:
        by = Ann(org.actor.id, f"\"According to the report\" refers to the {org.abbr} report the article relays.")
    names_country = style == 2 or country in c.camp.text
    area = c.area(names_country)
    whole = Fig(d.fid(f"civilians-{t.civilians}"), f"{c.num(t.civilians)} civilians", t.civilians, "exact", "killed",
                by, group="civilians", perps=(force.actor.id,), period=c.since, area=area,
                measure=c.ed.toll_measures, report=report)
    c.whole = whole
    subs: list[Fig] = []
    if n >= 2:
        c.children = Fig(d.fid(f"children-{t.children}"), f"{c.num(t.children)} children", t.children, "exact",
                         "killed", by, group="children", perps=(force.actor.id,), period=c.since, area=area,
                         subset_of=whole.id, measure=c.ser.children_measure, report=report)
        subs.append(c.children)
    if n >= 3:
        women = t.women
        fid = d.fid(f"women-{women}")
        if c.plant == "subset-exceeds-whole":
            women = t.civilians + 1 + c.rng.randrange(max(1, t.civilians // 10))
            c.planted.append(fid)
        subs.append(Fig(fid, f"{c.num(women)} women", women, "exact", "killed", by, group="women",
                        perps=(force.actor.id,), period=c.since, area=area, subset_of=whole.id, report=report))
    incl: list[str | Fig] = []
    for i, f in enumerate(subs):
        incl += [(" and " if i else (", among them " if style == 2 else ", including ")), f]
    if style == 0:
        return Sent(f"{w.cap(org.short)} documented the deaths of ", whole, *incl, f", at the hands of {force.text} "
                    f"since the start of {c.camp.text} in {start}.", qid=q)
    if style == 1:
        return Sent(f"In a report issued on {w.weekday(c.ed.date)}, {org.short} said that {force.text} have killed ",
                    whole, *incl, f", since {start}.", qid=q)
    return Sent(f"According to the report, {force.text} have killed ", whole, f" in {country} since {start}", *incl,
                ".", qid=q)


def _rounded(c: Ctx, exact: int, fig_id: str, choices: tuple[str, ...]) -> tuple[str, int]:
    wrong = ROUNDING_PLANTS.get(c.plant or "")
    if wrong is not None and not c.planted:
        c.planted.append(fig_id)
        return wrong, w.round_wrong(exact, wrong)
    q = choices[c.rng.randrange(len(choices))]
    return q, w.round_near(exact, q)


def _headline(c: Ctx, n: int) -> tuple[Sent, Sent | None]:
    d, whole, org, force = c.doc, c.whole, c.org, c.force
    assert whole is not None and whole.value is not None
    style = c.rng.randrange(3)
    fid = d.fid(f"civilians-rounded-headline-{whole.value}")
    q, r = _rounded(c, whole.value, fid, ("almost", "more-than", "more-than", "at-least"))
    qw = w.qualifier_words(q)
    country, year = c.country.place.name, c.camp.start.year
    report, report_again = c.shared(c.ed.id, f"The body of the article attributes its figures to {org.abbr}'s report "
                                    f"of {w.day(c.ed.date)}.", "report-by-body")
    by: Field
    by_again: Field
    by, by_again = c.shared(org.actor.id, "The headline puts the claim in quotation marks without naming whose it is; "
                            f"the body attributes these figures to {org.abbr}'s report.", "by-body")
    if style == 0:
        words = f"{qw} {c.num(r)} civilians"
        fig = Fig(fid, words, r, q, "killed", by, group="civilians", perps=(force.actor.id,), period=f"{year}/..",
                  area=c.country.place.id, rounding_of=whole.id, measure=c.ser.civilians_measure, report=report)
        head = Sent(f"{w.cap(force.text)} ‘kill ", fig, f"’ in {country} since {year}", qid=d.qid("headline"))
    else:
        words = f"{w.cap(qw)} {c.num(r)} civilians"
        by = org.actor.id
        by_again = Ann(org.actor.id, f"The subtitle names no source; the headline attributes the figures to "
                       f"{org.abbr}.")
        perps = (force.actor.id,) if style == 1 else ()
        fig = Fig(fid, words, r, q, "killed", by, group="civilians", perps=perps,
                  period=c.since if style == 1 else f"{year}/..", area=c.country.place.id if style == 2 else None,
                  rounding_of=whole.id, measure=c.ser.civilians_measure, report=report)
        if style == 1:
            head = Sent(f"{org.abbr}: ", fig, f" killed by {force.text} since {w.month(c.camp.start)}",
                        qid=d.qid("headline"))
        else:
            head = Sent(fig, f" killed in {country} since {year}, {org.abbr} says", qid=d.qid("headline"))
    if n < 2 or c.children is None or c.children.value is None:
        return head, None
    children = c.children.value
    sub_id = d.fid(f"children-rounded-subtitle-{children}")
    q2, r2 = _rounded(c, children, sub_id, ("almost", "more-than"))
    period = Ann(c.since, f"The subtitle says \"since the start of {c.camp.text}\"; the article dates that start to "
                 f"{w.month(c.camp.start)}.")
    sub_fig = Fig(sub_id, f"{w.qualifier_words(q2)} {c.num(r2)} children", r2,
                  q2, "killed", by_again, group="children", perps=(force.actor.id,), period=period,
                  area=c.country.place.id, rounding_of=c.children.id, measure=c.ser.children_measure,
                  report=report_again)
    sub = Sent(f"{w.cap(force.text)} ‘kill ", sub_fig, f"’ in {country} since the start of {c.camp.text}",
               qid=d.qid("subtitle"))
    return head, sub


def _lead(c: Ctx, base: str, again: str | None = None) -> Sent:
    """The lead: a rounding of the toll, credited to the report. ``again``: the same words a second time."""
    d, whole, org, force = c.doc, c.whole, c.org, c.force
    assert whole is not None and whole.value is not None
    fid = d.fid(f"civilians-rounded-{base}-{whole.value}")
    if again is None:
        q = ("almost", "more-than")[c.rng.randrange(2)]
        r = w.round_near(whole.value, q)
        words = f"{w.qualifier_words(q)} {c.num(r)} civilians"
        named = c.rng.random() < 0.6
        space = "\u00a0" if c.rng.random() < 0.1 else " "
        by_whom = f" by{space}the {org.actor.name} ({org.abbr})" if named else ""
        c.lead_spec = (q, r, words, named)
        c.lead_tail = (f" since {w.month(c.camp.start)}, according to a report released{by_whom} on "
                       f"{w.weekday(c.ed.date)}.")
    q, r, words, named = c.lead_spec
    qid = d.qid(base)
    by: Field = org.actor.id if named else Ann(org.actor.id, "The lead cites \"a report\" without naming its issuer; "
                                              f"the body names the {org.actor.name}.")
    fig = Fig(fid, words, r, q, "killed", by, group="civilians", perps=(force.agent.id,), period=c.since,
              rounding_of=whole.id, measure=c.ser.civilians_measure, report=Ann(c.ed.id, quote=qid))
    return Sent(f"{w.cap(force.agent_text)} has killed ", fig, c.lead_tail, qid=qid)


def _previous(c: Ctx, n: int) -> list[Sent]:
    """The edition before, as the article recalls it: its toll and children, one measure reading earlier."""
    prev = c.ed.previous
    assert prev is not None
    d, t, force = c.doc, prev.tally, c.force
    q = d.qid("previous")
    report = Ann(prev.id, quote=q)
    c.frame.relay(report)
    whole = Fig(d.fid(f"civilians-{t.civilians}-previous"), f"{c.num(t.civilians)} civilians", t.civilians, "exact",
                "killed", c.org.actor.id, group="civilians", perps=(force.actor.id,), period=c.since,
                measure=prev.toll_measures, report=report)
    parts: list[str | Fig] = [whole]
    if n >= 2:
        kids = Fig(d.fid(f"children-{t.children}-previous"), f"{c.num(t.children)} children", t.children, "exact",
                   "killed", c.org.actor.id, group="children", perps=(force.actor.id,), period=c.since,
                   subset_of=whole.id, measure=c.ser.children_measure, report=prev.id)
        parts += [", including ", kids]
    return [Sent(f"In its previous report, issued in {w.month(prev.date)}, {c.org.short} had put the toll of "
                 f"{force.text} at ", *parts, ".", qid=q)]
