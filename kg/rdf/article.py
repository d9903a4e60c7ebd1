"""One source document -> its named graph: article, archived text, quotes with
their selectors and annotations, figures with their phrases, bounds, stances and
chains, and perpetrator attributions (denials apart)."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef

from kg.model.anchor import Anchor
from kg.model.records import Article, Attribution, Figure, Quote, Val
from kg.model.terms import DCT, KG, KGV, OA, RDF, SCHEMA, SEM, XSD, iri
from kg.rdf.emit import Emitter, literal, quote_iri
from kg.rdf.registry import ref

# The record field a figure inherited from `defaults` -> the property it became.
INHERITABLE = {
    "stated_by": KG.statedBy, "report": KG.reportedIn, "perpetrator": KG.perpetrator, "period": KG.period,
    "area": KG.area, "via": KG.creditedChain, "as_of": KG.asOf, "incident": KG.incident, "measure": KG.measure,
    "counts": KG.counts, "group": KG.group, "target": KG.target, "weapon": KG.weapon, "unit": KG.unit,
}


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
    if a.mirror_of is not None:
        e.val(s, KG.mirrorOf, a.mirror_of, "mirror-of", ref("article", a.mirror_of))
    if a.translation_of is not None:
        e.val(s, SCHEMA.translationOfWork, a.translation_of, "translation-of", ref("article", a.translation_of))
    if a.translated_by is not None:
        e.val(s, SCHEMA.translator, a.translated_by, "translated-by", ref("actor", a.translated_by))
    e.add(s, KG.archivedText, text)
    e.origin(text, a.loc)
    e.add(text, RDF.type, KG.ArchivedText)
    e.add(text, KG.content, Literal(a.text))
    e.add(text, SCHEMA.sha256, Literal(a.sha256))
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


def _annotation(e: Emitter, name: str, target: URIRef, motivation: URIRef, curator: str,
                body: URIRef | None = None) -> None:
    """The W3C Web Annotation that makes ``target`` (an oa:SpecificResource) an annotation's target."""
    node = iri("annotation", name)
    e.add(node, RDF.type, OA.Annotation)
    e.add(node, OA.hasTarget, target)
    e.add(node, OA.motivatedBy, motivation)
    if body is not None:
        e.add(node, OA.hasBody, body)
    e.add(node, DCT.creator, iri("actor", curator))


def emit_quote(e: Emitter, a: Article, q: Quote) -> None:
    s = quote_iri(a.id, q.id)
    e.origin(s, q.loc)
    e.add(s, RDF.type, KG.Quote)
    e.add(s, DCT.isPartOf, iri("article", a.id))
    e.add(s, DCT.language, Literal(q.language))
    _anchored(e, s, f"{a.id}.{q.id}", iri("text", a.id), q.anchor)
    _annotation(e, f"{a.id}.{q.id}", s, OA.highlighting, a.curator)
    if q.spoken_by is not None:
        e.val(s, KG.spokenBy, q.spoken_by, "spoken-by", ref("actor", q.spoken_by))
    if q.translation_of is not None:
        other, _, quote = q.translation_of.value.partition(".")
        e.val(s, SCHEMA.translationOfWork, q.translation_of, "translation-of", quote_iri(other, quote))
    if q.translation is not None:
        t = iri("translation", f"{a.id}.{q.id}")
        e.origin(t, q.translation.loc)
        e.add(t, RDF.type, KG.CuratorTranslation)
        e.add(t, SCHEMA.translationOfWork, s)
        e.val(t, SCHEMA.text, q.translation, "text")
        e.add(t, SCHEMA.translator, iri("actor", a.curator))
        e.add(s, KG.curatorTranslation, t)


