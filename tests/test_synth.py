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
    """Roundings, subsets, incidents, two perpetrators, none, inferences, editions, repeated words; and the
    real-reporting model: hedges, denials, an aggregator's ranges and relay chains, same-day updates, defaults,
    two measures, revisions, percentages, vague quantities, external identifiers and curators' concepts."""
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
    # --- the real-reporting model (docs/records.md)
    attributions = [t for a in cat.articles.values() for t in a.attributions]
    kind = {a.id: a.type for a in cat.actors.values()}
    perps = [p for f in figures for p in f.perpetrators]
    # 1. hedged perpetrators (the hedge in the figure's quote) and hedged attributions
    quotes = {(a.id, q.id): q.text for a in cat.articles.values() for q in a.quotes}
    assert any(p.stance == "hedged" and p.hedge for p in perps)
    assert all(p.hedge in quotes[(a.id, f.quote.value)] for a in cat.articles.values() for f in a.figures
               for p in f.perpetrators if p.hedge)
    assert any(t.stance == "hedged" and t.hedge for t in attributions)
    # 2. a defence ministry's denial: the attribution, and tolls whose perpetrator it denies
    assert any(t.stance == "denied" and kind[t.according_to.value] == "government-body" for t in attributions)
    assert any(p.stance == "denied" and p.denied_by and kind[p.denied_by.value] == "government-body" for p in perps)
    ministries = [a for a in cat.actors.values() if a.type == "government-body"]
    assert ministries and all(a.part_of and kind[a.part_of.value] == "state" for a in ministries)
    assert any(p.role.value == "spokesperson" for a in cat.actors.values() for p in a.positions)
    # 3. an aggregator's "up to" and "between" tolls, and a chain of relays (via an outlet, from a monitor)
    assert any(f.qualifier.value == "up-to" and kind[f.stated_by.value] == "aggregator" for f in figures)
    assert any(f.qualifier.value == "between" and f.low and f.high and f.value is None for f in figures)
    assert any(f.via and kind[f.via[0].value] == "media-outlet" and kind[f.stated_by.value] == "monitoring-organisation"
               and isinstance(art.publisher, Val) and kind[art.publisher.value] == "aggregator"
               for art in cat.articles.values() for f in art.figures)
    assert any(kind[f.stated_by.value] == "unnamed-source" for f in figures)
    # 4. a toll rising through one evening: times of day, sequence and marker
    stamps = [f.as_of.value for f in figures if f.as_of is not None]
    assert {s.sequence for s in stamps} >= {1, 2} and {s.marker for s in stamps} >= {"preliminary", "updated"}
    # 5. article and quote defaults
    inherited = {k for f in figures for k in f.inherited}
    assert {"stated_by", "report", "period", "area", "perpetrator", "incident", "as_of"} <= inherited
    # 6. two measures, revisions of an earlier period, percentages, vague quantities
    assert any(len(f.measures) == 2 for f in figures)
    by_id = {f.id: f for f in figures}
    revising = [(f, f.revises) for f in figures if f.revises is not None]
    assert revising and all(by_id[old.value].period == f.period for f, old in revising)
    assert any(f.unit and f.unit.value == "percent" for f in figures)
    assert {"dozens", "hundreds"} <= {f.qualifier.value for f in figures}
    # 7. external identifiers, in invented schemes only; curators' concepts used by figures
    for table in (cat.incidents, cat.places, cat.actors):
        ids = [i for r in table.values() for i in r.ids]
        assert ids and not {i.scheme for i in ids} & {"wikidata", "geonames"}
    used = {f.group.value for f in figures if f.group} | {f.qualifier.value for f in figures}
    assert set(cat.concepts) <= used and cat.concepts


def test_defaults_never_give_a_figure_a_value_it_does_not_have() -> None:
    """A figure without a field blocks that field's article default; a hedge is shared only by its own quote."""
    from kg.synth.defaults import plan
    from kg.synth.doc import Fig
    from kg.synth.yamltext import Ann, Stance

    def fig(fid: str, quote: str, **kw: object) -> Fig:
        f = Fig(fid, "5 civilians", 5, "exact", "killed", "org", **kw)  # type: ignore[arg-type]
        f.quote = quote
        return f

    hedged = Stance("force", "hedged", hedge="believed to be")
    figs = [fig("a", "q1", perps=("force",), area="x", report=Ann("r", quote="q1")),
            fig("b", "q1", perps=("force",), area="x", report="r"),
            fig("c", "q2", area="y", report="r", period="2012/.."),
            fig("d", "q3", perps=(hedged,), area=Ann("y", "why"), report="r", period="2012/.."),
            fig("e", "q3", perps=(hedged,), area="y", report="r", period="2012/..")]
    p = plan(figs, set())
    assert p.article == {"stated_by": "org", "report": "r", "area": "x"}  # not perpetrator, not period: c has none
    assert p.quotes == {"q1": {"perpetrator": ("force",)}, "q3": {"perpetrator": (hedged,), "period": "2012/.."}}
    assert p.inherits[0] == {"stated_by", "area", "perpetrator"} and p.inherits[2] == {"stated_by", "report"}
    assert p.inherits[3] == {"stated_by", "report", "perpetrator", "period"}


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
