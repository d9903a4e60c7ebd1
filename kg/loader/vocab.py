"""The controlled vocabularies: kg's SKOS schemes (ontology/vocab.ttl) plus the curators' own concepts.

A qualifier's numeric meaning is read from the vocabulary, never from code:
``kg:boundRule`` (lower, upper, both, none, words) and, for vague quantities,
``kg:conventionalLowerBound`` / ``kg:conventionalUpperBound``. Labels keep their
language, so a qualifier's wording is checked in the quote's own language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.model.records import Concept, Label
from kg.model.resources import VOCAB_FILE
from kg.model.terms import KG, KGV

BOUND_RULES = ("lower", "upper", "both", "none", "words")


@dataclass(frozen=True)
class Vocabulary:
    """Concept local names by scheme, their labels (with languages) and the qualifiers' numeric meaning."""

    schemes: dict[str, frozenset[str]]
    labels: dict[str, tuple[Label, ...]]
    bound_rules: dict[str, str]
    conventional: dict[str, tuple[Decimal | None, Decimal | None]]
    default_units: dict[str, str]

    def has(self, scheme: str, name: str) -> bool:
        return name in self.schemes.get(scheme, frozenset())

    def wordings(self, name: str, lang: str) -> tuple[str, ...]:
        """The labels of concept ``name`` in language ``lang`` (its primary subtag: ``ar-SY`` -> ``ar``)."""
        primary = lang.split("-")[0].lower()
        return tuple(label.text for label in self.labels.get(name, ()) if label.lang.split("-")[0].lower() == primary)

    def bounds(self, qualifier: str, value: Decimal | None, low: Decimal | None,
               high: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
        """The numeric bounds a qualified figure gives: from its stated number, its stated bounds, or convention."""
        rule = self.bound_rules.get(qualifier, "none")
        if low is not None or high is not None:
            return low, high
        if rule == "both":
            return value, value
        if rule == "lower":
            return value, None
        if rule == "upper":
            return None, value
        if value is None:
            return self.conventional.get(qualifier, (None, None))
        return None, None

    def with_concepts(self, concepts: Iterable[Concept]) -> Vocabulary:
        """This vocabulary with the curators' concepts added."""
        schemes = {k: set(v) for k, v in self.schemes.items()}
        labels = {k: list(v) for k, v in self.labels.items()}
        rules, conventional, units = dict(self.bound_rules), dict(self.conventional), dict(self.default_units)
        for c in concepts:
            schemes.setdefault(c.scheme, set()).add(c.id)
            labels.setdefault(c.id, []).extend((Label(c.label, "en"), *c.labels))
            if c.bound is not None:
                rules[c.id] = c.bound
            if c.low is not None or c.high is not None:
                conventional[c.id] = (c.low.value if c.low else None, c.high.value if c.high else None)
            if c.unit is not None:
                units[c.id] = c.unit.value
        return replace(self, schemes={k: frozenset(v) for k, v in schemes.items()},
                       labels={k: tuple(v) for k, v in labels.items()}, bound_rules=rules,
                       conventional=conventional, default_units=units)


def _local(node: object) -> str:
    return str(node).removeprefix(str(KGV))


def _number(graph: Graph, concept: URIRef, prop: URIRef) -> Decimal | None:
    value = graph.value(concept, prop)
    return Decimal(str(value)) if isinstance(value, Literal) else None


@cache
def vocabulary() -> Vocabulary:
    graph = Graph().parse(VOCAB_FILE)
    schemes: dict[str, set[str]] = {}
    labels: dict[str, list[Label]] = {}
    rules: dict[str, str] = {}
    conventional: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    units: dict[str, str] = {}
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        assert isinstance(concept, URIRef) and isinstance(scheme, URIRef)
        name = _local(concept)
        schemes.setdefault(_local(scheme), set()).add(name)
        if name in labels:
            continue
        found = labels.setdefault(name, [])
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            found.extend(Label(str(o), o.language or "en") for o in graph.objects(concept, prop)
                         if isinstance(o, Literal))
        rule = graph.value(concept, KG.boundRule)
        if rule is not None:
            rules[name] = str(rule)
        low = _number(graph, concept, KG.conventionalLowerBound)
        high = _number(graph, concept, KG.conventionalUpperBound)
        if low is not None or high is not None:
            conventional[name] = (low, high)
        unit = graph.value(concept, KG.defaultUnit)
        if unit is not None:
            units[name] = _local(unit)
    return Vocabulary(
        {k: frozenset(v) for k, v in schemes.items()},
        {k: tuple(sorted(set(v), key=lambda label: (label.lang, label.text))) for k, v in labels.items()},
        rules, conventional, units,
    )
