"""The ``kg`` command: argument parsing and printing over the kg library.

Exit codes: 0 ok; 1 the data do not conform to the shapes; 2 usage or input
error (bad YAML, a quote not in its text, an unknown id or query, no store).
Input errors print as ``path:line: message`` with no traceback.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from kg import __version__
from kg.model.errors import InputErrors, KgError, NotConforming, UsageError

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from kg.ask.source import Source

P = ParamSpec("P")
R = TypeVar("R")

DATA_OPTION = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"),
                           show_default=True, help="Folder of curated records and archived texts.")
BUILD_OPTION = click.option("--build", "build_dir", type=click.Path(path_type=Path), default=Path("build"),
                            show_default=True, help="Folder of the built graph and store.")
ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(["turbo", "pyshacl"]), default="turbo", show_default=True,
    help="SHACL engine: turbo (fast; tested to report exactly what pySHACL reports) or pyshacl (the reference).")
TABLE_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                            show_default=True, help="Output format.")
ENDPOINT_OPTION = click.option("--endpoint", metavar="URL",
                               help="Use the SPARQL store at URL (an Oxigraph server's base URL, e.g. "
                                    "http://127.0.0.1:7878) instead of the built store. Credentials come from "
                                    "KG_ENDPOINT_TOKEN, or KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD.")
TIMEOUT_OPTION = click.option("--timeout", "timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
                              show_default=True, metavar="SECONDS",
                              help="With --endpoint: give up on a request not answered in full within SECONDS.")
QUERY_URL_OPTION = click.option("--query-url", metavar="URL",
                                help="The store's SPARQL query URL, if not URL/query (Fuseki: .../ds/query, "
                                     "GraphDB: .../repositories/NAME).")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn kg's exceptions into messages and exit codes (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except InputErrors as exc:
            for error in exc.errors:
                click.echo(str(error), err=True)
            click.echo(f"{len(exc.errors)} error{'s' if len(exc.errors) != 1 else ''}; nothing was written", err=True)
            sys.exit(exc.exit_code)
        except KgError as exc:
            message = str(exc) if exc.location else f"Error: {exc}"
            click.echo(message, err=True)
            sys.exit(exc.exit_code)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: trace every conflict figure to the exact words of its source."""


@main.command()
@DATA_OPTION
@BUILD_OPTION
@click.option("--full", is_flag=True, help="Rebuild everything, even when only some articles changed.")
@ENGINE_OPTION
@reports_errors
def build(data_dir: Path, build_dir: Path, full: bool, engine: str) -> None:
    """Build the graph from DATA: convert, validate, write Turtle, TriG and the store.

    When only article records or their texts changed since the last build, only
    their named graphs are rebuilt (and validated with the documents linked to
    them); the result is the same as a full build's.
    """
    from kg.build.pipeline import build as run_build
    from kg.build.shacl import Report

    with _Progress() as progress:
        try:
            result = run_build(data_dir, build_dir, full=full, progress=progress, engine=engine)  # type: ignore[arg-type]
        except NotConforming as exc:
            if isinstance(exc.report, Report):
                _print_results(exc.report.results)
            raise
    _print_results(result.report.warnings)
    if result.incremental:
        how = f"rebuilt {len(result.rebuilt)} changed graph(s) of" if result.rebuilt else "up to date:"
    else:
        how = "built"
    click.echo(
        f"{how} {result.triples} triples in {result.graphs} named graphs, {result.figures} figures; "
        f"{len(result.report.violations)} violations, {len(result.report.warnings)} warnings -> {build_dir}/"
    )


