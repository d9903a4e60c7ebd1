"""kg site: the pages say what the graph and the stored queries say, every link resolves, and an incremental
site is byte-identical to a full one. (The pages in a real browser: tests/test_site_browser.py.)"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.ask import queries, trace
from kg.ask.gateway import site_file
from kg.build.pipeline import BuildResult, build
from kg.build.store import open_store
from kg.cli import main
from kg.model.resources import QUERIES_DIR
from kg.model.terms import local_id
from kg.site.figure import figure_view, readings
from kg.site.generate import site
from kg.site.pages import every_subject
from kg.site.resources import Lazy, Preloaded
from kg.site.subjects import evolution, incident_view

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    built = build(CORPUS, tmp_path_factory.mktemp("site-corpus") / "build")
    out = built.out_dir.parent / "site"
    site(built.out_dir, out)
    return built, out


@pytest.fixture(scope="module")
def seeds(built: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site-seeds") / "site"
    site(built.out_dir, out)
    return out


class _Links(HTMLParser):
    """Every href and src of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [v for k, v in attrs if k in ("href", "src") and v]


def parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def marks(path: Path) -> list[tuple[str, str, bool]]:
    """Every <mark>: its figure id, its text, and whether it is inside the highlighted quote."""
    html = path.read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r'<mark data-figure="([^"]+)">(.*?)</mark>', html, re.S):
        before = html[:m.start()]
        inside = before.rfind('<span class="quote"') > before.rfind("</span>")
        out.append((m.group(1), re.sub(r"<[^>]+>", "", m.group(2)), inside))
    return out


# --------------------------------------------------------------------------
# Pages


def test_the_figure_page_marks_the_figures_words_inside_its_quote(seeds: Path) -> None:
    page = seeds / "figure" / "children-1928.html"
    assert marks(page) == [("children-1928", "1,928 children", True)]
    html = page.read_text(encoding="utf-8")
    assert '<span class="quote" id="quote">The network documented the deaths of 6,686 civilians' in html
    assert "Syrian Network for Human Rights" in html
    assert '<time datetime="2019-09-30">' in html
    assert 'href="children-1928.ttl"' in html and "kg query trace-figure -p figure=children-1928" in html
    assert "<svg " in html and "How to cite this figure" in html


def test_the_citation_sentence_uses_only_the_graph_and_names_inferences(seeds: Path) -> None:
    html = (seeds / "figure" / "children-1928.html").read_text(encoding="utf-8")
    cite = re.search(r'<blockquote class="cite"><p>(.*?)</p>', html, re.S)
    assert cite is not None
    text = cite.group(1)
    assert text.startswith("Syrian Network for Human Rights gave the figure “1,928 children” (1,928, killed")
    assert "date inferred by a curator" in text and "publisher inferred by a curator" in text
    assert "The network documented the deaths of 6,686 civilians, including 1,928 children" in text


@pytest.mark.parametrize("which", ["seeds", "corpus"])
def test_every_article_page_marks_every_figure_of_the_article(which: str, seeds: Path,
                                                              corpus: tuple[BuildResult, Path],
                                                              built: BuildResult) -> None:
    result, out = (built, seeds) if which == "seeds" else corpus
    manifest = json.loads((result.out_dir / "manifest.json").read_text(encoding="utf-8"))
    for article, figures in manifest["figures_by_article"].items():
        found = marks(out / "article" / f"{article}.html")
        assert sorted({f for f, _, _ in found}) == sorted(figures), article
        assert all(inside for _, _, inside in found), article


def test_the_arabic_article_is_marked_right_to_left(corpus: tuple[BuildResult, Path]) -> None:
    html = (corpus[1] / "article" / "al-araby-snhr-zardana-2018-07-18-ar.html").read_text(encoding="utf-8")
    assert '<div class="archived-text" lang="ar" dir="rtl">' in html
    assert "زردنا" in html


