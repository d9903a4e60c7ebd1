"""A new user's path through the CLI (issue 9): one regression test per thing they stumbled on.

``COLUMNS`` is set for every run, so that tables are laid out for a known terminal width.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from kg.ask import queries
from kg.build.pipeline import BuildResult
from kg.cli import main

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def run(*args: str, stdin: str | None = None, columns: int = 100) -> Result:
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(main, list(args), input=stdin, catch_exceptions=False)


@pytest.fixture(scope="module")
def build_dir(built: BuildResult) -> str:
    return str(built.out_dir)


def rows_of(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def refused(result: Result) -> str:
    """The error a command printed, once it is sure the command exited 2 with a message and no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.strip()
    return result.stderr


# --------------------------------------------------------------------------
# Unknown ids, and ids as tables print them


def test_unknown_id_as_a_query_parameter_is_an_error_with_suggestions(build_dir: str) -> None:
    error = refused(run("query", "figures-by-organisation", "-p", "organisation=snhrr", "--build", build_dir))
    assert "no actor 'snhrr' in the graph" in error
    assert "did you mean snhr" in error


def test_unknown_figure_in_trace_suggests_the_closest_ids(build_dir: str) -> None:
    error = refused(run("trace", "children-1929", "--build", build_dir))
    assert "no figure 'children-1929' in the graph" in error
    assert "children-1928" in error


def test_ids_printed_by_tables_are_accepted_as_input(build_dir: str) -> None:
    table = run("query", "figures-by-organisation", "-p", "organisation=snhr", "--build", build_dir).stdout
    assert "actor:snhr" in table  # what the table shows ...
    plain = rows_of(run("query", "figures-by-organisation", "-p", "organisation=snhr", "--format", "json",
                        "--build", build_dir))
    prefixed = rows_of(run("query", "figures-by-organisation", "-p", "organisation=actor:snhr", "--format", "json",
                           "--build", build_dir))
    assert plain and prefixed == plain  # ... is taken as input
    traced = json.loads(run("trace", "figure:children-1928", "--format", "json", "--build", build_dir).stdout)
    assert [r["id"] for r in traced] == ["children-1928"]


def test_a_value_with_thousands_separators_is_accepted_by_query_as_by_trace(build_dir: str) -> None:
    by_query = rows_of(run("query", "trace-figure", "-p", "value=1,928", "--format", "json", "--build", build_dir))
    assert {r["figure"].rsplit("/", 1)[1] for r in by_query} == {"children-1928"}
    by_trace = json.loads(run("trace", "--value", "1,928", "--format", "json", "--build", build_dir).stdout)
    assert [r["id"] for r in by_trace] == ["children-1928"]
    refused(run("query", "trace-figure", "-p", "value=1,92,8", "--build", build_dir))


def test_subject_takes_a_bare_id_like_every_other_parameter(build_dir: str) -> None:
    bare = rows_of(run("query", "curator-inferences", "-p", "subject=zardana-massacre", "--format", "json",
                       "--build", build_dir))
    kinded = rows_of(run("query", "curator-inferences", "-p", "subject=incident/zardana-massacre", "--format",
                         "json", "--build", build_dir))
    assert bare and bare == kinded
    error = refused(run("query", "curator-inferences", "-p", "subject=zardana-massacr", "--build", build_dir))
    assert "no record 'zardana-massacr'" in error


# --------------------------------------------------------------------------
# Tables and formats


def test_tables_fit_the_terminal_width(build_dir: str) -> None:
    for columns in (80, 120):
        result = run("query", "figures-without-perpetrator", "--build", build_dir, columns=columns)
        assert result.exit_code == 0, result.output
        widths = [len(line) for line in result.stdout.splitlines()]
        assert max(widths) <= columns, (columns, max(widths))
    listing = run("query", "--list", columns=80).stdout
    assert max(len(line) for line in listing.splitlines()) <= 80


def test_csv_and_json_keep_every_cell_whole(build_dir: str) -> None:
    rows = rows_of(run("query", "figures-without-perpetrator", "--format", "json", "--build", build_dir))
    longest = max((str(v) for r in rows for v in r.values()), key=len)
    csv_text = run("query", "figures-without-perpetrator", "--format", "csv", "--build", build_dir).stdout
    assert longest in csv_text
    table = run("query", "figures-without-perpetrator", "--build", build_dir, columns=40).stdout
    assert "--format csv or json shows them whole" in table


