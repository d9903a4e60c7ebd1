"""Nothing the loader accepts is dropped by the converter.

``tests/field_forms/`` is a small corpus (an invented English text with an Arabic sentence, its mirror, its
Arabic translation, and registries) that uses every key the loader accepts, in every form it accepts for that
key: plain, ``{value, quote}``, ``{value, inferred, evidence}``, ``{unknown}``, date bounds, dates with a time,
a sequence and a marker, perpetrators with a stance, defaults at article and quote level. It is built once;
each (record kind, key, form) then has its own test asserting the triples that form must produce, with how
the value is known (a ``kg:QuotedStatement``, a ``kg:CuratorInference`` with reason and evidence, or a
``kg:CuratorNote``). ``test_every_loader_key_is_in_the_corpus_and_has_a_case`` fails when the loader learns a
key that is neither in the corpus nor here. A form the converter drops can be recorded as ``xfail(strict=True)``
with the place in kg that drops them.
"""

from __future__ import annotations

import ast
import inspect
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.ask.trace import trace
from kg.build import BuildResult, build
from kg.build.store import open_store
from kg.loader import article as article_loader
from kg.loader import load_catalogue
from kg.loader import registry as registry_loader
from kg.loader.article import ARTICLE_KEYS, DEFAULT_KEYS, FIGURE_KEYS, PERPETRATOR_KEYS, QUOTE_KEYS
from kg.loader.fields import ANNOTATION_KEYS
from kg.model.errors import InputErrors
from kg.model.terms import DCT, GEO, KG, KGV, OA, ORG, PROV, RDF, RDFS, SCHEMA, SEM, SKOS, WD, XSD, iri

FORMS = Path(__file__).resolve().parent / "field_forms"
MAIN, MIRROR, AR = "field-forms-main", "field-forms-mirror", "field-forms-ar"
MAIN_TEXT = (FORMS / "sources" / f"{MAIN}.txt").read_text(encoding="utf-8")
MAIN_SHA256 = "681e0bc8372f6c2341aa2dee4e46d9a0afdee037bf7bc89b91fb34440dcc3221"
CURATORS = iri("actor", "ff-curators")
# The page the main article's inferred publisher and the incident's inferred date cite as evidence.
PAGE = "https://example.org/outlet-a/2018/06/07/tel-warda"

Triple = tuple[Node, Node, Node]
Pattern = tuple[Node | None, Node | None, Node | None]


# --- names ------------------------------------------------------------------------------------------------

def article(x: str) -> URIRef:
    return iri("article", x)


def text_of(x: str) -> URIRef:
    return iri("text", x)


def quote(doc: str, q: str) -> URIRef:
    return iri("quote", f"{doc}.{q}")


def fig(x: str) -> URIRef:
    return iri("figure", x)


def actor(x: str) -> URIRef:
    return iri("actor", x)


def place(x: str) -> URIRef:
    return iri("place", x)


def incident(x: str) -> URIRef:
    return iri("incident", x)


def report(x: str) -> URIRef:
    return iri("report", x)


def measure(x: str) -> URIRef:
    return iri("measure", x)


def campaign(x: str) -> URIRef:
    return iri("campaign", x)


def attribution(x: str) -> URIRef:
    return iri("attribution", x)


def claim(figure: str, who: str, stance: str) -> URIRef:
    return iri("claim", f"{figure}.{who}.{stance}")


def ident(kind: str, rid: str, scheme: str) -> URIRef:
    return iri("identifier", f"{kind}.{rid}.{scheme}")


def selector(base: str, which: str) -> URIRef:
    return iri("selector", f"{base}.{which}")


def v(name: str) -> URIRef:
    """A vocabulary concept: ``kgv:<name>``."""
    return KGV[name]


def day(x: str) -> Literal:
    return Literal(x, datatype=XSD.date)


def stamp(x: str) -> Literal:
    return Literal(x, datatype=XSD.dateTime)


def n(x: int) -> Literal:
    return Literal(x, datatype=XSD.integer)


def en(x: str) -> Literal:
    return Literal(x, lang="en")


def ar(x: str) -> Literal:
    return Literal(x, lang="ar")


def nth(haystack: str, needle: str, occurrence: int, start: int = 0) -> int:
    """Code-point offset of the ``occurrence``-th ``needle`` in ``haystack`` from ``start``."""
    at = start - 1
    for _ in range(occurrence):
        at = haystack.index(needle, at + 1)
    return at


# --- cases ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Why:
    """A triple and how it is known: inferred (a fragment of the reason, the evidence) or quoted (the quote)."""

    s: Node
    p: Node
    o: Node
    reason: str | None = None
    evidence: tuple[str, ...] = ()
    quote: URIRef | None = None


@dataclass(frozen=True)
class Note:
    """A value recorded as unknown: ``s kg:curatorNote [kg:aboutProperty p; kg:reason ...]``."""

    s: Node
    p: Node
    reason: str


@dataclass(frozen=True)
class Case:
    """One form of one key of one record kind, and what it must produce in the graph."""

    kind: str
    key: str
    form: str
    has: tuple[Triple, ...] = ()  # present (reified or not)
    bare: tuple[Triple, ...] = ()  # present, and stated plainly (no inference, no quote)
    lacks: tuple[Pattern, ...] = ()  # no triple matches
    why: tuple[Why, ...] = ()
    notes: tuple[Note, ...] = ()
    bug: str | None = None  # the converter drops this form today: where

    @property
    def id(self) -> str:
        return f"{self.kind}.{self.key}:{self.form}"


def inferred(s: Node, p: Node, o: Node, reason: str, *evidence: str) -> Why:
    return Why(s, p, o, reason=reason, evidence=evidence)


def quoted(s: Node, p: Node, o: Node, doc: str, q: str) -> Why:
    return Why(s, p, o, quote=quote(doc, q))


def inherits(figure: str, prop: URIRef, obj: Node) -> tuple[Triple, ...]:
    return ((fig(figure), prop, obj), (fig(figure), KG.inheritedProperty, prop))


def _quote_offsets() -> tuple[int, int]:
    """The second occurrence of the quote ``could-rise``, and of the words "14 people" in quote ``update``."""
    could_rise = nth(MAIN_TEXT, "The monitor's director said the toll could rise.", 2)
    update = MAIN_TEXT.index("Update, 23:45 GMT+3:")
    return could_rise, nth(MAIN_TEXT, "14 people", 2, update)


COULD_RISE_AT, WOUNDED_14_AT = _quote_offsets()
F12, F2030, FDOZ, F14 = "ff-killed-12", "ff-wounded-20-30", "ff-families-dozens", "ff-killed-14"
FBLD = "ff-buildings-scores"
DROPPED_DENIED = (
    "kg/rdf/article.py _perpetrators: a denied perpetrator is written only as the claim's "
    "`e.add(claim, RDF.value, ...)`, never through e.val, so its {inferred}/{quote} is dropped"
)

