"""An article's page: its whole archived text with every quote highlighted and every figure's words marked,
each mark a link to the figure; its metadata, what it relays, and its figures."""

from __future__ import annotations

from markupsafe import Markup

from kg.model.terms import kind_of, local_id
from kg.site.facts import DCT, KG, RDFS, SCHEMA, inferences, ref, refs
from kg.site.figure import article_facts, readings, selection
from kg.site.marks import Span, render
from kg.site.render import QUOTE_CLOSE, QUOTE_OPEN, figure_link, language, page
from kg.site.resources import Resources, iri, iris, text


def figures_of(r: Resources, article: str) -> list[str]:
    """Every figure quoted from ``article``, sorted."""
    out: set[str] = set()
    for quote in r.referrers(DCT + "isPartOf", article):
        out.update(f for f in r.referrers(KG + "quote", quote) if kind_of(f) == "figure")  # not attributions
    return sorted(out)


def article_page(r: Resources, article: str) -> str:
    props = r.props(article)
    a = article_facts(r, article)
    figures = figures_of(r, article)
    spans: list[Span] = []
    quotes = sorted({q for f in figures for q in iris(r.props(f), KG + "quote")})
    for quote in quotes:
        sel = selection(r, quote)
        if sel is not None:
            spans.append(Span(sel.start, sel.end, 0, QUOTE_OPEN, QUOTE_CLOSE))
    for f in figures:
        phrase = iri(r.props(f), KG + "phrase")
        sel = selection(r, phrase) if phrase else None
        if sel is not None:
            words = text(r.props(f), RDFS + "label") or ""
            opening, closing = figure_link(local_id(f), f"figure {local_id(f)}: “{words}”", "../")
            spans.append(Span(sel.start, sel.end, 1, opening, closing))
    lang, rtl = language(str(a["language"]) if a["language"] else None)
    related = [(kind, ref(r, o)) for kind, predicate in (("translation of", SCHEMA + "translationOfWork"),
                                                        ("mirror of", KG + "mirrorOf"))
               for o in iris(props, predicate)]
    related += [(kind, ref(r, s)) for kind, predicate in (("translated as", SCHEMA + "translationOfWork"),
                                                         ("mirrored by", KG + "mirrorOf"))
                for s in r.referrers(predicate, article)]
    found = inferences(r, [article], "article.")
    return page("article.html", root="../", title=str(a["headline"] or local_id(article)), id=local_id(article),
                label=local_id(article), a=a, lang=lang, rtl=rtl, marked=Markup(render(str(a["content"]), spans)),
                relays=refs(r, props, KG + "relays"), credited=refs(r, props, KG + "creditedSource"),
                related=related, figures=readings(r, figures), inferences=found,
                inferred_fields={i.field for i in found}, ttl=f"{local_id(article)}.ttl",
                query={"name": "figures-by-article", "params": [("article", local_id(article))]})
