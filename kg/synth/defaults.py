"""The values figures share, written once: an article's ``defaults`` and its quotes' ``defaults``.

A field goes into the article's ``defaults`` when every figure of the article
sets it (a figure cannot unset an inherited value, so one figure without it
rules the field out) and two or more figures share one plain value. It goes
into a quote's ``defaults`` when every figure of that quote sets it, two or
more share a value other than the article's, and writing it once is shorter.
A value with a curator's reason is never shared: each keeps its own reason.
A figure whose value differs from the default it would inherit writes its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.synth.yamltext import Ann, Field, Stance, flow_field

if TYPE_CHECKING:
    from kg.synth.doc import Fig

#: The fields shared, in the order they are written.
KEYS = ("stated_by", "report", "perpetrator", "period", "area", "incident")
Shared = str | Ann | tuple[str | Stance, ...]
UNSHARED = "\0"  # a value that is set but cannot be shared; never a record's value


@dataclass(frozen=True, slots=True)
class Plan:
    article: dict[str, Shared]
    quotes: dict[str, dict[str, Shared]]  # quote id -> the defaults of that quote
    inherits: list[frozenset[str]]  # per figure, in order: the fields it leaves to a default


def _one(v: Field | None) -> Shared | None:
    if v is None:
        return None
    if isinstance(v, str):
        return v
    return v if v.inferred is None and v.alias is None and v.anchor is None else UNSHARED


def shares(f: Fig) -> dict[str, Shared | None]:
    """What each field of ``f`` is, as a default would hold it: None if the figure does not set it."""
    perps: Shared | None = None
    if f.perps:
        plain = [p for p in f.perps if not isinstance(p, Ann)]
        perps = tuple(plain) if len(plain) == len(f.perps) else UNSHARED
    return {"stated_by": _one(f.stated_by), "report": _one(f.report), "perpetrator": perps,
            "period": _one(f.period), "area": _one(f.area), "incident": f.incident}


def _hedged(v: Shared | None) -> bool:
    """A hedge is checked against the figure's own quote: only a quote's defaults can share it."""
    return isinstance(v, tuple) and any(isinstance(p, Stance) and p.hedge is not None for p in v)


def _most_common(values: list[Shared | None], besides: Shared | None, *, quoted: bool) -> tuple[Shared | None, int]:
    """The value most figures share (the first of a tie), and how many share it."""
    counts: dict[Shared, int] = {}
    for v in values:
        if v is not None and v != UNSHARED and v != besides and (quoted or not _hedged(v)):
            counts[v] = counts.get(v, 0) + 1
    best: Shared | None = None
    n = 0
    for v, k in counts.items():
        if k > n:
            best, n = v, k
    return best, n


def line_bytes(key: str, v: Shared) -> int:
    return len(key) + 7 + len(flow_field(v))


def plan(figs: list[Fig], fixed: set[str]) -> Plan:
    """Choose the defaults of one article; ``fixed``: quotes whose ``defaults`` the writer gave (left alone)."""
    table = [shares(f) for f in figs]
    article: dict[str, Shared] = {}
    for key in KEYS:
        values = [t[key] for t in table]
        if None in values:
            continue
        best, n = _most_common(values, None, quoted=False)
        if best is not None and n >= 2:
            article[key] = best
    members: dict[str, list[int]] = {}
    for i, f in enumerate(figs):
        members.setdefault(f.quote, []).append(i)
    quotes: dict[str, dict[str, Shared]] = {}
    for qid, idx in members.items():
        if len(idx) < 2 or qid in fixed:
            continue
        chosen: dict[str, Shared] = {}
        saving = 0
        for key in KEYS:
            values = [table[i][key] for i in idx]
            if None in values:
                continue
            current = article.get(key)
            best, n = _most_common(values, current, quoted=True)
            lost = values.count(current) if current is not None else 0  # would now have to write their own
            if best is not None and n >= 2 and n > lost:
                chosen[key] = best
                saving += (n - lost) * line_bytes(key, best)
        if chosen and saving > 16 + sum(line_bytes(k, v) - 3 for k, v in chosen.items()):
            quotes[qid] = chosen
    inherits = []
    for f, t in zip(figs, table, strict=True):
        effective = {**article, **quotes.get(f.quote, {})}
        inherits.append(frozenset(k for k, v in effective.items() if t[k] == v))
    return Plan(article, quotes, inherits)


def article_lines(p: Plan) -> list[str]:
    if not p.article:
        return []
    return ["defaults:", *(f"  {k}: {flow_field(v)}" for k, v in p.article.items())]


def quote_line(p: Plan, qid: str) -> str | None:
    chosen = p.quotes.get(qid)
    if not chosen:
        return None
    return "    defaults: {" + ", ".join(f"{k}: {flow_field(v)}" for k, v in chosen.items()) + "}"