ARTICLE_CASES = [
    Case("article", "id", "plain", bare=((article(MAIN), RDF.type, KG.SourceArticle),)),
    Case("article", "curator", "plain",
         has=((iri("annotation", f"{MAIN}.toll"), DCT.creator, CURATORS),
              (iri("inference", f"article.{MAIN}.publisher"), PROV.wasAttributedTo, CURATORS))),
    Case("article", "text", "plain",
         has=((article(MAIN), KG.archivedText, text_of(MAIN)), (text_of(MAIN), KG.content, Literal(MAIN_TEXT)),
              (text_of(MAIN), RDF.type, KG.ArchivedText))),
    Case("article", "sha256", "plain", has=((text_of(MAIN), SCHEMA.sha256, Literal(MAIN_SHA256)),
                                            (text_of(MIRROR), SCHEMA.sha256, Literal(MAIN_SHA256)))),
    Case("article", "archived_as", "plain", has=((text_of(MAIN), KG.archivedAs, Literal("ff-main-0001.txt")),)),
    Case("article", "language", "en", has=((article(MAIN), SCHEMA.inLanguage, Literal("en")),)),
    Case("article", "language", "ar", has=((article(AR), SCHEMA.inLanguage, Literal("ar")),)),
    Case("article", "headline", "quote-only",
         why=(quoted(article(MAIN), SCHEMA.headline, Literal("Warplanes strike Tel Warda market"), MAIN, "headline"),)),
    Case("article", "headline", "unknown", lacks=((article(MIRROR), SCHEMA.headline, None),),
         notes=(Note(article(MIRROR), SCHEMA.headline, "headline was not archived"),)),
    Case("article", "headline", "plain", bare=((article(AR), SCHEMA.headline, Literal("غارة على سوق تل وردة")),)),
    Case("article", "alternative_headline", "plain",
         bare=((article(AR), SCHEMA.alternativeHeadline, Literal("سوق تل وردة")),)),
    Case("article", "alternative_headline", "inferred",
         why=(inferred(article(MIRROR), SCHEMA.alternativeHeadline, Literal("Tel Warda market struck"),
                       "site index"),)),
    Case("article", "published", "date-time-quoted",
         why=(quoted(article(MAIN), SCHEMA.datePublished, stamp("2018-06-07T21:30:00+03:00"), MAIN, "dateline"),
              quoted(article(MAIN), KG.earliest, day("2018-06-07"), MAIN, "dateline"),
              quoted(article(MAIN), KG.latest, day("2018-06-07"), MAIN, "dateline"))),
    Case("article", "published", "earliest-only-inferred",
         lacks=((article(MIRROR), SCHEMA.datePublished, None), (article(MIRROR), KG.latest, None)),
         why=(inferred(article(MIRROR), KG.earliest, day("2018-06-08"), "page of the next day"),)),
    Case("article", "published", "unknown", lacks=((article(AR), SCHEMA.datePublished, None),),
         notes=(Note(article(AR), SCHEMA.datePublished, "shows no date"),)),
    Case("article", "publisher", "plain", bare=((article(MIRROR), SCHEMA.publisher, actor("outlet-b")),)),
    Case("article", "publisher", "inferred-evidence-list",
         why=(inferred(article(MAIN), SCHEMA.publisher, actor("outlet-a"), "outlet A's byline",
                       "https://example.org/outlet-a/about", PAGE),)),
    Case("article", "publisher", "unknown", lacks=((article(AR), SCHEMA.publisher, None),),
         notes=(Note(article(AR), SCHEMA.publisher, "names no outlet"),)),
    Case("article", "url", "plain", bare=((article(MAIN), SCHEMA.url, URIRef(PAGE)),)),
    Case("article", "url", "inferred",
         why=(inferred(article(MIRROR), SCHEMA.url, URIRef("https://example.org/outlet-b/tel-warda"),
                       "outlet B's page"),)),
    Case("article", "url", "unknown", lacks=((article(AR), SCHEMA.url, None),),
         notes=(Note(article(AR), SCHEMA.url, "without its address"),)),
    Case("article", "relays", "plain", bare=((article(MAIN), KG.relays, report("report-updates")),)),
    Case("article", "relays", "quoted",
         why=(quoted(article(MAIN), KG.relays, report("report-2018-annual"), MAIN, "annual"),
              quoted(article(MAIN), KG.relays, report("report-2017-annual"), MAIN, "earlier"))),
    Case("article", "relays", "inferred",
         why=(inferred(article(MAIN), KG.relays, report("report-undated"), "civil defence's words"),)),
    Case("article", "credited_source", "plain", bare=((article(MIRROR), KG.creditedSource, actor("outlet-a")),)),
    Case("article", "credited_source", "quoted",
         why=(quoted(article(MAIN), KG.creditedSource, actor("tel-warda-monitor"), MAIN, "source"),)),
    Case("article", "quotes", "list",
         has=((quote(MAIN, "toll"), RDF.type, KG.Quote), (quote(MAIN, "toll"), DCT.isPartOf, article(MAIN)),
              (quote(MAIN, "toll"), OA.hasSource, text_of(MAIN)),
              (iri("annotation", f"{MAIN}.toll"), OA.hasTarget, quote(MAIN, "toll")),
              (quote(MIRROR, "dateline"), DCT.isPartOf, article(MIRROR)))),
    Case("article", "figures", "list",
         has=((fig(F12), RDF.type, KG.Figure), (fig(F12), KG.quote, quote(MAIN, "toll")),
              (fig("ff-strikes-2-ar"), KG.quote, quote(AR, "strikes")))),
    Case("article", "attributions", "list",
         has=((attribution("ff-att-hedged"), RDF.type, KG.PerpetratorAttribution),)),
    Case("article", "mirror_of", "plain", bare=((article(MIRROR), KG.mirrorOf, article(MAIN)),)),
    Case("article", "translation_of", "plain", bare=((article(AR), SCHEMA.translationOfWork, article(MAIN)),)),
    Case("article", "translated_by", "inferred-evidence",
         why=(inferred(article(AR), SCHEMA.translator, actor("outlet-ar"), "outlet AR's logo",
                       "https://example.org/outlet-ar/about"),)),
    Case("article", "defaults", "inherited",
         has=inherits("ff-killed-14-ar", KG.asOf, day("2018-06-08"))),
]

DEFAULT_CASES = [
    Case("defaults", "stated_by", "article", has=inherits(F14, KG.statedBy, actor("tel-warda-monitor"))),
    Case("defaults", "stated_by", "quote-wins-over-article",
         has=inherits("ff-killed-close-to-15", KG.statedBy, actor("local-medics")),
         lacks=((fig("ff-killed-close-to-15"), KG.statedBy, actor("tel-warda-monitor")),)),
    Case("defaults", "stated_by", "own-value-wins", bare=((fig(F12), KG.statedBy, actor("local-medics")),),
         lacks=((fig(F12), KG.inheritedProperty, KG.statedBy), (fig(F12), KG.statedBy, actor("tel-warda-monitor")))),
    Case("defaults", "report", "article-inferred",
         has=inherits("ff-wounded-14", KG.reportedIn, report("report-updates")),
         why=(inferred(fig("ff-wounded-14"), KG.reportedIn, report("report-updates"), "running updates"),)),
    Case("defaults", "report", "quote-plain",
         has=inherits("ff-school-attacks-3", KG.reportedIn, report("report-2018-annual")),
         bare=((fig("ff-school-attacks-3"), KG.reportedIn, report("report-2018-annual")),),
         lacks=((fig("ff-school-attacks-3"), KG.reportedIn, report("report-updates")),)),
    Case("defaults", "perpetrator", "article-plain",
         has=inherits("ff-rescuers-3", KG.perpetrator, actor("russian-forces")),
         bare=((fig("ff-rescuers-3"), KG.perpetrator, actor("russian-forces")),)),
    Case("defaults", "perpetrator", "quote-inferred",
         has=inherits("ff-killed-14-ar", KG.perpetrator, actor("russian-forces")),
         why=(inferred(fig("ff-killed-14-ar"), KG.perpetrator, actor("russian-forces"), "names no perpetrator"),)),
    Case("defaults", "perpetrator", "opted-out-with-null",
         lacks=((fig("ff-civilians-2987"), KG.perpetrator, None), (fig("ff-civilians-2987"), KG.perpetratorClaim, None),
                (fig("ff-civilians-2987"), KG.inheritedProperty, KG.perpetrator))),
    Case("defaults", "period", "quote", has=(*inherits(F2030, KG.period, Literal("2018-06-07")),
                                             (fig(F2030), KG.periodStart, day("2018-06-07")),
                                             (fig(F2030), KG.periodEnd, day("2018-06-07")))),
    Case("defaults", "area", "article", has=inherits(F12, KG.area, place("tel-warda"))),
    Case("defaults", "area", "quote-wins-over-article", has=inherits("ff-school-attacks-3", KG.area, place("syria")),
         lacks=((fig("ff-school-attacks-3"), KG.area, place("tel-warda")),)),
    Case("defaults", "via", "article",
         has=(*inherits("ff-wounded-14", KG.creditedChain, iri("via", "ff-wounded-14.1")),
              (iri("via", "ff-wounded-14.1"), KG.relayedBy, actor("aggregator-x")),
              (iri("via", "ff-wounded-14.1"), KG.position, n(1)))),
    Case("defaults", "as_of", "article",
         has=(*inherits("ff-killed-14-ar", KG.asOf, day("2018-06-08")),
              (fig("ff-killed-14-ar"), KG.earliest, day("2018-06-08")))),
    Case("defaults", "incident", "quote", has=inherits(F2030, KG.incident, incident("market-strike"))),
    Case("defaults", "measure", "quote", has=inherits("ff-killed-close-to-15", KG.measure, measure("m-market-killed"))),
    Case("defaults", "counts", "article", has=inherits(F12, KG.counts, v("killed"))),
    Case("defaults", "group", "quote", has=inherits(F2030, KG.group, v("people"))),
    Case("defaults", "target", "quote", has=inherits(FBLD, KG.target, v("civilian-infrastructure"))),
    Case("defaults", "weapon", "quote", has=inherits(FBLD, KG.weapon, v("air-strikes"))),
    Case("defaults", "unit", "quote", has=inherits(FDOZ, KG.unit, v("families"))),
]

