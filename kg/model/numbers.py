"""Check that a figure's words really contain its number.

A curator types ``value: 6686`` and ``words: "6,686 civilians"``; the build
checks that the words state that number, so a typo in either is caught. Numbers
are read as sources write them: ``6,686``, ``1771``, ``3.3 million``, ``two``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}
_SCALES = {"thousand": Decimal(1000), "million": Decimal(10**6), "billion": Decimal(10**9)}
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s+(thousand|million|billion))?(?![\w])",
    re.IGNORECASE,
)


def numbers_in(text: str) -> list[Decimal]:
    """Every number written in ``text``, in order."""
    found: list[Decimal] = []
    for match in _NUMBER.finditer(text):
        whole, frac, scale = match.groups()
        try:
            number = Decimal(whole.replace(",", "") + (f".{frac}" if frac else ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits digits only
            continue
        if scale:
            number *= _SCALES[scale.lower()]
        found.append(number)
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in _WORDS:
            found.append(Decimal(_WORDS[word.lower()]))
    return found


def states_number(text: str, value: Decimal) -> bool:
    """True when ``text`` writes ``value`` in one of the usual ways."""
    return any(number == value for number in numbers_in(text))
