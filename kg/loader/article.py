"""One source document: its archived text, quotes, figures and attributions.

Quotes are anchored here: offsets, prefix and suffix are computed from the
archived text, whose SHA-256 must match the record, so a re-imported or edited
text can never silently detach a quote from its words.
"""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path

from kg.loader import fields as f
from kg.loader.files import decode, inside, read_bytes
from kg.loader.registry import record_id
from kg.loader.yamlio import Mapping, Problems, YMap, YSeq, read_yaml
from kg.model.anchor import Anchor, AnchorError, anchor
from kg.model.errors import InputError, InputErrors, Location
from kg.model.numbers import states_number
from kg.model.records import Article, Attribution, Figure, Perpetrator, Quote, Unknown, Val

ARTICLE_KEYS = {
    "id", "curator", "text", "sha256", "archived_as", "language", "headline", "alternative_headline",
    "published", "publisher", "url", "relays", "credited_source", "quotes", "figures", "attributions",
    "mirror_of", "translation_of", "translated_by", "defaults",
}
QUOTE_KEYS = {"id", "text", "occurrence", "spoken_by", "language", "translation", "translation_of", "defaults"}
# Fields a figure may inherit from its quote's or its article's `defaults`.
DEFAULT_KEYS = {
    "stated_by", "report", "perpetrator", "period", "area", "via", "as_of", "incident", "measure", "counts",
    "group", "target", "weapon", "unit",
}
FIGURE_KEYS = {
    "id", "quote", "words", "occurrence", "value", "low", "high", "qualifier", "counts", "group", "target",
    "weapon", "perpetrator", "period", "area", "as_of", "subset_of", "rounding_of", "incident", "measure",
    "stated_by", "report", "unit", "via", "revises", "qualifier_covers", "rank",
}
# The marker `kg draft` puts on every record it proposes; a curator confirms by deleting it (kg.draft.record).
DRAFT_KEY = "draft"
PERPETRATOR_KEYS = {"stance", "hedge", "by"}
STANCES = ("asserted", "hedged", "denied")
# Links that are a curator's reading unless the text states them (then `quote:` names where).
READINGS = ("subset_of", "rounding_of", "qualifier_covers", "rank", "revises")


