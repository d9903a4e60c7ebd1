"""Parameter values as users write them, read into typed RDF terms for a stored query.

Parameter types: ``iri:<kind>`` (a record id such as ``children-1928``, as tables
print it, ``figure:children-1928``, or that record's full IRI, minted with
:func:`kg.model.terms.iri`), ``iri`` (any record, as ``kind/id`` or ``kind:id``; a bare
id is resolved against the graph by :mod:`kg.ask.ids`), ``decimal`` (``1928``, ``1,928``,
``3.5``), ``integer``, ``string`` and ``date`` (``YYYY-MM-DD``). :func:`kg.ask.queries.bind` checks the
form of a value; :func:`kg.ask.ids.bind_checked` also checks that a record is in the graph.

A value never reaches a query's text as typed: it becomes a term
(:class:`pyoxigraph.NamedNode` or :class:`pyoxigraph.Literal`) that
:mod:`kg.ask.queries` writes into the query serialized by pyoxigraph.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeAlias

import pyoxigraph as ox

from kg.model.errors import UsageError
from kg.model.terms import ID, KINDS, iri

__all__ = [
    "ID_FORM", "MAX_DIGITS", "SCALAR_TYPES", "XSD", "Param", "Term", "article", "decimal_literal", "parse_value",
    "plain", "shown", "split_record",
]

#: The RDF terms a parameter can be bound to.
Term: TypeAlias = ox.NamedNode | ox.Literal

XSD = "http://www.w3.org/2001/XMLSchema#"
SCALAR_TYPES = ("decimal", "integer", "string", "date")

ID_FORM = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # a record id, as kg.loader.registry.ID
_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")  # 1,928 or 6,686.5
#: The most digits a number parameter may have (a figure's value is far shorter; Python refuses to
#: write an integer of more than 4,300 digits as text).
MAX_DIGITS = 40


@dataclass(frozen=True)
class Param:
    """A declared parameter: ``?_<name>`` in the query body."""

    name: str
    type: str
    description: str
    optional: bool

    @property
    def variable(self) -> str:
        return "_" + self.name


def parse_value(param: Param, value: str) -> Term:
    """One parameter value as an RDF term, validated for the parameter's type.

    A record is written as its id (``snhr``), as tables print it (``actor:snhr``), as ``kind/id`` or as
    its full IRI; a parameter of type ``iri`` needs the kind (``figure/children-1928`` or
    ``figure:children-1928``). A number may have thousands separators (``1,928``).
    """

    def bad(expected: str) -> UsageError:
        return UsageError(f"parameter '{param.name}': {shown(value)} is not {expected}")

    if param.type.startswith("iri"):
        kind = param.type.removeprefix("iri:") if param.type.startswith("iri:") else None
        if kind is None:
            kind, record = split_record(value)
            if kind not in KINDS:
                raise bad(f"a record as kind/id, e.g. figure/children-1928 (kinds: {', '.join(KINDS)})")
        else:
            record = value.removeprefix(ID + kind + "/")
            for written in (kind + ":", kind + "/"):
                record = record.removeprefix(written)
        if not ID_FORM.match(record):
            raise bad(f"{article(kind)} {kind} id (lower-case letters, digits and '-', "
                      f"e.g. {_EXAMPLES.get(kind, 'some-id')})")
        return ox.NamedNode(str(iri(kind, record)))
    if param.type == "decimal":
        number = value.replace(",", "") if _THOUSANDS.match(value) else value
        if not _DECIMAL.match(number):
            raise bad("a decimal number such as 1928, 1,928 or 3.5")
        if sum(c.isdigit() for c in number.partition("e")[0].partition("E")[0]) > MAX_DIGITS:
            raise bad(f"a figure's value (at most {MAX_DIGITS} digits)")
        return decimal_literal(Decimal(number))
    if param.type == "integer":
        if not _INTEGER.match(value):
            raise bad("an integer")
        if len(value.lstrip("+-")) > MAX_DIGITS:
            raise bad(f"an integer of at most {MAX_DIGITS} digits")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type == "date":
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise bad("a date as YYYY-MM-DD") from None
        return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if param.type == "string":
        if not plain(value):
            raise bad("a string without backslashes or control characters")
        return ox.Literal(value)
    raise UsageError(f"parameter '{param.name}' has unknown type '{param.type}'")


def split_record(value: str) -> tuple[str, str]:
    """``kind/id``, ``kind:id`` (as tables print it) or a full IRI as ``(kind, id)``; ``("", value)`` without a kind."""
    tail = value.removeprefix(ID)
    slash, colon = tail.find("/"), tail.find(":")
    if colon > 0 and (slash == -1 or colon < slash) and tail[:colon] in KINDS:
        return tail[:colon], tail[colon + 1:]
    if slash > 0:
        return tail[:slash], tail[slash + 1:]
    return "", tail


def article(word: str) -> str:
    """``a`` or ``an``, as spoken before ``word`` (``an actor``, ``a figure``)."""
    return "an" if word[:1].lower() in "aeio" else "a"


def shown(value: str, limit: int = 40) -> str:
    """A user's value quoted for a message, cut when long (a 5,000-digit number is not repeated back)."""
    return repr(value) if len(value) <= limit else f"{value[:limit]!r}… ({len(value):,} characters)"


_EXAMPLES = {"figure": "children-1928", "actor": "snhr", "incident": "zardana-massacre", "place": "syria",
             "article": "snhr-russia-fourth-anniversary", "measure": "zardana-massacre-killed"}


def decimal_literal(value: Decimal) -> ox.Literal:
    """A number written the way the build writes figure values (:func:`kg.rdf.emit.literal`).

    An integral value is an ``xsd:integer``, any other an ``xsd:decimal``, so
    that a bound value matches a figure's ``kg:value`` in a triple pattern.
    """
    try:
        integral = value == value.to_integral_value()
    except InvalidOperation:
        raise UsageError(f"{value} is not a finite number") from None
    if integral:
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(format(value.normalize(), "f"), datatype=ox.NamedNode(XSD + "decimal"))


def plain(text: str) -> bool:
    """No backslash and no control character: safe inside a SPARQL literal as written."""
    return "\\" not in text and not any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)
