"""A remote SPARQL 1.1 store: query it (Protocol), and push the built graph to it (Graph Store Protocol).

An :class:`Endpoint` is three URLs. :meth:`Endpoint.from_base` derives them
from an Oxigraph server's base URL; explicit URLs override any of them, which
is how other stores are reached::

    store                 query URL                 update URL                   graph store URL
    Oxigraph (kg serve)   http://host:7878/query    http://host:7878/update      http://host:7878/store
    Apache Jena Fuseki    http://host:3030/ds/query http://host:3030/ds/update   http://host:3030/ds/data
    GraphDB               http://host/repositories/x
                                                    http://host/repositories/x/statements
                                                                                 http://host/repositories/x/rdf-graphs/service

kg's stored queries read the **union of the named graphs** as their default
graph (one named graph per source document and per registry), so the remote
store must do the same: start Oxigraph with ``--union-default-graph`` (``kg
serve`` does), set ``tdb2:unionDefaultGraph true`` on a Fuseki TDB2 dataset;
GraphDB, Virtuoso and Amazon Neptune already query the union by default.

Credentials come from the environment only, never from the command line (where
they would end up in shell history and process lists): ``KG_ENDPOINT_TOKEN``
for a Bearer token, or ``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD`` for
HTTP Basic. Redirects are not followed, so credentials never travel to a host
that was not named.

Results are parsed into the same :class:`kg.ask.queries.Table` as a local query,
cell by cell through :func:`kg.ask.queries.cell`, so local and remote rows compare
equal. Every failure (HTTP status, refused connection, timeout, an answer that
is not SPARQL results) is a :class:`RemoteError` (exit code 2) saying which URL
answered what.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.ask import queries
from kg.ask.queries import Table
from kg.model.cell import Cell
from kg.model.errors import KgError, UsageError

__all__ = [
    "GRAPH_PREFIX", "Endpoint", "PushStats", "RemoteError", "authorization", "delete_graph", "push", "put_graph",
    "remote_graphs", "select", "update",
]

#: kg owns the named graphs under this IRI: push replaces them, and removes those no longer built.
GRAPH_PREFIX = "https://w3id.org/kg/id/graph/"

TOKEN_ENV = "KG_ENDPOINT_TOKEN"
USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"

#: Seconds to wait for an answer (per request).
DEFAULT_TIMEOUT = 60.0

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
_MESSAGE_LIMIT = 600  # characters of a server's error message that are shown


class RemoteError(KgError):
    """A remote store could not be reached, refused a request, or answered something unusable."""


class _Unsupported(RemoteError):
    """The server does not implement the method at that URL (HTTP 405 or 501)."""


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL 1.1 store answers queries, updates and Graph Store Protocol requests."""

    query_url: str
    update_url: str
    store_url: str
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_base(cls, url: str, query_url: str | None = None, update_url: str | None = None,
                  store_url: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> Endpoint:
        """The endpoint of an Oxigraph server at ``url`` (``/query``, ``/update``, ``/store``), with overrides.

        ``http://127.0.0.1:7878`` gives ``http://127.0.0.1:7878/query`` and so
        on. For Fuseki give ``http://host:3030/ds`` with ``query_url=…/ds/query``,
        ``update_url=…/ds/update``, ``store_url=…/ds/data``; for GraphDB
        ``query_url=…/repositories/x``, ``update_url=…/repositories/x/statements``,
        ``store_url=…/repositories/x/rdf-graphs/service``.
        """
        base = _checked_url(url, "--endpoint").rstrip("/")
        return cls(
            query_url=_checked_url(query_url, "--query-url") if query_url else base + "/query",
            update_url=_checked_url(update_url, "--update-url") if update_url else base + "/update",
            store_url=_checked_url(store_url, "--store-url") if store_url else base + "/store",
            timeout=timeout,
        )


def _checked_url(url: str, what: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{what} '{url}' is not an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"{what}: do not put credentials in the URL; set {TOKEN_ENV}, or {USER_ENV} and "
                         f"{PASSWORD_ENV}, in the environment")
    return url


def authorization(environ: Mapping[str, str] | None = None) -> str | None:
    """The ``Authorization`` header the environment asks for, if any."""
    env = os.environ if environ is None else environ
    token, user, password = env.get(TOKEN_ENV), env.get(USER_ENV), env.get(PASSWORD_ENV)
    if token and (user or password):
        raise UsageError(f"set either {TOKEN_ENV} or {USER_ENV} and {PASSWORD_ENV}, not both")
    if token:
        return f"Bearer {token}"
    if user is None and password is None:
        return None
    if not user or password is None:
        raise UsageError(f"HTTP Basic needs both {USER_ENV} and {PASSWORD_ENV} in the environment")
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


# --------------------------------------------------------------------------
# HTTP


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects become errors: a redirected request would carry the credentials to another URL."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: Any, newurl: str) -> None:
        return None


@dataclass(frozen=True)
class _Response:
    status: int
    content_type: str
    body: bytes


def _request(endpoint: Endpoint, method: str, url: str, body: bytes | None = None,
             headers: Mapping[str, str] | None = None, ok_missing: bool = False) -> _Response:
    sent = dict(headers or {})
    auth = authorization()
    if auth is not None:
        sent["Authorization"] = auth
    request = urllib.request.Request(url, data=body, method=method, headers=sent)
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=endpoint.timeout) as response:
            return _Response(response.status, response.headers.get_content_type(), response.read())
    except urllib.error.HTTPError as e:
        with e:
            if ok_missing and e.code == 404:
                return _Response(404, "", b"")
            if e.code in (405, 501):
                raise _Unsupported(_http_message(method, url, e)) from None
            raise RemoteError(_http_message(method, url, e)) from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, ConnectionRefusedError):
            raise RemoteError(f"cannot connect to {_origin(url)}: connection refused (is the SPARQL server running, "
                              "and is the URL right?)") from None
        if isinstance(reason, socket.gaierror):
            raise RemoteError(f"cannot connect to {_origin(url)}: unknown host") from None
        if isinstance(reason, TimeoutError):
            raise RemoteError(f"{method} {url}: no answer within {endpoint.timeout:g} s") from None
        raise RemoteError(f"cannot connect to {_origin(url)}: {reason}") from None
    except TimeoutError:
        raise RemoteError(f"{method} {url}: no answer within {endpoint.timeout:g} s") from None
    except OSError as e:  # a connection reset or closed mid-answer
        raise RemoteError(f"{method} {url}: {e}") from None


