"""Invented names: places with transliteration variants and Arabic spellings, people, outlets.

Every name is built from syllables that have an Arabic spelling, so a place
gets a Latin name, one or two Latin variants (``Zardana``, ``Zardanah``,
``Zardna``) and an Arabic alt name. The names are fictional on purpose: a
synthetic corpus must never be mistaken for real reporting.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

SYLLABLES: tuple[tuple[str, str], ...] = (
    ("zar", "زر"), ("da", "دا"), ("na", "نا"), ("sa", "سا"), ("ra", "را"), ("ba", "با"), ("ha", "حا"),
    ("la", "لا"), ("mi", "مي"), ("shu", "شو"), ("kun", "كون"), ("bal", "بل"), ("ram", "رام"), ("tin", "تين"),
    ("jab", "جب"), ("dul", "دل"), ("fir", "فر"), ("qas", "قص"), ("wad", "ود"), ("hur", "حور"), ("nab", "نب"),
    ("sar", "سر"), ("mal", "مل"), ("kha", "خا"), ("ghar", "غار"), ("yab", "يب"), ("rud", "رود"), ("tal", "طل"),
    ("mar", "مر"), ("saf", "صف"), ("dur", "دور"), ("hin", "حين"), ("ka", "كا"), ("bu", "بو"), ("ri", "ري"),
    ("ja", "جا"), ("lu", "لو"), ("ma", "ما"), ("ya", "يا"), ("qa", "قا"), ("shi", "شي"), ("fa", "فا"),
)
#: Leading words of place names, with their Arabic and Latin variants.
PREFIXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Kafr", "كفر", ("Kfar", "Kafar")), ("Tal", "تل", ("Tell",)), ("Deir", "دير", ("Dayr", "Dair")),
    ("Ain", "عين", ("Ayn", "Ein")), ("Beit", "بيت", ("Bayt",)), ("Khan", "خان", ("Han",)),
    ("Maarat", "معرة", ("Maarrat", "Ma’arat")), ("Umm", "أم", ("Um",)), ("Ras", "رأس", ("Ra’s",)),
)
FIRST_NAMES = (
    "Fadel", "Rami", "Hadi", "Mazen", "Samir", "Lina", "Rania", "Omar", "Yasser", "Nour", "Huda", "Khaled",
    "Bassam", "Wafa", "Ghassan", "Maher", "Salma", "Tarek", "Ziad", "Amal", "Hiba", "Karim", "Dima", "Walid",
)
FAMILY_NAMES = (
    "Abdul Ghany", "al-Khatib", "Haddad", "Nasser", "al-Hamwi", "Darwish", "Qassem", "Shami", "Mansour",
    "Yassin", "Hallak", "Barakat", "Saleh", "Othman", "Jaber", "al-Ahmad", "Kanaan", "Sabbagh", "Zein",
)
OUTLET_WORDS = (
    "Levant", "Crescent", "Orontes", "Euphrates", "Desert", "Northern", "Free", "Eastern", "Valley",
    "Coastal", "Mountain", "Frontier", "Citadel", "Harbour", "River", "Meridian",
)
OUTLET_NOUNS = (
    "Herald", "Tribune", "Post", "Observer", "Chronicle", "Times", "Gazette", "Voice", "Dispatch", "Courier",
    "Daily", "Bulletin", "Review", "Standard",
)
ARABIC_TITLES: tuple[tuple[str, str], ...] = (
    ("Fajr", "الفجر"), ("Sharq", "الشرق"), ("Mirsad", "المرصد"), ("Watan", "الوطن"), ("Hayat", "الحياة"),
    ("Nahar", "النهار"), ("Quds", "القدس"), ("Ayyam", "الأيام"), ("Akhbar", "الأخبار"), ("Shams", "الشمس"),
)
ARMED_GROUPS = (
    "Northern Liberation Front", "Army of the Valley", "Brigades of the Dawn", "Free Homeland Movement",
    "Sons of the Frontier", "Black Banner Organisation", "Southern Revolutionary Front", "Mountain Shield Army",
)


def slug(text: str) -> str:
    """A record id from a name: lower-case letters, digits and hyphens."""
    s = text.lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


@dataclass(frozen=True, slots=True)
class Name:
    """A place name: its Latin name, its Latin variants and its Arabic spelling."""

    latin: str
    variants: tuple[str, ...]
    arabic: str

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.latin, *self.variants)


def _root(rng: random.Random, n: int) -> tuple[str, str, str]:
    """A capitalised root, its variant and its Arabic spelling, from ``n`` syllables."""
    picks = [SYLLABLES[rng.randrange(len(SYLLABLES))] for _ in range(n)]
    latin = "".join(p[0] for p in picks)
    arabic = "".join(p[1] for p in picks)
    variant = _variant(latin, rng)
    return latin.capitalize(), variant.capitalize(), arabic


def _variant(latin: str, rng: random.Random) -> str:
    """Another common transliteration of the same word."""
    choice = rng.randrange(5)
    if choice == 0 and latin.endswith("a"):
        return latin + "h"
    if choice == 1 and "u" in latin:
        return latin.replace("u", "ou", 1)
    if choice == 2 and "q" in latin:
        return latin.replace("q", "k")
    if choice == 3 and latin.count("a") > 1:
        i = latin.rfind("a", 0, len(latin) - 1)
        return latin[:i] + latin[i + 1 :] if i > 0 else latin + "h"
    if "sh" in latin:
        return latin.replace("sh", "ch", 1)
    return latin + "h" if latin[-1] in "aiu" else latin + "e"


def place_name(rng: random.Random) -> Name:
    """A village or city name, sometimes with a leading word or an ``al-`` second part."""
    root, root_var, root_ar = _root(rng, rng.choice((2, 2, 3)))
    shape = rng.randrange(10)
    if shape < 3:
        word, word_ar, word_vars = PREFIXES[rng.randrange(len(PREFIXES))]
        latin = f"{word} {root}"
        variants: tuple[str, ...] = (f"{rng.choice(word_vars)} {root}", f"{word} {root_var}")
        arabic = f"{word_ar} {root_ar}"
    elif shape < 5:
        second, second_var, second_ar = _root(rng, 2)
        latin = f"{root} al-{second}"
        variants = (f"{root} el-{second}", f"{root_var} al-{second_var}")
        arabic = f"{root_ar} ال{second_ar}"
    else:
        latin = root
        variants = (root_var,)
        arabic = root_ar
    uniq = tuple(dict.fromkeys(v for v in variants if v != latin))
    return Name(latin, uniq, arabic)


def country_name(rng: random.Random) -> Name:
    root, root_var, root_ar = _root(rng, 2)
    return Name(root + "ia", (root_var + "ia",), root_ar + "يا")


def adjective(country: str) -> str:
    """``Qasaria`` -> ``Qasarian``; ``Belmor`` -> ``Belmori``."""
    return country + "n" if country.endswith("a") else country + "i"


#: Names of real people in the real data: an invented person (a chairman, a ministry's spokesperson) never has one.
REAL_PEOPLE = frozenset({"Fadel Abdul Ghany"})


def person_name(rng: random.Random) -> str:
    while True:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}"
        if name not in REAL_PEOPLE:
            return name


def outlet_name(rng: random.Random) -> tuple[str, tuple[str | tuple[str, str], ...]]:
    """A news outlet's name and its alt names."""
    if rng.randrange(4) == 0:
        word, arabic = ARABIC_TITLES[rng.randrange(len(ARABIC_TITLES))]
        return f"Al-{word}", (f"Al {word}", (arabic, "ar"))
    name = f"The {rng.choice(OUTLET_WORDS)} {rng.choice(OUTLET_NOUNS)}"
    return name, (name.removeprefix("The "),)
