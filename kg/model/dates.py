"""Dates as precise as a source gives them, and periods (a subset of EDTF).

A source says "30 September, 2019", "September 2015", "2015", "at 9.30 pm on
7 June" or "between 7 and 9 June". kg keeps the stated precision (xsd:date,
xsd:gYearMonth, xsd:gYear, xsd:dateTime) and the earliest and latest day the
date can be, so that dates of different precision can still be compared.

Accepted forms of a date (:func:`parse_when`): ``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD``, ``YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`` (a time of day), and an
interval ``START/END`` of two such days. Periods (:func:`parse_period`) are
``START/END`` where either side may be ``..`` (open), e.g. ``2015-09/..`` =
"since September 2015".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_TIME = re.compile(r"^([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-][0-9]{2}:[0-9]{2})?$")


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
class When:
    """A date as a source gives it: one day (of any precision), optionally a time of day, or an interval of days."""

    start: Day
    end: Day
    time: str | None = None  # "21:30", "21:30:00", "21:30+03:00": only on a single day

    @property
    def text(self) -> str:
        if self.time is not None:
            return f"{self.start.text}T{self.time}"
        return self.start.text if self.start == self.end else f"{self.start.text}/{self.end.text}"

    @property
    def day(self) -> Day | None:
        """The calendar day (month, year) when the date is not an interval."""
        return self.start if self.start == self.end else None

    @property
    def earliest(self) -> dt.date:
        return self.start.earliest

    @property
    def latest(self) -> dt.date:
        return self.end.latest

    @property
    def date_time(self) -> str | None:
        """An xsd:dateTime lexical form when a time of day is known (seconds added when not given)."""
        if self.time is None:
            return None
        match = _TIME.match(self.time)
        assert match is not None
        hour, minute, second, zone = match.groups()
        return f"{self.start.text}T{hour}:{minute}:{second or '00'}{zone or ''}"


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


def parse_when(text: str) -> When:
    """A day, month, year, day with a time of day, or an interval ``START/END`` of days."""
    text = text.strip()
    if "/" in text:
        left, _, right = text.partition("/")
        if ".." in (left.strip(), right.strip()):
            raise DateFormatError(f"'{text}': a date interval needs both ends (give 'earliest'/'latest' for bounds)")
        start, end = parse_day(left), parse_day(right)
        if start.earliest > end.latest:
            raise DateFormatError(f"interval '{text}' ends before it starts")
        return When(start, end)
    if "T" in text:
        date_part, _, time_part = text.partition("T")
        day = parse_day(date_part)
        if day.precision != "day":
            raise DateFormatError(f"'{text}': a time of day needs a full date (YYYY-MM-DDTHH:MM)")
        match = _TIME.match(time_part)
        if not match:
            raise DateFormatError(f"'{text}': the time must be HH:MM, HH:MM:SS, optionally with Z or ±HH:MM")
        hour, minute, second, zone = match.groups()
        try:
            dt.time(int(hour), int(minute), int(second or 0))
            if zone and zone != "Z":
                zh, zm = int(zone[1:3]), int(zone[4:6])
                if zh > 14 or zm > 59:
                    raise ValueError(f"offset {zone} out of range")
        except ValueError as exc:
            raise DateFormatError(f"'{text}' is not a real time ({exc})") from None
        return When(day, day, time_part)
    day = parse_day(text)
    return When(day, day)


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
