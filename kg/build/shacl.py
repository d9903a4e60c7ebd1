"""Validate against the shapes and turn the report into located, typed results.

Each result names its focus node, its source shape and its severity, and,
where the focus node came from a record, the ``path:line`` of that record.

Two engines, one answer. pySHACL (``engine="pyshacl"``, the default) is the
reference. pyshacl-turbo (``engine="turbo"``), a Rust SHACL engine, is the
fast path: it is allowed only because ``tests/test_validation_parity.py``
shows that it reports exactly the same results (severity, focus, shape, path,
value and message) on every shape fixture, on the real data and on a
synthetic corpus with planted violations. Both reports go through the same
parser below, so a difference between the engines is a difference in what
they found, never in how it was read.

The fast path is exact only where that was shown, so ``engine="turbo"``
first checks that the data lie in that domain (:func:`outside_parity`): the
numbers, offsets and dates the shapes compare have the forms the converter
writes. Outside it (an ill-typed date, a number of 19 digits, a start after
its end) the two engines are known to disagree, and pySHACL validates instead,
with a :class:`TurboFallback` warning saying why.

Only the results of the validation report itself (``sh:result``) are kept.
The nested results some engines attach under ``sh:detail`` (why an
``sh:node`` value failed) name blank-node shapes and engine-specific
messages; the top-level result they explain is always reported too.

Data can be an rdflib ``Graph`` (:func:`validate`), a pyoxigraph ``Store``
(:func:`validate_store`: the union of its graphs is validated, no rdflib
graph is built on the fast path) or an RDF file such as N-Quads
(:func:`validate_file`). The data must carry the ontology and the
vocabularies (for ``rdfs:subClassOf`` and ``skos:inScheme``), as the build's
graph does; ``background=True`` adds them.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast, get_args

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Dataset, Graph, Node, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.model.errors import Location
from kg.model.resources import ONTOLOGY_FILE, SHAPES_FILE, VOCAB_FILE
from kg.model.terms import KG, OA, SCHEMA, iri, kind_of

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

#: The validation engines: pySHACL (the reference) and pyshacl-turbo (the fast path).
Engine = Literal["pyshacl", "turbo"]
ENGINES: tuple[Engine, ...] = get_args(Engine)

#: Named graphs that ``background=True`` adds to a store: the ontology and the vocabularies.
BACKGROUND_GRAPHS = {"ontology": ONTOLOGY_FILE, "vocab": VOCAB_FILE}


@dataclass(frozen=True)
class Result:
    severity: str
    focus: str
    shape: str
    path: str | None
    value: str | None
    message: str
    location: Location | None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}: {self.message} [focus {self.focus}, shape {self.shape}]"


@dataclass(frozen=True)
class Report:
    conforms: bool
    results: tuple[Result, ...]

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity != "Violation")


def load_shapes(path: Path = SHAPES_FILE) -> Graph:
    return Graph().parse(path, format="turtle")


def validate(
    data: Graph,
    shapes: Graph | None = None,
    origins: dict[str, Location] | None = None,
    *,
    engine: Engine = "pyshacl",
) -> Report:
    """Validate ``data`` (which carries the ontology, for rdfs:subClassOf) against the shapes."""
    shapes = shapes if shapes is not None else load_shapes()
    return parse_report(run_engine(_choose(engine, data), data, shapes), origins)


def validate_store(
    store: ox.Store,
    shapes: Graph | None = None,
    origins: dict[str, Location] | None = None,
    *,
    engine: Engine = "turbo",
    background: bool = False,
) -> Report:
    """Validate the union of all graphs of ``store`` (default and named); the store is not changed.

    With ``background=True`` the ontology and the vocabularies are added to the
    data first (to a copy: the store itself is left as it is). With the turbo
    engine no rdflib graph of the data is built; with pySHACL the union is
    loaded into one.
    """
    shapes = shapes if shapes is not None else load_shapes()
    _check_engine(engine)
    if background:
        copy = ox.Store()
        copy.bulk_load(_dump(store), format=ox.RdfFormat.N_QUADS)
        _add_background(copy)
        store = copy
    return parse_report(run_engine(_choose(engine, store), store, shapes), origins)


def validate_nquads(
    data: bytes,
    shapes: Graph | None = None,
    origins: dict[str, Location] | None = None,
    *,
    engine: Engine = "turbo",
) -> Report:
    """Validate the union of the graphs of an N-Quads document.

    With turbo the text goes to the engine as it is (no store is built; about
    a sixth faster than :func:`validate_store` on a batch of 200k triples);
    outside the parity domain, and with pySHACL, it is parsed into rdflib.
    """
    _check_engine(engine)
    shapes = shapes if shapes is not None else load_shapes()
    if _choose(engine, data) == "turbo":
        return parse_report(_run_turbo_text(data, shapes), origins)
    return parse_report(_run_pyshacl(_union_of_nquads(data), shapes), origins)


def validate_file(
    path: Path,
    shapes: Graph | None = None,
    origins: dict[str, Location] | None = None,
    *,
    engine: Engine = "turbo",
    background: bool = False,
    rdf_format: ox.RdfFormat | None = None,
) -> Report:
    """Validate an RDF file (N-Quads, N-Triples, Turtle, TriG; the format is guessed from the extension).

    The file is loaded into an in-memory Oxigraph store, and the union of its
    graphs validated as by :func:`validate_store`.
    """
    _check_engine(engine)
    store = ox.Store()
    store.bulk_load(path=path, format=rdf_format or ox.RdfFormat.from_extension(path.suffix.lstrip(".")))
    if background:
        _add_background(store)
    return validate_store(store, shapes, origins, engine=engine)


# --- engines -------------------------------------------------------------------------------------

_OPTIONS: dict[str, Any] = {"inference": "none", "advanced": True, "allow_warnings": True}


def _run_pyshacl(data: Graph, shapes: Graph) -> Graph:
    from pyshacl import validate as pyshacl_validate

    _conforms, report, _text = pyshacl_validate(data, shacl_graph=shapes, **_OPTIONS)
    assert isinstance(report, Graph)
    return report


def _run_turbo(data: Graph | ox.Store, shapes: Graph) -> Graph:
    import pyshacl_turbo

    run = cast(Callable[..., tuple[bool, object, str]], pyshacl_turbo.validate)
    _conforms, report, text = run(data, shacl_graph=shapes, **_OPTIONS)
    if not isinstance(report, Graph):  # pyshacl-turbo returns its failure instead of raising it
        raise RuntimeError(f"pyshacl-turbo could not validate: {text}")
    return report


def _run_turbo_text(nquads: bytes, shapes: Graph) -> Graph:
    from pyshacl_turbo import CompiledShapes
    from pyshacl_turbo.rdf import Input  # the serialized input pyshacl-turbo builds from a store itself

    program = cast(Callable[..., Any], CompiledShapes)(shapes, advanced=_OPTIONS["advanced"])
    data = Input(nquads.decode("utf-8"), "nquads", None, {}, preserve_ids=True)
    run = cast(Callable[..., tuple[bool, object, str]], program.validate)
    _conforms, report, text = run(data, allow_warnings=_OPTIONS["allow_warnings"])
    if not isinstance(report, Graph):
        raise RuntimeError(f"pyshacl-turbo could not validate: {text}")
    return report


def run_engine(engine: Engine, data: Graph | ox.Store, shapes: Graph) -> Graph:
    """The raw report graph of one engine, without the parity check of :func:`outside_parity`."""
    _check_engine(engine)
    if engine == "turbo":
        return _run_turbo(data, shapes)
    return _run_pyshacl(_union_graph(data) if isinstance(data, ox.Store) else data, shapes)


class TurboFallback(UserWarning):
    """The data lie outside the domain where turbo is known to agree with pySHACL; pySHACL validated them."""


def _choose(engine: Engine, data: Graph | ox.Store | bytes) -> Engine:
    _check_engine(engine)
    if engine == "turbo":
        problems = outside_parity(data)
        if problems:
            shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
            warnings.warn(f"validating with pySHACL, not turbo: {shown}", TurboFallback, stacklevel=3)
            return "pyshacl"
    return engine


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}: one of {', '.join(ENGINES)}")


# --- the parity domain ---------------------------------------------------------------------------
#
# pySHACL (rdflib's SPARQL and literal comparisons) and turbo (Oxigraph's) are
# known to disagree on some literals that the converter never writes; the
# parity tests probe each of them. Numbers: turbo compares xsd:integer as
# 64-bit integers and xsd:decimal with 18 fractional digits, so beyond that a
# number is incomparable and fails sh:minInclusive and sh:lessThanOrEquals;
# RoundingApproximatelyClose multiplies by 10, hence 15 digits. Ill-typed
# literals: pySHACL crashes on some (TypeError, RecursionError), compares
# others by their text, and does not check xsd:gYearMonth or negative years.
# Mixed types: rdflib's SPARQL compares xsd:date with xsd:dateTime, xsd:gYear or
# a plain string, Oxigraph raises a type error (so no result). SUBSTR with a
# negative length: rdflib gives "", Oxigraph an error (so an unbound
# {?found} in the message of AnchorMatchesArchivedText).

_INTEGER = re.compile(r"[+-]?\d{1,15}")
_OFFSET = re.compile(r"\+?\d{1,15}")
_DECIMAL = re.compile(r"[+-]?\d{1,15}(\.\d{1,18})?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_YEAR = re.compile(r"\d{4}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?")
_NUMBERS = (KG.value, KG.lowerBound, KG.upperBound)
_OFFSETS = (OA.start, OA.end)
_ORDINALS = (KG.sequence, KG.position)  # compared with 1 by the shapes
_DAYS = (KG.earliest, KG.latest, KG.periodStart, KG.periodEnd)
_CALENDAR = (KG.date, SCHEMA.datePublished, KG.asOf)

#: (subject, lexical form or None for a non-literal, datatype IRI)
_Row = tuple[str, str | None, str]


def _is_day(lexical: str) -> bool:
    if not _DATE.fullmatch(lexical):
        return False
    try:
        dt.date.fromisoformat(lexical)
    except ValueError:
        return False
    return True


def _number_ok(lexical: str, datatype: str) -> bool:
    if datatype == str(XSD.integer):
        return bool(_INTEGER.fullmatch(lexical))
    return datatype == str(XSD.decimal) and bool(_DECIMAL.fullmatch(lexical))


def _calendar_ok(lexical: str, datatype: str) -> bool:
    if datatype == str(XSD.date):
        return _is_day(lexical)
    if datatype == str(XSD.gYearMonth):
        return bool(_YEAR_MONTH.fullmatch(lexical))
    if datatype == str(XSD.dateTime):
        if not _DATE_TIME.fullmatch(lexical):
            return False
        try:
            dt.datetime.fromisoformat(lexical.replace("Z", "+00:00"))
        except ValueError:
            return False
        return True
    return datatype == str(XSD.gYear) and bool(_YEAR.fullmatch(lexical))


def outside_parity(data: Graph | ox.Store | bytes) -> list[str]:
    """Why turbo might not report exactly what pySHACL reports on ``data``: [] when it will.

    Checks the values the shapes compare: kg:value and the bounds are
    xsd:integer or xsd:decimal of at most 15 digits (and 18 decimals),
    oa:start and oa:end non-negative xsd:integer with no start of an anchor
    after one of its ends, kg:earliest, kg:latest, kg:periodStart and
    kg:periodEnd valid xsd:date, kg:date, schema:datePublished and kg:asOf valid xsd:date,
    xsd:gYearMonth, xsd:gYear or xsd:dateTime (the only literals with a time zone: they are never compared).
    """
    rows: Callable[[URIRef], Iterable[_Row]]
    if isinstance(data, bytes):
        rows = _RowsOfQuads(data)
    else:
        rows = _RowsOfStore(data) if isinstance(data, ox.Store) else _RowsOfGraph(data)
    problems: list[str] = []

    def check(props: Iterable[URIRef], ok: Callable[[str, str], bool], what: str) -> None:
        for prop in props:
            for subject, lexical, datatype in rows(prop):
                if lexical is None or not ok(lexical, datatype):
                    shown = "a resource" if lexical is None else f'"{lexical}"^^<{datatype}>'
                    problems.append(f"{subject} has {prop.n3()} {shown}, not {what}")

    check(_NUMBERS, _number_ok, "an xsd:integer or xsd:decimal of at most 15 digits")
    check(_OFFSETS, lambda lex, dtype: dtype == str(XSD.integer) and bool(_OFFSET.fullmatch(lex)),
          "a non-negative xsd:integer of at most 15 digits")
    # only long integers diverge here: other datatypes fail sh:datatype alike in both engines
    check(_ORDINALS, lambda lex, dtype: dtype != str(XSD.integer) or bool(_INTEGER.fullmatch(lex)),
          "an xsd:integer of at most 15 digits")
    check(_DAYS, lambda lex, dtype: dtype == str(XSD.date) and _is_day(lex), "a valid xsd:date")
    check(_CALENDAR, _calendar_ok, "a valid xsd:date, xsd:gYearMonth, xsd:gYear or xsd:dateTime")
    if not problems:
        problems += _offsets_crossed(rows)
    return problems


def _offsets_crossed(rows: Callable[[URIRef], Iterable[_Row]]) -> list[str]:
    """Anchors with a selector start after a selector end (AnchorMatchesArchivedText joins all their selectors)."""
    starts: dict[str, list[int]] = defaultdict(list)
    ends: dict[str, list[int]] = defaultdict(list)
    for subject, lexical, _dtype in rows(OA.start):
        starts[subject].append(int(lexical or 0))
    for subject, lexical, _dtype in rows(OA.end):
        ends[subject].append(int(lexical or 0))
    selectors: dict[str, list[str]] = defaultdict(list)
    for anchor, selector in _objects(rows, OA.hasSelector):
        selectors[anchor].append(selector)
    out = []
    for anchor, chosen in sorted(selectors.items()):
        first = [s for sel in chosen for s in starts.get(sel, ())]
        last = [e for sel in chosen for e in ends.get(sel, ())]
        if first and last and max(first) > min(last):
            out.append(f"{anchor} has a selector oa:start {max(first)} after an oa:end {min(last)}")
    return out


def _objects(rows: Callable[[URIRef], Iterable[_Row]], prop: URIRef) -> Iterator[tuple[str, str]]:
    for subject, _lexical, term in rows(prop):
        yield subject, term


class _RowsOfGraph:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def __call__(self, prop: URIRef) -> Iterator[_Row]:
        for s, o in self.graph.subject_objects(prop):
            if isinstance(o, RdfLiteral):
                datatype = o.datatype or (RDF.langString if o.language else XSD.string)
                yield str(s), str(o), str(datatype)
            else:
                yield str(s), None, str(o)


class _RowsOfStore:
    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def __call__(self, prop: URIRef) -> Iterator[_Row]:
        for quad in self.store.quads_for_pattern(None, ox.NamedNode(str(prop)), None):
            yield _row_of(quad)


def _row_of(quad: ox.Quad) -> _Row:
    s, o = quad.subject, quad.object
    subject = s.value if isinstance(s, ox.NamedNode | ox.BlankNode) else str(s)
    if isinstance(o, ox.Literal):
        return subject, o.value, o.datatype.value
    return subject, None, o.value if isinstance(o, ox.NamedNode | ox.BlankNode) else str(o)


class _RowsOfQuads:
    """The rows of an N-Quads document, parsed once, for the predicates the parity domain reads."""

    def __init__(self, nquads: bytes) -> None:
        wanted = {str(p) for p in (*_NUMBERS, *_OFFSETS, *_ORDINALS, *_DAYS, *_CALENDAR, OA.hasSelector)}
        self.rows: dict[str, list[_Row]] = defaultdict(list)
        for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
            if quad.predicate.value in wanted:
                self.rows[quad.predicate.value].append(_row_of(quad))

    def __call__(self, prop: URIRef) -> Iterator[_Row]:
        yield from self.rows.get(str(prop), ())


# --- stores --------------------------------------------------------------------------------------


@cache
def _background_nquads() -> bytes:
    store = ox.Store()
    for name, path in BACKGROUND_GRAPHS.items():
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(iri("graph", name))))
    return _dump(store)


def _dump(store: ox.Store) -> bytes:
    return cast(bytes, store.dump(format=ox.RdfFormat.N_QUADS))


def _add_background(store: ox.Store) -> None:
    store.bulk_load(_background_nquads(), format=ox.RdfFormat.N_QUADS)


def _union_graph(store: ox.Store) -> Graph:
    """The union of the store's graphs as one rdflib graph (the pySHACL path)."""
    return _union_of_nquads(_dump(store))