QUOTE_CASES = [
    Case("quote", "id", "plain", has=((quote(MAIN, "update"), RDF.type, KG.Quote),)),
    Case("quote", "text", "anchored",
         has=((selector(f"{MAIN}.toll", "text-quote"), OA.exact, Literal(
             "Local medics said at least 12 people were killed and between 20 and 30 were wounded when warplanes, "
             "most likely Russian, struck the market on Thursday evening.")),
              (selector(f"{MAIN}.toll", "text-position"), OA.start,
               n(MAIN_TEXT.index("Local medics said"))))),
    Case("quote", "occurrence", "second",
         has=((selector(f"{MAIN}.could-rise", "text-position"), OA.start, n(COULD_RISE_AT)),
              (selector(f"{MAIN}.could-rise", "text-position"), OA.end,
               n(COULD_RISE_AT + len("The monitor's director said the toll could rise."))))),
    Case("quote", "spoken_by", "plain", bare=((quote(MAIN, "could-rise"), KG.spokenBy, actor("monitor-director")),)),
    Case("quote", "spoken_by", "inferred",
         why=(inferred(quote(MAIN, "rescuers"), KG.spokenBy, actor("civil-defence"), "Tel Warda civil defence"),)),
    Case("quote", "language", "ar-in-an-en-article", has=((quote(MAIN, "arabic"), DCT.language, Literal("ar")),)),
    Case("quote", "language", "default-of-the-article",
         has=((quote(MAIN, "toll"), DCT.language, Literal("en")), (quote(AR, "strikes"), DCT.language, Literal("ar")))),
    Case("quote", "translation", "plain",
         has=((quote(MAIN, "arabic"), KG.curatorTranslation, iri("translation", f"{MAIN}.arabic")),
              (iri("translation", f"{MAIN}.arabic"), RDF.type, KG.CuratorTranslation),
              (iri("translation", f"{MAIN}.arabic"), SCHEMA.translationOfWork, quote(MAIN, "arabic")),
              (iri("translation", f"{MAIN}.arabic"), SCHEMA.translator, CURATORS)),
         bare=((iri("translation", f"{MAIN}.arabic"), SCHEMA.text,
                Literal("The monitor said at least 14 people were killed in the strike on the market.")),)),
    Case("quote", "translation", "inferred-evidence",
         why=(inferred(iri("translation", f"{AR}.update-ar"), SCHEMA.text,
                       Literal("Update: the monitor said 14 people were killed and 14 wounded, including 5 children."),
                       "outlet A's English wording", PAGE),)),
    Case("quote", "translation_of", "plain",
         bare=((quote(AR, "update-ar"), SCHEMA.translationOfWork, quote(MAIN, "update")),)),
    Case("quote", "defaults", "inherited", has=inherits(FBLD, KG.weapon, v("air-strikes"))),
]

