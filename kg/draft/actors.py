"""Perpetrator candidates and their stance, from the actor registry's names and spellings.

Rules:

* **Mentions.** An actor is mentioned by its ``name`` or one of its ``alt_names`` (any language; a name
  several actors share, "the Network", is the one the text names in full nearest before it); an armed
  force also by its name's adjective ("Russian" of "Russian forces", "الروسية" of "القوات الروسية") next to an
  attack or aircraft word ("Russian airstrikes", "الغارات الروسية") or after a hedge ("believed to be Russian").
* **Perpetrators** of a figure: the armed forces and states mentioned in its sentence (the registry's
  ``armed-force`` and ``state`` types), in text order; a state is dropped when one of its armed forces
  (``part_of``) is also mentioned. A subset's whole lends its perpetrators. A sentence that names none gives
  none: kg never widens a figure's scope.
* **Denial.** A denial cue ("denied", "نفت") in the sentence: the actor named before it denies; the
  perpetrators proposed are the armed forces of the denier's state, with stance ``denied`` and ``by`` the denier.
* **Hedge.** A hedge cue ("believed to be", "alleged", "رجّح") at most six words before a perpetrator's
  mention makes it ``hedged``, with the words from the cue to the mention as the hedge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.draft import cues
from kg.draft.lexicon import PERPETRATOR_TYPES, Hit, Lexicon, Phrases
from kg.draft.model import PerpetratorProposal


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    actor: str
    how: str  # "name" or "adjective"


def adjectives(lex: Lexicon) -> Phrases:
    """The adjectives of armed forces' names: the first word of an English name of two or more words that is
    capitalised ("Russian forces"), the last word of an Arabic one without its article ("روسية" of "القوات
    الروسية"; the article is matched as a clitic)."""
    entries: list[tuple[str, str, str]] = []
    for actor in lex.catalogue.actors.values():
        if actor.type != "armed-force":
            continue
        for text, lang in [(actor.name, "en"), *((n.text, n.lang) for n in actor.alt_names)]:
            words = text.split()
            if len(words) < 2:
                continue
            if lang.startswith("ar"):
                last = words[-1]
                entries.append((last[2:] if last.startswith("ال") else last, actor.id, "ar"))
            elif words[0][:1].isupper() and len(words) == 2:
                entries.append((words[0], actor.id, "en"))
    return Phrases(entries)


def _named(text: str, folded: str, lang: str, lex: Lexicon, start: int, end: int) -> list[Mention]:
    """Mentions by name. A name several actors share ("the Network", "local sources") means the one of them
    the text names unambiguously nearest before it (else nearest after; else the first by id)."""
    langs = [lang] if lang == "en" else [lang, "en"]
    found: list[Mention] = []
    for code in langs:
        for h in lex.actors.find(folded, code, start, end):
            keys = lex.actors.keys(h.label, code)
            actor = h.key if len(keys) <= 1 else _resolve(folded, code, lex, set(keys), h.start) or h.key
            found.append(Mention(h.start, h.end, actor, "name"))
    return found


def _resolve(folded: str, lang: str, lex: Lexicon, candidates: set[str], position: int) -> str | None:
    named = [h for h in lex.actors.find(folded, lang) if h.key in candidates
             and len(lex.actors.keys(h.label, lang)) == 1]
    before = [h for h in named if h.start < position]
    if before:
        return before[-1].key
    return named[0].key if named else None


def mentions(text: str, folded: str, lang: str, lex: Lexicon, adj: Phrases, start: int, end: int) -> list[Mention]:
    found = _named(text, folded, lang, lex, start, end)
    nouns = cues.compiled(cues.FORCE_NOUNS, lang)
    hedges = cues.compiled(cues.HEDGES, lang)
    for h in adj.find(folded, lang, start, end):
        if any(m.start < h.end and h.start < m.end for m in found):
            continue
        after, before = text[h.end:h.end + 24], text[max(start, h.start - 30):h.start]
        next_to_noun = nouns.match(after.lstrip()) is not None if after[:1].isspace() else False
        noun_before = re.search(rf"(?:{nouns.pattern})\s+(?:\S+\s+)?$", before) is not None
        if next_to_noun or (lang == "ar" and noun_before) or hedges.search(before):
            found.append(Mention(h.start, h.end, h.key, "adjective"))
    return sorted(set(found), key=lambda m: (m.start, m.actor))


def perpetrators(text: str, lang: str, lex: Lexicon, sentence: tuple[int, int], found: list[Mention]
                 ) -> list[PerpetratorProposal]:
    actors = lex.catalogue.actors
    s_start, s_end = sentence
    denial = cues.compiled(cues.DENIALS, lang).search(text, s_start, s_end)
    if denial is not None:
        deniers = [m for m in found if m.end <= denial.start()]
        if deniers:
            denier = deniers[-1].actor
            part_of = actors[denier].part_of
            state = denier if actors[denier].type == "state" else (part_of.value if part_of else None)
            forces = sorted(a.id for a in actors.values()
                            if a.type == "armed-force" and a.part_of is not None and a.part_of.value == state)
            cue = denial.group()
            return [PerpetratorProposal(f, "denied", f"{cue!r} after {text[deniers[-1].start:deniers[-1].end]!r}: "
                                        f"{denier} denies that {f}, its state's armed force, did it", by=denier)
                    for f in forces]
    chosen: list[Mention] = []
    for m in found:
        if actors[m.actor].type in PERPETRATOR_TYPES and m.actor not in {c.actor for c in chosen}:
            chosen.append(m)
    forces_of = {part.value for m in chosen if actors[m.actor].type == "armed-force"
                 and (part := actors[m.actor].part_of) is not None}
    chosen = [m for m in chosen if not (actors[m.actor].type == "state" and m.actor in forces_of)]
    hedges = cues.compiled(cues.HEDGES, lang)
    result: list[PerpetratorProposal] = []
    for m in chosen:
        named = text[m.start:m.end]
        window_start = max(s_start, _words_back(text, m.start, 6))
        hedge = None
        for h in hedges.finditer(text, window_start, m.start):
            hedge = h
        if hedge is not None:
            words = text[hedge.start():m.end]
            result.append(PerpetratorProposal(m.actor, "hedged", f"{named!r} in the sentence, after the hedge "
                                              f"{text[hedge.start():hedge.end()]!r}", hedge=words))
        else:
            how = "the adjective of its name next to an attack word" if m.how == "adjective" else "its name"
            result.append(PerpetratorProposal(m.actor, "asserted", f"{named!r} ({how}) in the sentence"))
    return result


def _words_back(text: str, position: int, count: int) -> int:
    """Where the ``count`` words before ``position`` start."""
    window_start = max(0, position - 40 * count)
    m = re.search(rf"(?:\S+\s+){{0,{count}}}$", text[window_start:position])
    return window_start + (m.start() if m else 0)


def hits_to_mentions(hits: list[Hit]) -> list[Mention]:
    return [Mention(h.start, h.end, h.key, "name") for h in hits]
