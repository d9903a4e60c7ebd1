"""Where queries run: the embedded store, or a remote SPARQL endpoint, behind one interface.

``kg query``, ``kg trace``, ``kg stats`` and the provenance network take a
:class:`Source` and never ask which one it is::

    LocalSource(store)       kg.queries.run: parameters written in as serialized terms
    RemoteSource(endpoint)   remote_text + the SPARQL 1.1 Protocol (kg.ask.remote)

Both read the union of the named graphs as the default graph and give the same
:class:`kg.ask.queries.Table` for the same data. Before its first query a
:class:`RemoteSource` checks that the store holds kg's graphs and that its
default graph is their union, and says what to change when it is not (a store
that is not set up so answers every stored query with no rows).

Functions that used to take a :class:`pyoxigraph.Store` still do:
:func:`as_source` wraps one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from kg.ask import lexer, queries, remote
from kg.ask.lexer import Token
from kg.ask.queries import Table, Term

__all__ = ["LocalSource", "NotUnion", "RemoteSource", "Source", "as_source", "check_union", "remote_text"]


@runtime_checkable
class Source(Protocol):
    """Something that answers SELECT and ASK queries over kg's graphs."""

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Table:
        """Run a SELECT (or ASK) with parameters ``?_<name>`` bound; the ``?_`` columns are left out."""
        ...


@dataclass(frozen=True)
class LocalSource:
    """The embedded Oxigraph store of a build."""

    store: ox.Store
    allow_service: bool = False

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Table:
        return queries.run(self.store, text, bindings, allow_service=self.allow_service)


@dataclass
class RemoteSource:
    """A SPARQL 1.1 endpoint whose default graph is the union of kg's named graphs (checked once)."""

    endpoint: remote.Endpoint
    checked: bool = field(default=False, compare=False)

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Table:
        sent = remote_text(text, bindings or {})
        remote.check_query(self.endpoint, sent)
        if not self.checked:
            check_union(self.endpoint)
            self.checked = True
        return remote.select(self.endpoint, sent)


class NotUnion(remote.RemoteError):
    """The remote store's default graph is not the union of kg's named graphs (or it holds none)."""


_ADVICE = (
    "kg's queries read the default graph as the union of the named graphs: start Oxigraph with "
    "--union-default-graph (kg serve does), set tdb2:unionDefaultGraph true on a Fuseki TDB2 dataset, "
    "query.all.graphs=true on Stardog; GraphDB, Virtuoso and Amazon Neptune do so by default"
)


def check_union(endpoint: remote.Endpoint) -> None:
    """Raise :class:`NotUnion` unless a triple of a kg graph is also in the store's default graph.

    One ``SELECT … GRAPH … LIMIT 1`` finds a typed resource (``?s a ?o``, both
    IRIs) in a graph under :data:`kg.ask.remote.GRAPH_PREFIX`, one ``ASK`` looks
    for that triple without ``GRAPH``.
    """
    with endpoint.session() as http:
        prefix = str(ox.Literal(remote.GRAPH_PREFIX))
        found = remote.select(endpoint, f"SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?s a ?o }} "
                                        f"FILTER(STRSTARTS(STR(?g), {prefix}) && isIRI(?s) && isIRI(?o)) }} "
                                        "LIMIT 1", http)
        if not found.rows:
            raise NotUnion(f"the store at {endpoint.query_url} holds no kg graph (none named "
                           f"{remote.GRAPH_PREFIX}…): push the build there first (kg push --endpoint …)")
        (s, o), = found.rows
        asked = remote.select(endpoint, f"ASK {{ {ox.NamedNode(str(s))} a {ox.NamedNode(str(o))} }}", http)
    if asked.rows != ((True,),):
        raise NotUnion(f"the store at {endpoint.query_url} holds kg's graphs, but its default graph is not their "
                       f"union, so every query would find nothing: {_ADVICE}")


