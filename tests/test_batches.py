"""Validating a large store in batches gives exactly the results of validating it whole."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.batches import plan_batches, validate_batches
from kg.build import build
from kg.errors import NotConforming
from kg.loader import load_catalogue
from kg.rdf.dataset import units
from kg.serialize import nquads
from kg.shacl import validate_store
from kg.synth import synthesize


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[ox.Store, list[dict[str, str]]]:
    """A corpus with planted violations in a store (the build refuses to publish it, so load it directly)."""
    root = tmp_path_factory.mktemp("batches")
    synthesize(root / "data", figures=500, seed=11, plant_violations=12)
    with pytest.raises(NotConforming):
        build(root / "data", root / "build")
    store = ox.Store()
    store.bulk_load(path=str(_nquads(root / "data", root / "all.nq")), format=ox.RdfFormat.N_QUADS)
    return store, json.loads((root / "data" / "planted.json").read_text())


def _nquads(data: Path, target: Path) -> Path:
    target.write_text("".join(nquads(u.name, u.triples) for u in units(load_catalogue(data))), encoding="utf-8")
    return target


def test_batches_cover_every_document_once() -> None:
    graphs = {"https://w3id.org/kg/id/graph/ontology": 10, "https://w3id.org/kg/id/graph/registry.places": 5}
    graphs |= {f"https://w3id.org/kg/id/graph/doc-{i:02d}": 40 for i in range(10)}
    batches = plan_batches(graphs, batch_triples=100)
    assert [len(b) for b in batches] == [2, 2, 2, 2, 2]
    assert sorted(g for b in batches for g in b) == sorted(g for g in graphs if "/doc-" in g)


def test_batched_validation_equals_whole_store_validation(
    planted: tuple[ox.Store, list[dict[str, str]]],
) -> None:
    store, plants = planted
    graphs: dict[str, int] = {}
    for q in store.quads_for_pattern(None, None, None):
        assert isinstance(q.graph_name, ox.NamedNode)
        graphs[q.graph_name.value] = graphs.get(q.graph_name.value, 0) + 1
    whole = validate_store(store, engine="turbo")
    batched = validate_batches(store, graphs, engine="turbo", batch_triples=4_000)
    assert len(plan_batches(graphs, 4_000)) > 5
    assert not whole.conforms
    assert batched.results == whole.results
    reported = {r.focus for r in whole.violations} | {r.value for r in whole.violations}
    assert all(p["focus"] in reported or p["record"] in reported for p in plants)