def _union_of_nquads(data: bytes) -> Graph:
    """The union of the graphs of an N-Quads document as one rdflib graph."""
    dataset = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=data, format="nquads")
    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


# --- reports -------------------------------------------------------------------------------------


def parse_report(report: Graph, origins: dict[str, Location] | None = None) -> Report:
    """The results of a SHACL validation report graph (either engine's), sorted and without duplicates."""
    origins = origins or {}
    nodes = {
        node
        for top in report.subjects(RDF.type, SH.ValidationReport)
        for node in report.objects(top, SH.result)
    }
    return report_of(_result(report, node, origins) for node in nodes)


def report_of(results: Iterable[Result]) -> Report:
    """A report of ``results``: without duplicates, in one total order (Violations first, then by focus
    and shape), so that equal result sets give equal reports; it conforms when none is a Violation.
    Use it to merge the results of several validations."""
    ordered = tuple(sorted(set(results), key=_order))
    return Report(not any(r.severity == "Violation" for r in ordered), ordered)


def _order(r: Result) -> tuple[bool, str, str, str, str, bool, str, bool, str]:
    """Violations first, then by focus and shape; a total order, so equal reports are equal tuples."""
    return (r.severity != "Violation", r.severity, r.focus, r.shape, r.message,
            r.path is not None, r.path or "", r.value is not None, r.value or "")


