"""Parity: pyshacl-turbo, the fast SHACL engine, reports exactly what pySHACL reports.

The fast path (``engine="turbo"`` of :mod:`kg.build.shacl`) is allowed only because
these tests hold. They compare the two engines' raw reports, read by the same
parser, as whole result sets (severity, focus, shape, path, value and
message), and the typed RDF terms of focus nodes and values as well:

1. on every shape fixture, conforming and violating;
2. on the real ``data/``, where both report nothing;
3. on a synthetic corpus with planted violations, through an rdflib graph, an
   Oxigraph store and an N-Quads file, where both report exactly the planted
   violations;
4. on small probes of the literals the converter writes and of those it never
   writes: inside the parity domain the engines agree; outside it they are
   known to disagree (the ``KNOWN_DIVERGENCES``, strict xfails that turn into
   failures when a new turbo release fixes one), and the guarded fast path
   falls back to pySHACL.
"""

from __future__ import annotations

import itertools
import json
import warnings
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, SH

from kg.build.shacl import (
    ENGINES,
    Engine,
    Report,
    Result,
    TurboFallback,
    outside_parity,
    parse_report,
    report_of,
    run_engine,
    validate,
    validate_file,
    validate_nquads,
    validate_store,
)
from kg.loader import load_catalogue
from kg.rdf import Converted, convert
from kg.rdf.serialize import nquads
from kg.synth import synthesize
from tests.test_shapes import FIXTURES, KGSH, SHAPES, SHAPES_GRAPH, background, expectations, real

FIXTURE_FILES = sorted(FIXTURES.glob("*.ttl"))
SYNTH_FIGURES, SYNTH_SEED, SYNTH_PLANTED = 300, 2026, 9  # nine plants: every kind kg.synth can plant

Terms = frozenset[tuple[str, str, str]]


def raw(engine: Engine, data: Graph | ox.Store) -> tuple[Report, Terms]:
    """One engine's report, parsed, and the typed (focus, shape, value) terms of its results."""
    report_graph = run_engine(engine, data, SHAPES_GRAPH)
    return parse_report(report_graph), terms(report_graph)


def terms(g: Graph) -> Terms:
    out = set()
    for top in g.subjects(RDF.type, SH.ValidationReport):
        for node in g.objects(top, SH.result):
            focus, shape, value = (_n3(g.value(node, p)) for p in (SH.focusNode, SH.sourceShape, SH.value))
            out.add((focus, shape, value))
    return frozenset(out)


def _n3(node: Node | None) -> str:
    return "" if node is None else node.n3()


def with_background(path: Path | None = None, turtle: str | None = None) -> Graph:
    g = Graph()
    for triple in background():
        g.add(triple)
    if path is not None:
        g.parse(path, format="turtle")
    if turtle is not None:
        g.parse(data=turtle, format="turtle")
    return g


def assert_same(a: tuple[Report, Terms], b: tuple[Report, Terms]) -> None:
    """The same Report (results in the same order, messages included) and the same typed terms."""
    only_a = set(a[0].results) - set(b[0].results)
    only_b = set(b[0].results) - set(a[0].results)
    assert (only_a, only_b) == (set(), set()), "\n".join([f"pyshacl only: {r!r}" for r in only_a]
                                                        + [f"turbo only:   {r!r}" for r in only_b])
    assert a[0] == b[0]
    assert a[1] == b[1]


# --- 1. every shape fixture ----------------------------------------------------------------------


@cache
def fixture_reports(path: Path) -> tuple[tuple[Report, Terms], tuple[Report, Terms]]:
    g = with_background(path)
    return raw("pyshacl", g), raw("turbo", g)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.stem for p in FIXTURE_FILES])
def test_fixture_parity(path: Path) -> None:
    reference, fast = fixture_reports(path)
    assert_same(reference, fast)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.stem for p in FIXTURE_FILES])
def test_fixture_parity_from_nquads_text(path: Path) -> None:
    """As the build's batches are validated: N-Quads text straight to turbo, no store, no rdflib graph."""
    g = with_background(path)
    text = g.serialize(format="nt", encoding="utf-8")
    with warnings.catch_warnings(record=True) as fallbacks:
        warnings.simplefilter("always", TurboFallback)
        assert validate_nquads(text, SHAPES_GRAPH, engine="turbo") == fixture_reports(path)[0][0]
    assert bool(fallbacks) == bool(outside_parity(text)) == bool(outside_parity(g))


