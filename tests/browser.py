"""Headless Chromium for the tests: the system's browser driven by Playwright, and what to check on a page.

The browser is Debian's ``chromium`` (``/usr/bin/chromium``; ``tools/test-deps.sh`` installs it), driven by the
``playwright`` Python package (its wheel bundles the driver and no browser). Nothing here downloads a browser:
``playwright install`` is never called, Chromium is launched with ``executable_path``, and
``PLAYWRIGHT_BROWSERS_PATH`` points at an empty folder of the session that ``tests/test_browser_harness.py`` checks
is still empty. The network of the test machines is closed, so Chromium runs with the flags of ``CHROMIUM_FLAGS``
(no background networking, no QUIC...) and a new empty profile (Playwright makes one per launch).

What a test checks on a page:

* ``PageWatch`` records, from the moment it is attached, console messages of level error or warning, uncaught page
  errors, failed requests, HTTP errors and every request that is not local (``file:``, ``data:``, ``blob:``,
  ``about:`` or ``http://127.0.0.1``); ``watched_page`` aborts those requests before they leave the browser: pages
  must load nothing external. ``PageWatch.problems`` is the list to assert empty.
* ``axe_violations`` runs axe-core (the copy bundled by the ``axe-playwright-python`` package) on the page and gives
  its violations of WCAG 2.0/2.1 A and AA in a readable form. Run it over HTTP (``serve``): from ``file://`` axe
  cannot read the stylesheets again, and the rules that need them are left out.
* ``tab_order`` presses Tab through the page and lists the elements that get the focus.
* ``serve`` serves a folder over HTTP on 127.0.0.1 (stdlib ``http.server`` in a thread); ``file_url`` gives the
  ``file://`` URL of a page, with a query string, and ``open_file`` opens it.
"""

from __future__ import annotations

import functools
import http.server
import importlib.resources
import os
import shutil
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    Request,
    Response,
    Route,
    ViewportSize,
)

# Debian's browser; KG_CHROMIUM names another Chromium build (never one Playwright downloads).
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Without these, Chromium's own connections (updates, field trials, QUIC probes, sync) are refused by the closed
# network and it can stall; Playwright adds its own defaults (and --user-data-dir with a new empty profile).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

VIEWPORT: ViewportSize = {"width": 1280, "height": 900}

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# axe-core, as bundled by axe-playwright-python (pinned in pyproject.toml): read as a file, not imported (the
# package has no type information and its Python wrapper is not needed).
AXE_SOURCE = importlib.resources.files("axe_playwright_python").joinpath("axe.min.js")

INSTALL_HINT = "tools/test-deps.sh installs Debian's chromium (as root)"


def chromium_executable() -> str | None:
    """The Chromium to drive: ``$KG_CHROMIUM``, else ``chromium`` on PATH, else /usr/bin/chromium; None if absent."""
    named = os.environ.get("KG_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    found = shutil.which("chromium")
    if found:
        return found
    return DEFAULT_CHROMIUM if Path(DEFAULT_CHROMIUM).is_file() else None


def is_root() -> bool:
    """True when the tests run as root, as on CI: there a missing browser is an error, not a reason to skip."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def require_chromium() -> str:
    """The Chromium executable; skips the test (as non-root) or fails it (as root, CI) when there is none."""
    executable = chromium_executable()
    if executable is not None:
        return executable
    reason = f"Chromium is not installed ({INSTALL_HINT})"
    if is_root():
        pytest.fail(f"{reason}: running as root, as CI does, the browser tests must run", pytrace=False)
    pytest.skip(reason)


def launch(playwright: Playwright, executable: str) -> Browser:
    """Headless Chromium from ``executable`` with ``CHROMIUM_FLAGS``, never a browser of Playwright's own."""
    return playwright.chromium.launch(
        executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS), chromium_sandbox=False
    )


def is_local(url: str) -> bool:
    """True for the URLs a page of the site may load: files, inline data and the test's own HTTP server."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in {"file", "data", "blob", "about"}:
        return True
    return parts.scheme == "http" and parts.hostname == "127.0.0.1"


@dataclass
class PageWatch:
    """What went wrong on a page since the watch was attached: each problem one readable line."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> PageWatch:
        """Listen to ``page``'s console, errors, requests and responses."""
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        page.on("request", self._request)
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        return self

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"}:
            where = message.location.get("url", "")
            self.problems.append(f"console {message.type}: {message.text} ({where})")

    def _page_error(self, error: Error) -> None:
        self.problems.append(f"uncaught error: {error.name}: {error.message}")

    def _request(self, request: Request) -> None:
        if not is_local(request.url):
            self.problems.append(f"external request: {request.method} {request.url}")

    def _request_failed(self, request: Request) -> None:
        self.problems.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")


def settle(page: Page) -> None:
    """Let the events the browser has sent so far reach the watch (a short wait that dispatches them)."""
    if page.is_closed():
        return
    page.wait_for_timeout(50)


def page_problems(page: Page, watch: PageWatch) -> list[str]:
    """The problems ``watch`` has seen on ``page``, once pending events are in: what the ``page`` fixture asserts."""
    settle(page)
    return list(watch.problems)