def load_article(path: Path, data_dir: Path) -> Article:
    """Read one article record and anchor its quotes; every error of the file is reported at once.

    Each part that can be checked on its own is (the header's fields, each quote, each figure, each
    attribution); only what depends on a part in error is left unchecked (the quotes of an unreadable
    text, the figures of a quote not found).
    """
    m = Mapping.root(read_yaml(path), path, "article")
    p = Problems()
    p.run(lambda: _confirmed(m, f"article '{m.raw('id')}'"))
    p.run(lambda: m.check_keys(ARTICLE_KEYS))
    ctx = f.Context(curator=p.run(lambda: m.req_str("curator")) or "", has_quotes=True)
    doc_id = p.run(lambda: _named_as_file(m, record_id(m), path))
    text_file = p.run(lambda: m.req_str("text"))
    text = p.run(lambda: _archived_text(m, data_dir, text_file)) if text_file is not None else None
    language = p.run(lambda: _tag(m, "language", m.req_str("language"))) or "en"
    defaults = p.run(lambda: _defaults(m)) or YMap()
    quotes: list[Quote] = []
    quote_defaults: dict[str, YMap] = {}
    failed: set[str] = set()  # quotes in error: what refers to them is not checked
    body = text or ""
    with p.catch():
        for qm in m.items("quotes", "quote"):
            found = p.run(partial(_quote, qm, body, ctx, language)) if text is not None else None
            if found is None:
                failed.add(str(qm.raw("id")))
                continue
            quotes.append(found)
            quote_defaults[found.id] = p.run(partial(_defaults, qm)) or YMap()
    p.run(lambda: _unique([(q.id, q.loc) for q in quotes], "quote"))
    ctx.quote_texts = {q.id: q.text for q in quotes}
    ctx.failed_quotes = failed
    by_id = {q.id: q for q in quotes}
    figures: list[Figure] = []
    with p.catch():
        for fm in m.items("figures", "figure"):
            if text is not None and str(fm.raw("quote")) not in failed:
                figures.append(p.run(partial(_figure, fm, body, by_id, ctx, defaults, quote_defaults)))
    attributions: list[Attribution] = []
    with p.catch():
        for am in m.items("attributions", "attribution"):
            attributions.append(p.run(partial(_attribution, am, ctx, by_id)))
    missing = Unknown("in error", m.loc(), ctx.curator)  # a required field in error, in the partial article
    article = Article(
        id=doc_id or path.stem,
        curator=ctx.curator,
        text=body,
        text_file=text_file or "",
        sha256=p.run(lambda: m.req_str("sha256")) or "",
        archived_as=p.run(lambda: m.opt_str("archived_as")),
        headline=p.run(lambda: f.value(m, "headline", f.text, ctx, allow_unknown=True)),
        alternative_headline=p.run(lambda: f.known(m, "alternative_headline", f.text, ctx)),
        published=p.run(lambda: f.value(m, "published", f.day, ctx, required=True, allow_unknown=True)) or missing,
        language=language,
        publisher=p.run(lambda: f.value(m, "publisher", f.text, ctx, required=True, allow_unknown=True)) or missing,
        url=p.run(lambda: f.value(m, "url", f.url, ctx, allow_unknown=True)),
        relays=p.run(lambda: f.values(m, "relays", f.text, ctx)) or (),
        credited_source=p.run(lambda: f.known(m, "credited_source", f.text, ctx)),
        quotes=tuple(quotes),
        figures=tuple(x for x in figures if x is not None),
        attributions=tuple(x for x in attributions if x is not None),
        loc=m.loc(),
        mirror_of=p.run(lambda: f.known(m, "mirror_of", f.text, ctx)),
        translation_of=p.run(lambda: f.known(m, "translation_of", f.text, ctx)),
        translated_by=p.run(lambda: f.known(m, "translated_by", f.text, ctx)),
    )
    if p.errors:
        raise ArticleErrors(p.errors, article if doc_id is not None else None)
    return article


def _confirmed(m: Mapping, what: str) -> None:
    """A record that still carries ``kg draft``'s marker is refused: what it proposes is not yet a curator's."""
    if DRAFT_KEY not in m.data:
        return
    error_at = m.loc(DRAFT_KEY)
    marker = m.data.pop(DRAFT_KEY)  # reported here, not again as an unknown field
    reasons = [f"{k}: {v}" for k, v in marker.items()] if isinstance(marker, dict) else [str(marker)]
    shown = "; ".join(reasons[:2]) + (f"; and {len(reasons) - 2} more" if len(reasons) > 2 else "")
    raise InputError(f"{what} is an unconfirmed draft ({shown}); confirm it by deleting its '{DRAFT_KEY}:' "
                     f"marker or with kg draft --accept ID FILE", error_at)


class ArticleErrors(InputErrors):
    """The errors of an article record, with what of it could be read (``article``: its parts in error left
    out), so that the references of the rest are still checked in the same run."""

    def __init__(self, errors: list[InputError], article: Article | None) -> None:
        super().__init__(errors)
        self.article = article


def _named_as_file(m: Mapping, doc_id: str, path: Path) -> str:
    if doc_id != path.stem:
        raise m.error(f"article: id '{doc_id}' must match the file name '{path.stem}'", "id")
    return doc_id


def _tag(m: Mapping, key: str, tag: str) -> str:
    """The language tag ``tag`` written at ``key``: a valid BCP 47 tag."""
    try:
        return f.language(tag)
    except ValueError as exc:
        raise m.error(f"{m.what}: field '{key}' {exc}", key) from None


