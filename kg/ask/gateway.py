"""The HTTP front of ``kg serve``: refuses ``SERVICE``, stops long queries, passes the rest to Oxigraph.

The Oxigraph server listens on a private loopback port and this gateway where
the user asked. It reads each query or update (GET ``?query=``, POST
form-encoded or as ``application/sparql-query`` / ``application/sparql-update``):

* Oxigraph runs every ``SERVICE <url>`` clause it is sent, requesting whatever
  URL a client names from the machine that holds the graph: unless
  ``kg serve --allow-service``, such a request gets ``403`` and a plain message
  (:func:`kg.ask.guard.uses_service`).
* Oxigraph 0.5 cannot cancel a query, even after its client left: when one is
  still running after the query timeout, the gateway calls ``on_timeout``
  (``kg serve`` restarts the server) and answers ``503``.

With a drafter (``kg serve`` passes ``kg draft``'s), ``POST /draft`` with a text (UTF-8, at most 1 MiB)
answers the draft record of that text as JSON (``{"draft": ..., "yaml": ...}``): the web view's
``draft.html`` shows it. Nothing is written anywhere.

With a site folder (``kg serve`` writes the web view, ``kg site``, to ``build/site``), a GET or HEAD of
any other path than the SPARQL services (``/query``, ``/update``, ``/store``) is answered from that folder:
``/`` is its ``index.html``, ``/figure/children-1928.html`` the figure's page. Paths never leave the folder.

Everything else is forwarded as is, the answer streamed back as it comes.
"""

from __future__ import annotations

import mimetypes
import posixpath
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from kg.ask.guard import uses_service

__all__ = ["REFUSED", "Drafter", "gateway", "site_file"]

REFUSED = ("SERVICE is refused by this server: it would make the server send requests to other hosts "
           "(start it with kg serve --allow-service to allow it)\n")
_HOP_BY_HOP = frozenset(("connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
                         "transfer-encoding", "upgrade", "host", "content-length"))
_MAX_BODY = 1 << 30  # bytes of a request body read into memory to check it
SPARQL_PATHS = ("/query", "/update", "/store")
_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".js": "text/javascript; charset=utf-8", ".ttl": "text/turtle; charset=utf-8",
          ".rq": "application/sparql-query; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
          ".json": "application/json"}


def site_file(site: Path, path: str) -> Path | None:
    """The file of the site folder a URL path names (``/`` -> ``index.html``), or None: never outside it."""
    clean = posixpath.normpath("/" + urllib.parse.unquote(urllib.parse.urlsplit(path).path))
    if clean.endswith("/"):
        clean += "index.html"
    parts = [p for p in clean.split("/") if p]
    if not parts:
        parts = ["index.html"]
    if any(p.startswith(".") for p in parts):  # the site's state and temporary files are not pages
        return None
    target = site.joinpath(*parts)
    try:
        target.resolve().relative_to(site.resolve())
    except ValueError:
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def _is_sparql(path: str) -> bool:
    route = urllib.parse.urlsplit(path).path
    return any(route == p or route.startswith(p + "/") for p in SPARQL_PATHS)


def _sparql_texts(path: str, content_type: str, body: bytes) -> list[str]:
    """Every query or update text of a request (its URL parameters and its body)."""
    parts = urllib.parse.urlsplit(path)
    texts = [v for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k in ("query", "update")]
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        form = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        texts += [v for k, v in form if k in ("query", "update")]
    elif kind in ("application/sparql-query", "application/sparql-update"):
        texts.append(body.decode("utf-8", "replace"))
    return texts


#: a drafter: a text -> the JSON body of the answer (kg.cli passes kg draft's); raises ValueError for bad input
Drafter = Callable[[str], bytes]
_MAX_DRAFT = 1 << 20


