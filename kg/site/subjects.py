"""The pages of what figures are about: a measure (its readings over time, one series per independent source,
as ``measure-evolution`` gives them) and an incident (its tolls by reporter over time with the band, who is
said to have done it and who denies it, its grade and best estimate, as ``incident-tolls`` gives them).

The rules are the stored queries' (docs/independence.md): a measure's readings are its figures with a value
that round no other figure, copies of one reading (same origin, report and value) one row; an incident's
tolls are its figures counting killed, of no group or people or civilians, in people, not a subset of another;
the grade is "contested" when someone denies an attribution or attributions name different perpetrators, else
"corroborated by N independent sources" when its tolls come from N >= 2 origins, else "single source".
tests/test_site.py checks the pages against the stored queries on the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from kg.model.terms import local_id
from kg.site.chart import Point, chart
from kg.site.facts import (
    KG,
    KGV,
    RDF,
    SCHEMA,
    SEM,
    SKOS,
    Ref,
    bounds,
    concept_id,
    inferences,
    label,
    ref,
    refs,
)
from kg.site.figure import Reading, article_of, readings, selection
from kg.site.render import page
from kg.site.resources import Resources, iri, iris, number, text


@dataclass(frozen=True)
class Estimate:
    sources: int
    low: Decimal | None
    low_figure: Ref | None
    best: Decimal | None
    best_figure: Ref | None
    high: Decimal | None
    high_figure: Ref | None
    open_ended: bool
    band_low: Decimal | None
    band_high: Decimal | None


def estimate(r: Resources, subject: str) -> Estimate | None:
    found = r.referrers(KG + "estimateOf", subject)
    if not found:
        return None
    p = r.props(found[0])

    def fig(predicate: str) -> Ref | None:
        f = iri(p, predicate)
        return ref(r, f) if f else None

    return Estimate(int(number(p, KG + "sources") or 0), number(p, KG + "low"), fig(KG + "lowFigure"),
                    number(p, KG + "best"), fig(KG + "bestFigure"), number(p, KG + "high"), fig(KG + "highFigure"),
                    text(p, KG + "openEnded") == "true", number(p, KG + "bandLow"), number(p, KG + "bandHigh"))


@dataclass(frozen=True)
class Edition:
    """A row of measure-evolution: one reading of one origin, its copies collapsed."""

    reading: Reading
    copies: int
    report: Ref | None
    edition: int
    change: Decimal | None


def evolution(r: Resources, all_readings: list[Reading]) -> list[Edition]:
    """The measure's readings as measure-evolution lists them (its description says how)."""
    groups: dict[tuple[str, str, Decimal], list[Reading]] = {}
    for x in all_readings:
        props = r.props(x.figure.iri)
        if x.value is None or iris(props, KG + "roundingOf"):
            continue
        origin = x.origin.iri if x.origin else ""
        report = iri(props, KG + "reportedIn") or ""
        groups.setdefault((origin, report, x.value), []).append(x)
    rows: list[tuple[str, Reading, int, str]] = []
    for (origin, report, _), copies in groups.items():
        own = [c for c in copies if c.article and origin in iris(r.props(c.article.iri), SCHEMA + "publisher")]
        chosen = sorted(own or copies, key=lambda c: c.figure.iri)[0]
        rows.append((origin, chosen, len(copies), report))
    out: list[Edition] = []
    for origin in sorted({o for o, _, _, _ in rows}):
        mine = sorted((row for row in rows if row[0] == origin),
                      key=lambda row: (row[1].day or "9999", row[1].sequence or 0, row[1].figure.iri))
        edition, last_key, previous = 0, None, None  # type: tuple[int, tuple[str | None, int | None] | None, Decimal | None]
        for _, x, n_copies, report in mine:
            key = (x.day, x.sequence)
            if key != last_key:
                edition += 1
                last_key = key
            change: Decimal | None = x.value - previous if previous is not None and x.value is not None else None
            out.append(Edition(x, n_copies, ref(r, report) if report else None, edition, change))
            previous = x.value
    return out


def _points(rows: list[Reading], root: str) -> list[Point]:
    return [Point(x.figure.id, x.day or "", x.value, x.low, x.high, x.origin.label if x.origin else "unknown source",
                  f"{x.shown} — {x.origin.label if x.origin else '?'}, {x.day or 'undated'}"
                  f"{'' if x.current else ' (superseded or not current)'}", x.current,
                  f"{root}figure/{x.figure.id}.html") for x in rows]