def _text(g: Graph, node: Node, prop: URIRef) -> str | None:
    values = sorted(str(v) for v in g.objects(node, prop))
    return values[0] if values else None


def _result(g: Graph, node: Node, origins: dict[str, Location]) -> Result:
    focus = _text(g, node, SH.focusNode) or ""
    severity = g.value(node, SH.resultSeverity)
    path = g.value(node, SH.resultPath)
    value = _text(g, node, SH.value)
    return Result(
        severity=SEVERITIES.get(severity, str(severity)),  # type: ignore[call-overload]
        focus=focus,
        shape=_text(g, node, SH.sourceShape) or "",
        path=None if path is None else str(path) if isinstance(path, URIRef) else render_path(g, path),
        value=value,
        message=_text(g, node, SH.resultMessage) or "constraint not met",
        location=_location(focus, value, origins),
    )


_UNARY = ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?"))


def render_path(g: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL property-path syntax, with full IRIs: ``<a>/<b>``, ``^<a>``, ``(<a>|<b>)*``.

    Complex paths are blank nodes; their identifiers differ between engines and
    runs, so results name the path by its structure instead.
    """
    return _render(g, path, nested=False)


def _render(g: Graph, path: Node, nested: bool) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    if not isinstance(path, BNode):
        raise ValueError(f"not a SHACL property path: {path!r}")
    if (path, RDF.first, None) in g:
        steps, sep = list(Collection(g, path)), "/"
    elif (alternatives := g.value(path, SH.alternativePath)) is not None:
        steps, sep = list(Collection(g, alternatives)), "|"
    else:
        for prop, pattern in _UNARY:
            inner = g.value(path, prop)
            if inner is not None:
                return pattern.format(_render(g, inner, nested=True))
        raise ValueError(f"not a SHACL property path: {path!r}")
    text = sep.join(_render(g, step, nested=True) for step in steps)
    return f"({text})" if nested else text


def locate(results: Iterable[Result], origins: dict[str, Location]) -> list[Result]:
    """``results`` each located at the record behind it (results validated without ``origins`` have none)."""
    return [replace(r, location=_location(r.focus, r.value, origins)) for r in results]


def _location(focus: str, value: str | None, origins: dict[str, Location]) -> Location | None:
    """The record to fix: the offending value's (a figure, quote) when it has one, else the focus node's."""
    if value is not None and kind_of(value) in ("figure", "quote", "phrase", "attribution"):
        return origins.get(value) or origins.get(focus)
    return origins.get(focus)
