"""Numbers as reporting writes them, in English and Arabic.

A curator types ``value: 6686`` and ``words: "6,686 civilians"``; the build
checks that the words state that number, so a typo in either is caught
(:func:`states_number`). The drafting assistant finds every number in an
article with :func:`find_numbers`.

What is read as a number:

* Digits, in Western (``0-9``), Arabic-Indic (``٠-٩``, U+0660-0669) or
  Extended Arabic-Indic/Persian (``۰-۹``, U+06F0-06F9) script, with ``,`` or
  ``٬`` (U+066C) between groups of three and ``.`` or ``٫`` (U+066B) before
  decimals: ``6,686``, ``1771``, ``١٬٩٢٨``, ``٣٫٣``. A scale word may follow:
  ``3.3 million``, ``2 dozen``, ``٥ آلاف``, ``١٫٥ مليون``, and the unambiguous
  abbreviations ``1.2bn``, ``1.2mn``. ``1.2m`` and ``5k`` are *not* read (``m``
  is also metres and minutes), nor is any number glued to letters (``4th``,
  ``3km``). An Arabic ``و``/``ب``/``ل``/``ف`` may be glued in front (``و٥٢``).
* English number words of any size (``fifty-two``, ``two hundred and one``,
  ``a hundred``, ``three thousand five hundred``, ``a dozen``, ``half a
  million``, ``two and a half million``); see :func:`_english_words`.
* Arabic number words (``اثنين وخمسين``, ``مئتين``, ``خمسة آلاف``, ``ثلاثة
  ملايين``, ``أحد عشر``, ``مليون ونصف``), with or without hamza, diacritics,
  ``ة``/``ه``, ``ى``/``ي``; see :func:`_arabic_words`.

What is not (judgement calls, kept here so every caller gets the same answer):

* Vague quantities: ``hundreds (of)``, ``thousands``, ``tens of thousands``,
  ``dozens``, ``scores``, ``several hundred``, ``a few dozen``; ``عشرات``,
  ``مئات``, ``آلاف`` and ``ملايين`` standing alone, ``عشرات الآلاف``. A bare
  scale word counts only after ``a``/``an``: ``a hundred`` is 100, ``several
  hundred`` is nothing. ``dozen`` alone is 12.
* Ordinals: ``first``, ``fourth anniversary``, ``21st``, ``الرابعة``;
  fractions (``two-thirds``, ``one half``); ``no one``, ``one another``, ``loved
  ones``.
* Numbers inside an obvious date: ``7 October 2023``, ``October 7, 2023``,
  ``March 2024``, ``2023-10-07``, ``7/10/2023``, ``the year 2023``, ``٧
  أكتوبر ٢٠٢٣``, ``٧ تشرين الأول``, ``عام ٢٠٢٣``. Month names must be
  capitalised (``52 may have died`` is a number); a month then a day is a date
  (``in March 25 people died`` loses its 25: reporting writes ``In March, 25``).
  A bare year (``in 2023``) is a number: ``2023`` is also a plausible toll, and
  the curator's value decides.
* Languages: ``en`` and ``ar`` words (``en-GB``, ``ar-SY`` count as theirs);
  digits are read in every language; ``lang=None`` reads both languages' words.

Speed: :func:`states_number` runs once per figure when a corpus loads, so a
value written in digits is found without the word readers, and the readings of
short texts (figure words) are cached.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Final

# English number words: text2num (PyPI ``text2num``, module ``text_to_num``, MIT, maintained, a Rust core
# with manylinux wheels). Measured against number-parser 0.3.2, word2number 1.1, numerizer 0.2.4 and text2num
# 3.1.0 on: fifty-two, two hundred and one, one hundred, a hundred, twenty-one, three thousand five hundred,
# dozen, a dozen, hundreds (of), thousands, tens of thousands, first, fourth anniversary, 3.3 million.
# - all four: right on fifty-two 52, two hundred and one 201, one hundred 100, twenty-one 21, 3500.
# - word2number: one number per call (drops the rest: "two dozen" -> 2), no positions: unusable for finding.
# - numerize: regex rewriting, no positions; "a dozen" -> "1 dozen", "hundreds" -> "100s".
# - number-parser: no positions; leaves vague plurals alone (right) but reads ordinals as cardinals
#   ("first" -> 1, "fourth anniversary" -> "4 anniversary"): wrong for us; last release 2023.
# - text2num: the only one with positions (find_numbers over our own tokens, with a per-token veto,
#   ``not_a_number_part``) and an ordinal flag; 2.3 us a call. Wrong for us, and corrected here: plurals
#   "hundreds"/"thousands"/"tens"/"ones" read as 100/1000/10/1 (vetoed), "o" read as 0 (vetoed),
#   "several hundred" -> 100 (a bare scale word needs "a"/"an"), "a hundred" spans only "hundred" (widened),
#   no "dozen" (ours), "two-thirds" -> 2 (fractions dropped), "two and a half million" -> 2 and 10^6 (ours).
# None of the four reads Arabic; number-parser has no "ar", see _arabic_words for pyarabic.
from text_to_num import find_numbers as _text2num_find  # type: ignore[import-untyped]

__all__ = ["LANGUAGES", "NumberMatch", "find_numbers", "numbers_in", "parse_number", "states_number"]

#: Languages whose number words are read; digits are read in any text.
LANGUAGES: Final = ("en", "ar")


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number written in a text: ``text == source[start:end]`` (code-point offsets)."""

    start: int
    end: int
    text: str
    value: Decimal