def test_every_link_of_the_site_resolves(corpus: tuple[BuildResult, Path]) -> None:
    out = corpus[1]
    broken = []
    for page in sorted(out.rglob("*.html")):
        for link in parse(page).links:
            if link.startswith(("http://", "https://", "#", "mailto:")):
                continue
            target = (page.parent / link.split("#")[0].split("?")[0]).resolve()
            if not target.exists():
                broken.append(f"{page.relative_to(out)} -> {link}")
    assert not broken, broken[:20]


def test_no_page_is_over_200_kb(corpus: tuple[BuildResult, Path]) -> None:
    sizes = {p.relative_to(corpus[1]).as_posix(): p.stat().st_size for p in corpus[1].rglob("*.html")}
    assert sizes and max(sizes.values()) <= 200 * 1024


def test_each_page_has_its_turtle_and_it_parses(corpus: tuple[BuildResult, Path]) -> None:
    from rdflib import Graph, URIRef

    ttl = corpus[1] / "figure" / "zardana-killed-52-snhr-2018.ttl"
    g = Graph().parse(ttl, format="turtle")
    figure = URIRef("https://w3id.org/kg/id/figure/zardana-killed-52-snhr-2018")
    assert (figure, URIRef("https://w3id.org/kg/ns#value"), None) in g
    inferred = set(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), figure))
    assert inferred, "the curator inferences about the figure go with it"
    assert len(list(g.triples((figure, None, None)))) >= 10


# --------------------------------------------------------------------------
# The pages agree with the trace and the stored queries


def _ids(items: list[Any]) -> list[str]:
    return [i.id for i in items]


@pytest.mark.parametrize("which", ["seeds", "corpus"])
def test_figure_pages_agree_with_the_trace(which: str, built: BuildResult, corpus: tuple[BuildResult, Path]) -> None:
    result = built if which == "seeds" else corpus[0]
    store = open_store(result.out_dir)
    r = Preloaded(store)
    for figure in every_subject(r)["figure"]:
        [t] = trace.trace(store, figure=local_id(figure))
        v = figure_view(r, figure)
        assert v["words"] == t["words"], figure
        for key in ("value", "low", "high"):
            assert (v[key] is None and t[key] is None) or Decimal(str(t[key])) == v[key], (figure, key)
        assert v["rank"] == t["rank"], figure
        assert [x.id for x in v["superseded_by"]][:1] == ([t["superseded_by"]] if t["superseded_by"] else []) or \
            v["rank"] != "deprecated", figure
        assert v["stance"] == t["stance"], figure
        assert [s.id for s in v["chain"]] == [c["id"] for c in t["chain"]], figure
        assert sorted(_ids(v["independent_sources"])) == sorted(t["independent_sources"]), figure
        assert {i.field for i in v["inferences"]} == {i["field"] for i in t["inferences"]}, figure


def _rows(store: ox.Store, name: str, **params: str) -> list[dict[str, Any]]:
    stored = queries.load(QUERIES_DIR / f"{name}.rq")
    table = queries.run(store, stored.text, queries.bind(stored, params))
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def test_measure_pages_chart_the_readings_of_measure_evolution(corpus: tuple[BuildResult, Path]) -> None:
    store = open_store(corpus[0].out_dir)
    r = Lazy(store)
    for measure in every_subject(r)["measure"]:
        rows = _rows(store, "measure-evolution", measure=local_id(measure))
        mine = evolution(r, readings(r, r.referrers("https://w3id.org/kg/ns#measure", measure)))
        expected = sorted((str(x["figure"]), int(x["edition"]), int(x["copies"])) for x in rows)
        assert sorted((e.reading.figure.iri, e.edition, e.copies) for e in mine) == expected, measure
        html = (corpus[1] / "measure" / f"{local_id(measure)}.html").read_text(encoding="utf-8")
        points = re.findall(r'<circle class="reading[^"]*" data-figure="([^"]+)"', html)
        dated = [e for e in mine if e.reading.day]
        assert sorted(points) == sorted(e.reading.figure.id for e in dated), measure