@pytest.mark.parametrize("name", SHAPES)
def test_fixture_parity_is_not_vacuous(name: str) -> None:
    """The violating fixture makes turbo report its declared focus nodes, with its severity."""
    foci, severity = expectations(FIXTURES / f"{name}-violates.ttl")
    _reference, (fast, _terms) = fixture_reports(FIXTURES / f"{name}-violates.ttl")
    mine = [r for r in fast.results if r.shape == str(KGSH[name])]
    assert {r.focus for r in mine} == foci
    assert {r.severity for r in mine} == {severity}


def test_fixtures_cover_every_result_field() -> None:
    """Across the fixtures the compared fields all vary: values, complex paths, SPARQL messages."""
    results = [r for p in FIXTURE_FILES for r in fixture_reports(p)[1][0].results]
    assert {r.severity for r in results} == {"Violation", "Warning"}
    assert any(r.value is not None and r.value.startswith("http") for r in results)
    assert any(r.value is not None and not r.value.startswith("http") for r in results)
    paths = {r.path for r in results if r.path and not r.path.startswith("http")}
    assert "<http://purl.org/dc/terms/isPartOf>/<https://w3id.org/kg/ns#archivedText>" in paths
    assert "^(<http://semanticweb.cs.vu.nl/2009/11/sem/hasActor>|<https://w3id.org/kg/ns#deniedActor>)" in paths
    assert "<https://w3id.org/kg/ns#within>*" in paths
    assert any("{?" not in r.message and "code points" in r.message for r in results)


def test_results_name_only_report_level_shapes() -> None:
    """Nested sh:detail results (blank-node shapes, engine-specific messages) are not results."""
    for path in FIXTURE_FILES:
        for engine_report in fixture_reports(path):
            assert all(r.shape.startswith(str(KGSH)) for r in engine_report[0].results), path.name


# --- 2. the real data ----------------------------------------------------------------------------


def test_real_data_parity() -> None:
    union = real().union
    assert outside_parity(union) == []
    assert real().report.results == ()  # pySHACL, as kg.build.check validates
    assert validate(union, SHAPES_GRAPH, engine="turbo").results == ()
    assert raw("turbo", union)[0].results == ()


# --- 3. a synthetic corpus with planted violations -----------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Converted, Graph, list[dict[str, str]]]:
    out = tmp_path_factory.mktemp("parity") / "corpus"
    synthesize(out, SYNTH_FIGURES, seed=SYNTH_SEED, plant_violations=SYNTH_PLANTED)
    converted = convert(load_catalogue(out))
    planted = json.loads((out / "planted.json").read_text(encoding="utf-8"))
    return out, converted, converted.union(), planted


@pytest.fixture(scope="module")
def reference_graph(corpus: tuple[Path, Converted, Graph, list[dict[str, str]]]) -> Graph:
    """pySHACL's report on the corpus (the slow part: computed once)."""
    return run_engine("pyshacl", corpus[2], SHAPES_GRAPH)


@pytest.fixture(scope="module")
def reference(reference_graph: Graph) -> tuple[Report, Terms]:
    return parse_report(reference_graph), terms(reference_graph)


def test_synthetic_corpus_parity(corpus: tuple[Path, Converted, Graph, list[dict[str, str]]],
                                 reference: tuple[Report, Terms]) -> None:
    _out, _converted, union, planted = corpus
    assert outside_parity(union) == []
    assert_same(reference, raw("turbo", union))
    kinds = {p["kind"] for p in planted}
    assert len(planted) == SYNTH_PLANTED and len(kinds) == SYNTH_PLANTED
    reported = {(r.shape, r.focus) for r in reference[0].results}
    assert reported == {(p["shape"], p["focus"]) for p in planted}