# --- digits -------------------------------------------------------------------------------------------

_D = "0-9\u0660-\u0669\u06f0-\u06f9"
_EN_SCALE_AFTER_DIGITS = r"(?i:thousand|million|billion|trillion|hundred|dozen|bn|mn)"
_AR_SCALE_AFTER_DIGITS = "(?:[أاآ]لف|[أاآ]لاف|[أا]لوف|مليون|ملايين|مليار|مليارات|بليون)[\u064b-\u0652]*ا?"
_NUMBER = re.compile(  # what comes before the digits is checked by _starts_number (a leading lookbehind is slow)
    rf"(?P<int>[{_D}]{{1,3}}(?:[,\u066c][{_D}]{{3}})+|[{_D}]+)"
    rf"(?:[.\u066b](?P<frac>[{_D}]+))?"
    rf"(?![.\u066b][{_D}])"
    rf"(?:\s*(?P<scale>{_EN_SCALE_AFTER_DIGITS}|{_AR_SCALE_AFTER_DIGITS})(?!\w)|(?!\w))"
)
_GLUED_PREFIXES = "\u0648\u0628\u0644\u0641"  # و ب ل ف
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.", ",\u066c")
_SCALES: dict[str, int] = {
    "hundred": 100, "dozen": 12, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "bn": 10**9, "mn": 10**6,
}

# --- dates (numbers inside them are not counts) ---------------------------------------------------------

_DAY = "(?:[3٣۳][01٠١۰۱]|[12١٢۱۲][0-9٠-٩۰-۹]|[0٠۰]?[1-9١-٩۱-۹])(?![0-9٠-٩۰-۹])"
_YEAR = rf"[{_D}]{{4}}(?![{_D}])"
_EN_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
             r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?")
_AR_MONTH = ("(?:يناير|فبراير|مارس|[أإا]بريل|مايو|يونيو|يونيه|يوليو|يوليه|[أا]غسطس|سبتمبر|[أا]كتوبر|نوفمبر|ديسمبر"
             "|كانون ال[أا]ول|كانون الثاني|شباط|[آا]ذار|نيسان|[أا]يار|حزيران|تموز|آب|[أا]يلول"
             "|تشرين ال[أا]ول|تشرين الثاني)(?!\\w)")
