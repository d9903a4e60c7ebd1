"""The rules of docs/independence.md, sections 3 and 4, on plain readings (kg/model/estimates.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kg.model.estimates import Bound, Reading, band, current, estimate


def r(figure: str, origin: str, value: int | None = None, low: int | None = None, high: int | None = None,
      day: int = 1, sequence: int | None = None, **flags: bool) -> Reading:
    return Reading(figure, origin, date(2020, 1, day), sequence, _n(value), _n(low), _n(high), **flags)


def _n(x: int | None) -> Decimal | None:
    return None if x is None else Decimal(x)


def test_intervals_and_the_numbers_a_reading_states() -> None:
    exact, at_least, up_to = r("e", "o", 52, 52, 52), r("l", "o", 44, low=44), r("u", "o", 52, high=52)
    about, span, dozens = r("a", "o", 60), r("s", "o", low=20, high=60), r("d", "o", low=24, high=99, vague=True)
    assert [(x.low, x.high) for x in (exact, at_least, up_to, about, span)] == [
        (52, 52), (44, None), (None, 52), (60, 60), (20, 60)]
    assert (at_least.contains(Decimal(1000)), up_to.contains(Decimal(0)), up_to.contains(Decimal(53))) == (
        True, True, False)
    assert [x.numbers for x in (exact, at_least, up_to, span, dozens)] == [(52,), (44,), (52,), (20, 60), (24,)]


def test_current_readings_latest_day_last_update_and_its_copies() -> None:
    readings = [
        r("first", "sohr", 18, low=18, day=7, sequence=1), r("second", "sohr", 35, low=35, day=7, sequence=2),
        r("relay", "sohr", 35, low=35, day=7), r("old", "snhr", 40, 40, 40, day=1),
        r("new", "snhr", 52, 52, 52, day=9), r("gone", "snhr", 99, 99, 99, day=20, deprecated=True),
        r("round", "snhr", 50, high=50, day=20, rounding=True),
    ]
    assert [x.figure for x in current(readings)] == ["new", "relay", "second"]


def test_best_is_the_most_corroborated_stated_number_not_the_vaguest_reading() -> None:
    # Zardana, reduced: a range, an "up to", an exact 52, an "at least 44", an exact 35, and a "dozens"
    readings = [
        r("airwars-range", "airwars", low=44, high=52, day=7), r("airwars-up-to", "airwars", 52, high=52, day=7),
        r("snhr", "snhr", 52, 52, 52, day=30), r("sohr", "sohr", 44, low=44, day=8), r("scd", "scd", 35, 35, 35, day=8),
        r("activists", "activists", low=20, high=60, day=7), r("afp", "afp", low=24, high=99, day=8, vague=True),
    ]
    est = estimate(readings)
    assert est.sources == 6
    assert (est.low, est.best, est.high, est.open_ended) == (
        Bound(Decimal(20), "activists"), Bound(Decimal(52), "snhr"), Bound(Decimal(60), "activists"), False)
    assert est.current["snhr"] == 3 and est.current["activists"] == 1 and est.current["afp"] == 2
    # the headline's "dozens" states no number: it never sets the band's high when others do
    assert band(readings) == (Bound(Decimal(20), "activists"), Bound(Decimal(60), "activists"))


def test_vague_readings_alone_still_give_an_estimate() -> None:
    est = estimate([r("dozens", "a", low=24, high=99, vague=True), r("tens", "b", low=20, high=99, vague=True)])
    assert (est.low, est.best, est.high) == (
        Bound(Decimal(20), "tens"), Bound(Decimal(24), "dozens"), Bound(Decimal(99), "dozens"))


def test_at_least_beyond_every_stated_upper_end_leaves_the_high_open() -> None:
    est = estimate([r("ten", "a", 10, 10, 10), r("more", "b", 14, low=14)])
    assert est.high is None and est.open_ended
    assert est.best == Bound(Decimal(10), "ten")  # a tie at 0: the smaller origin id
    within = estimate([r("range", "a", low=10, high=30), r("more", "b", 14, low=14)])
    assert within.high == Bound(Decimal(30), "range") and not within.open_ended
    assert estimate([r("more", "b", 14, low=14)]).open_ended


def test_ties_go_to_the_later_reading_then_the_smaller_ids() -> None:
    est = estimate([r("early", "a", 52, 52, 52, day=1), r("late", "b", 52, 52, 52, day=2)])
    assert est.best == Bound(Decimal(52), "late")
    same_day = estimate([r("x", "b", 52, 52, 52), r("y", "a", 52, 52, 52)])
    assert same_day.best == Bound(Decimal(52), "y")


def test_nothing_current_gives_an_empty_estimate() -> None:
    est = estimate([r("gone", "a", 5, 5, 5, deprecated=True)])
    assert (est.current, est.sources, est.low, est.best, est.high) == ({}, 0, None, None, None)
