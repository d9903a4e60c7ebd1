"""Registries -> RDF: actors, places, campaigns, incidents, reports, measures."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.model.records import Actor, Campaign, Concept, Identifier, Incident, Label, Measure, Place, Report, Val
from kg.model.terms import GEO, GN, KG, KGV, ORG, PROV, RDF, SCHEMA, SEM, SKOS, WD, iri
from kg.rdf.emit import Emitter

ACTOR_CLASSES = {
    "monitoring-organisation": KG.MonitoringOrganisation,
    "armed-force": KG.ArmedForce,
    "state": KG.State,
    "media-outlet": KG.MediaOutlet,
    "political-organisation": KG.PoliticalOrganisation,
    "aggregator": KG.Aggregator,
    "government-body": KG.GovernmentBody,
    "unnamed-source": KG.UnnamedSource,
    "person": KG.Person,
    "curator": KG.Curator,
}


def ref(kind: str, v: Val[str]) -> URIRef:
    return iri(kind, v.value)


def _names(e: Emitter, s: URIRef, name: str, alt_names: tuple[Label, ...]) -> None:
    """A display label, the English preferred label, and every other spelling in its script."""
    e.label(s, name)
    e.add(s, SKOS.prefLabel, Literal(name, lang="en"))
    for label in alt_names:
        e.add(s, SKOS.altLabel, Literal(label.text, lang=label.lang))


def _identifiers(e: Emitter, s: URIRef, kind: str, rid: str, ids: tuple[Identifier, ...]) -> None:
    """External identifiers as first-class links: a schema:PropertyValue each; Wikidata and GeoNames
    also as schema:sameAs their entity IRI."""
    for ident in ids:
        node = iri("identifier", f"{kind}.{rid}.{ident.scheme}")
        e.origin(node, ident.value.loc)
        e.add(s, SCHEMA.identifier, node)
        e.add(node, RDF.type, SCHEMA.PropertyValue)
        e.add(node, SCHEMA.propertyID, Literal(ident.scheme))
        e.val(node, SCHEMA.value, ident.value, ident.scheme)
        if ident.scheme == "wikidata":
            e.val(s, SCHEMA.sameAs, ident.value, "wikidata", WD[ident.value.value])
        elif ident.scheme == "geonames":
            e.val(s, SCHEMA.sameAs, ident.value, "geonames", URIRef(f"{GN}{ident.value.value}/"))


def emit_actor(e: Emitter, a: Actor) -> None:
    s = iri("actor", a.id)
    e.origin(s, a.loc)
    e.add(s, RDF.type, ACTOR_CLASSES.get(a.type, KG.Actor))  # a curators' own actor type: a kg:Actor
    e.add(s, KG.actorType, KGV[a.type])
    _names(e, s, a.name, a.alt_names)
    if a.part_of is not None:
        e.val(s, KG.partOfActor, a.part_of, "part-of", ref("actor", a.part_of))
    _identifiers(e, s, "actor", a.id, a.ids)
    for pos in a.positions:
        m = iri("membership", f"{a.id}.{pos.organisation.value}.{pos.role.value}")
        e.origin(m, pos.organisation.loc)
        e.add(m, RDF.type, ORG.Membership)
        e.add(m, ORG.member, s)
        e.val(m, ORG.organization, pos.organisation, "organisation", ref("actor", pos.organisation))
        e.val(m, ORG.role, pos.role, "role", KGV[pos.role.value])


def emit_place(e: Emitter, p: Place) -> None:
    s = iri("place", p.id)
    e.origin(s, p.loc)
    e.add(s, RDF.type, KG.Place)
    e.add(s, KG.placeType, KGV[p.type])
    _names(e, s, p.name, p.alt_names)
    if p.within is not None:
        e.val(s, KG.within, p.within, "within", ref("place", p.within))
    _identifiers(e, s, "place", p.id, p.ids)
    if p.point is not None:
        g = iri("geometry", p.id)
        lat, lon = p.point.value
        e.add(s, GEO.hasGeometry, g)
        e.add(g, RDF.type, GEO.Geometry)
        e.val(g, GEO.asWKT, p.point, "point", Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral))


def emit_campaign(e: Emitter, c: Campaign) -> None:
    s = iri("campaign", c.id)
    e.origin(s, c.loc)
    e.add(s, RDF.type, KG.Campaign)
    e.label(s, c.name)
    e.date(s, c.start, "start", SEM.hasBeginTimeStamp)
    if c.place is not None:
        e.val(s, SEM.hasPlace, c.place, "place", ref("place", c.place))


def emit_incident(e: Emitter, i: Incident) -> None:
    s = iri("incident", i.id)
    e.origin(s, i.loc)
    e.add(s, RDF.type, KG.Incident)
    e.label(s, i.name)
    for t in i.types:
        e.val(s, SEM.eventType, t, "type", KGV[t.value])
    if i.place is not None:
        e.val(s, SEM.hasPlace, i.place, "place", ref("place", i.place))
    if i.campaign is not None:
        e.val(s, SEM.subEventOf, i.campaign, "campaign", ref("campaign", i.campaign))
    e.date(s, i.date, "date")
    _identifiers(e, s, "incident", i.id, i.ids)


def emit_report(e: Emitter, r: Report) -> None:
    s = iri("report", r.id)
    e.origin(s, r.loc)
    e.add(s, RDF.type, KG.Report)
    e.label(s, r.title.value if r.title else (r.description or r.id))
    e.val(s, KG.issuedBy, r.issuer, "issuer", ref("actor", r.issuer))
    if r.title is not None:
        e.val(s, SCHEMA.name, r.title, "title")
    if r.description:
        e.add(s, SCHEMA.description, Literal(r.description))
    if r.supersedes is not None:
        e.val(s, KG.supersedes, r.supersedes, "supersedes", ref("report", r.supersedes))
    e.date(s, r.date, "date")


def emit_measure(e: Emitter, m: Measure) -> None:
    s = iri("measure", m.id)
    e.origin(s, m.loc)
    e.add(s, RDF.type, KG.Measure)
    e.label(s, m.name)
    e.add(s, SKOS.prefLabel, Literal(m.name, lang="en"))
    e.add(s, SKOS.definition, Literal(m.definition, lang="en"))


def emit_concept(e: Emitter, c: Concept) -> None:
    """A curator's SKOS concept, in kg's vocabulary namespace, attributed to the curators."""
    s = KGV[c.id]
    e.origin(s, c.loc)
    e.add(s, RDF.type, SKOS.Concept)
    e.add(s, SKOS.inScheme, KGV[c.scheme])
    e.add(s, SKOS.prefLabel, Literal(c.label, lang="en"))
    for label in c.labels:
        e.add(s, SKOS.altLabel, Literal(label.text, lang=label.lang))
    if c.definition:
        e.add(s, SKOS.definition, Literal(c.definition, lang="en"))
    if c.broader is not None:
        e.val(s, SKOS.broader, c.broader, "broader", KGV[c.broader.value])
    if c.bound is not None:
        e.add(s, KG.boundRule, Literal(c.bound))
    e.val(s, KG.conventionalLowerBound, c.low, "low")
    e.val(s, KG.conventionalUpperBound, c.high, "high")
    if c.unit is not None:
        e.val(s, KG.defaultUnit, c.unit, "unit", KGV[c.unit.value])
    e.add(s, PROV.wasAttributedTo, iri("actor", c.curator))
