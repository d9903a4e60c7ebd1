"""How texts write numbers and dates, and how outlets round a toll.

Every number written here is one :func:`kg.model.numbers.states_number` reads back:
``6,686``, ``1771``, ``3.3 million``, ``two``.
"""

from __future__ import annotations

import datetime as dt
import random

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def num(n: int, rng: random.Random) -> str:
    """``6,686`` mostly; ``1771`` now and then, as some sources write it."""
    if 1000 <= n < 10000 and rng.random() < 0.2:
        return str(n)
    return f"{n:,}"


def small(n: int, rng: random.Random) -> str:
    """``two`` or ``2`` for small counts."""
    if 1 <= n <= 10 and rng.random() < 0.7:
        return SMALL[n]
    return str(n)


def count(n: int, one: str, many: str) -> str:
    """``one child``, ``7 children``."""
    return f"one {one}" if n == 1 else f"{n} {many}"


def injured(n: int) -> tuple[str, str]:
    """The words and qualifier of ``n`` injured: ``more than 80 others`` from 20 up, else exact."""
    if n >= 20:
        return f"more than {n // 10 * 10} others", "more-than"
    return count(n, "other", "others"), "exact"


def millions(tenths: int) -> str:
    """``3.3 million`` for 33 tenths of a million, ``800,000`` below a million."""
    if tenths >= 10:
        whole, frac = divmod(tenths, 10)
        return f"{whole}.{frac} million" if frac else f"{whole} million"
    return f"{tenths * 100_000:,}"


def day(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def month(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def weekday(d: dt.date) -> str:
    return WEEKDAYS[d.weekday()]


def dateline(d: dt.date, rng: random.Random, city: str) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{d.day} {MONTHS[d.month - 1]}, {d.year}"
    if style == 1:
        return f"{weekday(d)} {day(d)}"
    return f"{city}, {day(d)}"


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _units(e: int) -> list[int]:
    top = 10 ** max(1, len(str(e)) - 1)
    out = []
    while top >= 10:
        out.append(top)
        top //= 10
    return out or [10]


def round_near(e: int, qualifier: str) -> int:
    """A round number an outlet would write for the exact ``e`` under ``qualifier``.

    almost: just above (``almost 7,000`` for 6,686); more-than: just below
    (``more than 6,000`` for 6,187); at-least, no-fewer-than: at or below;
    approximately, around: the nearest, within 10%.
    """
    for unit in _units(e):
        up = -(-e // unit) * unit
        down = e // unit * unit
        if qualifier == "almost" and up > e and (up - e) * 10 <= up:
            return up
        if qualifier == "more-than" and 0 < down < e and (e - down) * 7 <= e:
            return down
        if qualifier in ("at-least", "no-fewer-than") and down > 0 and (e - down) * 7 <= e:
            return down
        if qualifier in ("approximately", "around"):
            near = up if up - e < e - down else down
            if near > 0 and abs(e - near) * 10 <= e:
                return near
    return {"almost": e + 1, "more-than": max(e - 1, 0)}.get(qualifier, e)


def round_wrong(e: int, qualifier: str) -> int:
    """A rounding that contradicts its qualifier (for planted violations)."""
    unit = _units(e)[0]
    if qualifier == "almost":  # 'almost R' with R below the exact
        down = e // unit * unit
        return down if 0 < down < e else e - 1
    up = -(-e // unit) * unit  # 'more than R' with R >= exact; 'at least R' with R > exact
    return up if up > e else e + unit


def qualifier_words(qualifier: str) -> str:
    return {"at-least": "at least", "no-fewer-than": "no fewer than", "more-than": "more than"}.get(
        qualifier, qualifier
    )
