"""Numbers as reporting writes them (kg.model.numbers): English and Arabic, digits and words."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from kg.model.numbers import NumberMatch, find_numbers, numbers_in, parse_number, states_number

ENGLISH_WORDS = [
    ("fifty-two", 52),
    ("Fifty-two civilians", 52),
    ("at least fifty two children", 52),
    ("two hundred and one", 201),
    ("one hundred", 100),
    ("a hundred", 100),
    ("a hundred and fifty", 150),
    ("two hundred", 200),
    ("twenty-one", 21),
    ("three thousand five hundred", 3500),
    ("ninety-nine thousand nine hundred and ninety-nine", 99999),
    ("one million", 1_000_000),
    ("a million", 1_000_000),
    ("one billion two hundred million", 1_200_000_000),
    ("dozen", 12),
    ("a dozen", 12),
    ("two dozen", 24),
    ("half a dozen", 6),
    ("half a million", 500_000),
    ("two and a half million", 2_500_000),
    ("a million and a half", 1_500_000),
    ("one child", 1),
    ("seven air strikes", 7),
    ("zero", 0),
]

DIGITS = [
    ("6,686 civilians", Decimal(6686)),
    ("1771", Decimal(1771)),
    ("more than 80 others", Decimal(80)),
    ("3.3 million", Decimal(3_300_000)),
    ("3 million people", Decimal(3_000_000)),
    ("1.2bn", Decimal(1_200_000_000)),
    ("4.5 mn", Decimal(4_500_000)),
    ("2 dozen", Decimal(24)),
    ("12.5%", Decimal("12.5")),
    ("about 1,000,000", Decimal(1_000_000)),
]

ARABIC_DIGITS = [
    ("١٬٩٢٨", Decimal(1928)),
    ("١٬٩٢٨ طفلاً", Decimal(1928)),
    ("١,٩٢٨", Decimal(1928)),
    ("١٩٢٨", Decimal(1928)),
    ("۱۹۲۸", Decimal(1928)),  # Extended Arabic-Indic (Persian)
    ("۱٬۹۲۸", Decimal(1928)),
    ("٣٫٣", Decimal("3.3")),
    ("٣.٣", Decimal("3.3")),
    ("نحو ٣٫٣ مليون شخص", Decimal(3_300_000)),
    ("٥ آلاف", Decimal(5000)),
    ("٢٠ ألفاً", Decimal(20000)),
    ("و٥٢ مدنياً", Decimal(52)),
    ("مقتل 52 مدنياً", Decimal(52)),
]

ARABIC_WORDS = [
    ("اثنين وخمسين", 52),
    ("اثنان وخمسون", 52),
    ("إثنين وخمسين مدنياً", 52),
    ("مئة", 100),
    ("مائة", 100),
    ("مئتين", 200),
    ("مائتي", 200),
    ("مئتان", 200),
    ("ألف", 1000),
    ("الف", 1000),
    ("عشرة", 10),
    ("خمسة آلاف", 5000),
    ("ثلاثة ملايين", 3_000_000),
    ("وخمسة", 5),
    ("أحد عشر", 11),
    ("اثنا عشر", 12),
    ("خمسة عشر ألفا", 15000),
    ("عشرون ألفاً", 20000),
    ("واحد وعشرين", 21),
    ("مئة وخمسة وعشرون", 125),
    ("ثلاثمائة وعشرون", 320),
    ("ثلاث مئة", 300),
    ("ثلاثة آلاف وخمسمائة", 3500),
    ("ألف ومئتين", 1200),
    ("مئتي ألف", 200_000),
    ("مليون ومئتا ألف", 1_200_000),
    ("مليونين", 2_000_000),
    ("نصف مليون", 500_000),
    ("مليون ونصف", 1_500_000),
    ("قتل ثمانية وتسعون مدنياً", 98),
    ("مِئَة", 100),  # with diacritics
]

NOT_NUMBERS = [
    # vague quantities
    "hundreds of people",
    "hundreds",
    "thousands of families",
    "tens of thousands",
    "hundreds of thousands",
    "dozens of children",
    "scores of civilians",
    "several hundred",
    "a few hundred",
    "a few dozen",
    "عشرات",
    "عشرات المدنيين",
    "مئات",
    "آلاف",
    "آلاف النازحين",
    "عشرات الآلاف",
    "مئات الآلاف",
    "ملايين",
    "بضعة آلاف",
    # ordinals and fractions
    "first",
    "the fourth anniversary",
    "twenty-first",
    "the 4th anniversary",
    "الذكرى الرابعة",
    "الثالثة",
    "لم يصب أحد",  # no one was hurt: أحد is a number only in أحد عشر
    "نصف الضحايا",  # half of the victims
    "two-thirds of the victims",
    "one half",
    "half of them",
    # words that are not counts
    "no one was hurt",
    "loved ones",
    "someone",
    # dates
    "7 October 2023",
    "October 7, 2023",
    "on 30 September",
    "March 2024",
    "2023-10-07",
    "7/10/2023",
    "the year 2015",
    "٧ أكتوبر ٢٠٢٣",
    "٣٠ أيلول",
    "عام ٢٠١٥",
    # ambiguous abbreviations, numbers glued to letters
    "1.2m",
    "5k",
    "3km",
]


@pytest.mark.parametrize(("text", "value"), ENGLISH_WORDS)
def test_english_number_words(text: str, value: int) -> None:
    assert parse_number(text, "en") == value


@pytest.mark.parametrize(("text", "value"), DIGITS)
def test_digits_with_separators_decimals_and_scales(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(("text", "value"), ARABIC_DIGITS)
def test_arabic_indic_and_persian_digits(text: str, value: Decimal) -> None:
    assert parse_number(text, "ar") == value


@pytest.mark.parametrize(("text", "value"), ARABIC_WORDS)
def test_arabic_number_words(text: str, value: int) -> None:
    assert parse_number(text, "ar") == value


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_vague_quantities_ordinals_fractions_and_dates_are_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


Spot = tuple[int, int, str, int]  # start, end, text, value
MIXED = "On 7 October 2023, at least 1,928 children and fifty-two women; مقتل ١٬٩٢٨ طفلاً واثنين وخمسين امرأة."


@pytest.mark.parametrize(("lang", "expected"), [
    (None, [(28, 33, "1,928", 1928), (47, 56, "fifty-two", 52), (69, 74, "١٬٩٢٨", 1928),
            (82, 94, "اثنين وخمسين", 52)]),
    ("en", [(28, 33, "1,928", 1928), (47, 56, "fifty-two", 52), (69, 74, "١٬٩٢٨", 1928)]),
    ("ar-SY", [(28, 33, "1,928", 1928), (69, 74, "١٬٩٢٨", 1928), (82, 94, "اثنين وخمسين", 52)]),
    ("fr", [(28, 33, "1,928", 1928), (69, 74, "١٬٩٢٨", 1928)]),  # other languages: digits only
])
def test_find_numbers_gives_code_point_offsets_in_order(lang: str | None, expected: list[Spot]) -> None:
    found = [(m.start, m.end, m.text, m.value) for m in find_numbers(MIXED, lang)]
    assert found == [(start, end, text, Decimal(value)) for start, end, text, value in expected]


@pytest.mark.parametrize("text", [MIXED, *[t for t, _ in ENGLISH_WORDS + ARABIC_WORDS + ARABIC_DIGITS]])
def test_match_text_is_the_slice_of_its_offsets(text: str) -> None:
    assert all(text[m.start:m.end] == m.text for m in find_numbers(text))


@pytest.mark.parametrize(("text", "expected"), [
    ("between ten and twenty", [10, 20]),
    ("hundreds of people, fifty of them children", [50]),
    ("tens of thousands fled, twenty-one died", [21]),
    ("one of their loved ones", [1]),
    ("killed 5, wounded 12", [5, 12]),
    ("قتل خمسة وجرح عشرة", [5, 10]),  # two numbers, not their sum
    ("خمسة ستة", [5, 6]),
    ("عشرة وألف", [10, 1000]),  # a scale joins with و only after a larger scale (مليون وألف)
    ("مليون وألف", [1_001_000]),
    ("In 2023, 52 people", [2023, 52]),  # a bare year is a number
    ("52 may have died", [52]),  # lower-case "may" is no month
    ("at least 1,928 children (١٬٩٢٨)", [1928, 1928]),
])
def test_numbers_in_lists_every_number_in_order(text: str, expected: list[int]) -> None:
    assert numbers_in(text) == expected


@pytest.mark.parametrize(("text", "value", "stated"), [
    ("at least 1,928 children", Decimal(1928), True),
    ("at least 1,928 children", Decimal(1982), False),
    ("6,686 civilians", Decimal("6686.0"), True),
    ("fifty-two civilians", Decimal(52), True),
    ("fifty-two civilians", Decimal(50), False),
    ("fifty-two civilians", Decimal(2), False),
    ("two hundred", Decimal(100), False),
    ("hundreds of people", Decimal(100), False),
    ("عشرات", Decimal(10), False),
    ("آلاف", Decimal(1000), False),
    ("اثنين وخمسين", Decimal(52), True),
    ("مقتل ٦٬٦٨٦ مدنياً", Decimal(6686), True),
    ("مقتل ٦٬٦٨٦ مدنياً", Decimal(686), False),
    ("killed on 7 October", Decimal(7), False),  # the fast path must not read a date's day
    ("7 October 2023", Decimal(2023), False),
    ("7 killed in October", Decimal(7), True),
    ("3.3 million", Decimal(3), False),
    ("1.2m", Decimal(1), False),
])
def test_states_number(text: str, value: Decimal, stated: bool) -> None:
    assert states_number(text, value) is stated


@pytest.mark.parametrize(("text", "lang", "stated"), [
    ("fifty-two", "en", True),
    ("fifty-two", "ar", False),
    ("اثنين وخمسين", "ar", True),
    ("اثنين وخمسين", "en", False),
    ("52", "fr", True),
])
def test_states_number_reads_the_words_of_the_language_given(text: str, lang: str, stated: bool) -> None:
    assert states_number(text, Decimal(52), lang) is stated


@pytest.mark.parametrize("text", ["", "civilians", "between 10 and 20", "fifty or sixty"])
def test_parse_number_is_none_unless_exactly_one_number(text: str) -> None:
    assert parse_number(text) is None


def test_number_match_is_frozen() -> None:
    match = NumberMatch(0, 2, "52", Decimal(52))
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.value = Decimal(53)  # type: ignore[misc]
