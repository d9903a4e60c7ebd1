"""The build's promises: determinism, stable IRIs, all-or-nothing outputs, loadable exports."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

from kg.build.outputs import origins_json
from kg.build.pipeline import TRIG, TURTLE, BuildResult, build
from kg.build.store import MANIFEST, open_store
from kg.model.errors import InputErrors, NotConforming
from kg.model.terms import iri
from tests.helpers import ARTICLE_000, edit_record, replace_in


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def test_same_input_gives_byte_identical_outputs(built: BuildResult, data_copy: Path, tmp_path: Path) -> None:
    again = build(data_copy, tmp_path / "again")
    first, second = snapshot(built.out_dir), snapshot(again.out_dir)
    # origins.json is left out: it names the (different) folders the records were read from
    for name in (TURTLE, TRIG, MANIFEST):
        assert first[name] == second[name], name


def test_turtle_loads_in_oxigraph_and_rdflib_with_the_same_triple_count(built: BuildResult) -> None:
    path = built.out_dir / TURTLE
    oxi = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    rdf = Graph().parse(path, format="turtle")
    assert len(oxi) == len(rdf) == built.triples
    assert not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in oxi)


def test_trig_has_one_named_graph_per_source_document(built: BuildResult) -> None:
    ds = Dataset()
    ds.parse(built.out_dir / TRIG, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert str(iri("graph", "snhr-russia-fourth-anniversary")) in names
    assert str(iri("graph", "snhr-zardana-de-escalation")) in names
    doc = ds.graph(iri("graph", "snhr-zardana-de-escalation"))
    assert (iri("figure", "zardana-killed-52"), None, None) in doc
    assert (iri("figure", "children-1928"), None, None) not in doc


def test_iris_derive_from_record_ids(built: BuildResult) -> None:
    g = Graph().parse(built.out_dir / TURTLE, format="turtle")
    figure = URIRef("https://w3id.org/kg/id/figure/children-1928")
    assert (figure, None, None) in g
    quote = URIRef("https://w3id.org/kg/id/quote/snhr-russia-fourth-anniversary.deaths")
    assert (quote, None, None) in g


def test_store_answers_without_rebuilding(built: BuildResult) -> None:
    store = open_store(built.out_dir)
    assert len(store) == built.triples


def test_failed_build_leaves_previous_outputs_intact(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(data_copy, out)
    before = snapshot(out)
    replace_in(data_copy / ARTICLE_000, "value: 908", "value: -908")
    with pytest.raises(InputErrors):
        build(data_copy, out)
    assert snapshot(out) == before
    assert len(open_store(out)) > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_non_conforming_build_leaves_previous_outputs_intact(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(data_copy, out)
    before = snapshot(out)
    # a subset larger than its whole parses fine but violates the shapes
    edit_record(data_copy / ARTICLE_000, "women-908", "subset_of: {value: civilians-6686",
                "subset_of: {value: zardana-killed-52")
    with pytest.raises(NotConforming):
        build(data_copy, out)
    assert snapshot(out) == before


@pytest.mark.parametrize("body", [{}, {"g": {}}, {"b": {"z": "1", "a": "é\"\n\\"}, "a": {"x": "y"}}])
def test_origins_json_is_the_standard_indented_json(body: dict[str, dict[str, str]]) -> None:
    assert origins_json(body) == json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