def _defaults(m: Mapping) -> YMap:
    """The ``defaults`` of an article or quote: raw values (with their lines) that figures inherit."""
    if not m.has("defaults"):
        return YMap()
    raw = m.raw("defaults")
    if not isinstance(raw, YMap):
        raise m.error(f"{m.what}: 'defaults' must be a mapping of figure fields", "defaults")
    unknown = set(raw) - DEFAULT_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise InputError(f"{m.what}: 'defaults' cannot hold '{key}' (figures inherit only: "
                         f"{', '.join(sorted(DEFAULT_KEYS))})", Location(m.path, raw.lines[key]))
    return raw


def _inherit(m: Mapping, *layers: YMap) -> tuple[Mapping, tuple[str, ...]]:
    """The figure with every field it does not set taken from the nearest defaults (quote, then article)."""
    merged = YMap(m.data)
    merged.lines = dict(m.data.lines)
    inherited: list[str] = []
    for layer in layers:
        for key in sorted(layer):
            if key not in merged:
                merged[key] = layer[key]
                merged.lines[key] = layer.lines[key]
                inherited.append(key)
    # `key: ~` on a figure opts out of a default: the figure has no such value (a sentence that names no
    # perpetrator must not inherit the article's)
    for key in [k for k, v in merged.items() if v is None and k in DEFAULT_KEYS]:
        del merged[key]
    return Mapping(merged, m.path, m.loc().line or 0, m.what), tuple(sorted(inherited))


def _archived_text(m: Mapping, data_dir: Path, text_file: str) -> str:
    """The archived text named by ``text:``: a file inside ``data_dir`` whose SHA-256 is the record's."""
    try:
        path = inside(data_dir, text_file)
    except ValueError as exc:
        raise m.error(f"article: field 'text' {exc}", "text") from None
    try:
        data = read_bytes(path, "archived text")
    except InputError as exc:
        raise m.error(f"article: field 'text' {text_file}: {exc.message}", "text") from None
    digest = hashlib.sha256(data).hexdigest()
    expected = m.req_str("sha256").lower()
    if digest != expected:
        raise m.error(
            f"article: archived text {path.name} has SHA-256 {digest}, the record says {expected}; "
            "the text changed since it was curated: re-check every quote before updating the digest",
            "sha256",
        )
    try:
        return decode(data, path, "archived text")
    except InputError as exc:
        line = exc.location.line if exc.location else 0
        raise m.error(f"article: field 'text' {text_file}: {exc.message} (line {line} of the text)", "text") from None


def _quote(m: Mapping, text: str, ctx: f.Context, language: str) -> Quote:
    m.check_keys(QUOTE_KEYS)
    exact = m.req_str("text")
    try:
        found = anchor(text, exact, _occurrence(m))
    except AnchorError as exc:
        raise m.error(f"quote '{m.data.get('id')}' {exc}", "text") from None
    translation_of = f.known(m, "translation_of", f.text, ctx)
    if translation_of is not None and translation_of.value.count(".") != 1:
        raise InputError(f"quote '{m.data.get('id')}': 'translation_of' is <article-id>.<quote-id>", translation_of.loc)
    return Quote(
        record_id(m), exact, found, f.known(m, "spoken_by", f.text, ctx), m.loc(),
        language=_tag(m, "language", m.opt_str("language") or language),
        translation=f.known(m, "translation", f.text, ctx),
        translation_of=translation_of,
    )


def _occurrence(m: Mapping) -> int | None:
    if not m.has("occurrence"):
        return None
    raw = m.raw("occurrence")
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise m.error(f"{m.what}: 'occurrence' must be a whole number from 1", "occurrence")
    return raw


