"""Write and splice the build's graph documents, one named graph at a time.

``kg.ttl`` is a prefix header followed by one block per named graph, each
introduced by a ``# graph <iri>`` comment line; ``kg.trig`` holds the same
blocks as TriG graphs; ``store/`` is loaded from an N-Quads file written
alongside. An incremental build replaces the blocks of the graphs it rebuilt
by streaming the old documents once, so it never re-serialises the corpus.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import TextIO

from kg.build.batches import Corpus, CorpusWriter
from kg.build.shacl import Report
from kg.model.errors import Location
from kg.model.terms import PREFIXES
from kg.rdf.dataset import Unit, graph_order
from kg.rdf.serialize import graph_comment, prefix_header, trig_block, turtle_block

TURTLE = "kg.ttl"
TRIG = "kg.trig"
NQUADS = "kg.nq.tmp"
ORIGINS = "origins.json"
VALIDATION = "validation.json"


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    triples: int
    graphs: int
    figures: int
    report: Report
    rebuilt: tuple[str, ...] = ()  # graphs rebuilt by an incremental build; empty for a full build
    incremental: bool = False


def write_origins(path: Path, origins: dict[str, dict[str, Location]]) -> None:
    body = {graph: {iri: str(loc) for iri, loc in per.items()} for graph, per in origins.items()}
    path.write_text(origins_json(body), encoding="utf-8")


def origins_json(body: dict[str, dict[str, str]]) -> str:
    """``json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\\n"``, written with the C string
    encoder: the standard library's indenting encoder is pure Python (27 s for the 2 million IRIs of a
    10^7-triple build)."""
    if not body:
        return "{}\n"
    q = encode_basestring
    graphs = []
    for graph, per in sorted(body.items()):
        inner = ",\n".join(f"  {q(iri)}: {q(loc)}" for iri, loc in sorted(per.items()))
        graphs.append(f" {q(graph)}: " + ("{\n" + inner + "\n }" if per else "{}"))
    return "{\n" + ",\n".join(graphs) + "\n}\n"


def write_validation(path: Path, report: Report) -> None:
    _write_json(path, [r.__dict__ | {"location": str(r.location) if r.location else None} for r in report.results])


def _write_json(path: Path, body: object) -> None:
    path.write_text(json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


class GraphWriter:
    """Streams units into kg.ttl, kg.trig and an N-Quads file for the store and the validation."""

    def __init__(self, folder: Path, links: dict[str, frozenset[str]] | None = None) -> None:
        self.folder = folder
        self._ttl: TextIO = (folder / TURTLE).open("w", encoding="utf-8", newline="\n")
        self._trig: TextIO = (folder / TRIG).open("w", encoding="utf-8", newline="\n")
        self._nq = CorpusWriter(folder / NQUADS, links)
        self._ttl.write(prefix_header())
        self._trig.write(prefix_header())

    @property
    def corpus(self) -> Corpus:
        return self._nq.corpus

    @property
    def counts(self) -> dict[str, int]:
        return self._nq.corpus.counts

    def add(self, unit: Unit) -> None:
        block = turtle_block(unit.triples)
        self._ttl.write(graph_comment(unit.name) + block + "\n")
        self._trig.write(trig_block(unit.name, block))
        self._nq.add(unit)

    def append(self, unit: Unit) -> None:
        """Add a last graph to kg.ttl and kg.trig once they are closed (the derived graph, made from the store)."""
        block = turtle_block(unit.triples)
        with (self.folder / TURTLE).open("a", encoding="utf-8", newline="\n") as ttl:
            ttl.write(graph_comment(unit.name) + block + "\n")
        with (self.folder / TRIG).open("a", encoding="utf-8", newline="\n") as trig:
            trig.write(trig_block(unit.name, block))

    def flush(self) -> None:
        """Make everything added so far readable from the N-Quads file."""
        self._nq.flush()

    def close(self) -> Corpus:
        """Close the documents; the N-Quads file and where each graph lies in it."""
        for fh in (self._ttl, self._trig):
            fh.close()
        return self._nq.close()


#: The first line of a graph's block: ``# graph <name>`` in kg.ttl, ``<name> {`` at the margin in kg.trig
#: (every other line of a TriG block is indented; kg writes every statement on lines of its own).
_TURTLE_START = re.compile(r"^# graph (.+)\n", re.MULTILINE)
_TRIG_START = re.compile(r"^([^ \n].*) \{\n", re.MULTILINE)


def splice(path: Path, target: Path, replaced: dict[str, Unit], removed: set[str], trig: bool) -> None:
    """Copy ``path`` to ``target`` with the blocks of ``replaced`` graphs rewritten and ``removed`` dropped.

    New graphs are inserted in IRI order, so the result equals a full build's. The document is read
    once and copied in slices between block starts (a 10^6-triple kg.ttl in about a tenth of a second).
    """
    def block(unit: Unit) -> str:
        body = turtle_block(unit.triples)
        return trig_block(unit.name, body) if trig else graph_comment(unit.name) + body + "\n"

    text = path.read_text(encoding="utf-8")
    starts = [(m.start(), _expand(m.group(1))) for m in (_TRIG_START if trig else _TURTLE_START).finditer(text)]
    ends = [pos for pos, _ in starts[1:]] + [len(text)]
    pending = sorted(replaced, key=graph_order)
    with target.open("w", encoding="utf-8", newline="\n") as out:
        out.write(text[: starts[0][0] if starts else len(text)])
        for (pos, name), end in zip(starts, ends, strict=True):
            while pending and graph_order(pending[0]) < graph_order(name):
                out.write(block(replaced[pending.pop(0)]))
            if name in replaced:
                if pending and pending[0] == name:
                    pending.pop(0)
                    out.write(block(replaced[name]))
            elif name not in removed:
                out.write(text[pos:end])
        for rest in pending:
            out.write(block(replaced[rest]))


def _expand(term: str) -> str:
    """A graph name as written by :func:`turtle_term` back to its IRI."""
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    prefix, _, local = term.partition(":")
    if prefix not in PREFIXES:
        raise ValueError(f"unknown prefix in graph name {term!r}")
    return PREFIXES[prefix] + local
