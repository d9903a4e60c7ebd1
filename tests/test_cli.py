"""The CLI contract: outputs, exit codes (0 ok, 1 not conforming, 2 usage/input), no tracebacks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from kg.build.pipeline import BuildResult
from kg.cli import main
from tests.helpers import ARTICLE_000, edit_record, line_of, replace_in


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def build_dir(built: BuildResult) -> str:
    return str(built.out_dir)


def test_build_reports_counts(data_copy: Path, tmp_path: Path) -> None:
    result = run("build", "--data", str(data_copy), "--build", str(tmp_path / "b"))
    assert result.exit_code == 0, result.output
    assert "27 figures" in result.output
    assert "0 violations" in result.output
    assert (tmp_path / "b" / "kg.ttl").is_file()


def test_bad_input_prints_path_line_and_exits_2(data_copy: Path, tmp_path: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "value: 908", "value: -908")
    result = run("build", "--data", str(data_copy), "--build", str(tmp_path / "b"))
    assert result.exit_code == 2
    expected_line = line_of(path, "value: -908")
    assert f"snhr-russia-fourth-anniversary.yaml:{expected_line}: figure 'women-908': a count cannot be negative" in (
        result.stderr
    )
    assert "Traceback" not in result.output
    assert not (tmp_path / "b").exists()


def test_validate_exit_1_when_not_conforming(data_copy: Path) -> None:
    edit_record(data_copy / ARTICLE_000, "medical-civil-defence-killed-107",
                "subset_of: {value: civilians-6686", "subset_of: {value: zardana-children-10")
    result = run("validate", "--data", str(data_copy))
    assert result.exit_code == 1
    assert "Violation" in result.stderr
    assert "figure/medical-civil-defence-killed-107" in result.stderr


def test_validate_ok_on_real_data() -> None:
    result = run("validate", "--data", str(Path(__file__).parent.parent / "data"))
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violations" in result.output


def test_trace_value_json_has_the_quote_article_and_issuer(build_dir: str) -> None:
    result = run("trace", "--value", "1928", "--format", "json", "--build", build_dir)
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert [r["id"] for r in records] == ["children-1928"]
    r = records[0]
    assert "1,928 children" in r["quote"]["exact"]
    assert r["quote"]["document"] == "snhr-russia-fourth-anniversary"
    assert r["article"]["published"] == "2019-09-30"
    assert r["report"]["issuer"] == "Syrian Network for Human Rights"
    assert r["value"] == 1928 and r["qualifier"] == "exact" and r["counts"] == "killed" and r["group"] == "children"
    assert [p["id"] for p in r["perpetrator"]] == ["russian-forces"]
    assert r["chain"][0]["id"] == "snhr-russia-fourth-anniversary" and r["chain"][-1]["id"] == "snhr"
    for key in ("low", "high", "period", "place", "as_of", "prefix", "suffix", "start", "end"):
        assert key in r or key in r["quote"]


def test_trace_tree_is_readable(build_dir: str) -> None:
    result = run("trace", "zardana-killed-52", "--build", build_dir)
    assert result.exit_code == 0, result.output
    assert "figure zardana-killed-52" in result.output
    assert "[at least 52 civilians]" in result.output
    assert "Syrian Coalition's Media Department" in result.output
    assert "curator inference" in result.output


def test_trace_unknown_figure_exits_2(build_dir: str) -> None:
    result = run("trace", "no-such-figure", "--build", build_dir)
    assert result.exit_code == 2
    assert "no figure 'no-such-figure'" in result.stderr


def test_trace_draw_writes_svg(build_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "trace.svg"
    result = run("trace", "children-1928", "--draw", str(target), "--build", build_dir)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))


def test_query_with_param_and_formats(build_dir: str) -> None:
    result = run("query", "trace-figure", "--param", "figure=women-908", "--format", "json", "--build", build_dir)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["value"] == 908
    csv_out = run("query", "trace-figure", "-p", "figure=women-908", "--format", "csv", "--build", build_dir)
    assert csv_out.output.splitlines()[0].startswith("figure,")


def test_query_errors_exit_2(build_dir: str) -> None:
    assert run("query", "nope", "--build", build_dir).exit_code == 2
    assert run("query", "trace-figure", "-p", "bogus=1", "--build", build_dir).exit_code == 2
    assert run("query", "--sparql", "SELECT WHERE {", "--build", build_dir).exit_code == 2
    assert run("query", "--build", build_dir).exit_code == 2


def test_ad_hoc_sparql(build_dir: str) -> None:
    text = "SELECT (COUNT(?f) AS ?n) WHERE { ?f a <https://w3id.org/kg/ns#Figure> }"
    result = run("query", "--sparql", text, "--format", "json", "--build", build_dir)
    assert json.loads(result.output) == [{"n": 27}]


def test_query_list_names_every_stored_query(build_dir: str) -> None:
    result = run("query", "--list", "--format", "json")
    names = {row["query"] for row in json.loads(result.output)}
    assert {"trace-figure"} <= names
    assert len(names) == len(list((Path(__file__).parent.parent / "queries").glob("*.rq")))


def test_missing_store_is_explained(tmp_path: Path) -> None:
    result = run("stats", "--build", str(tmp_path / "nothing"))
    assert result.exit_code == 2
    assert "run 'kg build' first" in result.stderr


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "jsonld"])
def test_export_formats_parse_back_with_the_same_triple_count(build_dir: str, built: BuildResult, fmt: str,
                                                               tmp_path: Path) -> None:
    target = tmp_path / f"out.{fmt}"
    result = run("export", "--format", fmt, "-o", str(target), "--build", build_dir)
    assert result.exit_code == 0, result.output
    oxformat = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
                "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    quads = list(ox.parse(path=str(target), format=oxformat))
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == built.triples


def test_stats(build_dir: str) -> None:
    counts = json.loads(run("stats", "--format", "json", "--build", build_dir).output)
    assert counts["figures"] == 27
    assert counts["source_articles"] == 2
    assert counts["figures_with_no_perpetrator_stated"] == 2


def test_sources_and_graphml(build_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "g.graphml"
    result = run("sources", "--graphml", str(target), "--format", "json", "--build", build_dir)
    assert result.exit_code == 0, result.output
    assert target.is_file()
    rows = json.loads(result.output)
    assert len(rows) == 27


def test_end_to_end_with_the_installed_command(tmp_path: Path) -> None:
    """The real ``kg`` executable, as a user runs it: build, export, trace."""
    exe = shutil.which("kg", path=str(Path(sys.executable).parent)) or shutil.which("kg")
    assert exe is not None, "the kg command is not installed in this environment"
    root = Path(__file__).parent.parent
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    out = tmp_path / "build"

    def kg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, *args], cwd=root, env=env, capture_output=True, text=True, check=False)

    assert kg("build", "--build", str(out)).returncode == 0
    exported = kg("export", "--format", "nt", "--build", str(out))
    assert exported.returncode == 0
    traced = kg("trace", "--value", "1,928", "--format", "json", "--build", str(out))
    assert traced.returncode == 0, traced.stderr
    assert json.loads(traced.stdout)[0]["id"] == "children-1928"
    bad = kg("trace", "--build", str(out))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
