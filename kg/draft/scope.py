"""What a figure counts and of whom: counts, unit, group, target, weapon, and subsets ("including").

Rules (every label is the vocabulary's, in the text's language):

* **Noun phrase.** After the number, labels of what is counted, groups, targets, weapons and units are the
  figure's own words when they follow it with at most two other words between ("almost 2,000 Syrian
  children", "1,928 of Them Children") and chain with nothing or ``of``/``on``/``with``/``على``/``من``
  between them ("attacks on civilian infrastructure", "attacks with incendiary weapons").
* **Counts**: a label of what is counted in the noun phrase ("attacks", "dead"); else the subset's whole's;
  else the nearest such label in the sentence ("were killed"), only a count of people when the noun phrase
  names a group ("٤٤ مدنياً" counts no "غارات"); else the previous figure's, as an inference.
* **Unit**: a unit label in the noun phrase other than the default unit of what is counted ("percent",
  "families").
* **Group** (people counted, or a percentage of them): a group label in the noun phrase; else one before
  the number in the sentence with no other figure between and not part of an actor's name ("The number of
  civilians killed ... has reached 44", but not "The White Helmets ... gave a toll of 35"); else ``people``,
  a count of people whose words restrict it to no group.
* **Target, weapon** (attacks counted): in the noun phrase; else in the sentence with no other figure between.
* **Subset**: an inclusion cue ("including", "among them", "بينهم") between a figure and the figure before it
  in the sentence; a figure joined to such a subset by "and" or a comma is a subset of the same whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.draft import cues
from kg.draft.lexicon import Hit, Lexicon

_BREAK = re.compile(r"[\n.;:!?؟()\[\]]")
_GAP = re.compile(r"\s+(?:[\w'’]+\s+){0,2}", re.UNICODE)
_CHAIN = re.compile(r"\s*(?:(?:of|on|with|against|in|على|من|ضد)\s+)?", re.IGNORECASE)
_GAP_STOP = re.compile(r"(?i)\b(?:were|was|is|are|have|has|had|and|or|by|in|at|after|since|killed|a|an)\b|[\n,.;:،]")


@dataclass
class NounPhrase:
    end: int
    hits: dict[str, Hit]  # by scheme: the first label of each scheme in the phrase


def noun_phrase(text: str, folded: str, lang: str, lex: Lexicon, start: int) -> NounPhrase:
    """The labels that follow a number as its own words, and where its words end."""
    hits = sorted((h.start, -h.end, scheme, h) for scheme, phrases in lex.concepts.items()
                  for h in phrases.find(folded, lang, start, min(len(text), start + 80)))
    found: dict[str, Hit] = {}
    end, last = start, -1
    for _, _, scheme, h in hits:
        if scheme in found or (scheme in ("counted", "units") and "groups" in found):
            break  # a second label of one kind, or a verb after the group ("52 civilians killed"), ends it
        if h.start < end:
            if h.start == last and h.end == end and scheme not in found:
                found[scheme] = h  # "attacks" is a counted thing and a unit: both
            continue
        gap = text[end:h.start]
        if _BREAK.search(gap):
            break
        if not found:
            ok = gap == "" or (_GAP.fullmatch(gap) is not None and not _GAP_STOP.search(gap)) or \
                _CHAIN.fullmatch(gap) is not None
        else:
            ok = _CHAIN.fullmatch(gap) is not None
        if not ok:
            break
        found.setdefault(scheme, h)
        end, last = h.end, h.start
    return NounPhrase(end, found)


def nearest(hits: list[Hit], position: int) -> Hit | None:
    """The hit nearest ``position``; at equal distance the one after (reporting writes "52 were killed")."""
    if not hits:
        return None
    return min(hits, key=lambda h: (min(abs(h.start - position), abs(h.end - position)), h.start < position))


def subset_cue(text: str, lang: str, between: str) -> str | None:
    m = cues.compiled(cues.SUBSET, lang).search(between)
    return m.group() if m else None


def joined(text: str, lang: str, between: str) -> bool:
    """Whether two figures are items of one list ("10 children and 10 women", "١١ امرأة و٦ أطفال")."""
    return re.fullmatch(rf"\s*(?:{cues.LIST_JOINERS.get(lang, cues.LIST_JOINERS['en'])})\s*", between) is not None
