"""The static site (``kg site``) in a real browser: headless system Chromium through Playwright (tests/browser.py).

The seed data (``data/``) and the test corpus (``tests/corpus/``) are built and made into sites once per module,
with the CLI as a user runs it (``kg build --data D --build B``, then ``kg site --build B --out S``). The pages are
opened from ``file://`` URLs (and the search page over HTTP too). Every test's page must show no console error or
warning, page error, failed or external request (the ``page`` fixture). What the pages must hold (the contract of
``kg site``):

* every page: ``<html lang>`` (``en``: the site's own words are English), ``<meta name="kg-root">`` (``""`` at the
  root, ``"../"`` one folder down), a ``<header>`` with ``<form role="search">`` whose action is the root's
  ``search.html`` and which holds ``<input id="q" name="q">``, exactly one ``<main>`` and one ``<h1>``; every Arabic
  text (quotes, words, headlines, names, in tables, links and citations too) inside ``lang="ar"`` and ``dir="rtl"``
  (in SVG, ``lang="ar"``; text of unknown language, such as the query, may be in ``lang=""`` and ``dir="auto"`` or
  ``<bdi>``); every local link leads to a file of the site;
* ``figure/ID.html``: one ``div.archived-text .quote`` holding the quote's exact words and one ``<mark>`` on the
  figure's words; the provenance chain as an inline ``<svg>`` in ``<main>`` whose text has the number ("1,928");
  ``<time datetime="YYYY-MM-DD">`` of the as-of day; one "How to cite" heading, whose ``<section>`` holds the
  figure's words and id; a link to ``figure/ID.ttl`` (Turtle about the figure's IRI) and one to a stored query
  (a ``.rq`` file, which exists when it is local);
* ``article/ID.html``: one ``div.archived-text`` (``lang`` of the article; ``dir="rtl"`` for Arabic) where each figure
  of the article is one ``mark[data-figure=ID]`` inside a link to ``../figure/ID.html``;
* ``measure/ID.html``: one ``svg.chart`` with one ``[data-figure=ID]`` element per reading (``kg query
  measure-evolution``: one row a reading), and in the chart's ``<section>`` a table with one
  ``tbody tr[data-figure=ID]`` per reading, holding a link to the reading's figure page;
* ``search.html?q=...``: the query in ``input#q`` and the results as links in ``<main>`` (a script; no fetch or XHR,
  which Chromium refuses from ``file://``: the index is loaded by ``<script src>``);
* WCAG 2.0/2.1 A and AA (axe-core, on the site served over HTTP); Tab reaches the search box, then the figures, with
  a visible focus (outline or box-shadow: keep the browser's ring); the figure, article and measure pages work
  without JavaScript.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect
from rdflib import Graph, URIRef

from tests.browser import (
    arabic_font_families,
    axe_violations,
    file_url,
    rendering_fonts,
    report,
    serve,
    tab_order,
)

ROOT = Path(__file__).resolve().parent.parent
IRI = "https://w3id.org/kg/id/"

FIGURE = "children-1928"
ARTICLE = "snhr-russia-fourth-anniversary"
ARABIC_ARTICLE = "al-araby-snhr-zardana-2018-07-18-ar"
MEASURE = "children-killed-by-russian-forces-since-2015"
ZARDANA = "زردنا"


@dataclass(frozen=True)
class Site:
    """A built graph (``build``) and the static site made from it (``out``)."""

    build: Path
    out: Path

    def url(self, page: str, **query: str) -> str:
        """The ``file://`` URL of ``page`` (relative to the site's root), with a query string."""
        return file_url(self.out / page, **query)

    def query(self, name: str, **params: str) -> list[dict[str, Any]]:
        """Rows of the stored query ``name`` on the build, as ``kg query NAME -p K=V --format json`` gives them."""
        bound = [arg for key, value in params.items() for arg in ("-p", f"{key}={value}")]
        out = kg("query", name, *bound, "--format", "json", "--build", str(self.build))
        rows: list[dict[str, Any]] = json.loads(out)
        return rows

    def figures_by_article(self) -> dict[str, list[str]]:
        """The figure ids of every article, from the build's manifest."""
        manifest = json.loads((self.build / "manifest.json").read_text(encoding="utf-8"))
        found: dict[str, list[str]] = manifest["figures_by_article"]
        return found


def kg(*args: str) -> str:
    """Run the CLI as a user does (``python -m kg ARGS``); its standard output. Fails the test on an error."""
    result = subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"kg {' '.join(args)} exited {result.returncode}:\n{result.stdout}{result.stderr}"
    return result.stdout


