"""The derived graph: each subject's current readings and estimate, written by the build for every consumer.

After the store holds every document, kg reads each figure's readings from it (a few flat queries), applies
the rules of :mod:`kg.model.estimates` (docs/independence.md, sections 3 and 4) and writes the result as
one named graph, ``graph:derived.estimates``, last in kg's documents. A full and an incremental build both
derive it from the whole store, so their outputs stay byte-identical; stored queries (``current-figures``,
``incident-tolls``, ``casualties-by-place``), ``kg explain`` and the web view read it instead of
re-deriving the rules, which SPARQL can only state in hundreds of lines and evaluate slowly.

For each subject, a measure or an incident's toll (a figure of the incident counting killed, of no group
or the group people or civilians, in people, not a subset of another figure)::

    estimate:measure.M  a kg:Estimate ; kg:estimateOf measure:M ; kg:sources 5 ;
        kg:low 20 ; kg:lowFigure figure:F ; kg:best 52 ; kg:bestFigure figure:G ;
        kg:high 60 ; kg:highFigure figure:F ; kg:openEnded false ;
        kg:bandLow ... ; kg:bandHigh ...            (incidents: over every toll)
        prov:wasDerivedFrom figure:G ;
        kg:currentReading estimate:measure.M.G .   (PROV-O's qualified derivation)
    estimate:measure.M.G  a kg:CurrentReading ; prov:entity figure:G ; kg:corroboration 3 .
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef

from kg.model import estimates as rules
from kg.model.terms import ID, KG, KGV, PROV, RDF, XSD, iri, kind_of, local_id
from kg.rdf.dataset import Unit, graph_iri
from kg.rdf.emit import Triple, literal
from kg.rdf.serialize import nt_term

NAME = "derived.estimates"
GRAPH = graph_iri(NAME)

_PREFIXES = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX kg:  <https://w3id.org/kg/ns#>
PREFIX kgv: <https://w3id.org/kg/vocab/>
"""

#: Each figure's facts, one flat query per fact (a predicate scan each): Oxigraph evaluates ten OPTIONALs
#: per figure about six times slower than these scans joined in Python (1.8 s against 0.3 s at 20,000 figures).
_FACTS = {
    "origin": "?figure kg:origin ?x",
    "article": "?figure kg:quote ?quote . ?quote dct:isPartOf ?x",
    "day": "?figure kg:earliest ?x",
    "report": "?figure kg:reportedIn ?x",
    "sequence": "?figure kg:sequence ?x",
    "value": "?figure kg:value ?x",
    "lower": "?figure kg:lowerBound ?x",
    "upper": "?figure kg:upperBound ?x",
    "vague": "?figure kg:qualifier ?qualifier . ?qualifier kg:conventionalLowerBound ?x",
    "rank": "?figure kg:rank ?x",
}

#: the first day of a report or an article
_DAYS = _PREFIXES + "SELECT ?thing ?x WHERE { ?thing kg:earliest ?x FILTER NOT EXISTS { ?thing kg:quote ?q } }"

_MEASURES = _PREFIXES + "SELECT ?figure ?measure WHERE { ?figure kg:measure ?measure }"

#: an incident's toll: what docs/independence.md, section 3, calls a toll
_TOLLS = _PREFIXES + """
SELECT ?figure ?incident WHERE {
  ?figure kg:incident ?incident ;
          kg:counts kgv:killed .
  FILTER NOT EXISTS { ?figure kg:group ?group FILTER (?group != kgv:civilians && ?group != kgv:people) }
  FILTER NOT EXISTS { ?figure kg:unit ?unit FILTER (?unit != kgv:people) }
  FILTER NOT EXISTS { ?figure kg:subsetOf ?whole }
}
"""

#: the measures and incidents of figures (a figure's subjects, whether its toll or not)
_SUBJECTS_OF = _PREFIXES + "SELECT ?figure ?subject WHERE { ?figure kg:measure|kg:incident ?subject }"

#: the subjects whose estimates may change when these figures change: theirs, those of the figures they
#: revise, and those of the figures that round them
_AFFECTED = _PREFIXES + """
SELECT DISTINCT ?subject WHERE {
  { ?figure kg:measure|kg:incident ?subject }
  UNION { ?figure kg:revises ?revised . ?revised kg:measure|kg:incident ?subject }
  UNION { ?rounding kg:roundingOf ?figure . ?rounding kg:measure|kg:incident ?subject }
}
"""

_EDGES = _PREFIXES + """
SELECT ?p ?a ?b WHERE {
  VALUES ?p { kg:supersedes kg:revises kg:roundingOf }
  ?a ?p ?b .
}
"""


@dataclass
class _Figure:
    origin: str
    day: date | None
    report: str | None
    sequence: int | None
    value: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    vague: bool
    rank: str | None
    subjects: list[tuple[str, str]] = field(default_factory=list)  # (kind, subject IRI)


