"""``kg build``: records -> RDF -> SHACL -> outputs, all or nothing.

Outputs (in ``build/`` by default): ``kg.ttl`` (the whole graph, canonical
Turtle), ``kg.trig`` (one named graph per source document and registry),
``store/`` (Oxigraph), ``origins.json`` (which record line made each IRI),
``validation.json`` (warnings) and ``manifest.json`` (digests of the inputs,
no timestamps). Everything is written to a temporary folder beside the output
and swapped in only when complete, so a failed build leaves the previous
outputs as they were.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from kg.errors import NotConforming
from kg.loader import load_catalogue
from kg.rdf import Converted, convert
from kg.resources import ONTOLOGY_DIR
from kg.serialize import nquads, write_trig, write_turtle
from kg.shacl import Report, validate
from kg.store import MANIFEST, STORE_DIR, manifest, write_store
from kg.terms import KG

TURTLE = "kg.ttl"
TRIG = "kg.trig"
ORIGINS = "origins.json"
VALIDATION = "validation.json"


@dataclass(frozen=True)
class Checked:
    converted: Converted
    union: Graph
    report: Report


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    triples: int
    graphs: int
    figures: int
    report: Report


def check(data_dir: Path) -> Checked:
    """Load, convert and validate; raise on bad input, never write anything."""
    converted = convert(load_catalogue(data_dir))
    union = converted.union()
    return Checked(converted, union, validate(union, origins=converted.origins))


def build(data_dir: Path, out_dir: Path) -> BuildResult:
    checked = check(data_dir)
    if not checked.report.conforms:
        raise NotConforming(
            f"the graph does not conform to the shapes ({len(checked.report.violations)} violations); "
            f"{out_dir}/ left as it was",
        )
    graphs = _named_graphs(checked.converted)
    with _staging(out_dir) as tmp:
        with (tmp / TURTLE).open("w", encoding="utf-8", newline="\n") as fh:
            write_turtle(checked.union, fh)
        with (tmp / TRIG).open("w", encoding="utf-8", newline="\n") as fh:
            write_trig(graphs, fh)
        write_store(tmp / STORE_DIR, nquads(graphs))
        origins = {k: str(v) for k, v in sorted(checked.converted.origins.items())}
        _write_json(tmp / ORIGINS, origins)
        _write_json(tmp / VALIDATION, [r.__dict__ | {"location": str(r.location) if r.location else None}
                                       for r in checked.report.results])
        (tmp / MANIFEST).write_text(
            manifest(len(checked.union), len(graphs), input_digests(data_dir)), encoding="utf-8"
        )
    figures = sum(1 for _ in checked.union.subjects(RDF.type, KG.Figure))
    return BuildResult(out_dir, len(checked.union), len(graphs), figures, checked.report)


def _named_graphs(converted: Converted) -> list[tuple[URIRef, Graph]]:
    out = []
    for g in converted.dataset.graphs():
        if len(g) and isinstance(g.identifier, URIRef) and not str(g.identifier).startswith("urn:x-rdflib"):
            out.append((g.identifier, g))
    return sorted(out, key=lambda item: str(item[0]))


def _write_json(path: Path, body: object) -> None:
    path.write_text(json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def input_digests(data_dir: Path) -> dict[str, str]:
    files = [p for p in sorted(data_dir.rglob("*")) if p.is_file()]
    files += sorted(ONTOLOGY_DIR.glob("*.ttl"))
    out = {}
    for p in files:
        key = p.relative_to(data_dir).as_posix() if p.is_relative_to(data_dir) else f"ontology/{p.name}"
        out[key] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@contextmanager
def _staging(out_dir: Path) -> Iterator[Path]:
    """Yield an empty folder; on success it replaces ``out_dir`` in two renames."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp-{os.getpid()}")
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if out_dir.exists():
        out_dir.rename(old)
    try:
        tmp.rename(out_dir)
    except BaseException:
        if old.exists():
            old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def turtle_bytes(graph: Graph) -> bytes:
    buf = io.StringIO()
    write_turtle(graph, buf)
    return buf.getvalue().encode("utf-8")
