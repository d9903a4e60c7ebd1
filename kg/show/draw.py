"""One figure's provenance as a stand-alone SVG, written by hand (no plotting library).

Layers run left to right: related figures (roundings and subsets, either
way) → figure → quote → article → intermediary / publisher → report →
origin (the report's issuer, or the agent the figure is stated by), and a
last column for a stated-by agent that is not the origin. Row 0 of every
layer holds the chain of :func:`kg.ask.network.chain`, so the chain reads as one
straight line; other nodes of a layer stack below it. An edge between
adjacent layers is a straight arrow; an edge that would cross a chain box is
an arc above the boxes. Every label is XML-escaped, wrapped and truncated in
its box, and given in full in the box's ``<title>`` (a tooltip). The same
graph always gives the same bytes.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.sax.saxutils import escape

import networkx as nx

from kg.ask.network import corroboration, provenance, relations, targets
from kg.model.scripts import ARABIC
from kg.model.terms import local_id

BOX_W, BOX_H = 210, 88
COL_GAP, ROW_GAP = 120, 30
MARGIN = 24
WRAP, MAX_LINES = 27, 4
HEADER_Y = 78
ARC_BASE, ARC_STEP = 30, 24
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
PARTNER_RELATIONS = frozenset({"rounds", "subset of"})

#: fill and stroke of a box, by node kind
COLOURS = {
    "figure": ("#fef3c7", "#b45309"),
    "quote": ("#f3f4f6", "#4b5563"),
    "article": ("#dbeafe", "#1d4ed8"),
    "actor": ("#dcfce7", "#15803d"),
    "report": ("#fee2e2", "#b91c1c"),
}

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _esc(text: str) -> str:
    return escape(_NOT_XML.sub("", text), {'"': "&quot;", "'": "&apos;"})


def _n(v: float) -> str:
    """A coordinate, with at most one decimal and no trailing zero."""
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class _Box:
    node: str
    col: int
    row: int

    @property
    def x(self) -> int:
        return MARGIN + self.col * (BOX_W + COL_GAP)

    def y(self, top: int) -> int:
        return top + self.row * (BOX_H + ROW_GAP)


def _columns(g: nx.DiGraph[str], figure: str) -> list[tuple[str, list[str | None]]]:
    """Each layer's header and rows; row 0 of a chain layer is its chain node or None."""
    p = provenance(g, figure)
    outgoing = set(targets(g, figure, "rounds") + targets(g, figure, "subset of"))
    incoming = {u for u in g.predecessors(figure) if relations(g, u, figure) & PARTNER_RELATIONS}
    publishers = targets(g, p.article, "published by") if p.article is not None else []
    quotes = targets(g, figure, "quoted in")
    chain_row: list[tuple[str, str | None, list[str]]] = [
        ("figure", figure, []),
        ("quote", quotes[0] if quotes else None, quotes[1:]),
        ("article", p.article, []),
        ("intermediary / publisher", p.intermediaries[0] if p.intermediaries else None,
         [*p.intermediaries[1:], *publishers]),
        ("report", p.report, []),
        ("origin", p.origins[0] if p.origins else None, list(p.origins[1:])),
    ]
    placed = {first for _, first, _ in chain_row if first is not None}
    columns: list[tuple[str, list[str | None]]] = [("related figures", [])]
    for header, first, extras in chain_row:
        rows: list[str | None] = [first]
        for n in extras:
            if n not in placed:
                rows.append(n)
                placed.add(n)
        columns.append((header, rows))
    columns.append(("stated by", []))
    for n in targets(g, figure, "stated by"):
        if n not in placed:
            columns[-1][1].append(n)
            placed.add(n)
    # the figures this one rounds or is part of first, then those that round it or are part of it
    columns[0][1].extend(sorted((outgoing | incoming) - placed - {figure}, key=lambda n: (n not in outgoing, n)))
    return [(h, rows) for h, rows in columns if any(r is not None for r in rows)]


def _edges(g: nx.DiGraph[str], figure: str, boxes: dict[str, _Box]) -> list[tuple[str, str]]:
    """The edges drawn: every edge between placed nodes, except a related figure's own (bar the one to the figure)."""
    related = {n for n in boxes if n != figure and g.nodes[n].get("kind") == "figure"}
    return sorted(
        (u, v) for u, v in g.edges
        if u in boxes and v in boxes and (u not in related or v == figure)
    )


def _lines(g: nx.DiGraph[str], node: str) -> list[str]:
    attrs = g.nodes[node]
    label = str(attrs.get("label", local_id(node)))
    if attrs.get("kind") == "quote":
        label = f"“{label}”"
    figure = attrs.get("kind") == "figure"
    lines = textwrap.wrap(label, WRAP, max_lines=MAX_LINES - figure, placeholder=" …", break_on_hyphens=False)
    return [*(lines or [""]), f"= {value_text(attrs)}"] if figure else (lines or [""])


