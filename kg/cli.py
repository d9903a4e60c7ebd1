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
from typing import TYPE_CHECKING, Any, ParamSpec, TextIO, TypeVar

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


class _Url(click.ParamType[str, object]):
    """An http:// or https:// URL, refused here (exit 2) when it cannot be one (a bad port, a broken host)."""

    name = "URL"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        import urllib.parse

        text = str(value)
        if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in text):
            self.fail(f"{text!r} is not a URL: it contains a space or a control character (write a space as %20)",
                      param, ctx)
        try:
            parts = urllib.parse.urlsplit(text)
            parts.port  # noqa: B018 -- raises ValueError for a port that is not a number from 0 to 65535
        except ValueError as exc:
            self.fail(f"'{text}' is not a URL ({exc})", param, ctx)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.fail(f"'{text}' is not an http:// or https:// URL", param, ctx)
        return text


URL = _Url()
ENDPOINT_OPTION = click.option("--endpoint", metavar="URL", type=URL,
                               help="Use the SPARQL store at URL (an Oxigraph server's base URL, e.g. "
                                    "http://127.0.0.1:7878) instead of the built store. Credentials come from "
                                    "KG_ENDPOINT_TOKEN, or KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD.")
TIMEOUT_OPTION = click.option("--timeout", "timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
                              show_default=True, metavar="SECONDS",
                              help="With --endpoint: give up on a request not answered in full within SECONDS.")
QUERY_URL_OPTION = click.option("--query-url", metavar="URL", type=URL,
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

    if plant_violations > figures // 20:
        raise UsageError(f"--plant-violations {plant_violations}: at most one in 20 figures can be planted "
                         f"(--figures {figures} allows {figures // 20})")
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
    from kg.show.results import result_lines

    for line in result_lines(results):  # type: ignore[arg-type]
        click.echo(line, err=True)


@main.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind a query parameter: a record id (snhr, actor:snhr), a number (1928, 1,928), a date.")
@click.option("--sparql", help="Run this SPARQL text instead of a stored query (kg's prefixes need no PREFIX line).")
@click.option("--file", "sparql_file", type=click.File("r", encoding="utf-8"),
              help="Run the SPARQL in this file (- for stdin) instead of a stored query.")
@click.option("--list", "list_queries", is_flag=True,
              help="List the stored queries with what they answer (with NAME: that query's parameters).")
@click.option("--allow-service", is_flag=True,
              help="Run a query with SERVICE, which makes the store fetch from the hosts it names (refused otherwise).")
@TABLE_FORMAT
@BUILD_OPTION
@ENDPOINT_OPTION
@QUERY_URL_OPTION
@TIMEOUT_OPTION
@reports_errors
def query(name: str | None, params: tuple[str, ...], sparql: str | None, sparql_file: TextIO | None,
          list_queries: bool, allow_service: bool, fmt: str, build_dir: Path, endpoint: str | None,
          query_url: str | None, timeout: float) -> None:
    """Run stored query NAME (see --list), or ad hoc SPARQL, on the built store (or --endpoint)."""
    from kg.ask import adhoc, ids, queries
    from kg.show.tables import render

    if list_queries:
        if name is None:
            rows = [(q.name, " ".join(f"{p.name}{'?' if p.optional else ''}" for p in q.params),
                     f"{q.summary}. {q.description}") for q in queries.catalogue().values()]
            click.echo(render(("query", "parameters", "description"), rows, fmt, _width()), nl=False)
            if fmt == "table":
                click.echo("kg query --list NAME shows one query's whole description and its parameters", err=True)
        else:
            import textwrap

            stored = queries.lookup(name)
            if fmt == "table":
                about = textwrap.fill(f"{stored.name}: {stored.summary}. {stored.description}", _width())
                click.echo(f"{about}\n")
            params_ = [(p.name, p.type, "no" if p.optional else "yes", p.description) for p in stored.params]
            click.echo(render(("parameter", "type", "required", "description"), params_, fmt, _width(),
                              max_lines=None), nl=False)
        return
    chosen = [x for x in (name, sparql, sparql_file) if x is not None]
    if len(chosen) != 1:
        raise UsageError("give one stored query NAME, --sparql TEXT or --file FILE (kg query --list shows NAMEs)")
    source = _source(build_dir, endpoint, query_url, timeout, allow_service)
    if name is not None:
        stored = queries.lookup(name)
        table = source.select(stored.text, ids.bind_checked(source, stored, _params(params)))
    else:
        if params:
            raise UsageError("--param binds parameters of stored queries only")
        prepared = adhoc.prepare(sparql if sparql is not None else sparql_file.read())  # type: ignore[union-attr]
        for warning in prepared.warnings:
            click.echo(f"Warning: {warning}", err=True)
        table = source.select(prepared.text)
    click.echo(render(table.columns, table.rows, fmt, _width()), nl=False)


def _width() -> int:
    """The terminal's width (``COLUMNS`` if set), 100 when the output is not a terminal."""
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


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

    if draw is not None:
        if draw.suffix.lower() != ".svg":
            raise UsageError(f"--draw writes SVG: name the file *.svg, not '{draw.name}'")
        _check_folder(draw, "--draw")
    source = _source(build_dir, endpoint, query_url, timeout)
    local = isinstance(source, LocalSource)  # a remote store's records have no origin in this build
    records = run_trace(source, figure=figure, value=value, build_dir=build_dir if local else None)
    if draw is not None:
        _draw(source, records, draw)
        click.echo(f"drew the provenance of figure {records[0]['id']} as SVG -> {draw}", err=True)
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


def _check_folder(path: Path, option: str) -> None:
    """Refuse (exit 2) an output file whose folder does not exist, before any work is done."""
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: there is no folder {folder} (create it first)")


def _draw(source: Source, records: list[dict[str, object]], path: Path) -> None:
    from kg.ask import network
    from kg.model.terms import iri
    from kg.show import draw

    if len(records) != 1:
        raise UsageError(f"{len(records)} figures match; give one figure id to draw")
    figure = str(iri("figure", str(records[0]["id"])))
    graph = network.provenance_graph(source, around=[figure])
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    draw.draw_provenance_svg(graph, figure, tmp)
    tmp.replace(path)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld"]), default="turtle",
              show_default=True, help="nt: the triples of every graph; nquads: each with its named graph.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write to FILE (default, or -: stdout).")