_AR_YEAR_WORD = "(?:[عل]?عام|ل?سنة|العام)"
_DATE = re.compile(
    rf"(?<![\w.])(?:"
    rf"{_DAY}(?:st|nd|rd|th)?(?:\s+of)?\s+{_EN_MONTH}(?:,?\s+{_YEAR})?"
    rf"|{_EN_MONTH}\s+{_DAY}(?:st|nd|rd|th)?(?!\w)(?:,?\s+{_YEAR})?"
    rf"|{_EN_MONTH},?\s+{_YEAR}"
    rf"|[{_D}]{{4}}-[{_D}]{{1,2}}-[{_D}]{{1,2}}(?![{_D}])"
    rf"|[{_D}]{{1,2}}/[{_D}]{{1,2}}/(?:[{_D}]{{4}}|[{_D}]{{2}})(?![{_D}])"
    rf"|(?i:year)\s+{_YEAR}"
    rf"|{_DAY}\s+(?:من\s+)?{_AR_MONTH}(?:\s+(?:{_AR_YEAR_WORD}\s+)?{_YEAR})?"
    rf"|{_AR_MONTH}\s+(?:{_AR_YEAR_WORD}\s+)?{_YEAR}"
    rf"|{_AR_YEAR_WORD}\s+{_YEAR}"
    rf")"
)
# Whether _DATE can match at all, cheaply: a character it needs, then a word it needs (every month and
# year word of _DATE contains one of these).
_DATE_CHARS = re.compile("[JFMASONDyY/\u0600-\u06ff-]")
_DATE_HINT = re.compile(
    rf"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|(?i:year)|[{_D}][-/][{_D}]"
    "|يناير|فبراير|مارس|بريل|مايو|يوني|يولي|غسطس|سبتمبر|كتوبر|نوفمبر|ديسمبر"
    "|كانون|شباط|ذار|نيسان|يار|حزيران|تموز|آب|يلول|تشرين|عام|سنة"
)

# --- English words ------------------------------------------------------------------------------------

_EN_HINT = re.compile(
    r"(?i)\b(?:zero|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|hundred|thousand|million|billion|trillion|dozen)\b"
)
_TOKEN = re.compile(r"[^\W\d_]+|\d+|\S")
#: Words text2num reads as numbers that are not: vague plurals, "loved ones", "o'clock".
_EN_VETO = frozenset({
    "hundreds", "thousands", "millions", "billions", "trillions", "tens", "dozens", "scores", "ones",
    "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties", "teens",
    "o", "oh",
})
_EN_BARE_SCALES = frozenset({"hundred", "thousand", "million", "billion", "trillion"})
_EN_FRACTIONS = frozenset({
    "half", "halves", "quarter", "quarters", "third", "thirds", "fourths", "fifth", "fifths", "sixth", "sixths",
    "seventh", "sevenths", "eighth", "eighths", "ninth", "ninths", "tenth", "tenths", "hundredth", "hundredths",
    "thousandth", "thousandths",
})
_EN_VAGUE_BEFORE_DOZEN = frozenset({"several", "few", "many", "couple"})
_HALF = Decimal("0.5")

# --- Arabic words -------------------------------------------------------------------------------------

_AR_WORD = re.compile("[\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06fa-\u06ff]+")
_AR_LETTER = re.compile("[\u0621-\u064a]")
_AR_MARKS = "".join(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, 0x0640])
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", **dict.fromkeys(_AR_MARKS)})

# kinds: unit (1-9), teen (1 and 2 forms used only before عشر), ten (10; also the -teen word), tens (20-90),
# hundred (100-900), scale (singular: ألف), dual (ألفين = 2 x scale), plural (آلاف: only after 3-10,
# vague alone), half (نصف), zero.
_AR_LEXICON: dict[str, tuple[str, int]] = {}


def _ar_norm(word: str) -> str:
    """Fold the spellings of one word: hamza on alef, ة/ه, ى/ي; drop diacritics and tatweel."""
    return word.translate(_AR_FOLD)


def _lexicon(kind: str, value: int, *spellings: str) -> None:
    for s in spellings:
        _AR_LEXICON[_ar_norm(s)] = (kind, value)


_lexicon("zero", 0, "صفر")
_lexicon("unit", 1, "واحد", "واحدة")
_lexicon("teen", 1, "أحد", "إحدى")
_lexicon("unit", 2, "اثنان", "اثنين", "اثنتان", "اثنتين", "إثنان", "إثنين")
_lexicon("teen", 2, "اثنا", "اثني", "اثنتا", "اثنتي")
_AR_UNIT_STEMS = {3: ("ثلاث", "ثلاثة"), 4: ("أربع", "أربعة"), 5: ("خمس", "خمسة"), 6: ("ست", "ستة"),
                  7: ("سبع", "سبعة"), 8: ("ثمان", "ثماني", "ثمانية"), 9: ("تسع", "تسعة")}
