"""Every figure of both seed texts traces to words of its archived text that contain it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.ask import network
from kg.ask.trace import trace
from kg.build.pipeline import BuildResult
from kg.loader import load_catalogue
from kg.model.numbers import states_number
from tests.conftest import DATA

CATALOGUE = load_catalogue(DATA)
FIGURES = {f.id: (a, f) for a in CATALOGUE.articles.values() for f in a.figures}


@pytest.mark.parametrize("figure_id", sorted(FIGURES))
def test_every_figure_traces_to_its_words(store: ox.Store, built: BuildResult, figure_id: str) -> None:
    article, figure = FIGURES[figure_id]
    [record] = trace(store, figure=figure_id, build_dir=built.out_dir)
    quote = record["quote"]
    assert article.text[quote["start"] : quote["end"]] == quote["exact"]
    assert quote["prefix"] == article.text[max(0, quote["start"] - 32) : quote["start"]]
    assert figure.words in quote["exact"]
    assert quote["document"] == article.id
    if record["value"] is not None:
        assert states_number(figure.words, Decimal(str(record["value"])))
    assert record["chain"][0]["id"] == article.id
    assert record["chain"][-1]["id"] == "snhr"


def test_trace_by_value_finds_every_figure_with_that_value(store: ox.Store) -> None:
    ids = sorted(r["id"] for r in trace(store, value="10"))
    assert ids == ["zardana-children-10", "zardana-women-10"]


def test_figures_with_no_perpetrator_say_so(store: ox.Store) -> None:
    [record] = trace(store, figure="massacres-186-first-half-2018")
    assert record["perpetrator"] is None
    assert record["period"] == "2018-01-01/2018-06-30"


def test_inferred_parts_are_flagged_with_their_reason(store: ox.Store) -> None:
    [record] = trace(store, figure="infrastructure-attacks-1083")
    fields = {i["field"]: i for i in record["inferences"]}
    assert fields["perpetrator"]["value"] == "Russian forces"
    assert "names no perpetrator" in fields["perpetrator"]["reason"]
    [stated] = trace(store, figure="cluster-munition-attacks-236")
    assert "perpetrator" not in {i["field"] for i in stated["inferences"]}


def test_relay_through_an_intermediary(store: ox.Store) -> None:
    [record] = trace(store, figure="zardana-killed-52")
    assert [n["id"] for n in record["chain"]] == [
        "snhr-zardana-de-escalation",
        "syrian-coalition-media-department",
        "snhr-2018-07-18-zardana-de-escalation",
        "snhr",
    ]
    assert record["depth"] == 3
    assert record["independent_sources"] == ["snhr"]


def test_local_neighbourhood_gives_the_same_chain_and_corroboration_as_the_whole_graph(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Tracing reads only a figure's neighbourhood; on a corpus with claims shared across
    articles, roundings and subsets it must answer exactly as the whole network does."""
    from kg.build.pipeline import build
    from kg.build.store import open_store
    from kg.synth import synthesize

    root = tmp_path_factory.mktemp("neighbourhood")
    synthesize(root / "data", figures=400, seed=7)
    out = build(root / "data", root / "build").out_dir
    corpus = open_store(out)
    whole = network.provenance_graph(corpus)
    shared = [f for f in network.figures(whole) if len(network.corroboration(whole, f).articles) > 1]
    assert shared, "the corpus should have claims stated by several articles"
    for figure in network.figures(whole)[::7] + shared[:20]:
        local = network.provenance_graph(corpus, around=[figure])
        assert network.chain(local, figure) == network.chain(whole, figure)
        assert network.corroboration(local, figure) == network.corroboration(whole, figure)


def _whole_file(path: Path) -> dict[str, str]:
    """What the build says made each IRI, read from the whole origins.json (later graphs win)."""
    flat: dict[str, str] = {}
    for per_graph in json.loads(path.read_text(encoding="utf-8")).values():
        flat.update(per_graph)
    return flat


def test_record_origins_are_those_of_the_whole_origins_file(store: ox.Store, built: BuildResult,
                                                             tmp_path: Path) -> None:
    """trace() looks a figure up in the blocks of its graphs only; it must find what reading the file finds."""
    whole = _whole_file(built.out_dir / "origins.json")
    for figure_id in sorted(FIGURES):
        [record] = trace(store, figure=figure_id, build_dir=built.out_dir)
        assert record["record"] == whole["https://w3id.org/kg/id/figure/" + figure_id]
    # a flat file (IRI -> origin) is read whole, as before
    (tmp_path / "origins.json").write_text(json.dumps({"https://w3id.org/kg/id/figure/women-908": "x.yaml:1"}))
    [record] = trace(store, figure="women-908", build_dir=tmp_path)
    assert record["record"] == "x.yaml:1"
    [record] = trace(store, figure="children-1928", build_dir=tmp_path)
    assert record["record"] is None



def test_real_reporting_keys_on_the_seeds(store: ox.Store) -> None:
    """The contract of issue 7: bounds from the qualifier, unit, measures, rank, stance, inferred fields."""
    (zardana,) = trace(store, figure="zardana-killed-52")
    assert (zardana["low"], zardana["high"], zardana["unit"], zardana["stance"]) == (52, None, "people", "asserted")
    assert zardana["rank"] == "normal" and zardana["superseded_by"] is None
    assert [m["id"] for m in zardana["measures"]] == ["zardana-massacre-killed"]
    for fid in ("civilians-almost-7000-lead", "civilians-almost-7000-body"):
        (almost,) = trace(store, figure=fid)
        assert (almost["low"], almost["high"]) == (None, 7000)
        assert "rounding_of" in almost["inferred"]
    (exact,) = trace(store, figure="children-1928")
    assert (exact["low"], exact["high"]) == (1928, 1928)
    assert "subset_of" not in exact["inferred"]  # "6,686 civilians, including 1,928 children": the text states it
    (vague,) = trace(store, figure="war-crimes-hundreds")
    assert (vague["value"], vague["low"], vague["high"], vague["unit"]) == (None, 200, 999, "events")
    (none,) = trace(store, figure="massacres-186-first-half-2018")
    assert none["stance"] is None and none["perpetrator"] is None
