"""What a figure's page shows, read from the graph: the number and how the text qualifies it, what and whose
it counts, its words inside its quote inside the archived text, its provenance, dates, curator inferences,
rank, the other readings of its measure and incident, and how to cite it.

The fields are those of ``kg trace`` (kg.ask.trace), read per figure from :mod:`kg.site.resources`;
tests/test_site.py checks that the page and the trace agree for every figure of the seeds and the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from kg.ask import network
from kg.model.terms import local_id
from kg.site.facts import (
    DCT,
    KG,
    OA,
    PROV,
    RDF,
    SCHEMA,
    SEM,
    Inference,
    Ref,
    bounds,
    concept,
    concept_id,
    inferences,
    number_text,
    ref,
    refs,
    when,
)
from kg.site.provenance import neighbourhood
from kg.site.resources import Props, Resources, iri, iris, number, text


@dataclass(frozen=True)
class Selection:
    """A W3C Web Annotation selection: the exact words and their code-point offsets."""

    exact: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


def selection(r: Resources, node: str) -> Selection | None:
    exact = prefix = suffix = None
    start = end = None
    for selector in iris(r.props(node), OA + "hasSelector"):
        props = r.props(selector)
        if OA + "TextQuoteSelector" in iris(props, RDF + "type"):
            exact, prefix, suffix = text(props, OA + "exact"), text(props, OA + "prefix"), text(props, OA + "suffix")
        elif OA + "TextPositionSelector" in iris(props, RDF + "type"):
            start, end = number(props, OA + "start"), number(props, OA + "end")
    if exact is None or start is None or end is None:
        return None
    return Selection(exact, int(start), int(end), prefix or "", suffix or "")


@dataclass(frozen=True)
class Claim:
    """Who the text says did it, and how: asserted, hedged ("alleged") or denied (by whom)."""

    actor: Ref
    stance: str
    hedge: str | None
    according_to: Ref | None


@dataclass(frozen=True)
class Reading:
    """A figure as a row among others: of a measure, an incident, an organisation's figures."""

    figure: Ref
    words: str
    shown: str  # the number as worded: "1,928", "44–52", "up to 52", "dozens (24–99)"
    low: Decimal | None
    high: Decimal | None
    value: Decimal | None
    qualifier: str | None
    issuer: Ref | None
    origin: Ref | None
    day: str | None  # the first day it can be as of (kg:earliest of the figure, its report or its article)
    sequence: int | None
    current: bool
    article: Ref | None


def shown_number(value: Decimal | None, low: Decimal | None, high: Decimal | None, qualifier: str | None) -> str:
    """How a reading reads: the qualifier's word with the number, or the interval."""
    if value is not None:
        words = {"exact": "", "at least": "at least ", "more than": "more than ", "up to": "up to ",
                 "almost": "almost ", "approximately": "about "}
        return (words.get(qualifier or "exact", f"{qualifier} ") + number_text(value)).strip()
    if low is not None and high is not None:
        return f"{qualifier} ({number_text(low)}–{number_text(high)})" if qualifier and qualifier not in (
            "between",) else f"{number_text(low)}–{number_text(high)}"
    if low is not None:
        return f"{qualifier or 'at least'} {number_text(low)}"
    if high is not None:
        return f"{qualifier or 'up to'} {number_text(high)}"
    return qualifier or "?"


def day_of(r: Resources, figure: str) -> str | None:
    """The first day a figure can be as of: its own kg:earliest, else its report's, else its article's."""
    props = r.props(figure)
    found = text(props, KG + "earliest")
    if found:
        return found
    report = iri(props, KG + "reportedIn")
    if report and (found := text(r.props(report), KG + "earliest")):
        return found
    article = article_of(r, figure)
    return text(r.props(article), KG + "earliest") if article else None


def article_of(r: Resources, figure: str) -> str | None:
    quote = iri(r.props(figure), KG + "quote")
    return iri(r.props(quote), DCT + "isPartOf") if quote else None


def current_of(r: Resources, figure: str) -> list[tuple[str, int]]:
    """The estimates (IRIs) of which ``figure`` is a current reading, with its corroboration."""
    out = []
    for node in r.referrers(PROV + "entity", figure):
        props = r.props(node)
        corroboration = number(props, KG + "corroboration")
        for estimate in r.referrers(KG + "currentReading", node):
            out.append((estimate, int(corroboration or 0)))
    return sorted(out)


def reading(r: Resources, figure: str) -> Reading:
    """A figure as a row (kept for the run: a figure is a row of many pages)."""
    key = ("reading", figure)
    found = r.cache.get(key)
    if not isinstance(found, Reading):
        found = _reading(r, figure)
        r.cache[key] = found
    return found