PHRASE_12 = selector(f"{F12}.phrase", "text-quote")
FIGURE_CASES = [
    Case("figure", "id", "plain", has=((fig(F12), RDF.type, KG.Figure), (fig(F12), KG.phrase, iri("phrase", F12)))),
    Case("figure", "quote", "plain", bare=((fig(F12), KG.quote, quote(MAIN, "toll")),)),
    Case("figure", "quote", "inferred",
         why=(inferred(fig("ff-civilians-2100"), KG.quote, quote(MAIN, "earlier"), "previous sentence"),)),
    Case("figure", "words", "anchored",
         has=((fig(F12), RDFS.label, Literal("at least 12 people")),
              (PHRASE_12, OA.exact, Literal("at least 12 people")),
              (selector(f"{F12}.phrase", "text-position"), OA.start, n(MAIN_TEXT.index("at least 12 people"))),
              (iri("annotation", F12), OA.hasBody, fig(F12)),
              (iri("annotation", F12), OA.hasTarget, iri("phrase", F12)))),
    Case("figure", "occurrence", "second-in-quote",
         has=((selector("ff-wounded-14.phrase", "text-position"), OA.start, n(WOUNDED_14_AT)),
              (selector(f"{F14}.phrase", "text-position"), OA.start,
               n(nth(MAIN_TEXT, "14 people", 1, MAIN_TEXT.index("Update, 23:45")))))),
    Case("figure", "value", "plain", bare=((fig(F12), KG.value, n(12)),)),
    Case("figure", "value", "quoted", why=(quoted(fig("ff-killed-14-ar"), KG.value, n(14), MAIN, "arabic"),)),
    Case("figure", "value", "inferred",
         why=(inferred(fig("ff-strikes-2-ar"), KG.value, n(2), "Arabic dual"),)),
    Case("figure", "low", "stated", bare=((fig(F2030), KG.lowerBound, n(20)),), lacks=((fig(F2030), KG.value, None),)),
    Case("figure", "high", "stated", bare=((fig(F2030), KG.upperBound, n(30)),)),
    Case("figure", "qualifier", "between", bare=((fig(F2030), KG.qualifier, v("between")),)),
    Case("figure", "qualifier", "at-least-lower-bound",
         bare=((fig(F12), KG.qualifier, v("at-least")), (fig(F12), KG.lowerBound, n(12))),
         lacks=((fig(F12), KG.upperBound, None),)),
    Case("figure", "qualifier", "exact-both-bounds",
         has=((fig(F14), KG.lowerBound, n(14)), (fig(F14), KG.upperBound, n(14)))),
    Case("figure", "qualifier", "almost-upper-bound",
         has=((fig("ff-killed-close-to-15"), KG.upperBound, n(15)),),
         lacks=((fig("ff-killed-close-to-15"), KG.lowerBound, None),)),
    Case("figure", "qualifier", "approximately-no-bounds",
         has=((fig("ff-civilians-about-3000"), KG.qualifier, v("approximately")),),
         lacks=((fig("ff-civilians-about-3000"), KG.lowerBound, None),
                (fig("ff-civilians-about-3000"), KG.upperBound, None))),
    Case("figure", "qualifier", "vague-dozens",
         has=((fig(FDOZ), KG.qualifier, v("dozens")), (fig(FDOZ), KG.lowerBound, n(24)),
              (fig(FDOZ), KG.upperBound, n(99))),
         lacks=((fig(FDOZ), KG.value, None),)),
    Case("figure", "qualifier", "curators-vague-scores",
         has=((fig(FBLD), KG.qualifier, v("scores")), (fig(FBLD), KG.lowerBound, n(40)),
              (fig(FBLD), KG.upperBound, n(199)))),
    Case("figure", "counts", "plain", bare=((fig(F2030), KG.counts, v("injured")),)),
    Case("figure", "counts", "quoted", why=(quoted(fig("ff-children-5"), KG.counts, v("injured"), MAIN, "update"),)),
    Case("figure", "group", "plain", bare=((fig("ff-children-5"), KG.group, v("children")),)),
    Case("figure", "group", "inferred",
         why=(inferred(fig("ff-wounded-14"), KG.group, v("people"), "without distinction"),)),
    Case("figure", "group", "curators-concept", bare=((fig("ff-rescuers-3"), KG.group, v("rescuers")),)),
    Case("figure", "target", "plain", bare=((fig("ff-school-attacks-3"), KG.target, v("schools")),)),
    Case("figure", "weapon", "inferred",
         why=(inferred(fig("ff-attacks-40"), KG.weapon, v("air-strikes"), "air attacks only"),)),
    Case("figure", "unit", "plain", bare=((fig("ff-attacks-40"), KG.unit, v("attacks")),)),
    Case("figure", "unit", "absent-default-of-counts", bare=((fig(F12), KG.unit, v("people")),),
         lacks=((fig(F12), KG.inheritedProperty, KG.unit),)),
    Case("figure", "unit", "absent-default-of-curators-counted", bare=((fig(FBLD), KG.unit, v("buildings")),),
         lacks=((fig(FBLD), KG.inheritedProperty, KG.unit),)),
    Case("figure", "perpetrator", "plain", bare=((fig("ff-attacks-40"), KG.perpetrator, actor("russian-forces")),),
         lacks=((fig("ff-attacks-40"), KG.perpetratorClaim, None),)),
    Case("figure", "perpetrator", "list",
         bare=((fig(FDOZ), KG.perpetrator, actor("government-forces")),),
         has=((fig(FDOZ), KG.perpetrator, actor("russian-forces")),
              (fig(FDOZ), KG.perpetratorClaim, claim(FDOZ, "russian-forces", "hedged"))),
         lacks=((claim(FDOZ, "government-forces", "asserted"), None, None),)),
    Case("figure", "perpetrator", "hedged",
         bare=((fig(F12), KG.perpetrator, actor("russian-forces")),),
         has=((fig(F12), KG.perpetratorClaim, claim(F12, "russian-forces", "hedged")),
              (claim(F12, "russian-forces", "hedged"), RDF.type, KG.PerpetratorClaim),
              (claim(F12, "russian-forces", "hedged"), RDF.value, actor("russian-forces")),
              (claim(F12, "russian-forces", "hedged"), SEM.roleType, v("perpetrator")),
              (claim(F12, "russian-forces", "hedged"), KG.stance, v("hedged")),
              (claim(F12, "russian-forces", "hedged"), KG.hedge, Literal("most likely")))),
    Case("figure", "perpetrator", "denied",
         has=((fig(F2030), KG.perpetratorClaim, claim(F2030, "russian-forces", "denied")),
              (claim(F2030, "russian-forces", "denied"), RDF.value, actor("russian-forces")),
              (claim(F2030, "russian-forces", "denied"), KG.stance, v("denied")),
              (claim(F2030, "russian-forces", "denied"), SEM.accordingTo, actor("defence-ministry"))),
         lacks=((fig(F2030), KG.perpetrator, None), (fig(F2030), SEM.hasActor, None),
                (claim(F2030, "russian-forces", "denied"), KG.hedge, None))),
    Case("figure", "perpetrator", "inferred",
         why=(inferred(fig(F14), KG.perpetrator, actor("russian-forces"), "follows the first report"),),
         lacks=((fig(F14), KG.perpetratorClaim, None),)),
    Case("figure", "perpetrator", "denied-inferred",
         has=((claim(FBLD, "russian-forces", "denied"), SEM.accordingTo, actor("defence-ministry")),),
         lacks=((fig(FBLD), KG.perpetrator, None),),
         why=(inferred(claim(FBLD, "russian-forces", "denied"), RDF.value, actor("russian-forces"), "its aircraft"),)),
    Case("figure", "perpetrator", "denied-quoted",
         has=((claim("ff-school-attacks-3", "russian-forces", "denied"), SEM.accordingTo, actor("defence-ministry")),),
         why=(quoted(claim("ff-school-attacks-3", "russian-forces", "denied"), RDF.value, actor("russian-forces"),
                     MAIN, "denial"),)),
    Case("figure", "period", "open-end",
         bare=((fig("ff-civilians-2100"), KG.period, Literal("2015/..")),
               (fig("ff-civilians-2100"), KG.periodStart, day("2015-01-01"))),
         lacks=((fig("ff-civilians-2100"), KG.periodEnd, None),)),
    Case("figure", "period", "inferred",
         why=(inferred(fig("ff-attacks-40"), KG.period, Literal("2015/.."), "whole sentence"),
              inferred(fig("ff-attacks-40"), KG.periodStart, day("2015-01-01"), "whole sentence"))),
    Case("figure", "area", "plain", bare=((fig("ff-civilians-2100"), KG.area, place("syria")),)),
    Case("figure", "area", "quoted",
         why=(quoted(fig("ff-rescuers-3"), KG.area, place("tel-warda"), MAIN, "rescuers"),)),
    Case("figure", "as_of", "day",
         bare=((fig("ff-rescuers-3"), KG.asOf, day("2018-06-08")),
               (fig("ff-rescuers-3"), KG.earliest, day("2018-06-08")),
               (fig("ff-rescuers-3"), KG.latest, day("2018-06-08")))),
    Case("figure", "as_of", "month",
         bare=((fig("ff-attacks-40"), KG.asOf, Literal("2018-05", datatype=XSD.gYearMonth)),
               (fig("ff-attacks-40"), KG.earliest, day("2018-05-01")),
               (fig("ff-attacks-40"), KG.latest, day("2018-05-31")))),
    Case("figure", "as_of", "year",
         bare=((fig("ff-civilians-2987"), KG.asOf, Literal("2018", datatype=XSD.gYear)),
               (fig("ff-civilians-2987"), KG.earliest, day("2018-01-01")),
               (fig("ff-civilians-2987"), KG.latest, day("2018-12-31")))),
    Case("figure", "as_of", "date-time-with-offset",
         bare=((fig(F12), KG.asOf, stamp("2018-06-07T21:30:00+03:00")), (fig(F12), KG.earliest, day("2018-06-07")),
               (fig(F12), KG.latest, day("2018-06-07")))),
    Case("figure", "as_of", "date-time-without-offset",
         bare=((fig("ff-wounded-14"), KG.asOf, stamp("2018-06-07T23:45:00")),
               (fig("ff-wounded-14"), KG.earliest, day("2018-06-07")))),
    Case("figure", "as_of", "date-time-utc",
         bare=((fig("ff-strikes-2-ar"), KG.asOf, stamp("2018-06-07T20:45:00Z")),
               (fig("ff-strikes-2-ar"), KG.latest, day("2018-06-07")))),
    Case("figure", "as_of", "interval",
         bare=((fig(FDOZ), KG.earliest, day("2018-06-07")), (fig(FDOZ), KG.latest, day("2018-06-08"))),
         lacks=((fig(FDOZ), KG.asOf, None),)),
    Case("figure", "as_of", "bounds-inferred",
         why=(inferred(fig(F2030), KG.earliest, day("2018-06-07"), "morning after"),
              inferred(fig(F2030), KG.latest, day("2018-06-08"), "morning after")),
         lacks=((fig(F2030), KG.asOf, None),)),
    Case("figure", "as_of", "sequence-marker-quoted",
         why=(quoted(fig(F14), KG.asOf, stamp("2018-06-07T23:45:00+03:00"), MAIN, "update"),
              quoted(fig(F14), KG.earliest, day("2018-06-07"), MAIN, "update"),
              quoted(fig(F14), KG.latest, day("2018-06-07"), MAIN, "update"),
              quoted(fig(F14), KG.sequence, n(2), MAIN, "update"),
              quoted(fig(F14), KG.updateMarker, Literal("updated"), MAIN, "update"))),
    Case("figure", "subset_of", "quoted",
         why=(quoted(fig("ff-children-5"), KG.subsetOf, fig("ff-wounded-14"), MAIN, "update"),)),
    Case("figure", "subset_of", "inferred",
         why=(inferred(fig("ff-rescuers-3"), KG.subsetOf, fig(F14), "Among the dead"),)),
    Case("figure", "rounding_of", "quoted",
         why=(quoted(fig("ff-civilians-about-3000"), KG.roundingOf, fig("ff-civilians-2987"), MAIN, "annual"),)),
    Case("figure", "rounding_of", "inferred",
         why=(inferred(fig("ff-killed-close-to-15"), KG.roundingOf, fig(F14), "medics' rounding"),)),
    Case("figure", "incident", "quoted",
         why=(quoted(fig(F14), KG.incident, incident("market-strike"), MAIN, "update"),
              quoted(fig("ff-strikes-2-ar"), KG.incident, incident("market-strike"), AR, "strikes"))),
    Case("figure", "measure", "list",
         bare=((fig(F12), KG.measure, measure("m-market-killed")),
               (fig(F12), KG.measure, measure("m-first-report-killed")))),
    Case("figure", "measure", "single",
         bare=((fig("ff-civilians-2987"), KG.measure, measure("m-civilians-cumulative")),),
         lacks=((fig("ff-civilians-2987"), KG.inheritedProperty, KG.measure),)),
    Case("figure", "stated_by", "plain", bare=((fig(F12), KG.statedBy, actor("local-medics")),)),
    Case("figure", "stated_by", "quoted",
         why=(quoted(fig("ff-children-5"), KG.statedBy, actor("tel-warda-monitor"), MAIN, "update"),)),
    Case("figure", "report", "plain", bare=((fig("ff-civilians-2100"), KG.reportedIn, report("report-2017-annual")),),
         lacks=((fig("ff-civilians-2100"), KG.inheritedProperty, KG.reportedIn),)),
    Case("figure", "via", "list-with-an-inferred-step",
         has=((fig(F12), KG.creditedChain, iri("via", f"{F12}.1")),
              (fig(F12), KG.creditedChain, iri("via", f"{F12}.2")),
              (iri("via", f"{F12}.1"), RDF.type, KG.RelayStep), (iri("via", f"{F12}.1"), KG.position, n(1)),
              (iri("via", f"{F12}.2"), KG.position, n(2))),
         bare=((iri("via", f"{F12}.2"), KG.relayedBy, actor("aggregator-x")),),
         lacks=((fig(F12), KG.inheritedProperty, KG.creditedChain),),
         why=(inferred(iri("via", f"{F12}.1"), KG.relayedBy, actor("outlet-local"), "credits a local outlet"),)),
    Case("figure", "revises", "inferred",
         why=(inferred(fig(F14), KG.revises, fig(F12), "restates the first toll"),)),
    Case("figure", "qualifier_covers", "inferred",
         why=(inferred(fig("ff-attacks-40"), KG.qualifierCovers, fig("ff-school-attacks-3"), "covering"),)),
    Case("figure", "rank", "inferred",
         why=(inferred(fig("ff-killed-close-to-15"), KG.rank, v("deprecated"), "exact count is preferred"),)),
]

PERPETRATOR_CASES = [
    Case("perpetrator", "stance", "hedged", has=((claim(FDOZ, "russian-forces", "hedged"), KG.stance, v("hedged")),)),
    Case("perpetrator", "stance", "denied", has=((claim(F2030, "russian-forces", "denied"), KG.stance, v("denied")),)),
    Case("perpetrator", "hedge", "words",
         has=((claim(FDOZ, "russian-forces", "hedged"), KG.hedge, Literal("believed to be")),)),
    Case("perpetrator", "by", "actor",
         bare=((claim(F2030, "russian-forces", "denied"), SEM.accordingTo, actor("defence-ministry")),)),
]

