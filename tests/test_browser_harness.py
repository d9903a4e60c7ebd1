"""The browser harness (tests/browser.py) can fail: each check is shown catching what it is there to catch.

Tiny pages written by the tests: a console error, a page error, an external request, a missing file, low contrast
text, a link without a focus ring. The checking functions are called directly (the ``page`` fixture asserts the
same ``page_problems`` at teardown). Also: the browser is the system's Chromium, nothing is downloaded, and a font
with Arabic glyphs draws Arabic text.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests import browser as harness
from tests.browser import (
    Violation,
    arabic_font_families,
    axe_version,
    axe_violations,
    chromium_executable,
    file_url,
    is_local,
    is_root,
    open_file,
    page_problems,
    rendering_fonts,
    report,
    require_chromium,
    serve,
    tab_order,
    watched_page,
)

CLEAN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Clean</title><link rel="icon" href="data:,"></head>
<body><header><a href="#main">Skip to the content</a></header>
<main id="main"><h1>A clean page</h1><p>Black on white, <a href="other.html">a link</a>.</p>
<form role="search" action="search.html"><label for="q">Search</label> <input id="q" name="q">
<button type="submit">Go</button></form>
<p lang="ar" dir="rtl">زردنا</p></main></body></html>
"""


def write(folder: Path, name: str, html: str) -> Path:
    path = folder / name
    path.write_text(html, encoding="utf-8")
    return path


def page_html(body: str, head: str = "") -> str:
    """A minimal valid page around ``body``."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test</title>'
        f'<link rel="icon" href="data:,">{head}</head><body><main><h1>Test</h1>{body}</main></body></html>'
    )


def problems_of(browser: Browser, url: str) -> list[str]:
    """What the ``page`` fixture's check reports for the page at ``url``."""
    with watched_page(browser) as (page, watch):
        page.goto(url)
        return page_problems(page, watch)


def test_a_console_error_is_reported(browser: Browser, tmp_path: Path) -> None:
    path = write(tmp_path, "error.html", page_html('<script>console.error("something broke")</script>'))
    problems = problems_of(browser, file_url(path))
    assert any(p.startswith("console error: something broke") for p in problems), problems


def test_a_console_warning_and_an_uncaught_error_are_reported(browser: Browser, tmp_path: Path) -> None:
    path = write(tmp_path, "warn.html", page_html('<script>console.warn("careful"); throw new Error("kaput")</script>'))
    problems = problems_of(browser, file_url(path))
    assert any(p.startswith("console warning: careful") for p in problems), problems
    assert any(p.startswith("uncaught error: Error: kaput") for p in problems), problems


def test_an_external_request_is_reported_and_blocked(browser: Browser, tmp_path: Path) -> None:
    body = '<img src="https://example.org/pixel.png" alt="x"><link rel="stylesheet" href="http://localhost:9/s.css">'
    path = write(tmp_path, "external.html", page_html(body))
    problems = problems_of(browser, file_url(path))
    assert "external request: GET https://example.org/pixel.png" in problems, problems
    assert "external request: GET http://localhost:9/s.css" in problems, problems
    # aborted in the browser: never sent over the network
    assert any(p.startswith("request failed: GET https://example.org/pixel.png: net::ERR_BLOCKED_BY_CLIENT")
               for p in problems), problems


def test_a_missing_local_file_is_reported_from_file_and_http(browser: Browser, tmp_path: Path) -> None:
    write(tmp_path, "missing.html", page_html('<script src="missing.js"></script>'))
    problems = problems_of(browser, file_url(tmp_path / "missing.html"))
    assert any(p.startswith("request failed: GET file://") and "ERR_FILE_NOT_FOUND" in p for p in problems), problems
    with serve(tmp_path) as base:
        problems = problems_of(browser, base + "missing.html")
    assert f"HTTP 404: GET {base}missing.js" in problems, problems


def test_a_clean_page_reports_nothing(browser: Browser, tmp_path: Path) -> None:
    path = write(tmp_path, "clean.html", CLEAN)
    assert problems_of(browser, file_url(path)) == []


def test_a_script_loaded_by_src_runs_on_a_file_url_with_a_query(page: Page, tmp_path: Path) -> None:
    write(tmp_path, "app.js", 'document.getElementById("out").textContent = '
                              'new URLSearchParams(location.search).get("q");\n')
    path = write(tmp_path, "index.html", page_html('<p id="out">not run</p><script src="app.js"></script>'))
    assert file_url(path, q="زردنا").endswith("index.html?q=%D8%B2%D8%B1%D8%AF%D9%86%D8%A7")
    open_file(page, path, q="زردنا")
    assert page.text_content("#out") == "زردنا"


def test_a_folder_served_over_http_runs_its_scripts(page: Page, tmp_path: Path) -> None:
    write(tmp_path, "app.js", 'document.getElementById("out").textContent = location.search;\n')
    write(tmp_path, "index.html", page_html('<p id="out">not run</p><script src="app.js"></script>'))
    with serve(tmp_path) as base:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", base)
        page.goto(base + "index.html?q=zard")
        assert page.text_content("#out") == "?q=zard"


