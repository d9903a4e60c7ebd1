"""``kg explain``: one answer for a figure, a measure or an incident, from the stored queries and the trace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.build.pipeline import BuildResult, build
from kg.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build(CORPUS, tmp_path_factory.mktemp("explain") / "build").out_dir)


def test_almost_7000_explained_from_its_figure_to_its_measure(built: BuildResult) -> None:
    result = run("explain", "civilians-almost-7000-body", "--build", str(built.out_dir), "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["kind"] == "figure" and answer["label"] == "almost 7,000 civilians"
    (measure,) = answer["measures"]
    assert measure["id"] == "civilians-killed-by-russian-forces-since-2015"
    # what a researcher says: SNHR's current figure is 6,686, which "almost 7,000" rounds
    assert measure["estimate"]["best"] == {"value": 6686, "figure": "civilians-6686"}
    assert measure["estimate"]["sources"] == 1
    assert [local(r["figure"]) for r in measure["current"]] == ["civilians-6686"]
    assert [(local(r["figure"]), r["change"]) for r in measure["series"]] == [
        ("civilians-6187", None), ("civilians-6686", 499)]
    why = {(local(r["figure_a"]), local(r["figure_b"])): r["explanation"] for r in measure["discrepancies"]}
    assert why[("civilians-6686", "civilians-almost-7000-body")] == "rounding"
    assert why[("civilians-6187", "civilians-6686")] == "different-as-of"

    text = run("explain", "civilians-almost-7000-body", "--build", str(built.out_dir)).stdout
    assert "Best estimate 6,686, low 6,686, high 6,686; from 1 independent source" in text
    assert "low   6,686: the same reading [civilians-6686]" in text
    assert "snhr                 2019-09-30        6,686  (+499)  [civilians-6686]" in text
    assert "→ rounding; can both hold" in text
    assert "deaths of 6,686 civilians" in text  # the words behind the best estimate


def test_the_incident_with_the_most_reporters(corpus_build: str) -> None:
    result = run("explain", "incident/zardana-massacre", "--build", corpus_build, "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    est = answer["estimate"]
    assert (est["sources"], est["low"]["value"], est["best"]["value"], est["high"]["value"]) == (7, 20, 52, 60)
    assert est["best"]["figure"] == "zardana-killed-52-snhr-2018" and est["open_ended"] is False
    assert {r["grade"] for r in answer["tolls"]} == {"contested"}

    text = run("explain", "zardana-massacre", "--build", corpus_build).stdout
    assert "Best estimate 52, low 20, high 60; from 7 independent sources" in text
    assert "killed\nfifty-two civilians" in text or "fifty-two civilians" in text.replace("\n", " ")
    assert "russian-defence-ministry  denies it was russian-forces" in text
    assert "hedged (“believed to be Russian”): russian-forces" in text
    assert "band over every toll: 18–60" in text
    assert "Grade: contested" in text
    assert "airwars                         up to 52" in text  # a reading as its source words it
    assert "afp                             dozens (24–99)" in text


def test_unknown_and_malformed_ids_are_usage_errors(built: BuildResult) -> None:
    for ident, message in (("no-such-thing", "no figure, measure or incident 'no-such-thing'"),
                           ("place/syria", "explain takes a figure, measure or incident id"),
                           ("a b", "is not an id")):
        result = CliRunner().invoke(main, ["explain", ident, "--build", str(built.out_dir)])
        assert result.exit_code != 0 and message in result.output, (ident, result.output)
        assert "Traceback" not in result.output


def local(iri: object) -> str:
    return str(iri).rsplit("/", 1)[-1]