class _Progress:
    """A progress bar on stderr per stage of long work, shown only on a terminal."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._stage = ""
        self._done = self._total = 0

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if (stage, total) != (self._stage, self._total):
            if self._bar is not None:
                self._bar.__exit__(None, None, None)
            self._bar = click.progressbar(length=total, label=stage, file=sys.stderr).__enter__()
            self._stage, self._done, self._total = stage, 0, total
        self._bar.update(done - self._done)
        self._done = done


@main.command()
@click.option("--figures", type=click.IntRange(min=1), required=True, help="How many figures to generate.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed: same seed, same bytes.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the corpus to (same layout as data/).")
@click.option("--plant-violations", type=click.IntRange(min=0), default=0, show_default=True,
              help="Plant this many SHACL violations (listed in OUT/planted.json).")
@reports_errors
def synth(figures: int, seed: int, out_dir: Path, plant_violations: int) -> None:
    """Generate a synthetic corpus (records and archived texts) for benchmarks and tests."""
    from kg.synth import synthesize

    try:
        stats = synthesize(out_dir, figures=figures, seed=seed, plant_violations=plant_violations)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    click.echo(f"wrote {stats.figures} figures in {stats.articles} articles, {stats.reports} reports, "
               f"{stats.incidents} incidents, {stats.places} places ({stats.bytes_written:,} bytes) -> {out_dir}/")


@main.command()
@DATA_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@ENGINE_OPTION
@reports_errors
def validate(data_dir: Path, fmt: str, engine: str) -> None:
    """Check DATA against the shapes without writing anything (exit 1 if it does not conform)."""
    from kg.build.pipeline import validate_data

    with _Progress() as progress:
        report = validate_data(data_dir, engine=engine, progress=progress)  # type: ignore[arg-type]
    if fmt == "json":
        click.echo(json.dumps([r.__dict__ | {"location": str(r.location) if r.location else None}
                               for r in report.results], indent=2, ensure_ascii=False))
    else:
        _print_results(report.results)
        state = "conforms" if report.conforms else "does not conform"
        click.echo(f"{data_dir}/ {state}: {len(report.violations)} violations, {len(report.warnings)} warnings")
    if not report.conforms:
        sys.exit(NotConforming.exit_code)


def _print_results(results: object) -> None:
    for r in results:  # type: ignore[attr-defined]
        click.echo(str(r), err=True)


@main.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Bind a query parameter.")
@click.option("--sparql", help="Run this SPARQL text instead of a stored query.")
@click.option("--file", "sparql_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Run the SPARQL in this file instead of a stored query.")
@click.option("--list", "list_queries", is_flag=True, help="List the stored queries.")
@click.option("--allow-service", is_flag=True,
              help="Run a query with SERVICE, which makes the store fetch from the hosts it names (refused otherwise).")
@TABLE_FORMAT
@BUILD_OPTION
@ENDPOINT_OPTION
@QUERY_URL_OPTION
@TIMEOUT_OPTION
@reports_errors
def query(name: str | None, params: tuple[str, ...], sparql: str | None, sparql_file: Path | None,
          list_queries: bool, allow_service: bool, fmt: str, build_dir: Path, endpoint: str | None,
          query_url: str | None, timeout: float) -> None:
    """Run stored query NAME (see --list), or ad hoc SPARQL, on the built store (or --endpoint)."""
    from kg.ask import queries
    from kg.show.tables import render

    if list_queries:
        rows = [(q.name, " ".join(f"{p.name}{'?' if p.optional else ''}" for p in q.params), q.summary)
                for q in queries.catalogue().values()]
        click.echo(render(("query", "parameters", "summary"), rows, fmt), nl=False)
        return
    chosen = [x for x in (name, sparql, sparql_file) if x is not None]
    if len(chosen) != 1:
        raise UsageError("give one stored query NAME, --sparql TEXT or --file FILE (kg query --list shows NAMEs)")
    source = _source(build_dir, endpoint, query_url, timeout, allow_service)
    if name is not None:
        stored = queries.catalogue().get(name)
        if stored is None:
            raise UsageError(f"no stored query '{name}' (kg query --list shows them)")
        table = source.select(stored.text, queries.bind(stored, _params(params)))
    else:
        if params:
            raise UsageError("--param binds parameters of stored queries only")
        text = sparql if sparql is not None else sparql_file.read_text(encoding="utf-8")  # type: ignore[union-attr]
        table = source.select(text)
    click.echo(render(table.columns, table.rows, fmt), nl=False)


def _source(build_dir: Path, endpoint: str | None, query_url: str | None, timeout: float = 60.0,
            allow_service: bool = False) -> Source:
    """The built store, or the remote store that --endpoint / --query-url name."""
    from kg.ask.remote import Endpoint
    from kg.ask.source import LocalSource, RemoteSource
    from kg.build.store import open_store

    if endpoint is None and query_url is None:
        return LocalSource(open_store(build_dir), allow_service=allow_service)
    return RemoteSource(Endpoint.from_base(endpoint or query_url or "", query_url=query_url, timeout=timeout,
                                           allow_service=allow_service))


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param '{pair}': write KEY=VALUE")
        out[key.strip()] = value.strip()
    return out


@main.command()
@click.argument("figure", required=False)
@click.option("--value", help="Trace every figure with this value (e.g. 1928 or 1,928).")
@click.option("--format", "fmt", type=click.Choice(["tree", "json"]), default="tree", show_default=True)
@click.option("--draw", type=click.Path(dir_okay=False, path_type=Path),
              help="Draw the provenance as SVG to this file.")
@BUILD_OPTION
@ENDPOINT_OPTION
@QUERY_URL_OPTION
@TIMEOUT_OPTION
@reports_errors
def trace(figure: str | None, value: str | None, fmt: str, draw: Path | None, build_dir: Path,
          endpoint: str | None, query_url: str | None, timeout: float) -> None:
    """Follow FIGURE (an id) or every figure of --value back to its words, article, report and issuer."""
    from kg.ask.source import LocalSource
    from kg.ask.trace import trace as run_trace
    from kg.show.tree import render_tree

    source = _source(build_dir, endpoint, query_url, timeout)
    local = isinstance(source, LocalSource)  # a remote store's records have no origin in this build
    records = run_trace(source, figure=figure, value=value, build_dir=build_dir if local else None)
    if draw is not None:
        _draw(source, records, draw)
    if fmt == "json":
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        click.echo(render_tree(records), nl=False)


@main.command()
@click.argument("ident", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@BUILD_OPTION
@ENDPOINT_OPTION
@QUERY_URL_OPTION
@TIMEOUT_OPTION
@reports_errors
def explain(ident: str, fmt: str, build_dir: Path, endpoint: str | None, query_url: str | None,
            timeout: float) -> None:
    """Explain a figure, measure or incident: current readings, best estimate, who says what and why they differ.

    ID is a figure, measure or incident id (figure/ID, measure/ID or incident/ID when it names several).
    """
    from kg.ask.explain import explain as run_explain
    from kg.show.explain import render_explanation

    answer = run_explain(_source(build_dir, endpoint, query_url, timeout), ident)
    if fmt == "json":
        click.echo(json.dumps(answer, indent=2, ensure_ascii=False))
    else:
        click.echo(render_explanation(answer), nl=False)


def _draw(source: Source, records: list[dict[str, object]], path: Path) -> None:
    from kg.ask import network
    from kg.model.terms import iri
    from kg.show import draw

    if path.suffix.lower() != ".svg":
        raise UsageError(f"--draw writes SVG: name the file *.svg, not '{path.name}'")
    if len(records) != 1:
        raise UsageError(f"{len(records)} figures match; give one figure id to draw")
    figure = str(iri("figure", str(records[0]["id"])))
    graph = network.provenance_graph(source, around=[figure])
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    draw.draw_provenance_svg(graph, figure, tmp)
    tmp.replace(path)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "jsonld"]), default="turtle",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (default: stdout).")
@BUILD_OPTION
@reports_errors
def export(fmt: str, output: Path | None, build_dir: Path) -> None:
    """Export the built graph from the store."""
    from kg.ask.export import export as run_export
    from kg.build.store import open_store

    text = run_export(open_store(build_dir), fmt)
    if output is None:
        click.echo(text, nl=False)
        return
    tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    tmp.replace(output)
    click.echo(f"wrote {output} ({fmt})", err=True)


@main.command()
@TABLE_FORMAT
@BUILD_OPTION
@ENDPOINT_OPTION
@QUERY_URL_OPTION
@TIMEOUT_OPTION
@reports_errors
def stats(fmt: str, build_dir: Path, endpoint: str | None, query_url: str | None, timeout: float) -> None:
    """Count what the built graph holds (or the store at --endpoint)."""
    from kg.ask.stats import stats as run_stats
    from kg.show.tables import render

    click.echo(render(("what", "count"), run_stats(_source(build_dir, endpoint, query_url, timeout)), fmt), nl=False)


@main.command()
@click.option("--graphml", type=click.Path(dir_okay=False, path_type=Path), help="Also write the graph as GraphML.")
@TABLE_FORMAT
@BUILD_OPTION
@reports_errors
def sources(graphml: Path | None, fmt: str, build_dir: Path) -> None:
    """Per figure: relay-chain depth, articles stating it, independent sources behind it."""
    from kg.ask import network
    from kg.build.store import open_store
    from kg.show.tables import render

    graph = network.provenance_graph(open_store(build_dir))
    if graphml is not None:
        network.write_graphml(graph, graphml)
    rows = [(s.figure, s.depth, s.articles, s.origins) for s in network.analyse(graph)]
    click.echo(render(("figure", "chain depth", "articles", "independent sources"), rows, fmt), nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 opens the store to the network).")
@click.option("--port", default=7878, type=click.IntRange(1, 65535), show_default=True, help="Port to listen on.")
@click.option("--writable", is_flag=True,
              help="Accept SPARQL updates and Graph Store writes (they change the built store).")
@click.option("--timeout", "query_timeout", type=click.IntRange(min=1), default=10, show_default=True,
              metavar="SECONDS", help="Stop a query that runs longer than SECONDS.")
@click.option("--allow-service", is_flag=True,
              help="Run queries with SERVICE, which make the server fetch from the hosts they name (refused "
                   "otherwise).")
@BUILD_OPTION
@reports_errors
def serve(host: str, port: int, writable: bool, query_timeout: int, allow_service: bool, build_dir: Path) -> None:
    """Serve the built store over SPARQL 1.1 (Oxigraph server), read-only, until Ctrl-C.

    Queries see the union of the named graphs as their default graph, as kg query does.
    """
    from kg.ask.remote import Endpoint
    from kg.ask.serve import ServeError
    from kg.ask.serve import serve as run_serve

    def ready(endpoint: Endpoint) -> None:
        mode = "read-write" if writable else "read-only"
        click.echo(f"SPARQL endpoint ({mode}): {endpoint.query_url}")
        click.echo(f"Graph Store: {endpoint.store_url}  (Ctrl-C stops the server)", err=True)

    code = run_serve(build_dir, host=host, port=port, writable=writable, ready=ready, query_timeout=query_timeout,
                     allow_service=allow_service)
    if code != 0:
        raise ServeError(f"the oxigraph server stopped with exit code {code}")


@main.command()
@click.option("--endpoint", metavar="URL", required=True,
              help="The SPARQL store to push to: an Oxigraph server's base URL (e.g. http://127.0.0.1:7878), "
                   "or any store with --query-url and --store-url.")
@QUERY_URL_OPTION
@click.option("--update-url", metavar="URL",
              help="Its SPARQL update URL, if not URL/update (used only where the Graph Store cannot delete).")
@click.option("--store-url", metavar="URL",
              help="Its Graph Store Protocol URL, if not URL/store (Fuseki: .../ds/data, "
                   "GraphDB: .../repositories/NAME/rdf-graphs/service).")
@BUILD_OPTION
@TIMEOUT_OPTION
@reports_errors
def push(endpoint: str, query_url: str | None, update_url: str | None, store_url: str | None,
         build_dir: Path, timeout: float) -> None:
    """Replace each named graph of the built store on a SPARQL 1.1 store; remove kg graphs no longer built.

    One HTTP PUT per source document or registry (atomic per graph). Credentials come from
    KG_ENDPOINT_TOKEN, or KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD.
    """
    import contextlib

    from kg.ask.remote import Endpoint
    from kg.ask.remote import push as run_push
    from kg.build.store import open_store

    store = open_store(build_dir)
    target = Endpoint.from_base(endpoint, query_url=query_url, update_url=update_url, store_url=store_url,
                                timeout=timeout)
    with contextlib.ExitStack() as stack:
        bars: list[ProgressBar[int]] = []

        def progress(done: int, total: int) -> None:
            if not bars:
                bars.append(stack.enter_context(click.progressbar(length=total, label="pushing graphs",
                                                                  file=sys.stderr)))
            bars[0].update(done - bars[0].pos)

        result = run_push(store, target, progress)
    click.echo(f"pushed {result.triples} triples in {result.graphs} named graphs to {target.store_url}; "
               f"removed {result.removed} graph{'s' if result.removed != 1 else ''} no longer built "
               f"({result.seconds:.2f} s)")
