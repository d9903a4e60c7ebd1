"""``kg build``: records -> RDF -> SHACL -> outputs, all or nothing.

Outputs (in ``build/`` by default): ``kg.ttl`` (canonical Turtle, one block per
named graph), ``kg.trig`` (the same graphs as TriG), ``store/`` (Oxigraph),
``origins.json`` (which record line made each IRI, per graph),
``validation.json`` (warnings) and ``manifest.json`` (digests of the inputs and
triple counts per graph; no timestamps).

A build locks the output folder, writes everything into a staging folder in it
and publishes the result only when complete and conforming, so a failed or
killed build leaves the previous outputs as they were (:mod:`kg.build.atomic`).
When only article files changed since the last build,
:mod:`kg.build.incremental` rebuilds just their named graphs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.build import incremental
from kg.build.atomic import BuildFolder, kill_point
from kg.build.batches import BatchValidation, CorpusWriter, document_links
from kg.build.derive import rederive
from kg.build.manifest import Manifest, input_digests
from kg.build.outputs import (
    ORIGINS,
    TRIG,
    TURTLE,
    VALIDATION,
    BuildResult,
    GraphWriter,
    write_origins,
    write_validation,
)
from kg.build.shacl import Engine, Report, validate
from kg.build.store import MANIFEST, STORE_DIR, write_store
from kg.loader import load_catalogue
from kg.model.errors import InputError, InputErrors, Location, NotConforming
from kg.model.records import Catalogue
from kg.rdf import Converted, convert
from kg.rdf.dataset import units

__all__ = ["MANIFEST", "ORIGINS", "TRIG", "TURTLE", "BuildResult", "Checked", "build", "check", "validate_data"]

Progress = Callable[[str, int, int], None]

#: The fast engine by default: tests/test_validation_parity.py shows it reports exactly what pySHACL
#: (the reference, ``engine="pyshacl"``) reports, and kg.shacl hands pySHACL what is outside that proof.
DEFAULT_ENGINE: Engine = "turbo"


@dataclass(frozen=True)
class Checked:
    converted: Converted
    union: Graph
    report: Report


def check(data_dir: Path, engine: Engine = DEFAULT_ENGINE) -> Checked:
    """Load, convert and validate in memory; raise on bad input, never write anything."""
    converted = convert(load_catalogue(data_dir))
    union = converted.union()
    return Checked(converted, union, validate(union, origins=converted.origins, engine=engine))


def validate_data(data_dir: Path, engine: Engine = DEFAULT_ENGINE, progress: Progress | None = None) -> Report:
    """``kg validate``: load, convert and validate as the build does, writing nothing but a temporary file."""
    cat = load_catalogue(data_dir)
    with tempfile.TemporaryDirectory(prefix="kg-validate-") as tmp:
        writer = CorpusWriter(Path(tmp) / "kg.nq", document_links(cat))
        with BatchValidation(writer.corpus, engine=engine, flush=writer.flush) as validation:
            origins = _flat(_convert(cat, writer, validation, progress))
            writer.close()
            return validation.report(origins, progress)


def build(data_dir: Path, out_dir: Path, *, full: bool = False, progress: Progress | None = None,
          engine: Engine = DEFAULT_ENGINE) -> BuildResult:
    """Build ``data_dir`` into ``out_dir``: incrementally when only articles changed, else in full.

    One build at a time per folder, and none while ``kg serve`` serves it (:class:`BuildFolderError`);
    a folder left torn by a build killed while committing is rebuilt in full."""
    _check_articles(data_dir)
    with BuildFolder(out_dir) as folder:
        if not full and not folder.torn:
            plan = incremental.plan(data_dir, out_dir)
            if plan is not None:
                return incremental.apply(plan, data_dir, folder, progress, engine)
        return full_build(data_dir, folder, progress, engine)


def full_build(data_dir: Path, folder: BuildFolder, progress: Progress | None = None,
               engine: Engine = DEFAULT_ENGINE) -> BuildResult:
    out_dir = folder.path
    cat = load_catalogue(data_dir)
    digests = input_digests(data_dir)
    figures, texts = _figures_by_article(cat), {doc: a.text_file for doc, a in cat.articles.items()}
    tmp = folder.staging()
    writer = GraphWriter(tmp, document_links(cat))
    # worker processes validate batches of documents while this one converts and loads the store
    with BatchValidation(writer.corpus, engine=engine, flush=writer.flush) as validation:
        origins = _convert(cat, writer, validation, progress)
        del cat
        kill_point("full:converted")
        corpus = writer.close()
        if progress:
            progress("loading the store", 0, 1)
        write_store(tmp / STORE_DIR, corpus.path)
        if progress:
            progress("loading the store", 1, 1)
        report = validation.report(_flat(origins), progress)
    corpus.path.unlink()
    if not report.conforms:
        raise NotConforming(
            f"the graph does not conform to the shapes ({len(report.violations)} violations); "
            f"{out_dir}/ left as it was",
            report=report,
        )
    if progress:
        progress("deriving estimates", 0, 1)
    derived = rederive(tmp / STORE_DIR)
    writer.append(derived)
    if progress:
        progress("deriving estimates", 1, 1)
    write_origins(tmp / ORIGINS, origins)
    write_validation(tmp / VALIDATION, report)
    manifest = Manifest.new(digests, writer.counts | {str(derived.name): len(derived.triples)}, figures, texts)
    manifest.write(tmp / MANIFEST)
    kill_point("full:staged")
    folder.commit(tmp, [TURTLE, TRIG, ORIGINS, VALIDATION, MANIFEST])
    return BuildResult(out_dir, manifest.triples, len(manifest.graphs), manifest.figures, report)


def _check_articles(data_dir: Path) -> None:
    """An empty or unreadable article folder is an error, never a corpus of no articles."""
    if not data_dir.is_dir():
        return  # the loader says so
    folder = data_dir / "articles"
    try:
        names = [p.name for p in folder.iterdir()]
    except FileNotFoundError:
        return  # the loader says so, with every other error of the data
    except OSError as e:
        raise InputErrors([InputError(f"cannot read the article folder: {e.strerror or e}", Location(folder))]
                          ) from None
    if not any(name.endswith(".yaml") for name in names):
        raise InputErrors([InputError("no article records (*.yaml)", Location(folder))])


def _convert(cat: Catalogue, writer: GraphWriter | CorpusWriter, validation: BatchValidation,
             progress: Progress | None) -> dict[str, dict[str, Location]]:
    """Write every unit of ``cat`` and hand it to the validation as it is written; the origins per graph."""
    origins: dict[str, dict[str, Location]] = {}
    total = len(cat.articles) + 8
    for n, unit in enumerate(units(cat), start=1):
        writer.add(unit)
        validation.written(str(unit.name))
        if unit.origins:
            origins[str(unit.name)] = unit.origins
        if progress:
            progress("converting", n, total)
    validation.finish()
    return origins


def _flat(origins: dict[str, dict[str, Location]]) -> dict[str, Location]:
    return {iri: loc for per in origins.values() for iri, loc in per.items()}


def _figures_by_article(cat: Catalogue) -> dict[str, list[str]]:
    return {doc: sorted(f.id for f in a.figures) for doc, a in sorted(cat.articles.items())}
