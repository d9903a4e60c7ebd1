"""Assemble the graph as named-graph units, one at a time.

Units: ``graph:ontology``, ``graph:vocab``, ``graph:registry.<name>`` and one
``graph:<article-id>`` per source document (nanopublication-style: what a
document says, and what the curator added to it, stay together). The build
streams units to the store and the writers without ever holding an rdflib
Graph of the whole corpus; :class:`Converted` materialises them for small data
(tests, pySHACL).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from kg.model.errors import Location
from kg.model.records import Article, Catalogue
from kg.model.resources import ONTOLOGY_FILE, VOCAB_FILE
from kg.model.terms import PREFIXES, iri
from kg.rdf.article import emit_article
from kg.rdf.emit import Emitter, Triple
from kg.rdf.registry import (
    emit_actor,
    emit_campaign,
    emit_concept,
    emit_incident,
    emit_measure,
    emit_place,
    emit_report,
)


@dataclass(frozen=True)
class Unit:
    """One named graph: its IRI, its triples (no duplicates), and the record line behind each subject."""

    name: URIRef
    triples: list[Triple]
    origins: dict[str, Location] = field(default_factory=dict)


def bind_prefixes(g: Graph | Dataset) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)


def graph_iri(name: str) -> URIRef:
    return iri("graph", name)


def graph_order(name: str) -> tuple[int, str]:
    """The canonical order of named graphs in kg's documents: ontology and
    vocabularies, then registries, then source documents, then what the build derives, each by IRI."""
    local = name.rsplit("/", 1)[-1]
    rank = (0 if local in ("ontology", "vocab") else 1 if local.startswith("registry.")
            else 3 if local.startswith("derived.") else 2)
    return rank, name


@cache
def _static(path: Path) -> tuple[Triple, ...]:
    return tuple(sorted(Graph().parse(path), key=str))  # type: ignore[arg-type]


def static_units() -> list[Unit]:
    """The ontology and vocabularies, part of every build."""
    return [
        Unit(graph_iri("ontology"), list(_static(ONTOLOGY_FILE))),
        Unit(graph_iri("vocab"), list(_static(VOCAB_FILE))),
    ]


def _dedup(triples: list[Triple]) -> list[Triple]:
    return list(dict.fromkeys(triples))


def registry_units(cat: Catalogue) -> list[Unit]:
    out = []

    def registry(name: str, records: Iterable[Any], emit: Callable[[Emitter, Any], None]) -> None:
        triples: list[Triple] = []
        origins: dict[str, Location] = {}
        e = Emitter(triples, origins)
        for record in records:
            emit(e, record)
        out.append(Unit(graph_iri(f"registry.{name}"), _dedup(triples), origins))

    registry("actors", cat.actors.values(), emit_actor)
    registry("places", cat.places.values(), emit_place)
    registry("campaigns", cat.campaigns.values(), emit_campaign)
    registry("incidents", cat.incidents.values(), emit_incident)
    registry("reports", cat.reports.values(), emit_report)
    registry("measures", cat.measures.values(), emit_measure)
    if cat.concepts:
        registry("vocabulary", cat.concepts.values(), emit_concept)
    return sorted(out, key=lambda u: str(u.name))


def article_unit(article: Article) -> Unit:
    triples: list[Triple] = []
    origins: dict[str, Location] = {}
    emit_article(Emitter(triples, origins, doc=article.id), article)
    return Unit(graph_iri(article.id), _dedup(triples), origins)


def units(cat: Catalogue) -> Iterator[Unit]:
    """Every named graph of the catalogue, articles in id order, one at a time."""
    yield from static_units()
    yield from registry_units(cat)
    for doc_id in sorted(cat.articles):
        yield article_unit(cat.articles[doc_id])


@dataclass
class Converted:
    """All units in memory: for small data, tests and pySHACL."""

    units: list[Unit]

    @property
    def origins(self) -> dict[str, Location]:
        return {iri: loc for unit in self.units for iri, loc in unit.origins.items()}

    def union(self) -> Graph:
        """All triples of all named graphs in one graph (for SHACL)."""
        g = Graph()
        bind_prefixes(g)
        for unit in self.units:
            for triple in unit.triples:
                g.add(triple)
        return g

    @property
    def dataset(self) -> Dataset:
        ds = Dataset()
        bind_prefixes(ds)
        for unit in self.units:
            target = ds.graph(unit.name)
            for triple in unit.triples:
                target.add(triple)
        return ds


def convert(cat: Catalogue) -> Converted:
    return Converted(list(units(cat)))
