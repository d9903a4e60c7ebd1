"""Dates: the publication date from the dateline, and relative expressions as curator inferences.

Rules: the dateline is the first of the text's first six lines that holds a date ("30 September, 2019",
"June 8, 2018", "١٨ تموز/يوليو ٢٠١٨"); its date is proposed as ``published`` with that line as the quote. A
weekday ("on Wednesday", "اليوم الأربعاء") or a relative day ("this evening", "the previous evening") in a
figure's sentence gives ``as_of`` as a curator inference: the latest such day on or before the dateline's
date, with that reason. Without a dateline nothing is inferred.
"""

from __future__ import annotations

import datetime as dt
import re

from kg.draft import cues
from kg.draft.model import Proposal

_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december")
_AR_MONTHS = {
    "يناير": 1, "كانون الثاني": 1, "فبراير": 2, "شباط": 2, "مارس": 3, "آذار": 3, "أبريل": 4, "إبريل": 4, "نيسان": 4,
    "مايو": 5, "أيار": 5, "يونيو": 6, "حزيران": 6, "يوليو": 7, "تموز": 7, "أغسطس": 8, "آب": 8, "سبتمبر": 9,
    "أيلول": 9, "أكتوبر": 10, "تشرين الأول": 10, "نوفمبر": 11, "تشرين الثاني": 11, "ديسمبر": 12,
    "كانون الأول": 12,
}
_D = "[0-9٠-٩]"
_MONTH = "|".join(sorted([*_EN_MONTHS, *_AR_MONTHS], key=len, reverse=True))
_DATES = re.compile(
    rf"(?P<d1>{_D}{{1,2}})(?:st|nd|rd|th)?\s+(?:من\s+)?(?P<m1>{_MONTH})(?:/(?:{_MONTH}))?,?\s+(?P<y1>{_D}{{4}})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>{_D}{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{_D}{{4}})",
    re.IGNORECASE)
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def find_date(line: str) -> dt.date | None:
    m = _DATES.search(line)
    if m is None:
        return None
    day, month, year = (m.group("d1"), m.group("m1"), m.group("y1")) if m.group("d1") else \
        (m.group("d2"), m.group("m2"), m.group("y2"))
    number = _EN_MONTHS.index(month.lower()) + 1 if month.lower() in _EN_MONTHS else _AR_MONTHS[month]
    try:
        return dt.date(int(year.translate(_TO_ASCII)), number, int(day.translate(_TO_ASCII)))
    except ValueError:
        return None


def dateline(text: str) -> tuple[Proposal, tuple[int, int]] | None:
    pos = 0
    for i, line in enumerate(text.splitlines(keepends=True)):
        if i >= 6:
            break
        when = find_date(line)
        if when is not None:
            stripped = line.strip()
            start = pos + line.index(stripped)
            return Proposal(when.isoformat(), f"the dateline {stripped!r}"), (start, start + len(stripped))
        pos += len(line)
    return None


_WEEKDAY = {lang: [re.compile(rf"(?<!\w){re.escape(d)}(?!\w)") for d in days] for lang, days in cues.WEEKDAYS.items()}
_RELATIVE = {lang: [(w, s, re.compile(rf"(?<!\w){re.escape(w)}(?!\w)")) for w, s in days.items()]
             for lang, days in cues.RELATIVE_DAYS.items()}


def relative(sentence: str, lang: str, published: dt.date | None) -> Proposal | None:
    if published is None:
        return None
    low = sentence.lower()
    days = cues.WEEKDAYS.get(lang, cues.WEEKDAYS["en"])
    for i, (day, pattern) in enumerate(zip(days, _WEEKDAY.get(lang, _WEEKDAY["en"]), strict=True)):
        if pattern.search(low):
            back = (published.weekday() - i) % 7
            when = published - dt.timedelta(days=back)
            return Proposal(when.isoformat(), f"{day!r} in the sentence: the latest {day} on or before the "
                                              f"dateline's {published.isoformat()}", inferred=True)
    for words, shift, pattern in _RELATIVE.get(lang, []):
        if pattern.search(low):
            when = published + dt.timedelta(days=shift)
            return Proposal(when.isoformat(), f"{words!r} in the sentence, read from the dateline's "
                                              f"{published.isoformat()}", inferred=True)
    return None
