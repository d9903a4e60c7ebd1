"""Values as curators write them: plain, quoted, inferred or unknown.

A field is written plainly (``perpetrator: russian-forces``) when the text
states it, or as a mapping that says how it is known::

    publisher: {value: the-new-arab, inferred: "why", evidence: URL}
    published: {value: 2019-09-30, quote: dateline}
    headline: {quote: headline}            # the value is the quote's text
    headline: {unknown: "why it is unknown"}
    published: {earliest: 2018-07-18, inferred: "why"}
    as_of: {value: 2018-06-07T21:30+03:00, sequence: 2, marker: updated}

Every key of every form reaches the record: a form the converter could not
write is refused here with ``path:line``, never dropped later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from kg.loader.yamlio import Consequence, Mapping, YMap, YSeq
from kg.model import validate
from kg.model.dates import DateFormatError, parse_period, parse_when
from kg.model.errors import InputError, Location
from kg.model.records import DateSpec, Inference, Unknown, Val

T = TypeVar("T")
ANNOTATION_KEYS = {"value", "inferred", "evidence", "quote", "unknown", "earliest", "latest", "sequence", "marker"}
DATE_ONLY_KEYS = {"earliest", "latest", "sequence", "marker"}


@dataclass
class Context:
    """What field parsing needs to know about the file being read."""

    curator: str
    quote_texts: dict[str, str] = field(default_factory=dict)
    has_quotes: bool = False  # an article's fields may name their quote; a registry has none
    failed_quotes: set[str] = field(default_factory=set)  # quotes in error (already reported)


def text(raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValueError("must be text")
    value = str(raw).strip()
    if not value:
        raise ValueError("is empty")
    return value


def number(raw: Any) -> Decimal:
    """A number of at most 15 digits before the point and 6 after it (:func:`kg.model.validate.amount`)."""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValueError("must be a number")
    written = str(raw).replace(",", "")
    if len(written) > validate.MAX_DIGITS + validate.MAX_DECIMALS + 8:
        raise ValueError(f"'{written[:30]}…' is not a number of at most {validate.MAX_DIGITS} digits")
    try:
        value = Decimal(written)
    except InvalidOperation:
        raise ValueError(f"'{raw}' is not a number") from None
    return validate.amount(value)


def url(raw: Any) -> str:
    """An absolute http(s) URL with a host (:func:`kg.model.validate.url`)."""
    return validate.url(text(raw))


def language(raw: Any) -> str:
    """A BCP 47 language tag (:func:`kg.model.validate.language`)."""
    return validate.language(text(raw))


def day(raw: Any) -> DateSpec:
    """A date field: a day, month, year, a time of day on a day, or an interval of days."""
    try:
        return DateSpec.of(parse_when(text(raw)))
    except DateFormatError as exc:
        raise ValueError(str(exc)) from None


def period(raw: Any) -> Any:
    try:
        return parse_period(text(raw))
    except DateFormatError as exc:
        raise ValueError(str(exc)) from None


def value(
    m: Mapping,
    key: str,
    parse: Callable[[Any], T],
    ctx: Context,
    *,
    required: bool = False,
    allow_unknown: bool = False,
) -> Val[T] | Unknown | None:
    """Read one field in any of its forms; ``None`` when absent."""
    if not m.has(key):
        if required:
            raise m.error(f"{m.what}: missing required field '{key}'")
        return None
    return _one(m.raw(key), m.loc(key), f"{m.what}: field '{key}'", parse, ctx, allow_unknown)


def known(m: Mapping, key: str, parse: Callable[[Any], T], ctx: Context, *, required: bool = False) -> Val[T] | None:
    """Like :func:`value`, for fields that cannot be recorded as unknown."""
    got = value(m, key, parse, ctx, required=required)
    assert not isinstance(got, Unknown)
    return got


def values(m: Mapping, key: str, parse: Callable[[Any], T], ctx: Context) -> tuple[Val[T], ...]:
    """A list field; each item plain or annotated. A single item needs no list."""
    if not m.has(key):
        return ()
    raw = m.raw(key)
    what = f"{m.what}: field '{key}'"
    if not isinstance(raw, YSeq):
        got = _one(raw, m.loc(key), what, parse, ctx, False)
        assert isinstance(got, Val)
        return (got,)
    out: list[Val[T]] = []
    for i, item in enumerate(raw):
        loc = Location(m.path, raw.lines[i])
        got = _one(item, loc, what, parse, ctx, False)
        assert isinstance(got, Val)
        out.append(got)
    return tuple(out)


def _one(
    raw: Any,
    loc: Location,
    what: str,
    parse: Callable[[Any], T],
    ctx: Context,
    allow_unknown: bool,
) -> Val[T] | Unknown:
    if not isinstance(raw, YMap):
        return Val(_parse(parse, raw, loc, what), loc)
    extra = set(raw) - ANNOTATION_KEYS
    if extra:
        raise InputError(
            f"{what}: unknown key '{sorted(extra)[0]}' "
            "(use value, quote, inferred, evidence, unknown; dates also earliest, latest, sequence, marker)",
            loc,
        )
    if parse is not day and set(raw) & DATE_ONLY_KEYS:
        raise InputError(f"{what}: '{sorted(set(raw) & DATE_ONLY_KEYS)[0]}' is only for dates", loc)
    if "unknown" in raw:
        if not allow_unknown:
            raise InputError(f"{what}: cannot be recorded as unknown", loc)
        if set(raw) != {"unknown"}:
            raise InputError(f"{what}: 'unknown' stands alone: a value is either known or not", loc)
        return Unknown(_parse(text, raw["unknown"], loc, what + " 'unknown' reason"), loc, ctx.curator)
    inference = None
    if "inferred" in raw:
        reason = _parse(text, raw["inferred"], loc, what + " 'inferred' reason")
        where = Location(loc.path, raw.lines.get("evidence", loc.line))
        inference = Inference(" ".join(reason.split()), ctx.curator, _evidence(raw.get("evidence"), where, what))
    elif "evidence" in raw:
        raise InputError(f"{what}: 'evidence' goes with 'inferred' (the reason)", loc)
    quote = raw.get("quote")
    if quote is not None and not ctx.has_quotes:
        raise InputError(f"{what}: 'quote' names a quote of an article; a registry record has none", loc)
    if quote is not None and not isinstance(quote, str):
        raise InputError(f"{what}: 'quote' must be the id of a quote of this article", loc)
    if quote is not None and inference is not None:
        raise InputError(f"{what}: a value is either quoted or inferred, not both", loc)
    if "earliest" in raw or "latest" in raw:
        if "value" in raw:
            raise InputError(f"{what}: give either 'value' or 'earliest'/'latest'", loc)
        spec = _bounds(raw, loc, what)
        if inference is None and quote is None:
            raise InputError(f"{what}: date bounds are an inference: add 'inferred: <reason>'", loc)
        return Val(_sequenced(spec, raw, loc, what), loc, inference, quote)  # type: ignore[arg-type]
    if "value" in raw:
        parsed = _parse(parse, raw["value"], loc, what)
    elif quote is not None:
        quoted = ctx.quote_texts.get(str(quote))
        if quoted is None and str(quote) in ctx.failed_quotes:
            raise Consequence(f"{what}: quote '{quote}' is in error", loc)
        if quoted is None:
            raise InputError(f"{what}: unknown quote '{quote}'", loc)
        parsed = _parse(parse, quoted, loc, what)
    else:
        raise InputError(f"{what}: missing 'value'", loc)
    if isinstance(parsed, DateSpec):
        parsed = _sequenced(parsed, raw, loc, what)  # type: ignore[assignment]
    return Val(parsed, loc, inference, None if quote is None else str(quote))


def _evidence(raw: Any, loc: Location, what: str) -> tuple[str, ...]:
    """``evidence``: one URL or a list of URLs."""
    if raw is None:
        return ()
    items = list(zip(raw, raw.lines, strict=True)) if isinstance(raw, YSeq) else [(raw, loc.line)]
    if isinstance(raw, YMap) or any(isinstance(u, YMap | YSeq) for u, _ in items):
        raise InputError(f"{what} 'evidence' must be a URL or a list of URLs", loc)
    return tuple(_parse(url, u, Location(loc.path, line), what + " 'evidence'") for u, line in items)


def _sequenced(spec: DateSpec, raw: YMap, loc: Location, what: str) -> DateSpec:
    """A date with its same-day update order (``sequence``) and the source's word for it (``marker``)."""
    sequence = raw.get("sequence")
    if sequence is not None and (isinstance(sequence, bool) or not isinstance(sequence, int)
                             or not 1 <= sequence <= 999_999):
        raise InputError(f"{what}: 'sequence' must be a whole number from 1 to 999999", loc)
    marker = raw.get("marker")
    if marker is not None:
        marker = _parse(text, marker, loc, what + " 'marker'")
    return DateSpec(spec.when, spec.earliest, spec.latest, sequence, marker)


def _bounds(raw: YMap, loc: Location, what: str) -> DateSpec:
    earliest = _parse(day, raw["earliest"], loc, what) if "earliest" in raw else None
    latest = _parse(day, raw["latest"], loc, what) if "latest" in raw else None
    if (earliest and earliest.when and earliest.when.time) or (latest and latest.when and latest.when.time):
        raise InputError(f"{what}: 'earliest' and 'latest' are days (a time of day goes in 'value')", loc)
    lo = earliest.earliest if earliest else None
    hi = latest.latest if latest else None
    if lo and hi and lo > hi:
        raise InputError(f"{what}: earliest {lo} is after latest {hi}", loc)
    return DateSpec(None, lo, hi)


def _parse(parse: Callable[[Any], T], raw: Any, loc: Location, what: str) -> T:
    try:
        return parse(raw.isoformat() if hasattr(raw, "isoformat") else raw)
    except ValueError as exc:
        raise InputError(f"{what} {exc}", loc) from None