def _http_message(method: str, url: str, e: urllib.error.HTTPError) -> str:
    try:
        detail = e.read().decode("utf-8", "replace")
    except OSError:
        detail = ""
    detail = " ".join(detail.split())
    if len(detail) > _MESSAGE_LIMIT:
        detail = detail[:_MESSAGE_LIMIT - 1] + "…"
    message = f"{method} {url}: HTTP {e.code} {e.reason}"
    if detail:
        message += f": {detail}"
    if e.code in (301, 302, 303, 307, 308):
        message += f" (redirected to {e.headers.get('Location', '?')}; give that URL: kg does not follow redirects)"
    elif e.code == 401:
        message += f" (credentials come from {TOKEN_ENV}, or {USER_ENV} and {PASSWORD_ENV})"
    elif e.code == 403:
        message += (f" (a read-only store, or credentials without that right; they come from {TOKEN_ENV}, "
                    f"or {USER_ENV} and {PASSWORD_ENV})")
    elif e.code == 404:
        message += " (is the URL right? see --query-url, --update-url and --store-url)"
    return message


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# --------------------------------------------------------------------------
# Queries (SPARQL 1.1 Protocol)


def select(endpoint: Endpoint, text: str) -> Table:
    """Run a SELECT (a table) or an ASK (one row, one column ``ask``) on the endpoint.

    Parameters must already be in the text (:func:`kg.ask.queries.with_values`).
    Columns starting with ``_`` (parameter inputs) are left out, as locally.
    """
    if queries.form(text) in ("CONSTRUCT", "DESCRIBE"):
        raise UsageError("CONSTRUCT and DESCRIBE queries give triples, not a table: use SELECT or ASK")
    response = _request(endpoint, "POST", endpoint.query_url, text.encode("utf-8"), {
        "Content-Type": "application/sparql-query; charset=utf-8",
        "Accept": RESULTS_JSON,
    })
    try:
        results = json.loads(response.body)
    except ValueError:
        results = None
    if not isinstance(results, dict):
        raise RemoteError(f"{endpoint.query_url} did not answer with SPARQL JSON results "
                          f"(content type {response.content_type or 'none'}): is it a SPARQL query endpoint?")
    return parse_results(results, endpoint.query_url)