def test_incident_pages_grade_as_incident_tolls_does(corpus: tuple[BuildResult, Path]) -> None:
    store = open_store(corpus[0].out_dir)
    r = Lazy(store)
    checked = 0
    for incident in every_subject(r)["incident"]:
        rows = _rows(store, "incident-tolls", incident=local_id(incident))
        tolls = sorted({str(x["figure"]) for x in rows if x.get("kind") == "toll"})
        v = incident_view(r, incident)
        assert sorted(x.figure.iri for x in v["tolls"]) == tolls, incident
        if rows:
            assert v["grade"] == rows[0]["grade"], incident
            checked += 1
    assert checked >= 1
    zardana = (corpus[1] / "incident" / "zardana-massacre.html").read_text(encoding="utf-8")
    assert "contested" in zardana and 'class="band"' in zardana and "denied" in zardana


def test_a_place_page_rolls_up_as_casualties_by_place(corpus: tuple[BuildResult, Path]) -> None:
    store = open_store(corpus[0].out_dir)
    row = _rows(store, "casualties-by-place", place="idlib-governorate")[0]
    html = (corpus[1] / "place" / "idlib-governorate.html").read_text(encoding="utf-8")
    best = Decimal(str(row["best"]))
    assert f"best estimate <strong>{int(best):,}</strong>" in html


# --------------------------------------------------------------------------
# Incremental, errors, serving


def test_an_incremental_site_is_byte_identical_to_a_full_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(CORPUS, data)
    b = tmp_path / "build"
    build(data, b)
    out = tmp_path / "site"
    first = site(b, out)
    assert first.full and first.pages > 100
    again = site(b, out)
    assert not again.full and again.written <= 2 + again.search.get("files_written", 0)
    record = data / "articles" / "afp-zardana-2018-06-08.yaml"
    text = record.read_text(encoding="utf-8")
    edited = text.replace("inferred: The headline's", "inferred: (Checked again.) The headline's", 1)
    assert edited != text
    record.write_text(edited, encoding="utf-8")
    build(data, b)
    step = site(b, out)
    assert not step.full and 0 < step.written < first.written
    clean = tmp_path / "clean"
    site(b, clean)
    assert _tree(out) == _tree(clean)
    # a figure that reads differently (another source) reaches every page that lists it, and the estimates
    changed = edited.replace("      value: sohr\n", "      value: airwars\n", 1)
    assert changed != edited
    record.write_text(changed, encoding="utf-8")
    build(data, b)
    wider = site(b, out)
    assert not wider.full and wider.written > step.written
    shutil.rmtree(clean)
    site(b, clean)
    assert _tree(out) == _tree(clean)


def test_removing_an_article_removes_its_pages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(CORPUS, data)
    b = tmp_path / "build"
    build(data, b)
    out = tmp_path / "site"
    site(b, out)
    assert (out / "article" / "france24-zardana-2018-06-08.html").exists()
    (data / "articles" / "france24-zardana-2018-06-08.yaml").unlink()
    build(data, b)
    site(b, out)
    assert not (out / "article" / "france24-zardana-2018-06-08.html").exists()
    clean = tmp_path / "clean"
    site(b, clean)
    assert _tree(out) == _tree(clean)


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".") and ".kg-site" not in p.parts}


def test_site_errors_are_usage_errors_without_traceback(tmp_path: Path, built: BuildResult) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["site", "--build", str(tmp_path / "nothing"), "--out", str(tmp_path / "s")])
    assert missing.exit_code == 2 and "run 'kg build' first" in missing.output
    afile = tmp_path / "file"
    afile.write_text("x", encoding="utf-8")
    clash = runner.invoke(main, ["site", "--build", str(built.out_dir), "--out", str(afile)])
    assert clash.exit_code == 2 and "not a folder" in clash.output
    assert "Traceback" not in missing.output + clash.output


