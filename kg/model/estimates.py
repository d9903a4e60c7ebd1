"""Current readings and best estimates: the rules of docs/independence.md, sections 3 and 4, in one place.

A *subject* is what readings are readings of: a measure, or an incident's toll. Its *readings* are the
figures of that subject, each with its origin (its independent source, ``kg:origin``), its day and
numbered update, its numbers, and the facts that deprecate it. :func:`estimate` picks each origin's
current readings and derives the low / best / high across origins (after UCDP), each with the figure that
supports it; the build writes the result to the graph (:mod:`kg.build.derive`) and every consumer reads it
from there, so no query re-derives it differently.

Pure functions over plain values: no RDF here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

Number = Decimal


@dataclass(frozen=True)
class Reading:
    """One figure as a reading of one subject."""

    figure: str                      # the figure's id
    origin: str                      # its independent source's id
    day: date | None = None          # kg:earliest of its as-of, else of its report, else of its article
    sequence: int | None = None      # the source's numbered update of that day
    value: Number | None = None
    lower: Number | None = None      # kg:lowerBound
    upper: Number | None = None      # kg:upperBound
    vague: bool = False              # its bounds are only a vague quantity's conventional ones ("dozens")
    deprecated: bool = False         # a curator's rank, else superseded by a later edition or revised
    rounding: bool = False           # a rounding of a figure of the same subject

    @property
    def low(self) -> Number | None:
        """The lower end of its interval: None is open below ("up to 52")."""
        if self.lower is not None:
            return self.lower
        return self.value if self.upper is None else None

    @property
    def high(self) -> Number | None:
        """The upper end of its interval: None is open above ("at least 52")."""
        if self.upper is not None:
            return self.upper
        return self.value if self.lower is None else None

    def contains(self, n: Number) -> bool:
        return (self.low is None or self.low <= n) and (self.high is None or n <= self.high)

    @property
    def numbers(self) -> tuple[Number, ...]:
        """The numbers it states, candidates for the best estimate: its value; else a range's two ends; else
        its one end. A vague quantity states none of its own; its lower end stands for it."""
        if self.value is not None:
            return (self.value,)
        ends = tuple(n for n in ((self.low,) if self.vague else (self.low, self.high)) if n is not None)
        return tuple(dict.fromkeys(ends))


@dataclass(frozen=True)
class Bound:
    value: Number
    figure: str


@dataclass(frozen=True)
class Estimate:
    """A subject's current readings (figure id -> corroboration) and its estimate across origins."""

    current: dict[str, int]
    sources: int
    low: Bound | None
    best: Bound | None
    high: Bound | None
    open_ended: bool                 # some source's reading is open above beyond every stated upper end


def current(readings: Iterable[Reading]) -> list[Reading]:
    """Each origin's current readings (section 3): its latest readings that are neither deprecated nor
    roundings; latest by day, then, among that day's numbered updates, the highest number (the readings of
    that day without a number, copies and relays, stay current beside it)."""
    by_origin: dict[str, list[Reading]] = {}
    for r in readings:
        if not r.deprecated and not r.rounding:
            by_origin.setdefault(r.origin, []).append(r)
    out: list[Reading] = []
    for rs in by_origin.values():
        day = max(_day_key(r) for r in rs)
        today = [r for r in rs if _day_key(r) == day]
        last = max((r.sequence for r in today if r.sequence is not None), default=None)
        out.extend(r for r in today if r.sequence is None or r.sequence == last)
    return sorted(out, key=lambda r: (r.origin, r.figure))


def pool(readings: Sequence[Reading]) -> list[Reading]:
    """The readings an estimate is taken over: those that state a number, when any does; else all."""
    stated = [r for r in readings if not r.vague]
    return stated if stated else list(readings)


def estimate(readings: Iterable[Reading]) -> Estimate:
    """The current readings of a subject's readings and the estimate over them (section 4)."""
    now = current(readings)
    over = pool(now)
    corroboration = {r.figure: max((_corroboration(n, r.origin, over) for n in r.numbers), default=0)
                     for r in now}
    lows = [(r.low, r) for r in over if r.low is not None]
    highs = [(r.high, r) for r in over if r.high is not None]
    low = min(lows, key=lambda p: (p[0], _tie(p[1]))) if lows else None
    high = min(highs, key=lambda p: (-p[0], _tie(p[1]))) if highs else None
    # a reading open above that starts above every stated upper end leaves the top unknown
    open_ended = any(r.high is None and (high is None or (r.low is not None and r.low > high[0])) for r in over)
    candidates = [(n, r) for r in over for n in r.numbers]
    best = min(candidates, key=lambda p: (-_corroboration(p[0], p[1].origin, over), _tie(p[1]), p[0]),
               default=None)
    return Estimate(
        current=corroboration,
        sources=len({r.origin for r in now}),
        low=Bound(low[0], low[1].figure) if low else None,
        best=Bound(best[0], best[1].figure) if best else None,
        high=None if open_ended or high is None else Bound(high[0], high[1].figure),
        open_ended=open_ended,
    )


def band(readings: Iterable[Reading]) -> tuple[Bound | None, Bound | None]:
    """The smallest lower end and the largest upper end over every reading, current or not (an incident's
    band of tolls), leaving out vague quantities when a reading states a number."""
    over = pool(list(readings))
    lows = [(r.low, r) for r in over if r.low is not None]
    highs = [(r.high, r) for r in over if r.high is not None]
    low = min(lows, key=lambda p: (p[0], _tie(p[1])), default=None)
    high = min(highs, key=lambda p: (-p[0], _tie(p[1])), default=None)
    return (Bound(low[0], low[1].figure) if low else None, Bound(high[0], high[1].figure) if high else None)


def _corroboration(n: Number, origin: str, over: Sequence[Reading]) -> int:
    """The number of other origins with a reading whose interval contains ``n``."""
    return len({r.origin for r in over if r.origin != origin and r.contains(n)})


def _day_key(r: Reading) -> date:
    return r.day or date.min


def _tie(r: Reading) -> tuple[int, int, str, str]:
    """Ties go to the later day, then the higher update number, then the smaller origin and figure ids."""
    return (-_day_key(r).toordinal(), -(r.sequence or 0), r.origin, r.figure)