ANNOTATION_CASES = [
    Case("annotation", "value", "with-inferred", why=(inferred(fig("ff-strikes-2-ar"), KG.value, n(2), "dual"),)),
    Case("annotation", "inferred", "reason",
         why=(inferred(iri("place", "tel-warda"), KG.within, place("idlib-governorate"), "invented village"),)),
    Case("annotation", "evidence", "one-url",
         why=(inferred(incident("market-strike"), KG.date, day("2018-06-07"), "Thursday evening", PAGE),)),
    Case("annotation", "evidence", "list",
         why=(inferred(article(MAIN), SCHEMA.publisher, actor("outlet-a"), "byline",
                       "https://example.org/outlet-a/about", PAGE),)),
    Case("annotation", "quote", "with-value",
         why=(quoted(article(MAIN), KG.relays, report("report-2018-annual"), MAIN, "annual"),)),
    Case("annotation", "quote", "alone-the-quote-is-the-value",
         why=(quoted(article(MAIN), SCHEMA.headline, Literal("Warplanes strike Tel Warda market"), MAIN, "headline"),)),
    Case("annotation", "unknown", "reason",
         notes=(Note(report("report-undated"), KG.date, "not dated"), Note(incident("undated-shelling"), KG.date,
                                                                          "No text dates it"))),
    Case("annotation", "earliest", "with-latest",
         why=(inferred(report("report-updates"), KG.earliest, day("2018-06-07"), "into 8 June"),)),
    Case("annotation", "earliest", "alone", lacks=((article(MIRROR), KG.latest, None),),
         why=(inferred(article(MIRROR), KG.earliest, day("2018-06-08"), "next day"),)),
    Case("annotation", "latest", "with-earliest",
         why=(inferred(report("report-updates"), KG.latest, day("2018-06-08"), "into 8 June"),)),
    Case("annotation", "sequence", "whole-number", why=(quoted(fig(F14), KG.sequence, n(2), MAIN, "update"),)),
    Case("annotation", "marker", "word", why=(quoted(fig(F14), KG.updateMarker, Literal("updated"), MAIN, "update"),)),
]

ATTRIBUTION_CASES = [
    Case("attribution", "id", "plain",
         has=((attribution("ff-att-hedged"), RDF.type, KG.PerpetratorAttribution),
              (attribution("ff-att-hedged"), SEM.roleType, v("perpetrator")))),
    Case("attribution", "incident", "plain",
         bare=((incident("market-strike"), SEM.hasActor, attribution("ff-att-hedged")),)),
    Case("attribution", "incident", "inferred",
         why=(inferred(incident("market-strike"), SEM.hasActor, attribution("ff-att-inferred"), "market strike"),)),
    Case("attribution", "perpetrator", "plain",
         bare=((attribution("ff-att-hedged"), RDF.value, actor("russian-forces")),)),
    Case("attribution", "perpetrator", "inferred",
         why=(inferred(attribution("ff-att-inferred"), RDF.value, actor("russian-forces"), "Russian aircraft"),)),
    Case("attribution", "according_to", "plain",
         bare=((attribution("ff-att-denied"), SEM.accordingTo, actor("defence-ministry")),)),
    Case("attribution", "quote", "plain", bare=((attribution("ff-att-hedged"), KG.quote, quote(MAIN, "toll")),)),
    Case("attribution", "quote", "inferred",
         why=(inferred(attribution("ff-att-asserted"), KG.quote, quote(MAIN, "families"), "blame the government"),)),
    Case("attribution", "stance", "default-asserted",
         has=((attribution("ff-att-asserted"), KG.stance, v("asserted")),
              (incident("market-strike"), SEM.hasActor, attribution("ff-att-asserted"))),
         lacks=((attribution("ff-att-asserted"), KG.hedge, None),)),
    Case("attribution", "stance", "hedged", has=((attribution("ff-att-hedged"), KG.stance, v("hedged")),)),
    Case("attribution", "stance", "denied",
         has=((attribution("ff-att-denied"), KG.stance, v("denied")),
              (incident("market-strike"), KG.deniedActor, attribution("ff-att-denied"))),
         lacks=((incident("market-strike"), SEM.hasActor, attribution("ff-att-denied")),)),
    Case("attribution", "hedge", "words", has=((attribution("ff-att-hedged"), KG.hedge, Literal("most likely")),
                                               (attribution("ff-att-inferred"), KG.hedge, Literal("believed to be")))),
]


def same_as(s: URIRef, o: URIRef) -> tuple[Triple, ...]:
    """The identity link of a Wikidata or GeoNames id. docs/records.md promises owl:sameAs; kg/rdf/registry.py
    writes schema:sameAs (its docstring says so): this asserts what kg writes."""
    return ((s, SCHEMA.sameAs, o),)