def test_site_cli_reports_json(tmp_path: Path, built: BuildResult) -> None:
    result = CliRunner().invoke(main, ["site", "--build", str(built.out_dir), "--out", str(tmp_path / "s"),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["full"] is True and body["pages"] > 50 and body["largest_page_bytes"] < 200 * 1024


def test_the_gateway_serves_only_files_inside_the_site(seeds: Path) -> None:
    assert site_file(seeds, "/") == seeds / "index.html"
    assert site_file(seeds, "/figure/children-1928.html") == seeds / "figure" / "children-1928.html"
    assert site_file(seeds, "/measure/") == seeds / "measure" / "index.html"
    for bad in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/.kg-site.json", "/.kg-site/state.json",
                "/figure/nothing.html"):
        assert site_file(seeds, bad) is None, bad


def test_kg_serve_serves_the_site_at_the_root_and_drafts_a_pasted_text(built: BuildResult, tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    build_dir = tmp_path / "build"
    shutil.copytree(built.out_dir, build_dir, symlinks=True)
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--port", str(port), "--build", str(build_dir),
                                "--data", str(ROOT / "data")], stdout=subprocess.PIPE, stderr=log,
                               stdin=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("SPARQL endpoint (read-only): ")
        assert process.stdout.readline().strip() == f"Web view: http://127.0.0.1:{port}/"
        base = f"http://127.0.0.1:{port}"
        home = httpx.get(base + "/", trust_env=False, timeout=10)
        assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
        assert "Conflict figures, each traced" in home.text
        figure = httpx.get(base + "/figure/children-1928.html", trust_env=False, timeout=10)
        assert '<mark data-figure="children-1928">1,928 children</mark>' in figure.text
        assert httpx.get(base + "/figure/children-1928.ttl", trust_env=False,
                         timeout=10).headers["content-type"].startswith("text/turtle")
        assert httpx.get(base + "/.kg-site.json", trust_env=False, timeout=10).status_code == 404
        ask = httpx.get(base + "/query", params={"query": "ASK { ?s ?p ?o }"}, trust_env=False, timeout=10,
                        headers={"Accept": "application/sparql-results+json"})
        assert ask.json()["boolean"] is True
        text = "At least 44 civilians were killed in Zardana, the Syrian Observatory for Human Rights said."
        drafted = httpx.post(base + "/draft", content=text.encode(), trust_env=False, timeout=30,
                             headers={"Content-Type": "text/plain; charset=utf-8"})
        assert drafted.status_code == 200, drafted.text
        [first, *_] = drafted.json()["draft"]["figures"]
        assert first["words"] == "At least 44 civilians" and text[first["start"]:first["end"]] == first["words"]
        assert "draft:" in drafted.json()["yaml"]
        empty = httpx.post(base + "/draft", content=b"  ", trust_env=False, timeout=10)
        assert empty.status_code == 400 and "empty" in empty.text
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_removing_an_article_rewrites_every_figure_that_made_its_claims(tmp_path: Path) -> None:
    """Regression: the pages of figures sharing a claim with a removed figure count the articles stating it;
    the removed figure is no longer in the store to say which, so the site keeps each document's claims."""
    from kg.synth import synthesize

    data, b, out = tmp_path / "data", tmp_path / "build", tmp_path / "site"
    synthesize(data, 400, 1)
    build(data, b)
    site(b, out)
    state = json.loads((out / ".kg-site.json").read_text(encoding="utf-8"))
    owners: dict[str, set[str]] = {}
    for doc, keys in state["claims"].items():
        for key in keys:
            owners.setdefault(key, set()).add(doc)
    shared = sorted(doc for docs in owners.values() if len(docs) > 1 for doc in docs)
    assert shared, "the synthetic corpus has claims stated in several articles"
    (data / "articles" / f"{shared[0]}.yaml").unlink()
    build(data, b)
    assert not site(b, out).full
    clean = tmp_path / "clean"
    site(b, clean)
    assert _tree(out) == _tree(clean)


def test_pages_written_by_forked_workers_are_the_same(corpus: tuple[BuildResult, Path], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.site import generate

    monkeypatch.setattr(generate, "PARALLEL_FROM", 10)
    out = tmp_path / "site"
    site(corpus[0].out_dir, out)
    assert _tree(out) == _tree(corpus[1])
    assert json.loads((out / ".kg-site.json").read_text(encoding="utf-8")) == \
        json.loads((corpus[1] / ".kg-site.json").read_text(encoding="utf-8"))