def _handler(upstream: str, client: httpx.Client, allow_service: bool, query_timeout: float,
             on_timeout: Callable[[], None], site: Path | None = None,
             drafter: Drafter | None = None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _draft(self) -> None:
            try:
                length = int(self.headers.get("Content-Length") or -1)
            except ValueError:
                length = -1
            if not 0 < length <= _MAX_DRAFT:
                self._plain(413, "send the text to draft (1 byte to 1 MiB) with its Content-Length\n")
                self.close_connection = True
                return
            body = self.rfile.read(length)
            if drafter is None:
                self._plain(404, "drafting is not available: start kg serve with a --data folder\n")
                return
            try:
                answer = drafter(body.decode("utf-8"))
            except UnicodeDecodeError:
                self._plain(400, "the text is not UTF-8\n")
                return
            except ValueError as e:
                self._plain(400, f"{e}\n")
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def _static(self) -> None:
            assert site is not None
            found = site_file(site, self.path)
            if found is None:
                self._plain(404, f"no page {urllib.parse.urlsplit(self.path).path} in the site\n")
                return
            data = found.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", _TYPES.get(found.suffix, mimetypes.guess_type(found.name)[0]
                                                        or "application/octet-stream"))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _forward(self) -> None:
            if self.command == "POST" and urllib.parse.urlsplit(self.path).path == "/draft":
                self._draft()
                return
            if site is not None and self.command in ("GET", "HEAD") and not _is_sparql(self.path):
                self._static()
                return
            if self.headers.get("Transfer-Encoding"):  # only a body of a stated length is read and checked
                self._plain(411, "send the request body with a Content-Length\n")
                self.close_connection = True
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= _MAX_BODY:
                self._plain(413, "a request body of 0 to 1 GiB, with its Content-Length\n")
                self.close_connection = True
                return
            body = self.rfile.read(length) if length else b""
            texts = _sparql_texts(self.path, self.headers.get("Content-Type", ""), body)
            if not allow_service and any(uses_service(t) for t in texts):
                self._plain(403, REFUSED)
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            expired, restarted = threading.Event(), threading.Event()

            def expire() -> None:
                expired.set()
                try:
                    on_timeout()
                finally:
                    restarted.set()

            timer = threading.Timer(query_timeout, expire) if texts else None
            if timer is not None:
                timer.daemon = True
                timer.start()
            answered = False
            try:
                with client.stream(self.command, upstream + self.path, content=body, headers=headers) as answer:
                    answered = True
                    self.send_response(answer.status_code)
                    for key, value in answer.headers.items():
                        if key.lower() not in _HOP_BY_HOP:
                            self.send_header(key, value)
                    bodiless = self.command == "HEAD" or answer.status_code in (204, 304)
                    self.send_header(*(("Content-Length", "0") if bodiless else ("Transfer-Encoding", "chunked")))
                    self.end_headers()
                    if bodiless:
                        return
                    for chunk in answer.iter_raw():
                        if chunk:
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.write(b"0\r\n\r\n")
            except httpx.HTTPError as e:
                if answered:  # the answer was cut off: the client sees its end
                    self.close_connection = True
                elif expired.is_set():
                    restarted.wait(timeout=60)  # the next request finds the server answering again
                    self._plain(503, f"the query was stopped after {query_timeout:g} s (kg serve --timeout)\n")
                else:
                    self._plain(502, f"the SPARQL server behind kg serve did not answer: {e}\n")
            except OSError:  # the client went away
                self.close_connection = True
            finally:
                if timer is not None:
                    timer.cancel()

        def _plain(self, status: int, message: str) -> None:
            data = message.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        def log_message(self, format: str, *args: object) -> None:  # oxigraph's own log is enough
            pass

    return Handler


@contextmanager
def gateway(bind: tuple[str, int], upstream: str, *, allow_service: bool = False, query_timeout: float = 10.0,
            on_timeout: Callable[[], None] = lambda: None, site: Path | None = None,
            drafter: Drafter | None = None) -> Iterator[ThreadingHTTPServer]:
    """Listen on ``bind`` and forward to ``upstream`` (``http://127.0.0.1:PORT``) for the ``with`` block."""
    client = httpx.Client(trust_env=False, follow_redirects=False, timeout=httpx.Timeout(None))
    host = bind[0].strip("[]")
    handler = _handler(upstream.rstrip("/"), client, allow_service, query_timeout, on_timeout, site, drafter)
    server = (_Server6 if ":" in host else ThreadingHTTPServer)((host, bind[1]), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        client.close()


class _Server6(ThreadingHTTPServer):
    address_family = socket.AF_INET6
