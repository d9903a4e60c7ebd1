"""Where the figures of a text are: numbers (digits, separators, number words in English and Arabic,
Arabic-Indic digits: :func:`kg.model.numbers.find_numbers`), ranges, and vague quantities.

Rules, in order:

* A vague quantity of the vocabulary (a qualifier with conventional bounds: "dozens", "hundreds", "عشرات")
  is a figure by itself, with no value.
* Two numbers joined by a range word of the vocabulary (the labels of the qualifier whose bounds the words
  state: "to", "-", "–", "إلى"), or by "and"/"و" after "between"/"بين", are one figure with low and high.
* An Arabic dual of a single-word label of what is counted or of a unit states two ("غارتان": two air
  strikes, of "غارة"; ``ة`` becomes ``ت`` before the dual's ``ان``/``ين``).
* A number is not a figure when it is a clock time (``21:30``: next to a colon between digits), a time-zone
  offset (``GMT+3``), a span of time or a distance (a unit of :data:`kg.draft.cues.SPAN_UNITS` follows:
  "2 min read", "two years"), or a year: four digits from 1900 to 2099 with no separator, not followed by
  what is counted ("since 2015", "in 2017"; "1771 children" stays a figure). Dates ("7 June 2018") are
  already left out by ``find_numbers``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.draft import cues
from kg.draft.lexicon import Lexicon, Phrases
from kg.model.numbers import find_numbers

_CLOCK = re.compile(r"[0-9٠-٩]\s*:\s*$|^\s*:\s*[0-9٠-٩]")
_OFFSET = re.compile(r"(?:GMT|UTC)\s*[+\-−]\s*$", re.IGNORECASE)
_YEAR = re.compile(r"[12][0-9]{3}|[١٢][٠-٩]{3}")


@dataclass(frozen=True, slots=True)
class Found:
    """A figure's number in the text: ``text[start:end]`` (the number, or both ends of a range)."""

    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    vague: str | None  # the vague quantity's qualifier concept ("dozens")
    range_word: str | None  # the range's qualifier concept ("between")
    reason: str
    concept: tuple[str, str] | None = None  # (scheme, concept) a word states with the number (an Arabic dual)


def find_figures(text: str, folded: str, lang: str, lex: Lexicon) -> list[Found]:
    numbers = [n for n in find_numbers(text, lang) if not _not_a_count(text, folded, n.start, n.end, n.text, lang, lex)]
    found: list[Found] = []
    i = 0
    while i < len(numbers):
        n = numbers[i]
        if i + 1 < len(numbers):
            m = numbers[i + 1]
            concept = _range(text, folded, n.start, n.end, m.start, lang, lex)
            if concept is not None:
                found.append(Found(n.start, m.end, None, n.value, m.value, None, concept,
                                   f"a range: {n.text!r} to {m.text!r} joined by {text[n.end:m.start].strip()!r}"))
                i += 2
                continue
        found.append(Found(n.start, n.end, n.value, None, None, None, None, f"the number {n.text!r} = {n.value}"))
        i += 1
    taken = [(f.start, f.end) for f in found]
    for hit in lex.vague.find(folded, lang):
        if any(s < hit.end and hit.start < e for s, e in taken):
            continue
        found.append(Found(hit.start, hit.end, None, None, None, hit.key, None,
                           f"the vague quantity {text[hit.start:hit.end]!r} (qualifier {hit.key} of the vocabulary)"))
    if lang == "ar":
        taken = [(f.start, f.end) for f in found]
        for scheme in ("counted", "units"):
            for hit in _duals(lex, scheme).find(folded, lang):
                if not any(s < hit.end and hit.start < e for s, e in taken):
                    found.append(Found(hit.start, hit.end, Decimal(2), None, None, None, None,
                                       f"{text[hit.start:hit.end]!r} is the Arabic dual of a label of {hit.key}: "
                                       f"two", concept=(scheme, hit.key)))
                    taken.append((hit.start, hit.end))
    return sorted(found, key=lambda f: f.start)


_DUALS: dict[tuple[int, str], Phrases] = {}


def _duals(lex: Lexicon, scheme: str) -> Phrases:
    key = (id(lex), scheme)
    if key not in _DUALS:
        entries: list[tuple[str, str, str]] = []
        for name in sorted(lex.vocab.schemes.get(scheme, frozenset())):
            for label in lex.vocab.labels.get(name, ()):
                word = label.text.strip()
                if label.lang.split("-")[0] != "ar" or " " in word:
                    continue
                stem = word[:-1] + "ت" if word.endswith("ة") else word
                entries += [(stem + "ان", name, "ar"), (stem + "ين", name, "ar")]
        _DUALS[key] = Phrases(entries)
    return _DUALS[key]


def _not_a_count(text: str, folded: str, start: int, end: int, written: str, lang: str, lex: Lexicon) -> bool:
    before, after = text[max(0, start - 8):start], text[end:end + 12]
    if _CLOCK.search(before) or _CLOCK.search(after) or _OFFSET.search(before):
        return True
    if cues.words(cues.SPAN_UNITS.get(lang, cues.SPAN_UNITS["en"])).match(after.lstrip()) and after[:1].isspace():
        return True
    if _YEAR.fullmatch(written) and 1900 <= int(written.translate(_DIGITS)) <= 2099:
        label_next = any(h.start - end <= 2 for s in lex.concepts.values() for h in s.find(folded, lang, end, end + 40))
        return not label_next
    return False


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _range(text: str, folded: str, a_start: int, a_end: int, b_start: int, lang: str, lex: Lexicon) -> str | None:
    between = text[a_end:b_start]
    if len(between) > 12 or "\n" in between:
        return None
    words = between.strip()
    if not words:
        return None
    keys = lex.range_words.keys(words, lang)
    if keys:
        return keys[0]
    if words.lower() in ("and", "و"):
        before = folded[max(0, a_start - 12):a_start].split()
        if before:
            keys = lex.range_words.keys(before[-1], lang)
            if keys:
                return keys[0]
    return None
