"""Validate a large corpus in batches of source documents, in parallel and in bounded memory.

SHACL over the whole corpus at once grows faster than the corpus, and giving
every batch all the registries makes batched validation quadratic (at 10^7
triples the registries alone are 6 % of the corpus). Almost every shape looks
at one document and the registry records it names, so kg validates:

- each batch of documents together with the ontology, the vocabularies, every
  document linked to it across the batch boundary (figures that are subsets or
  roundings of figures elsewhere) and the *registry records it reaches*: the
  records its triples name, the records those name in turn (an incident's
  place, that place's region, a report's issuer and the editions it
  supersedes), and the curator's statements about each of them;
- the registries once on their own, so that a record no document names is
  validated too.

A shape about a registry record (a report, say) is evaluated wherever the
record is present; its results are merged without duplicates, and a violation
that needs a document is found in the batch holding that document.
tests/test_batches.py checks that this gives exactly the results of validating
the whole corpus at once, on a corpus with planted violations.

Batches are read from the N-Quads file the build writes anyway (each named
graph is one contiguous span of it) and validated by worker processes, so the
build can load its store while they run. The workers are started with
``spawn``: a script that calls :func:`kg.build.pipeline.build` on a large corpus must
guard its entry point with ``if __name__ == "__main__":``, as every
multiprocessing program must. They die with the build (:mod:`kg.build.orphans`),
even when it is killed with ``kill -9``.

``KG_BATCH_TRIPLES`` in the environment overrides :data:`BATCH_TRIPLES` (tests
use it to run workers on a small corpus).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Self

from rdflib import RDF

from kg.build.orphans import die_with_parent
from kg.build.shacl import Engine, Report, Result, locate, report_of, validate_nquads
from kg.model.errors import Location, ValidationStopped
from kg.model.records import Catalogue
from kg.rdf.dataset import Unit, graph_iri, graph_order
from kg.rdf.serialize import nquads

#: Document triples per batch: small enough that a worker stays well under a gigabyte, large enough that
#: starting a validation (about 0.1 s) is noise.
BATCH_TRIPLES = 200_000

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Span:
    """Where one named graph's quads lie in the N-Quads file: bytes ``offset`` to ``offset + length``."""

    offset: int
    length: int


@dataclass
class Corpus:
    """An N-Quads file whose named graphs each occupy one span, with their sizes and cross-links."""

    path: Path
    spans: dict[str, Span] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    links: dict[str, frozenset[str]] = field(default_factory=dict)

    def read(self, names: Iterable[str]) -> bytes:
        return read_spans(self.path, [self.spans[name] for name in names])


class CorpusWriter:
    """Appends named graphs to an N-Quads file, noting the span and size of each."""

    def __init__(self, path: Path, links: dict[str, frozenset[str]] | None = None) -> None:
        self.corpus = Corpus(path, links=links or {})
        self._fh: BinaryIO = path.open("wb")
        self._offset = 0

    def add(self, unit: Unit) -> None:
        data = nquads(unit.name, unit.triples).encode("utf-8")
        self._fh.write(data)
        self.corpus.spans[str(unit.name)] = Span(self._offset, len(data))
        self.corpus.counts[str(unit.name)] = len(unit.triples)
        self._offset += len(data)

    def flush(self) -> None:
        """Make everything added so far readable from the file."""
        if not self._fh.closed:
            self._fh.flush()

    def close(self) -> Corpus:
        self._fh.close()
        return self.corpus


def read_spans(path: Path, spans: Iterable[Span]) -> bytes:
    with path.open("rb") as fh:
        parts = []
        for span in spans:
            fh.seek(span.offset)
            parts.append(fh.read(span.length))
    return b"".join(parts)


def shared_graph(name: str) -> bool:
    """Ontology, vocabularies and registries: not source documents."""
    return graph_order(name)[0] < 2