def test_tables_show_prefixed_names_not_iris(build_dir: str) -> None:
    table = run("query", "figures-by-article", "-p", "article=snhr-zardana-de-escalation", "--build",
                build_dir, columns=200).stdout
    assert "https://w3id.org/" not in table
    assert "figure:" in table and "kgv:" in table


def test_query_list_shows_what_each_query_answers() -> None:
    listed = rows_of(run("query", "--list", "--format", "json"))
    catalogue = queries.catalogue()
    for row in listed:
        assert catalogue[row["query"]].description in row["description"]
    table = run("query", "--list").stdout
    first_words = " ".join(catalogue["trace-figure"].description.split()[:3])
    assert first_words in " ".join(table.split())
    detail = run("query", "--list", "incident-tolls", columns=80)
    assert detail.exit_code == 0, detail.output
    assert max(len(line) for line in detail.stdout.splitlines()) <= 80
    assert " ".join(catalogue["incident-tolls"].description.split()) in " ".join(detail.stdout.split())
    assert "incident" in detail.stdout and "iri:incident" in detail.stdout


def test_json_keys_are_one_snake_case_style(build_dir: str) -> None:
    stats = json.loads(run("stats", "--format", "json", "--build", build_dir).stdout)
    assert isinstance(stats, dict) and all(SNAKE.match(k) for k in stats)
    assert stats["figures"] == 27 and stats["figures_with_no_perpetrator_stated"] == 2
    sources = rows_of(run("sources", "--format", "json", "--build", build_dir))
    assert set(sources[0]) == {"figure", "chain_depth", "articles", "independent_sources"}
    traced = json.loads(run("trace", "children-1928", "--format", "json", "--build", build_dir).stdout)

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    explained = json.loads(run("explain", "zardana-massacre", "--format", "json", "--build", build_dir).stdout)
    for answer in (traced, explained):
        assert all(SNAKE.match(k) for k in keys(answer)), sorted(k for k in keys(answer) if not SNAKE.match(k))


# --------------------------------------------------------------------------
# Ad hoc SPARQL and the kg: namespace


def test_an_ad_hoc_query_needs_no_prefix_lines_for_kgs_namespaces(build_dir: str) -> None:
    text = "SELECT (COUNT(?f) AS ?n) WHERE { ?f a kg:Figure ; kg:statedBy actor:snhr }"
    rows = rows_of(run("query", "--sparql", text, "--format", "json", "--build", build_dir))
    assert rows[0]["n"] > 0


def test_an_ad_hoc_query_with_a_guessed_namespace_says_so(build_dir: str) -> None:
    text = "PREFIX kg: <http://example.org/kg#>\nSELECT ?f WHERE { ?f a kg:Figure } ORDER BY ?f"
    result = run("query", "--sparql", text, "--build", build_dir)
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/kg/ns#" in result.stderr and "docs/namespaces.md" in result.stderr


def test_query_file_dash_reads_stdin(build_dir: str) -> None:
    text = "SELECT (COUNT(?f) AS ?n) WHERE { ?f a kg:Figure }"
    rows = rows_of(run("query", "--file", "-", "--format", "json", "--build", build_dir, stdin=text))
    assert rows == [{"n": 27}]


# --------------------------------------------------------------------------
# Export


def test_export_to_dash_writes_stdout_not_a_file_named_dash(build_dir: str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "--format", "nt", "-o", "-", "--build", build_dir)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<https://")
    assert not (tmp_path / "-").exists()


