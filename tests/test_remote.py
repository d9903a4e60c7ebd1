"""A real SPARQL server: push the build to it, and every query, trace and count answer as locally.

Every server here is a real ``oxigraph`` process (or, for headers and failure
modes, a tiny ``http.server``) on 127.0.0.1, started for the test and always stopped.
"""

from __future__ import annotations

import base64
import json
import queue
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from kg.ask import queries, remote
from kg.ask.remote import Endpoint, RemoteError
from kg.ask.serve import ServeError, _free_port, running_server
from kg.ask.source import LocalSource, RemoteSource, as_source
from kg.ask.stats import stats
from kg.ask.trace import trace
from kg.build.pipeline import BuildResult
from kg.cli import main
from kg.model.errors import UsageError
from tests.test_queries import BINDINGS, CASES

ROOT = Path(__file__).resolve().parent.parent
GRAPH = remote.GRAPH_PREFIX
KG = "https://w3id.org/kg/ns#"
AUTH_ENV = (remote.TOKEN_ENV, remote.USER_ENV, remote.PASSWORD_ENV)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def no_credentials_or_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials unless a test sets them, and loopback traffic never goes through a proxy."""
    for name in AUTH_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture(scope="module")
def server(store: ox.Store) -> Iterator[Endpoint]:
    """A writable in-memory Oxigraph server holding the pushed build (tests must not change it)."""
    with running_server(None, writable=True) as endpoint:
        remote.push(store, endpoint)
        yield endpoint


@pytest.fixture
def empty_server() -> Iterator[Endpoint]:
    """A fresh writable in-memory server a test may change."""
    with running_server(None, writable=True) as endpoint:
        yield endpoint


def triples_on(endpoint: Endpoint) -> int:
    (n,), = remote.select(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert isinstance(n, int)
    return n


# ---------------------------------------------------------------------------
# the same answers, locally and remotely


def test_every_stored_query_has_a_remote_case() -> None:
    assert set(BINDINGS) == set(queries.catalogue())


@pytest.mark.parametrize(("name", "raw"), CASES, ids=[f"{n}-{'-'.join(r.values()) or 'all'}" for n, r in CASES])
def test_remote_rows_equal_embedded_rows(store: ox.Store, server: Endpoint, name: str, raw: dict[str, str]) -> None:
    stored = queries.catalogue()[name]
    bound = queries.bind(stored, raw)
    local = LocalSource(store).select(stored.text, bound)
    assert local.rows
    assert RemoteSource(server).select(stored.text, bound) == local


def test_ask_and_cell_types_agree(store: ox.Store, server: Endpoint) -> None:
    local, far = LocalSource(store), RemoteSource(server)
    ask = f"ASK WHERE {{ ?_f a <{KG}Figure> }}"
    for figure, expected in (("women-908", True), ("no-such-figure", False)):
        bindings = {"f": ox.NamedNode(f"https://w3id.org/kg/id/figure/{figure}")}
        assert local.select(ask, bindings) == far.select(ask, bindings) == queries.Table(("ask",), ((expected,),))
    typed = """SELECT ?i ?d ?f ?b ?s ?l ?date ?iri WHERE {
      BIND(12 AS ?i) BIND(3.0 AS ?d) BIND(3.5e0 AS ?f) BIND(true AS ?b) BIND("x" AS ?s) BIND("نص"@ar AS ?l)
      BIND("2018-07"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> AS ?date) BIND(<urn:x> AS ?iri) }"""
    row = far.select(typed)
    assert row == local.select(typed) == queries.Table(("i", "d", "f", "b", "s", "l", "date", "iri"),
                                                       ((12, 3, 3.5, True, "x", "نص", "2018-07", "urn:x"),))
    assert [type(c) for c in row.rows[0]] == [int, int, float, bool, str, str, str, str]


def test_trace_and_stats_through_the_library_agree(store: ox.Store, server: Endpoint) -> None:
    assert stats(RemoteSource(server)) == stats(store)
    assert trace(RemoteSource(server), value="6686") == trace(store, value="6686")
    assert as_source(store) == LocalSource(store)


def test_cli_trace_stats_and_query_with_endpoint_print_what_they_print_locally(built: BuildResult,
                                                                                server: Endpoint) -> None:
    build = str(built.out_dir)
    base = server.query_url.removesuffix("/query")
    local = run("trace", "--value", "1928", "--format", "json", "--build", build)
    far = run("trace", "--value", "1928", "--format", "json", "--endpoint", base)
    assert local.exit_code == far.exit_code == 0, far.output
    local_records, far_records = json.loads(local.stdout), json.loads(far.stdout)
    assert [r["id"] for r in far_records] == ["children-1928"]
    assert local_records[0]["record"] is not None and far_records[0]["record"] is None  # origins are the build's
    assert [r | {"record": None} for r in local_records] == far_records
    for args in (("stats", "--format", "json"), ("query", "discrepancies", "--format", "csv"),
                 ("query", "figures-by-organisation", "-p", "organisation=snhr"),
                 ("query", "--sparql", f"ASK {{ ?f a <{KG}Figure> }}")):
        here = run(*args, "--build", build)
        there = run(*args, "--query-url", server.query_url)
        assert here.exit_code == there.exit_code == 0, there.output
        assert there.stdout == here.stdout


def test_trace_draws_from_a_remote_store(server: Endpoint, tmp_path: Path) -> None:
    svg = tmp_path / "children.svg"
    result = run("trace", "children-1928", "--endpoint", server.query_url.removesuffix("/query"), "--draw", str(svg))
    assert result.exit_code == 0, result.output
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<")


# ---------------------------------------------------------------------------
# push


def test_push_is_idempotent_and_reports_progress(store: ox.Store, built: BuildResult, empty_server: Endpoint) -> None:
    seen: list[tuple[int, int]] = []
    first = remote.push(store, empty_server, lambda done, total: seen.append((done, total)))
    assert (first.graphs, first.triples, first.removed) == (11, len(store), 0)  # 10 curated, 1 derived
    assert seen == [(i, 11) for i in range(1, 12)]
    assert triples_on(empty_server) == len(store)
    base = empty_server.query_url.removesuffix("/query")
    again = run("push", "--endpoint", base, "--build", str(built.out_dir))
    assert again.exit_code == 0, again.output
    assert f"pushed {len(store)} triples in 11 named graphs" in again.stdout
    assert triples_on(empty_server) == len(store)
    assert remote.remote_graphs(empty_server) == {g.value for g in store.named_graphs()}


def test_a_graph_gone_locally_is_removed_remotely_and_other_graphs_are_left_alone(
        store: ox.Store, empty_server: Endpoint) -> None:
    remote.push(store, empty_server)
    remote.put_graph(empty_server, "urn:someone-else", b"<urn:a> <urn:b> <urn:c> .\n")
    gone = GRAPH + "registry.measures"
    assert gone in remote.remote_graphs(empty_server)
    smaller = ox.Store()
    smaller.extend(q for q in store if q.graph_name != ox.NamedNode(gone))
    result = remote.push(smaller, empty_server)
    assert result.removed == 1 and result.graphs == 10
    assert remote.remote_graphs(empty_server) == {g.value for g in smaller.named_graphs()}
    assert triples_on(empty_server) == len(smaller) + 1
    assert remote.select(empty_server, "ASK { GRAPH <urn:someone-else> { ?s ?p ?o } }").rows == ((True,),)


def test_push_refuses_graphs_kg_does_not_own(empty_server: Endpoint) -> None:
    foreign = ox.Store()
    foreign.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c"), ox.NamedNode("urn:g")))
    with pytest.raises(UsageError, match="graphs kg does not own"):
        remote.push(foreign, empty_server)
    assert triples_on(empty_server) == 0


# ---------------------------------------------------------------------------
# credentials and failures, against a tiny recording HTTP server


@dataclass
class Recorder:
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # kg graphs the fake store lists
    delay: float = 0.0


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: bytes = b"", content_type: str = "text/plain",
                    headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _record(self) -> bytes:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            recorder.requests.append((self.command, self.path, dict(self.headers.items()), body))
            return body

        def do_GET(self) -> None:  # as a proxy: record the request, answer nothing useful
            self._record()
            self._answer(502, b"proxied")

        def do_POST(self) -> None:
            body = urllib.parse.unquote_plus(self._record().decode())
            time.sleep(recorder.delay)
            if self.path.startswith("http://"):  # a request sent to this server as a proxy
                self._answer(502, b"proxied")
            elif self.path == "/basic/query" and not self.headers.get("Authorization", "").startswith("Basic "):
                self._answer(401, b"who are you?", headers={"WWW-Authenticate": 'Basic realm="kg"'})
            elif self.path == "/basic/query":
                self._answer(200, b'{"head": {}, "boolean": true}', "application/sparql-results+json")
            elif self.path == "/drip/query":
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                for byte in b'{"head": {}, "boolean": true}':
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.25)
            elif self.path == "/drip-headers/query":
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.25)
            elif self.path == "/moved/query":
                self._answer(307, headers={"Location": "http://127.0.0.2:1/query"})
            elif self.path.endswith("/query") and "GRAPH ?g { ?s a ?o }" in body:  # kg's union check: one triple
                row = {"s": {"type": "uri", "value": "urn:s"}, "o": {"type": "uri", "value": "urn:o"}}
                self._answer(200, json.dumps({"head": {"vars": ["s", "o"]}, "results": {"bindings": [row]}})
                             .encode(), "application/sparql-results+json")
            elif self.path == "/query" and "GRAPH ?g" in body:
                bindings = [{"g": {"type": "uri", "value": g}} for g in recorder.stale]
                self._answer(200, json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": bindings}}).encode(),
                             "application/sparql-results+json")
            elif self.path == "/query":
                self._answer(200, b'{"head": {}, "boolean": true}', "application/sparql-results+json")
            elif self.path == "/xml/query":
                self._answer(200, b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                                  b'<head><variable name="n"/><variable name="_p"/></head><results><result>'
                                  b'<binding name="n"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">'
                                  b'7</literal></binding></result></results></sparql>',
                             "application/sparql-results+xml")
            elif self.path == "/html/query":
                self._answer(200, b"<html>login</html>", "text/html")
            elif self.path == "/update":
                self._answer(204)
            else:
                self._answer(404, b"no such endpoint")

        def do_PUT(self) -> None:
            self._record()
            self._answer(201)

        def do_DELETE(self) -> None:
            self._record()
            self._answer(405, b"DELETE not allowed here")

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (the deadline tests) is no error of the fake store's."""