def test_synthetic_corpus_through_store_and_file(corpus: tuple[Path, Converted, Graph, list[dict[str, str]]],
                                                 reference_graph: Graph, reference: tuple[Report, Terms],
                                                 tmp_path: Path) -> None:
    """As the build will: N-Quads of the named graphs into Oxigraph, validated without an rdflib graph."""
    _out, converted, _union, _planted = corpus
    body = "".join(nquads(unit.name, unit.triples) for unit in converted.units)
    store = ox.Store()
    store.bulk_load(body.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    assert len(list(store.named_graphs())) == sum(1 for unit in converted.units if unit.triples)
    (tmp_path / "kg.nq").write_text(body, encoding="utf-8")
    origins = converted.origins
    with warnings.catch_warnings():
        warnings.simplefilter("error", TurboFallback)
        from_store = validate_store(store, SHAPES_GRAPH, origins)
        from_file = validate_file(tmp_path / "kg.nq", SHAPES_GRAPH, origins)
        from_text = validate_nquads(body.encode("utf-8"), SHAPES_GRAPH, origins)
    expected = parse_report(reference_graph, origins)  # pySHACL on the rdflib union, with locations
    assert from_store == expected
    assert from_text == expected
    assert from_file == expected
    assert raw("turbo", store) == reference
    assert all(r.location is not None for r in expected.results)


# --- 4. probes: the parity domain and what lies outside it ---------------------------------------

PREFIXES = """
@prefix kg: <https://w3id.org/kg/ns#> . @prefix kgv: <https://w3id.org/kg/vocab/> .
@prefix oa: <http://www.w3.org/ns/oa#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix f: <https://w3id.org/kg/id/figure/> . @prefix r: <https://w3id.org/kg/id/report/> .
@prefix t: <https://w3id.org/kg/id/text/> . @prefix x: <https://w3id.org/kg/id/x/> .
"""

ANCHOR = ('t:a a kg:ArchivedText ; kg:content "{content}" . x:q oa:hasSource t:a ; oa:hasSelector x:s1, x:s2 . '
          'x:s1 a oa:TextQuoteSelector ; oa:exact "{exact}" {extra} . '
          "x:s2 a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} .")

#: Data the converter can write (or that breaks only shapes, never literal forms): the engines agree.
IN_DOMAIN = {
    "times of day": ('x:art a kg:SourceArticle ; schema:datePublished "2018-06-07T21:30:00+03:00"^^xsd:dateTime . '
                     'f:a a kg:Figure ; kg:asOf "2018-06-08T08:10:00Z"^^xsd:dateTime ; '
                     'kg:earliest "2018-06-08"^^xsd:date ; kg:latest "2018-06-08"^^xsd:date .'),
    "negative numbers": "f:a a kg:Figure ; kg:value -3 ; kg:lowerBound -1.5 .",
    "bounds crossed, several values": "f:a a kg:Figure ; kg:lowerBound 1, 7 ; kg:upperBound 5, 6 ; kg:value 3, 4 .",
    "15-digit numbers, 18 decimals": (
        "f:a kg:roundingOf f:b ; kg:value 100000000000000 ; kg:qualifier kgv:approximately . "
        "f:b kg:value 900000000000000 . f:c kg:subsetOf f:d ; kg:value 0.123456789012345678 . "
        "f:d kg:upperBound 0.123456789012345677 ."
    ),
    "decimal arithmetic": (
        "f:a kg:roundingOf f:b ; kg:value 90.09 ; kg:qualifier kgv:approximately . f:b kg:value 100.1 . "
        "f:e kg:roundingOf f:g ; kg:value 89.999999999999999999 ; kg:qualifier kgv:around . f:g kg:value 100 ."
    ),
    "rounding at the boundary": (
        "f:a kg:roundingOf f:b ; kg:value 100 ; kg:qualifier kgv:more-than . f:b kg:value 100.0 . "
        "f:c kg:roundingOf f:d ; kg:value 100 ; kg:qualifier kgv:no-fewer-than . f:d kg:value 99.99 ."
    ),
    "subset and rounding rows repeated": "f:a kg:subsetOf f:b ; kg:value 11 ; kg:lowerBound 11 . f:b kg:value 10 ; "
                                         "kg:upperBound 10 .",
    "equal dates": (
        'x:a kg:relays r:r ; kg:latest "2024-01-01"^^xsd:date ; kg:earliest "2024-01-01"^^xsd:date . '
        'r:r kg:earliest "2024-01-01"^^xsd:date ; kg:supersedes r:q ; kg:latest "2023-12-31"^^xsd:date . '
        'r:q kg:earliest "2024-01-01"^^xsd:date .'
    ),
    "incident and period after the report": (
        'r:r a kg:Report ; kg:latest "2024-01-01"^^xsd:date . f:a kg:reportedIn r:r ; kg:incident x:i, x:j ; '
        'kg:periodStart "2024-02-01"^^xsd:date ; kg:periodEnd "2024-01-31"^^xsd:date . '
        'x:i kg:earliest "2024-01-02"^^xsd:date . x:j kg:earliest "2024-01-01"^^xsd:date .'
    ),
    "calendar precisions": 'x:d kg:date "2024"^^xsd:gYear, "2025-02"^^xsd:gYearMonth ; '
                           'schema:datePublished "2024-02-29"^^xsd:date .',
    "digest of non-ASCII, language-tagged content": (
        't:a a kg:ArchivedText ; kg:content "caf\\u00e9 \\U0001F600\\r\\n\\u0000"@en ; '
        'schema:sha256 "0000000000000000000000000000000000000000000000000000000000000000"^^xsd:string .'
    ),
    "anchor after astral characters": ANCHOR.format(
        content="\\U0001F600\\U0001F600 abc \\u0301x", exact="abc",
        extra='; oa:prefix "\\U0001F600 " ; oa:suffix " \\u0301"', start=3, end=6),
    "anchor past the end": ANCHOR.format(content="hello", exact="", extra='; oa:prefix "hello" ; oa:suffix ""',
                                         start=9, end=9),
    "anchor with two position selectors": ANCHOR.format(content="hello", exact="he", extra="", start=0, end=2)
    + " x:q oa:hasSelector x:s3 . x:s3 a oa:TextPositionSelector ; oa:start 1 ; oa:end 3 .",
    "relay cycle": (
        "x:art a kg:SourceArticle ; kg:relays r:a . r:a kg:relays r:b . r:b kg:relays r:a . "
        "x:q dct:isPartOf x:art . f:a kg:quote x:q ; kg:reportedIn r:b, r:c ."
    ),
    "place cycle": "x:p a kg:Place ; kg:within x:q ; kg:placeType kgv:city . x:q kg:within x:p ; "
                   "kg:placeType kgv:city .",
    "literals where resources belong": 'f:a a kg:Figure ; kg:quote "q" ; kg:statedBy "someone" ; '
                                       'kg:qualifier "kgv:exact" ; kg:phrase "words" .',
    "blank-node focus": "_:f a kg:Figure ; kg:value -1 ; kg:quote _:q . _:q a kg:Quote .",
    "unknown value present": 'x:a kg:curatorNote x:n ; schema:publisher x:pub, "P"@en . '
                             "x:n kg:aboutProperty schema:publisher .",
    "empty and language-tagged strings": 'x:s a oa:TextQuoteSelector ; oa:exact "", "a"@en . '
                                         'x:n a kg:CuratorNote ; kg:reason "" ; kg:aboutProperty "p" .',
}

#: Data the converter never writes, on which the raw engines are known to disagree; why, in the reason.
KNOWN_DIVERGENCES = {
    "19-digit integer": (
        "f:a a kg:Figure ; kg:value 9223372036854775808 .",
        "turbo compares xsd:integer as 64-bit: larger values fail sh:minInclusive (pySHACL: exact)",
    ),
    "19-digit update sequence": (
        "f:a a kg:Figure ; kg:sequence 9223372036854775808 .",
        "turbo compares xsd:integer as 64-bit: the sequence fails sh:minInclusive 1 (pySHACL: exact)",
    ),
    "decimal with 19 decimals": (
        "f:a a kg:Figure ; kg:lowerBound 0.1234567890123456789 ; kg:upperBound 1 .",
        "turbo's xsd:decimal has 18 fractional digits: the value fails sh:minInclusive and sh:lessThanOrEquals",
    ),
    "ill-typed integer compared": (
        'f:a a kg:Figure ; kg:lowerBound "x"^^xsd:integer ; kg:upperBound 5 .',
        "pySHACL raises TypeError in sh:lessThanOrEquals; turbo reports it",
    ),
    "ill-typed date compared": (
        'x:d kg:earliest "2024-02-30"^^xsd:date ; kg:latest "2024-13-01"^^xsd:date .',
        "pySHACL compares ill-typed dates by their text; turbo reports them as incomparable",
    ),
    "ill-formed xsd:gYearMonth": (
        'x:d kg:date "2024-1"^^xsd:gYearMonth .',
        "pySHACL does not check the lexical form of xsd:gYearMonth; turbo does",
    ),
    "negative year": (
        'x:d kg:earliest "-0044-03-15"^^xsd:date .',
        "rdflib cannot read negative years, so pySHACL reports an xsd:date as ill-typed",
    ),
    "date against dateTime in SPARQL": (
        'r:r a kg:Report ; kg:latest "2024-01-01"^^xsd:date . f:a kg:reportedIn r:r ; '
        'kg:periodStart "2024-01-01T12:00:00"^^xsd:dateTime .',
        "rdflib's SPARQL compares xsd:date with xsd:dateTime; Oxigraph raises a type error (no result)",
    ),
    "string against number in SPARQL": (
        'f:a kg:subsetOf f:b ; kg:value "11" . f:b kg:value 10 .',
        "rdflib's SPARQL compares a string with a number; Oxigraph raises a type error (no result)",
    ),
    "ill-typed number in SPARQL arithmetic": (
        'f:a kg:roundingOf f:c ; kg:value 100 ; kg:qualifier kgv:around . f:c kg:value "x"^^xsd:integer .',
        "pySHACL raises RecursionError in ABS over an ill-typed integer",
    ),
    "string offsets": (
        ANCHOR.format(content="hello world", exact="world", extra="", start='"6"', end="11.0"),
        "pySHACL raises TypeError in SUBSTR with a string offset",
    ),
    "negative offset": (
        ANCHOR.format(content="hello", exact="he", extra='; oa:prefix "x"', start=-1, end=1),
        "SUBSTR with a negative length: rdflib gives '', Oxigraph an error (no result)",
    ),
    "start after end": (
        ANCHOR.format(content="hello world", exact="", extra='; oa:prefix "hello"', start=6, end=5),
        "SUBSTR with a negative length: the message reads '' in pySHACL, '{?found}' in turbo",
    ),
}


def _probe(turtle: str) -> Graph:
    return with_background(turtle=PREFIXES + turtle)


def _raw_both(g: Graph) -> tuple[tuple[Report, Terms] | str, tuple[Report, Terms] | str]:
    out: list[tuple[Report, Terms] | str] = []
    for engine in ENGINES:
        try:
            out.append(raw(engine, g))
        except Exception as error:  # a crash is an answer too: pySHACL crashes on some ill-typed literals
            out.append(type(error).__name__)
    return out[0], out[1]


@pytest.mark.parametrize("name", IN_DOMAIN)
def test_probe_in_domain(name: str) -> None:
    g = _probe(IN_DOMAIN[name])
    assert outside_parity(g) == []
    reference, fast = _raw_both(g)
    assert not isinstance(reference, str) and not isinstance(fast, str)
    assert_same(reference, fast)


@pytest.mark.parametrize("name", KNOWN_DIVERGENCES)
def test_probe_outside_domain_is_caught(name: str) -> None:
    """The guard sees every known divergence, and the fast path then answers with pySHACL's report."""
    g = _probe(KNOWN_DIVERGENCES[name][0])
    assert outside_parity(g) != []
    store = ox.Store()
    store.bulk_load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert outside_parity(store) != []
    text = g.serialize(format="nt", encoding="utf-8")
    assert outside_parity(text) != []
    reference = _raw_both(g)[0]
    runs: list[Callable[[], Report]] = [lambda: validate(g, SHAPES_GRAPH, engine="turbo"),
                                        lambda: validate_nquads(text, SHAPES_GRAPH, engine="turbo")]
    for run in runs:
        with pytest.warns(TurboFallback):
            try:
                guarded: Report | str = run()
            except Exception as error:
                guarded = type(error).__name__
        assert guarded == (reference if isinstance(reference, str) else reference[0])


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))
    for name, (_turtle, reason) in KNOWN_DIVERGENCES.items()
])
def test_probe_known_divergence(name: str) -> None:
    """Strict xfails: when a turbo release agrees with pySHACL here, this fails, and the guard can widen."""
    reference, fast = _raw_both(_probe(KNOWN_DIVERGENCES[name][0]))
    assert reference == fast


