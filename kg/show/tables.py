"""Render tabular results as an aligned text table, JSON or CSV.

Tables show IRIs compacted with kg's prefixes (``figure:children-1928``);
JSON and CSV keep full IRIs so that output can be joined with other data.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from kg.model.cell import Cell
from kg.model.terms import PREFIXES

FORMATS = ("table", "json", "csv")


def compact(value: Cell) -> str:
    if value is None:
        return ""
    text = str(value)
    best = ""
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(ns) > len(best) and "/" not in text[len(ns):]:
            best = ns
            shown = f"{prefix}:{text[len(ns):]}"
    return shown if best else text


def render(columns: Sequence[str], rows: Sequence[Sequence[Cell]], fmt: str) -> str:
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
    shown = [[_cell(compact(c)) for c in row] for row in rows]
    widths = [max([len(col), *(len(r[i]) for r in shown)]) for i, col in enumerate(columns)]
    lines = ["  ".join(col.ljust(w) for col, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in shown]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
