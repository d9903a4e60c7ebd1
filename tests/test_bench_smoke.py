"""The benchmark harness, end to end at tiny sizes (``bench/run.py --quick``), and its pure helpers."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from bench import report
from bench.run import edit_article, label, percentile

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("synth", "build", "validate")


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(out), "--work", str(out / "work")],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "| target |" in done.stdout
    return json.loads((out / "results.json").read_text(encoding="utf-8")), out


def test_quick_run_measures_every_stage_at_each_size(quick: tuple[dict[str, Any], Path]) -> None:
    results, _ = quick
    assert results["schema"] == 1 and results["quick"] is True
    m = results["machine"]
    assert m["nproc"] >= 1 and m["memory_bytes"] > 0 and m["cpu_model"] and m["python"]
    assert m["packages"]["rdflib"] and m["packages"]["pyshacl"] and m["packages"]["pyoxigraph"]
    sizes = results["sizes"]
    assert [s["requested_triples"] for s in sizes] == results["settings"]["sizes"]
    assert len(sizes) == 2
    for s in sizes:
        for stage in STAGES:
            assert s[stage]["status"] == "ok", (stage, s[stage])
            assert s[stage]["wall_s"] > 0
        assert s["build"]["peak_rss_bytes"] > 10**6
        assert 0.5 * s["requested_triples"] <= s["triples"] <= 1.5 * s["requested_triples"]
        assert s["output"]["kg_ttl_bytes"] > 0 and s["output"]["store_bytes"] > 0
        assert s["output"]["build_dir_bytes"] >= s["output"]["kg_ttl_bytes"] + s["output"]["store_bytes"]


def test_quick_run_times_every_stored_query_and_trace(quick: tuple[dict[str, Any], Path]) -> None:
    results, _ = quick
    stored = {p.stem for p in (ROOT / "queries").glob("*.rq")}
    for s in results["sizes"]:
        cases = s["queries"]["cases"]
        assert {c["query"] for c in cases} == stored
        ran = [c for c in cases if c["status"] == "ok"]
        assert all(c["status"] in ("ok", "skipped") for c in cases), [c for c in cases if c["status"] != "ok"]
        assert len(ran) >= len(stored)
        for c in ran:
            assert 0 < c["p50_s"] <= c["p95_s"] and c["runs"] >= 1 and c["rows"] >= 0
        trace = s["trace"]
        assert trace["status"] == "ok" and 0 < trace["p50_s"] <= trace["p95_s"]
        assert trace["cli"]["status"] == "ok" and trace["cli"]["wall_s"] > 0


def test_quick_run_runs_the_naive_path_and_an_incremental_rebuild(quick: tuple[dict[str, Any], Path]) -> None:
    results, _ = quick
    for s in results["sizes"]:
        naive = s["naive"]
        assert naive["status"] == "ok", naive
        assert naive["parse_s"] > 0 and naive["validate_s"] > 0 and naive["conforms"] is True
        assert naive["triples"] == s["triples"]
        assert report.speedup(s) is not None
    inc = [s["incremental"] for s in results["sizes"] if "incremental" in s]
    assert len(inc) == 1
    assert inc[0]["status"] == "ok", inc[0]
    assert inc[0]["rebuild_s"] > 0 and inc[0]["edit_in_store"] is True
    assert all(inc[0]["identical_to_clean_build"].values())


def test_quick_run_writes_the_report_and_plot(quick: tuple[dict[str, Any], Path]) -> None:
    results, out = quick
    statuses = {t["target"]: t["status"] for t in results["targets"]}
    assert len(statuses) == 8
    assert set(statuses.values()) <= {report.MET, report.NOT_MET, report.NOT_MEASURED, report.REPORTED}
    text = (out / "benchmark.md").read_text(encoding="utf-8")
    for heading in ("## Machine", "## Targets", "## Results", "## Stored queries", "## Reproduce"):
        assert heading in text
    assert results["machine"]["cpu_model"] in text
    assert text == report.markdown(results, out / "results.json", out)  # a pure function of the results
    plot = (out / "benchmark.svg").read_text(encoding="utf-8")
    assert ET.fromstring(plot).tag.endswith("svg")
    assert plot == report.svg(results) == report.svg(json.loads(json.dumps(results)))  # deterministic


def test_percentile_is_nearest_rank() -> None:
    runs = [0.5, 0.1, 0.3, 0.2, 0.4, 0.7, 0.6]
    assert percentile(runs, 0.5) == 0.4
    assert percentile(runs, 0.95) == 0.7
    assert percentile([2.0], 0.95) == 2.0


def test_labels_and_growth_exponent() -> None:
    assert [label(n) for n in (10_000, 3_000, 10**7)] == ["1e4", "3e3", "1e7"]
    linear = [(10.0**k, 2.0 * 10.0**k) for k in range(4, 8)]
    assert report.exponent(linear) == pytest.approx(1.0)
    assert report.exponent([(1e4, 1.0), (1e5, 100.0)]) == pytest.approx(2.0)


@pytest.mark.parametrize("reason", [
    "  inferred: >-\n    The text has no date. It relays a report,\n    so it cannot predate it.\nnext: 1\n",
    '  inferred: "The archived text carries no URL."\nnext: 1\n',
    "  inferred: The text names no speaker\nnext: 1\n",
])
def test_edit_article_appends_a_sentence_to_one_reason(tmp_path: Path, reason: str) -> None:
    import yaml

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.yaml").write_text("id: a\npublished:\n  earliest: 2015-10-05\n" + reason, encoding="utf-8")
    edit = edit_article(tmp_path, "bench-edit-9")
    assert edit == {"file": "articles/a.yaml", "line": edit["line"], "marker": "bench-edit-9"}
    data = yaml.safe_load((articles / "a.yaml").read_text(encoding="utf-8"))
    assert data["published"]["inferred"].endswith("Edited for the benchmark, bench-edit-9.")
    assert data["next"] == 1


def test_query_target_judges_each_query_as_used() -> None:
    """With its parameters bound when it has any; over the whole graph when it has none."""
    cases = [{"query": "a", "case": "bound", "status": "ok", "p50_s": 0.5},
             {"query": "a", "case": "all", "status": "ok", "p50_s": 9.0, "rows": 10},
             {"query": "b", "case": "all", "status": "ok", "p50_s": 2.0, "rows": 5}]
    entry = {"queries": {"cases": cases}}
    assert [(c["query"], c["case"]) for c in report.target_cases(entry)] == [("a", "bound"), ("b", "all")]
    assert [(c["query"], c["case"]) for c in report.listing_cases(entry)] == [("a", "all")]
    assert report.slowest_query(entry) == cases[2]