def parse_results(results: Mapping[str, Any], url: str = "the endpoint") -> Table:
    """SPARQL 1.1 Query Results JSON as a :class:`Table`."""
    if isinstance(results.get("boolean"), bool):
        return Table(("ask",), ((results["boolean"],),))
    try:
        variables = [str(v) for v in results["head"]["vars"]]
        bindings = results["results"]["bindings"]
        shown = [v for v in variables if not v.startswith("_")]
        rows = tuple(tuple(_cell(solution.get(v)) for v in shown) for solution in bindings)
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        raise RemoteError(f"{url} answered malformed SPARQL JSON results ({e!r})") from None
    return Table(tuple(shown), rows)


def _cell(binding: Mapping[str, str] | None) -> Cell:
    """One JSON result term as a cell, converted exactly as a local term is (:func:`kg.ask.queries.cell`)."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return value
    if kind == "bnode":
        return f"_:{value}"
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return value
        datatype = binding.get("datatype")
        return queries.cell(ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value))
    if kind == "triple":
        return json.dumps(value, sort_keys=True)
    raise ValueError(f"unknown term type {kind!r}")


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


def put_graph(endpoint: Endpoint, graph: str, ntriples: bytes) -> None:
    """Replace the named graph ``graph`` on the server with these N-Triples (one atomic request)."""
    _request(endpoint, "PUT", _graph_url(endpoint, graph), ntriples, {"Content-Type": N_TRIPLES})


def delete_graph(endpoint: Endpoint, graph: str) -> None:
    """Remove the named graph ``graph`` from the server (already absent is fine).

    A Graph Store ``DELETE``; a store that does not allow it (HTTP 405 or 501)
    gets ``DROP SILENT GRAPH <graph>`` at the update URL instead.
    """
    try:
        _request(endpoint, "DELETE", _graph_url(endpoint, graph), ok_missing=True)
    except _Unsupported:
        update(endpoint, f"DROP SILENT GRAPH {ox.NamedNode(graph)}")


def update(endpoint: Endpoint, text: str) -> None:
    """Run a SPARQL 1.1 Update at the update URL."""
    _request(endpoint, "POST", endpoint.update_url, text.encode("utf-8"),
             {"Content-Type": "application/sparql-update; charset=utf-8"})


def remote_graphs(endpoint: Endpoint, prefix: str = GRAPH_PREFIX) -> set[str]:
    """The named graphs on the server whose IRI starts with ``prefix``."""
    literal = str(ox.Literal(prefix))
    table = select(endpoint, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                             f"FILTER(STRSTARTS(STR(?g), {literal})) }}")
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
    stale = sorted(remote_graphs(endpoint) - set(graphs))
    total = len(graphs) + len(stale)
    done = 0
    triples = 0
    for graph in graphs:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b""
        triples += data.count(b"\n")
        put_graph(endpoint, graph, data)
        done += 1
        if progress is not None:
            progress(done, total)
    for graph in stale:
        delete_graph(endpoint, graph)
        done += 1
        if progress is not None:
            progress(done, total)
    return PushStats(len(graphs), triples, len(stale), time.perf_counter() - started)