def value_text(attrs: dict[str, object]) -> str:
    """``1,928 (exact)``, ``1,083–1,200 (at-least)``, ``hundreds``: a figure's value as shown."""
    def fmt(raw: object) -> str:
        try:
            d = Decimal(str(raw))
        except InvalidOperation:
            return str(raw)
        return f"{int(d):,}" if d == d.to_integral_value() else f"{d:,}"

    if "value" in attrs:
        number = fmt(attrs["value"])
    elif "lower" in attrs or "upper" in attrs:
        number = f"{fmt(attrs.get('lower', '?'))}–{fmt(attrs.get('upper', '?'))}"
    else:
        return str(attrs.get("qualifier", "no value"))
    qualifier = attrs.get("qualifier")
    return f"{number} ({str(qualifier).replace('-', ' ')})" if qualifier else number


def _ports(
    edges: list[tuple[str, str]], boxes: dict[str, _Box], top: int, arcs: set[tuple[str, str]],
) -> dict[tuple[str, str, str], tuple[float, float]]:
    """Where each edge leaves and enters its boxes, spread along the side it uses."""
    sides: dict[tuple[str, str], list[tuple[tuple[float, float, str], tuple[str, str, str]]]] = {}
    for u, v in edges:
        bu, bv = boxes[u], boxes[v]
        if (u, v) in arcs:
            ends = ((u, "top", bv), (v, "top", bu))
        elif bv.col > bu.col:
            ends = ((u, "right", bv), (v, "left", bu))
        else:
            ends = ((u, "left", bv), (v, "right", bu))
        for node, side, other in ends:
            order = (-other.x, 0.0, other.node) if side == "top" else (float(other.y(top)), other.x, other.node)
            sides.setdefault((node, side), []).append((order, (u, v, node)))
    out: dict[tuple[str, str, str], tuple[float, float]] = {}
    for (node, side), items in sorted(sides.items()):
        b = boxes[node]
        x, y = b.x, b.y(top)
        for i, (_, key) in enumerate(sorted(items)):
            frac = (i + 1) / (len(items) + 1)
            if side == "top":
                out[key] = (x + BOX_W * frac, y)
            else:
                out[key] = (x + (BOX_W if side == "right" else 0), y + BOX_H * frac)
    return out


def _arc_levels(arcs: list[tuple[str, str]], boxes: dict[str, _Box]) -> dict[tuple[str, str], int]:
    """Stack arcs so that no two arcs over the same layers share a height: shorter arcs lower."""
    spans = {e: (min(boxes[e[0]].col, boxes[e[1]].col), max(boxes[e[0]].col, boxes[e[1]].col)) for e in arcs}
    levels: dict[tuple[str, str], int] = {}
    for e in sorted(arcs, key=lambda a: (spans[a][1] - spans[a][0], spans[a], a)):
        lo, hi = spans[e]
        clash = [levels[o] for o in levels if spans[o][0] < hi and lo < spans[o][1]]
        levels[e] = max(clash) + 1 if clash else 0
    return levels


def _is_arc(u: _Box, v: _Box, row0: set[int]) -> bool:
    if abs(u.col - v.col) <= 1:
        return False
    between = range(min(u.col, v.col) + 1, max(u.col, v.col))
    return not (u.row == 0 and v.row == 0 and not any(c in row0 for c in between))


def _title(text: str) -> str:
    """A tooltip, marked as Arabic when it holds Arabic (screen readers read it so)."""
    lang = ' xml:lang="ar" lang="ar"' if ARABIC.search(text) else ""
    return f"<title{lang}>{_esc(text)}</title>"


def _text(x: float, y: float, text: str, size: int, *, anchor: str = "start", weight: str = "normal",
          fill: str = "#111827", halo: bool = False) -> str:
    extra = ' stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke"' if halo else ""
    bold = ' font-weight="bold"' if weight == "bold" else ""
    lang = ' xml:lang="ar" lang="ar"' if ARABIC.search(text) else ""  # read as Arabic by screen readers
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"'
            f"{bold}{extra}{lang}>{_esc(text)}</text>")


def draw_provenance_svg(g: nx.DiGraph[str], figure: str, path: Path) -> None:
    """Write the provenance of ``figure`` (an IRI of ``g``) to ``path`` as SVG."""
    path.write_text(provenance_svg(g, figure), encoding="utf-8", newline="\n")


