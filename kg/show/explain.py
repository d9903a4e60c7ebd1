"""Render ``kg explain``'s answer as text a researcher reads top to bottom.

First the answer (the best estimate, its range and the words behind each end), then who says what now, then
the history and the reasons figures differ. Every figure is named by its id, so ``kg trace ID`` goes deeper.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from decimal import Decimal
from typing import Any

from kg.model.cell import Cell
from kg.model.terms import local_id
from kg.show.tree import render_tree

INDENT = "  "
WIDTH = 100

#: What each typed explanation of ``discrepancies`` means, in a sentence (docs/independence.md)
WHY = {
    "same-report": "copies of one claim of one source",
    "later-edition": "a later edition of the same source's report series",
    "revision": "a later edition restates the earlier figure for the same period",
    "rounding": "one rounds the other (the curator's reading)",
    "consistent-bounds": "their bounds can both hold",
    "different-as-of": "counted as of different times",
    "different-scope": "they count over a different period, area, perpetrator or group",
    "different-reporter": "different independent sources at the same time",
    "conflict": "they cannot both hold",
}

_VAGUE = {"dozens", "tens", "hundreds", "thousands"}


def render_explanation(answer: dict[str, Any]) -> str:
    lines: list[str] = []
    if answer["kind"] == "figure":
        lines.append(render_tree([answer["figure"]]).rstrip("\n"))
        for about in [*answer.get("measures", []), answer.get("incident")]:
            if about:
                lines.append("")
                lines.extend(_about(about))
    else:
        lines.extend(_about(answer))
    return "\n".join(lines) + "\n"


def _num(value: Cell) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return f"{int(value):,}"
    return "?" if value is None else str(value)


def _id(value: Cell) -> str:
    return local_id(str(value)) if isinstance(value, str) and value.startswith("https://") else _num(value)


def _name(value: Cell) -> str:
    """A concept's or a record's local name."""
    return str(value).rstrip("/").rsplit("/", 1)[-1] if value is not None else ""


def _interval(low: Cell, high: Cell) -> str:
    if low is not None and low == high:
        return _num(low)
    if high is None:
        return f"{_num(low)} or more" if low is not None else "?"
    if low is None:
        return f"{_num(high)} or fewer"
    return f"{_num(low)}–{_num(high)}"


def reading(row: dict[str, Cell]) -> str:
    """A reading as its source words it: "at least 44", "up to 52", "44–52", "dozens (24–99)"."""
    qualifier = _name(row.get("qualifier"))
    value, low, high = row.get("value"), row.get("low"), row.get("high")
    if qualifier in _VAGUE:
        return f"{qualifier} ({_interval(low, high)})"
    if qualifier == "between" or value is None:
        return _interval(low, high)
    if qualifier in ("", "exact"):
        return _num(value)
    return f"{qualifier.replace('-', ' ')} {_num(value)}"


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _about(about: dict[str, Any]) -> list[str]:
    lines = [f"{about['kind']} {about['id']}: {about.get('label') or ''}".rstrip()]
    current = about.get("current") or []
    by_figure = {str(r.get("figure")): r for r in current}
    lines.extend(_estimate(about.get("estimate"), by_figure))
    if current:
        lines.append("")
        lines.append(f"{INDENT}Current reading of each independent source (latest, not superseded):")
        who_width = max(len(_id(r.get("issuer"))) for r in current)
        for row in current:
            when = row.get("as_of") or "date unknown"
            seq = f", update {row['sequence']}" if row.get("sequence") is not None else ""
            others = row.get("corroboration")
            backed = f"; within {others} other source{'s' if others != 1 else ''}" if others else ""
            lines.append(f"{INDENT*2}{_id(row.get('issuer')):<{who_width}}  {reading(row)}  "
                         f"(as of {when}{seq}{backed})  [{_id(row.get('figure'))}]")
            lines.extend(_wrap(f"“{row.get('quote')}”", INDENT * 3))
    series = about.get("series") or []
    if series:
        lines.append("")
        lines.append(f"{INDENT}Editions over time, one series per source (change within the series):")
        for row in series:
            change = row.get("change")
            sign = "+" if isinstance(change, (int, Decimal)) and change >= 0 else ""
            delta = f"  ({sign}{_num(change)})" if change is not None else ""
            lines.append(f"{INDENT*2}{_id(row.get('origin')):<20} {row.get('as_of') or ''!s:<12} "
                         f"{_num(row.get('value')):>10}{delta}  [{_id(row.get('figure'))}]")
    tolls = about.get("tolls") or []
    if tolls:
        lines.extend(_tolls(tolls))
    lines.extend(_differences(about.get("discrepancies") or [], tolls))
    return lines


def _estimate(est: dict[str, Any] | None, by_figure: dict[str, dict[str, Cell]]) -> list[str]:
    if not est:
        return [f"{INDENT}No current reading: no estimate."]
    sources = est.get("sources")
    best, low, high = est.get("best") or {}, est.get("low") or {}, est.get("high") or {}
    top = "unknown: a source says more (open-ended)" if est.get("open_ended") else _num(high.get("value"))
    lines = [f"{INDENT}Best estimate {_num(best.get('value'))}, low {_num(low.get('value'))}, high {top}; "
             f"from {sources} independent source{'s' if sources != 1 else ''} "
             "(docs/independence.md, section 4)."]
    quoted: set[str] = set()
    for name, bound in (("best", best), ("low", low), ("high", high)):
        figure = bound.get("figure")
        if not figure:
            continue
        if figure in quoted:
            lines.append(f"{INDENT*2}{name:<4}  {_num(bound.get('value'))}: the same reading [{figure}]")
            continue
        quoted.add(figure)
        row = by_figure.get(f"https://w3id.org/kg/id/figure/{figure}", {})
        source = _id(row.get("issuer")) if row else "?"
        lines.append(f"{INDENT*2}{name:<4}  {_num(bound.get('value'))}: {source}, {reading(row) if row else '?'} "
                     f"[{figure}]")
        if row.get("quote"):
            lines.extend(_wrap(f"“{row['quote']}”", INDENT * 5))
    return lines


def _tolls(rows: list[dict[str, Cell]]) -> list[str]:
    tolls = [r for r in rows if r.get("kind") == "toll"]
    lines = ["", f"{INDENT}Every toll, by source, in time order (* current):"]
    width = max((len(_id(r.get("origin"))) for r in tolls), default=10)
    for row in tolls:
        mark = "*" if row.get("current") else " "
        lines.append(f"{INDENT*2}{mark} {row.get('as_of') or ''!s:<25} {_id(row.get('origin')):<{width}}  "
                     f"{reading(row):<18} [{_id(row.get('figure'))}]")
    first = rows[0] if rows else {}
    if first.get("band_low") is not None or first.get("band_high") is not None:
        lines.append(f"{INDENT*2}band over every toll: {_interval(first.get('band_low'), first.get('band_high'))}")
    claims = [r for r in rows if r.get("kind") == "attribution"]
    if claims:
        lines.append("")
        lines.append(f"{INDENT}Who says who did it (claims and denials):")
        width = max(len(_id(r.get("according_to"))) for r in claims)
        for row in claims:
            stance = _name(row.get("stance"))
            hedge = f" (“{row['hedge']}”)" if row.get("hedge") else ""
            verb = "denies it was" if stance == "denied" else f"{stance}{hedge}:"
            lines.append(f"{INDENT*2}{row.get('day') or ''!s:<10}  {_id(row.get('according_to')):<{width}}  "
                         f"{verb} {_id(row.get('perpetrator'))}")
    if first.get("grade"):
        lines.append("")
        lines.extend(_wrap(f"Grade: {first['grade']} — {first.get('reason') or ''}", INDENT))
    return lines


def _differences(pairs: list[dict[str, Cell]], tolls: list[dict[str, Cell]]) -> list[str]:
    """The pairs of the subject's figures that differ, with why; for an incident, those of its toll (the
    other quantities are counted in a summary line; ``--format json`` has them all)."""
    if not pairs:
        return []
    toll_figures = {str(r.get("figure")) for r in tolls if r.get("kind") == "toll"}
    shown = [p for p in pairs if not toll_figures
             or (str(p.get("figure_a")) in toll_figures and str(p.get("figure_b")) in toll_figures)]
    lines = ["", f"{INDENT}How the figures differ, and why ({len(pairs)} pairs):"]
    counts = Counter(str(p.get("explanation")) for p in pairs)
    for kind, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        lines.append(f"{INDENT*2}{n:>4} {kind}: {WHY.get(kind, '')}")
    if toll_figures and shown:
        lines.append(f"{INDENT}Pairs of tolls:")
    for row in shown:
        a, b = (_side(row, side) for side in "ab")
        consistent = row.get("consistent")
        flag = "" if consistent is None else ("can both hold" if consistent else "cannot both hold")
        lines.append(f"{INDENT*2}{a}  vs  {b}")
        lines.append(f"{INDENT*3}→ {row.get('explanation')}; {flag}")
    return lines


def _side(row: dict[str, Cell], side: str) -> str:
    when = row.get("as_of_" + side)
    at = f" as of {when}" if when else ""
    return f"{_id(row.get('origin_' + side))} {row.get('reading_' + side)}{at} [{_id(row.get('figure_' + side))}]"