def _figure(m: Mapping, text: str, quotes: dict[str, Quote], ctx: f.Context, article_defaults: YMap,
            quote_defaults: dict[str, YMap]) -> Figure:
    _confirmed(m, f"figure '{m.raw('id')}'")
    m.check_keys(FIGURE_KEYS)
    fid = record_id(m)
    quote = f.known(m, "quote", f.text, ctx, required=True)
    assert quote is not None
    if quote.value not in quotes:
        known = ", ".join(quotes)
        raise InputError(f"figure '{fid}': unknown quote '{quote.value}' (quotes of this article: {known})", quote.loc)
    m, inherited = _inherit(m, quote_defaults.get(quote.value, YMap()), article_defaults)
    the_quote = quotes[quote.value]
    words = m.req_str("words")
    phrase = _phrase(m, text, the_quote, words)
    value = f.known(m, "value", f.number, ctx)
    low = f.known(m, "low", f.number, ctx)
    high = f.known(m, "high", f.number, ctx)
    for bound in (value, low, high):
        if bound is not None and bound.value < 0:
            raise InputError(f"figure '{fid}': a count cannot be negative ({bound.value})", bound.loc)
    if low is not None and high is not None and low.value > high.value:
        raise InputError(f"figure '{fid}': low {low.value} is greater than high {high.value}", low.loc)
    for name, number in (("value", value), ("low", low), ("high", high)):
        if number is not None and number.inference is None and not states_number(words, number.value,
                                                                                  the_quote.language):
            raise InputError(f"figure '{fid}': its words {words!r} do not state the {name} {number.value}",
                             number.loc)
    stated_by = f.known(m, "stated_by", f.text, ctx, required=True)
    qualifier = f.known(m, "qualifier", f.text, ctx, required=True)
    counts = f.known(m, "counts", f.text, ctx, required=True)
    assert stated_by is not None and qualifier is not None and counts is not None
    readings = {key: _reading(m, key, ctx, fid) for key in READINGS}
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
        perpetrators=_perpetrators(m, ctx, fid, the_quote, quotes),
        period=f.known(m, "period", f.period, ctx),
        area=f.known(m, "area", f.text, ctx),
        as_of=f.known(m, "as_of", f.day, ctx),
        subset_of=_single(readings["subset_of"]),
        rounding_of=_single(readings["rounding_of"]),
        incident=f.known(m, "incident", f.text, ctx),
        measures=f.values(m, "measure", f.text, ctx),
        stated_by=stated_by,
        report=f.known(m, "report", f.text, ctx),
        loc=m.loc(),
        unit=f.known(m, "unit", f.text, ctx),
        via=f.values(m, "via", f.text, ctx),
        revises=_single(readings["revises"]),
        qualifier_covers=readings["qualifier_covers"],
        rank=_single(readings["rank"]),
        inherited=inherited,
    )


def _reading(m: Mapping, key: str, ctx: f.Context, fid: str) -> tuple[Val[str], ...]:
    """A link that is a curator's reading unless quoted: plain, it is an error (the reason would be lost)."""
    found = f.values(m, key, f.text, ctx)
    for v in found:
        if key == "rank" and v.inference is None:
            raise InputError(f"figure '{fid}': a rank is a curator's judgement: write "
                             f"{{value: {v.value}, inferred: <why>}}", v.loc)
        if v.inference is None and v.quote is None:
            raise InputError(
                f"figure '{fid}': '{key}: {v.value}' is a curator's reading unless the text states it: write "
                f"{{value: {v.value}, inferred: <why>}}, or {{value: {v.value}, quote: <quote-id>}} "
                "where the text says so",
                v.loc,
            )
    return found


def _single(found: tuple[Val[str], ...]) -> Val[str] | None:
    if len(found) > 1:
        raise InputError("give one value here, not a list", found[1].loc)
    return found[0] if found else None