REGISTRY_CASES = [
    Case("registry", "curator", "plain",
         has=((iri("inference", "actor.defence-ministry.part-of"), PROV.wasAttributedTo, CURATORS),
              (v("rescuers"), PROV.wasAttributedTo, CURATORS),
              (iri("note", "report.report-undated.date"), PROV.wasAttributedTo, CURATORS))),
    Case("registry", "actors", "list", has=((actor("monitor-director"), RDF.type, KG.Person),)),
    Case("registry", "places", "list", has=((place("tel-warda"), RDF.type, KG.Place),)),
    Case("registry", "campaigns", "list", has=((campaign("ff-air-campaign"), RDF.type, KG.Campaign),)),
    Case("registry", "incidents", "list", has=((incident("village-shelling"), RDF.type, KG.Incident),)),
    Case("registry", "reports", "list", has=((report("report-undated"), RDF.type, KG.Report),)),
    Case("registry", "measures", "list", has=((measure("m-market-injured"), RDF.type, KG.Measure),)),
    Case("registry", "concepts", "list", has=((v("scores"), RDF.type, SKOS.Concept),)),
    Case("actor", "id", "plain", has=((actor("russia"), RDF.type, KG.State),)),
    Case("actor", "type", "plain", has=((actor("russia"), KG.actorType, v("state")),
                                        (actor("local-medics"), RDF.type, KG.UnnamedSource))),
    Case("actor", "name", "plain", has=((actor("russia"), RDFS.label, Literal("Russia")),
                                        (actor("russia"), SKOS.prefLabel, en("Russia")))),
    Case("actor", "alt_names", "string-and-name-lang",
         has=((actor("tel-warda-monitor"), SKOS.altLabel, en("the monitor")),
              (actor("tel-warda-monitor"), SKOS.altLabel, ar("المرصد")))),
    Case("actor", "part_of", "plain", bare=((actor("russian-forces"), KG.partOfActor, actor("russia")),)),
    Case("actor", "part_of", "inferred",
         why=(inferred(actor("defence-ministry"), KG.partOfActor, actor("russia"), "in Moscow"),)),
    Case("actor", "wikidata", "legacy-key",
         has=((actor("russia"), SCHEMA.identifier, ident("actor", "russia", "wikidata")),
              (ident("actor", "russia", "wikidata"), SCHEMA.propertyID, Literal("wikidata")),
              (ident("actor", "russia", "wikidata"), SCHEMA.value, Literal("Q159")),
              *same_as(actor("russia"), WD["Q159"]))),
    Case("actor", "positions", "list",
         has=((iri("membership", "monitor-director.tel-warda-monitor.director"), RDF.type, ORG.Membership),
              (iri("membership", "monitor-director.tel-warda-monitor.director"), ORG.member, actor("monitor-director")),
              (iri("membership", "monitor-director.tel-warda-monitor.spokesperson"), ORG.member,
               actor("monitor-director")))),
    Case("actor", "ids", "geonames-and-a-custom-scheme",
         has=((actor("russia"), SCHEMA.identifier, ident("actor", "russia", "geonames")),
              (ident("actor", "russia", "geonames"), SCHEMA.value, Literal("2017370")),
              *same_as(actor("russia"), URIRef("https://sws.geonames.org/2017370/")),
              (ident("actor", "russia", "iso3166"), SCHEMA.propertyID, Literal("iso3166")),
              (ident("actor", "russia", "iso3166"), SCHEMA.value, Literal("RU")),
              (ident("actor", "tel-warda-monitor", "ff-register"), SCHEMA.value, Literal("TWM-001")))),
    Case("actor", "ids", "acled",
         has=((actor("russian-forces"), SCHEMA.identifier, ident("actor", "russian-forces", "acled")),
              (ident("actor", "russian-forces", "acled"), RDF.type, SCHEMA.PropertyValue),
              (ident("actor", "russian-forces", "acled"), SCHEMA.propertyID, Literal("acled")),
              (ident("actor", "russian-forces", "acled"), SCHEMA.value, Literal("Military Forces of Russia (2000-)")))),
    Case("position", "organisation", "plain",
         bare=((iri("membership", "monitor-director.tel-warda-monitor.director"), ORG.organization,
                actor("tel-warda-monitor")),)),
    Case("position", "organisation", "inferred",
         why=(inferred(iri("membership", "monitor-director.tel-warda-monitor.spokesperson"), ORG.organization,
                       actor("tel-warda-monitor"), "also speaks for it"),)),
    Case("position", "role", "plain",
         has=((iri("membership", "monitor-director.tel-warda-monitor.director"), ORG.role, v("director")),
              (iri("membership", "monitor-director.tel-warda-monitor.spokesperson"), ORG.role, v("spokesperson")))),
    Case("alt_name", "name", "with-lang", has=((place("idlib-governorate"), SKOS.altLabel, ar("محافظة إدلب")),)),
    Case("alt_name", "lang", "ar", has=((actor("defence-ministry"), SKOS.altLabel, ar("وزارة الدفاع الروسية")),)),
    Case("place", "id", "plain", has=((place("syria"), RDF.type, KG.Place),)),
    Case("place", "type", "plain", has=((place("tel-warda"), KG.placeType, v("village")),)),
    Case("place", "name", "plain", has=((place("tel-warda"), SKOS.prefLabel, en("Tel Warda")),
                                        (place("tel-warda"), RDFS.label, Literal("Tel Warda")))),
    Case("place", "alt_names", "string-and-name-lang",
         has=((place("idlib-governorate"), SKOS.altLabel, en("Idlib")),
              (place("syria"), SKOS.altLabel, ar("سوريا")))),
    Case("place", "within", "plain", bare=((place("idlib-governorate"), KG.within, place("syria")),)),
    Case("place", "within", "inferred",
         why=(inferred(place("tel-warda"), KG.within, place("idlib-governorate"), "Idlib"),)),
    Case("place", "wikidata", "legacy-key",
         has=((ident("place", "russia-country", "wikidata"), SCHEMA.value, Literal("Q159")),
              *same_as(place("russia-country"), WD["Q159"]))),
    Case("place", "geonames", "legacy-key",
         has=((ident("place", "russia-country", "geonames"), SCHEMA.value, Literal("2017370")),
              *same_as(place("russia-country"), URIRef("https://sws.geonames.org/2017370/")))),
    Case("place", "point", "lat-lon",
         has=((place("tel-warda"), GEO.hasGeometry, iri("geometry", "tel-warda")),
              (iri("geometry", "tel-warda"), RDF.type, GEO.Geometry)),
         bare=((iri("geometry", "tel-warda"), GEO.asWKT, Literal("POINT(36.63 35.93)", datatype=GEO.wktLiteral)),)),
    Case("place", "ids", "wikidata-geonames-custom",
         has=((ident("place", "syria", "wikidata"), SCHEMA.value, Literal("Q858")),
              (ident("place", "syria", "geonames"), SCHEMA.value, Literal("163843")),
              (ident("place", "syria", "iso3166"), SCHEMA.value, Literal("SY")),
              *same_as(place("syria"), WD["Q858"]), *same_as(place("syria"), URIRef("https://sws.geonames.org/163843/")))),
    Case("campaign", "id", "plain", has=((campaign("ff-ground-campaign"), RDF.type, KG.Campaign),)),
    Case("campaign", "name", "plain",
         has=((campaign("ff-air-campaign"), RDFS.label, Literal("Air campaign over Tel Warda")),)),
    Case("campaign", "start", "month",
         bare=((campaign("ff-air-campaign"), SEM.hasBeginTimeStamp, Literal("2015-09", datatype=XSD.gYearMonth)),
               (campaign("ff-air-campaign"), KG.earliest, day("2015-09-01")),
               (campaign("ff-air-campaign"), KG.latest, day("2015-09-30")))),
    Case("campaign", "start", "year-inferred",
         why=(inferred(campaign("ff-ground-campaign"), SEM.hasBeginTimeStamp, Literal("2016", datatype=XSD.gYear),
                       "annual reports"),
              inferred(campaign("ff-ground-campaign"), KG.earliest, day("2016-01-01"), "annual reports"),
              inferred(campaign("ff-ground-campaign"), KG.latest, day("2016-12-31"), "annual reports"))),
    Case("campaign", "place", "plain", bare=((campaign("ff-air-campaign"), SEM.hasPlace, place("syria")),)),
    Case("campaign", "place", "inferred",
         why=(inferred(campaign("ff-ground-campaign"), SEM.hasPlace, place("idlib-governorate"), "around Tel Warda"),)),
    Case("incident", "id", "plain", has=((incident("market-strike"), RDF.type, KG.Incident),)),
    Case("incident", "name", "plain",
         has=((incident("market-strike"), RDFS.label, Literal("Tel Warda market strike")),)),
    Case("incident", "types", "list", bare=((incident("market-strike"), SEM.eventType, v("airstrike")),
                                             (incident("market-strike"), SEM.eventType, v("massacre")))),
    Case("incident", "types", "single", bare=((incident("village-shelling"), SEM.eventType, v("shelling")),)),
    Case("incident", "place", "plain", bare=((incident("market-strike"), SEM.hasPlace, place("tel-warda")),)),
    Case("incident", "date", "day-inferred-evidence",
         why=(inferred(incident("market-strike"), KG.date, day("2018-06-07"), "Thursday evening", PAGE),
              inferred(incident("market-strike"), KG.earliest, day("2018-06-07"), "Thursday evening", PAGE),
              inferred(incident("market-strike"), KG.latest, day("2018-06-07"), "Thursday evening", PAGE))),
    Case("incident", "date", "interval",
         bare=((incident("village-shelling"), KG.earliest, day("2018-06-01")),
               (incident("village-shelling"), KG.latest, day("2018-06-05"))),
         lacks=((incident("village-shelling"), KG.date, None),)),
    Case("incident", "date", "unknown", lacks=((incident("undated-shelling"), KG.date, None),),
         notes=(Note(incident("undated-shelling"), KG.date, "No text dates it"),)),
    Case("incident", "campaign", "plain",
         bare=((incident("village-shelling"), SEM.subEventOf, campaign("ff-ground-campaign")),)),
    Case("incident", "campaign", "inferred",
         why=(inferred(incident("market-strike"), SEM.subEventOf, campaign("ff-air-campaign"), "air campaign"),)),
    Case("incident", "ids", "airwars-and-ucdp",
         has=((incident("market-strike"), SCHEMA.identifier, ident("incident", "market-strike", "airwars")),
              (ident("incident", "market-strike", "airwars"), SCHEMA.value, Literal("FF-TW-1")),
              (ident("incident", "market-strike", "ucdp"), SCHEMA.value, Literal("990001")))),
    Case("report", "id", "plain", has=((report("report-2017-annual"), RDF.type, KG.Report),)),
    Case("report", "issuer", "plain", bare=((report("report-undated"), KG.issuedBy, actor("civil-defence")),)),
    Case("report", "date", "day", bare=((report("report-2017-annual"), KG.date, day("2017-12-31")),)),
    Case("report", "date", "month",
         bare=((report("report-2018-annual"), KG.date, Literal("2018-05", datatype=XSD.gYearMonth)),
               (report("report-2018-annual"), KG.earliest, day("2018-05-01")),
               (report("report-2018-annual"), KG.latest, day("2018-05-31")))),
    Case("report", "date", "bounds-inferred", lacks=((report("report-updates"), KG.date, None),),
         why=(inferred(report("report-updates"), KG.earliest, day("2018-06-07"), "into 8 June"),
              inferred(report("report-updates"), KG.latest, day("2018-06-08"), "into 8 June"))),
    Case("report", "date", "unknown", lacks=((report("report-undated"), KG.earliest, None),),
         notes=(Note(report("report-undated"), KG.date, "not dated"),)),
    Case("report", "title", "plain",
         bare=((report("report-2017-annual"), SCHEMA.name, Literal("Annual report 2017")),)),
    Case("report", "title", "inferred-evidence",
         why=(inferred(report("report-2018-annual"), SCHEMA.name, Literal("Annual report 2018"), "titles it so",
                       "https://example.org/monitor/reports/2018"),)),
    Case("report", "description", "folded",
         has=((report("report-2018-annual"), SCHEMA.description,
               Literal("The monitor's second annual report, cited by the article.")),)),
    Case("report", "supersedes", "plain",
         bare=((report("report-2018-annual"), KG.supersedes, report("report-2017-annual")),)),
    Case("measure", "id", "plain", has=((measure("m-market-killed"), RDF.type, KG.Measure),)),
    Case("measure", "name", "plain",
         has=((measure("m-market-killed"), SKOS.prefLabel, en("People killed in the Tel Warda market strike")),)),
    Case("measure", "definition", "folded",
         has=((measure("m-civilians-cumulative"), SKOS.definition,
               en("Cumulative toll of the monitor's annual reports.")),)),
    Case("concept", "id", "plain", has=((v("rescuers"), RDF.type, SKOS.Concept),)),
    Case("concept", "scheme", "plain", has=((v("rescuers"), SKOS.inScheme, v("groups")),
                                            (v("scores"), SKOS.inScheme, v("qualifiers")))),
    Case("concept", "label", "plain", has=((v("rescuers"), SKOS.prefLabel, en("rescuers")),)),
    Case("concept", "labels", "string-and-label-lang",
         has=((v("rescuers"), SKOS.altLabel, ar("مسعفون")), (v("rescuers"), SKOS.altLabel, en("first responders")))),
    Case("concept", "definition", "plain",
         has=((v("rescuers"), SKOS.definition, en("Civil defence volunteers and paramedics on rescue duty.")),)),
    Case("concept", "broader", "plain",
         bare=((v("rescuers"), SKOS.broader, v("medical-and-civil-defence-personnel")),)),
    Case("concept", "bound", "none", has=((v("scores"), KG.boundRule, Literal("none")),)),
    Case("concept", "low", "plain", has=((v("scores"), KG.conventionalLowerBound, n(40)),)),
    Case("concept", "high", "plain", has=((v("scores"), KG.conventionalUpperBound, n(199)),)),
    Case("concept", "low", "inferred",
         why=(inferred(v("several-dozen"), KG.conventionalLowerBound, n(36), "Three dozen"),)),
    Case("concept", "unit", "plain", bare=((v("destroyed"), KG.defaultUnit, v("buildings")),)),
    Case("concept_label", "label", "with-lang", has=((v("scores"), SKOS.altLabel, ar("عشرات كثيرة")),)),
    Case("concept_label", "lang", "ar", has=((v("rescuers"), SKOS.altLabel, ar("مسعفون")),)),
]

