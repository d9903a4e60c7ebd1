"""The synthetic corpus: deterministic, loadable, conforming, with violations planted where it says."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from rdflib import RDF

from kg.build.pipeline import Checked, check
from kg.loader import load_catalogue
from kg.model.records import Val
from kg.model.terms import KG
from kg.rdf import convert
from kg.rdf.dataset import graph_iri
from kg.synth import SynthStats, synthesize

SMALL, LARGE = 200, 1000


def digest(root: Path) -> str:
    """One hash of every file's path and bytes."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def corpus_triples(data: Path) -> int:
    """Triples of the registries and articles: the graph without the fixed ontology and vocabularies."""
    ds = convert(load_catalogue(data)).dataset
    fixed = {graph_iri("ontology"), graph_iri("vocab")}
    return sum(len(g) for g in ds.graphs() if g.identifier not in fixed)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthStats]:
    out = tmp_path_factory.mktemp("synth") / "small"
    return out, synthesize(out, SMALL, seed=7)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Checked]:
    out = tmp_path_factory.mktemp("synth") / "planted"
    synthesize(out, SMALL, seed=11, plant_violations=5)
    return out, check(out)


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(small: tuple[Path, SynthStats],
                                                                   tmp_path: Path) -> None:
    out, stats = small
    again = synthesize(tmp_path / "again", SMALL, seed=7)
    assert again == stats
    assert digest(tmp_path / "again") == digest(out)
    synthesize(tmp_path / "other", SMALL, seed=8)
    assert digest(tmp_path / "other") != digest(out)


def test_rewriting_a_corpus_in_place_gives_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "c"
    synthesize(out, 60, seed=3, plant_violations=2)
    synthesize(out, SMALL, seed=7)
    first = digest(out)
    synthesize(out, SMALL, seed=7)
    assert digest(out) == first
    assert json.loads((out / "planted.json").read_text()) == []


def test_refuses_to_write_over_a_folder_that_is_not_a_corpus(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        synthesize(tmp_path, 50, seed=1)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_rejects_impossible_requests(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        synthesize(tmp_path / "a", 0, seed=1)
    with pytest.raises(ValueError):
        synthesize(tmp_path / "b", 40, seed=1, plant_violations=5)


def test_loads_with_exactly_the_figures_asked_for(small: tuple[Path, SynthStats]) -> None:
    out, stats = small
    cat = load_catalogue(out)
    figures = [f for a in cat.articles.values() for f in a.figures]
    assert len(figures) == stats.figures == SMALL
    assert len(cat.articles) == stats.articles == len(list((out / "sources").glob("*.txt")))
    assert sum(len(a.quotes) for a in cat.articles.values()) == stats.quotes
    assert len(cat.incidents) == stats.incidents and len(cat.places) == stats.places
    assert len(cat.reports) == stats.reports
    assert stats.bytes_written == sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert all(3 <= len(a.figures) <= 15 for a in cat.articles.values())


def test_exercises_the_model(small: tuple[Path, SynthStats]) -> None:
    """Roundings, subsets, incidents, two perpetrators, none, inferences, editions, repeated words."""
    cat = load_catalogue(small[0])
    figures = [f for a in cat.articles.values() for f in a.figures]
    qualifiers = {f.qualifier.value for f in figures}
    assert {"exact", "almost", "more-than", "at-least", "around"} <= qualifiers
    assert any(f.rounding_of for f in figures) and any(f.subset_of for f in figures)
    assert any(f.incident for f in figures) and any(f.measures for f in figures)
    assert any(len(f.perpetrators) == 2 for f in figures) and any(not f.perpetrators for f in figures)
    assert any(f.stated_by.inference for f in figures)
    assert any(r.supersedes for r in cat.reports.values())
    assert any(a.credited_source for a in cat.articles.values())
    assert any(len(a.relays) == 2 for a in cat.articles.values())
    assert any(a.attributions for a in cat.articles.values())
    places = cat.places.values()
    assert {"country", "governorate", "city", "village", "region"} <= {p.type for p in places}
    assert any(label.lang == "ar" for p in places for label in p.alt_names)


def test_editions_of_a_measure_grow(small: tuple[Path, SynthStats]) -> None:
    """Exact readings of one measure never fall from one report edition to a later one."""
    cat = load_catalogue(small[0])
    readings: dict[str, dict[str, int]] = {}
    for a in cat.articles.values():
        for f in a.figures:
            if f.measures and f.report and f.value and f.qualifier.value == "exact" and not f.incident:
                readings.setdefault(f.measures[0].value, {})[f.report.value] = int(f.value.value)
    grown = 0
    for by_report in readings.values():
        dated = []
        for rid, v in by_report.items():
            date = cat.reports[rid].date
            assert isinstance(date, Val) and date.value.latest is not None
            dated.append((date.value.latest, v))
        values = [v for _, v in sorted(dated)]
        assert values == sorted(values) and len(set(values)) == len(values)
        grown += len(values) > 1
    assert grown


def test_conforms_to_the_shapes(small: tuple[Path, SynthStats]) -> None:
    report = check(small[0]).report
    assert report.violations == (), [str(r) for r in report.violations[:5]]


def test_planted_violations_are_reported_where_planted_json_says(planted: tuple[Path, Checked]) -> None:
    out, checked = planted
    rows = json.loads((out / "planted.json").read_text(encoding="utf-8"))
    assert len(rows) == 5 and len({r["kind"] for r in rows}) == 5
    violations = checked.report.violations
    assert not checked.report.conforms

    def hits(row: dict[str, str]) -> bool:
        return any(v.focus in (row["focus"], row["record"]) or v.value == row["record"] for v in violations)

    assert all(hits(r) for r in rows), [r for r in rows if not hits(r)]
    assert {v.focus for v in violations} <= {r["focus"] for r in rows} | {r["record"] for r in rows}
    assert {v.focus for v in violations} >= {r["focus"] for r in rows}


def test_planted_corpus_still_loads_whole(planted: tuple[Path, Checked]) -> None:
    figures = set(planted[1].union.subjects(RDF.type, KG.Figure))
    assert len(figures) == SMALL


def test_triples_grow_linearly_with_figures(small: tuple[Path, SynthStats], tmp_path: Path) -> None:
    synthesize(tmp_path / "large", LARGE, seed=7)
    per_small = corpus_triples(small[0]) / SMALL
    per_large = corpus_triples(tmp_path / "large") / LARGE
    assert 0.8 < per_large / per_small < 1.25, (per_small, per_large)
