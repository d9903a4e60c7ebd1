"""Which pages a site has, which pages an article reaches, the pages every site has (home, lists, search, the
stored queries), and the search entries of each page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.build.manifest import Manifest
from kg.model.resources import ONTOLOGY_DIR, QUERIES_DIR
from kg.model.terms import kind_of, local_id
from kg.site import records, subjects
from kg.site.article import article_page, figures_of
from kg.site.facts import KG, RDFS, SCHEMA, SEM, alt_names, label, page_path, prime_labels, ref
from kg.site.figure import article_of, current_of, figure_view, reading, selection
from kg.site.render import cite_sentence, figure_page, page
from kg.site.resources import XSD, Lazy, Lit, Resources, iri, iris, text
from kg.site.search import Entry
from kg.site.turtle import resource_turtle

PROV_ENTITY = "http://www.w3.org/ns/prov#entity"
XSD_STRING = XSD + "string"

#: page kinds, the class of their records, and the list page's title
KINDS = {
    "figure": (KG + "Figure", "Figures"),
    "article": (KG + "SourceArticle", "Articles"),
    "measure": (KG + "Measure", "Measures"),
    "incident": (KG + "Incident", "Incidents"),
    "campaign": (KG + "Campaign", "Campaigns"),
    "actor": (None, "Organisations and people"),
    "place": (KG + "Place", "Places"),
    "report": (KG + "Report", "Reports"),
}
PAGE_FOLDERS = tuple(KINDS)
LIST_PAGE = 500  # entries per list page
RDFS_SUBCLASS = URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf")


def every_subject(r: Resources) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kind, (cls, _) in KINDS.items():
        if cls is not None:
            out[kind] = [s for s in r.instances(cls) if kind_of(s) == kind]
    out["actor"] = sorted(set(r.referrers("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", KG + "Actor"))
                          | {s for cls in _actor_classes() for s in r.instances(cls) if kind_of(s) == "actor"})
    return out


@cache
def _actor_classes(r: Resources | None = None) -> list[str]:
    """kg:Actor and its subclasses, transitively, from the ontology (kg/ontology/kg.ttl)."""
    g = Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")
    found = {KG + "Actor", KG + "Curator"}
    grew = True
    while grew:
        grew = False
        for sub, sup in g.subject_objects(RDFS_SUBCLASS):
            if str(sup) in found and str(sub) not in found:
                found.add(str(sub))
                grew = True
    return sorted(found)


def render_page(r: Resources, subject: str) -> tuple[str, str] | None:
    kind = kind_of(subject)
    if kind == "figure":
        view = figure_view(r, subject)
        html = figure_page(view, cite_sentence(view))
    elif kind == "article":
        html = article_page(r, subject)
    elif kind == "measure":
        html = subjects.measure_page(r, subject)
    elif kind == "incident":
        html = subjects.incident_page(r, subject)
    elif kind == "actor":
        html = records.actor_page(r, subject)
    elif kind == "place":
        html = records.place_page(r, subject)
    elif kind == "report":
        html = records.report_page(r, subject)
    elif kind == "campaign":
        html = records.campaign_page(r, subject)
    else:
        return None
    return html, resource_turtle(r, subject)


# --------------------------------------------------------------------------
# What an article reaches


def touched(r: Resources, article: str) -> list[str]:
    """The records whose pages show something of ``article``: it, its figures, and what they name."""
    out = {article}
    for predicate in (KG + "relays", SCHEMA + "publisher", KG + "creditedSource", KG + "mirrorOf",
                      SCHEMA + "translationOfWork"):
        out.update(iris(r.props(article), predicate))
    for predicate in (KG + "mirrorOf", SCHEMA + "translationOfWork"):  # the texts that copy it list it
        out.update(r.referrers(predicate, article))
    for figure in figures_of(r, article):
        out.add(figure)
        props = r.props(figure)
        for predicate in (KG + "measure", KG + "incident", KG + "area", KG + "statedBy", KG + "origin",
                          KG + "perpetrator", KG + "reportedIn", KG + "subsetOf", KG + "roundingOf", KG + "revises"):
            out.update(iris(props, predicate))
    for place in [p for p in out if kind_of(p) == "place"]:
        out.update(records.ancestors(r, place))
    for incident in [i for i in out if kind_of(i) == "incident"]:
        out.update(iris(r.props(incident), SEM + "hasPlace"))
    return sorted(s for s in out if page_path(s))


def readings_digest(r: Resources, article: str) -> str:
    """What other pages show of an article's figures (their readings: number, words, source, day, status,
    the article's headline; their claims and estimates), as a digest: when it is unchanged by an edit, the
    pages that list these figures need not be written again."""
    rows = []
    for figure in figures_of(r, article):
        x = reading(r, figure)
        props = r.props(figure)
        rows.append((x, sorted(o.value for o in props.get(KG + "claimKey", []) if not isinstance(o, str)),
                     sorted(iris(props, KG + "measure")), sorted(iris(props, KG + "incident")),
                     current_of(r, figure), iris(props, KG + "rank")))
    return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()


def claim_keys(r: Resources, article: str) -> list[str]:
    """The claims (kg:claimKey) its figures make."""
    return sorted({o.value for f in figures_of(r, article) for o in r.props(f).get(KG + "claimKey", [])
                   if not isinstance(o, str)})


def claimants(r: Resources, keys: set[str]) -> set[str]:
    """Every figure making one of these claims."""
    out: set[str] = set()
    for key in keys:
        out.update(r.referrers(KG + "claimKey", Lit(key, XSD_STRING)))
    return out


def partners(r: Resources, affected: set[str]) -> set[str]:
    """Add the figures that round or are part of an affected figure (their pages name it)."""
    out = set(affected)
    for subject in affected:
        if kind_of(subject) == "figure":
            out.update(r.referrers(KG + "subsetOf", subject))
            out.update(r.referrers(KG + "roundingOf", subject))
    return {s for s in out if page_path(s)}


def widen(r: Resources, affected: set[str]) -> set[str]:
    """Add the pages that list the affected records: every figure of an affected measure or incident, the
    figures sharing a claim with an affected figure, and the places above an affected incident's place."""
    out = set(affected)
    for subject in affected:
        kind = kind_of(subject)
        if kind in ("measure", "incident"):
            out.update(r.referrers(KG + kind, subject))
        elif kind == "figure":
            for key in r.props(subject).get(KG + "claimKey", []):
                out.update(r.referrers(KG + "claimKey", key))
            out.update(r.referrers(KG + "subsetOf", subject))
            out.update(r.referrers(KG + "roundingOf", subject))
        elif kind == "place":
            out.update(records.ancestors(r, subject))
    for incident in [s for s in out if kind_of(s) == "incident"]:
        for place in iris(r.props(incident), SEM + "hasPlace"):
            out.add(place)
            out.update(records.ancestors(r, place))
    return {s for s in out if page_path(s)}


