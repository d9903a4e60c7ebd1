"""A remote SPARQL 1.1 store: query it (Protocol), and push the built graph to it (Graph Store Protocol).

An :class:`Endpoint` is three URLs. :meth:`Endpoint.from_base` derives them
from an Oxigraph server's base URL; explicit URLs override any of them, which
is how other stores are reached::

    store                 query URL                 update URL                   graph store URL
    Oxigraph (kg serve)   http://host:7878/query    http://host:7878/update      http://host:7878/store
    Apache Jena Fuseki    http://host:3030/ds/query http://host:3030/ds/update   http://host:3030/ds/data
    Virtuoso              http://host:8890/sparql   http://host:8890/sparql-auth http://host:8890/sparql-graph-crud-auth
    GraphDB               http://host/repositories/x
                                                    http://host/repositories/x/statements
                                                                                 http://host/repositories/x/rdf-graphs/service

Queries are POSTed form-encoded (``query=…``), the one form of the SPARQL 1.1
Protocol every store answers (Virtuoso never answers a body of type
``application/sparql-query``); updates likewise (``update=…``). HTTP, with
credentials from the environment, proxies, redirects and the deadline of every
request, is :mod:`kg.ask.http`.

kg's stored queries read the **union of the named graphs** as their default
graph; :mod:`kg.ask.source` checks that the store does before it asks anything.

Results are parsed by pyoxigraph (:func:`pyoxigraph.parse_query_results`: SPARQL
JSON, XML or TSV, whichever the server sends) into the same
:class:`kg.ask.queries.Table` as a local query, cell by cell through
:func:`kg.ask.queries.cell`, so local and remote rows compare equal. A store that
answers ``1``/``0`` typed ``xsd:integer`` where the query computes a boolean
(Virtuoso, for ``BIND(EXISTS {…} AS ?x)``) gets ``True``/``False`` back for the
columns the query computes as booleans (:func:`boolean_columns`).
"""

from __future__ import annotations

import functools
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from kg.ask import queries
from kg.ask.guard import check_service
from kg.ask.http import (
    PASSWORD_ENV,
    TOKEN_ENV,
    USER_ENV,
    RemoteError,
    Response,
    Session,
    Unsupported,
    credentials,
    proxy_for,
)
from kg.ask.queries import Table
from kg.model.cell import Cell
from kg.model.errors import UsageError

__all__ = [
    "GRAPH_PREFIX", "PASSWORD_ENV", "TOKEN_ENV", "USER_ENV", "Endpoint", "PushStats", "RemoteError", "Session",
    "boolean_columns", "check_query", "credentials", "delete_graph", "parse_results", "proxy_for", "push", "put_graph",
    "remote_graphs", "select", "update",
]

#: kg owns the named graphs under this IRI: push replaces them, and removes those no longer built.
GRAPH_PREFIX = "https://w3id.org/kg/id/graph/"

#: Seconds within which every request must be answered in full.
DEFAULT_TIMEOUT = 60.0

RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.8"
N_TRIPLES = "application/n-triples"
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL 1.1 store answers queries, updates and Graph Store Protocol requests."""

    query_url: str
    update_url: str
    store_url: str
    timeout: float = DEFAULT_TIMEOUT
    allow_service: bool = False  # send queries with SERVICE (the store would fetch from other hosts)

    @classmethod
    def from_base(cls, url: str, query_url: str | None = None, update_url: str | None = None,
                  store_url: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                  allow_service: bool = False) -> Endpoint:
        """The endpoint of an Oxigraph server at ``url`` (``/query``, ``/update``, ``/store``), with overrides.

        ``http://127.0.0.1:7878`` gives ``http://127.0.0.1:7878/query`` and so
        on. For Fuseki give ``http://host:3030/ds`` with ``query_url=…/ds/query``,
        ``update_url=…/ds/update``, ``store_url=…/ds/data``; for GraphDB
        ``query_url=…/repositories/x``, ``update_url=…/repositories/x/statements``,
        ``store_url=…/repositories/x/rdf-graphs/service``.
        """
        if not timeout > 0:
            raise UsageError(f"--timeout {timeout:g}: give a number of seconds above 0")
        base = _checked_url(url, "--endpoint").rstrip("/")
        return cls(
            query_url=_checked_url(query_url, "--query-url") if query_url else base + "/query",
            update_url=_checked_url(update_url, "--update-url") if update_url else base + "/update",
            store_url=_checked_url(store_url, "--store-url") if store_url else base + "/store",
            timeout=timeout,
            allow_service=allow_service,
        )

    def session(self) -> Session:
        """An HTTP session to this store (credentials from the environment, the endpoint's deadline)."""
        return Session(self.timeout)


def _checked_url(url: str, what: str) -> str:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError as e:
        raise UsageError(f"{what} '{url}' is not a valid URL: {e}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{what} '{url}' is not an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"{what}: do not put credentials in the URL; set {TOKEN_ENV}, or {USER_ENV} and "
                         f"{PASSWORD_ENV}, in the environment")
    return url


def _session(endpoint: Endpoint, session: Session | None) -> Session:
    return session if session is not None else endpoint.session()


# --------------------------------------------------------------------------
# Queries (SPARQL 1.1 Protocol)


def select(endpoint: Endpoint, text: str, session: Session | None = None) -> Table:
    """Run a SELECT (a table) or an ASK (one row, one column ``ask``) on the endpoint.

    Parameters must already be in the text (:func:`kg.ask.queries.bound_text`).
    Columns starting with ``_`` (parameter inputs) are left out, as locally. A
    query with ``SERVICE`` is refused unless the endpoint allows it.
    """
    check_query(endpoint, text)
    own = session is None
    http = _session(endpoint, session)
    try:
        response = http.request("POST", endpoint.query_url, data={"query": text}, headers={"Accept": RESULTS})
    finally:
        if own:
            http.close()
    return parse_results(response, endpoint.query_url, text)


def check_query(endpoint: Endpoint, text: str) -> None:
    """Refuse, before sending anything, a query that gives no table or that uses ``SERVICE`` unless allowed."""
    if queries.form(text) in ("CONSTRUCT", "DESCRIBE"):
        raise UsageError("CONSTRUCT and DESCRIBE queries give triples, not a table: use SELECT or ASK")
    check_service(text, endpoint.allow_service, f"at {endpoint.query_url}")


def parse_results(response: Response, url: str, text: str = "") -> Table:
    """A SPARQL results document (JSON, XML or TSV, by its content type) as a :class:`Table`."""
    try:
        kind = ox.QueryResultsFormat.from_media_type(response.content_type) if response.content_type else None
    except ValueError:
        kind = None
    if kind is None:
        raise RemoteError(f"{url} did not answer with SPARQL JSON results "
                          f"(content type {response.content_type or 'none'}): is it a SPARQL query endpoint?")
    read = _read(response.body, kind)
    if isinstance(read, bool):
        return Table(("ask",), ((read,),))
    if isinstance(read, str):
        raise RemoteError(f"{url} answered malformed SPARQL results: {read}")
    variables, solutions = read
    if text and queries.form(text) == "ASK":  # Virtuoso answers an ASK as a table: one column, 1 or 0
        first = solutions[0][0] if solutions and len(variables) == 1 else None
        if solutions and not isinstance(first, ox.Literal):
            raise RemoteError(f"{url} answered an ASK query with a table of {len(variables)} columns")
        return Table(("ask",), ((isinstance(first, ox.Literal) and first.value in ("1", "true"),),))
    shown = [i for i, v in enumerate(variables) if not v.startswith("_")]
    flags = _flag_columns(text, variables, [[s[i] for s in solutions] for i in range(len(variables))])
    rows = tuple(tuple(_cell(s[i], i in flags) for i in shown) for s in solutions)
    return Table(tuple(variables[i] for i in shown), rows)


_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _read(body: bytes, kind: ox.QueryResultsFormat) -> bool | str | tuple[list[str], list[tuple[_Term | None, ...]]]:
    """The boolean, or the variables and solutions, of a results document; the parser's message if malformed.

    pyoxigraph's result objects must be dropped on the thread that made them, so none outlives this call (an
    exception's traceback would keep it for a garbage collection on whichever thread runs it).
    """
    results: ox.QuerySolutions | ox.QueryBoolean | None = None
    try:
        results = ox.parse_query_results(body, kind)
        if isinstance(results, ox.QueryBoolean):
            return bool(results)
        return [v.value for v in results.variables], [tuple(solution) for solution in results]
    except (SyntaxError, ValueError) as e:
        return str(e) or type(e).__name__
    finally:
        del results


_BITS = frozenset(("0", "1"))


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None, flag: bool) -> Cell:
    if flag and isinstance(term, ox.Literal):
        return term.value == "1"
    return queries.cell(term)


def _flag_columns(text: str, names: list[str], columns: list[list[ox.NamedNode | ox.BlankNode | ox.Literal |
                                                                 ox.Triple | None]]) -> set[int]:
    """Positions (in ``names``) of the columns the query computes as booleans but the store sent as 1/0 integers."""
    suspects = [i for i, column in enumerate(columns)
                if any(isinstance(t, ox.Literal) for t in column)
                and all(t is None or (isinstance(t, ox.Literal) and t.datatype.value == XSD + "integer"
                                      and t.value in _BITS) for t in column)]
    if not suspects or not text:
        return set()
    booleans = boolean_columns(text)
    return {i for i in suspects if names[i] in booleans}