@pytest.fixture
def fake() -> Iterator[tuple[Recorder, Endpoint]]:
    recorder = Recorder()
    httpd = _QuietServer(("127.0.0.1", 0), _handler(recorder))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield recorder, Endpoint.from_base(f"http://127.0.0.1:{httpd.server_address[1]}", timeout=5)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_credentials_come_from_the_environment(fake: tuple[Recorder, Endpoint],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A token goes with every request; a user and password only when the server asks, in its scheme."""
    recorder, endpoint = fake
    ask = "ASK { ?s ?p ?o }"
    base = endpoint.query_url.removesuffix("/query")
    remote.select(endpoint, ask)
    monkeypatch.setenv(remote.USER_ENV, "curator")
    monkeypatch.setenv(remote.PASSWORD_ENV, "s3cret:with colon")
    remote.select(Endpoint.from_base(base + "/basic"), ask)
    remote.select(endpoint, ask)  # a server that does not ask gets no password
    monkeypatch.delenv(remote.USER_ENV)
    monkeypatch.delenv(remote.PASSWORD_ENV)
    monkeypatch.setenv(remote.TOKEN_ENV, "tok-123")
    result = run("query", "--sparql", ask, "--query-url", endpoint.query_url)
    assert result.exit_code == 0, result.output
    sent = [(path, headers.get("Authorization")) for _, path, headers, body in recorder.requests
            if b"%3Fs+%3Fp+%3Fo" in body]  # the ASK above, not kg's union check
    basic = "Basic " + base64.b64encode(b"curator:s3cret:with colon").decode()
    assert sent == [("/query", None), ("/basic/query", None), ("/basic/query", basic), ("/query", None),
                    ("/query", "Bearer tok-123")]
    monkeypatch.setenv(remote.USER_ENV, "curator")
    with pytest.raises(UsageError, match="not both"):
        remote.select(endpoint, ask)
    monkeypatch.delenv(remote.TOKEN_ENV)
    with pytest.raises(UsageError, match=remote.PASSWORD_ENV):
        remote.select(endpoint, ask)
    with pytest.raises(UsageError, match="credentials in the URL"):
        Endpoint.from_base("http://user:pw@127.0.0.1:1")


def test_queries_are_posted_form_encoded(fake: tuple[Recorder, Endpoint]) -> None:
    """Virtuoso never answers application/sparql-query: every query is an HTML form's POST, as all stores take."""
    recorder, endpoint = fake
    remote.select(endpoint, "ASK { ?s ?p ?o }")
    remote.update(endpoint, "CLEAR SILENT GRAPH <urn:g>")
    (_, _, query_headers, query_body), (_, _, update_headers, update_body) = recorder.requests
    assert query_headers["Content-Type"] == update_headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert query_body == b"query=ASK+%7B+%3Fs+%3Fp+%3Fo+%7D"
    assert update_body == b"update=CLEAR+SILENT+GRAPH+%3Curn%3Ag%3E"
    assert query_headers["Accept"].startswith("application/sparql-results+json")


def test_results_are_read_by_a_library_in_the_format_the_server_sends(fake: tuple[Recorder, Endpoint]) -> None:
    """SPARQL XML results (some stores send no JSON) are parsed by pyoxigraph like JSON ones."""
    _, endpoint = fake
    xml = Endpoint.from_base(endpoint.query_url.removesuffix("/query") + "/xml")
    assert remote.select(xml, "SELECT ?n ?_p WHERE { }") == queries.Table(("n",), ((7,),))


def test_a_server_that_drips_is_cut_off_at_the_deadline(fake: tuple[Recorder, Endpoint]) -> None:
    """One byte every 0.25 s never trips a read timeout: the deadline covers the whole answer."""
    _, endpoint = fake
    base = endpoint.query_url.removesuffix("/query")
    for path in ("/drip", "/drip-headers"):
        started = time.monotonic()
        with pytest.raises(RemoteError, match=r"no complete answer within 1 s"):
            remote.select(Endpoint.from_base(base + path, timeout=1), "ASK {}")
        assert time.monotonic() - started < 3
    result = run("stats", "--endpoint", base + "/drip", "--timeout", "1")
    assert result.exit_code == 2 and "no complete answer within 1 s" in result.stderr


def test_no_proxy_for_loopback_and_no_credentials_through_a_plain_http_proxy(
        fake: tuple[Recorder, Endpoint], monkeypatch: pytest.MonkeyPatch) -> None:
    """With http_proxy set, a loopback endpoint is reached directly; credentials never cross a plain-HTTP proxy."""
    recorder, endpoint = fake
    proxy = endpoint.query_url.removesuffix("/query")
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", proxy)
    monkeypatch.setenv("HTTP_PROXY", proxy)
    monkeypatch.setenv(remote.TOKEN_ENV, "tok-secret")
    with running_server(None, writable=True) as loopback:
        assert remote.select(loopback, "ASK { ?s ?p ?o }").rows == ((False,),)  # straight there, not by the proxy
        localhost = Endpoint.from_base(loopback.query_url.replace("127.0.0.1", "localhost").removesuffix("/query"))
        assert remote.select(localhost, "ASK { ?s ?p ?o }").rows == ((False,),)
    assert recorder.requests == []
    with pytest.raises(UsageError, match="would read the credentials"):
        remote.select(Endpoint.from_base("http://kg.example:8890"), "ASK {}")
    assert recorder.requests == []
    monkeypatch.delenv(remote.TOKEN_ENV)
    with pytest.raises(RemoteError, match="HTTP 502"):  # no credentials: the proxy is used, as asked
        remote.select(Endpoint.from_base("http://kg.example:8890"), "ASK {}")
    ((method, path, headers, _),) = recorder.requests
    assert (method, path, headers.get("Authorization")) == ("POST", "http://kg.example:8890/query", None)
    assert remote.proxy_for("http://kg.example/x", {"http_proxy": "p:3128", "no_proxy": ".example"}) is None
    assert remote.proxy_for("http://kg.example/x", {"http_proxy": "p:3128"}) == "http://p:3128"
    assert remote.proxy_for("http://[::1]:1/x", {"http_proxy": "p:3128"}) is None


def test_service_is_refused_unless_allowed(built: BuildResult, store: ox.Store, server: Endpoint) -> None:
    """A SERVICE clause would make the store fetch from any host: refused locally and remotely, unless asked for."""
    closed = f"http://127.0.0.1:{_free_port()}/sparql"
    sneaky = [f"SELECT * WHERE {{ SERVICE <{closed}> {{ ?s ?p ?o }} }}",
              f"SELECT * WHERE {{ ?x ?y ?z .service <{closed}> {{ ?s ?p ?o }} }}",
              f"SELECT * WHERE {{ \\u0053ERVICE <{closed}> {{ ?s ?p ?o }} }}",
              f"# comment\nSELECT * WHERE {{ SeRvIcE SILENT <{closed}> {{ ?s ?p ?o }} }}"]
    for text in sneaky:
        for where in (("--build", str(built.out_dir)), ("--endpoint", server.query_url.removesuffix("/query"))):
            result = run("query", "--sparql", text, *where)
            assert result.exit_code == 2, (text, result.output)
            assert "--allow-service" in result.stderr and "Traceback" not in result.output
    harmless = f'SELECT ?service WHERE {{ BIND("SERVICE <{closed}> {{}}" AS ?service) }} # SERVICE'
    assert queries.run(store, harmless).rows == ((f"SERVICE <{closed}> {{}}",),)
    allowed = run("query", "--sparql", f"SELECT * WHERE {{ SERVICE SILENT <{closed}> {{ ?s ?p ?o }} }}",
                  "--allow-service", "--build", str(built.out_dir))
    assert allowed.exit_code == 0, allowed.output


def test_push_puts_ntriples_per_graph_and_drops_stale_graphs_by_update_where_delete_is_refused(
        store: ox.Store, fake: tuple[Recorder, Endpoint], monkeypatch: pytest.MonkeyPatch) -> None:
    recorder, endpoint = fake
    recorder.stale = [GRAPH + "article.gone", GRAPH + "registry.actors"]
    monkeypatch.setenv(remote.TOKEN_ENV, "tok")
    result = remote.push(store, endpoint)
    assert result.removed == 1
    puts = [(path, headers, body) for method, path, headers, body in recorder.requests if method == "PUT"]
    assert len(puts) == 11 and all(h["Content-Type"] == "application/n-triples" for _, h, _ in puts)
    actors = "/store?graph=" + urllib.parse.quote(GRAPH + "registry.actors", safe="")
    (body,) = [b for path, _, b in puts if path == actors]
    assert body.count(b"\n") == len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(
        GRAPH + "registry.actors"))))
    tail = [(method, path, body) for method, path, _, body in recorder.requests[-2:]]
    gone = urllib.parse.quote(GRAPH + "article.gone", safe="")
    assert tail[0] == ("DELETE", f"/store?graph={gone}", b"") and tail[1][:2] == ("POST", "/update")
    assert all(headers.get("Authorization") == "Bearer tok" for _, _, headers, _ in recorder.requests)
    assert tail[-1][2] == b"update=" + urllib.parse.quote_plus(f"DROP SILENT GRAPH <{GRAPH}article.gone>").encode()