def measure_page(r: Resources, measure: str) -> str:
    props = r.props(measure)
    members = r.referrers(KG + "measure", measure)
    every = readings(r, members)
    rows = evolution(r, every)
    est = estimate(r, measure)
    points = _points([e.reading for e in rows], "../")
    title = label(r, measure)
    svg = chart(points, f"Readings of “{title}” over time, one series per source")
    return page("measure.html", root="../", title=title, id=local_id(measure), label=title,
                definition=text(props, SKOS + "definition", "en"), editions=rows, readings=every, estimate=est,
                chart=Markup(svg), ttl=f"{local_id(measure)}.ttl",
                query={"name": "measure-evolution", "params": [("measure", local_id(measure))]})


def is_toll(r: Resources, figure: str) -> bool:
    props = r.props(figure)
    if KGV + "killed" not in iris(props, KG + "counts"):
        return False
    if any(g not in (KGV + "civilians", KGV + "people") for g in iris(props, KG + "group")):
        return False
    if any(u != KGV + "people" for u in iris(props, KG + "unit")):
        return False
    return not iris(props, KG + "subsetOf")


@dataclass(frozen=True)
class Attribution:
    actor: Ref
    stance: str
    according_to: Ref | None
    hedge: str | None
    article: Ref | None
    quote: str | None


def attributions(r: Resources, incident: str) -> list[Attribution]:
    props = r.props(incident)
    out = []
    for node in [*iris(props, SEM + "hasActor"), *iris(props, KG + "deniedActor")]:
        p = r.props(node)
        actor = iri(p, RDF + "value")
        if actor is None:
            continue
        according = iri(p, SEM + "accordingTo")
        quote = iri(p, KG + "quote")
        sel = selection(r, quote) if quote else None
        article = iri(r.props(quote), "http://purl.org/dc/terms/isPartOf") if quote else None
        out.append(Attribution(ref(r, actor), concept_id(iri(p, KG + "stance") or KGV + "asserted"),
                               ref(r, according) if according else None, text(p, KG + "hedge"),
                               ref(r, article) if article else None, sel.exact if sel else None))
    return sorted(out, key=lambda a: (a.stance, a.actor.iri, a.according_to.iri if a.according_to else ""))


def grade(r: Resources, incident: str, tolls: list[Reading]) -> tuple[str, str]:
    """The grade and its reason, by the rule of incident-tolls (docs/independence.md, section 5)."""
    props = r.props(incident)
    denials = iris(props, KG + "deniedActor")
    claimed = sorted({a for node in iris(props, SEM + "hasActor") for a in iris(r.props(node), RDF + "value")})
    origins = sorted({x.origin.id for x in tolls if x.origin})
    if denials or len(claimed) > 1:
        why = []
        if denials:
            why.append(f"{len(denials)} denial(s) of an attribution")
        if len(claimed) > 1:
            why.append("attributions name different perpetrators: " + ", ".join(local_id(a) for a in claimed))
        return "contested", "; ".join(why)
    if len(origins) >= 2:
        return (f"corroborated by {len(origins)} independent sources",
                "its tolls come from " + ", ".join(origins))
    return "single source", ("its tolls come from " + origins[0]) if origins else "no toll"


def incident_view(r: Resources, incident: str) -> dict[str, Any]:
    props = r.props(incident)
    members = r.referrers(KG + "incident", incident)
    every = readings(r, members)
    tolls = [x for x in every if is_toll(r, x.figure.iri)]
    est = estimate(r, incident)
    band = (est.band_low, est.band_high) if est and est.band_low is not None and est.band_high is not None else None
    title = label(r, incident)
    svg = chart(_points(tolls, "../"), f"Tolls of “{title}” by reporter over time", band=band,
                best=est.best if est else None)
    the_grade, reason = grade(r, incident, tolls)
    return {"id": local_id(incident), "label": title, "types": [label(r, t) for t in iris(props, SEM + "eventType")],
            "places": refs(r, props, SEM + "hasPlace"), "campaigns": refs(r, props, SEM + "subEventOf"),
            "date": bounds(props), "tolls": tolls, "others": [x for x in every if x not in tolls],
            "estimate": est, "chart": Markup(svg), "grade": the_grade, "reason": reason,
            "attributions": attributions(r, incident), "inferences": inferences(r, [incident]),
            "articles": sorted({a for f in members if (a := article_of(r, f))})}


def incident_page(r: Resources, incident: str) -> str:
    view = incident_view(r, incident)
    view["articles"] = [ref(r, a) for a in view["articles"]]
    return page("incident.html", root="../", title=view["label"], v=view, ttl=f"{view['id']}.ttl",
                query={"name": "incident-tolls", "params": [("incident", view["id"])]})