for _n, _forms in _AR_UNIT_STEMS.items():
    _lexicon("unit", _n, *_forms)
    _lexicon("tens", _n * 10, _forms[0] + "ون", _forms[0] + "ين")  # ثلاثون, ثلاثين
    for _stem in _forms[:-1]:  # ثلاثمئة, ثلاثمائة, ثمانمئة, ثمانيمائة
        _lexicon("hundred", _n * 100, _stem + "مئة", _stem + "مائة")
_lexicon("ten", 10, "عشر", "عشرة")
_lexicon("tens", 20, "عشرون", "عشرين")
_lexicon("hundred", 100, "مئة", "مائة")
_lexicon("hundred", 200, "مئتان", "مئتين", "مئتا", "مئتي", "مائتان", "مائتين", "مائتا", "مائتي")
_lexicon("scale", 10**3, "ألف", "ألفا")  # ألفا: the accusative (عشرون ألفا), not the dual construct
_lexicon("dual", 10**3, "ألفان", "ألفين")
_lexicon("plural", 10**3, "آلاف", "ألوف")
_lexicon("scale", 10**6, "مليون", "مليونا")
_lexicon("dual", 10**6, "مليونان", "مليونين")
_lexicon("plural", 10**6, "ملايين")
_lexicon("scale", 10**9, "مليار", "مليارا", "بليون")
_lexicon("dual", 10**9, "ملياران", "مليارين")
_lexicon("plural", 10**9, "مليارات")
_lexicon("half", 0, "نصف")
_AR_SCALE_AFTER_DIGITS_VALUE = {w: v for w, (k, v) in _AR_LEXICON.items() if k in ("scale", "plural")}


# --- API ----------------------------------------------------------------------------------------------


def find_numbers(text: str, lang: str | None = None) -> list[NumberMatch]:
    """Every number written in ``text``, in order, with its offsets (code points)."""
    return list(_scan(text, _languages(lang)))


def numbers_in(text: str, lang: str | None = None) -> list[Decimal]:
    """Every number written in ``text``, in order."""
    return [m.value for m in _scan(text, _languages(lang))]


def parse_number(text: str, lang: str | None = None) -> Decimal | None:
    """The number a short phrase states (``"at least fifty-two"`` -> 52), or None unless it states exactly one."""
    found = _scan(text, _languages(lang))
    return found[0].value if len(found) == 1 else None


def states_number(text: str, value: Decimal, lang: str | None = None) -> bool:
    """True when ``text`` writes ``value`` in one of the usual ways."""
    if not _may_have_dates(text):  # fast path: the value in digits, as most figures write it
        for m in _NUMBER.finditer(text):
            if _starts_number(text, m.start()) and _digits_value(m) == value:
                return True
    return any(m.value == value for m in _scan(text, _languages(lang)))


def _languages(lang: str | None) -> str:
    """``"en"``, ``"ar"`` or ``"en,ar"`` (None); another language reads digits only (``""``)."""
    if lang is None:
        return "en,ar"
    primary = lang.split("-", 1)[0].split("_", 1)[0].lower()
    return primary if primary in LANGUAGES else ""


_CACHED_LENGTH = 300  # figure words, quotes and headlines are cached; whole articles are not kept alive


def _scan(text: str, langs: str) -> tuple[NumberMatch, ...]:
    return _scan_short(text, langs) if len(text) <= _CACHED_LENGTH else _read(text, langs)


@lru_cache(maxsize=8192)
def _scan_short(text: str, langs: str) -> tuple[NumberMatch, ...]:
    return _read(text, langs)


def _read(text: str, langs: str) -> tuple[NumberMatch, ...]:
    dates = [m.span() for m in _DATE.finditer(text)] if _may_have_dates(text) else []
    found = _digits(text, dates)
    taken = sorted(dates + [(m.start, m.end) for m in found])
    if "en" in langs and _EN_HINT.search(text):
        found += _english_words(text, taken)
    if "ar" in langs and _AR_LETTER.search(text):
        found += _arabic_words(text, taken)
    if len(found) > 1:
        found.sort(key=lambda m: m.start)
    return tuple(found)


