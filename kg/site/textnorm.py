"""The text rules of the site's search, shared with ``static/search.js`` (the tests run both on the same strings).

A query typed in the browser must meet the index written here on the same tokens, so both sides apply these
steps in this order, and nothing else:

1. Unicode NFKC (full-width letters, ligatures and presentation forms become plain letters).
2. Case folding: Python's ``str.casefold``. JavaScript has only ``toLowerCase``; the characters whose fold
   differs from their lower case (ß, final sigma, Cherokee...) are listed by :func:`fold_table`, and the
   index's manifest carries that table to the browser, so both fold alike.
3. NFKD, then every non-spacing mark (category Mn) dropped: Latin diacritics (é -> e) and the Arabic
   harakat (U+064B-U+065F, U+0670) alike; tatweel U+0640 dropped; alef forms أ إ آ ٱ -> ا, ى -> ي, ة -> ه,
   ؤ -> و, ئ -> ي; Arabic-Indic and Eastern Arabic-Indic digits -> 0-9; the Arabic decimal separator ٫ -> ".".
4. Thousands separators dropped: a "," or "٬" between a digit and exactly three digits ("1,928" -> "1928";
   "3.3" and "1.928" are decimals and stay).
5. NFC (recomposes what step 3 decomposed and kept, such as Hangul syllables).

Tokens are the runs of letters and digits (``[\\p{L}\\p{N}]+``), a decimal such as "3.3" being one token.
An Arabic token beginning with the clitic و or ب, or the article ال, is also indexed without it when at least
three letters remain (بزردنا, الزردنا and والزردنا all index زردنا); queries are not stripped, so they match
what was written or its stem, and a search for a stem finds the prefixed forms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_ARABIC = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "\u0640": "", "٫": ".",
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
}
_THOUSANDS = re.compile(r"([0-9])[,\u066C](?=[0-9]{3}(?![0-9]))")
_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)+|[^\W_]+")
_CLITICS = ("و", "ب")
_ARTICLE = "ال"
_MIN_STEM = 3


@cache
def _tables() -> tuple[dict[int, str | None], dict[str, str]]:
    """The mark-dropping and Arabic mapping table for ``str.translate``, and the fold table (one scan of Unicode)."""
    drop: dict[int, str | None] = {}
    fold: dict[str, str] = {}
    # Planes 0 and 1 and the variation selectors of plane 14 hold every nonspacing mark and every character
    # whose case folding differs from its lower case; planes 2 and 3 are CJK ideographs (no case, no marks),
    # 4 to 13 are unassigned and 15 and 16 private use (checked against a scan of all of Unicode: same
    # tables, in 0.08 s instead of 0.7 s).
    for cp in (*range(0x20000), *range(0xE0000, 0xE1000)):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        if unicodedata.category(ch) == "Mn":
            drop[cp] = None
        elif ch.casefold() != ch.lower() and unicodedata.normalize("NFKC", ch) == ch:
            fold[ch] = ch.casefold()
    drop.update({ord(k): v for k, v in _ARABIC.items()})
    return drop, fold


def fold_table() -> dict[str, str]:
    """The characters whose ``casefold()`` differs from ``lower()``: the browser applies this before lower-casing."""
    return dict(_tables()[1])


def normalise(text: str) -> str:
    """The text as both sides of the search compare it (the steps in the module's docstring)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_tables()[0])
        text = unicodedata.normalize("NFC", text)
    return _THOUSANDS.sub(r"\1", text)


def tokens(text: str) -> list[str]:
    """The query tokens of ``text``, in order, normalised (no clitics stripped)."""
    return _TOKEN.findall(normalise(text))


def index_tokens(text: str) -> set[str]:
    """The tokens to index for ``text``: its tokens and the Arabic stems without a leading clitic or article."""
    found = set(_TOKEN.findall(normalise(text)))
    for token in list(found):
        stems = [token]
        if token[0] in _CLITICS and len(token) - 1 >= _MIN_STEM:
            stems.append(token[1:])
        for stem in stems:
            if stem.startswith(_ARTICLE) and len(stem) - len(_ARTICLE) >= _MIN_STEM:
                found.add(stem[len(_ARTICLE):])
        found.update(stems)
    return found
