"""An archived text as HTML, with quotes highlighted and figures' words marked, at their verified offsets.

Offsets are the code points the build verified (W3C TextPositionSelector). Spans nest: a figure's words sit
inside its quote. Where two spans cross (one starts inside the other and ends after it), the later one is
cut where the earlier ends and goes on in a second element, so the HTML stays well formed and every
character keeps every highlight it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    level: int  # 0: a quote, 1: a figure's words (inside quotes)
    open: str  # the opening tag(s)
    close: str  # the matching closing tag(s)


def _uncross(spans: list[Span]) -> list[Span]:
    out = sorted(spans, key=lambda s: (s.start, -s.end, s.level))
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(out):
            for j in range(i + 1, len(out)):
                b = out[j]
                if b.start >= a.end:
                    break
                crosses = b.start > a.start and b.end > a.end
                if crosses or (b.start == a.start and b.end > a.end and b.level < a.level):
                    first, rest = Span(b.start, a.end, b.level, b.open, b.close), Span(a.end, b.end, b.level,
                                                                                       b.open, b.close)
                    out[j:j + 1] = [first]
                    out.append(rest)
                    out.sort(key=lambda s: (s.start, -s.end, s.level))
                    changed = True
                    break
            if changed:
                break
    return out


def render(text: str, spans: list[Span]) -> str:
    """``text`` as escaped HTML with every span's tags around its characters (empty spans left out)."""
    ordered = _uncross([s for s in spans if 0 <= s.start < s.end <= len(text)])
    out: list[str] = []
    stack: list[Span] = []
    at = 0
    for span in ordered:
        while stack and stack[-1].end <= span.start:
            top = stack.pop()
            out.append(escape(text[at:top.end], quote=False))
            out.append(top.close)
            at = top.end
        out.append(escape(text[at:span.start], quote=False))
        out.append(span.open)
        at = span.start
        stack.append(span)
    while stack:
        top = stack.pop()
        out.append(escape(text[at:top.end], quote=False))
        out.append(top.close)
        at = top.end
    out.append(escape(text[at:], quote=False))
    return "".join(out)