def _may_have_dates(text: str) -> bool:
    return _DATE_CHARS.search(text) is not None and _DATE_HINT.search(text) is not None


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans``, which are sorted and do not overlap each other."""
    k = bisect_left(spans, (end, -1))  # the spans that start before ``end``...
    return k > 0 and spans[k - 1][1] > start  # ...the last of which ends after ``start``


def _tidy(value: Decimal) -> Decimal:
    """``3300000.0`` -> ``3300000``; other values as they are."""
    return Decimal(int(value)) if value == value.to_integral_value() else value


def _match(text: str, start: int, end: int, value: Decimal) -> NumberMatch:
    return NumberMatch(start, end, text[start:end], _tidy(value))


def _digits(text: str, dates: list[tuple[int, int]]) -> list[NumberMatch]:
    found: list[NumberMatch] = []
    for m in _NUMBER.finditer(text):
        if not _starts_number(text, m.start()) or (dates and _inside(m.start(), m.end("int"), dates)):
            continue
        found.append(_match(text, m.start(), m.end(), _digits_value(m)))
    return found


def _starts_number(text: str, start: int) -> bool:
    """Digits at ``start`` begin a number: not inside a word or after a decimal point; ``و٥٢`` is fine."""
    if start == 0:
        return True
    before = text[start - 1]
    if before in _GLUED_PREFIXES:
        return start == 1 or not (text[start - 2].isalnum() or text[start - 2] in "._\u066b")
    return not (before.isalnum() or before in "._\u066b")


def _digits_value(m: re.Match[str]) -> Decimal:
    whole, frac, scale = m.group("int", "frac", "scale")
    number = Decimal(whole.translate(_TO_ASCII) + ("." + frac.translate(_TO_ASCII) if frac else ""))
    if scale:
        word = scale.lower()
        factor = _SCALES.get(word)
        if factor is None:  # an Arabic scale word, with its tanween alef if any
            folded = _ar_norm(word)
            factor = _AR_SCALE_AFTER_DIGITS_VALUE.get(folded) or _AR_SCALE_AFTER_DIGITS_VALUE[folded[:-1]]
        number *= factor
    return number


class _Token(str):
    """A word, digit run or punctuation mark, as text2num's ``Token`` protocol wants it (a str: cheap to make)."""

    __slots__ = ()

    def text(self) -> str:
        return str(self)  # text2num wants an exact str

    def nt_separated(self, previous: object) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return self.lower() in _EN_VETO


class _Taken(_Token):
    """A token already read as part of a number in digits or of a date."""

    __slots__ = ()

    def not_a_number_part(self) -> bool:
        return True


def _english_words(text: str, taken: list[tuple[int, int]]) -> list[NumberMatch]:
    """English number words, read by text2num and corrected where it is wrong for reporting.

    text2num finds the runs (``two hundred and one``, ``fifty-two``) and flags ordinals; here: vague
    plurals and tokens already read as digits or dates are vetoed; a run that starts with a bare scale word
    counts only after ``a``/``an`` (``a hundred``, not ``several hundred``), ``half a`` halves it; ``N and a
    half [scale]``; ``[N|a|half a] dozen``; fractions (``two-thirds``), ``no one`` and ``one another`` are
    dropped.
    """
    spans = [m.span() for m in _TOKEN.finditer(text)]
    toks = [(_Taken if taken and _inside(s, e, taken) else _Token)(text[s:e]) for s, e in spans]
    n = len(toks)

    def low(i: int) -> str:
        return toks[i].lower() if 0 <= i < n else ""

    occurrences = [(int(o.start), int(o.end), str(o.text), bool(o.is_ordinal))
                   for o in _text2num_find(toks, "en", threshold=0)]
    found: list[NumberMatch] = []
    used_dozens: set[int] = set()
    i = 0
    while i < len(occurrences):
        s, e, digits, ordinal = occurrences[i]
        i += 1
        if ordinal:
            continue
        after = e + 1 if low(e) == "-" else e
        if low(after) in _EN_FRACTIONS or (i < len(occurrences) and occurrences[i][0] == after
                                            and occurrences[i][3] and low(after).endswith("s")):
            continue  # two-thirds, one half, three quarters
        if e - s == 1 and low(s) == "one" and (low(s - 1) == "no" or low(e) == "another"):
            continue
        value = Decimal(digits)
        if low(s) in _EN_BARE_SCALES:
            if low(s - 1) not in ("a", "an"):
                continue  # several hundred, a few thousand, per hundred
            s -= 1
            if low(s - 1) == "half":
                s -= 1
                value *= _HALF
        if (low(e), low(e + 1), low(e + 2)) == ("and", "a", "half"):
            if i < len(occurrences) and occurrences[i][0] == e + 3 and low(e + 3) in _EN_BARE_SCALES:
                value = (value + _HALF) * Decimal(occurrences[i][2])  # two and a half million
                e = occurrences[i][1]
                i += 1
            else:  # a million and a half; two and a half
                value += _HALF * _SCALES.get(low(e - 1), 1)
                e += 3
        if low(e) == "dozen" and not toks[e].not_a_number_part():
            value *= 12
            used_dozens.add(e)
            e += 1
        found.append(_match(text, spans[s][0], spans[e - 1][1], value))
    for k, tok in enumerate(toks):
        if k in used_dozens or tok.lower() != "dozen" or tok.not_a_number_part():
            continue
        s, value = k, Decimal(12)
        if low(k - 1) in ("a", "an"):
            s = k - 1
            if low(k - 2) == "half":
                s, value = k - 2, Decimal(6)
        elif low(k - 1) in _EN_VAGUE_BEFORE_DOZEN:
            continue
        found.append(_match(text, spans[s][0], spans[k][1], value))
    return found


