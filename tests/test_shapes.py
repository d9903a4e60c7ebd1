"""The SHACL shapes: each has a conforming and a violating fixture, the shapes
graph is valid SHACL, and the real data conform.

Fixtures live in ``tests/shapes/<ShapeLocalName>-conforms.ttl`` and
``-violates.ttl``. A violating fixture starts with comment lines naming every
focus node the shape must report (``# focus: <IRI>``) and the severity of the
results (``# severity: Violation``). Each fixture is validated together with
the ontology and the vocabularies, as the build does.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SH

from kg.build.pipeline import Checked, check
from kg.build.shacl import Report, Result, load_shapes, validate
from kg.model.resources import ONTOLOGY_FILE, SHAPES_FILE, VOCAB_FILE

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "shapes"
KGSH = Namespace("https://w3id.org/kg/shapes#")
SHAPES_IRI = URIRef("https://w3id.org/kg/shapes")
KG = Namespace("https://w3id.org/kg/ns#")
OA = Namespace("http://www.w3.org/ns/oa#")
SHACL_SHACL = Path(pyshacl.__file__).resolve().parent / "assets" / "shacl-shacl.ttl"
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
HEADER = re.compile(r"#\s*(focus|severity):\s*(\S+)\s*$")

#: Warnings the real data are expected to raise, as (shape local name, focus IRI).
EXPECTED_WARNINGS: set[tuple[str, str]] = set()


def shape_names(shapes: Graph) -> list[str]:
    """Local names of the named shapes (kgsh: IRIs typed sh:NodeShape or sh:PropertyShape)."""
    names = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        for node in shapes.subjects(RDF.type, kind):
            if isinstance(node, URIRef) and str(node).startswith(str(KGSH)):
                names.add(str(node)[len(str(KGSH)) :])
    return sorted(names)


SHAPES_GRAPH = load_shapes(SHAPES_FILE)
SHAPES = shape_names(SHAPES_GRAPH)


@cache
def background() -> Graph:
    """The ontology and the vocabularies, which the build puts in every data graph."""
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    g.parse(VOCAB_FILE, format="turtle")
    return g


def fixture(name: str, kind: str) -> Path:
    return FIXTURES / f"{name}-{kind}.ttl"


@cache
def fixture_report(path: Path) -> Report:
    data = Graph()
    for triple in background():
        data.add(triple)
    data.parse(path, format="turtle")
    return validate(data, SHAPES_GRAPH)


def from_shape(report: Report, name: str) -> list[Result]:
    return [r for r in report.results if r.shape == str(KGSH[name])]


def expectations(path: Path) -> tuple[set[str], str]:
    """The focus nodes and the severity a violating fixture declares in its header comments."""
    foci: set[str] = set()
    severity = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        m = HEADER.match(line)
        if m is None:
            continue
        if m.group(1) == "focus":
            foci.add(m.group(2))
        else:
            severity = m.group(2)
    return foci, severity


def test_shapes_are_found() -> None:
    assert len(SHAPES) >= 40
    assert "FigureHasQuote" in SHAPES


@pytest.mark.parametrize("name", SHAPES)
def test_conforming_fixture_raises_nothing(name: str) -> None:
    results = from_shape(fixture_report(fixture(name, "conforms")), name)
    assert results == [], "\n".join(str(r) for r in results)


@pytest.mark.parametrize("name", SHAPES)
def test_violating_fixture_is_reported(name: str) -> None:
    path = fixture(name, "violates")
    foci, severity = expectations(path)
    assert foci, f"{path.name} declares no '# focus: <IRI>'"
    assert severity in {"Violation", "Warning"}, f"{path.name} declares no '# severity: Violation|Warning'"
    results = from_shape(fixture_report(path), name)
    assert {r.focus for r in results} == foci, "\n".join(str(r) for r in results)
    assert {r.severity for r in results} == {severity}
    assert all(r.message and r.message != "constraint not met" for r in results)


def test_every_shape_has_both_fixtures() -> None:
    missing = [p.name for name in SHAPES for p in (fixture(name, "conforms"), fixture(name, "violates"))
               if not p.is_file()]
    assert missing == []


def test_every_fixture_belongs_to_a_shape() -> None:
    pattern = re.compile(r"^(?P<name>[A-Za-z0-9]+)-(conforms|violates)\.ttl$")
    orphans = []
    for p in sorted(FIXTURES.iterdir()):
        m = pattern.match(p.name)
        if m is None or m.group("name") not in SHAPES:
            orphans.append(p.name)
    assert orphans == []


def test_every_targeted_shape_is_named() -> None:
    """A shape with a target reports results; it must be a kgsh: shape, so that it has fixtures."""
    anonymous = {
        str(s) for t in TARGETS for s in SHAPES_GRAPH.subjects(t, None)
        if not (isinstance(s, URIRef) and s.removeprefix(str(KGSH)) in SHAPES)
    }
    assert anonymous == set()


def test_every_shape_is_documented() -> None:
    for name in SHAPES:
        shape = KGSH[name]
        assert isinstance(SHAPES_GRAPH.value(shape, RDFS.label), Literal), name
        assert isinstance(SHAPES_GRAPH.value(shape, RDFS.comment), Literal), name
        assert SHAPES_GRAPH.value(shape, SH.severity) in {SH.Violation, SH.Warning}, name
        sparql = list(SHAPES_GRAPH.objects(shape, SH.sparql))
        messages = [m for c in sparql for m in SHAPES_GRAPH.objects(c, SH.message)]
        messages += list(SHAPES_GRAPH.objects(shape, SH.message))
        assert len(messages) == 1, f"{name}: one sh:message, on the shape or on its sh:sparql constraint"


def test_shapes_graph_header() -> None:
    g = SHAPES_GRAPH
    assert (SHAPES_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(SHAPES_IRI, OWL.versionIRI) == URIRef("https://w3id.org/kg/shapes/0.1.0")
    assert g.value(SHAPES_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    blank_targets = [s for t in TARGETS for s in g.subjects(t, None) if isinstance(s, BNode)]
    assert blank_targets == []


@cache
def shacl_shacl() -> Graph:
    """The W3C SHACL-SHACL shapes graph (SHACL spec, appendix C) that pySHACL bundles."""
    return Graph().parse(SHACL_SHACL, format="turtle")


def meta_validate(shapes: Graph) -> tuple[bool, str]:
    conforms, _graph, text = pyshacl.validate(shapes, shacl_graph=shacl_shacl(), inference="none")
    return bool(conforms), str(text)


def test_shapes_graph_passes_shacl_shacl() -> None:
    conforms, text = meta_validate(SHAPES_GRAPH)
    assert conforms, text


def test_shacl_shacl_catches_a_broken_shape() -> None:
    broken = Graph()
    for triple in SHAPES_GRAPH:
        broken.add(triple)
    broken.add((KGSH.FigureHasQuote, SH.minCount, Literal("one")))
    conforms, _text = meta_validate(broken)
    assert not conforms


@cache
def real() -> Checked:
    """The real ``data/``, converted and validated once."""
    return check(ROOT / "data")


def test_real_data_conform() -> None:
    report = real().report
    assert report.violations == (), "\n".join(str(r) for r in report.violations)
    warnings = {(r.shape.removeprefix(str(KGSH)), r.focus) for r in report.warnings}
    assert warnings == EXPECTED_WARNINGS
    assert report.conforms


def anchors(g: Graph) -> list[tuple[URIRef, str, URIRef, int, int]]:
    """(anchor, its archived text's content, its position selector, start, end) for every anchor."""
    out = []
    for anchor, text in g.subject_objects(OA.hasSource):
        content = g.value(text, KG.content)
        for selector in g.objects(anchor, OA.hasSelector):
            start, end = g.value(selector, OA.start), g.value(selector, OA.end)
            if isinstance(start, Literal) and isinstance(end, Literal) and isinstance(anchor, URIRef):
                assert isinstance(selector, URIRef) and content is not None
                out.append((anchor, str(content), selector, int(start), int(end)))
    return out


@pytest.mark.parametrize("char", ["\u2019", "\u00a0", "\u201c"])
def test_real_anchors_come_after_non_ascii_characters(char: str) -> None:
    """The real data exercise code-point offsets: anchors lie after U+2019, U+00A0 and U+201C."""
    assert any(char in content[:start] for _a, content, _s, start, _e in anchors(real().union))


def test_real_anchor_with_utf8_byte_offsets_is_reported() -> None:
    """Offsets counted in UTF-8 bytes instead of code points break the anchor, and the shape says so."""
    g = Graph()
    for triple in real().union:
        g.add(triple)
    anchor, content, selector, start, end = max(
        anchors(g), key=lambda a: len(a[1][: a[3]].encode("utf-8")) - a[3]
    )
    byte_start = len(content[:start].encode("utf-8"))
    assert byte_start > start
    g.set((selector, OA.start, Literal(byte_start)))
    g.set((selector, OA.end, Literal(byte_start + end - start)))
    results = from_shape(validate(g, SHAPES_GRAPH), "AnchorMatchesArchivedText")
    assert [(r.focus, r.value) for r in results] == [(str(g.value(anchor, OA.hasSource)), str(anchor))]