def assert_no_problems(page: Page, watch: PageWatch) -> None:
    """Fail with every problem seen on ``page`` (console errors and warnings, page errors, bad requests)."""
    problems = page_problems(page, watch)
    assert not problems, f"{len(problems)} problem(s) on {page.url}:\n" + "\n".join(problems)


def _abort(route: Route) -> None:
    """Stop a request before it leaves the browser (the watch's request listener has recorded it)."""
    route.abort("blockedbyclient")


@contextmanager
def watched_page(browser: Browser, *, java_script_enabled: bool = True) -> Iterator[tuple[Page, PageWatch]]:
    """A new context and page (1280×900, English) with a ``PageWatch`` attached and external requests aborted."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB", java_script_enabled=java_script_enabled)
    try:
        watch = PageWatch()
        context.route(lambda url: not is_local(url), _abort)
        page = context.new_page()
        watch.attach(page)
        yield page, watch
    finally:
        context.close()


@dataclass(frozen=True)
class Violation:
    """One axe-core rule broken on a page: which rule, how bad, where (CSS selectors) and what it says."""

    id: str
    impact: str
    help: str
    targets: tuple[str, ...]
    summary: str

    def __str__(self) -> str:
        where = "; ".join(self.targets[:5]) + (f"; … {len(self.targets) - 5} more" if len(self.targets) > 5 else "")
        return f"{self.id} ({self.impact}): {self.help} at {where}\n    {self.summary}"


def _target(node: dict[str, Any]) -> str:
    return " ".join(str(part) for part in node.get("target", []))


def axe_violations(page: Page, tags: tuple[str, ...] = WCAG_TAGS) -> list[Violation]:
    """axe-core's violations on ``page`` of the rules with one of ``tags`` (WCAG 2.0 and 2.1, A and AA)."""
    page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    if page.url.startswith("file:"):
        # axe fetches the stylesheets again with XMLHttpRequest, which Chromium refuses from file:// (an error in
        # the console); its few rules that need them (css-orientation-lock) are then left incomplete
        options["preload"] = False
    results: dict[str, Any] = page.evaluate("(options) => axe.run(document, options)", options)
    violations = []
    for found in results["violations"]:
        nodes: list[dict[str, Any]] = found["nodes"]
        summary = nodes[0].get("failureSummary", "").replace("\n", " ") if nodes else ""
        violations.append(
            Violation(
                id=found["id"],
                impact=found.get("impact") or "",
                help=found["help"],
                targets=tuple(_target(node) for node in nodes),
                summary=summary,
            )
        )
    return violations


def axe_version(page: Page) -> str:
    """The version of axe-core that ``axe_violations`` runs (after it has run once on ``page``)."""
    return str(page.evaluate("axe.version"))


def report(violations: list[Violation]) -> str:
    """Violations one after the other, for an assertion message."""
    return "\n".join(str(v) for v in violations)


@dataclass(frozen=True)
class Focused:
    """An element that got the keyboard focus: tag, id, name, resolved link, text, and whether focus is drawn."""

    tag: str
    id: str
    name: str
    href: str
    text: str
    outlined: bool

    def __str__(self) -> str:
        ident = f"#{self.id}" if self.id else ""
        link = f" -> {self.href}" if self.href else ""
        return f"<{self.tag}{ident}> {self.text[:40]!r}{link}"


_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outlined = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  const href = el.getAttribute('href');  // resolved here: an SVG <a>'s .href is an object
  return {tag: el.tagName.toLowerCase(), id: el.id || '', name: el.getAttribute('name') || '',
          href: href ? new URL(href, document.baseURI).href : '',
          text: (el.innerText || el.value || '').trim().replace(/\\s+/g, ' '), outlined};
}"""


def tab_order(page: Page, limit: int = 60) -> list[Focused]:
    """The elements that Tab focuses in turn from the top of the page, up to ``limit`` presses or back to the start."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen: list[Focused] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state: dict[str, Any] | None = page.evaluate(_FOCUSED)
        if state is None:
            break
        focused = Focused(**state)
        if seen and focused == seen[0]:
            break
        seen.append(focused)
    return seen


def rendering_fonts(page: Page, selector: str) -> list[str]:
    """The families of the system fonts Chromium drew the text of the first ``selector`` with (DevTools' CSS
    domain: what was drawn, not what the style asks for)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no element matches {selector!r}"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        return [str(font["familyName"]) for font in fonts]
    finally:
        cdp.detach()


def arabic_font_families() -> set[str] | None:
    """The font families fontconfig says cover Arabic (``fc-list :lang=ar``); None without ``fc-list``."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listed = subprocess.run([fc_list, ":lang=ar", "family"], capture_output=True, text=True, check=True).stdout
    return {name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()}


def file_url(path: Path, **query: str) -> str:
    """The ``file://`` URL of ``path``, with ``query`` (e.g. ``q="زردنا"``) percent-encoded after ``?``."""
    url = path.resolve().as_uri()
    return f"{url}?{urllib.parse.urlencode(query)}" if query else url


def open_file(page: Page, path: Path, **query: str) -> None:
    """Open ``path`` in ``page`` from its ``file://`` URL (with ``query``), as a reader opens the folder."""
    page.goto(file_url(path, **query))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (a free port) in a thread; yields its base URL, ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {folder}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
