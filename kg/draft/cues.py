"""Words of reporting grammar that are not vocabulary concepts: who says, hedges, denials, inclusion, time.

Kept here, per language, so a curator reads every cue the rules use in one place. What is counted, groups,
targets, weapons, units and qualifiers are NOT here: they come from the vocabulary's labels.
"""

from __future__ import annotations

import re
from typing import Final

#: "X said", "according to X": a source mentioned with one of these in its sentence is who states the figure.
SPEECH: Final = {
    "en": r"said|says|say|told|reported|reports|added|noted|stated|documented|documents|recorded|records|"
          r"counted|counts|gave|estimated|confirmed|announced|according\s+to|citing|cited|puts|put|raised|tallied|"
          r"settled\s+on",
    "ar": r"قال|قالت|وقال|وقالت|ذكر|ذكرت|أعلن|أعلنت|أفاد|أفادت|وثقت|ووثقت|وثّقت|ووثّقت|بحسب|وفق|حسب|تسجل|تسجّل|أشار|أشارت",
}
#: Before a source, what it is relayed through: "citing X" (X states it, the subject relays it).
CITING: Final = {"en": r"citing|according\s+to", "ar": r"نقلا\s+عن|بحسب|وفق"}
#: Hedges of who did it, kept in their words with the perpetrator ("believed to be Russian").
HEDGES: Final = {
    "en": r"believed\s+to\s+be|most\s+likely|likely|alleged(?:ly)?|suspected(?:\s+belligerent:?)?|reportedly|"
          r"thought\s+to\s+be|apparently",
    "ar": r"رجّح|رجح|يرجح|يرجّح|يعتقد|يُعتقد|يشتبه|مرجح",
}
#: Denials: the actor before the cue denies; the perpetrator denied is an armed force of the same state.
DENIALS: Final = {"en": r"denied|denies|deny|denying|untrue|rejected\s+claims", "ar": r"نفت|تنفي|نفى|ينفي"}
#: Inclusion: a figure after one of these, in the same sentence, is a subset of the figure before it.
SUBSET: Final = {
    "en": r"including|among\s+them|among\s+those|of\s+them|of\s+whom|among\s+the\s+dead(?:\s+(?:is|are|were))?",
    "ar": r"بينهم|بينها|منهم|منها|من\s+بينهم",
}
#: Spans of time, ages, clock times: a number followed by one of these is not a count.
SPAN_UNITS: Final = {
    "en": r"min|mins|minute|minutes|hour|hours|day|days|week|weeks|month|months|year|years|yr|yrs|km|kilometres|"
          r"kilometers|miles|metres|meters|am|pm|percentage\s+points",
    "ar": r"ساعة|ساعات|يوم|أيام|يوما|أسبوع|أسابيع|شهر|أشهر|سنة|سنوات|عاما|أعوام|كيلومتر|كم",
}
#: Words before a bare four-digit number that make it a year ("since 2015", "in 2017", "منذ ٢٠١٥").
YEAR_BEFORE: Final = {"en": r"since|in|of|from|until|till|by|before|after|during|early|late|mid",
                      "ar": r"منذ|عام|في|سنة|العام"}
#: Relative days: a curator infers the date from the dateline.
WEEKDAYS: Final = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
}
RELATIVE_DAYS: Final = {"en": {"today": 0, "yesterday": -1, "this evening": 0, "this morning": 0, "tonight": 0,
                               "the previous evening": -1, "last night": -1},
                        "ar": {"اليوم": 0, "أمس": -1, "مساء اليوم": 0}}
#: Words that join items of one list of figures ("including 10 children and 10 women").
LIST_JOINERS: Final = {"en": r"and|,|, and|as well as", "ar": r"و|،"}
#: Aircraft and attack words after a force's adjective ("Russian warplanes", "Russian airstrikes").
FORCE_NOUNS: Final = {"en": r"forces|force|warplanes|jets|aircraft|airstrikes|air\s+strikes|strikes|raids|attacks|"
                            r"military|army|troops|bombardment|shelling",
                      "ar": r"القوات|الطائرات|الغارات|غارات|غارتان|طائرات"}


def words(pattern: str) -> re.Pattern[str]:
    """A cue pattern as whole words, case-insensitive."""
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


def compiled(table: dict[str, str], lang: str) -> re.Pattern[str]:
    return words(table.get(lang, table["en"]))