def _perpetrators(m: Mapping, ctx: f.Context, fid: str, quote: Quote,
                  quotes: dict[str, Quote]) -> tuple[Perpetrator, ...]:
    """Each perpetrator plain or annotated, with a stance: asserted, hedged (hedge words) or denied (by whom)."""
    if not m.has("perpetrator"):
        return ()
    raw = m.raw("perpetrator")
    items = list(zip(raw, raw.lines, strict=True)) if isinstance(raw, YSeq) else [(raw, m.loc("perpetrator").line)]
    out: list[Perpetrator] = []
    for item, line in items:
        loc = Location(m.path, line)
        stance, hedge, by = "asserted", None, None
        if isinstance(item, YMap) and set(item) & PERPETRATOR_KEYS:
            rest = YMap({k: v for k, v in item.items() if k not in PERPETRATOR_KEYS})
            rest.lines = {k: v for k, v in item.lines.items() if k not in PERPETRATOR_KEYS}
            stance = str(item.get("stance", "asserted"))
            hedge = item.get("hedge")
            by = item.get("by")
            item = rest
        actor = _val(m, "perpetrator", item, line, ctx)
        # the denier, in any form a value takes (plain, quoted, inferred)
        denier = _val(m, "by", by, line, ctx) if by is not None else None
        # the hedge's words are in the figure's quote, or in the quote the annotation names (`quote:`)
        where = quotes.get(actor.quote, quote) if actor.quote is not None else quote
        out.append(_stance(fid, actor, stance, hedge, denier, where, loc))
    return tuple(out)


def _val(m: Mapping, key: str, raw: object, line: int, ctx: f.Context) -> Val[str]:
    """One value written at ``line``, in any of its forms, read as field ``key`` of ``m``."""
    wrapped = YMap({key: raw})
    wrapped.lines = {key: line}
    return f.values(Mapping(wrapped, m.path, line, m.what), key, f.text, ctx)[0]


def _stance(fid: str, actor: Val[str], stance: str, hedge: object, by: Val[str] | None, quote: Quote,
            loc: Location) -> Perpetrator:
    if stance not in STANCES:
        raise InputError(f"figure '{fid}': stance '{stance}' (use {', '.join(STANCES)})", loc)
    hedge_text = None if hedge is None else " ".join(str(hedge).split())
    if stance == "hedged":
        if not hedge_text:
            raise InputError(f"figure '{fid}': a hedged perpetrator needs 'hedge': the hedging words of the quote", loc)
        if hedge_text not in quote.text:
            raise InputError(f"figure '{fid}': hedge {hedge_text!r} is not in quote '{quote.id}'", loc)
    elif hedge is not None:
        raise InputError(f"figure '{fid}': 'hedge' goes with stance: hedged", loc)
    if stance == "denied" and by is None:
        raise InputError(f"figure '{fid}': a denied perpetrator needs 'by': the actor who denies", loc)
    if stance != "denied" and by is not None:
        raise InputError(f"figure '{fid}': 'by' goes with stance: denied", loc)
    return Perpetrator(actor, stance, hedge_text, by)


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


def _attribution(m: Mapping, ctx: f.Context, quotes: dict[str, Quote]) -> Attribution:
    m.check_keys({"id", "incident", "perpetrator", "according_to", "quote", "stance", "hedge"})
    keys = ("incident", "perpetrator", "according_to", "quote")
    incident, perpetrator, according_to, quote = (f.known(m, k, f.text, ctx, required=True) for k in keys)
    assert incident and perpetrator and according_to and quote
    aid = record_id(m)
    stance = m.opt_str("stance") or "asserted"
    if stance not in STANCES:
        raise m.error(f"attribution '{aid}': stance '{stance}' (use {', '.join(STANCES)})", "stance")
    hedge = m.opt_str("hedge")
    hedge = " ".join(hedge.split()) if hedge else None
    if (stance == "hedged") != (hedge is not None):
        raise m.error(f"attribution '{aid}': 'hedge' (the hedging words) goes with stance: hedged, and only with it",
                      "stance")
    if hedge is not None and quote.value in quotes and hedge not in quotes[quote.value].text:
        raise m.error(f"attribution '{aid}': hedge {hedge!r} is not in quote '{quote.value}'", "hedge")
    return Attribution(aid, incident, perpetrator, according_to, quote, m.loc(), stance, hedge)


def _unique(items: list[tuple[str, Location]], what: str) -> None:
    seen: dict[str, Location] = {}
    for rid, loc in items:
        if rid in seen:
            raise InputError(f"duplicate {what} id '{rid}' (first at {seen[rid]})", loc)
        seen[rid] = loc


def first_val(v: Val[str] | Unknown | None) -> str | None:
    return v.value if isinstance(v, Val) else None
