"""Canonical Turtle, TriG and N-Triples: the same graph always gives the same bytes.

rdflib's serializers order subjects by internal set iteration, which changes
between runs; kg promises byte-identical output for identical input, so it
writes the documents itself, sorted, using rdflib's term syntax (escaping and
prefixed names) for every term. kg never writes blank nodes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TextIO

from rdflib import RDF, Graph, Literal, Node, URIRef
from rdflib.namespace import NamespaceManager

from kg.terms import PREFIXES

Triple = tuple[Node, Node, Node]


def _manager() -> NamespaceManager:
    nsm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        nsm.bind(prefix, ns, override=True, replace=True)
    return nsm


def _term(node: Node, nsm: NamespaceManager) -> str:
    if isinstance(node, URIRef) and node == RDF.type:
        return "a"
    if isinstance(node, URIRef | Literal):
        return node.n3(nsm)
    raise ValueError(f"kg writes no blank nodes, found {node!r}")


def _sort_key(node: Node) -> tuple[int, str, str, str]:
    if isinstance(node, Literal):
        return (1, str(node), str(node.datatype or ""), node.language or "")
    return (0, str(node), "", "")


def _blocks(triples: Iterable[Triple], nsm: NamespaceManager, indent: str) -> list[str]:
    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)
    blocks = []
    for s in sorted(by_subject, key=_sort_key):
        preds = by_subject[s]
        order = sorted(preds, key=lambda p: (p != RDF.type, str(p)))
        lines = []
        for p in order:
            objects = ", ".join(_term(o, nsm) for o in sorted(set(preds[p]), key=_sort_key))
            lines.append(f"{indent}    {_term(p, nsm)} {objects}")
        blocks.append(f"{indent}{_term(s, nsm)}\n" + " ;\n".join(lines) + " .\n")
    return blocks


def _prefix_lines() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())) + "\n"


def write_turtle(graph: Graph, out: TextIO) -> None:
    nsm = _manager()
    out.write(_prefix_lines())
    out.write("\n".join(_blocks(graph, nsm, "")))


def write_trig(graphs: Iterable[tuple[URIRef, Graph]], out: TextIO) -> None:
    nsm = _manager()
    out.write(_prefix_lines())
    for name, graph in sorted(graphs, key=lambda item: str(item[0])):
        if len(graph) == 0:
            continue
        out.write(f"{_term(name, nsm)} {{\n")
        out.write("\n".join(_blocks(graph, nsm, "    ")))
        out.write("}\n\n")


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def nt_term(node: Node) -> str:
    """A term in N-Triples syntax: one line, literals escaped."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        body = '"' + str(node).translate(_NT_ESCAPES) + '"'
        if node.language:
            return f"{body}@{node.language}"
        if node.datatype is not None:
            return f"{body}^^<{node.datatype}>"
        return body
    raise ValueError(f"kg writes no blank nodes, found {node!r}")


def write_ntriples(graph: Graph, out: TextIO) -> None:
    out.writelines(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in graph))


def nquads(graphs: Iterable[tuple[URIRef, Graph]]) -> str:
    return "".join(
        f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {nt_term(name)} .\n" for name, graph in graphs for s, p, o in graph
    )