def derive(store: ox.Store, only: Iterable[str] | None = None) -> Unit:
    """The derived graph of ``store``'s union graph; with ``only``, just the estimates of those measures and
    incidents (IRIs), each derived from all its readings as in the whole graph."""
    subjects = None if only is None else sorted(set(only))
    members: list[tuple[str, str, str]] = []  # (kind, subject, figure)
    for kind, query, variable in (("measure", _MEASURES, "?measure"), ("incident", _TOLLS, "?incident")):
        for row in _select(store, query, (variable, subjects)):
            members.append((kind, _text(row[1]), _text(row[0])))
    figures = _figures(store, None if subjects is None else sorted({m[2] for m in members}))
    for kind, subject_iri, figure_iri in members:
        found = figures.get(figure_iri)
        if found is not None:
            found.subjects.append((kind, subject_iri))
    newer: dict[str, set[str]] = defaultdict(set)  # report -> the reports that supersede it
    revised: set[str] = set()
    rounds: dict[str, set[str]] = defaultdict(set)  # figure -> the figures it is a rounding of
    for p, a, b in _select(store, _EDGES):
        if _text(p) == str(KG.supersedes):
            newer[_text(b)].add(_text(a))
        elif _text(p) == str(KG.revises):
            revised.add(_text(b))
        else:
            rounds[_text(a)].add(_text(b))
    later = _closure(newer)
    by_subject: dict[tuple[str, str], list[str]] = defaultdict(list)
    for fig, f in figures.items():
        for key in f.subjects:
            by_subject[key].append(fig)
    subject_sets = {fig: {s for _, s in f.subjects} for fig, f in figures.items()}
    for target in {e for es in rounds.values() for e in es} - subject_sets.keys():
        subject_sets[target] = set()
    if subjects is not None:  # the figures rounded by these subjects' figures: are they of the same subject?
        missing = sorted(t for t in subject_sets if not subject_sets[t])
        for figure, subject in _select(store, _SUBJECTS_OF, ("?figure", missing)) if missing else ():
            subject_sets[_text(figure)].add(_text(subject))
    triples: list[Triple] = []
    for (kind, subject_iri), fig_ids in sorted(by_subject.items()):
        reports = {figures[m].report for m in fig_ids if figures[m].report}
        readings = [_reading(m, figures[m], subject_iri, reports, later, revised, rounds, subject_sets)
                    for m in fig_ids]
        triples += _emit(kind, subject_iri, readings)
    return Unit(GRAPH, list(dict.fromkeys(triples)))  # in a fixed order; the writers sort


def _figures(store: ox.Store, only: list[str] | None) -> dict[str, _Figure]:
    """The figures with an origin and a quote (all, or ``only``), with the facts the rules need (the first
    value of each)."""
    facts: dict[str, dict[str, Term]] = {}
    for name, pattern in _FACTS.items():
        seen = facts.setdefault(name, {})
        query = f"{_PREFIXES} SELECT ?figure ?x WHERE {{ {pattern} }}"
        for figure, x in _select(store, query, ("?figure", only)):
            seen.setdefault(_text(figure), x)  # type: ignore[arg-type]
    days = {_text(thing): _text(x) for thing, x in _select(store, _DAYS)}
    out: dict[str, _Figure] = {}
    for key, origin in sorted(facts["origin"].items()):
        article = facts["article"].get(key)
        if article is None:
            continue
        report = facts["report"].get(key)
        day = (_text(facts["day"][key]) if key in facts["day"]
               else days.get(_text(report)) if report is not None and _text(report) in days
               else days.get(_text(article)))
        value, rank, sequence = facts["value"].get(key), facts["rank"].get(key), facts["sequence"].get(key)
        out[key] = _Figure(
            origin=_text(origin),
            day=date.fromisoformat(day[:10]) if day is not None else None,
            report=_text(report) if report is not None else None,
            sequence=int(_text(sequence)) if sequence is not None else None,
            value=_number(value),
            lower=_number(facts["lower"].get(key)),
            upper=_number(facts["upper"].get(key)),
            vague=key in facts["vague"] and value is None,
            rank=_text(rank) if rank is not None else None,
        )
    return out


def _reading(fig: str, f: _Figure, subject: str, reports: set[str | None], later: dict[str, set[str]],
             revised: set[str], rounds: dict[str, set[str]], subjects_of: dict[str, set[str]]) -> rules.Reading:
    """A figure as a reading of one subject: deprecated by a curator's rank; else when a later edition of
    its report (kg:supersedes, transitively) has a reading of the same subject, or a figure revises it."""
    edition = f.report or fig
    if f.rank is not None:
        deprecated = f.rank == str(KGV.deprecated)
    else:
        deprecated = fig in revised or bool(later.get(edition, set()) & reports)
    rounding = any(subject in subjects_of.get(e, ()) for e in rounds.get(fig, ()))
    return rules.Reading(figure=fig, origin=f.origin, day=f.day, sequence=f.sequence, value=f.value,
                         lower=f.lower, upper=f.upper, vague=f.vague, deprecated=deprecated, rounding=rounding)


