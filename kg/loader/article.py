"""One source document: its archived text, quotes, figures and attributions.

Quotes are anchored here: offsets, prefix and suffix are computed from the
archived text, whose SHA-256 must match the record, so a re-imported or edited
text can never silently detach a quote from its words.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kg.loader import fields as f
from kg.loader.registry import record_id
from kg.loader.yamlio import Mapping, read_yaml
from kg.model.anchor import Anchor, AnchorError, anchor
from kg.model.errors import InputError, Location
from kg.model.numbers import states_number
from kg.model.records import Article, Attribution, Figure, Quote, Unknown, Val

ARTICLE_KEYS = {
    "id", "curator", "text", "sha256", "archived_as", "language", "headline", "alternative_headline",
    "published", "publisher", "url", "relays", "credited_source", "quotes", "figures", "attributions",
}
FIGURE_KEYS = {
    "id", "quote", "words", "occurrence", "value", "low", "high", "qualifier", "counts", "group", "target",
    "weapon", "perpetrator", "period", "area", "as_of", "subset_of", "rounding_of", "incident", "measure",
    "stated_by", "report",
}


def load_article(path: Path, data_dir: Path) -> Article:
    m = Mapping.root(read_yaml(path), path, "article")
    m.check_keys(ARTICLE_KEYS)
    ctx = f.Context(curator=m.req_str("curator"))
    doc_id = record_id(m)
    if doc_id != path.stem:
        raise m.error(f"article: id '{doc_id}' must match the file name '{path.stem}'", "id")
    text_file = m.req_str("text")
    text = _archived_text(m, data_dir / text_file)
    quotes = tuple(_quote(q, text, ctx) for q in m.items("quotes", "quote"))
    _unique([(q.id, q.loc) for q in quotes], "quote")
    ctx.quote_texts = {q.id: q.text for q in quotes}
    by_id = {q.id: q for q in quotes}
    figures = tuple(_figure(fm, text, by_id, ctx) for fm in m.items("figures", "figure"))
    attributions = tuple(_attribution(a, ctx) for a in m.items("attributions", "attribution"))
    published = f.value(m, "published", f.day, ctx, required=True, allow_unknown=True)
    publisher = f.value(m, "publisher", f.text, ctx, required=True, allow_unknown=True)
    assert published is not None and publisher is not None
    alternative = f.value(m, "alternative_headline", f.text, ctx)
    assert not isinstance(alternative, Unknown)
    return Article(
        id=doc_id,
        curator=ctx.curator,
        text=text,
        text_file=text_file,
        sha256=m.req_str("sha256"),
        archived_as=m.opt_str("archived_as"),
        headline=f.value(m, "headline", f.text, ctx, allow_unknown=True),
        alternative_headline=alternative,
        published=published,
        language=m.req_str("language"),
        publisher=publisher,
        url=f.value(m, "url", f.text, ctx, allow_unknown=True),
        relays=f.values(m, "relays", f.text, ctx),
        credited_source=f.known(m, "credited_source", f.text, ctx),
        quotes=quotes,
        figures=figures,
        attributions=attributions,
        loc=m.loc(),
    )


def _archived_text(m: Mapping, path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise m.error(f"article: cannot read archived text {path}: {exc.strerror}", "text") from None
    digest = hashlib.sha256(data).hexdigest()
    expected = m.req_str("sha256").lower()
    if digest != expected:
        raise m.error(
            f"article: archived text {path.name} has SHA-256 {digest}, the record says {expected}; "
            "the text changed since it was curated: re-check every quote before updating the digest",
            "sha256",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise m.error(f"article: archived text {path.name} is not UTF-8 ({exc.reason})", "text") from None


def _quote(m: Mapping, text: str, ctx: f.Context) -> Quote:
    m.check_keys({"id", "text", "occurrence", "spoken_by"})
    exact = m.req_str("text")
    try:
        found = anchor(text, exact, _occurrence(m))
    except AnchorError as exc:
        raise m.error(f"quote '{m.data.get('id')}' {exc}", "text") from None
    return Quote(record_id(m), exact, found, f.known(m, "spoken_by", f.text, ctx), m.loc())


def _occurrence(m: Mapping) -> int | None:
    if not m.has("occurrence"):
        return None
    raw = m.raw("occurrence")
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise m.error(f"{m.what}: 'occurrence' must be a whole number from 1", "occurrence")
    return raw


def _figure(m: Mapping, text: str, quotes: dict[str, Quote], ctx: f.Context) -> Figure:
    m.check_keys(FIGURE_KEYS)
    fid = record_id(m)
    quote = f.known(m, "quote", f.text, ctx, required=True)
    assert quote is not None
    if quote.value not in quotes:
        known = ", ".join(quotes)
        raise InputError(f"figure '{fid}': unknown quote '{quote.value}' (quotes of this article: {known})", quote.loc)
    words = m.req_str("words")
    phrase = _phrase(m, text, quotes[quote.value], words)
    value = f.known(m, "value", f.number, ctx)
    low = f.known(m, "low", f.number, ctx)
    high = f.known(m, "high", f.number, ctx)
    for bound in (value, low, high):
        if bound is not None and bound.value < 0:
            raise InputError(f"figure '{fid}': a count cannot be negative ({bound.value})", bound.loc)
    if low is not None and high is not None and low.value > high.value:
        raise InputError(f"figure '{fid}': low {low.value} is greater than high {high.value}", low.loc)
    if value is not None and value.inference is None and not states_number(words, value.value):
        raise InputError(f"figure '{fid}': its words {words!r} do not state the value {value.value}", value.loc)
    stated_by = f.known(m, "stated_by", f.text, ctx, required=True)
    qualifier = f.known(m, "qualifier", f.text, ctx, required=True)
    counts = f.known(m, "counts", f.text, ctx, required=True)
    assert stated_by is not None and qualifier is not None and counts is not None
    return Figure(
        id=fid,
        quote=quote,
        words=words,
        phrase=phrase,
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        counts=counts,
        group=f.known(m, "group", f.text, ctx),
        target=f.known(m, "target", f.text, ctx),
        weapon=f.known(m, "weapon", f.text, ctx),
        perpetrators=f.values(m, "perpetrator", f.text, ctx),
        period=f.known(m, "period", f.period, ctx),
        area=f.known(m, "area", f.text, ctx),
        as_of=f.known(m, "as_of", f.day, ctx),
        subset_of=f.known(m, "subset_of", f.text, ctx),
        rounding_of=f.known(m, "rounding_of", f.text, ctx),
        incident=f.known(m, "incident", f.text, ctx),
        measure=f.known(m, "measure", f.text, ctx),
        stated_by=stated_by,
        report=f.known(m, "report", f.text, ctx),
        loc=m.loc(),
    )


def _phrase(m: Mapping, text: str, quote: Quote, words: str) -> Anchor:
    """Anchor the figure's own words inside its quote, then in the whole text."""
    try:
        local = anchor(quote.text, words, _occurrence(m))
    except AnchorError as exc:
        raise m.error(f"figure '{m.data.get('id')}': words {words!r} {exc} of quote '{quote.id}'".replace(
            "archived text", "text"), "words") from None
    start = quote.anchor.start + local.start
    end = start + len(words)
    return Anchor(start, end, words, text[max(0, start - 32) : start], text[end : end + 32])


def _attribution(m: Mapping, ctx: f.Context) -> Attribution:
    m.check_keys({"id", "incident", "perpetrator", "according_to", "quote"})
    keys = ("incident", "perpetrator", "according_to", "quote")
    incident, perpetrator, according_to, quote = (f.known(m, k, f.text, ctx, required=True) for k in keys)
    assert incident and perpetrator and according_to and quote
    return Attribution(record_id(m), incident, perpetrator, according_to, quote, m.loc())


def _unique(items: list[tuple[str, Location]], what: str) -> None:
    seen: dict[str, Location] = {}
    for rid, loc in items:
        if rid in seen:
            raise InputError(f"duplicate {what} id '{rid}' (first at {seen[rid]})", loc)
        seen[rid] = loc


def first_val(v: Val[str] | Unknown | None) -> str | None:
    return v.value if isinstance(v, Val) else None
