"""Run pySHACL and turn its report into located, typed results.

Each result names its focus node, its source shape and its severity, and,
where the focus node came from a record, the ``path:line`` of that record.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import RDF, Graph, Node, URIRef
from rdflib.namespace import SH

from kg.errors import Location
from kg.resources import SHAPES_FILE
from kg.terms import kind_of

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


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


def validate(data: Graph, shapes: Graph | None = None, origins: dict[str, Location] | None = None) -> Report:
    """Validate ``data`` (which carries the ontology, for rdfs:subClassOf) against the shapes."""
    shapes = shapes if shapes is not None else load_shapes()
    _conforms, report_graph, _text = pyshacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(report_graph, Graph)
    results = sorted(
        (_result(report_graph, node, origins or {}) for node in report_graph.subjects(RDF.type, SH.ValidationResult)),
        key=lambda r: (r.severity != "Violation", r.focus, r.shape, r.message),
    )
    violations = any(r.severity == "Violation" for r in results)
    return Report(not violations, tuple(results))


def _text(g: Graph, node: Node, prop: URIRef) -> str | None:
    value = g.value(node, prop)
    return None if value is None else str(value)


def _result(g: Graph, node: Node, origins: dict[str, Location]) -> Result:
    focus = _text(g, node, SH.focusNode) or ""
    severity = g.value(node, SH.resultSeverity)
    return Result(
        severity=SEVERITIES.get(severity, str(severity)),  # type: ignore[call-overload]
        focus=focus,
        shape=_text(g, node, SH.sourceShape) or "",
        path=_text(g, node, SH.resultPath),
        value=_text(g, node, SH.value),
        message=_text(g, node, SH.resultMessage) or "constraint not met",
        location=_location(focus, _text(g, node, SH.value), origins),
    )


def _location(focus: str, value: str | None, origins: dict[str, Location]) -> Location | None:
    """The record to fix: the offending value's (a figure, quote) when it has one, else the focus node's."""
    if value is not None and kind_of(value) in ("figure", "quote", "phrase", "attribution"):
        return origins.get(value) or origins.get(focus)
    return origins.get(focus)
