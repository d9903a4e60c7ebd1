"""Readings over time as an SVG chart: one series per source, its editions joined, superseded readings hollow.

Drawn by hand, like kg's provenance drawing: a time axis (days), a value axis from zero, a point per reading
(``<circle class="reading" data-figure=ID>`` in a link to the figure, with a tooltip), a vertical bar for a
reading that is an interval ("44–52", "dozens"), an optional band (an incident's min–max over every toll) and
a best-estimate line. The chart is a picture; the page gives the same readings as a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape

from kg.site.facts import number_text

W, H = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 76, 24, 20, 58
#: colour-blind-safe series colours (Okabe & Ito), all with 4.5:1 contrast or more on white but the yellow,
#: which is left out
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#8C510A", "#56B4E9", "#E69F00")


@dataclass(frozen=True)
class Point:
    figure: str  # id
    day: str  # ISO date
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    series: str  # the source's name
    label: str  # the tooltip
    current: bool
    href: str


def _nice(top: Decimal) -> Decimal:
    if top <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(top))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        candidate = Decimal(str(step)) * magnitude
        if candidate >= top:
            return candidate
    return top


def chart(points: list[Point], title: str, band: tuple[Decimal, Decimal] | None = None,
          best: Decimal | None = None) -> str:
    """The chart's SVG (empty string when no reading has a day and a number)."""
    usable = [p for p in points if p.day and (p.value is not None or p.low is not None or p.high is not None)]
    if not usable:
        return ""
    days = [date.fromisoformat(p.day[:10]).toordinal() for p in usable]
    d0, d1 = min(days), max(days)
    if d0 == d1:
        d0, d1 = d0 - 1, d1 + 1
    tops = [v for p in usable for v in (p.value, p.low, p.high) if v is not None]
    if band is not None:
        tops.append(band[1])
    top = _nice(max(tops) * Decimal("1.05"))
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(day: str) -> float:
        return LEFT + (date.fromisoformat(day[:10]).toordinal() - d0) / (d1 - d0) * pw

    def y(v: Decimal) -> float:
        return TOP + ph - float(v / top) * ph

    series = sorted({p.series for p in usable})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    height = H + 22 * ((len(series) + 2) // 3)
    out = [f'<svg class="chart" aria-labelledby="chart-title" viewBox="0 0 {W} {height}" '
           f'xmlns="http://www.w3.org/2000/svg">',
           f'<title id="chart-title">{escape(title)}</title>',
           f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="#ffffff" stroke="#6b7280"/>']
    for i in range(5):
        v = top * i / 4
        out.append(f'<line x1="{LEFT}" x2="{LEFT + pw}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e5e7eb"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" font-size="12" fill="#374151">'
                   f"{number_text(v.quantize(Decimal(1)) if v >= 10 else v)}</text>")
    for ordinal in sorted({d0, (d0 + d1) // 2, d1}):
        day = date.fromordinal(ordinal).isoformat()
        anchor = "start" if ordinal == d0 else "end" if ordinal == d1 else "middle"
        out.append(f'<text x="{x(day):.1f}" y="{TOP + ph + 18}" text-anchor="{anchor}" font-size="12" '
                   f'fill="#374151">{day}</text>')
    if band is not None:
        out.append(f'<rect class="band" x="{LEFT}" y="{y(band[1]):.1f}" width="{pw}" '
                   f'height="{max(y(band[0]) - y(band[1]), 1):.1f}" fill="#fde68a" fill-opacity="0.45">'
                   f"<title>min–max band over every toll: {number_text(band[0])}–{number_text(band[1])}</title></rect>")
    if best is not None:
        out.append(f'<line class="best" x1="{LEFT}" x2="{LEFT + pw}" y1="{y(best):.1f}" y2="{y(best):.1f}" '
                   f'stroke="#111827" stroke-dasharray="6 4"><title>best estimate {number_text(best)}</title></line>')
    for s in series:
        mine = sorted((p for p in usable if p.series == s), key=lambda p: p.day)
        path = [(x(p.day), y(_middle(p))) for p in mine]
        if len(path) > 1:
            d = " ".join(f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py) in enumerate(path))
            out.append(f'<path class="series" d="{d}" fill="none" stroke="{colour[s]}" stroke-width="1.5"/>')
    for p in sorted(usable, key=lambda p: (p.day, p.figure)):
        cx, c = x(p.day), colour[p.series]
        if p.low is not None and p.high is not None and p.low != p.high:
            out.append(f'<line x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(p.low):.1f}" y2="{y(p.high):.1f}" '
                       f'stroke="{c}" stroke-width="3" stroke-opacity="0.6"/>')
        fill = c if p.current else "#ffffff"
        out.append(f'<a href="{escape(p.href)}"><circle class="reading{" superseded" if not p.current else ""}" '
                   f'data-figure="{escape(p.figure)}" cx="{cx:.1f}" cy="{y(_middle(p)):.1f}" r="5.5" fill="{fill}" '
                   f'stroke="{c}" stroke-width="2"><title>{escape(p.label)}</title></circle></a>')
    ly = H - 14
    for i, s in enumerate(series):
        lx = LEFT + (i % 3) * 230
        yy = ly + 22 * (i // 3)
        out.append(f'<circle cx="{lx}" cy="{yy}" r="5" fill="{colour[s]}"/>'
                   f'<text x="{lx + 10}" y="{yy + 4}" font-size="12" fill="#111827">{escape(s[:34])}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _middle(p: Point) -> Decimal:
    if p.value is not None:
        return p.value
    if p.low is not None and p.high is not None:
        return (p.low + p.high) / 2
    return p.low if p.low is not None else p.high if p.high is not None else Decimal(0)
