"""Anchor a quote in its archived text (W3C Web Annotation selectors).

Offsets are Unicode code points, start inclusive, end exclusive: exactly
Python string indices, as the TextPositionSelector defines them. Offsets are
always computed here, never typed by a curator. A quote that is not in the text
raises :class:`AnchorError` with the nearest text found and the first character
that differs, which is usually a curly quote typed straight.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

CONTEXT = 32
SLACK = 16  # characters of text beyond the quote's length that the nearest span may take


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class AnchorError(ValueError):
    """The quote is absent, or present more than once without an occurrence."""

    def __init__(self, message: str, nearest: str | None = None) -> None:
        super().__init__(message)
        self.nearest = nearest


def occurrences(text: str, exact: str) -> list[int]:
    starts: list[int] = []
    at = text.find(exact)
    while at != -1:
        starts.append(at)
        at = text.find(exact, at + 1)
    return starts


def anchor(text: str, exact: str, occurrence: int | None = None, offset: int = 0) -> Anchor:
    """Locate ``exact`` in ``text`` (searching from ``offset``) and build its selectors.

    ``occurrence`` (1-based) picks one of several identical spans; without it a
    quote found more than once is an error, because its anchor would be a guess.
    """
    if not exact:
        raise AnchorError("the quote is empty")
    starts = [s for s in occurrences(text, exact) if s >= offset]
    if not starts:
        near = nearest(text, exact)
        raise AnchorError(f"not found verbatim in the archived text; {describe(exact, near)}", near)
    if occurrence is None:
        if len(starts) > 1:
            where = ", ".join(str(s) for s in starts)
            raise AnchorError(
                f"found {len(starts)} times (at offsets {where}); add 'occurrence: N' to say which"
            )
        start = starts[0]
    else:
        if not 1 <= occurrence <= len(starts):
            raise AnchorError(f"occurrence {occurrence} asked, but the text holds {len(starts)}")
        start = starts[occurrence - 1]
    end = start + len(exact)
    return Anchor(start, end, exact, text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def nearest(text: str, exact: str) -> str:
    """The span of ``text`` most like ``exact``, aligned on it at both ends.

    The longest common run places the quote; the text around it is then aligned with the quote
    character by character, so a character missing or added at the start (``Te Syrian`` for
    ``The Syrian``) does not shift the span shown.
    """
    block = SequenceMatcher(None, text, exact, autojunk=False).find_longest_match(0, len(text), 0, len(exact))
    lo = max(0, block.a - block.b - SLACK)
    hi = min(len(text), block.a + len(exact) - block.b + SLACK)
    window = text[lo:hi]
    runs = [b for b in SequenceMatcher(None, window, exact, autojunk=False).get_matching_blocks() if b.size]
    if not runs:
        start = max(0, min(block.a - block.b, len(text) - len(exact)))
        return text[start : start + len(exact)]
    first, last = runs[0], runs[-1]
    start = max(0, lo + first.a - first.b)
    end = min(len(text), lo + last.a + last.size + len(exact) - (last.b + last.size))
    return text[start:end]


def describe(exact: str, near: str) -> str:
    """Say where ``exact`` and the nearest text first differ (a character replaced, missing or added)."""
    for tag, i1, _i2, j1, _j2 in SequenceMatcher(None, exact, near, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        at = f"nearest text: {near!r}; first difference at character {i1 + 1}: "
        if tag == "replace":
            return at + f"quote has {_char(exact[i1])}, text has {_char(near[j1])}"
        if tag == "delete":
            return at + f"quote has {_char(exact[i1])}, which the text has not"
        return at + f"text has {_char(near[j1])}, which the quote has not"
    return f"nearest text: {near!r}"


def _char(c: str) -> str:
    name = unicodedata.name(c, "unnamed")
    return f"{c!r} (U+{ord(c):04X} {name})"