def make_site(data: Path, work: Path) -> Site:
    """``kg build`` of ``data`` then ``kg site`` of the build, in ``work``."""
    site = Site(build=work / "build", out=work / "site")
    kg("build", "--data", str(data), "--build", str(site.build))
    kg("site", "--build", str(site.build), "--out", str(site.out))
    return site


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site of the seed data (``data/``)."""
    return make_site(ROOT / "data", tmp_path_factory.mktemp("seed-site"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site of the test corpus (``tests/corpus/``), with its Arabic articles."""
    return make_site(ROOT / "tests" / "corpus", tmp_path_factory.mktemp("corpus-site"))


@pytest.fixture(scope="module")
def served_seed(seed: Site) -> Iterator[str]:
    """The seed site served over HTTP on 127.0.0.1: its base URL."""
    with serve(seed.out) as base:
        yield base


@pytest.fixture(scope="module")
def served_corpus(corpus: Site) -> Iterator[str]:
    """The corpus site served over HTTP on 127.0.0.1: its base URL."""
    with serve(corpus.out) as base:
        yield base


def id_of(iri: str) -> str:
    """``https://w3id.org/kg/id/figure/children-1928`` -> ``children-1928``."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def words(text: str | None) -> str:
    """Text with runs of white space made one space, trimmed (as a reader sees it)."""
    return re.sub(r"\s+", " ", text or "").strip()


def path_of(url: str) -> Path:
    """The file a ``file://`` URL names, without its query and fragment."""
    parts = urllib.parse.urlsplit(url)
    assert parts.scheme == "file", url
    return Path(urllib.parse.unquote(parts.path))


# The resolved URL of a link, HTML or SVG (an SVG <a>'s .href is an object, not a string).
HREF = "a => new URL(a.getAttribute('href'), document.baseURI).href"

# What every page holds, read in the page. Arabic text must be inside lang="ar" and dir="rtl" (in SVG, lang alone);
# text of unknown language (the query the reader typed) may instead be inside lang="" and dir="auto" or <bdi>.
FRAME = r"""() => {
  const href = a => new URL(a.getAttribute('href'), document.baseURI).href;  // as HREF above
  const meta = document.querySelector('meta[name="kg-root"]');
  const form = document.querySelector('form[role="search"]');
  const input = form ? form.querySelector('input#q') : null;
  const arabic = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const unmarked = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !arabic.test(node.data) || el.closest('script, style, template')) continue;
    const lang = el.closest('[lang]');
    const dir = el.closest('[dir]');
    const langOk = lang !== null && ['ar', ''].includes(lang.getAttribute('lang').toLowerCase().split('-')[0]);
    const dirOk = el.closest('svg, bdi') !== null
      || (dir !== null && ['rtl', 'auto'].includes(dir.getAttribute('dir')));
    if (!langOk || !dirOk) unmarked.push(node.data.trim().slice(0, 50));
  }
  return {
    lang: document.documentElement.getAttribute('lang') || '',
    root: meta ? meta.getAttribute('content') : null,
    action: form ? form.action : null,
    input: input ? input.getAttribute('name') : null,
    mains: document.querySelectorAll('main').length,
    h1s: document.querySelectorAll('h1').length,
    unmarked,
    links: Array.from(document.querySelectorAll('a[href]'), href),
  };
}"""


def frame_problems(page: Page, site: Site, rel: str) -> list[str]:
    """What the page at ``rel`` (open in ``page``) lacks of the frame every page has; [] when all is there."""
    found: dict[str, Any] = page.evaluate(FRAME)
    depth = len(Path(rel).parts) - 1
    problems = []
    if not found["lang"]:
        problems.append("no lang on <html>")
    if found["root"] != "../" * depth:
        problems.append(f'<meta name="kg-root"> content is {found["root"]!r}, not {"../" * depth!r}')
    if found["action"] is None or path_of(found["action"]) != site.out / "search.html":
        problems.append(f'the form role="search" goes to {found["action"]}, not the root search.html')
    if found["input"] != "q":
        problems.append('no <input id="q" name="q"> in the search form')
    if found["mains"] != 1 or found["h1s"] != 1:
        problems.append(f"{found['mains']} <main> and {found['h1s']} <h1> (one of each)")
    problems += [f"Arabic text without lang=ar dir=rtl: {text!r}" for text in found["unmarked"]]
    for link in found["links"]:
        if link.startswith("file:") and not path_of(link).exists():
            problems.append(f"broken link: {link}")
    return [f"{rel}: {problem}" for problem in problems]


