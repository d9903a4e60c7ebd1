"""Dates as precise as a source gives them, and periods (a subset of EDTF).

A source says "30 September, 2019", "September 2015", "2015" or "the first half
of 2018". kg keeps the stated precision (xsd:date, xsd:gYearMonth, xsd:gYear) and
the earliest and latest day the date can be, so that dates of different
precision can still be compared.

Accepted forms: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``; periods ``START/END`` where
either side may be ``..`` (open), e.g. ``2015-09/..`` = "since September 2015".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateFormatError(ValueError):
    """A date or period that is not in one of the accepted forms."""


@dataclass(frozen=True)
class Day:
    """A calendar date of day, month or year precision."""

    text: str
    earliest: dt.date
    latest: dt.date

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}[len(self.text)]

    @property
    def xsd_type(self) -> str:
        return {"year": "gYear", "month": "gYearMonth", "day": "date"}[self.precision]


@dataclass(frozen=True)
class Period:
    """A period whose ends may be open (``None``)."""

    text: str
    start: Day | None
    end: Day | None


def parse_day(text: str) -> Day:
    text = text.strip()
    match = _DATE.match(text)
    if not match:
        raise DateFormatError(f"'{text}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return Day(text, dt.date(year, 1, 1), dt.date(year, 12, 31))
        last = calendar.monthrange(year, month)[1]
        if day is None:
            return Day(text, dt.date(year, month, 1), dt.date(year, month, last))
        exact = dt.date(year, month, day)
    except ValueError as exc:
        raise DateFormatError(f"'{text}' is not a real date ({exc})") from None
    return Day(text, exact, exact)


def parse_period(text: str) -> Period:
    text = text.strip()
    if "/" not in text:
        day = parse_day(text)
        return Period(text, day, day)
    left, _, right = text.partition("/")
    start = None if left.strip() == ".." else parse_day(left)
    end = None if right.strip() == ".." else parse_day(right)
    if start is None and end is None:
        raise DateFormatError(f"'{text}' is open at both ends")
    if start is not None and end is not None and start.earliest > end.latest:
        raise DateFormatError(f"period '{text}' ends before it starts")
    return Period(text, start, end)
