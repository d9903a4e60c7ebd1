"""Convert pyoxigraph terms and quads to rdflib terms (for canonical writers)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node


def to_rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise ValueError(f"kg stores no blank nodes or triple terms, found {term!r}")


def store_graphs(quads: Iterable[ox.Quad]) -> dict[URIRef, Graph]:
    graphs: dict[URIRef, Graph] = {}
    for q in quads:
        name = URIRef(q.graph_name.value) if isinstance(q.graph_name, ox.NamedNode) else URIRef("urn:x-kg:default")
        graphs.setdefault(name, Graph()).add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return graphs


def union(graphs: dict[URIRef, Graph]) -> Graph:
    g = Graph()
    for part in graphs.values():
        for triple in part:
            g.add(triple)
    return g


def dataset(graphs: dict[URIRef, Graph]) -> Dataset:
    ds = Dataset()
    for name, part in graphs.items():
        target = ds.graph(name)
        for triple in part:
            target.add(triple)
    return ds
