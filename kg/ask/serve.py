"""``kg serve``: the built store behind a real SPARQL 1.1 server (the ``oxigraph`` executable).

The server reads ``build/store`` in place, read-only unless asked otherwise, on
127.0.0.1 unless asked otherwise, with ``--union-default-graph`` so that the
stored queries see every named graph, exactly as ``kg query`` does, and with a
query timeout (``--timeout``, default :data:`QUERY_TIMEOUT` seconds: a query
still running then is stopped, whether or not its client still waits)::

    http://127.0.0.1:7878/query    SPARQL 1.1 Protocol (GET or POST)
    http://127.0.0.1:7878/update   SPARQL 1.1 Update (writable servers only)
    http://127.0.0.1:7878/store    SPARQL 1.1 Graph Store Protocol

``oxigraph`` comes from the ``oxigraph`` package on PyPI (a dependency of
kg); it is looked for next to the running Python first, then on ``PATH``.
A build refuses to replace a store that :func:`serve` holds (kg.build.atomic): stop the server,
``kg build``, serve again. The server dies with the process that started it, even on ``kill -9``.

Oxigraph listens on a private loopback port behind :mod:`kg.ask.gateway`, which
refuses queries with ``SERVICE`` unless ``--allow-service`` (the server would
fetch whatever URL a client names), stops a query past ``--timeout`` and passes
everything else on.

:func:`running_server` starts a server on a free loopback port for the length of
a ``with`` block (tests, benchmarks) and always stops it.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import httpx

from kg.ask.gateway import Drafter, gateway
from kg.ask.remote import Endpoint
from kg.build.atomic import serving
from kg.build.orphans import before_exec
from kg.build.store import STORE_DIR, open_store
from kg.model.errors import KgError, UsageError

__all__ = ["ServeError", "command", "find_oxigraph", "running_server", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
START_TIMEOUT = 15.0  # seconds for a server to answer its first query
QUERY_TIMEOUT = 10  # seconds a served query may run
STOP_TIMEOUT = 5.0  # seconds for a server to stop when asked, before it is killed
_POLL = 0.05


class ServeError(KgError):
    """The SPARQL server could not be found, started, or did not answer."""


def find_oxigraph() -> Path:
    """The ``oxigraph`` executable: next to the running Python (a virtualenv's ``bin``), else on ``PATH``."""
    here = Path(sys.executable).parent
    for name in ("oxigraph", "oxigraph.exe"):
        candidate = here / name
        if candidate.is_file():
            return candidate
    found = shutil.which("oxigraph")
    if found is None:
        raise ServeError("no 'oxigraph' executable next to Python or on PATH: install it with 'pip install oxigraph' "
                         "(it is a dependency of kg)")
    return Path(found)


def _bind(host: str, port: int) -> str:
    if not 0 < port < 65536:
        raise UsageError(f"--port {port}: give a port between 1 and 65535")
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def base_url(host: str, port: int) -> str:
    """The URL clients use: a wildcard bind address is reached through loopback."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "[::]": "::1"}.get(host, host)
    return f"http://{_bind(shown, port)}"


def command(location: Path | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
            writable: bool = False, query_timeout: int = QUERY_TIMEOUT, union: bool = True) -> list[str]:
    """The ``oxigraph`` command line that serves ``location`` (``None``: an empty in-memory store, writable only).

    ``union`` ``False`` leaves the default graph on its own, as a plain ``oxigraph serve`` does (for tests).
    """
    if query_timeout < 1:
        raise UsageError(f"--timeout {query_timeout}: give a number of seconds of at least 1")
    args = [str(find_oxigraph())]
    if writable:
        args.append("serve")
        if location is not None:
            args += ["--location", str(location)]
    else:
        if location is None:
            raise UsageError("a read-only server needs a store location")
        args += ["serve-read-only", "--location", str(location)]
    args += ["--bind", _bind(host, port), "--timeout-s", str(query_timeout)]
    return [*args, "--union-default-graph"] if union else args


def _answers(endpoint: Endpoint) -> bool:
    try:
        response = httpx.post(endpoint.query_url, data={"query": "ASK {}"}, trust_env=False, timeout=1.0,
                              headers={"Accept": "application/sparql-results+json"})
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def _wait_until_answering(process: subprocess.Popen[bytes], endpoint: Endpoint, timeout: float,
                          log: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        code = process.poll()
        if code is not None:
            detail = log().strip()
            raise ServeError(f"oxigraph stopped (exit code {code}) before it answered at {endpoint.query_url}"
                             + (f": {detail}" if detail else ""))
        if _answers(endpoint):
            return
        time.sleep(_POLL)
    raise ServeError(f"oxigraph did not answer at {endpoint.query_url} within {timeout:g} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


def _check_port_free(host: str, port: int) -> None:
    """Fail early when something already listens there (else its answers could pass for oxigraph's)."""
    shown = host.strip("[]")
    family = socket.AF_INET6 if ":" in shown else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as oxigraph does: TIME_WAIT is no obstacle
        try:
            s.bind((shown, port))
        except OSError as e:
            raise ServeError(f"cannot listen on {_bind(host, port)}: {e.strerror or e} (is a server already "
                             "running there? choose another --port)") from None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def running_server(location: Path | None = None, port: int | None = None, *, writable: bool = False,
                   timeout: float = START_TIMEOUT, query_timeout: int = QUERY_TIMEOUT,
                   union: bool = True) -> Iterator[Endpoint]:
    """An ``oxigraph`` server on 127.0.0.1 for the ``with`` block; yields its :class:`~kg.remote.Endpoint`.

    ``location`` is a store directory (``None``: an empty in-memory store, which
    must be ``writable``); ``port`` ``None`` picks a free port. The server
    answers before the block starts and is stopped when it ends, however it ends.
    """
    attempts = 3 if port is None else 1  # a free port may be taken before oxigraph binds it
    for attempt in range(attempts):
        chosen = _free_port() if port is None else port
        endpoint = Endpoint.from_base(base_url(DEFAULT_HOST, chosen))
        _check_port_free(DEFAULT_HOST, chosen)
        with tempfile.TemporaryFile() as log:
            process = subprocess.Popen(command(location, DEFAULT_HOST, chosen, writable, query_timeout, union),
                                       stdin=subprocess.DEVNULL, stdout=log, stderr=log, preexec_fn=before_exec())
            try:
                def read_log() -> str:
                    log.seek(0)
                    return log.read().decode("utf-8", "replace")[-2000:]

                try:
                    _wait_until_answering(process, endpoint, timeout, read_log)
                except ServeError:
                    if attempt + 1 < attempts and process.poll() is not None:
                        continue
                    raise
                yield endpoint
                return
            finally:
                _stop(process)


def check_store(build_dir: Path) -> Path:
    """The store directory of a build, or :class:`~kg.errors.StoreMissing` saying why there is none."""
    store = open_store(build_dir)  # checks the manifest and the format version
    del store
    return build_dir / STORE_DIR


class _Supervised:
    """The oxigraph process of :func:`serve`, which the gateway restarts to stop a query past its time.

    Every oxigraph is started by one long-lived thread: the kernel's parent-death signal
    (:func:`kg.build.orphans.before_exec`) fires when the *thread* that started a child ends, and the gateway asks for
    a restart from the short-lived thread of a request.
    """

    def __init__(self, args: list[str], endpoint: Endpoint, timeout: float) -> None:
        self._args, self._endpoint, self._timeout = args, endpoint, timeout
        self._lock = threading.Lock()
        self._starts: queue.Queue[tuple[threading.Event, list[subprocess.Popen[bytes] | ServeError]]] = queue.Queue()
        threading.Thread(target=self._starter, daemon=True).start()
        self.restarts = 0
        self.process = self._start()

    def _starter(self) -> None:
        while True:
            done, box = self._starts.get()
            try:
                box.append(self._spawn())
            except ServeError as e:
                box.append(e)
            finally:
                done.set()

    def _start(self) -> subprocess.Popen[bytes]:
        done, box = threading.Event(), list[subprocess.Popen[bytes] | ServeError]()
        self._starts.put((done, box))
        done.wait()
        started = box[0]
        if isinstance(started, ServeError):
            raise started
        return started

    def _spawn(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(self._args, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   preexec_fn=before_exec())
        threading.Thread(target=_relay, args=(process,), daemon=True).start()
        try:
            _wait_until_answering(process, self._endpoint, self._timeout, lambda: "see its message above")
        except ServeError:
            _stop(process)
            raise
        return process

    def restart(self) -> None:
        """Kill the server (every query it runs stops at once) and start it again on the same store."""
        with self._lock:
            self.restarts += 1
            self.process.kill()
            self.process.wait()
            self.process = self._start()

    def wait(self) -> int:
        """The exit code of the server, once it stops other than by :meth:`restart`."""
        while True:
            process, restarts = self.process, self.restarts
            code = process.wait()
            with self._lock:
                if self.restarts == restarts and self.process is process:
                    return code


def _relay(process: subprocess.Popen[bytes]) -> None:
    """Oxigraph's messages, to stderr, but for the private address it listens at (kg prints the public one)."""
    assert process.stderr is not None
    for line in process.stderr:
        if not line.startswith(b"Listening for requests at "):
            sys.stderr.write(line.decode("utf-8", "replace"))
            sys.stderr.flush()


def serve(build_dir: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, writable: bool = False,
          ready: Callable[[Endpoint], None] | None = None, timeout: float = START_TIMEOUT,
          query_timeout: int = QUERY_TIMEOUT, allow_service: bool = False, site: Path | None = None,
          drafter: Drafter | None = None) -> int:
    """Serve the built store until the server stops or the user interrupts; return its exit code.

    With ``site`` (a folder ``kg site`` wrote), the web view is served at ``/`` beside the endpoint; with
    ``drafter``, ``POST /draft`` drafts a record from a text (the web view's draft page).

    ``ready(endpoint)`` is called once the server answers (the CLI prints the
    query URL then). Ctrl-C or SIGTERM stop the server and return 0.

    Oxigraph listens on a private loopback port behind :mod:`kg.ask.gateway`,
    which refuses ``SERVICE`` unless ``allow_service`` and stops a query still
    running after ``query_timeout`` seconds: Oxigraph 0.5 cannot cancel a
    query (its ``--timeout-s`` bounds only the requests of ``SERVICE``), so the
    gateway restarts it, which stops every query it runs at that moment.
    """
    location = check_store(build_dir)
    endpoint = Endpoint.from_base(base_url(host, port))
    _check_port_free(host, port)
    inner = Endpoint.from_base(base_url(DEFAULT_HOST, _free_port()))
    inner_port = int(urllib.parse.urlsplit(inner.query_url).port or 0)
    args = command(location, DEFAULT_HOST, inner_port, writable, query_timeout)
    server: _Supervised | None = None
    with serving(build_dir, endpoint.query_url):  # builds refuse to replace the store while it is served
        previous = _on_sigterm_interrupt()
        try:
            with contextlib.ExitStack() as stack:
                server = _Supervised(args, inner, timeout)
                try:
                    stack.enter_context(gateway((host, port), inner.query_url.removesuffix("/query"),
                                                allow_service=allow_service, query_timeout=query_timeout,
                                                on_timeout=server.restart, site=site, drafter=drafter))
                except OSError as e:
                    raise ServeError(f"cannot listen on {_bind(host, port)}: {e.strerror or e}") from None
                if ready is not None:
                    ready(endpoint)
                return server.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            if server is not None:
                _stop(server.process)
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


def _on_sigterm_interrupt() -> signal.Handlers | Callable[[int, FrameType | None], object] | int | None:
    """Make SIGTERM stop :func:`serve` as Ctrl-C does (main thread only); return the previous handler."""
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        return None