@BUILD_OPTION
@reports_errors
def export(fmt: str, output: Path | None, build_dir: Path) -> None:
    """Export the built graph from the store."""
    from kg.ask.export import export as run_export
    from kg.build.store import open_store

    if output is not None and str(output) != "-":
        _check_folder(output, "-o")
    text = run_export(open_store(build_dir), fmt)
    if output is None or str(output) == "-":
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
    from kg.show.tables import render, snake_case

    counts = run_stats(_source(build_dir, endpoint, query_url, timeout))
    if fmt == "json":
        click.echo(json.dumps({snake_case(what): n for what, n in counts}, indent=2))
    else:
        click.echo(render(("what", "count"), [(snake_case(what), n) for what, n in counts], fmt, _width()), nl=False)


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

    if graphml is not None:
        _check_folder(graphml, "--graphml")
    graph = network.provenance_graph(open_store(build_dir))
    if graphml is not None:
        network.write_graphml(graph, graphml)
    rows = [(s.figure, s.depth, s.articles, s.origins) for s in network.analyse(graph)]
    click.echo(render(("figure", "chain_depth", "articles", "independent_sources"), rows, fmt, _width()), nl=False)


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build/site"), show_default=True,
              help="Folder of the site (created; only pages whose inputs changed are rewritten).")
