"""What every page shows the same way: names, links, dates with their precision, numbers, curator inferences.

A page is written for a person who will quote it: labels come from the graph (``skos:prefLabel`` in English,
else ``rdfs:label``, else the record id), numbers keep their thousands separators, dates say how precise they
are, and every value that is a curator's inference says so, with the reason the curator gave.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from kg.ask.trace import FIELDS_BY_PREDICATE
from kg.model.terms import ID, kind_of, local_id
from kg.site.resources import Lazy, Lit, Props, Resources, iri, iris, text, texts

KG = "https://w3id.org/kg/ns#"
KGV = "https://w3id.org/kg/vocab/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
DCT = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: kinds of record that have a page, and the folder it is in (the IRI's path: .../id/figure/x -> figure/x.html)
PAGE_KINDS = ("figure", "article", "measure", "incident", "campaign", "actor", "place", "report")


def page_path(iri_: str) -> str | None:
    """The site path of a record's page (``figure/children-1928.html``), or None for kinds without a page."""
    kind = kind_of(iri_)
    if kind not in PAGE_KINDS:
        return None
    return f"{kind}/{local_id(iri_)}.html"


def label(r: Resources, iri_: str) -> str:
    """A record's name: English preferred label, else its label, headline or name, else its id."""
    key = ("label", iri_)
    found = r.cache.get(key)
    if found is None:
        found = r.cache[key] = _label(r, iri_)
    return str(found)


_LABELS = ((SKOS + "prefLabel", "en"), (RDFS + "label", None), (SCHEMA + "headline", None), (SCHEMA + "name", None))


def prime_labels(r: Resources, subjects: Iterable[str]) -> None:
    """Read the labels of many records at once: with the store read per resource (:class:`Lazy`), one scan
    of each label property instead of one lookup per record (the lists of an incremental site)."""
    if not isinstance(r, Lazy):
        return
    wanted = {s for s in subjects if ("label", s) not in r.cache}
    found: dict[str, dict[str, list[Lit]]] = {}
    for predicate, _ in _LABELS:
        for q in r.store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            subject = q.subject.value if isinstance(q.subject, ox.NamedNode) else None
            if subject in wanted and isinstance(q.object, ox.Literal):
                found.setdefault(subject, {}).setdefault(predicate, []).append(
                    Lit(q.object.value, q.object.datatype.value, q.object.language or ""))
    for subject in wanted:
        props: Props = {p: sorted(set(v)) for p, v in found.get(subject, {}).items()}
        r.cache[("label", subject)] = _from(props, subject)


def _label(r: Resources, iri_: str) -> str:
    return _from(r.props(iri_), iri_)


def _from(props: Props, iri_: str) -> str:
    for predicate, lang in _LABELS:
        found = text(props, predicate, lang)
        if found:
            return found
    return local_id(iri_) if iri_.startswith(ID) else concept_id(iri_)


def concept_id(iri_: str) -> str:
    """``https://w3id.org/kg/vocab/killed`` -> ``killed``."""
    return iri_.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Ref:
    """A link to a record: its name and, when it has one, its page (relative to the site root)."""

    iri: str
    label: str
    path: str | None
    kind: str | None

    @property
    def id(self) -> str:
        return local_id(self.iri) if self.iri.startswith(ID) else concept_id(self.iri)


def ref(r: Resources, iri_: str) -> Ref:
    return Ref(iri_, label(r, iri_), page_path(iri_), kind_of(iri_))


def refs(r: Resources, props: Props, predicate: str) -> list[Ref]:
    return [ref(r, o) for o in iris(props, predicate)]


def concept(r: Resources, props: Props, predicate: str) -> str | None:
    """A vocabulary concept's English label (``kgv:almost`` -> ``almost``)."""
    found = iri(props, predicate)
    return label(r, found) if found else None


def number_text(n: Decimal | None) -> str:
    """1928 -> ``1,928``; 3300000 -> ``3,300,000``; 3.5 -> ``3.5``."""
    if n is None:
        return ""
    if n == n.to_integral_value():
        return f"{int(n):,}"
    return f"{n:,}"


# --------------------------------------------------------------------------
# Dates


@dataclass(frozen=True)
class When:
    """A date as the graph states it: its lexical form, how precise it is, and the bounds it stands for."""

    value: str
    precision: str  # "time", "day", "month", "year", or "range"
    earliest: str | None = None
    latest: str | None = None

    @property
    def shown(self) -> str:
        if self.precision == "range" and self.earliest and self.latest:
            return f"between {self.earliest} and {self.latest}"
        return self.value.replace("T", " ")


_PRECISION = {XSD + "dateTime": "time", XSD + "date": "day", XSD + "gYearMonth": "month", XSD + "gYear": "year"}


def when(props: Props, predicate: str) -> When | None:
    found = [o for o in props.get(predicate, []) if isinstance(o, Lit)]
    if not found:
        return None
    lit = found[0]
    return When(lit.value, _PRECISION.get(lit.datatype, "day" if len(lit.value) == 10 else "range"))


def bounds(props: Props) -> When | None:
    """kg:earliest .. kg:latest as one date when equal, else a range."""
    early, late = text(props, KG + "earliest"), text(props, KG + "latest")
    if early is None and late is None:
        return None
    if early == late or late is None:
        return When(early or "", "day", early, late)
    if early is None:
        return When(late, "day", early, late)
    return When(f"{early}/{late}", "range", early, late)


# --------------------------------------------------------------------------
# Curator inferences


@dataclass(frozen=True)
class Inference:
    """A value the text does not state, which a curator inferred, with the reason and the evidence."""

    subject: Ref
    field: str
    predicate: str
    value: str
    reason: str
    evidence: tuple[str, ...] = ()


def inferences(r: Resources, subjects: list[str], prefix: str = "") -> list[Inference]:
    """Every curator inference about the given subjects, in subject then field order."""
    out: list[Inference] = []
    for subject in subjects:
        for node in r.referrers(RDF + "subject", subject):
            props = r.props(node)
            if KG + "CuratorInference" not in iris(props, RDF + "type"):
                continue
            predicate = iri(props, RDF + "predicate") or ""
            obj = props.get(RDF + "object", [])
            value = ", ".join(label(r, o) if isinstance(o, str) else o.value for o in obj)
            name = FIELDS_BY_PREDICATE.get(predicate, concept_id(predicate))
            out.append(Inference(ref(r, subject), prefix + name if "." not in name else name, predicate, value,
                                 text(props, KG + "reason") or "",
                                 tuple(sorted(o if isinstance(o, str) else o.value
                                              for o in props.get(KG + "evidence", [])))))
    return sorted(out, key=lambda i: (i.subject.iri, i.field, i.value))


def alt_names(props: Props) -> list[Lit]:
    """Other names and spellings, in any script (skos:altLabel, other languages' prefLabel)."""
    out = [lit for lit in texts(props, SKOS + "prefLabel") if lit.lang not in ("en", "")]
    out += texts(props, SKOS + "altLabel")
    return sorted(set(out), key=lambda lit: (lit.lang, lit.value))