class _Batcher:
    """Cuts documents, as they come, into batches of about ``limit`` triples: a document that would take
    the open batch over the limit starts the next one."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open: list[str] = []
        self.size = 0

    def add(self, name: str, triples: int) -> list[str] | None:
        """Add a document; the batch it closed, if it closed one."""
        closed = None
        if self.open and self.size + triples > self.limit:
            closed, self.open, self.size = self.open, [], 0
        self.open.append(name)
        self.size += triples
        return closed


def plan_batches(graphs: dict[str, int], batch_triples: int = BATCH_TRIPLES) -> list[list[str]]:
    """Documents in canonical order, cut into batches as :class:`BatchValidation` cuts them."""
    batcher = _Batcher(batch_triples)
    batches = [b for g in sorted((g for g in graphs if not shared_graph(g)), key=graph_order)
               if (b := batcher.add(g, graphs[g])) is not None]
    return batches + ([batcher.open] if batcher.open else [])


def document_links(cat: Catalogue) -> dict[str, frozenset[str]]:
    """For each document graph, the other document graphs whose figures its figures are subsets, roundings or
    revisions of (or whose qualifier covers them), or that are so linked to its figures."""
    owner = {f.id: doc for doc, a in cat.articles.items() for f in a.figures}
    links: dict[str, set[str]] = {}
    for doc, article in cat.articles.items():
        for f in article.figures:
            for ref in (f.subset_of, f.rounding_of, f.revises, *f.qualifier_covers):
                other = owner.get(ref.value) if ref is not None else None
                if other is not None and other != doc:
                    a, b = str(graph_iri(doc)), str(graph_iri(other))
                    links.setdefault(a, set()).add(b)
                    links.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in links.items()}


class BatchValidation:
    """Validation of a corpus while it is being written, by worker processes; :meth:`report` waits for it.

    Tell it each named graph as soon as its quads are in the file
    (:meth:`written`, in the order they are written: ontology, vocabularies
    and registries first), then :meth:`finish`. Documents are gathered into
    batches of about ``batch_triples`` triples; a batch is handed to a worker
    once it and every document linked to it are in the file, so validation
    runs while the rest is converted and the store is loaded. A corpus that
    fits in one batch is validated whole, in this process, by :meth:`report`.
    """

    def __init__(self, corpus: Corpus, *, engine: Engine, batch_triples: int | None = None,
                 workers: int | None = None, flush: Callable[[], None] | None = None) -> None:
        self.corpus, self.engine = corpus, engine
        batch_triples = batch_triples or int(os.environ.get("KG_BATCH_TRIPLES") or BATCH_TRIPLES)
        self.workers = workers or min(2, os.cpu_count() or 1)
        self._flush = flush or (lambda: None)
        self._shared: list[str] = []
        self._written: set[str] = set()
        self._batcher = _Batcher(batch_triples)
        self._waiting: list[tuple[list[str], list[str]]] = []  # batches and the documents linked to them
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[list[Result]]] = []
        self._finished = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def written(self, name: str) -> None:
        """The quads of graph ``name`` are now in the file."""
        self._written.add(name)
        if shared_graph(name):
            if self._batcher.open or self._futures or self._waiting:
                raise ValueError(f"registry graph {name} written after the documents")
            self._shared.append(name)
            return
        closed = self._batcher.add(name, self.corpus.counts[name])
        if closed is not None:
            self._wait(closed)
        self._submit_ready()

    def finish(self) -> None:
        """Every graph is written."""
        self._finished = True
        if self._batcher.open and (self._futures or self._waiting):
            self._wait(self._batcher.open)
            self._batcher.open = []
        self._submit_ready()

    def _wait(self, batch: list[str]) -> None:
        linked = {o for g in batch for o in self.corpus.links.get(g, ())} - set(batch)
        self._waiting.append((batch, sorted(linked, key=graph_order)))

    def _submit_ready(self) -> None:
        ready = [(b, linked) for b, linked in self._waiting if all(g in self._written for g in linked)]
        if not ready:
            return
        self._flush()
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.corpus.path, [(g, self.corpus.spans[g]) for g in self._shared], self.engine,
                          os.getpid()),
            )
            self._futures.append(self._pool.submit(_validate_registries))
        for batch, linked in ready:
            self._waiting.remove((batch, linked))
            spans = [self.corpus.spans[g] for g in [*batch, *linked]]
            self._futures.append(self._pool.submit(_validate_batch, spans))

    def report(self, origins: dict[str, Location] | None = None, progress: Progress | None = None) -> Report:
        """The merged results, each located at the record behind it."""
        if not self._finished:
            self.finish()
        if not self._futures:  # one batch: the whole corpus at once
            self._flush()
            results: Iterable[Result] = validate_nquads(self.corpus.path.read_bytes(), engine=self.engine).results
        else:
            merged: set[Result] = set()
            for n, future in enumerate(self._futures, start=1):
                try:
                    merged.update(future.result())
                except BrokenProcessPool as exc:
                    raise ValidationStopped(
                        f"a validation worker process stopped unexpectedly ({exc}); was it killed for memory? "
                        "Nothing was written") from None
                if progress:
                    progress("validating", n, len(self._futures))
            self.close()
            results = merged
        return report_of(locate(results, origins or {}))


def validate_corpus(corpus: Corpus, origins: dict[str, Location] | None = None, *, engine: Engine,
                    batch_triples: int | None = None, workers: int | None = None,
                    progress: Progress | None = None) -> Report:
    """Validate a written ``corpus`` batch by batch (see the module docstring) and merge the results."""
    with BatchValidation(corpus, engine=engine, batch_triples=batch_triples, workers=workers) as run:
        for name in sorted(corpus.counts, key=graph_order):
            run.written(name)
        return run.report(origins, progress)


# --- in a worker process -------------------------------------------------------------------------

_IRI = re.compile(rb"<([^<>\"{}|^`\\\s]*)>")


@dataclass
class Registries:
    """The ontology and vocabularies, and the registries by subject, with the records each record reaches."""

    static: bytes
    lines: dict[bytes, list[bytes]]
    reaches: dict[bytes, set[bytes]]

    @classmethod
    def parse(cls, static: bytes, registries: bytes) -> Self:
        """From the N-Quads of the ontology and vocabularies, and of the registries."""
        lines: dict[bytes, list[bytes]] = {}
        reaches: dict[bytes, set[bytes]] = {}
        about = f"<{RDF.subject}>".encode()
        for line in registries.splitlines(keepends=True):
            subject, predicate, obj = line.rsplit(b" ", 2)[0].split(b" ", 2)  # <s> <p> object <g> .
            lines.setdefault(subject, []).append(line)
            named = {b"<" + m + b">" for m in _IRI.findall(obj)}
            reaches.setdefault(subject, set()).update(named)
            if predicate == about:  # a curator's statement about a record travels with the record
                for target in named:
                    reaches.setdefault(target, set()).add(subject)
        return cls(static, lines, reaches)

    @classmethod
    def of_units(cls, static: Iterable[Unit], registries: Iterable[Unit]) -> Self:
        return cls.parse(*(b"".join(nquads(u.name, u.triples).encode("utf-8") for u in units)
                           for units in (static, registries)))

    def closure(self, documents: bytes) -> list[bytes]:
        """The registry lines of every record ``documents`` reach, directly or through other records."""
        todo = [b"<" + m + b">" for m in set(_IRI.findall(documents))]
        seen: set[bytes] = set()
        while todo:
            node = todo.pop()
            if node in seen or node not in self.reaches:
                continue
            seen.add(node)
            todo.extend(self.reaches[node] - seen)
        return [line for node in sorted(seen) for line in self.lines.get(node, ())]

    def around(self, documents: bytes) -> bytes:
        """What ``documents`` are validated with: the ontology, the vocabularies and the records they reach."""
        return self.static + b"".join(self.closure(documents)) + documents

    def everything(self) -> bytes:
        return self.static + b"".join(line for ls in self.lines.values() for line in ls)


_worker: tuple[Path, Engine, Registries] | None = None


def _start_worker(path: Path, shared: list[tuple[str, Span]], engine: Engine, parent: int) -> None:
    global _worker
    die_with_parent(parent)
    os.nice(10)  # the build's own process (converting, loading the store) is the critical path: it goes first
    corpus = Corpus(path, dict(shared))
    static = corpus.read(g for g, _ in shared if graph_order(g)[0] == 0)
    _worker = path, engine, Registries.parse(static, corpus.read(g for g, _ in shared if graph_order(g)[0] == 1))


def _validate_registries() -> list[Result]:
    assert _worker is not None
    _path, engine, registries = _worker
    return list(validate_nquads(registries.everything(), engine=engine).results)


def _validate_batch(spans: list[Span]) -> list[Result]:
    assert _worker is not None
    path, engine, registries = _worker
    return list(validate_nquads(registries.around(read_spans(path, spans)), engine=engine).results)
