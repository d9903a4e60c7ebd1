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
from kg.model.terms import KG, KGV, PROV, RDF, XSD, iri, local_id
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

_FIGURES = _PREFIXES + """
SELECT ?figure ?origin ?figure_day ?report ?report_day ?article_day ?sequence ?value ?lower ?upper ?vague ?rank
WHERE {
  ?figure kg:origin ?origin ;
          kg:quote ?quote .
  ?quote dct:isPartOf ?article .
  OPTIONAL { ?figure kg:earliest ?figure_day }
  OPTIONAL { ?figure kg:reportedIn ?report OPTIONAL { ?report kg:earliest ?report_day } }
  OPTIONAL { ?article kg:earliest ?article_day }
  OPTIONAL { ?figure kg:sequence ?sequence }
  OPTIONAL { ?figure kg:value ?value }
  OPTIONAL { ?figure kg:lowerBound ?lower }
  OPTIONAL { ?figure kg:upperBound ?upper }
  OPTIONAL { ?figure kg:qualifier ?qualifier . ?qualifier kg:conventionalLowerBound ?vague }
  OPTIONAL { ?figure kg:rank ?rank }
}
"""

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


def derive(store: ox.Store) -> Unit:
    """The derived graph of ``store``'s union graph."""
    figures = _figures(store)
    for kind, query in (("measure", _MEASURES), ("incident", _TOLLS)):
        for figure, subject in _select(store, query):
            f = figures.get(_text(figure))
            if f is not None:
                f.subjects.append((kind, _text(subject)))
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
    triples: list[Triple] = []
    for (kind, subject_iri), members in sorted(by_subject.items()):
        reports = {figures[m].report for m in members if figures[m].report}
        readings = [_reading(m, figures[m], subject_iri, reports, later, revised, rounds, figures) for m in members]
        triples += _emit(kind, subject_iri, readings)
    return Unit(GRAPH, sorted(set(triples)))


def _figures(store: ox.Store) -> dict[str, _Figure]:
    out: dict[str, _Figure] = {}
    for row in _select(store, _FIGURES):
        (figure, origin, figure_day, report, report_day, article_day, sequence, value, lower, upper, vague,
         rank) = row
        key = _text(figure)
        if key in out:  # a figure read twice (two quotes): keep the first, as the rules need one of each
            continue
        day = next((d for d in (figure_day, report_day, article_day) if d is not None), None)
        out[key] = _Figure(
            origin=_text(origin),
            day=date.fromisoformat(_text(day)[:10]) if day is not None else None,
            report=_text(report) if report is not None else None,
            sequence=int(_text(sequence)) if sequence is not None else None,
            value=_number(value),
            lower=_number(lower),
            upper=_number(upper),
            vague=vague is not None and value is None,
            rank=_text(rank) if rank is not None else None,
        )
    return out


def _reading(fig: str, f: _Figure, subject: str, reports: set[str | None], later: dict[str, set[str]],
             revised: set[str], rounds: dict[str, set[str]], figures: dict[str, _Figure]) -> rules.Reading:
    """A figure as a reading of one subject: deprecated by a curator's rank; else when a later edition of
    its report (kg:supersedes, transitively) has a reading of the same subject, or a figure revises it."""
    edition = f.report or fig
    if f.rank is not None:
        deprecated = f.rank == str(KGV.deprecated)
    else:
        deprecated = fig in revised or bool(later.get(edition, set()) & reports)
    rounding = any(subject in (s for _, s in figures[e].subjects) for e in rounds.get(fig, ()) if e in figures)
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


def _select(store: ox.Store, query: str) -> Iterable[tuple[Term | None, ...]]:
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
    store.update(f"DROP SILENT GRAPH <{GRAPH}> ;\nINSERT DATA {{ GRAPH <{GRAPH}> {{\n"
                 + "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in unit.triples) + "} }")
    store.flush()
    del store
    return unit