def provenance_svg(g: nx.DiGraph[str], figure: str) -> str:
    columns = _columns(g, figure)
    boxes = {n: _Box(n, c, r) for c, (_, rows) in enumerate(columns) for r, n in enumerate(rows) if n is not None}
    row0 = {b.col for b in boxes.values() if b.row == 0}
    edges = _edges(g, figure, boxes)
    arcs = [e for e in edges if _is_arc(boxes[e[0]], boxes[e[1]], row0)]
    levels = _arc_levels(arcs, boxes)
    top = HEADER_Y + 16 + (ARC_BASE + max(levels.values()) * ARC_STEP + 12 if levels else 0)
    ports = _ports(edges, boxes, top, set(arcs))
    n_rows = max(len(rows) for _, rows in columns)
    width = 2 * MARGIN + len(columns) * BOX_W + (len(columns) - 1) * COL_GAP
    legend_y = top + n_rows * (BOX_H + ROW_GAP) + 10
    height = legend_y + 34

    attrs = g.nodes[figure]
    label = str(attrs.get("label", local_id(figure)))
    c = corroboration(g, figure)
    depth = len(provenance(g, figure).steps()) - 1
    title = f"Provenance of “{label}” = {value_text(attrs)}"
    subtitle = (f"figure {local_id(figure)} · chain depth {depth} · claim stated in {len(c.articles)} "
                f"article(s) · {len(c.origins)} independent origin(s)")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{_esc(FONT)}">',
        _title(title),
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#374151"/></marker></defs>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        _text(MARGIN, 30, title, 17, weight="bold"),
        _text(MARGIN, 52, subtitle, 12, fill="#4b5563"),
    ]
    for col, (header, _) in enumerate(columns):
        x = MARGIN + col * (BOX_W + COL_GAP) + BOX_W / 2
        out.append(_text(x, HEADER_Y, header.upper(), 11, anchor="middle", weight="bold", fill="#6b7280"))
    out.append('<g fill="none" stroke="#374151" stroke-width="1.4">')
    labels = []
    for u, v in edges:
        (x1, y1), (x2, y2) = ports[(u, v, u)], ports[(u, v, v)]
        rel = str(g.edges[u, v]["relation"])
        if (u, v) in levels:
            apex = top - ARC_BASE - levels[(u, v)] * ARC_STEP
            ctrl = (apex - 0.25 * top) / 0.75  # a cubic with both controls at ctrl peaks at apex
            out.append(f'<path d="M{_n(x1)},{_n(y1)} C{_n(x1)},{_n(ctrl)} {_n(x2)},{_n(ctrl)} {_n(x2)},{_n(y2)}" '
                       f'marker-end="url(#arrow)"><title>{_esc(rel)}</title></path>')
            labels.append(_text((x1 + x2) / 2, apex - 5, rel, 11, anchor="middle", fill="#374151", halo=True))
        else:
            out.append(f'<path d="M{_n(x1)},{_n(y1)} L{_n(x2)},{_n(y2)}" marker-end="url(#arrow)">'
                       f"<title>{_esc(rel)}</title></path>")
            labels.append(_text((x1 + x2) / 2, (y1 + y2) / 2 - 5, rel, 11, anchor="middle", fill="#374151",
                                halo=True))
    out.append("</g>")
    out.extend(labels)
    for node, b in sorted(boxes.items(), key=lambda item: (item[1].col, item[1].row)):
        out.extend(_box(g, b, top, related=node != figure))
    out.extend(_legend(legend_y))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _box(g: nx.DiGraph[str], b: _Box, top: int, *, related: bool) -> list[str]:
    attrs = g.nodes[b.node]
    kind = str(attrs.get("kind", "actor"))
    fill, stroke = COLOURS.get(kind, ("#ffffff", "#111827"))
    x, y = b.x, b.y(top)
    related = related and kind == "figure"
    dash = ' stroke-dasharray="5 3"' if related else ""
    caption = "related figure" if related else kind
    full = f"{attrs.get('label', local_id(b.node))} <{b.node}>"
    out = [
        f'<g class="node {kind}">',
        _title(full),
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="9" fill="{fill}" stroke="{stroke}" '
        f'stroke-width="1.5"{dash}/>',
        _text(x + 10, y + 15, caption.upper(), 9, weight="bold", fill=stroke),
    ]
    for i, line in enumerate(_lines(g, b.node)):
        bold = "bold" if kind == "figure" and i == 0 else "normal"
        out.append(_text(x + 10, y + 33 + 15 * i, line, 12, weight=bold))
    out.append("</g>")
    return out


def _legend(y: int) -> list[str]:
    out = []
    x = MARGIN
    for kind, (fill, stroke) in COLOURS.items():
        out.append(f'<rect x="{x}" y="{y}" width="16" height="12" rx="3" fill="{fill}" stroke="{stroke}"/>')
        out.append(_text(x + 22, y + 10, kind, 11, fill="#374151"))
        x += 30 + 8 * len(kind) + 20
    return out
