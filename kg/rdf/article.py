"""One source document -> its named graph: article, archived text, quotes with
their selectors, figures with their phrases, and perpetrator attributions."""

from __future__ import annotations

from rdflib import Literal, URIRef

from kg.model.anchor import Anchor
from kg.model.records import Article, Attribution, Figure, Quote, Val
from kg.model.terms import KG, KGV, OA, PROV, RDF, SCHEMA, SEM, XSD, iri
from kg.rdf.emit import Emitter, quote_iri
from kg.rdf.registry import ref


def emit_article(e: Emitter, a: Article) -> None:
    s = iri("article", a.id)
    text = iri("text", a.id)
    e.origin(s, a.loc)
    e.add(s, RDF.type, KG.SourceArticle)
    e.label(s, a.headline.value if isinstance(a.headline, Val) else a.id)
    e.val(s, SCHEMA.headline, a.headline, "headline")
    e.val(s, SCHEMA.alternativeHeadline, a.alternative_headline, "alternative-headline")
    e.date(s, a.published, "published", SCHEMA.datePublished)
    e.add(s, SCHEMA.inLanguage, Literal(a.language))
    if isinstance(a.publisher, Val):
        e.val(s, SCHEMA.publisher, a.publisher, "publisher", ref("actor", a.publisher))
    else:
        e.val(s, SCHEMA.publisher, a.publisher, "publisher")
    if isinstance(a.url, Val):
        e.val(s, SCHEMA.url, a.url, "url", URIRef(a.url.value))
    else:
        e.val(s, SCHEMA.url, a.url, "url")
    for r in a.relays:
        e.val(s, KG.relays, r, "relays", ref("report", r))
    if a.credited_source is not None:
        e.val(s, KG.creditedSource, a.credited_source, "credited-source", ref("actor", a.credited_source))
    e.add(s, KG.archivedText, text)
    e.origin(text, a.loc)
    e.add(text, RDF.type, KG.ArchivedText)
    e.add(text, KG.content, Literal(a.text))
    e.add(text, KG.sha256, Literal(a.sha256))
    e.add(text, SCHEMA.encodingFormat, Literal("text/plain; charset=utf-8"))
    if a.archived_as:
        e.add(text, KG.archivedAs, Literal(a.archived_as))
    for q in a.quotes:
        emit_quote(e, a, q)
    for f in a.figures:
        emit_figure(e, a, f)
    for attribution in a.attributions:
        emit_attribution(e, a, attribution)


def _anchored(e: Emitter, node: URIRef, selector_base: str, text: URIRef, found: Anchor) -> None:
    """An oa:SpecificResource on the archived text, with both selectors."""
    e.add(node, OA.hasSource, text)
    tq = iri("selector", f"{selector_base}.text-quote")
    tp = iri("selector", f"{selector_base}.text-position")
    e.add(node, OA.hasSelector, tq)
    e.add(node, OA.hasSelector, tp)
    e.add(tq, RDF.type, OA.TextQuoteSelector)
    e.add(tq, OA.exact, Literal(found.exact))
    e.add(tq, OA.prefix, Literal(found.prefix))
    e.add(tq, OA.suffix, Literal(found.suffix))
    e.add(tp, RDF.type, OA.TextPositionSelector)
    e.add(tp, OA.start, Literal(found.start, datatype=XSD.integer))
    e.add(tp, OA.end, Literal(found.end, datatype=XSD.integer))


def emit_quote(e: Emitter, a: Article, q: Quote) -> None:
    s = quote_iri(a.id, q.id)
    e.origin(s, q.loc)
    e.add(s, RDF.type, KG.Quote)
    e.add(s, PROV.wasQuotedFrom, iri("article", a.id))
    _anchored(e, s, f"{a.id}.{q.id}", iri("text", a.id), q.anchor)
    if q.spoken_by is not None:
        e.val(s, KG.spokenBy, q.spoken_by, "spoken-by", ref("actor", q.spoken_by))


def emit_figure(e: Emitter, a: Article, f: Figure) -> None:
    s = iri("figure", f.id)
    e.origin(s, f.loc)
    e.add(s, RDF.type, KG.Figure)
    e.label(s, f.words)
    e.add(s, KG.quote, quote_iri(a.id, f.quote.value))
    phrase = iri("phrase", f.id)
    e.origin(phrase, f.loc)
    e.add(s, KG.phrase, phrase)
    e.add(phrase, RDF.type, OA.SpecificResource)
    _anchored(e, phrase, f"{f.id}.phrase", iri("text", a.id), f.phrase)
    e.val(s, KG.value, f.value, "value")
    e.val(s, KG.lowerBound, f.low, "low")
    e.val(s, KG.upperBound, f.high, "high")
    for field, prop, v in (
        ("qualifier", KG.qualifier, f.qualifier),
        ("counts", KG.counts, f.counts),
        ("group", KG.group, f.group),
        ("target", KG.target, f.target),
        ("weapon", KG.weapon, f.weapon),
    ):
        if v is not None:
            e.val(s, prop, v, field, KGV[v.value])
    for p in f.perpetrators:
        e.val(s, KG.perpetrator, p, "perpetrator", ref("actor", p))
    if f.period is not None:
        period = f.period.value
        e.val(s, KG.period, f.period, "period", Literal(period.text))
        if period.start is not None:
            e.val(s, KG.periodStart, f.period, "period", Literal(period.start.earliest, datatype=XSD.date))
        if period.end is not None:
            e.val(s, KG.periodEnd, f.period, "period", Literal(period.end.latest, datatype=XSD.date))
    for field, prop, kind, v in (
        ("area", KG.area, "place", f.area),
        ("subset-of", KG.subsetOf, "figure", f.subset_of),
        ("rounding-of", KG.roundingOf, "figure", f.rounding_of),
        ("incident", KG.incident, "incident", f.incident),
        ("measure", KG.measure, "measure", f.measure),
        ("stated-by", KG.statedBy, "actor", f.stated_by),
        ("report", KG.reportedIn, "report", f.report),
    ):
        if v is not None:
            e.val(s, prop, v, field, ref(kind, v))
    if f.as_of is not None and f.as_of.value.day is not None:
        e.val(s, KG.asOf, f.as_of, "as-of", Literal(f.as_of.value.day.earliest, datatype=XSD.date))


def emit_attribution(e: Emitter, a: Article, at: Attribution) -> None:
    s = iri("attribution", at.id)
    e.origin(s, at.loc)
    incident = ref("incident", at.incident)
    e.add(incident, KG.attribution, s)
    e.add(s, RDF.type, KG.PerpetratorAttribution)
    e.add(s, SEM.roleType, KGV.perpetrator)
    e.val(s, RDF.value, at.perpetrator, "perpetrator", ref("actor", at.perpetrator))
    e.val(s, SEM.accordingTo, at.according_to, "according-to", ref("actor", at.according_to))
    e.add(s, KG.quote, quote_iri(a.id, at.quote.value))


