"""The controlled vocabularies (SKOS concept schemes in ontology/vocab.ttl)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.model.resources import VOCAB_FILE
from kg.model.terms import KGV


@dataclass(frozen=True)
class Vocabulary:
    """Concept local names by scheme, and their English labels."""

    schemes: dict[str, frozenset[str]]
    labels: dict[str, tuple[str, ...]]

    def has(self, scheme: str, name: str) -> bool:
        return name in self.schemes.get(scheme, frozenset())


@cache
def vocabulary() -> Vocabulary:
    graph = Graph().parse(VOCAB_FILE)
    schemes: dict[str, set[str]] = {}
    labels: dict[str, list[str]] = {}
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        assert isinstance(concept, URIRef) and isinstance(scheme, URIRef)
        name = concept.removeprefix(str(KGV))
        schemes.setdefault(scheme.removeprefix(str(KGV)), set()).add(name)
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            labels.setdefault(name, []).extend(str(label) for label in graph.objects(concept, prop))
    return Vocabulary(
        {k: frozenset(v) for k, v in schemes.items()},
        {k: tuple(v) for k, v in labels.items()},
    )