def remote_text(text: str, bindings: Mapping[str, Term]) -> str:
    """The query as sent to a remote store: each bound term written into the query, as locally.

    Terms in the patterns let every store start from them (Virtuoso answers a
    ``*`` path that starts from a ``VALUES``-bound variable wrongly, and from a
    written-in term rightly). A bound parameter that is one of several
    ``GROUP BY`` or ``ORDER BY`` keys is left out of them: a constant key
    changes neither the groups nor the order, and Virtuoso refuses a literal
    there. Terms are serialized by pyoxigraph (:func:`kg.ask.queries.bound_text`).
    A ``sameTerm`` test against a prefixed name is written as the equal string
    test Virtuoso applies (:func:`_same_term_as_strings`).
    """
    text = _same_term_as_strings(text)
    if not bindings:
        return text
    return queries.bound_text(_without_constant_keys(text, bindings), bindings)


# IRIs, comments and strings, where nothing is rewritten.
_QUOTED = re.compile(
    r"""<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*"""
    r"""|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'\'\'(?:[^'\\]|\\.|'(?!''))*'\'\'"""
    r"""|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""",
    re.DOTALL,
)
_SAME_TERM = re.compile(r"\bsameTerm\(\s*\?(\w+)\s*,\s*([A-Za-z][\w.-]*:[A-Za-z_][\w-]*)\s*\)")


def _same_term_as_strings(text: str) -> str:
    """``sameTerm(?v, kg:Name)`` as ``(isIRI(?v) && STR(?v) = STR(kg:Name))``, the same test (a prefixed name is
    an IRI), which Virtuoso 7 applies where it drops a sameTerm filter in a UNION branch (current-figures)."""
    out: list[str] = []
    last = 0
    for m in _QUOTED.finditer(text):
        out += [_SAME_TERM.sub(_as_strings, text[last:m.start()]), m.group()]
        last = m.end()
    out.append(_SAME_TERM.sub(_as_strings, text[last:]))
    return "".join(out)


def _as_strings(m: re.Match[str]) -> str:
    variable, name = m.group(1), m.group(2)
    return f"(isIRI(?{variable}) && STR(?{variable}) = STR({name}))"


_KEY_END = frozenset(("HAVING", "LIMIT", "OFFSET", "ORDER", "GROUP", "VALUES"))


def _without_constant_keys(text: str, bindings: Mapping[str, Term]) -> str:
    """``text`` without the bound parameters among the keys of each ``GROUP BY`` / ``ORDER BY`` that has other keys."""
    names = {"_" + name.removeprefix("_") for name in bindings}
    clauses: list[tuple[int, list[Token]]] = []  # (depth, tokens) of each key clause
    open_clause: tuple[int, list[Token]] | None = None
    for token in lexer.tokens(text):
        if open_clause is not None:
            depth, tokens = open_clause
            ends = token.depth < depth or (token.depth == depth and (
                token.kind == "{" or (token.kind == "word" and token.text.upper() in _KEY_END)))
            if ends:
                open_clause = None
            else:
                tokens.append(token)
        if token.kind == "word" and token.text.upper() in ("GROUP", "ORDER"):
            open_clause = (token.depth, [])
            clauses.append(open_clause)
    edits: list[tuple[int, int]] = []
    for depth, tokens in clauses:
        keys = [t for t in tokens if t.depth == depth and t.kind in ("var", "(")]
        constant = [t for t in keys if t.kind == "var" and t.text[1:] in names]
        dropped = constant if len(constant) < len(keys) else constant[1:]
        edits += [(t.offset, t.offset + len(t.text)) for t in dropped]
    for start, end in sorted(edits, reverse=True):
        text = text[:start] + text[end:]
    return text


def as_source(where: ox.Store | Source) -> Source:
    """A :class:`Source` for a store (wrapped in :class:`LocalSource`) or a source (as is)."""
    if isinstance(where, ox.Store):
        return LocalSource(where)
    return where