@functools.lru_cache(maxsize=64)
def boolean_columns(text: str) -> frozenset[str]:
    """The variables the query binds to a boolean expression (``BIND (EXISTS {…} AS ?v)``, ``(?a < ?b AS ?v)``).

    Read from the query's algebra (rdflib's SPARQL parser); an empty set when
    it cannot parse the query.
    """
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        algebra = prepareQuery(text).algebra
    except Exception:  # any parser failure: then no column is known to be boolean
        return frozenset()
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "Extend" and _is_boolean(node.get("expr")):
                found.add(str(node["var"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    walk(algebra)
    return frozenset(found)


_BOOLEAN_OPERATORS = frozenset((
    "RelationalExpression", "ConditionalAndExpression", "ConditionalOrExpression", "UnaryNot", "Builtin_EXISTS",
    "Builtin_NOTEXISTS", "Builtin_BOUND", "Builtin_isIRI", "Builtin_isBLANK", "Builtin_isLITERAL",
    "Builtin_isNUMERIC", "Builtin_sameTerm", "Builtin_REGEX", "Builtin_CONTAINS", "Builtin_STRSTARTS",
    "Builtin_STRENDS", "Builtin_LANGMATCHES",
))


def _is_boolean(expr: object) -> bool:
    from rdflib import Literal
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(expr, Literal):
        return expr.datatype is not None and str(expr.datatype) == XSD + "boolean"
    if not isinstance(expr, CompValue):
        return False
    if expr.name in _BOOLEAN_OPERATORS:
        return True
    if expr.name == "Builtin_IF":
        return _is_boolean(expr.get("arg2")) and _is_boolean(expr.get("arg3"))
    if expr.name == "Builtin_COALESCE":
        args = expr.get("arg")
        return isinstance(args, list) and bool(args) and all(_is_boolean(a) for a in args)
    return False


def update(endpoint: Endpoint, text: str, session: Session | None = None) -> None:
    """Run a SPARQL 1.1 Update at the update URL (form-encoded, ``update=…``)."""
    check_service(text, endpoint.allow_service, f"at {endpoint.update_url}")
    own = session is None
    http = _session(endpoint, session)
    try:
        http.request("POST", endpoint.update_url, data={"update": text})
    finally:
        if own:
            http.close()


# --------------------------------------------------------------------------
# Push (SPARQL 1.1 Graph Store HTTP Protocol)


@dataclass(frozen=True)
class PushStats:
    graphs: int  # named graphs replaced on the server
    triples: int  # triples sent
    removed: int  # kg graphs removed from the server because they are no longer built
    seconds: float


def _graph_url(endpoint: Endpoint, graph: str) -> str:
    sep = "&" if "?" in endpoint.store_url else "?"
    return f"{endpoint.store_url}{sep}graph={urllib.parse.quote(graph, safe='')}"


def put_graph(endpoint: Endpoint, graph: str, ntriples: bytes, session: Session | None = None) -> None:
    """Replace the named graph ``graph`` on the server with these N-Triples (one atomic request)."""
    own = session is None
    http = _session(endpoint, session)
    try:
        http.request("PUT", _graph_url(endpoint, graph), content=ntriples, headers={"Content-Type": N_TRIPLES})
    finally:
        if own:
            http.close()


def delete_graph(endpoint: Endpoint, graph: str, session: Session | None = None) -> None:
    """Remove the named graph ``graph`` from the server (already absent is fine).

    A Graph Store ``DELETE``; a store that does not allow it (HTTP 405 or 501)
    gets ``DROP SILENT GRAPH <graph>`` at the update URL instead.
    """
    own = session is None
    http = _session(endpoint, session)
    try:
        try:
            http.request("DELETE", _graph_url(endpoint, graph), ok_missing=True)
        except Unsupported:
            update(endpoint, f"DROP SILENT GRAPH {ox.NamedNode(graph)}", http)
    finally:
        if own:
            http.close()


def remote_graphs(endpoint: Endpoint, prefix: str = GRAPH_PREFIX, session: Session | None = None) -> set[str]:
    """The named graphs on the server whose IRI starts with ``prefix``."""
    literal = str(ox.Literal(prefix))
    table = select(endpoint, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                             f"FILTER(STRSTARTS(STR(?g), {literal})) }}", session)
    return {str(g) for (g,) in table.rows if isinstance(g, str)}


def push(store: ox.Store, endpoint: Endpoint, progress: Callable[[int, int], None] | None = None) -> PushStats:
    """Upload every named graph of ``store``, then remove the server's kg graphs that are no longer built.

    Each graph is one ``PUT {store_url}?graph=<iri>`` of N-Triples, which
    replaces that graph atomically: readers see the old or the new version of a
    document, never half of one. Graphs outside :data:`GRAPH_PREFIX` on the
    server are never touched. ``progress(done, total)`` is called after every
    request. Pushing the same build twice leaves the server as it was.
    """
    started = time.perf_counter()
    if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        raise UsageError("the store has triples in its default graph: kg pushes named graphs only")
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    outside = [g for g in graphs if not g.startswith(GRAPH_PREFIX)]
    if outside:
        raise UsageError(f"the store has graphs kg does not own (not under {GRAPH_PREFIX}): {', '.join(outside[:3])}")
    with endpoint.session() as http:
        stale = sorted(remote_graphs(endpoint, session=http) - set(graphs))
        total = len(graphs) + len(stale)
        done = 0
        triples = 0
        for graph in graphs:
            data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b""
            triples += data.count(b"\n")
            put_graph(endpoint, graph, data, http)
            done += 1
            if progress is not None:
                progress(done, total)
        for graph in stale:
            delete_graph(endpoint, graph, http)
            done += 1
            if progress is not None:
                progress(done, total)
    return PushStats(len(graphs), triples, len(stale), time.perf_counter() - started)