def test_low_contrast_text_is_an_axe_color_contrast_violation(page: Page, tmp_path: Path) -> None:
    body = '<p style="color:#999;background:#aaa">Grey on grey</p>'
    page.goto(file_url(write(tmp_path, "grey.html", page_html(body))))
    violations = axe_violations(page)
    assert [v.id for v in violations] == ["color-contrast"], report(violations)
    assert violations[0].targets == ("p",)
    assert violations[0].impact == "serious"
    assert "color-contrast (serious)" in str(violations[0])


def test_axe_reads_stylesheets_over_http_and_makes_no_console_error_from_a_file(
    page: Page, tmp_path: Path
) -> None:
    write(tmp_path, "grey.css", "p { color: #999; background: #aaa }\n")
    write(tmp_path, "grey.html", page_html("<p>Grey on grey</p>", head='<link rel="stylesheet" href="grey.css">'))
    with serve(tmp_path) as base:
        page.goto(base + "grey.html")
        assert [v.id for v in axe_violations(page)] == ["color-contrast"]
    page.goto(file_url(tmp_path / "grey.html"))
    assert [v.id for v in axe_violations(page)] == ["color-contrast"]
    # the page fixture then checks that neither run left an error in the console


def test_a_clean_page_has_no_axe_violation(page: Page, tmp_path: Path) -> None:
    page.goto(file_url(write(tmp_path, "clean.html", CLEAN)))
    violations = axe_violations(page)
    assert violations == [], report(violations)
    major, minor = (int(part) for part in axe_version(page).split(".")[:2])
    assert (major, minor) >= (4, 12)


def test_axe_reports_a_missing_lang_and_an_unlabelled_input(page: Page, tmp_path: Path) -> None:
    html = '<!doctype html><html><head><title>x</title></head><body><main><h1>x</h1><input id="q"></main></body></html>'
    page.goto(file_url(write(tmp_path, "bad.html", html)))
    found = {v.id for v in axe_violations(page)}
    assert {"html-has-lang", "label"} <= found, found


def test_a_violation_reads_well_in_an_assertion_message() -> None:
    violation = Violation("label", "critical", "Form elements must have labels", ("#q", "#r"), "Fix any of: ...")
    assert str(violation) == "label (critical): Form elements must have labels at #q; #r\n    Fix any of: ..."


def test_tab_order_lists_the_focusable_elements_and_their_focus_ring(page: Page, tmp_path: Path) -> None:
    body = ('<p>Text is not focusable. <a href="a.html">first</a></p><input id="q" name="q" aria-label="Search">'
            '<a href="b.html" style="outline:none">no ring</a><button type="button">Press</button>')
    page.goto(file_url(write(tmp_path, "keys.html", page_html(body))))
    order = tab_order(page)
    assert [(f.tag, f.id, f.text) for f in order] == [("a", "", "first"), ("input", "q", ""),
                                                      ("a", "", "no ring"), ("button", "", "Press")]
    assert order[0].href == file_url(tmp_path / "a.html")
    assert [f.outlined for f in order] == [True, True, False, True]


def test_urls_are_local_only_for_files_inline_data_and_127_0_0_1() -> None:
    assert is_local("file:///tmp/site/index.html")
    assert is_local("http://127.0.0.1:8123/figure/children-1928.html")
    assert is_local("data:,")
    assert is_local("about:blank")
    assert not is_local("http://localhost:8123/")
    assert not is_local("https://127.0.0.1/")
    assert not is_local("https://fonts.googleapis.com/css")
    assert not is_local("http://127.0.0.1.example.org/")


def test_the_browser_is_the_system_chromium_and_nothing_was_downloaded(
    browser: Browser, playwright_browsers_path: Path
) -> None:
    executable = chromium_executable()
    assert executable is not None
    version = subprocess.run([executable, "--version"], capture_output=True, text=True, check=True).stdout
    assert browser.version in version, (browser.version, version)
    assert list(playwright_browsers_path.iterdir()) == [], "Playwright downloaded something"


@pytest.mark.parametrize(("root", "outcome"), [(False, pytest.skip.Exception), (True, pytest.fail.Exception)])
def test_a_missing_chromium_skips_as_a_user_and_fails_as_root(
    monkeypatch: pytest.MonkeyPatch, root: bool, outcome: type[BaseException]
) -> None:
    monkeypatch.setenv("KG_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(harness, "is_root", lambda: root)
    with pytest.raises(outcome, match="Chromium is not installed"):
        require_chromium()


def test_arabic_text_is_drawn_with_a_font_that_has_arabic_glyphs(page: Page, tmp_path: Path) -> None:
    families = arabic_font_families()
    if not families:
        reason = "no font with Arabic glyphs (fc-list :lang=ar; tools/test-deps.sh installs fonts-dejavu-core)"
        if is_root():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    page.goto(file_url(write(tmp_path, "ar.html", CLEAN)))
    drawn = rendering_fonts(page, "p[lang=ar]")
    assert drawn, "no font drew the Arabic text"
    assert set(drawn) <= families, f"Arabic drawn with {drawn}; fonts with Arabic glyphs: {sorted(families)}"