CASES = [*ARTICLE_CASES, *DEFAULT_CASES, *QUOTE_CASES, *FIGURE_CASES, *PERPETRATOR_CASES, *ANNOTATION_CASES,
         *ATTRIBUTION_CASES, *REGISTRY_CASES]


# --- the build ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def forms_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The corpus, built once; ``build`` raises NotConforming when the graph violates the shapes."""
    result = build(FORMS, tmp_path_factory.mktemp("field-forms") / "build", full=True)
    assert result.report.conforms
    return result


@pytest.fixture(scope="module")
def graph(forms_build: BuildResult) -> Graph:
    """Every triple of every named graph of ``kg.trig``."""
    ds = Dataset()
    ds.parse(forms_build.out_dir / "kg.trig", format="trig")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def reifications(g: Graph, s: Node, p: Node, o: Node) -> list[Node]:
    return [r for r in g.subjects(RDF.subject, s) if (r, RDF.predicate, p) in g and (r, RDF.object, o) in g]


def _known_as(g: Graph, w: Why) -> bool:
    for r in reifications(g, w.s, w.p, w.o):
        if w.quote is not None:
            if (r, RDF.type, KG.QuotedStatement) in g and (r, KG.quote, w.quote) in g:
                return True
            continue
        reason = g.value(r, KG.reason)
        if ((r, RDF.type, KG.CuratorInference) in g and (r, PROV.wasAttributedTo, CURATORS) in g
                and reason is not None and (w.reason or "") in str(reason)
                and all((r, KG.evidence, URIRef(url)) in g for url in w.evidence)):
            return True
    return False


def _noted(g: Graph, note: Note) -> bool:
    return any((r, RDF.type, KG.CuratorNote) in g and (r, KG.aboutProperty, note.p) in g
               and note.reason in str(g.value(r, KG.reason)) and (r, PROV.wasAttributedTo, CURATORS) in g
               for r in g.objects(note.s, KG.curatorNote))


def problems(g: Graph, case: Case) -> Iterator[str]:
    for t in (*case.has, *case.bare):
        if t not in g:
            yield f"missing {t}"
    for t in case.bare:
        if reifications(g, *t):
            yield f"stated plainly, yet reified: {t}"
    for pattern in case.lacks:
        found = list(g.triples(pattern))
        if found:
            yield f"should not be there: {found}"
    for w in case.why:
        if (w.s, w.p, w.o) not in g:
            yield f"missing {(w.s, w.p, w.o)}"
        if not _known_as(g, w):
            how = f"quoted from {w.quote}" if w.quote else f"inferred ({w.reason!r}, evidence {list(w.evidence)})"
            yield f"not marked {how}: {(w.s, w.p, w.o)}"
    for note in case.notes:
        if not _noted(g, note):
            yield f"no kg:CuratorNote on {note.s} about {note.p} ({note.reason!r})"


def _param(case: Case) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_form_reaches_the_graph(graph: Graph, case: Case) -> None:
    found = list(problems(graph, case))
    assert not found, "\n".join(found)


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


# --- completeness: every key the loader accepts is in the corpus and has a case --------------------------

def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


ARTICLES: dict[str, Any] = {p.stem: _yaml(p) for p in sorted((FORMS / "articles").glob("*.yaml"))}
REGISTRY: dict[str, Any] = {p.stem: _yaml(p) for p in sorted((FORMS / "registry").glob("*.yaml"))}


