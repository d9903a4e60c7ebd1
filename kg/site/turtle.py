"""Each page's RDF: the Turtle of its resource and the nodes it owns (a concise bounded description).

A figure owns its words' selection (phrase and selectors), its perpetrator claims, its credited chain, its
annotation and the curator inferences about it; an article its archived text and quotes; every record the
inferences about it. Written with kg's canonical Turtle writer (kg.rdf.serialize): same graph, same bytes.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.rdf.serialize import prefix_header, turtle_block
from kg.site.facts import DCT, KG, OA, RDF
from kg.site.resources import Lit, Resources, Term, iris

#: predicates whose objects a resource owns (their triples go with it)
_OWNED = (KG + "phrase", KG + "perpetratorClaim", KG + "creditedChain", OA + "hasSelector", KG + "archivedText",
          "https://schema.org/identifier")


def _node(term: Term) -> Node:
    if isinstance(term, Lit):
        if term.lang:
            return Literal(term.value, lang=term.lang)
        return Literal(term.value, datatype=URIRef(term.datatype))
    return URIRef(term)


def description(r: Resources, subject: str) -> list[str]:
    """The subjects whose triples make up ``subject``'s description, ``subject`` first."""
    out: list[str] = []
    todo = [subject]
    while todo:
        node = todo.pop(0)
        if node in out:
            continue
        out.append(node)
        props = r.props(node)
        for predicate in _OWNED:
            todo.extend(iris(props, predicate))
        if node == subject:
            todo.extend(r.referrers(OA + "hasBody", node))  # its annotation
            todo.extend(n for n in r.referrers(RDF + "subject", node))  # inferences about it
            todo.extend(r.referrers(DCT + "isPartOf", node))  # an article's quotes
    return out


def resource_turtle(r: Resources, subject: str) -> str:
    triples = [(URIRef(s), URIRef(p), _node(o)) for s in description(r, subject)
               for p, objs in r.props(s).items() for o in objs]
    return prefix_header() + turtle_block(triples)