@pytest.mark.parametrize("which", ["seed", "corpus"])
def test_every_page_has_the_frame_no_broken_link_and_no_console_error(
    page: Page, which: str, request: pytest.FixtureRequest
) -> None:
    site: Site = request.getfixturevalue(which)
    pages = sorted(p.relative_to(site.out).as_posix() for p in site.out.rglob("*.html"))
    kinds = {rel.split("/")[0] for rel in pages if "/" in rel}
    assert {"index.html", "search.html"} <= set(pages)
    assert {"figure", "article", "measure", "incident", "actor", "place"} <= kinds, kinds
    problems: list[str] = []
    for rel in pages:
        page.goto(site.url(rel))
        problems += frame_problems(page, site, rel)
    assert not problems, "\n".join(problems)
    # the page fixture then checks the console, errors and requests of all these pages


def test_figure_page_marks_the_figures_words_in_its_quote(page: Page, seed: Site) -> None:
    (trace,) = json.loads(kg("trace", FIGURE, "--format", "json", "--build", str(seed.build)))
    page.goto(seed.url(f"figure/{FIGURE}.html"))
    quote = page.locator("div.archived-text .quote")
    expect(quote).to_have_count(1)
    assert words(trace["quote"]["exact"]) in words(quote.text_content())
    marks = quote.locator("mark")
    expect(marks).to_have_count(1)
    assert words(marks.text_content()) == "1,928 children"
    expect(marks).to_be_visible()


def test_figure_page_shows_source_chain_date_citation_and_rdf(page: Page, seed: Site) -> None:
    page.goto(seed.url(f"figure/{FIGURE}.html"))
    main = page.locator("main")
    expect(main).to_contain_text("Syrian Network for Human Rights")
    expect(main.locator("svg", has_text="1,928").first).to_be_visible()  # the chain, inline, from the figure on
    expect(page.locator('time[datetime="2019-09-30"]').first).to_be_attached()
    heading = page.get_by_role("heading", name="How to cite")
    expect(heading).to_have_count(1)
    cite = heading.locator("xpath=ancestor::section[1]")
    expect(cite).to_have_count(1)
    expect(cite).to_contain_text("1,928 children")
    expect(cite).to_contain_text(FIGURE)
    hrefs: list[str] = page.eval_on_selector_all("a[href]", f"links => links.map({HREF})")
    ttl = seed.out / "figure" / f"{FIGURE}.ttl"
    assert any(h.startswith("file:") and path_of(h) == ttl for h in hrefs), f"no link to {ttl}: {hrefs}"
    turtle = Graph().parse(ttl, format="turtle")
    assert (URIRef(f"{IRI}figure/{FIGURE}"), None, None) in turtle
    queries = [h for h in hrefs if h.startswith("file:") and path_of(h).parent == seed.out / "query"]
    queries += [h for h in hrefs if urllib.parse.urlsplit(h).path.endswith(".rq")]
    assert queries, f"no link to a stored query (a page of query/ or a .rq file): {hrefs}"
    assert all(path_of(h).is_file() for h in queries if h.startswith("file:")), queries


def test_figure_page_without_javascript_still_shows_the_mark_and_the_chain(
    page_without_js: Page, seed: Site
) -> None:
    page_without_js.goto(seed.url(f"figure/{FIGURE}.html"))
    mark = page_without_js.locator("div.archived-text .quote mark")
    expect(mark).to_have_count(1)
    expect(mark).to_be_visible()
    assert words(mark.text_content()) == "1,928 children"
    expect(page_without_js.locator("main svg", has_text="1,928").first).to_be_visible()


def article_marks(page: Page) -> list[dict[str, str | None]]:
    """Each ``mark[data-figure]`` of the page: its figure id and the resolved link around it (None if none)."""
    found: list[dict[str, str | None]] = page.eval_on_selector_all(
        "mark[data-figure]",
        f"marks => marks.map(m => ({{figure: m.dataset.figure, "
        f"link: m.closest('a[href]') && ({HREF})(m.closest('a[href]'))}}))",
    )
    return found


def test_article_page_marks_every_figure_of_the_article_as_the_stored_query_lists(page: Page, seed: Site) -> None:
    expected = [id_of(row["figure"]) for row in seed.query("figures-by-article", article=ARTICLE)]
    assert FIGURE in expected
    page.goto(seed.url(f"article/{ARTICLE}.html"))
    marks = article_marks(page)
    assert sorted(m["figure"] or "" for m in marks) == sorted(expected)
    for mark in marks:
        link = mark["link"]
        assert link is not None, f"mark of {mark['figure']} is in no link"
        assert path_of(link) == seed.out / "figure" / f"{mark['figure']}.html", link
        assert path_of(link).is_file()


