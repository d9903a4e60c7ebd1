"""Shared fixtures: the real data built once per test session into a temp folder; a headless browser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.build.pipeline import BuildResult, build
from kg.build.store import open_store

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """``kg build`` of the real ``data/`` (read-only: do not modify)."""
    return build(DATA, tmp_path_factory.mktemp("kg") / "build")


@pytest.fixture(scope="session")
def store(built: BuildResult) -> ox.Store:
    """The built Oxigraph store, opened read-only."""
    return open_store(built.out_dir)


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Path]:
    """A private copy of ``data/`` that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    yield target


@pytest.fixture(scope="session")
def built_turtle(built: BuildResult) -> Graph:
    """The built Turtle parsed with rdflib."""
    return Graph().parse(built.out_dir / "kg.ttl", format="turtle")


# Headless Chromium (tests/browser.py): the system's browser, launched once per session; a page per test.
# Playwright is imported by the fixtures only, so that a virtualenv without it still runs the other tests.


@pytest.fixture(scope="session")
def playwright_browsers_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty folder given to Playwright as its browsers' folder: it must stay empty (nothing is downloaded)."""
    return tmp_path_factory.mktemp("playwright-browsers")


@pytest.fixture(scope="session")
def browser(playwright_browsers_path: Path) -> Iterator[Browser]:
    """Headless system Chromium (skipped as non-root when it is missing, an error as root: see tests/browser.py)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch, require_chromium

    executable = require_chromium()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLAYWRIGHT_BROWSERS_PATH", str(playwright_browsers_path))
        env.setenv("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        with sync_playwright() as playwright:
            chromium = launch(playwright, executable)
            yield chromium
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new page (own context, 1280×900) that must see no console error or warning, page error, failed or
    external request: checked at teardown."""
    from tests.browser import assert_no_problems, watched_page

    with watched_page(browser) as (opened, watch):
        yield opened
        assert_no_problems(opened, watch)


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    """As ``page``, with JavaScript disabled."""
    from tests.browser import assert_no_problems, watched_page

    with watched_page(browser, java_script_enabled=False) as (opened, watch):
        yield opened
        assert_no_problems(opened, watch)
