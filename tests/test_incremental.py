"""Incremental builds: only changed documents are rebuilt, and the result equals a full build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build.pipeline import ORIGINS, TRIG, TURTLE, build
from kg.build.store import MANIFEST, STORE_DIR
from kg.cli import main
from kg.model.errors import InputErrors, NotConforming
from kg.model.terms import iri
from kg.rdf.dataset import graph_iri
from tests.helpers import ARTICLE_000, ARTICLE_003, edit_record, replace_in

OUTPUTS = (TURTLE, TRIG, MANIFEST, ORIGINS, "validation.json")


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def quads(out: Path) -> set[str]:
    store = ox.Store.read_only(str(out / STORE_DIR))
    return {str(q) for q in store}


def assert_same_as_full_build(data: Path, out: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    shutil.rmtree(full, ignore_errors=True)
    build(data, full, full=True)
    assert snapshot(out) == snapshot(full)
    assert quads(out) == quads(full)


def test_nothing_changed_is_a_no_op(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    build(data_copy, out)
    before = snapshot(out)
    result = build(data_copy, out)
    assert result.incremental and result.rebuilt == ()
    assert snapshot(out) == before


def test_editing_one_article_rebuilds_only_its_graph(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    build(data_copy, out)
    edit_record(data_copy / ARTICLE_003, "zardana-injured-80", "group: others", "group: civilians")
    result = build(data_copy, out)
    assert result.incremental
    assert result.rebuilt == (str(graph_iri("snhr-zardana-de-escalation")),)
    store = ox.Store.read_only(str(out / STORE_DIR))
    group = ox.NamedNode("https://w3id.org/kg/ns#group")
    [q] = store.quads_for_pattern(ox.NamedNode(str(iri("figure", "zardana-injured-80"))), group, None)
    assert isinstance(q.object, ox.NamedNode) and q.object.value.endswith("/civilians")
    del store
    assert_same_as_full_build(data_copy, out, tmp_path)


def test_removing_and_adding_an_article(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    build(data_copy, out)
    record = (data_copy / ARTICLE_003).read_bytes()
    (data_copy / ARTICLE_003).unlink()
    removed = build(data_copy, out)
    assert removed.incremental and removed.figures == 16
    assert_same_as_full_build(data_copy, out, tmp_path)
    # the derived estimates follow: Zardana's toll had its only reading in that article
    zardana = iri("estimate", "incident.zardana-massacre")
    assert "estimate:incident.zardana-massacre\n" not in (out / TURTLE).read_text(encoding="utf-8")
    (data_copy / ARTICLE_003).write_bytes(record)
    added = build(data_copy, out)
    assert added.incremental and added.figures == 27
    assert_same_as_full_build(data_copy, out, tmp_path)
    store = ox.Store.read_only(str(out / STORE_DIR))
    best = ox.NamedNode("https://w3id.org/kg/ns#best")
    assert [str(q.object) for q in store.quads_for_pattern(ox.NamedNode(str(zardana)), best, None)] == [
        "\"52\"^^<http://www.w3.org/2001/XMLSchema#integer>"]


def test_changing_a_registry_forces_a_full_build(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    build(data_copy, out)
    replace_in(data_copy / "registry" / "actors.yaml", "name: Agence France-Presse", "name: Agence France Presse")
    assert not build(data_copy, out).incremental


def test_changed_archived_text_rebuilds_its_article(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    build(data_copy, out)
    text = data_copy / "sources" / "snhr-zardana-de-escalation.txt"
    text.write_bytes(text.read_bytes() + b"\n")
    digest = __import__("hashlib").sha256(text.read_bytes()).hexdigest()
    replace_in(data_copy / ARTICLE_003, "sha256: 6aead50556095c9c0361a7047678b27c93b153a29a011a33f94f825c5a656e12",
               f"sha256: {digest}")
    result = build(data_copy, out)
    assert result.rebuilt == (str(graph_iri("snhr-zardana-de-escalation")),)


def test_a_violation_across_documents_is_caught_and_nothing_changes(data_copy: Path, tmp_path: Path) -> None:
    # a figure of article 003 is a subset of a figure of article 000 ...
    edit_record(data_copy / ARTICLE_003, "zardana-children-10",
                "subset_of: {value: zardana-killed-52", "subset_of: {value: women-908")
    out = tmp_path / "b"
    build(data_copy, out)
    before, store_before = snapshot(out), quads(out)
    # ... and an edit of article 000 alone makes that whole smaller than its subset (2 < 10)
    replace_in(data_copy / ARTICLE_000, "  - id: dateline\n",
               "  - id: two-years\n    text: the first two years of the intervention\n  - id: dateline\n")
    edit_record(data_copy / ARTICLE_000, "women-908", "quote: deaths\n    words: 908 women\n    value: 908",
                "quote: two-years\n    words: two years\n    value: 2")
    with pytest.raises(NotConforming) as info:
        build(data_copy, out)
    report = info.value.report
    assert report is not None
    foci = {r.focus for r in report.violations}  # type: ignore[attr-defined]
    assert str(iri("figure", "zardana-children-10")) in foci
    assert snapshot(out) == before
    assert quads(out) == store_before


def test_an_empty_article_folder_is_an_error_and_deletes_no_article_graph(data_copy: Path, tmp_path: Path) -> None:
    # before: the incremental path took an empty data/articles/ for a corpus without articles: exit 0, every
    # article graph deleted
    out = tmp_path / "b"
    build(data_copy, out)
    before, store_before = snapshot(out), quads(out)
    for record in (data_copy / "articles").glob("*.yaml"):
        record.unlink()
    with pytest.raises(InputErrors) as info:
        build(data_copy, out)
    [error] = info.value.errors
    assert error.location is not None and error.location.path == data_copy / "articles"
    assert "no article records" in error.message
    assert snapshot(out) == before and quads(out) == store_before
    result = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--build", str(out)])
    assert result.exit_code == 2 and "articles: no article records" in result.stderr
    assert "Traceback" not in result.output


def test_an_unreadable_article_folder_is_an_error_and_deletes_no_article_graph(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    build(data_copy, out)
    before = snapshot(out)
    shutil.rmtree(data_copy / "articles")
    (data_copy / "articles").write_text("not a folder\n", encoding="utf-8")  # unreadable as a folder, even by root
    with pytest.raises(InputErrors) as info:
        build(data_copy, out)
    [error] = info.value.errors
    assert error.location is not None and error.location.path == data_copy / "articles"
    assert "cannot read the article folder" in error.message
    assert snapshot(out) == before