def _reading(r: Resources, figure: str) -> Reading:
    props = r.props(figure)
    value, low, high = number(props, KG + "value"), number(props, KG + "lowerBound"), number(props, KG + "upperBound")
    qualifier = concept(r, props, KG + "qualifier")
    stated = iri(props, KG + "statedBy")
    origin = iri(props, KG + "origin")
    article = article_of(r, figure)
    sequence = number(props, KG + "sequence")
    is_current = bool(current_of(r, figure))
    return Reading(ref(r, figure), text(props, "http://www.w3.org/2000/01/rdf-schema#label") or "",
                   shown_number(value, low, high, qualifier), low, high, value, qualifier,
                   ref(r, stated) if stated else None, ref(r, origin) if origin else None, day_of(r, figure),
                   int(sequence) if sequence is not None else None, is_current, ref(r, article) if article else None)


def readings(r: Resources, figures: list[str]) -> list[Reading]:
    """Readings in time order (day, then a source's numbered update of the day, then id)."""
    found = [reading(r, f) for f in figures]
    return sorted(found, key=lambda x: (x.day or "9999", x.sequence or 0, x.figure.id))


OTHERS = 20  # other readings shown on a figure's page; its measure's or incident's page lists them all


def _nearest(rows: list[Reading], figure: str, props: Props) -> list[Reading]:
    """The readings a figure's page shows beside it: itself, every current reading and its own source's series
    first, up to :data:`OTHERS`, in time order."""
    if len(rows) <= OTHERS:
        return rows
    origin = iri(props, KG + "origin")
    ranked = sorted(rows, key=lambda x: (x.figure.iri != figure, not x.current,
                                         (x.origin.iri if x.origin else None) != origin, x.day or "", x.figure.iri))
    keep = {x.figure.iri for x in ranked[:OTHERS]}
    return [x for x in rows if x.figure.iri in keep]


def claims(r: Resources, props: Props) -> list[Claim]:
    out = []
    for node in iris(props, KG + "perpetratorClaim"):
        c = r.props(node)
        actor = iri(c, RDF + "value")
        if actor is None:
            continue
        according = iri(c, SEM + "accordingTo")
        out.append(Claim(ref(r, actor), concept_id(iri(c, KG + "stance") or "asserted"), text(c, KG + "hedge"),
                         ref(r, according) if according else None))
    return sorted(out, key=lambda c: (c.actor.iri, c.stance))


def rank(r: Resources, figure: str, props: Props) -> tuple[str, list[Ref]]:
    """The figure's rank (Wikidata's: preferred, normal, deprecated) as ``kg trace`` derives it, and the
    figures it is superseded by (a later edition of its report with a figure of its measure, or a revision)."""
    explicit = iri(props, KG + "rank")
    later: set[str] = set(r.referrers(KG + "revises", figure))
    earlier: set[str] = set(iris(props, KG + "revises"))
    measures = iris(props, KG + "measure")
    report = iri(props, KG + "reportedIn")
    if report and measures:
        newer, older = _closure(r, report, forward=False), _closure(r, report, forward=True)
        if newer or older:
            for measure in measures:
                for other in r.referrers(KG + "measure", measure):
                    their = iri(r.props(other), KG + "reportedIn")
                    if their in newer:
                        later.add(other)
                    elif their in older:
                        earlier.add(other)
    superseded = [ref(r, f) for f in sorted(later)]
    if explicit is not None:
        return concept_id(explicit), superseded
    if superseded:
        return "deprecated", superseded
    return ("preferred" if earlier else "normal"), superseded


def _closure(r: Resources, report: str, *, forward: bool) -> frozenset[str]:
    """The reports ``report`` supersedes (forward) or that supersede it, transitively (kept for the run)."""
    key = ("supersedes" if forward else "superseded-by", report)
    found = r.cache.get(key)
    if isinstance(found, frozenset):
        return found
    seen: set[str] = set()
    todo = [report]
    while todo:
        node = todo.pop()
        nxt = iris(r.props(node), KG + "supersedes") if forward else r.referrers(KG + "supersedes", node)
        for other in nxt:
            if other not in seen and other != report:
                seen.add(other)
                todo.append(other)
    result = frozenset(seen)
    r.cache[key] = result
    return result


