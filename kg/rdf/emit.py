"""Write triples into one named graph, reifying how each value is known.

A value stated by the text is a plain triple. A value quoted from the text
also gets a ``kg:QuotedStatement`` naming the quote; an inferred value gets a
``kg:CuratorInference`` with the curator's reason and evidence; an unknown
value gets a ``kg:CuratorNote``. Reification nodes have IRIs derived from
the subject and field, never blank nodes.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, Node, URIRef

from kg.model.dates import Day
from kg.model.errors import Location
from kg.model.records import DateSpec, Unknown, Val
from kg.model.terms import KG, PROV, RDF, RDFS, XSD, iri, kind_of, local_id

Triple = tuple[URIRef, URIRef, Node]


class Emitter:
    """Appends triples to ``triples`` and remembers which record line made each subject."""

    def __init__(self, triples: list[Triple], origins: dict[str, Location], doc: str | None = None) -> None:
        self.triples = triples
        self.origins = origins
        self.doc = doc  # article id, to resolve quote ids to quote IRIs
        self._counts: dict[str, int] = {}

    def origin(self, subject: URIRef, loc: Location) -> None:
        self.origins.setdefault(str(subject), loc)

    def add(self, s: URIRef, p: URIRef, o: Node) -> None:
        self.triples.append((s, p, o))

    def label(self, s: URIRef, text: str) -> None:
        self.add(s, RDFS.label, Literal(text))

    def val(self, s: URIRef, p: URIRef, v: Val[object] | Unknown | None, field: str, o: Node | None = None) -> None:
        """Assert ``s p o`` for a value, reified according to how it is known."""
        if v is None:
            return
        if isinstance(v, Unknown):
            self.unknown(s, p, v, field)
            return
        obj = o if o is not None else literal(v.value)
        self.add(s, p, obj)
        self.support(s, p, obj, v, field)

    def support(self, s: URIRef, p: URIRef, o: Node, v: Val[object], field: str) -> None:
        if v.inference is None and v.quote is None:
            return
        node = self._mint("inference" if v.inference else "statement", s, field)
        self.origin(node, v.loc)
        self.add(node, RDF.subject, s)
        self.add(node, RDF.predicate, p)
        self.add(node, RDF.object, o)
        if v.inference is not None:
            self.add(node, RDF.type, KG.CuratorInference)
            self.add(node, KG.reason, Literal(v.inference.reason))
            self.add(node, PROV.wasAttributedTo, iri("actor", v.inference.curator))
            for url in v.inference.evidence:
                self.add(node, KG.evidence, URIRef(url))
        else:
            assert v.quote is not None and self.doc is not None
            self.add(node, RDF.type, KG.QuotedStatement)
            self.add(node, KG.quote, quote_iri(self.doc, v.quote))

    def unknown(self, s: URIRef, p: URIRef, v: Unknown, field: str) -> None:
        node = self._mint("note", s, field)
        self.origin(node, v.loc)
        self.add(s, KG.curatorNote, node)
        self.add(node, RDF.type, KG.CuratorNote)
        self.add(node, KG.aboutProperty, p)
        self.add(node, KG.reason, Literal(v.reason))
        self.add(node, PROV.wasAttributedTo, iri("actor", v.curator))

    def date(self, s: URIRef, v: Val[DateSpec] | Unknown | None, field: str, day_property: URIRef = KG.date) -> None:
        """A date, every part of it: its calendar value at its precision (a day, month or year; an
        xsd:dateTime with a time of day; none for an interval or bounds), its earliest and latest days,
        and the same-day update order and marker."""
        if v is None or isinstance(v, Unknown):
            self.val(s, day_property, v, field)
            return
        spec = v.value
        when = spec.when
        if when is not None and when.date_time is not None:
            self.val(s, day_property, v, field, Literal(when.date_time, datatype=XSD.dateTime))
        elif spec.day is not None:
            self.val(s, day_property, v, field, day_literal(spec.day))
        if spec.earliest is not None:
            self.val(s, KG.earliest, v, field, Literal(spec.earliest, datatype=XSD.date))
        if spec.latest is not None:
            self.val(s, KG.latest, v, field, Literal(spec.latest, datatype=XSD.date))
        if spec.sequence is not None:
            self.val(s, KG.sequence, v, field, Literal(spec.sequence, datatype=XSD.integer))
        if spec.marker is not None:
            self.val(s, KG.updateMarker, v, field, Literal(spec.marker))

    def _mint(self, kind: str, s: URIRef, field: str) -> URIRef:
        base = f"{_kind(s)}.{local_id(s)}.{field}"
        n = self._counts.get(base, 0)
        self._counts[base] = n + 1
        return iri(kind, base if n == 0 else f"{base}.{n + 1}")


def _kind(s: URIRef) -> str:
    return kind_of(str(s)) or "resource"


def quote_iri(doc: str, quote: str) -> URIRef:
    return iri("quote", f"{doc}.{quote}")


def day_literal(day: Day) -> Literal:
    return Literal(day.text, datatype=getattr(XSD, day.xsd_type))


def literal(value: object) -> Literal:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return Literal(int(value), datatype=XSD.integer)
        return Literal(value, datatype=XSD.decimal)
    return Literal(value)