def test_failures_are_clear_messages_with_exit_code_2(fake: tuple[Recorder, Endpoint]) -> None:
    recorder, endpoint = fake
    base = endpoint.query_url.removesuffix("/query")
    closed = f"http://127.0.0.1:{_free_port()}"
    cases = [
        (("stats", "--endpoint", closed), "connection refused"),
        (("stats", "--endpoint", base + "/nowhere"), "HTTP 404"),
        (("stats", "--endpoint", base + "/moved"), "does not follow redirects"),
        (("stats", "--endpoint", base + "/html"), "did not answer with SPARQL JSON results"),
        (("stats", "--endpoint", "file:///etc/passwd"), "not an http:// or https:// URL"),
        (("query", "--sparql", "CONSTRUCT WHERE { ?s ?p ?o }", "--endpoint", base), "CONSTRUCT"),
        (("push", "--endpoint", closed, "--build", "/nonexistent"), "run 'kg build' first"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr and "Traceback" not in result.output, (args, result.stderr)
    recorder.delay = 0.6
    slow = Endpoint.from_base(base, timeout=0.2)
    with pytest.raises(RemoteError, match=r"no complete answer within 0\.2 s"):
        remote.select(slow, "ASK {}")


def test_a_syntax_error_is_the_servers_message(server: Endpoint) -> None:
    result = run("query", "--sparql", "SELECT * WHERE { ?s ?p", "--endpoint", server.query_url.removesuffix("/query"))
    assert result.exit_code == 2
    assert "HTTP 400" in result.stderr and "error at 1:" in result.stderr and "Traceback" not in result.output


# ---------------------------------------------------------------------------
# kg serve


def test_kg_serve_is_read_only_refuses_service_stops_long_queries_and_stops(built: BuildResult, store: ox.Store,
                                                                          tmp_path: Path) -> None:
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port), "--timeout", "1", "--build", str(built.out_dir)],
        stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL, text=True, cwd=ROOT)
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in process.stdout or ():
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        first = lines.get(timeout=20)
        assert first.strip() == f"SPARQL endpoint (read-only): http://127.0.0.1:{port}/query"
        endpoint = Endpoint.from_base(f"http://127.0.0.1:{port}", timeout=10)
        assert stats(RemoteSource(endpoint)) == stats(store)
        with pytest.raises(RemoteError, match="HTTP 4"):
            remote.update(endpoint, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
        with pytest.raises(RemoteError, match="HTTP 4"):
            remote.push(store, endpoint)
        assert stats(RemoteSource(endpoint)) == stats(store)
        # kg serve refuses SERVICE, however it is sent, and stops a query after --timeout seconds
        service = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{_free_port()}/> {{ ?s ?p ?o }} }}"
        for answer in (httpx.post(endpoint.query_url, data={"query": service}, trust_env=False, timeout=10),
                       httpx.get(endpoint.query_url, params={"query": service}, trust_env=False, timeout=10),
                       httpx.post(endpoint.query_url, content=service.encode(), trust_env=False, timeout=10,
                                  headers={"Content-Type": "application/sparql-query"})):
            assert answer.status_code == 403 and "--allow-service" in answer.text
        with pytest.raises(RemoteError, match="--allow-service"):
            remote.select(Endpoint.from_base(f"http://127.0.0.1:{port}", allow_service=True), service)
        started = time.monotonic()
        with pytest.raises(RemoteError, match=r"HTTP 503 .*stopped after 1 s"):
            remote.select(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
        assert time.monotonic() - started < 10
        assert remote.select(endpoint, f"ASK {{ ?f a <{KG}Figure> }}").rows == ((True,),)  # still serving
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    log.seek(0)
    assert process.returncode == 0, log.read()
    log.close()
    with pytest.raises(RemoteError, match="connection refused"):  # oxigraph stopped with kg serve
        remote.select(Endpoint.from_base(f"http://127.0.0.1:{port}", timeout=2), "ASK {}")


def test_kg_serve_without_a_build_exits_2(tmp_path: Path) -> None:
    result = run("serve", "--build", str(tmp_path / "none"), "--port", str(_free_port()))
    assert result.exit_code == 2 and "run 'kg build' first" in result.stderr


def test_running_server_reports_a_port_in_use(built: BuildResult) -> None:
    with running_server(built.out_dir / "store") as endpoint:
        port = int(urllib.parse.urlsplit(endpoint.query_url).port or 0)
        with pytest.raises(ServeError, match="already running there"), running_server(built.out_dir / "store", port):
            pass


def test_kg_serve_allow_service_lets_service_through(built: BuildResult, fake: tuple[Recorder, Endpoint],
                                                     tmp_path: Path) -> None:
    """With --allow-service the server runs SERVICE: here it reaches a recording server on loopback."""
    recorder, target = fake
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port), "--allow-service", "--build", str(built.out_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        assert process.stdout is not None and "SPARQL endpoint" in process.stdout.readline()
        endpoint = Endpoint.from_base(f"http://127.0.0.1:{port}", timeout=20, allow_service=True)
        remote.select(endpoint, f"SELECT * WHERE {{ SERVICE SILENT <{target.query_url}> {{ ?s ?p ?o }} }}")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert [method for method, path, _, _ in recorder.requests if path == "/query"] == ["POST"]
