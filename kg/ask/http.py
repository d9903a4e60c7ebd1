"""HTTP for the remote store (httpx): credentials, proxies, redirects and an overall deadline per request.

* **Credentials** come from the environment only: ``KG_ENDPOINT_TOKEN`` (sent
  as a Bearer token), or ``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD``,
  sent only when the server asks (HTTP 401) and in the scheme it asks for:
  Digest (as Virtuoso's authenticated endpoints do) or Basic. They go to the
  URL kg was given and nowhere else: redirects are never followed.
* **Proxies**: a loopback host (``localhost``, ``127.0.0.0/8``, ``::1``) is
  never reached through a proxy, whatever ``http_proxy`` says; another host goes
  through the proxy the environment names (``http_proxy``, ``https_proxy``,
  ``no_proxy``), except that credentials are never sent through a proxy in
  plain HTTP, where the proxy would read them (use ``https://``, which the
  proxy only tunnels, or exempt the host with ``no_proxy``).
* **Deadline**: every request, from connecting to the last byte of the answer,
  ends within the endpoint's timeout; a server that answers slowly (or drips
  one byte at a time) is cut off and reported, never waited for forever.

Every failure is a :class:`RemoteError` (exit code 2) naming the URL and what
the server answered.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import threading
import urllib.parse
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from kg.model.errors import KgError, UsageError

__all__ = [
    "PASSWORD_ENV", "TOKEN_ENV", "USER_ENV", "Credentials", "RemoteError", "Response", "Session", "Unsupported",
    "credentials", "is_loopback", "origin", "proxy_for",
]

TOKEN_ENV = "KG_ENDPOINT_TOKEN"
USER_ENV = "KG_ENDPOINT_USER"
PASSWORD_ENV = "KG_ENDPOINT_PASSWORD"
_MESSAGE_LIMIT = 600  # characters of a server's error message that are shown


class RemoteError(KgError):
    """A remote store could not be reached, refused a request, or answered something unusable."""


class Unsupported(RemoteError):
    """The server does not implement the method at that URL (HTTP 405 or 501)."""


@dataclass(frozen=True)
class Credentials:
    """A Bearer token, or a user name and password (Digest or Basic, as the server asks)."""

    token: str | None = None
    user: str | None = None
    password: str | None = None


def credentials(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials the environment gives, if any (a :class:`UsageError` when they are incomplete)."""
    env = os.environ if environ is None else environ
    token, user, password = env.get(TOKEN_ENV), env.get(USER_ENV), env.get(PASSWORD_ENV)
    if token and (user or password):
        raise UsageError(f"set either {TOKEN_ENV} or {USER_ENV} and {PASSWORD_ENV}, not both")
    if token:
        return Credentials(token=token)
    if user is None and password is None:
        return None
    if not user or password is None:
        raise UsageError(f"a user name needs both {USER_ENV} and {PASSWORD_ENV} in the environment")
    return Credentials(user=user, password=password)


def origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (never reached through a proxy)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def proxy_for(url: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The proxy the environment names for ``url`` (``None``: connect directly; always for loopback)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if is_loopback(host):
        return None
    env = dict(os.environ if environ is None else environ)
    proxies = {k.lower().removesuffix("_proxy"): v for k, v in env.items()
               if k.lower().endswith("_proxy") and v}
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if not proxy:
        return None
    bypass = proxies.get("no", "")
    if bypass and _bypassed(host, parts.port, bypass):
        return None
    return proxy if "://" in proxy else "http://" + proxy


def _bypassed(host: str, port: int | None, no_proxy: str) -> bool:
    """``no_proxy`` as curl reads it: ``*``, host names and their subdomains, IP addresses and networks."""
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*":
            return True
        name, _, entry_port = entry.partition(":") if entry.count(":") == 1 else (entry, "", "")
        if entry_port and port is not None and entry_port != str(port):
            continue
        name = name.lstrip(".").strip("[]")
        if host == name or host.endswith("." + name):
            return True
        try:
            if ipaddress.ip_address(host) in ipaddress.ip_network(name, strict=False):
                return True
        except ValueError:
            continue
    return False


class _EnvironmentAuth(httpx.Auth):
    """A Bearer token on every request; a user and password only when the server challenges, as it asks."""

    requires_request_body = True

    def __init__(self, creds: Credentials) -> None:
        self._creds = creds
        self._scheme: str | None = None  # learned from the first challenge: "basic" or "digest"
        self._digest = httpx.DigestAuth(creds.user or "", creds.password or "")
        self._basic = httpx.BasicAuth(creds.user or "", creds.password or "")

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._creds.token is not None:
            request.headers["Authorization"] = f"Bearer {self._creds.token}"
            yield request
            return
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        offered = " ".join(response.headers.get_list("www-authenticate")).lower()
        if "digest" in offered:
            self._scheme = "digest"
            yield from self._digest.auth_flow(request)
        elif "basic" in offered:
            self._scheme = "basic"
            yield from self._basic.auth_flow(request)


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    server: str  # the Server header, or ""


class Session:
    """Requests to one store, each with an overall deadline; use as a context manager."""

    def __init__(self, timeout: float, environ: Mapping[str, str] | None = None) -> None:
        self.timeout = timeout
        self._environ = environ
        self._creds = credentials(environ)
        self._auth = _EnvironmentAuth(self._creds) if self._creds is not None else None
        self._clients: dict[str | None, httpx.Client] = {}
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def _client(self, url: str) -> httpx.Client:
        proxy = proxy_for(url, self._environ)
        if proxy is not None and self._creds is not None and url.lower().startswith("http://"):
            raise UsageError(f"{url} would be reached through the proxy {origin(proxy)} in plain HTTP, which would "
                             f"read the credentials ({TOKEN_ENV}, {USER_ENV}): use https://, or name the host in "
                             "no_proxy")
        if proxy not in self._clients:
            self._clients[proxy] = httpx.Client(
                proxy=proxy, trust_env=False, follow_redirects=False, auth=self._auth,
                timeout=httpx.Timeout(self.timeout))
        return self._clients[proxy]

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        if event == "connection.connect_tcp.complete":
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                with self._lock:
                    self._sockets.append(sock)

    def _cut(self, expired: threading.Event) -> None:
        """The deadline passed: shut the connections down, which ends any read or write in progress."""
        expired.set()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def request(self, method: str, url: str, *, data: Mapping[str, str] | None = None, content: bytes | None = None,
                headers: Mapping[str, str] | None = None, ok_missing: bool = False) -> Response:
        """One request, its whole answer read within the deadline; HTTP errors raise :class:`RemoteError`."""
        client = self._client(url)
        expired = threading.Event()
        timer = threading.Timer(self.timeout, self._cut, (expired,))
        timer.daemon = True
        timer.start()
        try:
            response = client.request(method, url, data=data, content=content, headers=headers,
                                      extensions={"trace": self._trace})
        except httpx.InvalidURL as e:
            raise UsageError(f"'{url}' is not a URL kg can reach: {e}") from None
        except httpx.HTTPError as e:
            raise self._failure(method, url, e, expired.is_set()) from None
        finally:
            timer.cancel()
        if expired.is_set():  # cut off at the deadline: what was read may look complete, and is not
            raise RemoteError(f"{method} {url}: no complete answer within {self.timeout:g} s (see --timeout)")
        answer = Response(response.status_code, response.headers.get("content-type", "").split(";")[0].strip(),
                          response.content, response.headers.get("server", ""))
        if response.is_success:
            return answer
        if ok_missing and response.status_code == 404:
            return answer
        message = _http_message(method, url, response)
        if response.status_code in (405, 501):
            raise Unsupported(message)
        raise RemoteError(message)

    def _failure(self, method: str, url: str, e: httpx.HTTPError, expired: bool) -> RemoteError:
        if expired or isinstance(e, httpx.TimeoutException):
            return RemoteError(f"{method} {url}: no complete answer within {self.timeout:g} s (see --timeout)")
        cause: BaseException | None = e
        while cause is not None:
            if isinstance(cause, ConnectionRefusedError):
                return RemoteError(f"cannot connect to {origin(url)}: connection refused (is the SPARQL server "
                                   "running, and is the URL right?)")
            if isinstance(cause, socket.gaierror):
                return RemoteError(f"cannot connect to {origin(url)}: unknown host")
            cause = cause.__cause__ or cause.__context__
        if isinstance(e, httpx.ConnectError):
            return RemoteError(f"cannot connect to {origin(url)}: {e}")
        return RemoteError(f"{method} {url}: {e or type(e).__name__}")


def _http_message(method: str, url: str, response: httpx.Response) -> str:
    detail = " ".join(response.content.decode("utf-8", "replace").split())
    if len(detail) > _MESSAGE_LIMIT:
        detail = detail[:_MESSAGE_LIMIT - 1] + "…"
    code = response.status_code
    message = f"{method} {url}: HTTP {code} {response.reason_phrase}"
    if detail:
        message += f": {detail}"
    if response.is_redirect:
        message += (f" (redirected to {response.headers.get('location', '?')}; give that URL: kg does not follow "
                    "redirects)")
    elif code == 401:
        message += f" (credentials come from {TOKEN_ENV}, or {USER_ENV} and {PASSWORD_ENV})"
    elif code == 403:
        message += (f" (a read-only store, or credentials without that right; they come from {TOKEN_ENV}, "
                    f"or {USER_ENV} and {PASSWORD_ENV})")
    elif code == 404:
        message += " (is the URL right? see --query-url, --update-url and --store-url)"
    return message
