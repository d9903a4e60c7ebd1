"""Assemble the whole graph as an rdflib Dataset of named graphs.

Graphs: ``graph:ontology``, ``graph:vocab``, ``graph:registry.<name>`` and one
``graph:<article-id>`` per source document (nanopublication-style: what a
document says, and what the curator added to it, stay together).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import Dataset, Graph, URIRef

from kg.errors import Location
from kg.rdf.article import emit_article
from kg.rdf.emit import Emitter
from kg.rdf.registry import emit_actor, emit_campaign, emit_incident, emit_measure, emit_place, emit_report
from kg.records import Catalogue
from kg.resources import ONTOLOGY_FILE, VOCAB_FILE
from kg.terms import PREFIXES, iri


@dataclass
class Converted:
    dataset: Dataset
    origins: dict[str, Location]

    def union(self) -> Graph:
        """All triples of all named graphs in one graph (for SHACL and Turtle)."""
        g = Graph()
        bind_prefixes(g)
        for ctx in self.dataset.graphs():
            for triple in ctx:
                g.add(triple)
        return g


def bind_prefixes(g: Graph | Dataset) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)


def graph_iri(name: str) -> URIRef:
    return iri("graph", name)


def convert(cat: Catalogue) -> Converted:
    ds = Dataset()
    bind_prefixes(ds)
    origins: dict[str, Location] = {}
    ds.graph(graph_iri("ontology")).parse(ONTOLOGY_FILE)
    ds.graph(graph_iri("vocab")).parse(VOCAB_FILE)

    def registry(name: str, records: Iterable[Any], emit: Callable[[Emitter, Any], None]) -> None:
        e = Emitter(ds.graph(graph_iri(f"registry.{name}")), origins)
        for record in records:
            emit(e, record)

    registry("actors", cat.actors.values(), emit_actor)
    registry("places", cat.places.values(), emit_place)
    registry("campaigns", cat.campaigns.values(), emit_campaign)
    registry("incidents", cat.incidents.values(), emit_incident)
    registry("reports", cat.reports.values(), emit_report)
    registry("measures", cat.measures.values(), emit_measure)
    for article in cat.articles.values():
        emit_article(Emitter(ds.graph(graph_iri(article.id)), origins, doc=article.id), article)
    return Converted(ds, origins)
