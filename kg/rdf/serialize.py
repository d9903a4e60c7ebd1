"""Canonical Turtle, TriG, N-Triples and N-Quads: the same graph, the same bytes.

rdflib's serializers order subjects by internal set iteration, which changes
between runs; kg promises byte-identical output for identical input, so it
writes the documents itself, sorted, using rdflib's term syntax (escaping and
prefixed names) for every term. kg never writes blank nodes.

Documents are written one named graph at a time (a *block*): a Turtle document
is the prefix header followed by the blocks of every graph in IRI order, so a
build that changes one source document rewrites one block, and a graph never
has to be held in memory with the others. A subject described in two graphs
appears in both blocks, which is valid Turtle.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TextIO

from rdflib import RDF, Graph, Literal, Node, URIRef
from rdflib.namespace import NamespaceManager

from kg.model.terms import PREFIXES

Triple = tuple[Node, Node, Node]
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


@lru_cache(maxsize=1)
def _manager() -> NamespaceManager:
    nsm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        nsm.bind(prefix, ns, override=True, replace=True)
    return nsm


@lru_cache(maxsize=200_000)
def _iri(value: str) -> str:
    for prefix, ns in _BY_LENGTH:
        if value.startswith(ns):
            local = value[len(ns):]
            if _simple_local(local):
                return f"{prefix}:{local}"
    return URIRef(value).n3()


def turtle_iri(value: str) -> str:
    """An IRI as kg's Turtle writes it: a prefixed name where the local part allows, else ``<...>``."""
    return _iri(value)


#: letters, digits (str.isalnum, as \w is) and - _ . ; not starting with - or . and not ending with .
_SIMPLE_LOCAL = re.compile(r"\w(?:[\w.-]*[\w-])?")


def _simple_local(local: str) -> bool:
    """A local name Turtle accepts without escapes (letters, digits, - _ . not at the end)."""
    return _SIMPLE_LOCAL.fullmatch(local) is not None


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_RDF_TYPE = str(RDF.type)


def _literal(node: Literal, datatype: Callable[[str], str]) -> str:
    """A literal on one line (escaped as N-Triples does, which Turtle accepts too)."""
    body = '"' + str(node).translate(_NT_ESCAPES) + '"'
    if node.language:
        return f"{body}@{node.language}"
    if node.datatype is not None:
        return f"{body}^^{datatype(str(node.datatype))}"
    return body


def turtle_term(node: Node) -> str:
    if isinstance(node, URIRef):
        return "a" if str(node) == _RDF_TYPE else _iri(str(node))
    if isinstance(node, Literal):
        return _literal(node, _iri)
    raise ValueError(f"kg writes no blank nodes, found {node!r}")


def _sort_key(node: Node) -> tuple[int, str, str, str]:
    if isinstance(node, Literal):
        return (1, str(node), str(node.datatype or ""), node.language or "")
    return (0, str(node), "", "")


def turtle_block(triples: Iterable[Triple], indent: str = "") -> str:
    """The triples as sorted Turtle statements, subjects separated by blank lines."""
    by_subject: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        by_subject[s][p].add(o)
    blocks = []
    for s in sorted(by_subject, key=_sort_key):
        preds = by_subject[s]
        lines = []
        for p in sorted(preds, key=lambda p: (p != RDF.type, str(p))):
            objects = ", ".join(turtle_term(o) for o in sorted(preds[p], key=_sort_key))
            lines.append(f"{indent}    {turtle_term(p)} {objects}")
        blocks.append(f"{indent}{turtle_term(s)}\n" + " ;\n".join(lines) + " .\n")
    return "\n".join(blocks)


def prefix_header() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())) + "\n"


def trig_block(name: URIRef, turtle: str) -> str:
    """A graph's Turtle block (from :func:`turtle_block`) as a TriG graph block."""
    if not turtle:
        return ""
    body = "    " + turtle.replace("\n", "\n    ").replace("\n    \n", "\n\n")
    return f"{turtle_term(name)} {{\n{body.rstrip(' ')}}}\n\n"


def graph_comment(name: URIRef) -> str:
    return f"# graph {turtle_term(name)}\n\n"


def write_turtle(graph: Iterable[Triple], out: TextIO) -> None:
    """One graph (or the union of several) as a canonical Turtle document."""
    out.write(prefix_header())
    out.write(turtle_block(graph))


def write_trig(graphs: Iterable[tuple[URIRef, Iterable[Triple]]], out: TextIO) -> None:
    out.write(prefix_header())
    for name, triples in sorted(graphs, key=lambda item: str(item[0])):
        out.write(trig_block(name, turtle_block(triples)))



def nt_term(node: Node) -> str:
    """A term in N-Triples syntax: one line, literals escaped."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return _literal(node, lambda iri: f"<{iri}>")
    raise ValueError(f"kg writes no blank nodes, found {node!r}")


def write_ntriples(graph: Iterable[Triple], out: TextIO) -> None:
    out.writelines(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph))


def nquads(name: URIRef, triples: Iterable[Triple]) -> str:
    g = nt_term(name)
    return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {g} .\n" for s, p, o in triples)