def figure_view(r: Resources, figure: str) -> dict[str, Any]:
    """Everything the figure page shows."""
    props = r.props(figure)
    quote = iri(props, KG + "quote")
    phrase = iri(props, KG + "phrase")
    article = article_of(r, figure)
    aprops = r.props(article) if article else {}
    report = iri(props, KG + "reportedIn")
    rprops = r.props(report) if report else {}
    claim_nodes = iris(props, KG + "perpetratorClaim")
    via_nodes = iris(props, KG + "creditedChain")
    subjects = [figure, *([article] if article else []), *([report] if report else []), *claim_nodes, *via_nodes]
    inferred: list[Inference] = []
    seen: set[tuple[str, str]] = set()
    for subject in subjects:
        prefix = "article." if subject == article else "report." if subject == report else ""
        for found in inferences(r, [subject], prefix):
            if not prefix and found.field == "date":  # as kg trace names them: a figure's only date is its as-of
                found = replace(found, field="as_of")
            if (found.field, found.reason) not in seen:  # a date is reified once per triple: shown once
                seen.add((found.field, found.reason))
                inferred.append(found)
    the_claims = claims(r, props)
    stances = {c.stance for c in the_claims}
    perpetrators = refs(r, props, KG + "perpetrator")
    stance = ("denied" if "denied" in stances else "hedged" if "hedged" in stances
              else "asserted" if perpetrators else None)
    the_rank, superseded_by = rank(r, figure, props)
    g = neighbourhood(r, figure)
    chain = [ref(r, node) for node in network.chain(g, figure)]
    corroborated = network.corroboration(g, figure)
    estimates = current_of(r, figure)
    others: dict[str, list[Reading]] = {}
    for subject in [*iris(props, KG + "measure"), *iris(props, KG + "incident")]:
        members = r.referrers(KG + ("measure" if "/measure/" in subject else "incident"), subject)
        others[subject] = _nearest(readings(r, members), figure, props)
    value, low, high = number(props, KG + "value"), number(props, KG + "lowerBound"), number(props, KG + "upperBound")
    qualifier = concept(r, props, KG + "qualifier")
    as_of = when(props, KG + "asOf") or (when(rprops, KG + "date") if rprops else None)
    as_of_from_report = when(props, KG + "asOf") is None and as_of is not None
    inherited = {concept_id(p) for p in iris(props, KG + "inheritedProperty")}
    inferred_fields = {i.field for i in inferred if "." not in i.field}
    view: dict[str, Any] = {
        "iri": figure,
        "id": local_id(figure),
        "words": text(props, "http://www.w3.org/2000/01/rdf-schema#label") or "",
        "value": value, "low": low, "high": high, "qualifier": qualifier,
        "shown": shown_number(value, low, high, qualifier),
        "unit": concept(r, props, KG + "unit"),
        "counts": concept(r, props, KG + "counts"),
        "group": concept(r, props, KG + "group"),
        "target": concept(r, props, KG + "target"),
        "weapon": concept(r, props, KG + "weapon"),
        "period": text(props, KG + "period"),
        "place": refs(r, props, KG + "area"),
        "perpetrators": perpetrators,
        "claims": the_claims,
        "stance": stance,
        "stated_by": refs(r, props, KG + "statedBy"),
        "origin": refs(r, props, KG + "origin"),
        "report": ref(r, report) if report else None,
        "issuer": refs(r, rprops, KG + "issuedBy") if rprops else [],
        "report_date": bounds(rprops) if rprops else None,
        "as_of": as_of,
        "as_of_bounds": bounds(props),
        "as_of_from_report": as_of_from_report,
        "sequence": text(props, KG + "sequence"),
        "update_marker": text(props, KG + "updateMarker"),
        "measures": refs(r, props, KG + "measure"),
        "incidents": refs(r, props, KG + "incident"),
        "subset_of": refs(r, props, KG + "subsetOf"),
        "subsets": [ref(r, f) for f in r.referrers(KG + "subsetOf", figure)],
        "rounding_of": refs(r, props, KG + "roundingOf"),
        "revises": refs(r, props, KG + "revises"),
        "rank": the_rank,
        "superseded_by": superseded_by,
        "current_of": [(ref(r, iri(r.props(e), KG + "estimateOf") or e), c) for e, c in estimates],
        "others": [(ref(r, s), rows, len(r.referrers(KG + ("measure" if "/measure/" in s else "incident"), s)))
                   for s, rows in others.items()],
        "quote": selection(r, quote) if quote else None,
        "quote_language": text(r.props(quote), DCT + "language") if quote else None,
        "phrase": selection(r, phrase) if phrase else None,
        "article": ref(r, article) if article else None,
        "article_props": _article_facts(r, aprops),
        "chain": chain,
        "graph": g,
        "independent_sources": [ref(r, o) for o in corroborated.origins],
        "articles_stating_it": [ref(r, a) for a in corroborated.articles],
        "inferences": inferred,
        "inferred_fields": inferred_fields,
        "inherited": inherited,
        "via": [ref(r, o) for node in via_nodes for o in iris(r.props(node), KG + "relayedBy")],
    }
    return view


def _article_facts(r: Resources, aprops: Props) -> dict[str, object]:
    text_node = iri(aprops, KG + "archivedText")
    tprops = r.props(text_node) if text_node else {}
    return {
        "headline": text(aprops, SCHEMA + "headline"),
        "publisher": refs(r, aprops, SCHEMA + "publisher"),
        "published": when(aprops, SCHEMA + "datePublished"),
        "published_bounds": bounds(aprops),
        "url": iri(aprops, SCHEMA + "url"),
        "language": text(aprops, SCHEMA + "inLanguage"),
        "content": text(tprops, KG + "content") or "",
        "sha256": text(tprops, SCHEMA + "sha256"),
        "archived_as": text(tprops, KG + "archivedAs"),
    }


def article_facts(r: Resources, article: str) -> dict[str, object]:
    return _article_facts(r, r.props(article))