def _keys(items: Iterable[Any]) -> set[str]:
    return {str(k) for item in items if isinstance(item, dict) for k in item}


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _mappings(value: Any) -> Iterator[dict[Any, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _mappings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _mappings(item)


def corpus_keys() -> dict[str, set[str]]:
    """The keys the corpus uses, by record kind."""
    articles = list(ARTICLES.values())
    quotes = [q for a in articles for q in a.get("quotes", [])]
    figures = [f for a in articles for f in a.get("figures", [])]
    defaults = [a["defaults"] for a in articles if "defaults" in a] + [q["defaults"] for q in quotes if "defaults" in q]
    perpetrators = [p for holder in figures + defaults for p in _items(holder.get("perpetrator"))]
    actors, places = REGISTRY["actors"]["actors"], REGISTRY["places"]["places"]
    concepts = REGISTRY["vocabulary"]["concepts"]
    value_forms = ANNOTATION_KEYS | PERPETRATOR_KEYS
    annotations = [m for m in _mappings([articles, list(REGISTRY.values())]) if m and set(m) <= value_forms]
    return {
        "article": _keys(articles),
        "quote": _keys(quotes),
        "figure": _keys(figures),
        "defaults": _keys(defaults),
        "perpetrator": _keys(perpetrators) - ANNOTATION_KEYS,
        "annotation": _keys(annotations) - PERPETRATOR_KEYS,
        "attribution": _keys(a for art in articles for a in art.get("attributions", [])),
        "registry": _keys(REGISTRY.values()),
        "actor": _keys(actors),
        "position": _keys(p for a in actors for p in a.get("positions", [])),
        "alt_name": _keys(name for r in actors + places for name in r.get("alt_names", [])),
        "place": _keys(places),
        "campaign": _keys(REGISTRY["incidents"]["campaigns"]),
        "incident": _keys(REGISTRY["incidents"]["incidents"]),
        "report": _keys(REGISTRY["reports"]["reports"]),
        "measure": _keys(REGISTRY["measures"]["measures"]),
        "concept": _keys(concepts),
        "concept_label": _keys(label for c in concepts for label in c.get("labels", [])),
    }


def _string_set(node: ast.expr) -> set[str] | None:
    if not isinstance(node, ast.Set):
        return None
    return {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}


def key_sets(module: Any) -> dict[tuple[str, int], set[str]]:
    """Literal key sets of a loader module, by (function, n-th in the source): the arguments of
    ``check_keys({...})`` and the right side of ``set(item) <= {...}``."""
    out: dict[tuple[str, int], set[str]] = {}
    for fn in ast.parse(inspect.getsource(module)).body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        found: list[tuple[int, int, set[str]]] = []
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check_keys":
                keys = _string_set(node.args[0])
            elif isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.LtE):
                keys = _string_set(node.comparators[0])
            else:
                continue
            if keys is not None:
                found.append((node.lineno, node.col_offset, keys))
        for i, (_, _, keys) in enumerate(sorted(found, key=lambda x: (x[0], x[1]))):
            out[(fn.name, i)] = keys
    return out


def registry_lists() -> set[str]:
    """The list keys a registry file may hold: the second argument of every ``open_registry`` call."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(inspect.getsource(registry_loader))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open_registry":
            arg = node.args[1]
            elts = arg.elts if isinstance(arg, ast.Tuple) else [arg]
            out |= {e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return out


REGISTRY_KINDS = {
    ("open_registry", 0): "registry", ("labels", 0): "alt_name", ("load_actors", 0): "actor",
    ("load_actors", 1): "position", ("load_places", 0): "place", ("load_incidents", 0): "campaign",
    ("load_incidents", 1): "incident", ("load_reports", 0): "report", ("load_measures", 0): "measure",
    ("load_vocabulary", 0): "concept", ("_concept_labels", 0): "concept_label",
}
ARTICLE_KINDS = {("_attribution", 0): "attribution"}


def loader_keys() -> dict[str, set[str]]:
    """The keys the loader accepts, by record kind."""
    registry_sets, article_sets = key_sets(registry_loader), key_sets(article_loader)
    unnamed = (registry_sets.keys() - REGISTRY_KINDS.keys()) | (article_sets.keys() - ARTICLE_KINDS.keys())
    assert not unnamed, f"the loader checks keys of a record kind this test does not know: {sorted(unnamed)}"
    out = {kind: registry_sets[where] for where, kind in REGISTRY_KINDS.items()}
    out["registry"] = out["registry"] | registry_lists()
    out.update({kind: article_sets[where] for where, kind in ARTICLE_KINDS.items()})
    out.update(article=ARTICLE_KEYS, quote=QUOTE_KEYS, figure=FIGURE_KEYS, defaults=DEFAULT_KEYS,
               perpetrator=PERPETRATOR_KEYS, annotation=ANNOTATION_KEYS)
    return out


LOADER_KEYS = loader_keys()


@pytest.mark.parametrize("kind", sorted(LOADER_KEYS))
def test_every_loader_key_is_in_the_corpus_and_has_a_case(kind: str) -> None:
    accepted = LOADER_KEYS[kind]
    used = corpus_keys()[kind]
    assert used == accepted, (f"{kind}: keys the loader accepts that the corpus does not use: "
                              f"{sorted(accepted - used)}; used but not accepted: {sorted(used - accepted)}")
    cased = {c.key for c in CASES if c.kind == kind}
    assert accepted <= cased, f"{kind}: keys with no case in this test: {sorted(accepted - cased)}"
    assert cased <= accepted, f"{kind}: cases for keys the loader does not accept: {sorted(cased - accepted)}"


def test_the_corpus_uses_defaults_at_both_levels_and_every_kind_of_identifier() -> None:
    main = ARTICLES[MAIN]
    assert main["defaults"] and any("defaults" in q for q in main["quotes"])
    schemes = {str(s) for r in [*REGISTRY["actors"]["actors"], *REGISTRY["places"]["places"],
                                *REGISTRY["incidents"]["incidents"]] for s in r.get("ids", {})}
    assert {"wikidata", "geonames", "acled", "ff-register"} <= schemes
    legacy = {k for r in [*REGISTRY["actors"]["actors"], *REGISTRY["places"]["places"]] for k in r
              if k in ("wikidata", "geonames")}
    assert legacy == {"wikidata", "geonames"}


# --- kg trace -------------------------------------------------------------------------------------------------

TRACED = (F12, F2030, FDOZ, F14, FBLD, "ff-civilians-2100", "ff-civilians-2987", "ff-killed-close-to-15")


@pytest.fixture(scope="module")
def traced(forms_build: BuildResult) -> dict[str, dict[str, Any]]:
    """``kg trace <figure> --format json`` of the traced figures."""
    store = open_store(forms_build.out_dir)
    out: dict[str, dict[str, Any]] = {}
    for figure in TRACED:
        [record] = trace(store, figure=figure, build_dir=forms_build.out_dir)
        out[figure] = record
    return out


def _ids(items: list[dict[str, Any]] | None) -> list[str] | None:
    return None if items is None else [i["id"] for i in items]


def _project(key: str, value: Any) -> Any:
    if key in ("measures", "via", "perpetrator"):
        return _ids(value)
    if key == "perpetrator_claims":
        return [(c["id"], c["stance"], c["hedge"], c["denied_by"]) for c in value]
    if key == "inference_fields":
        return sorted(i["field"] for i in value)
    return value


TRACE_CASES: list[tuple[str, str, Any, str | None]] = [
    # hedged perpetrator, at-least, a date-time, two measures, revised by a later figure
    (F12, "value", 12, None),
    (F12, "low", 12, None),
    (F12, "high", None, None),
    (F12, "unit", "people", None),
    (F12, "measures", ["m-first-report-killed", "m-market-killed"], None),
    (F12, "rank", "deprecated", None),
    (F12, "superseded_by", F14, None),
    (F12, "stance", "hedged", None),
    (F12, "perpetrator", ["russian-forces"], None),
    (F12, "perpetrator_claims", [("russian-forces", "hedged", "most likely", None)], None),
    (F12, "via", ["outlet-local", "aggregator-x"], None),
    (F12, "inherited", ["counts", "group", "incident", "period", "place", "report"], None),
    (F12, "as_of", "2018-06-07T21:30:00+03:00", None),
    (F12, "as_of_earliest", "2018-06-07", None),
    (F12, "as_of_latest", "2018-06-07", None),
    (F12, "as_of_sequence", None, None),
    (F12, "as_of_marker", None, None),
    (F12, "inferred", ["report", "via"], None),
    (F12, "inference_fields", ["article.publisher", "article.relays", "report", "report.date", "via"], None),
    # a range, a denied perpetrator, inferred as_of bounds
    (F2030, "value", None, None),
    (F2030, "low", 20, None),
    (F2030, "high", 30, None),
    (F2030, "qualifier", "between", None),
    (F2030, "unit", "people", None),
    (F2030, "measures", ["m-market-injured"], None),
    (F2030, "rank", "normal", None),
    (F2030, "superseded_by", None, None),
    (F2030, "stance", "denied", None),
    (F2030, "perpetrator", None, None),
    (F2030, "perpetrator_claims", [("russian-forces", "denied", None, "defence-ministry")], None),
    (F2030, "inherited", ["group", "incident", "period", "place", "report", "via"], None),
    (F2030, "as_of_earliest", "2018-06-07", None),
    (F2030, "as_of_latest", "2018-06-08", None),
    (F2030, "inferred", ["as_of", "report"], None),
    # a vague quantity: bounds by convention, unit from the quote's defaults, an interval as_of
    (FDOZ, "value", None, None),
    (FDOZ, "low", 24, None),
    (FDOZ, "high", 99, None),
    (FDOZ, "unit", "families", None),
    (FDOZ, "measures", [], None),
    (FDOZ, "stance", "hedged", None),
    (FDOZ, "perpetrator", ["government-forces", "russian-forces"], None),
    (FDOZ, "perpetrator_claims", [("russian-forces", "hedged", "believed to be", None)], None),
    (FDOZ, "inherited", ["place", "report", "unit", "via"], None),
    (FDOZ, "as_of_earliest", "2018-06-07", None),
    (FDOZ, "as_of_latest", "2018-06-08", None),
    (FDOZ, "as_of_sequence", None, None),
    # a date-time with sequence and marker; revises the first toll; perpetrator inferred
    (F14, "as_of", "2018-06-07T23:45:00+03:00", None),
    (F14, "as_of_earliest", "2018-06-07", None),
    (F14, "as_of_latest", "2018-06-07", None),
    (F14, "as_of_sequence", 2, None),
    (F14, "as_of_marker", "updated", None),
    (F14, "low", 14, None),
    (F14, "high", 14, None),
    (F14, "rank", "preferred", None),
    (F14, "revises", F12, None),
    (F14, "superseded_by", None, None),
    (F14, "stance", "asserted", None),
    (F14, "inferred", ["perpetrator", "report", "revises"], None),
    (F14, "inherited", ["counts", "place", "report", "stated_by", "via"], None),
    # a curator's vague qualifier and counted thing; defaults of its quote; denied perpetrator, inferred
    (FBLD, "low", 40, None),
    (FBLD, "high", 199, None),
    (FBLD, "unit", "buildings", None),
    (FBLD, "stance", "denied", None),
    (FBLD, "inherited", ["as_of", "place", "report", "target", "via", "weapon"], None),
    (FBLD, "inferred", ["perpetrator", "report"], None),
    # an earlier edition's figure: deprecated, superseded by the later edition's figure of the same measure
    ("ff-civilians-2100", "rank", "deprecated", None),
    ("ff-civilians-2100", "superseded_by", "ff-civilians-2987", None),
    ("ff-civilians-2100", "as_of", "2017-12-31", None),
    # opted out of the article's default perpetrator
    ("ff-civilians-2987", "perpetrator", None, None),
    ("ff-civilians-2987", "stance", None, None),
    ("ff-civilians-2987", "rank", "preferred", None),
    # an explicit rank (inferred)
    ("ff-killed-close-to-15", "rank", "deprecated", None),
    ("ff-killed-close-to-15", "superseded_by", None, None),
    ("ff-killed-close-to-15", "high", 15, None),
    ("ff-killed-close-to-15", "low", None, None),
    ("ff-killed-close-to-15", "inferred", ["rank", "report", "rounding_of"], None),
    ("ff-killed-close-to-15", "inherited", ["as_of", "counts", "measures", "perpetrator", "place", "report",
                                            "stated_by", "via"], None),
]


def _trace_param(figure: str, key: str, expected: Any, bug: str | None) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(figure, key, expected, id=f"{figure}.{key}", marks=marks)


@pytest.mark.parametrize(("figure", "key", "expected"), [_trace_param(*c) for c in TRACE_CASES])
def test_trace_carries_the_form(traced: dict[str, dict[str, Any]], figure: str, key: str, expected: Any) -> None:
    record = traced[figure]
    source = "inferences" if key == "inference_fields" else key
    assert source in record, f"kg trace has no key {source!r}"
    assert _project(key, record[source]) == expected



# --- forms the loader refuses or crashes on -------------------------------------------------------------------

def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FORMS, data)
    return data


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_annotated_denier_is_refused_at_its_line_or_kept(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data / "articles" / f"{MAIN}.yaml", "stance: denied, by: defence-ministry}",
          "stance: denied, by: {value: defence-ministry, quote: denial}}")
    try:
        cat = load_catalogue(data)
    except InputErrors as exc:
        assert all(e.location is not None and e.location.line for e in exc.errors)
        return
    [denied] = next(f for f in cat.articles[MAIN].figures if f.id == F2030).perpetrators
    assert denied.denied_by is not None and denied.denied_by.quote == "denial"


def test_the_documented_point_form_is_accepted(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data / "registry" / "places.yaml", 'point: "35.93, 36.63"', "point: [35.93, 36.63]")
    cat = load_catalogue(data)
    point = cat.places["tel-warda"].point
    assert point is not None and point.value == (Decimal("35.93"), Decimal("36.63"))
