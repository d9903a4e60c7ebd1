"""Each page's RDF: the Turtle of its resource and the nodes it owns (a concise bounded description).

A figure owns its words' selection (phrase and selectors), its perpetrator claims, its credited chain, its
annotation and the curator inferences about it; an article its archived text and quotes; every record the
inferences about it. Written with kg's canonical Turtle writer (kg.rdf.serialize): same graph, same bytes.
"""

from __future__ import annotations

from kg.rdf.serialize import prefix_header
from kg.rdf.serialize import turtle_iri as _iri
from kg.site.facts import DCT, KG, OA, RDF
from kg.site.resources import RDF_TYPE, XSD, Lit, Resources, Term, iris

XSD_STRING = XSD + "string"

#: predicates whose objects a resource owns (their triples go with it)
_OWNED = (KG + "phrase", KG + "perpetratorClaim", KG + "creditedChain", OA + "hasSelector", KG + "archivedText",
          "https://schema.org/identifier")


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _term(term: Term) -> str:
    """A term in Turtle, as kg's canonical writer spells it (prefixed names where the local part allows)."""
    if isinstance(term, Lit):
        body = '"' + term.value.translate(_ESCAPES) + '"'
        if term.lang:
            return f"{body}@{term.lang}"
        return body if term.datatype == XSD_STRING else f"{body}^^{_iri(term.datatype)}"
    return _iri(term)


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
    """The description of ``subject`` in Turtle: subjects in IRI order, ``a`` first, objects sorted."""
    blocks = []
    for s in sorted(description(r, subject)):
        props = r.props(s)
        if not props:
            continue
        lines = []
        for p in sorted(props, key=lambda p: (p != RDF_TYPE, p)):
            objects = ", ".join(_term(o) for o in props[p])
            lines.append(f"    {'a' if p == RDF_TYPE else _iri(p)} {objects}")
        blocks.append(f"{_iri(s)}\n" + " ;\n".join(lines) + " .\n")
    return prefix_header() + "\n".join(blocks)
