"""Every figure of both seed texts traces to words of its archived text that contain it."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from kg.build import BuildResult
from kg.loader import load_catalogue
from kg.numbers import states_number
from kg.trace import trace
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
    fields = {i["field"]: i for i in record["inferred"]}
    assert fields["perpetrator"]["value"] == "Russian forces"
    assert "names no perpetrator" in fields["perpetrator"]["reason"]
    [stated] = trace(store, figure="cluster-munition-attacks-236")
    assert "perpetrator" not in {i["field"] for i in stated["inferred"]}


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