def _emit(kind: str, subject: str, readings: list[rules.Reading]) -> list[Triple]:
    est = rules.estimate(readings)
    if not est.current:
        return []
    node = iri("estimate", f"{kind}.{local_id(subject)}")
    out: list[Triple] = [
        (node, RDF.type, KG.Estimate),
        (node, KG.estimateOf, URIRef(subject)),
        (node, KG.sources, Literal(est.sources, datatype=XSD.integer)),
        (node, KG.openEnded, Literal(est.open_ended)),
    ]
    bounds = [("low", est.low), ("best", est.best), ("high", est.high)]
    if kind == "incident":
        low, high = rules.band(readings)
        bounds += [("bandLow", low), ("bandHigh", high)]
    for name, bound in bounds:
        if bound is not None:
            out.append((node, KG[name], literal(bound.value)))
            out.append((node, KG[name + "Figure"], URIRef(bound.figure)))
    for fig, corroboration in sorted(est.current.items()):
        reading = iri("estimate", f"{kind}.{local_id(subject)}.{local_id(fig)}")
        out += [
            (node, PROV.wasDerivedFrom, URIRef(fig)),
            (node, KG.currentReading, reading),
            (reading, RDF.type, KG.CurrentReading),
            (reading, PROV.entity, URIRef(fig)),
            (reading, KG.corroboration, Literal(corroboration, datatype=XSD.integer)),
        ]
    return out


def _closure(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every node reachable from each key (kg:supersedes+, read from the older report)."""
    out: dict[str, set[str]] = {}
    for start in edges:
        seen: set[str] = set()
        todo = list(edges[start])
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo.extend(edges.get(n, ()))
        out[start] = seen
    return out


Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _text(term: Term | None) -> str:
    """An IRI's or a literal's text (the queries bind these variables on every row)."""
    if term is None or isinstance(term, ox.Triple):
        raise ValueError(f"unexpected term in the derivation's query: {term!r}")
    return term.value


def _number(term: Term | None) -> Decimal | None:
    return Decimal(_text(term)) if term is not None else None


def _select(store: ox.Store, query: str,
            values: tuple[str, list[str] | None] = ("", None)) -> Iterable[tuple[Term | None, ...]]:
    """The rows of ``query``; ``values`` (a variable and IRIs) restricts it with a VALUES block."""
    variable, iris = values
    if iris is not None:
        at = query.index("WHERE {") + len("WHERE {")
        block = " ".join(f"<{i}>" for i in iris)
        query = f"{query[:at]}\n  VALUES {variable} {{ {block} }}{query[at:]}"
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    width = len(solutions.variables)
    for s in solutions:
        yield tuple(s[i] for i in range(width))


def rederive(path: Path) -> Unit:
    """Derive the graph of the store at ``path`` and put it in the store in place of the previous one
    (one transaction)."""
    store = ox.Store(str(path))
    unit = derive(store)
    store.update(f"DROP SILENT GRAPH <{GRAPH}> ;\nINSERT DATA {{ GRAPH <{GRAPH}> {{\n{_ntriples(unit.triples)}}} }}")
    store.flush()
    del store
    return unit


def affected(path: Path, figures: Iterable[str]) -> set[str]:
    """The measures and incidents whose estimates depend on ``figures`` in the store at ``path``."""
    only = sorted(figures)
    if not only:
        return set()
    store = ox.Store(str(path))
    found = {_text(subject) for (subject,) in _select(store, _AFFECTED, ("?figure", only))}
    del store
    return found


def patch(path: Path, subjects: set[str]) -> Unit:
    """Re-derive the estimates of ``subjects`` in the store at ``path`` (one transaction), as a whole
    derivation would; the whole derived graph as it then is."""
    store = ox.Store(str(path))
    fresh = derive(store, only=subjects)
    nodes = [f"{ID}estimate/{kind_of(s)}.{local_id(s)}" for s in sorted(subjects)]
    stale = [q for node in nodes for q in store.quads_for_pattern(ox.NamedNode(node), None, None, ox.NamedNode(GRAPH))]
    stale += [q for reading in (q.object for q in stale if q.predicate.value == str(KG.currentReading))
              for q in store.quads_for_pattern(reading, None, None, ox.NamedNode(GRAPH))]  # type: ignore[arg-type]
    old = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in stale)
    store.update(f"DELETE DATA {{ GRAPH <{GRAPH}> {{\n{old}}} }} ;\n"
                 f"INSERT DATA {{ GRAPH <{GRAPH}> {{\n{_ntriples(fresh.triples)}}} }}")
    store.flush()
    whole = [(_rdf(q.subject), _rdf(q.predicate), _rdf(q.object))
             for q in store.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH))]
    del store
    return Unit(GRAPH, whole)  # type: ignore[arg-type]


def _ntriples(triples: Iterable[Triple]) -> str:
    return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples)


def _rdf(term: object) -> URIRef | Literal:
    """A pyoxigraph IRI or literal of the derived graph as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value, lang=term.language, datatype=None if term.language else URIRef(term.datatype.value))
    raise ValueError(f"unexpected term in the derived graph: {term!r}")