# --- the API -------------------------------------------------------------------------------------


def test_store_background_is_added_to_a_copy() -> None:
    """The vocabularies say kgv:killed is counted; the ontology says a monitoring organisation is a prov:Agent."""
    data = "f:a a kg:Figure ; kg:counts kgv:killed ; kg:statedBy x:o . x:o a kg:MonitoringOrganisation ."
    store = ox.Store()
    store.bulk_load((PREFIXES + data).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    size = len(store)
    expected = validate(_probe(data), SHAPES_GRAPH)
    assert validate_store(store, SHAPES_GRAPH, background=True) == expected
    assert validate_store(store, SHAPES_GRAPH, engine="pyshacl", background=True) == expected
    assert len(store) == size

    def shapes(report: Report) -> set[str]:
        return {r.shape.removeprefix(str(KGSH)) for r in report.results}

    assert shapes(validate_store(store, SHAPES_GRAPH)) == shapes(expected) | {"FigureHasOneCounts", "FigureStatedBy"}
    assert not shapes(expected) & {"FigureHasOneCounts", "FigureStatedBy"}


def test_default_engine_is_pyshacl_and_unknown_engines_are_refused() -> None:
    g = _probe('f:a kg:subsetOf f:b ; kg:value 2 . f:b kg:value "1"^^xsd:double .')
    with warnings.catch_warnings():
        warnings.simplefilter("error", TurboFallback)
        assert validate(g, SHAPES_GRAPH) == raw("pyshacl", g)[0]  # no guard, no warning: pySHACL itself
    with pytest.raises(ValueError, match="unknown SHACL engine"):
        validate(g, SHAPES_GRAPH, engine="jena")  # type: ignore[arg-type]


def test_locations_point_at_the_offending_record() -> None:
    g = _probe("f:a kg:subsetOf f:b ; kg:value 11 . f:b kg:value 10 .")
    here = Path("article.yaml")
    from kg.model.errors import Location

    origins = {"https://w3id.org/kg/id/figure/a": Location(here, 7)}
    for engine in ENGINES:
        results = [r for r in validate(g, SHAPES_GRAPH, origins, engine=engine).results
                   if r.shape == str(KGSH.SubsetNotGreaterThanWhole)]
        assert [(r.value, r.location) for r in results] == [("11", Location(here, 7))]
        assert isinstance(results[0], Result)


def test_terms_compare_datatypes() -> None:
    """The typed comparison sees what Result's strings hide: 11 and "11" differ."""
    a, b = Graph(), Graph()
    for g, value in ((a, Literal(11)), (b, Literal("11"))):
        node = URIRef("urn:r")
        g.add((URIRef("urn:report"), RDF.type, SH.ValidationReport))
        g.add((URIRef("urn:report"), SH.result, node))
        g.add((node, SH.value, value))
    assert terms(a) != terms(b)


def test_result_order_is_total() -> None:
    """Results that differ only in an absent or empty path or value still sort one way, whatever came first."""
    base = Result("Violation", "urn:f", str(KGSH.TextQuoteSelectorHasExact), None, None, "m", None)
    variants = [
        base,
        replace(base, value=""),
        replace(base, path=""),
        replace(base, path="", value=""),
        replace(base, severity="Warning"),
        replace(base, severity="Info"),
    ]
    reports = {report_of(perm) for perm in itertools.permutations(variants)}
    assert len(reports) == 1
    (merged,) = reports
    assert merged.results[0] == base and not merged.conforms
    assert report_of(variants[4:] * 2) == Report(True, (variants[5], variants[4]))  # no Violation: conforms
    report = Graph()
    report.add((URIRef("urn:report"), RDF.type, SH.ValidationReport))
    assert parse_report(report) == Report(True, ())