@click.option("--full", is_flag=True, help="Write every page, even when only some articles changed.")
@BUILD_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="How to report what was written.")
@reports_errors
def site(out_dir: Path, full: bool, build_dir: Path, fmt: str) -> None:
    """Write the web view: a static site with a page per figure, article, measure, incident, organisation,
    place and report, and client-side search. Open OUT/index.html in a browser, or run kg serve.
    """
    import time

    from kg.site.generate import site as write_site

    started = time.perf_counter()
    result = write_site(build_dir, out_dir, full=full, progress=lambda m: click.echo(m, err=True))
    seconds = time.perf_counter() - started
    if fmt == "json":
        click.echo(json.dumps({**result.as_json(), "seconds": round(seconds, 3), "out": str(out_dir)}, indent=1))
        return
    kind = "full" if result.full else "incremental"
    click.echo(f"wrote {out_dir}/ ({kind}): {result.pages} pages, {result.written} files written, "
               f"{result.unchanged} unchanged, {result.removed} removed; largest page "
               f"{result.largest[0] // 1024} KB ({seconds:.1f} s). Open {out_dir}/index.html")


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
@click.option("--site", "site_dir", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Where the web view is written and served from (default: BUILD/site).")
@click.option("--no-site", is_flag=True, help="Serve only the SPARQL endpoint, without the web view.")
@DATA_OPTION
@BUILD_OPTION
@reports_errors
def serve(host: str, port: int, writable: bool, query_timeout: int, allow_service: bool, site_dir: Path | None,
          no_site: bool, data_dir: Path, build_dir: Path) -> None:
    """Serve the web view at / and the built store over SPARQL 1.1 (Oxigraph server), read-only, until Ctrl-C.

    The web view (kg site) is brought up to date first, only where its inputs changed; its draft page drafts
    a record from a pasted text with DATA's registries and vocabularies (kg draft). Queries see the union of
    the named graphs as their default graph, as kg query does.
    """
    from kg.ask.remote import Endpoint
    from kg.ask.serve import ServeError
    from kg.ask.serve import serve as run_serve
    from kg.draft.api import web_drafter

    site = None if no_site else (site_dir or build_dir / "site")
    if site is not None:
        from kg.site.generate import site as write_site

        result = write_site(build_dir, site, progress=lambda m: click.echo(f"site: {m}", err=True))
        click.echo(f"site: {result.pages} pages in {site}/ ({result.written} files written)", err=True)

    def ready(endpoint: Endpoint) -> None:
        mode = "read-write" if writable else "read-only"
        click.echo(f"SPARQL endpoint ({mode}): {endpoint.query_url}")  # first: scripts read it
        if site is not None:
            click.echo(f"Web view: {endpoint.query_url.removesuffix('query')}")
        click.echo(f"Graph Store: {endpoint.store_url}  (Ctrl-C stops the server)", err=True)

    drafter = web_drafter(data_dir) if site is not None else None
    code = run_serve(build_dir, host=host, port=port, writable=writable, ready=ready, query_timeout=query_timeout,
                     allow_service=allow_service, site=site, drafter=drafter)
    if code != 0:
        raise ServeError(f"the oxigraph server stopped with exit code {code}")


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="yaml: an article record marked draft; json: the figures with offsets and reasons. With "
                   "--against: yaml prints the report as text.")
@click.option("--against", "record", type=click.Path(dir_okay=False, path_type=Path),
              help="Compare the draft with this curated record of the same text (what the curator changed).")
@click.option("--accept", "accept_id", metavar="ID",
              help="Confirm record ID (or 'all') of the draft record PATH: delete its draft: marker.")
@click.option("--id", "record_id", help="The article id of the record (default: from PATH's file name).")
@DATA_OPTION
@reports_errors
def draft(path: Path, fmt: str, record: Path | None, accept_id: str | None, record_id: str | None,
          data_dir: Path) -> None:
    """Propose the article record of a new text (PATH; - reads stdin): every figure with its words, value or
    bounds, qualifier, what it counts, group, perpetrator and stance, who states it, each with its reason.

    Nothing is entered unconfirmed: every proposed record carries a draft: marker that kg build refuses
    until a curator deletes it (or runs kg draft --accept ID PATH on the record).
    """
    from kg.draft import api
    from kg.draft import record as records

    if accept_id is not None:
        done = records.accept(path, accept_id)
        click.echo(f"confirmed {', '.join(done)} in {path}", err=True)
        return
    if record is not None:
        _, comparison = api.against(path, record, data_dir)
        click.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) if fmt == "json"
                   else comparison.to_text())
        return
    click.echo(api.draft_file(path, data_dir, fmt, record_id), nl=False)


@main.command()
@click.option("--endpoint", metavar="URL", type=URL, required=True,
              help="The SPARQL store to push to: an Oxigraph server's base URL (e.g. http://127.0.0.1:7878), "
                   "or any store with --query-url and --store-url.")
@QUERY_URL_OPTION
@click.option("--update-url", metavar="URL", type=URL,
              help="Its SPARQL update URL, if not URL/update (used only where the Graph Store cannot delete).")
@click.option("--store-url", metavar="URL", type=URL,
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