def test_export_nquads_keeps_each_triple_in_its_named_graph(build_dir: str, built: BuildResult) -> None:
    result = run("export", "--format", "nquads", "--build", build_dir)
    assert result.exit_code == 0, result.output
    quads = list(ox.parse(result.stdout.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    store = ox.Store.read_only(str(built.out_dir / "store"))
    assert len(quads) == len(store)
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in quads)
    assert result.stdout.splitlines() == sorted(result.stdout.splitlines())


# --------------------------------------------------------------------------
# Messages


def test_trace_draw_says_what_it_wrote(build_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "children.svg"
    result = run("trace", "children-1928", "--draw", str(target), "--build", build_dir)
    assert result.exit_code == 0, result.output
    assert str(target) in result.stderr and "children-1928" in result.stderr


def test_trace_with_no_argument_says_what_to_give(build_dir: str) -> None:
    error = refused(run("trace", "--build", build_dir))
    assert "not both" not in error
    assert "--value" in error


def test_messages_say_an_actor_not_a_actor(build_dir: str) -> None:
    error = refused(run("query", "incidents-by-actor", "-p", "actor=Russia!", "--build", build_dir))
    assert "an actor id" in error and "a actor" not in error
    error = refused(run("query", "incident-figures", "-p", "incident=Zardana", "--build", build_dir))
    assert "an incident id" in error


def test_plant_violations_error_names_the_option(tmp_path: Path) -> None:
    error = refused(run("synth", "--figures", "40", "--plant-violations", "5", "--out", str(tmp_path / "s")))
    assert "--plant-violations" in error and "plant_violations" not in error
    assert not (tmp_path / "s").exists()


# --------------------------------------------------------------------------
# Inputs that crashed with a traceback


def test_a_5000_digit_value_is_an_error_not_a_traceback(build_dir: str) -> None:
    huge = "9" * 5000
    error = refused(run("trace", "--value", huge, "--build", build_dir))
    assert len(error) < 400  # the value is not repeated back in full
    refused(run("query", "trace-figure", "-p", f"value={huge}", "--build", build_dir))
    refused(run("query", "trace-figure", "-p", f"value={huge}", "--build", build_dir))


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999", "http://:80", "ftp://example.org",
                                 "http://exa mple.org", "http://example.org/ path", "http://example.org:80:80"])
def test_an_invalid_endpoint_url_is_an_error_not_a_traceback(url: str) -> None:
    for command in (("stats",), ("trace", "children-1928"), ("query", "trace-figure"), ("push",)):
        error = refused(run(*command, "--endpoint", url))
        assert "--endpoint" in error


def test_draw_into_a_missing_folder_is_an_error_not_a_traceback(build_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "x.svg"
    error = refused(run("trace", "children-1928", "--draw", str(target), "--build", build_dir))
    assert "no folder" in error
    refused(run("export", "-o", str(target.with_suffix(".ttl")), "--build", build_dir))
    refused(run("sources", "--graphml", str(target.with_suffix(".graphml")), "--build", build_dir))


def test_explain_takes_prefixed_ids_and_suggests_close_ones(build_dir: str) -> None:
    plain = run("explain", "zardana-massacre", "--format", "json", "--build", build_dir)
    prefixed = run("explain", "incident:zardana-massacre", "--format", "json", "--build", build_dir)
    assert plain.exit_code == 0, plain.output
    assert json.loads(prefixed.stdout) == json.loads(plain.stdout)
    error = refused(run("explain", "zardana-masacre", "--build", build_dir))
    assert "did you mean zardana-massacre" in error


def test_validation_messages_are_printed_once_for_synthetic_corpora(tmp_path: Path) -> None:
    out = tmp_path / "synth"
    made = run("synth", "--figures", "400", "--plant-violations", "18", "--out", str(out))
    assert made.exit_code == 0, made.output
    planted = json.loads((out / "planted.json").read_text(encoding="utf-8"))
    for command in (["validate", "--data", str(out)], ["build", "--data", str(out), "--build", str(tmp_path / "b")]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1, result.output
        printed = [line for line in result.output.splitlines() if "Violation:" in line]
        assert len(printed) == len(set(printed)) == len(planted), command
        assert all(any(p["focus"].rsplit("/", 1)[1] in line for line in printed) for p in planted)


def test_results_that_differ_only_in_their_value_are_told_apart_and_repeats_printed_once() -> None:
    from kg.build.shacl import Result
    from kg.show.results import result_lines

    report = "https://w3id.org/kg/id/report/r1"
    a, b = (Result("Violation", report, "s:Shape", None, f"https://w3id.org/kg/id/figure/{f}", "too late", None)
            for f in ("f1", "f2"))
    lines = result_lines([a, b, b])
    assert len(lines) == 2
    assert "value figure:f1" in lines[0] and "value figure:f2" in lines[1]
    assert result_lines([a]) == [str(a)]