def current_figures(r: Resources) -> set[str]:
    """Every figure that is a current reading of some estimate (its status on every page that lists it)."""
    if isinstance(r, Lazy):
        return {q.object.value for q in r.store.quads_for_pattern(None, ox.NamedNode(PROV_ENTITY), None)
                if isinstance(q.object, ox.NamedNode)}
    return {f for node in r.instances(KG + "CurrentReading") for f in iris(r.props(node), PROV_ENTITY)}


def listing(r: Resources, figures: set[str]) -> set[str]:
    """The pages that show these figures with their status: their articles, sources, places, reports,
    measures and incidents, and every figure of those measures and incidents (whose pages list them)."""
    out: set[str] = set()
    for figure in figures:
        props = r.props(figure)
        out.add(figure)
        out.update(a for a in [article_of(r, figure)] if a)
        for predicate in (KG + "statedBy", KG + "origin", KG + "area", KG + "reportedIn"):
            out.update(iris(props, predicate))
        for kind in ("measure", "incident"):
            for subject in iris(props, KG + kind):
                out.add(subject)
                out.update(r.referrers(KG + kind, subject))
    return {s for s in out if page_path(s)}


# --------------------------------------------------------------------------
# Home, lists, search, stored queries


def common_pages(r: Resources, manifest: Manifest, every: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """Home, the lists of each kind, search, the draft page and the stored queries' pages."""
    counts = {}
    prime_labels(r, (s for kind, subjects in every.items() if kind != "figure" for s in subjects))
    for kind, (_, title) in KINDS.items():
        if kind == "figure":  # no list: figures are reached from their articles, measures, incidents, search
            counts[kind] = (title, len(every[kind]))
            continue
        items = sorted(((label(r, s), s) for s in every[kind]), key=lambda x: (x[0].casefold(), x[1]))
        counts[kind] = (title, len(items))
        chunks = [items[i:i + LIST_PAGE] for i in range(0, len(items), LIST_PAGE)] or [[]]
        for n, chunk in enumerate(chunks, 1):
            name = "index.html" if n == 1 else f"index-{n}.html"
            yield f"{kind}/{name}", page("list.html", root="../", title=title, kind=kind,
                                         items=[ref(r, s) for _, s in chunk], n=n, pages=len(chunks),
                                         total=len(items))
    stored = sorted(QUERIES_DIR.glob("*.rq"))
    yield "index.html", page("home.html", root="", title="Home", counts=counts, triples=manifest.triples,
                             queries=[q.stem for q in stored])
    yield "search.html", page("search.html", root="", title="Search")
    yield "draft.html", page("draft.html", root="", title="Draft a record")
    for path in stored:
        body = path.read_text(encoding="utf-8")
        header = [line[3:] for line in body.splitlines() if line.startswith("#+ ")]
        yield f"query/{path.stem}.html", page("query.html", root="../", title=f"Stored query {path.stem}",
                                              name=path.stem, header=header, body=body)
        yield f"query/{path.stem}.rq", body


# --------------------------------------------------------------------------
# Search entries


def search_entries(r: Resources, every: dict[str, list[str]]) -> Iterator[tuple[str, list[Entry]]]:
    for article in every["article"]:
        yield "article:" + local_id(article), article_entries(r, article)
    for kind in ("measure", "incident", "campaign", "actor", "place", "report"):
        yield "registry:" + kind, [registry_entry(r, s) for s in every[kind]]


def registry_entry(r: Resources, subject: str) -> Entry:
    props = r.props(subject)
    names = [label(r, subject), *(n.value for n in alt_names(props)),
             *(t.value for t in props.get(RDFS + "label", []) if not isinstance(t, str))]
    kind = kind_of(subject) or ""
    kind = "incident" if kind == "campaign" else kind  # a campaign is found among incidents
    place = iri(props, SEM + "hasPlace")
    if place:
        names += [label(r, place), *(n.value for n in alt_names(r.props(place)))]
    description = (text(props, "http://www.w3.org/2004/02/skos/core#definition", "en")
                   or text(props, SCHEMA + "description") or ", ".join(n.value for n in alt_names(props)))
    return Entry(page_path(subject) or "", kind, label(r, subject), description or kind,
                 tuple(dict.fromkeys(n for n in names if n)))


def article_entries(r: Resources, article: str) -> list[Entry]:
    props = r.props(article)
    headline = label(r, article)
    out = [Entry(page_path(article) or "", "article", headline,
                 text(props, SCHEMA + "alternativeHeadline") or headline,
                 (headline, text(props, SCHEMA + "alternativeHeadline") or ""))]
    for figure in figures_of(r, article):
        fprops = r.props(figure)
        words = text(fprops, RDFS + "label") or ""
        quote = iri(fprops, KG + "quote")
        sel = selection(r, quote) if quote else None
        value = text(fprops, KG + "value") or ""
        names = [label(r, x) for p in (KG + "statedBy", KG + "area", KG + "incident", KG + "measure")
                 for x in iris(fprops, p)]
        out.append(Entry(page_path(figure) or "", "figure", f"“{words}”",
                         (sel.exact if sel else words) + f" — {headline}",
                         tuple(x for x in (words, value, sel.exact if sel else "", *names) if x)))
    return out