def emit_figure(e: Emitter, a: Article, f: Figure) -> None:
    s = iri("figure", f.id)
    e.origin(s, f.loc)
    e.add(s, RDF.type, KG.Figure)
    e.label(s, f.words)
    e.val(s, KG.quote, f.quote, "quote", quote_iri(a.id, f.quote.value))
    phrase = iri("phrase", f.id)
    e.origin(phrase, f.loc)
    e.add(s, KG.phrase, phrase)
    e.add(phrase, RDF.type, OA.SpecificResource)
    _anchored(e, phrase, f"{f.id}.phrase", iri("text", a.id), f.phrase)
    _annotation(e, f.id, phrase, OA.identifying, a.curator, s)
    e.val(s, KG.value, f.value, "value")
    _bounds(e, s, f)
    for field, prop, v in (
        ("qualifier", KG.qualifier, f.qualifier),
        ("counts", KG.counts, f.counts),
        ("unit", KG.unit, f.unit),
        ("group", KG.group, f.group),
        ("target", KG.target, f.target),
        ("weapon", KG.weapon, f.weapon),
        ("rank", KG.rank, f.rank),
    ):
        if v is not None:
            e.val(s, prop, v, field, KGV[v.value])
    _perpetrators(e, s, f)
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
        ("revises", KG.revises, "figure", f.revises),
        ("incident", KG.incident, "incident", f.incident),
        ("stated-by", KG.statedBy, "actor", f.stated_by),
        ("report", KG.reportedIn, "report", f.report),
    ):
        if v is not None:
            e.val(s, prop, v, field, ref(kind, v))
    for m in f.measures:
        e.val(s, KG.measure, m, "measure", ref("measure", m))
    for covered in f.qualifier_covers:
        e.val(s, KG.qualifierCovers, covered, "qualifier-covers", ref("figure", covered))
    for n, step in enumerate(f.via, start=1):
        node = iri("via", f"{f.id}.{n}")
        e.origin(node, step.loc)
        e.add(s, KG.creditedChain, node)
        e.add(node, RDF.type, KG.RelayStep)
        e.add(node, KG.position, Literal(n, datatype=XSD.integer))
        e.val(node, KG.relayedBy, step, "relayed-by", ref("actor", step))
    e.date(s, f.as_of, "as-of", KG.asOf)
    if f.origin is not None:
        e.add(s, KG.origin, iri("actor", f.origin))
    for key in f.claims:
        e.add(s, KG.claimKey, Literal(key))
    for field in f.inherited:
        e.add(s, KG.inheritedProperty, INHERITABLE[field])


def _bounds(e: Emitter, s: URIRef, f: Figure) -> None:
    """Numeric bounds: the ones the words state (with how they are known), else those the qualifier gives."""
    low, high = f.bounds
    for own, bound, prop, field in ((f.low, low, KG.lowerBound, "low"), (f.high, high, KG.upperBound, "high")):
        if own is not None:
            e.val(s, prop, own, field)
        elif bound is not None:
            e.add(s, prop, literal(Decimal(bound)))


def _perpetrators(e: Emitter, s: URIRef, f: Figure) -> None:
    """Asserted and hedged perpetrators are kg:perpetrator; every stance other than asserted also gets a
    claim node (kg:stance, the hedge's words, who denies). A denied perpetrator is never kg:perpetrator."""
    for p in f.perpetrators:
        if p.stance != "denied":
            e.val(s, KG.perpetrator, p.actor, "perpetrator", ref("actor", p.actor))
        if p.stance == "asserted":
            continue
        claim = iri("claim", f"{f.id}.{p.actor.value}.{p.stance}")
        e.origin(claim, p.actor.loc)
        e.add(s, KG.perpetratorClaim, claim)
        e.add(claim, RDF.type, KG.PerpetratorClaim)
        e.val(claim, RDF.value, p.actor, "perpetrator", ref("actor", p.actor))
        e.add(claim, SEM.roleType, KGV.perpetrator)
        e.add(claim, KG.stance, KGV[p.stance])
        if p.hedge is not None:
            e.add(claim, KG.hedge, Literal(p.hedge))
        if p.denied_by is not None:
            e.val(claim, SEM.accordingTo, p.denied_by, "denied-by", ref("actor", p.denied_by))


def emit_attribution(e: Emitter, a: Article, at: Attribution) -> None:
    """SEM's role pattern: the incident sem:hasActor a sem:Role whose rdf:value is the actor, according to
    someone. A denial is linked by kg:deniedActor instead, so it never reads as sem:hasActor."""
    s = iri("attribution", at.id)
    e.origin(s, at.loc)
    incident = ref("incident", at.incident)
    e.val(incident, KG.deniedActor if at.stance == "denied" else SEM.hasActor, at.incident, "attribution", s)
    e.add(s, RDF.type, KG.PerpetratorAttribution)
    e.add(s, SEM.roleType, KGV.perpetrator)
    e.add(s, KG.stance, KGV[at.stance])
    if at.hedge is not None:
        e.add(s, KG.hedge, Literal(at.hedge))
    e.val(s, RDF.value, at.perpetrator, "perpetrator", ref("actor", at.perpetrator))
    e.val(s, SEM.accordingTo, at.according_to, "according-to", ref("actor", at.according_to))
    e.val(s, KG.quote, at.quote, "quote", quote_iri(a.id, at.quote.value))
