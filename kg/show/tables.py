"""Render tabular results as an aligned text table, JSON or CSV.

Tables show IRIs as prefixed names (``figure:children-1928``, ``kgv:at-least``),
which every command also accepts as input, and fit the width they are given:
the widest columns are narrowed and their cells wrapped, at most
:data:`MAX_LINES` lines a cell, then cut with ``…`` (the footer says so); a
table with too many columns for the width shows each row as a block of
``column  value`` lines instead. JSON
and CSV keep every cell whole, with full IRIs, so that output can be joined
with other data; their keys and headers are snake_case (:func:`snake_case`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from collections.abc import Sequence

from kg.model.cell import Cell
from kg.model.terms import ID, KINDS, PREFIXES

FORMATS = ("table", "json", "csv")
#: A wrapped cell shows at most this many lines.
MAX_LINES = 4
#: No column is narrowed below this many characters (or its own width, if less): a table whose
#: columns cannot all keep that much shows one block per row instead.
MIN_WIDTH = 20
GAP = "  "


def compact(value: Cell) -> str:
    """A cell as a table shows it: an IRI as a prefixed name (``actor:snhr``, ``quote:article/words``)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(ID):
        kind, sep, rest = text.removeprefix(ID).partition("/")
        if sep and kind in KINDS and rest:
            return f"{kind}:{rest}"
    best = ""
    shown = text
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(ns) > len(best) and "/" not in text[len(ns):]:
            best = ns
            shown = f"{prefix}:{text[len(ns):]}"
    return shown


def snake_case(name: str) -> str:
    """``"figures with no perpetrator stated"`` -> ``figures_with_no_perpetrator_stated``."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def render(columns: Sequence[str], rows: Sequence[Sequence[Cell]], fmt: str, width: int | None = None,
           max_lines: int | None = MAX_LINES) -> str:
    """``rows`` under ``columns`` as ``fmt`` (table, json or csv).

    A table fits ``width`` characters if given, its cells wrapped to at most
    ``max_lines`` lines (``None``: whole).
    """
    if fmt == "json":
        return json.dumps([dict(zip(columns, row, strict=True)) for row in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(["" if c is None else c for c in row] for row in rows)
        return buf.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}")
    shown = [[" ".join(compact(c).split()) for c in row] for row in rows]
    natural = [max([len(col), *(len(r[i]) for r in shown)]) for i, col in enumerate(columns)]
    widths = _fit(natural, width)
    if widths is None:
        assert width is not None
        lines, cut = _expanded(columns, shown, width, max_lines)
    else:
        lines, cut = _aligned(columns, shown, widths, max_lines)
    footer = f"({len(rows)} row{'s' if len(rows) != 1 else ''}"
    if cut:
        footer += "; long cells cut: --format csv or json shows them whole"
    lines.append(footer + ")")
    return "\n".join(lines) + "\n"


def _aligned(columns: Sequence[str], shown: list[list[str]], widths: list[int],
             max_lines: int | None) -> tuple[list[str], bool]:
    """One line a row (more where cells wrap), columns aligned."""
    cut = False
    lines = [GAP.join(_cut(col, w).ljust(w) for col, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append(GAP.join("-" * w for w in widths))
    for row in shown:
        cells = []
        for text, w in zip(row, widths, strict=True):
            wrapped, was_cut = _lines(text, w, max_lines)
            cut = cut or was_cut
            cells.append(wrapped)
        for i in range(max(len(c) for c in cells) if cells else 1):
            lines.append(GAP.join((c[i] if i < len(c) else "").ljust(w)
                                  for c, w in zip(cells, widths, strict=True)).rstrip())
    return lines, cut


def _expanded(columns: Sequence[str], shown: list[list[str]], width: int,
              max_lines: int | None) -> tuple[list[str], bool]:
    """One block a row, one line a column (as psql's expanded display), for tables too wide for ``width``."""
    label = min(max(len(c) for c in columns), width // 3)
    room = max(width - label - len(GAP), MIN_WIDTH)
    cut = False
    lines: list[str] = []
    for number, row in enumerate(shown, start=1):
        lines.append(f"-[ row {number} ]".ljust(width, "-")[:width])
        for col, text in zip(columns, row, strict=True):
            wrapped, was_cut = _lines(text, room, max_lines)
            cut = cut or was_cut
            for i, part in enumerate(wrapped):
                lines.append(f"{_cut(col, label).ljust(label) if i == 0 else ' ' * label}{GAP}{part}".rstrip())
    return lines, cut


def _lines(text: str, width: int, max_lines: int | None) -> tuple[list[str], bool]:
    """A cell wrapped to ``width``, at most ``max_lines`` lines; and whether it was cut."""
    wrapped = _wrap(text, width)
    if max_lines is None or len(wrapped) <= max_lines:
        return wrapped, False
    return [*wrapped[:max_lines - 1], _cut(" ".join(wrapped[max_lines - 1:]), width)], True


def _fit(natural: list[int], width: int | None) -> list[int] | None:
    """Column widths that fit ``width``, the widest column narrowed first, none below its minimum;
    ``None`` when even the minimums do not fit (the rows are then shown one block each)."""
    widths = list(natural)
    if width is None:
        return widths
    floor = [min(n, MIN_WIDTH) for n in natural]
    budget = width - len(GAP) * (len(widths) - 1)
    if sum(floor) > budget:
        return None
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floor[i])
        widths[widest] -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=True) or [""]


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