@pytest.mark.parametrize("which", ["seed", "corpus"])
def test_every_article_page_marks_exactly_its_figures_each_linked(
    page: Page, which: str, request: pytest.FixtureRequest
) -> None:
    site: Site = request.getfixturevalue(which)
    wrong = []
    for article, figures in sorted(site.figures_by_article().items()):
        page.goto(site.url(f"article/{article}.html"))
        marks = article_marks(page)
        if Counter(m["figure"] for m in marks) != Counter(figures):
            wrong.append(f"{article}: marks {sorted(str(m['figure']) for m in marks)}, figures {sorted(figures)}")
        wrong += [
            f"{article}: mark of {m['figure']} not in a link to its figure page ({m['link']})"
            for m in marks
            if m["link"] is None or path_of(m["link"]) != site.out / "figure" / f"{m['figure']}.html"
        ]
    assert not wrong, "\n".join(wrong)


def test_arabic_article_text_is_marked_arabic_right_to_left_and_drawn_in_an_arabic_font(
    page: Page, corpus: Site
) -> None:
    page.goto(corpus.url(f"article/{ARABIC_ARTICLE}.html"))
    text = page.locator("div.archived-text")
    expect(text).to_have_count(1)
    lang = text.evaluate("el => el.closest('[lang]')?.getAttribute('lang')")
    direction = text.evaluate("el => el.closest('[dir]')?.getAttribute('dir')")
    assert (lang, direction) == ("ar", "rtl")
    assert page.evaluate("document.documentElement.getAttribute('lang')") == "en"
    marks = article_marks(page)
    assert sorted(m["figure"] or "" for m in marks) == sorted(corpus.figures_by_article()[ARABIC_ARTICLE])
    families = arabic_font_families()
    if families:  # tests/test_browser_harness.py says why when there is none
        drawn = rendering_fonts(page, "div.archived-text mark")
        assert set(drawn) <= families, f"Arabic drawn with {drawn}; fonts with Arabic glyphs: {sorted(families)}"


def test_english_article_text_is_marked_english(page: Page, seed: Site) -> None:
    page.goto(seed.url(f"article/{ARTICLE}.html"))
    text = page.locator("div.archived-text")
    expect(text).to_have_count(1)
    assert text.evaluate("el => el.closest('[lang]')?.getAttribute('lang')") == "en"


def readings_by_measure(site: Site) -> dict[str, list[str]]:
    """The figure id of every reading of every measure (``kg query measure-evolution``: one row a reading)."""
    readings: dict[str, list[str]] = {}
    for row in site.query("measure-evolution"):
        readings.setdefault(id_of(row["measure"]), []).append(id_of(row["figure"]))
    return readings


def chart_problems(page: Page, site: Site, measure: str, figures: list[str]) -> list[str]:
    """What the measure page (open in ``page``) gets wrong about the readings ``figures``; [] when right."""
    in_chart: list[str] = page.eval_on_selector_all("svg.chart [data-figure]", "els => els.map(e => e.dataset.figure)")
    rows: list[dict[str, Any]] = page.eval_on_selector_all(
        "section:has(svg.chart) table tbody tr[data-figure]",
        f"rows => rows.map(r => ({{figure: r.dataset.figure, "
        f"links: Array.from(r.querySelectorAll('a[href]'), {HREF})}}))",
    )
    problems = []
    if Counter(in_chart) != Counter(figures):
        problems.append(f"{measure}: chart points {sorted(in_chart)}, readings {sorted(figures)}")
    if Counter(row["figure"] for row in rows) != Counter(figures):
        problems.append(f"{measure}: table rows {sorted(r['figure'] for r in rows)}, readings {sorted(figures)}")
    for row in rows:
        page_of = site.out / "figure" / f"{row['figure']}.html"
        if not any(link.startswith("file:") and path_of(link) == page_of for link in row["links"]):
            problems.append(f"{measure}: the table row of {row['figure']} has no link to its figure page")
    return problems


@pytest.mark.parametrize("which", ["seed", "corpus"])
def test_measure_chart_and_table_have_one_entry_per_reading(
    page: Page, which: str, request: pytest.FixtureRequest
) -> None:
    site: Site = request.getfixturevalue(which)
    readings = readings_by_measure(site)
    assert len(readings[MEASURE]) >= 2
    problems: list[str] = []
    for measure, figures in sorted(readings.items()):
        page.goto(site.url(f"measure/{measure}.html"))
        expect(page.locator("svg.chart")).to_have_count(1)
        problems += chart_problems(page, site, measure, figures)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("which", "rel", "selector"),
    [
        ("seed", f"article/{ARTICLE}.html", "div.archived-text mark[data-figure]"),
        ("corpus", "measure/zardana-massacre-killed.html", "svg.chart [data-figure]"),
    ],
)
def test_article_and_measure_pages_work_without_javascript(
    page_without_js: Page, which: str, rel: str, selector: str, request: pytest.FixtureRequest
) -> None:
    site: Site = request.getfixturevalue(which)
    page_without_js.goto(site.url(rel))
    assert page_without_js.locator(selector).count() >= 2
    expect(page_without_js.locator(selector).first).to_be_visible()


