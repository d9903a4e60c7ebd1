"""Validating a large store in batches gives exactly the results of validating it whole."""

from __future__ import annotations

import json
import os
import re
import signal
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.batches import (
    BatchValidation,
    Corpus,
    Registries,
    document_links,
    plan_batches,
    shared_graph,
    validate_corpus,
)
from kg.build.outputs import GraphWriter
from kg.build.pipeline import build
from kg.build.shacl import validate_store
from kg.loader import load_catalogue
from kg.model.errors import NotConforming, ValidationStopped
from kg.rdf.dataset import graph_order, units
from kg.synth import synthesize


@dataclass(frozen=True)
class Planted:
    corpus: Corpus
    store: ox.Store
    plants: list[dict[str, str]]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    """A corpus with planted violations, written as the build writes it (the build refuses to publish it)."""
    root = tmp_path_factory.mktemp("batches")
    synthesize(root / "data", figures=500, seed=11, plant_violations=12)
    _link_across_documents(root / "data")
    with pytest.raises(NotConforming):
        build(root / "data", root / "build")
    corpus, store = _written(root / "data", root)
    return Planted(corpus, store, json.loads((root / "data" / "planted.json").read_text()))


def _written(data: Path, out: Path) -> tuple[Corpus, ox.Store]:
    """The corpus of ``data`` written as the build writes it, and a store loaded from it."""
    cat = load_catalogue(data)
    writer = GraphWriter(out)
    writer.corpus.links = document_links(cat)
    for unit in units(cat):
        writer.add(unit)
    corpus = writer.close()
    store = ox.Store()
    store.bulk_load(path=str(corpus.path), format=ox.RdfFormat.N_QUADS)
    return corpus, store


def _link_across_documents(data: Path) -> None:
    """Point a subset figure of the first document at a figure of the last, and the other way round:
    figures in different batches whose checks (same report, same counts) need both documents."""
    files = sorted((data / "articles").glob("*.yaml"))
    link = re.compile(r"subset_of:\n\s+value: (\S+)")
    with_subsets = [f for f in files if link.search(f.read_text(encoding="utf-8"))]
    first, last = with_subsets[0], with_subsets[-1]
    whole = {f: link.findall(f.read_text(encoding="utf-8"))[0] for f in (first, last)}
    for here, there in ((first, last), (last, first)):
        text = here.read_text(encoding="utf-8")
        old = link.search(text)
        assert old is not None
        here.write_text(text[: old.start(1)] + whole[there] + text[old.end(1):], encoding="utf-8")


def test_batches_cover_every_document_once() -> None:
    graphs = {"https://w3id.org/kg/id/graph/ontology": 10, "https://w3id.org/kg/id/graph/registry.places": 5}
    graphs |= {f"https://w3id.org/kg/id/graph/doc-{i:02d}": 40 for i in range(10)}
    batches = plan_batches(graphs, batch_triples=100)
    assert [len(b) for b in batches] == [2, 2, 2, 2, 2]
    assert sorted(g for b in batches for g in b) == sorted(g for g in graphs if "/doc-" in g)


def test_batched_validation_equals_whole_store_validation(planted: Planted) -> None:
    whole = validate_store(planted.store, engine="turbo")
    batched = validate_corpus(planted.corpus, engine="turbo", batch_triples=4_000)
    assert len(plan_batches(planted.corpus.counts, 4_000)) > 5
    assert not whole.conforms
    assert batched.results == whole.results
    across = [r for r in whole.results if r.shape.endswith("#SubsetFromSameReport")]
    assert len(across) >= 2, "the documents linked across batches break a check that needs both"
    assert len(planted.corpus.links) == 2
    reported = {r.focus for r in whole.violations} | {r.value for r in whole.violations}
    assert all(p["focus"] in reported or p["record"] in reported for p in planted.plants)



def test_one_batch_is_validated_whole_in_process(planted: Planted) -> None:
    with BatchValidation(planted.corpus, engine="turbo", batch_triples=10**9) as run:
        for name in sorted(planted.corpus.counts, key=graph_order):
            run.written(name)
        report = run.report()
        assert run._pool is None
    assert report.results == validate_store(planted.store, engine="turbo").results


def test_a_batch_carries_only_the_registry_records_it_reaches(planted: Planted) -> None:
    corpus = planted.corpus
    shared = [g for g in sorted(corpus.counts, key=graph_order) if shared_graph(g)]
    registries = Registries.parse(corpus.read(g for g in shared if graph_order(g)[0] == 0),
                                  corpus.read(g for g in shared if graph_order(g)[0] == 1))
    doc = next(g for g in sorted(corpus.counts, key=graph_order) if not shared_graph(g))
    lines = registries.closure(corpus.read([doc]))
    every = sum(len(ls) for ls in registries.lines.values())
    assert 0 < len(lines) < every / 5
    subjects = {line.split(b" ", 1)[0] for line in lines}
    # what the document names directly is there, with the records those name in turn
    data = corpus.read([doc]).decode()
    named = [s for s in registries.lines if s.decode() in data]
    assert named and all(s in subjects for s in named)
    for s in named:
        for line in registries.lines[s]:
            obj = line.rsplit(b" ", 2)[0].split(b" ", 2)[2]
            if obj in registries.lines:
                assert obj in subjects
    # and the curator's statements about them (reified, rdf:subject) travel with them
    about = [line.split(b" ", 1)[0] for ls in registries.lines.values() for line in ls
             if b"22-rdf-syntax-ns#subject> " in line and line.rsplit(b" ", 2)[0].split(b" ", 2)[2] in named]
    assert about and all(s in subjects for s in about)


def test_registries_are_written_before_documents(planted: Planted) -> None:
    run = BatchValidation(planted.corpus, engine="turbo")
    doc = next(g for g in sorted(planted.corpus.counts, key=graph_order) if not shared_graph(g))
    run.written(doc)
    with pytest.raises(ValueError, match="written after the documents"):
        run.written("https://w3id.org/kg/id/graph/registry.places")



def test_a_worker_that_dies_stops_the_validation_with_a_clear_error(planted: Planted) -> None:
    with BatchValidation(planted.corpus, engine="turbo", batch_triples=4_000) as run:
        for name in sorted(planted.corpus.counts, key=graph_order):
            run.written(name)
        run.finish()
        assert run._pool is not None
        for process in list(run._pool._processes.values()):
            assert process.pid is not None
            os.kill(process.pid, signal.SIGKILL)
        with pytest.raises(ValidationStopped, match="stopped unexpectedly"):
            run.report()


def test_revisions_across_batches_validate_as_one_corpus(tmp_path: Path) -> None:
    """A figure that revises a figure of another document needs that document in its batch
    (regression: batches linked documents only through subsets and roundings, so the corpus's revision
    gave a false RevisesFigure violation when the two fell in different batches)."""
    corpus, store = _written(Path(__file__).resolve().parent / "corpus", tmp_path)
    whole = validate_store(store, engine="turbo")
    batched = validate_corpus(corpus, engine="turbo", batch_triples=1)
    assert len(plan_batches(corpus.counts, 1)) > 10
    assert whole.conforms and not whole.results
    assert batched.results == whole.results
