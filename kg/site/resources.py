"""The store as the site reads it: each resource's properties, and who points at a resource.

Pages are written from the triples of the built store (the union of its named graphs), never from the YAML:
the site shows what the graph says. Two readers answer the same two questions with the same answers, in the
same order, so that a full and an incremental site are byte-identical:

- :class:`Preloaded` reads every named graph once (but the ontology's) into dictionaries. Oxigraph yields
  about 200,000 quads a second to Python (6.5 s for the 1.34 M quads of a 10^6-triple build, measured), so a
  full site pays that once instead of one lookup per resource.
- :class:`Lazy` asks the store per resource (an index lookup each, ~50 µs): what an incremental site does for
  the few hundred pages one edited article reaches.

Terms are plain Python: an IRI is a ``str``; a literal is a :class:`Lit`. kg writes no blank nodes.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import NamedTuple, Protocol

import pyoxigraph as ox

from kg.model.terms import ID

GRAPH_ONTOLOGY = ID + "graph/ontology"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class Lit(NamedTuple):
    """A literal: its lexical form, datatype IRI and language tag (``""`` when none)."""

    value: str
    datatype: str
    lang: str = ""

    def number(self) -> Decimal | None:
        try:
            return Decimal(self.value)
        except InvalidOperation:
            return None


Term = str | Lit
Props = dict[str, list[Term]]


def _term(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Term:
    if isinstance(node, ox.NamedNode):
        return node.value
    if isinstance(node, ox.Literal):
        return Lit(node.value, node.datatype.value, node.language or "")
    if isinstance(node, ox.BlankNode):
        return "_:" + node.value
    raise TypeError(f"kg writes no RDF-star triples: {node}")


def _order(term: Term) -> tuple[int, str, str, str]:
    if isinstance(term, Lit):
        return (1, term.value, term.datatype, term.lang)
    return (0, term, "", "")


class Resources(Protocol):
    """What the pages ask of the store."""

    def props(self, subject: str) -> Props:
        """Every property of ``subject``: predicate IRI -> objects, without repeats, in a fixed order."""
        ...

    def referrers(self, predicate: str, obj: Term) -> list[str]:
        """Every subject with ``predicate obj``, sorted."""
        ...

    def instances(self, cls: str) -> list[str]:
        """Every subject typed ``cls``, sorted."""
        ...

    @property
    def cache(self) -> dict[tuple[str, str], object]:
        """Values the pages derive from the store, kept for the run (a label, a reading)."""
        ...


def _ox(term: Term) -> ox.NamedNode | ox.Literal:
    if isinstance(term, Lit):
        if term.lang:
            return ox.Literal(term.value, language=term.lang)
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
    return ox.NamedNode(term)


class Lazy:
    """One store lookup per question, remembered."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._props: dict[str, Props] = {}
        self._refs: dict[tuple[str, Term], list[str]] = {}
        self.cache: dict[tuple[str, str], object] = {}

    def props(self, subject: str) -> Props:
        found = self._props.get(subject)
        if found is None:
            if subject.startswith("_:"):
                return {}
            grouped: dict[str, set[Term]] = defaultdict(set)
            for q in self.store.quads_for_pattern(ox.NamedNode(subject), None, None, None):
                if q.graph_name != _ONTOLOGY:
                    grouped[q.predicate.value].add(_term(q.object))
            found = {p: sorted(objs, key=_order) for p, objs in sorted(grouped.items())}
            self._props[subject] = found
        return found

    def referrers(self, predicate: str, obj: Term) -> list[str]:
        key = (predicate, obj)
        found = self._refs.get(key)
        if found is None:
            subjects = {q.subject.value for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), _ox(obj))
                        if q.graph_name != _ONTOLOGY and isinstance(q.subject, ox.NamedNode)}
            found = self._refs[key] = sorted(subjects)
        return found

    def instances(self, cls: str) -> list[str]:
        return self.referrers(RDF_TYPE, cls)


_ONTOLOGY = ox.NamedNode(GRAPH_ONTOLOGY)


class Preloaded:
    """Every named graph but the ontology, read once.

    Only IRI objects (and kg:claimKey literals, which figures are matched on) are indexed for
    :meth:`referrers`; literals are never asked for by value otherwise.
    """

    def __init__(self, store: ox.Store) -> None:
        grouped: dict[str, dict[str, list[Term]]] = {}
        refs: dict[tuple[str, Term], list[str]] = {}
        claim_key = CLAIM_KEY
        named, literal = ox.NamedNode, ox.Literal
        for graph in store.named_graphs():
            if graph == _ONTOLOGY:
                continue
            for q in store.quads_for_pattern(None, None, None, graph):
                s = q.subject
                if type(s) is not named:
                    continue
                subject, p, node = s.value, q.predicate.value, q.object
                if type(node) is named:
                    o: Term = node.value
                    refs.setdefault((p, o), []).append(subject)
                elif type(node) is literal:
                    o = Lit(node.value, node.datatype.value, node.language or "")
                    if p == claim_key:
                        refs.setdefault((p, o), []).append(subject)
                else:
                    o = _term(node)
                by_p = grouped.get(subject)
                if by_p is None:
                    by_p = grouped[subject] = {}
                objs = by_p.get(p)
                if objs is None:
                    by_p[p] = [o]
                else:
                    objs.append(o)
        self._props: dict[str, Props] = {
            s: {p: objs if len(objs) == 1 else sorted(set(objs), key=_order) for p, objs in sorted(by_p.items())}
            for s, by_p in grouped.items()
        }
        self._refs = refs
        self._sorted: dict[tuple[str, Term], list[str]] = {}
        self.cache: dict[tuple[str, str], object] = {}

    def props(self, subject: str) -> Props:
        return self._props.get(subject, _EMPTY)

    def referrers(self, predicate: str, obj: Term) -> list[str]:
        key = (predicate, obj)
        found = self._sorted.get(key)
        if found is None:
            found = self._sorted[key] = sorted(set(self._refs.get(key, ())))
        return found

    def instances(self, cls: str) -> list[str]:
        return self.referrers(RDF_TYPE, cls)


_EMPTY: Props = {}
CLAIM_KEY = "https://w3id.org/kg/ns#claimKey"


# --------------------------------------------------------------------------
# Reading values


def one(props: Props, predicate: str) -> Term | None:
    """The first object of ``predicate`` (objects are in a fixed order), or None."""
    objs = props.get(predicate)
    return objs[0] if objs else None


def iris(props: Props, predicate: str) -> list[str]:
    return [o for o in props.get(predicate, []) if isinstance(o, str)]


def iri(props: Props, predicate: str) -> str | None:
    found = iris(props, predicate)
    return found[0] if found else None


def text(props: Props, predicate: str, lang: str | None = None) -> str | None:
    """A literal's lexical form; with ``lang``, the one in that language if there is one."""
    lits = [o for o in props.get(predicate, []) if isinstance(o, Lit)]
    if lang is not None:
        tagged = [o for o in lits if o.lang == lang]
        lits = tagged or lits
    return lits[0].value if lits else None


def texts(props: Props, predicate: str) -> list[Lit]:
    return [o for o in props.get(predicate, []) if isinstance(o, Lit)]


def number(props: Props, predicate: str) -> Decimal | None:
    found = one(props, predicate)
    return found.number() if isinstance(found, Lit) else None
