"""Namespaces and the minting of IRIs from record ids.

IRIs are derived from record ids only, never from content or order, so they
stay the same between builds and releases: ``<https://w3id.org/kg/id/figure/children-1928>``.
"""

from __future__ import annotations

from functools import cache

import rdflib
from rdflib import Namespace, URIRef


class Vocabulary(Namespace):
    """A namespace whose terms are made once. rdflib's ``Namespace`` (and ``RDF``, ``XSD``, …) builds and
    validates a new URIRef on every attribute access: a million times, a fifth of the conversion time,
    in a 10^6-triple build."""

    def term(self, name: str) -> URIRef:
        return _term(str(self), name)


@cache
def _term(namespace: str, name: str) -> URIRef:
    return URIRef(namespace + name)


KG = Vocabulary("https://w3id.org/kg/ns#")
KGV = Vocabulary("https://w3id.org/kg/vocab/")
ID = "https://w3id.org/kg/id/"
SEM = Vocabulary("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Vocabulary("http://www.w3.org/ns/oa#")
SCHEMA = Vocabulary("https://schema.org/")
GEO = Vocabulary("http://www.opengis.net/ont/geosparql#")
ORG = Vocabulary("http://www.w3.org/ns/org#")
WD = Vocabulary("http://www.wikidata.org/entity/")
#: rdflib's vocabularies, cached the same way (for the converter's hot path)
RDF = Vocabulary(str(rdflib.RDF))
RDFS = Vocabulary(str(rdflib.RDFS))
XSD = Vocabulary(str(rdflib.XSD))
PROV = Vocabulary(str(rdflib.PROV))
SKOS = Vocabulary(str(rdflib.SKOS))
GN = "https://sws.geonames.org/"
DCT = Vocabulary("http://purl.org/dc/terms/")
OWL = Vocabulary(str(rdflib.OWL))

#: The kinds of resource kg mints, each its own IRI path and Turtle prefix.
KINDS = (
    "article", "text", "quote", "selector", "figure", "report", "actor", "place", "geometry",
    "campaign", "incident", "attribution", "measure", "membership", "inference", "statement", "note",
    "graph", "phrase", "annotation", "claim", "via", "identifier", "translation", "estimate",
)


def iri(kind: str, *parts: str) -> URIRef:
    if kind not in KINDS:
        raise ValueError(f"unknown IRI kind {kind!r}")
    return URIRef(ID + kind + "/" + "/".join(parts))


def local_id(uri: str) -> str:
    """The record id of a minted IRI (``.../figure/children-1928`` -> ``children-1928``)."""
    tail = uri.removeprefix(ID)
    return tail.split("/", 1)[1] if "/" in tail else tail


def kind_of(uri: str) -> str | None:
    if not uri.startswith(ID):
        return None
    return uri.removeprefix(ID).split("/", 1)[0]


PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgv": str(KGV),
    "sem": str(SEM),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "geo": str(GEO),
    "org": str(ORG),
    "wd": str(WD),
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dct": "http://purl.org/dc/terms/",
    **{kind: f"{ID}{kind}/" for kind in KINDS},
}
