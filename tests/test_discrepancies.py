"""discrepancies and measure-evolution on tests/corpus: what a researcher says of every pair, and each issuer's series.

The expected tables below are written from the corpus records (tests/corpus/README.md lists the phenomena),
not from the query's output: for every pair of figures that discrepancies returns, the explanation a
researcher would give, and for measure-evolution, the editions of each issuer in order.

Two rules of the query decide some entries, and are what a researcher would say too:

- a relay's publication date is not its source's as-of date: AFP's relay of the White Helmets' 35 dead has no
  as-of of its own, so against SNHR's 52 of 18 July its difference is the reporter's; the White Helmets'
  own statement of 8 June is earlier, so there it is the as-of date;
- within one source, an undated relay is placed by its article's publication, as in a series
  (docs/independence.md section 3): Enab Baladi's relay of SOHR's "11 women" (8 June) is SOHR's later count
  against its preliminary "five women" of 7 June.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.ask import queries
from kg.build.pipeline import build
from kg.build.store import open_store
from kg.model.cell import Cell

CORPUS = Path(__file__).resolve().parent / "corpus"
ID = "https://w3id.org/kg/id/"

SINCE_2015 = "civilians-killed-by-russian-forces-since-2015"
FIRST_YEAR = "civilians-killed-by-russian-forces-first-year"

REVISION, ROUNDING, SAME_REPORT, LATER_EDITION = "revision", "rounding", "same-report", "later-edition"
AS_OF, CONSISTENT, SCOPE, REPORTER, CONFLICT = (
    "different-as-of", "consistent-bounds", "different-scope", "different-reporter", "conflict")

Pairs = dict[frozenset[str], str]


@pytest.fixture(scope="module")
def cstore(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    return open_store(build(CORPUS, tmp_path_factory.mktemp("corpus") / "build").out_dir)


def rows(store: ox.Store, name: str, **raw: str) -> list[dict[str, Cell]]:
    stored = queries.lookup(name)
    table = queries.run(store, stored.text, queries.bind(stored, raw))
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def local(iri: Cell) -> str:
    assert isinstance(iri, str)
    return iri.rsplit("/", 1)[-1]


def group(figures: str | Iterable[str]) -> tuple[str, ...]:
    return (figures,) if isinstance(figures, str) else tuple(figures)


def table(*entries: tuple[str | Iterable[str], str | Iterable[str], str]) -> Pairs:
    """Each entry: every figure of the first group against every figure of the second, and the explanation."""
    expected: Pairs = {}
    for left, right, explanation in entries:
        for a, b in itertools.product(group(left), group(right)):
            pair = frozenset((a, b))
            assert len(pair) == 2 and pair not in expected, f"{a} / {b} listed twice"
            expected[pair] = explanation
    return expected


def found_pairs(found: list[dict[str, Cell]]) -> Pairs:
    pairs = {frozenset((local(r["figure_a"]), local(r["figure_b"]))): r["explanation"] for r in found}
    assert len(pairs) == len(found), "a pair is listed once"
    assert all(isinstance(e, str) for e in pairs.values())
    return pairs  # type: ignore[return-value]


def by_pair(found: list[dict[str, Cell]]) -> dict[tuple[str, str], dict[str, Cell]]:
    return {(local(r["figure_a"]), local(r["figure_b"])): r for r in found}


# ---------------------------------------------------------------------------
# SNHR's cumulative toll of civilians killed by Russian forces since 2015, and its first-year toll

# Copies of one claim: the report's page and headline, its Arabic translation, and outlets relaying the report.
SNHR_2016 = ("civilians-3264-2016", "civilians-3264-2016-headline",
             "eb-tally-3264-first-year")  # Enab Baladi, 2019, recalling the first edition's toll
SNHR_2017 = ("civilians-5233-2017", "civilians-5233-2017-headline")
SNHR_JULY_2018 = "civilians-6187-ar"  # SNHR's report of 18 July 2018, not an anniversary edition (Al-Araby)
NEARLY_6200 = "sd-civilians-nearly-6200"  # Syria Direct's "nearly 6,200": the July report's toll, rounded
SNHR_2018 = ("civilians-6239-2018", "civilians-6239-2018-headline", "eb-tally-6239-third-anniversary")
SNHR_2019 = ("civilians-6686-2019", "civilians-6686-2019-headline", "civilians-6686-2019-ar",
             "civilians-6686-2019-ar-headline")
ALMOST_7000 = ("eb-civilians-almost-7000", "eb-civilians-almost-7000-headline")  # Enab Baladi, rounding 6,686

EXPECTED_SINCE_2015 = table(
    # the anniversary editions, each superseding the one before (2016 <- 2017 <- 2018 <- 2019)
    (SNHR_2016, SNHR_2017, LATER_EDITION),
    (SNHR_2016, SNHR_2018, LATER_EDITION),
    (SNHR_2016, SNHR_2019, LATER_EDITION),
    (SNHR_2017, SNHR_2018, LATER_EDITION),
    (SNHR_2017, SNHR_2019, LATER_EDITION),
    (SNHR_2018, SNHR_2019, LATER_EDITION),
    # "almost 7,000" is the 2019 edition's toll: against the earlier editions, a later edition ...
    (SNHR_2016, ALMOST_7000, LATER_EDITION),
    (SNHR_2017, ALMOST_7000, LATER_EDITION),
    (SNHR_2018, ALMOST_7000, LATER_EDITION),
    # ... and against 6,686 (every copy of it), its rounding
    (SNHR_2019, ALMOST_7000, ROUNDING),
    # the July 2018 report is SNHR's too, but of another series: its toll is of another date
    (SNHR_2016, SNHR_JULY_2018, AS_OF),
    (SNHR_2017, SNHR_JULY_2018, AS_OF),
    (SNHR_JULY_2018, SNHR_2018, AS_OF),
    (SNHR_JULY_2018, SNHR_2019, AS_OF),
    (SNHR_JULY_2018, ALMOST_7000, AS_OF),
    (SNHR_JULY_2018, NEARLY_6200, ROUNDING),
    # "nearly 6,200" is of 18 July 2018 as well ("almost" leaves it open below: never read as "consistent")
    (SNHR_2016, NEARLY_6200, AS_OF),
    (SNHR_2017, NEARLY_6200, AS_OF),
    (NEARLY_6200, SNHR_2018, AS_OF),
    (NEARLY_6200, SNHR_2019, AS_OF),
    (NEARLY_6200, ALMOST_7000, AS_OF),
)

# The 2018 edition restates the first year's toll: 3,616 where 2016 said 3,264 (every copy of 3,264: the 2016
# page and headline, Enab Baladi's recap, and the 2018 edition's own citation of "the 3,264 reported at the time").
EXPECTED_FIRST_YEAR = table(
    (("civilians-3264-2016", "civilians-3264-2016-headline", "eb-tally-3264-first-year",
      "first-year-civilians-3264-restated-2018"), "first-year-civilians-3616-2018", REVISION),
)


def test_snhr_series_every_pair_explained(cstore: ox.Store) -> None:
    assert len(EXPECTED_SINCE_2015) == 106
    assert found_pairs(rows(cstore, "discrepancies", measure=SINCE_2015)) == EXPECTED_SINCE_2015
    assert found_pairs(rows(cstore, "discrepancies", measure=FIRST_YEAR)) == EXPECTED_FIRST_YEAR


def test_snhr_series_rows(cstore: ox.Store) -> None:
    found = rows(cstore, "discrepancies", measure=SINCE_2015)
    assert {r["measure"] for r in found} == {ID + "measure/" + SINCE_2015}
    assert {r["origin_a"] for r in found} | {r["origin_b"] for r in found} == {ID + "actor/snhr"}
    pairs = by_pair(found)
    # figure_a is the earlier reading
    row = pairs[("civilians-3264-2016", "civilians-6686-2019")]
    assert (row["reading_a"], row["as_of_a"], row["reading_b"], row["as_of_b"], row["consistent"]) == (
        "3264", "2016-10-01", "6686", "2019-09-30", False)
    row = pairs[("civilians-6686-2019", "eb-civilians-almost-7000")]
    # the rounding has no as-of of its own: its report's date
    assert (row["reading_b"], row["as_of_b"], row["consistent"]) == ("almost 7000", "2019-09-30", True)
    assert pairs[("civilians-6187-ar", "sd-civilians-nearly-6200")]["reading_b"] == "almost 6200"
    (revision,) = [r for r in rows(cstore, "discrepancies", measure=FIRST_YEAR)
                   if local(r["figure_a"]) == "first-year-civilians-3264-restated-2018"]
    assert (revision["as_of_a"], revision["as_of_b"]) == ("2016-10", "2018-09-30")


# ---------------------------------------------------------------------------
# The Zardana massacre, 7 June 2018

# killed (measure zardana-massacre-killed)
SOHR_18, SOHR_35, SOHR_44 = "sohr-killed-18", "sohr-killed-35", "sohr-killed-44"  # at least 18 (21:30), at least
# 35 (23:45), 44 (08:10 the next day): SOHR's running updates
SOHR_44_RELAYED = ("afp-killed-44", "enab-killed-44")  # "at least 44", relayed by AFP and Enab Baladi on 8 June
SOHR_44_AIRWARS = "airwars-sohr-killed-44"  # "The Syrian Observatory gave a toll of 44" on Airwars' page
SCD_35 = "scd-killed-35"  # the White Helmets' own statement, 8 June
SCD_35_RELAYED = ("afp-killed-35-white-helmets", "enab-killed-35-civil-defence")  # relayed, no as-of of their own
SNHR_52_JULY = ("alaraby-zardana-killed-52", "alaraby-zardana-killed-52-headline",  # at least 52 / 52, Al-Araby
                "sd-snhr-killed-52")  # Syria Direct: SNHR "settled on a toll of fifty-two"
SNHR_52_SEPTEMBER = "zardana-killed-52-snhr-2018"  # the third-anniversary edition
AIRWARS_RANGE, AIRWARS_UP_TO = "airwars-killed-44-52", "airwars-killed-up-to-52"
ACTIVISTS = "sd-activist-estimates-20-60"  # "between 20 and 60" in the first hours (7-8 June)

SOHR_KILLED = (SOHR_18, SOHR_35, SOHR_44, *SOHR_44_RELAYED, SOHR_44_AIRWARS)
SNHR_KILLED = (*SNHR_52_JULY, SNHR_52_SEPTEMBER)
SCD_KILLED = (SCD_35, *SCD_35_RELAYED)

EXPECTED_ZARDANA_KILLED = table(
    # SOHR through the night: the same source updating its toll
    (SOHR_18, SOHR_35, AS_OF),  # one day, 21:30 then 23:45 (sequence 1, 2)
    (SOHR_18, SOHR_44, AS_OF),
    (SOHR_35, SOHR_44, AS_OF),
    ((SOHR_18, SOHR_35), SOHR_44_RELAYED, AS_OF),  # the relays of 8 June carry the morning's 44
    (SOHR_44, SOHR_44_RELAYED, CONSISTENT),  # 44 and "at least 44", both of 8 June
    (SOHR_44_AIRWARS, SOHR_44_RELAYED, CONSISTENT),
    # Airwars' page is dated 7 June (first published): its 44 is not placed after the night's "at least" tolls
    ((SOHR_18, SOHR_35), SOHR_44_AIRWARS, CONSISTENT),
    # SNHR: the July report's 52 in Al-Araby's body ("at least"), headline and Syria Direct, then the September edition
    ("alaraby-zardana-killed-52", ("alaraby-zardana-killed-52-headline", "sd-snhr-killed-52"), SAME_REPORT),
    ("alaraby-zardana-killed-52", SNHR_52_SEPTEMBER, AS_OF),  # another report, not an edition of the July one
    # Airwars' own summary and assessment
    (AIRWARS_RANGE, AIRWARS_UP_TO, CONSISTENT),
    # SOHR against the White Helmets
    ((SOHR_18, SOHR_35), SCD_35, AS_OF),  # 7 June evening against the statement of 8 June
    ((SOHR_18, SOHR_35), SCD_35_RELAYED, CONSISTENT),  # "at least 18", "at least 35" and 35
    (SOHR_44, SCD_KILLED, REPORTER),  # 44 against 35 on the same day
    ((*SOHR_44_RELAYED, SOHR_44_AIRWARS), SCD_35_RELAYED, REPORTER),
    (SOHR_44_RELAYED, SCD_35, REPORTER),
    (SOHR_44_AIRWARS, SCD_35, AS_OF),  # Airwars' page of 7 June is as of that day at the latest
    # SOHR against SNHR
    ((SOHR_18, SOHR_35, SOHR_44), SNHR_KILLED, AS_OF),  # June against July and September
    # an undated figure is as of its article's day at the latest: the relays of 8 June and Airwars' page of
    # 7 June come before SNHR's reports of July and September
    (SOHR_44_RELAYED, SNHR_KILLED, AS_OF),
    (SOHR_44_AIRWARS, SNHR_KILLED, AS_OF),
    # Airwars' range and "up to 52" hold with every toll but the White Helmets' 35 (outside 44-52)
    # (of 7 June at the latest, so before SOHR's morning 44, the White Helmets' statement of 8 June and SNHR)
    ((SOHR_18, SOHR_35, *SOHR_44_RELAYED, SOHR_44_AIRWARS), (AIRWARS_RANGE, AIRWARS_UP_TO), CONSISTENT),
    ((SOHR_44, *SNHR_KILLED, SCD_35), (AIRWARS_RANGE, AIRWARS_UP_TO), AS_OF),
    (SCD_35_RELAYED, AIRWARS_RANGE, REPORTER),
    (SCD_35_RELAYED, AIRWARS_UP_TO, CONSISTENT),
    # the White Helmets against SNHR
    (SCD_35, SNHR_KILLED, AS_OF),
    (SCD_35_RELAYED, SNHR_KILLED, AS_OF),  # relayed on 8 June
    # the activists' first estimates (7-8 June) hold with every toll of those days; SNHR's are weeks later
    (ACTIVISTS, (*SOHR_KILLED, *SCD_KILLED, AIRWARS_RANGE, AIRWARS_UP_TO), CONSISTENT),
    (ACTIVISTS, SNHR_KILLED, AS_OF),
)

# injured (measure zardana-massacre-injured)
SOHR_50, SOHR_60 = "sohr-injured-50", "sohr-injured-60"  # about 50 (21:30), around 60 (08:10)
SOHR_60_DIRECTOR = "afp-injured-60-director"  # SOHR's director to AFP, 8 June: "roughly 60" (same as SOHR's 60)
SCD_75 = "scd-injured-75"
SCD_75_RELAYED = ("afp-injured-75-white-helmets", "enab-injured-75-civil-defence")  # 75; "about 75" (Enab)
SNHR_80 = "alaraby-zardana-injured-80"  # more than 80, SNHR's July report
AIRWARS_INJURED = ("airwars-injured-60-100", "airwars-injured-up-to-100")
ACTIVISTS_60 = "enab-injured-more-than-60"  # activists to Enab Baladi: more than 60

EXPECTED_ZARDANA_INJURED = table(
    (SOHR_50, (SOHR_60, SOHR_60_DIRECTOR), AS_OF),  # the night's count, then the morning's
    (SCD_75, "enab-injured-75-civil-defence", CONSISTENT),  # 75 and "about 75"
    ("afp-injured-75-white-helmets", "enab-injured-75-civil-defence", CONSISTENT),
    ("airwars-injured-60-100", "airwars-injured-up-to-100", CONSISTENT),  # Airwars' summary and assessment
    (SOHR_50, SCD_75, AS_OF),  # 7 June evening, 8 June
    (SOHR_50, SCD_75_RELAYED, REPORTER),
    ((SOHR_60, SOHR_60_DIRECTOR), (SCD_75, *SCD_75_RELAYED), REPORTER),  # 60 against 75, the same day
    ((SOHR_50, SOHR_60), SNHR_80, AS_OF),
    (SOHR_60_DIRECTOR, SNHR_80, AS_OF),  # the director to AFP on 8 June, SNHR's report of July
    (SOHR_50, "airwars-injured-60-100", REPORTER),  # 50 is outside 60-100
    (SOHR_50, "airwars-injured-up-to-100", CONSISTENT),
    (SOHR_60_DIRECTOR, AIRWARS_INJURED, CONSISTENT),
    (SOHR_60, AIRWARS_INJURED, AS_OF),  # 8 June morning; Airwars' page is of 7 June at the latest
    (SOHR_50, ACTIVISTS_60, REPORTER),
    ((SOHR_60, SOHR_60_DIRECTOR), ACTIVISTS_60, CONSISTENT),  # around 60 and more than 60: bounds are closed
    (SCD_75, SNHR_80, AS_OF),
    (SCD_75_RELAYED, SNHR_80, AS_OF),
    ((*SCD_75_RELAYED, ACTIVISTS_60), AIRWARS_INJURED, CONSISTENT),
    ((SCD_75, SNHR_80), AIRWARS_INJURED, AS_OF),
    ((SCD_75, *SCD_75_RELAYED), ACTIVISTS_60, CONSISTENT),
    (SNHR_80, ACTIVISTS_60, AS_OF),  # the activists to Enab Baladi on 8 June
)

# figures without a measure, paired on their claim keys: children, women, and the headlines' "dozens" and "tens"
EXPECTED_ZARDANA_WITHOUT_MEASURE = table(
    ("airwars-children-up-to-11", ("enab-children-6", "sohr-children-6-preliminary"), CONSISTENT),
    ("airwars-children-up-to-11", ("alaraby-zardana-children-10", "sohr-children-6"), AS_OF),  # after 7 June
    ("alaraby-zardana-children-10", ("sohr-children-6", "sohr-children-6-preliminary"), AS_OF),  # July against June
    ("alaraby-zardana-children-10", "enab-children-6", AS_OF),  # SOHR's 6 relayed on 8 June, without a date
    ("airwars-women-up-to-11", ("enab-women-11", "sohr-women-5-preliminary"), CONSISTENT),
    ("airwars-women-up-to-11", ("alaraby-zardana-women-10", "sohr-women-11"), AS_OF),
    ("alaraby-zardana-women-10", ("sohr-women-11", "sohr-women-5-preliminary"), AS_OF),
    ("alaraby-zardana-women-10", "enab-women-11", AS_OF),
    ("sohr-women-5-preliminary", ("sohr-women-11", "enab-women-11"), AS_OF),  # SOHR's five, then eleven
    ("enab-killed-tens-headline", "afp-killed-dozens-headline", CONSISTENT),  # "tens" (20-99), "dozens" (24-99)
)


def test_zardana_every_pair_explained(cstore: ox.Store) -> None:
    expected = EXPECTED_ZARDANA_KILLED | EXPECTED_ZARDANA_INJURED | EXPECTED_ZARDANA_WITHOUT_MEASURE
    assert (len(EXPECTED_ZARDANA_KILLED), len(EXPECTED_ZARDANA_INJURED), len(EXPECTED_ZARDANA_WITHOUT_MEASURE)) == (
        112, 43, 17)
    found = rows(cstore, "discrepancies", incident="zardana-massacre")
    assert found_pairs(found) == expected
    by_measure = {r["measure"] for r in found}
    assert by_measure == {None, ID + "measure/zardana-massacre-killed", ID + "measure/zardana-massacre-injured"}
    killed = rows(cstore, "discrepancies", measure="zardana-massacre-killed")
    assert found_pairs(killed) == EXPECTED_ZARDANA_KILLED
    # with both parameters: the pairs of that measure about that incident
    assert rows(cstore, "discrepancies", measure="zardana-massacre-killed", incident="zardana-massacre") == killed


def test_zardana_rows(cstore: ox.Store) -> None:
    pairs = by_pair(rows(cstore, "discrepancies", incident="zardana-massacre"))
    sohr = ID + "actor/sohr"
    # both reporters named; the earlier reading first
    row = pairs[("sohr-killed-18", "sohr-killed-35")]
    assert (row["origin_a"], row["reading_a"], row["as_of_a"], row["origin_b"], row["reading_b"], row["as_of_b"]) == (
        sohr, "at least 18", "2018-06-07T21:30:00+03:00", sohr, "at least 35", "2018-06-07T23:45:00+03:00")
    assert row["consistent"] is True
    # ranges are compared by their intervals
    row = pairs[("airwars-killed-44-52", "scd-killed-35")]
    assert (row["origin_a"], row["reading_a"], row["as_of_a"]) == (ID + "actor/airwars", "44–52", None)
    assert (row["origin_b"], row["reading_b"], row["consistent"]) == (ID + "actor/syria-civil-defence", "35", False)
    assert pairs[("airwars-killed-44-52", "airwars-killed-up-to-52")]["reading_b"] == "up to 52"
    assert pairs[("sd-activist-estimates-20-60", "sohr-killed-35")]["as_of_a"] == "2018-06-07"  # its earliest day
    row = pairs[("enab-killed-tens-headline", "afp-killed-dozens-headline")]
    assert (row["measure"], row["reading_a"], row["reading_b"]) == (None, "tens (20–99)", "dozens (24–99)")
    row = pairs[("sohr-injured-50", "afp-injured-60-director")]
    assert (row["reading_a"], row["reading_b"], row["origin_b"]) == ("approximately 50", "around 60", sohr)
    assert pairs[("enab-injured-75-civil-defence", "scd-injured-75")]["consistent"] is True
    assert pairs[("afp-injured-60-director", "alaraby-zardana-injured-80")]["reading_b"] == "more than 80"


def test_bound_rows_are_the_whole_graph_rows(cstore: ox.Store) -> None:
    whole = rows(cstore, "discrepancies")
    for measure in (SINCE_2015, FIRST_YEAR, "zardana-massacre-killed", "zardana-massacre-injured"):
        assert rows(cstore, "discrepancies", measure=measure) == [
            r for r in whole if r["measure"] == ID + "measure/" + measure]
    incident = {str(f): str(i) for f, i in queries.run(
        cstore, "SELECT ?f ?i WHERE { ?f <https://w3id.org/kg/ns#incident> ?i }").rows}
    zardana = ID + "incident/zardana-massacre"
    assert rows(cstore, "discrepancies", incident="zardana-massacre") == [
        r for r in whole if incident.get(str(r["figure_a"])) == zardana == incident.get(str(r["figure_b"]))]
    # every explanation is one of the documented ones
    assert {r["explanation"] for r in whole} <= {
        REVISION, ROUNDING, SAME_REPORT, LATER_EDITION, AS_OF, CONSISTENT, SCOPE, REPORTER, CONFLICT}


# ---------------------------------------------------------------------------
# measure-evolution: one series per issuer


def evolution(store: ox.Store, measure: str) -> list[tuple[Cell, ...]]:
    return [(local(r["origin"]), r["edition"], r["as_of"], local(r["figure"]), r["copies"], r["value"],
             r["previous"] and local(r["previous"]), r["previous_value"], r["change"])
            for r in rows(store, "measure-evolution", measure=measure)]


def test_snhr_series_one_row_per_edition(cstore: ox.Store) -> None:
    # SNHR's four anniversary editions and, between the second and the third, its report of 18 July 2018 (relayed
    # by Al-Araby): one series, since a series is one origin's readings. Copies of a reading (the page, its
    # headline, the Arabic translation, Enab Baladi's recaps) are one row, shown by SNHR's own page.
    assert evolution(cstore, SINCE_2015) == [
        ("snhr", 1, "2016-10-01", "civilians-3264-2016", 3, 3264, None, None, None),
        ("snhr", 2, "2017-10-01", "civilians-5233-2017", 2, 5233, "civilians-3264-2016", 3264, 1969),
        ("snhr", 3, "2018-07-18", "civilians-6187-ar", 1, 6187, "civilians-5233-2017", 5233, 954),
        ("snhr", 4, "2018-09-30", "civilians-6239-2018", 3, 6239, "civilians-6187-ar", 6187, 52),
        ("snhr", 5, "2019-09-30", "civilians-6686-2019", 4, 6686, "civilians-6239-2018", 6239, 447),
    ]
    # the first year: 3,264 (the 2016 page, headline, Enab Baladi's recap and the 2018 edition's citation of it),
    # revised to 3,616 by the 2018 edition
    assert evolution(cstore, FIRST_YEAR) == [
        ("snhr", 1, "2016-10-01", "civilians-3264-2016", 4, 3264, None, None, None),
        ("snhr", 2, "2018-09-30", "first-year-civilians-3616-2018", 1, 3616, "civilians-3264-2016", 3264, 352),
    ]


def test_each_issuer_is_its_own_series(cstore: ox.Store) -> None:
    # Zardana's toll: SOHR's night (its 44 carried by AFP, Enab Baladi and Airwars: four copies), the White
    # Helmets' 35 (its statement and two relays), SNHR's 52 in July (three copies) and again in September, and
    # Airwars' "up to 52" (its range has no value). Each change is within one issuer's series.
    assert evolution(cstore, "zardana-massacre-killed") == [
        ("airwars", 1, None, "airwars-killed-up-to-52", 1, 52, None, None, None),
        ("snhr", 1, "2018-07-18", "alaraby-zardana-killed-52", 3, 52, None, None, None),
        ("snhr", 2, "2018-09-30", "zardana-killed-52-snhr-2018", 1, 52, "alaraby-zardana-killed-52", 52, 0),
        ("sohr", 1, "2018-06-07T21:30:00+03:00", "sohr-killed-18", 1, 18, None, None, None),
        ("sohr", 2, "2018-06-07T23:45:00+03:00", "sohr-killed-35", 1, 35, "sohr-killed-18", 18, 17),
        ("sohr", 3, "2018-06-08T08:10:00+03:00", "sohr-killed-44", 4, 44, "sohr-killed-35", 35, 9),
        ("syria-civil-defence", 1, "2018-06-08", "scd-killed-35", 3, 35, None, None, None),
    ]


def test_evolution_whole_graph_has_the_bound_rows(cstore: ox.Store) -> None:
    whole = rows(cstore, "measure-evolution")
    for measure in (SINCE_2015, FIRST_YEAR, "zardana-massacre-killed"):
        assert rows(cstore, "measure-evolution", measure=measure) == [
            r for r in whole if r["measure"] == ID + "measure/" + measure]
    # one row per reading of a measure (a figure of two measures is in both), and no rounding
    readings = [(r["measure"], r["figure"]) for r in whole]
    assert len(readings) == len(set(readings))
    assert "eb-civilians-almost-7000" not in {local(f) for _, f in readings}