def zardana_result(page: Page) -> Locator:
    """The search result that must answer: a link in <main> to the place page of Zardana."""
    return page.locator('main a[href$="place/zardana.html"]', has_text="Zardana")


@pytest.mark.parametrize("query", [ZARDANA, "zard", "Zardana"])
def test_search_from_a_file_url_finds_zardana(page: Page, corpus: Site, query: str) -> None:
    page.goto(corpus.url("search.html", q=query))
    result = zardana_result(page)
    expect(result.first).to_be_visible()
    href = result.first.evaluate(HREF)
    assert path_of(href) == corpus.out / "place" / "zardana.html"
    assert page.locator("input#q").input_value() == query
    problems = frame_problems(page, corpus, "search.html")  # the results' Arabic texts are marked too
    assert not problems, "\n".join(problems)


def test_search_over_http_finds_zardana_from_its_arabic_name(page: Page, served_corpus: str) -> None:
    page.goto(served_corpus + "search.html?" + urllib.parse.urlencode({"q": ZARDANA}))
    result = zardana_result(page)
    expect(result.first).to_be_visible()
    assert result.first.evaluate(HREF) == served_corpus + "place/zardana.html"


def test_the_header_search_form_of_a_page_leads_to_the_results(page: Page, corpus: Site) -> None:
    page.goto(corpus.url(f"article/{ARABIC_ARTICLE}.html"))
    page.locator("header form[role=search] input#q").fill(ZARDANA)
    page.locator("header form[role=search] input#q").press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q="))
    assert path_of(page.url) == corpus.out / "search.html"
    expect(zardana_result(page).first).to_be_visible()


A11Y_PAGES = [
    ("seed", "index.html", ""),
    ("seed", f"figure/{FIGURE}.html", ""),
    ("seed", f"article/{ARTICLE}.html", ""),
    ("corpus", f"article/{ARABIC_ARTICLE}.html", ""),
    ("seed", f"measure/{MEASURE}.html", ""),
    ("corpus", "measure/zardana-massacre-killed.html", ""),
    ("seed", "incident/zardana-massacre.html", ""),
    ("corpus", "incident/zardana-massacre.html", ""),
    ("seed", "actor/snhr.html", ""),
    ("seed", "place/zardana.html", ""),
    ("seed", "search.html", ""),
    ("corpus", "search.html", ZARDANA),
]


@pytest.mark.parametrize(("which", "rel", "query"), A11Y_PAGES, ids=[f"{w}:{r}:{q}" for w, r, q in A11Y_PAGES])
def test_page_has_no_wcag_2_a_or_aa_violation(
    page: Page, which: str, rel: str, query: str, request: pytest.FixtureRequest
) -> None:
    base: str = request.getfixturevalue(f"served_{which}")  # over HTTP, where axe can read the stylesheets
    page.goto(base + rel + (f"?{urllib.parse.urlencode({'q': query})}" if query else ""))
    if query:
        expect(zardana_result(page).first).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], f"{rel}:\n{report(violations)}"


def test_tab_reaches_the_search_box_and_the_first_figure_of_an_article_with_a_visible_focus(
    page: Page, seed: Site
) -> None:
    page.goto(seed.url(f"article/{ARTICLE}.html"))
    first_figure = page.locator("mark[data-figure]").first.evaluate(f"m => ({HREF})(m.closest('a[href]'))")
    order = tab_order(page, limit=120)
    listing = "\n".join(str(f) for f in order)
    assert any(f.tag == "input" and f.id == "q" for f in order), f"Tab never reaches input#q:\n{listing}"
    assert any(f.href == first_figure for f in order), f"Tab never reaches {first_figure}:\n{listing}"
    search = next(i for i, f in enumerate(order) if f.id == "q")
    figure = next(i for i, f in enumerate(order) if f.href == first_figure)
    assert search < figure, f"the header's search box comes after the text:\n{listing}"
    unseen = [str(f) for f in order if not f.outlined]
    assert not unseen, "focused without an outline or box-shadow:\n" + "\n".join(unseen)
