"""A figure's qualifier, from the vocabulary's words in the text's language.

Rules: a qualifier label that ends right before the number (only spaces between: "at least 52", "nearly
6,200") or starts right after the figure's noun phrase ("٤٤ مدنياً على الأقل", Arabic puts it after) is the
figure's qualifier; a vague quantity is its own qualifier ("dozens"); a range's is the range word's concept
("between"); with none of these the number is ``exact``. When one wording belongs to several concepts (``نحو``:
approximately and around) the first by name is proposed and the reason names the others.
"""

from __future__ import annotations

import re

from kg.draft.lexicon import Lexicon
from kg.draft.model import Proposal
from kg.draft.numbers import Found

_WINDOW = 40


def qualifier(text: str, folded: str, lang: str, lex: Lexicon, fig: Found, np_end: int) -> tuple[Proposal, int, int]:
    """The qualifier, and where the figure's words start and end once it is included."""
    if fig.vague is not None:
        return Proposal(fig.vague, f"the vague quantity {text[fig.start:fig.end]!r} is qualifier {fig.vague}"), \
            fig.start, np_end
    start, end = fig.start, np_end
    before = [h for h in lex.qualifiers.find(folded, lang, max(0, fig.start - _WINDOW), fig.start)
              if not text[h.end:fig.start].strip()]
    if fig.range_word is not None:
        rule = f"a range whose ends the words state: {fig.range_word}"
        between = [h for h in lex.range_words.find(folded, lang, max(0, fig.start - 12), fig.start)
                   if not text[h.end:fig.start].strip() and h.end > h.start]
        if between:
            start = between[-1].start
        return Proposal(fig.range_word, rule), start, end
    after = [h for h in lex.qualifiers.find(folded, lang, np_end, min(len(text), np_end + _WINDOW))
             if not text[np_end:h.start].strip()]
    hit, side = (before[-1], "before") if before else (after[0], "after") if after else (None, "")
    if hit is None:
        return Proposal("exact", "no qualifier word next to the number: exact"), start, end
    keys = sorted(lex.qualifiers.keys(hit.label, lang)) or [hit.key]
    words = text[hit.start:hit.end]
    reason = f"{words!r} {side} the number is a wording of qualifier {keys[0]} ({lang})"
    if len(keys) > 1:
        reason += f"; also a wording of {', '.join(keys[1:])}: the curator chooses"
    if side == "before":
        start = hit.start
    else:
        end = hit.end
    return Proposal(keys[0], reason), start, end


def strip_space(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or re.match(r"[,.;:،]", text[end - 1])):
        end -= 1
    return start, end