def _arabic_words(text: str, taken: list[tuple[int, int]]) -> list[NumberMatch]:
    """Arabic number words, by a small parser of our own.

    pyarabic 0.6.15 (``pyarabic.number.text2number``), measured on the cases below, is wrong on four of
    them: ``مائتي`` -> 0 and ``مائتان`` -> 0 (200), ``آلاف`` alone -> 1000 (vague), and it adds up every
    number in a text (``قتل خمسة وجرح عشرة`` -> 15); it gives no offsets, is GPL (kg is MIT) and was last
    released in 2022. number-parser has no Arabic.

    Grammar: a number is a run of number words separated by spaces; the first may carry ``و`` (left out of
    the match), later ones join with ``و`` (``اثنين وخمسين`` = 2 + 50, ``ثلاثة آلاف وخمسمائة`` = 3500, ``مئة
    وخمسة وعشرون`` = 125) except a ``-teen`` (``خمسة عشر``), ``ثلاث مئة`` and a scale (``عشرون ألفا``,
    ``خمسة آلاف``, ``مئتي ألف``), which follow without it. Units, tens and hundreds each come once per
    group below a scale, and scales fall (``مليون ومئتا ألف``); a word that breaks these rules starts a new
    number. The plural scales (``آلاف``, ``ملايين``) count only after 3-10; alone, like ``عشرات`` and
    ``مئات`` (not in the lexicon), they are vague and read as nothing. Ordinals (``الرابعة``) and words with
    the article (``الآلاف``) are not in the lexicon. ``نصف مليون`` = 500,000, ``مليون ونصف`` = 1,500,000.
    """
    words: list[tuple[int, int, int, str, int]] = []  # start (after a leading و), end, token start, kind, value
    for m in _AR_WORD.finditer(text):
        if taken and _inside(m.start(), m.end(), taken):
            continue
        folded = _ar_norm(m.group())
        entry = _AR_LEXICON.get(folded)
        start = m.start()
        if entry is None and len(folded) > 2 and folded[0] == "و":
            entry = _AR_LEXICON.get(folded[1:])
            start += 1
            while start < m.end() and text[start] in _AR_MARKS:
                start += 1
        if entry is not None:
            words.append((start, m.end(), m.start(), *entry))
    found: list[NumberMatch] = []
    phrase: _ArabicNumber | None = None
    prev_end = -1
    for start, end, token_start, kind, value in words:
        conj = start != token_start
        adjacent = prev_end >= 0 and text[prev_end:token_start].isspace()
        if phrase is not None and not (adjacent and phrase.extend(kind, value, conj, end)):
            found += phrase.close(text)
            phrase = None
        if phrase is None:
            phrase = _ArabicNumber.begin(kind, value, start, end)
        prev_end = end
    if phrase is not None:
        found += phrase.close(text)
    return found


