"""kg: a provenance-first knowledge graph of conflict figures.

The public Python API is this package's own functions, thin wrappers over the
library that do what the commands of the same names do and return data instead
of printing it (README, section *Python API*)::

    import kg
    kg.build_graph("data", "build")              # kg build (the name `build` is the kg.build package's)
    kg.query("figures-by-organisation", {"organisation": "snhr"})
    kg.sparql("SELECT ?f WHERE { ?f a kg:Figure } ORDER BY ?f")
    kg.trace(value=1928)                         # kg trace --value 1928 --format json
    kg.explain("zardana-massacre")               # kg explain ID --format json

They raise :class:`kg.model.errors.KgError` subclasses (``UsageError`` for a bad
argument or an unknown id, ``InputErrors`` for bad records, ``NotConforming``
when the data do not conform to the shapes), never print and never exit.

Packages, one layer each; imports go one way, from a layer to those below it
(``tests/test_layers.py`` fails on an import against them):

    cli.py  clidoc.py   argument parsing and printing only
    show/               answers as text tables, trace trees, SVG
    ask/                stored queries, trace, network, stats, export, serve (embedded store or endpoint)
    build/              orchestration: records -> RDF -> SHACL -> Turtle, TriG, store, manifest
    rdf/                records -> named-graph units of triples; RDF term serialisation
    loader/             YAML and vocabularies -> typed records, with path:line errors
    synth/              synthetic corpora in the data/ format (uses the model only)
    model/              records, terms, dates, numbers, anchoring, errors: types, no I/O

The library never prints and never exits; it raises :class:`kg.model.errors.KgError`
subclasses that the CLI turns into ``path:line: message`` and an exit code. The API's
functions import the layers they use when called, so ``import kg`` stays light.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.ask.source import Source
    from kg.build.outputs import BuildResult
    from kg.build.shacl import Report
    from kg.model.cell import Cell

__version__ = "0.1.0"
__all__ = ["__version__", "build_graph", "explain", "query", "sparql", "trace", "validate"]

Folder = str | Path


def build_graph(data: Folder = "data", out: Folder = "build", *, full: bool = False) -> BuildResult:
    """Build the records of ``data`` into ``out`` (as ``kg build``) and say what was built.

    Raises ``InputErrors`` for bad records and ``NotConforming`` (with its
    ``report``) when the graph does not conform to the shapes; ``out`` is then
    left as it was.
    """
    from kg.build.pipeline import build

    return build(Path(data), Path(out), full=full)


def validate(data: Folder = "data") -> Report:
    """Check the records of ``data`` against the shapes without writing anything (as ``kg validate``)."""
    from kg.build.pipeline import validate_data

    return validate_data(Path(data))


def query(name: str, params: Mapping[str, str] | None = None, *, build: Folder = "build",
          endpoint: str | None = None) -> list[dict[str, Cell]]:
    """Run the stored query ``name`` (``kg query --list``) with ``params``; one dict per row.

    A record parameter takes an id (``snhr``), a prefixed name (``actor:snhr``)
    or an IRI, and must be in the graph; IRIs in the rows are full IRIs.
    """
    from kg.ask import ids, queries

    source = _source(build, endpoint)
    stored = queries.lookup(name)
    table = source.select(stored.text, ids.bind_checked(source, stored, dict(params or {})))
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def sparql(text: str, *, build: Folder = "build", endpoint: str | None = None) -> list[dict[str, Cell]]:
    """Run a SPARQL SELECT or ASK over every graph; kg's prefixes (``kg:``, ``figure:``, ...) need no PREFIX."""
    from kg.ask import adhoc

    table = _source(build, endpoint).select(adhoc.prepare(text).text)
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def trace(figure: str | None = None, *, value: str | int | None = None, build: Folder = "build",
          endpoint: str | None = None) -> list[dict[str, Any]]:
    """Trace a figure (its id), or every figure of ``value``, back to its words (as ``kg trace --format json``)."""
    from kg.ask.source import LocalSource
    from kg.ask.trace import trace as run_trace

    source = _source(build, endpoint)
    local = Path(build) if isinstance(source, LocalSource) else None
    return run_trace(source, figure=figure, value=None if value is None else str(value), build_dir=local)


def explain(ident: str, *, build: Folder = "build", endpoint: str | None = None) -> dict[str, Any]:
    """Explain a figure, a measure or an incident (as ``kg explain ID --format json``)."""
    from kg.ask.explain import explain as run_explain

    return run_explain(_source(build, endpoint), ident)


def _source(build: Folder, endpoint: str | None) -> Source:
    from kg.ask.remote import Endpoint
    from kg.ask.source import LocalSource, RemoteSource
    from kg.build.store import open_store

    if endpoint is not None:
        return RemoteSource(Endpoint.from_base(endpoint))
    return LocalSource(open_store(Path(build)))
