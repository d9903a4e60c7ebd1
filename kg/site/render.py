"""Pages as HTML: the templates (``kg/site/templates``, Jinja2 with autoescaping) filled from the views.

Every page is at ``<kind>/<id>.html`` (one folder below the root) or at the root; links are relative, so the
site works from ``file://`` and from any static host. Nothing here reads the store: the views did.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kg.model.scripts import ARABIC_RUN
from kg.show.draw import provenance_svg
from kg.site.facts import Ref, When, number_text
from kg.site.marks import Span, render

TEMPLATES = Path(__file__).with_name("templates")
RTL = ("ar", "fa", "he", "ur", "ps", "ku")


def bidi(text: str) -> Markup:
    """``text``, escaped, with every run of Arabic marked as Arabic read right to left (WCAG 3.1.2)."""
    escaped = str(Markup.escape(text))
    return Markup(ARABIC_RUN.sub(lambda m: f'<span lang="ar" dir="rtl">{m.group(0)}</span>', escaped))


def _finalize(value: object) -> object:
    """Every text a template prints goes through :func:`bidi` (URLs and markup built by kg excepted)."""
    if type(value) is not str or value.isascii() or value.startswith(("http://", "https://")):
        return value  # most of what a page prints: no need to look for Arabic
    return bidi(value) if ARABIC_RUN.search(value) else value


def link(r: Ref, root: str) -> Markup:
    """A record's name, a link to its page when it has one."""
    name = _finalize(r.label)
    if r.path:
        return Markup('<a href="{}{}">{}</a>').format(root, r.path, name)
    return Markup.escape(name)


def links(rs: list[Ref], root: str, empty: str = "—") -> Markup:
    return Markup(", ").join(link(r, root) for r in rs) if rs else Markup.escape(empty)


def date(w: When | None) -> Markup:
    """A date in a ``<time>`` with its precision (day, month, year, time) or as a range of days."""
    if w is None:
        return Markup("—")
    if w.precision == "range":
        return Markup('between <time datetime="{0}">{0}</time> and <time datetime="{1}">{1}</time> '
                      '<span class="precision">(range)</span>').format(w.earliest, w.latest)
    return Markup('<time datetime="{}">{}</time> <span class="precision">({})</span>').format(
        w.value, w.shown, w.precision)


INFERRED = Markup(' <span class="badge inferred" title="Not stated by the text: a curator\'s inference, with the '
                  'reason below">curator inference</span>')


def inferred(flag: object) -> Markup:
    return INFERRED if flag else Markup("")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False,
                             keep_trailing_newline=True, finalize=_finalize)
    env.globals["number"] = lambda n: number_text(Decimal(n)) if n is not None else ""
    env.globals.update(link=link, links=links, date=date, inferred=inferred)
    return env


def page(template: str, **context: Any) -> str:
    """A page: ``root`` is the way back to the site root (``"../"`` or ``""``)."""
    context.setdefault("ttl", None)
    context.setdefault("query", None)
    return environment().get_template(template).render(**context)


def language(tag: str | None) -> tuple[str | None, bool]:
    """The page language attribute of a text and whether it reads right to left."""
    if not tag:
        return None, False
    return tag, tag.split("-", 1)[0].lower() in RTL


def figure_mark(figure_id: str) -> tuple[str, str]:
    """The tags around a figure's own words."""
    return f'<mark data-figure="{Markup.escape(figure_id)}">', "</mark>"


def figure_link(figure_id: str, title: str, root: str) -> tuple[str, str]:
    """The tags around a figure's words in an article: its mark, in a link to its page (its value on hover)."""
    opening, closing = figure_mark(figure_id)
    return (f'<a class="fig" href="{root}figure/{Markup.escape(figure_id)}.html" title="{Markup.escape(title)}">'
            f"{opening}", f"{closing}</a>")


QUOTE_OPEN = '<span class="quote">'
QUOTE_CLOSE = "</span>"


def figure_page(f: dict[str, Any], cite: str) -> str:
    a = f["article_props"]
    content = str(a["content"])
    spans: list[Span] = []
    if f["quote"] is not None:
        spans.append(Span(f["quote"].start, f["quote"].end, 0, '<span class="quote" id="quote">', QUOTE_CLOSE))
    if f["phrase"] is not None:
        spans.append(Span(f["phrase"].start, f["phrase"].end, 1, *figure_mark(f["id"])))
    lang, rtl = language(f["quote_language"] or a["language"])
    svg = _inline_svg(provenance_svg(f["graph"], f["iri"]))
    inferred_all = {i.field for i in f["inferences"]}
    return page("figure.html", root="../", title=f"“{f['words']}”", f=f, a=a, lang=lang, rtl=rtl,
                marked=Markup(render(content, spans)), svg=Markup(svg), cite=cite, inferred_all=inferred_all,
                ttl=f"{f['id']}.ttl", query={"name": "trace-figure", "params": [("figure", f["id"])]})


_XML_DECL = re.compile(r"^<\?xml[^>]*\?>\s*")


def _inline_svg(svg: str) -> str:
    """kg's stand-alone SVG, inlined: no XML declaration, scaled to the page, named for assistive technology."""
    svg = _XML_DECL.sub("", svg)
    return svg.replace("<svg ", '<svg role="img" aria-label="Provenance drawing" class="provenance" ', 1)


def cite_sentence(f: dict[str, Any]) -> str:
    """A sentence a journalist can paste: who said it, in which report, as quoted where, when, in which words.

    Only what the graph states: a part the graph lacks is left out, and a curator's inference says so.
    """
    a = f["article_props"]
    inferred = {i.field for i in f["inferences"]}
    who = _names(f["issuer"] or f["stated_by"]) or "An unnamed source"
    parts = [f"{who} gave the figure “{f['words']}” ({f['shown']}"]
    if f["counts"]:
        parts[-1] += f", {f['counts']}"
    if f["period"]:
        parts[-1] += f", period {f['period']}"
    parts[-1] += ")"
    if f["report"] is not None:
        day = f["report_date"].shown if f["report_date"] else None
        parts.append(f"in {f['report'].label.rstrip('.')}" + (f" ({day}" + (
            ", date inferred by a curator" if "report.date" in inferred else "") + ")" if day else ""))
    if f["as_of"] is not None:
        parts.append(f"as of {f['as_of'].shown}")
    where = f"as quoted in “{a['headline']}”" if a["headline"] else "as quoted in an archived article"
    publisher = _names(a["publisher"])
    if publisher:
        where += f", published by {publisher}" + (" (publisher inferred by a curator)"
                                                    if "article.publisher" in inferred else "")
    published = a["published"] or a["published_bounds"]
    if published is not None:
        where += f" on {published.shown}"
    parts.append(where)
    quote = f["quote"].exact if f["quote"] is not None else ""
    sentence = ", ".join(parts) + (f": “{quote}”" if quote else "") + "."
    return sentence + f" Traced by kg as figure {f['id']} <{f['iri']}>."


def _names(refs: list[Ref]) -> str:
    return " and ".join(r.label for r in refs)