class _ArabicNumber:
    """One Arabic number being read: ``total`` of the scales so far plus the ``group`` below the last scale."""

    __slots__ = ("end", "finished", "group", "last_kind", "last_scale", "last_value", "pending", "slots", "start",
                 "total")

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end
        self.total = Decimal(0)
        self.group = Decimal(0)
        self.slots: set[str] = set()  # u(nits), t(ens), h(undreds) filled in the group
        self.last_scale = 10**15
        self.last_kind, self.last_value = "", 0
        self.pending = ""  # "teen": needs عشر next; "half": needs a scale next
        self.finished = False  # zero, or ونصف: nothing follows

    @classmethod
    def begin(cls, kind: str, value: int, start: int, end: int) -> _ArabicNumber | None:
        if kind == "plural":
            return None  # آلاف alone: thousands
        self = cls(start, end)
        if kind in ("unit", "teen"):
            self.group, self.slots = Decimal(value), {"u"}
            self.pending = "teen" if kind == "teen" else ""
        elif kind == "ten":
            self.group, self.slots = Decimal(10), {"u", "t"}
        elif kind == "tens":
            self.group, self.slots = Decimal(value), {"t"}
        elif kind == "hundred":
            self.group, self.slots = Decimal(value), {"h"}
        elif kind in ("scale", "dual"):
            self.total, self.last_scale = Decimal(value * (2 if kind == "dual" else 1)), value
        elif kind == "half":
            self.pending = "half"
        else:  # zero
            self.finished = True
        self.last_kind, self.last_value = kind, value
        return self

    def extend(self, kind: str, value: int, conj: bool, end: int) -> bool:
        """Take the next word if it continues this number (and say so)."""
        if self.finished or not self._take(kind, value, conj):
            return False
        self.end, self.last_kind, self.last_value = end, kind, value
        return True

    def _take(self, kind: str, value: int, conj: bool) -> bool:
        if self.pending == "teen":
            if kind != "ten" or conj:
                return False
            self.group += 10
            self.slots.add("t")
            self.pending = ""
            return True
        if self.pending == "half":
            if kind != "scale" or conj:
                return False
            self.total, self.last_scale, self.pending = value * _HALF, value, ""
            return True
        just_a_unit = self.last_kind == "unit" and self.group == self.last_value
        if not conj:
            if kind == "ten" and self.last_kind == "unit" and "t" not in self.slots:  # خمسة عشر
                self.group += 10
                self.slots.add("t")
            elif kind == "hundred" and value == 100 and just_a_unit and 3 <= self.last_value <= 9:  # ثلاث مئة
                self.group, self.slots = Decimal(self.last_value * 100), {"h"}
            elif value < self.last_scale and (
                (kind == "scale" and self.group > 0)  # عشرون ألفا, مئة ألف
                or (kind == "plural" and self.slots <= {"u", "t"} and 3 <= self.group <= 10)  # خمسة آلاف
            ):
                self._scale(self.group * value, value)
            else:
                return False
            return True
        if kind in ("scale", "dual") and self.group == 0 and value < self.last_scale:  # مليون وألفين
            self._scale(Decimal(value * (2 if kind == "dual" else 1)), value)
        elif kind == "half" and (self.group > 0 or self.last_scale < 10**15):  # مليون ونصف, خمسة ونصف
            if self.group > 0:
                self.group += _HALF
            else:
                self.total += self.last_scale * _HALF
            self.finished = True
        else:
            need = {"unit": {"u"}, "ten": {"u", "t"}, "tens": {"t"}, "hundred": {"h", "u", "t"}}.get(kind)
            if need is None or need & self.slots:
                return False
            self.group += value
            self.slots |= need if kind != "hundred" else {"h"}
        return True

    def _scale(self, amount: Decimal, scale: int) -> None:
        self.total += amount
        self.group, self.slots, self.last_scale = Decimal(0), set(), scale

    def close(self, text: str) -> list[NumberMatch]:
        if self.pending:
            return []
        return [_match(text, self.start, self.end, self.total + self.group)]
