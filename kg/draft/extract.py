"""The extractor interface and the rule-based extractor: from a text to its draft.

:class:`Extractor` is what a statistical model would implement later (same input, same :class:`DraftFigure`
output, each field with its reason); :class:`RuleExtractor` applies the readable rules of the modules of this
package, in this order: sentences, figures (numbers, ranges, vague quantities), qualifier, noun phrase and
scope, subsets, perpetrators and stance, who states it, place, incident, dates, measures. It is deterministic
and downloads nothing.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from kg.draft import actors as act
from kg.draft import attribution, dates, measures, places, scope
from kg.draft.lexicon import Hit, Lexicon, Phrases, fold
from kg.draft.model import Draft, DraftFigure, PerpetratorProposal, Proposal
from kg.draft.numbers import find_figures
from kg.draft.qualifiers import qualifier, strip_space
from kg.draft.sentences import split_sentences

_AR_LETTER = re.compile("[\u0621-\u064a]")
_LATIN = re.compile("[A-Za-z]")


class Extractor(Protocol):
    """Proposes the figures of a text; ``name`` says which extractor proposed a draft."""

    name: str

    def figures(self, text: str, lang: str, lex: Lexicon, draft: Draft) -> list[DraftFigure]: ...


def language(text: str) -> str:
    """``ar`` when Arabic letters outnumber Latin ones, else ``en``."""
    return "ar" if len(_AR_LETTER.findall(text)) > len(_LATIN.findall(text)) else "en"


def draft_text(text: str, lex: Lexicon, extractor: Extractor | None = None, lang: str | None = None) -> Draft:
    """The draft of ``text``: its sha256, language, sentences, dateline, headline and figures."""
    lang = lang or language(text)
    lex.forget()
    sentences = [(s.start, s.end) for s in split_sentences(text)]
    draft = Draft(text, hashlib.sha256(text.encode("utf-8")).hexdigest(), lang, sentences, [])
    found = dates.dateline(text)
    if found is not None:
        draft.published, draft.dateline = found
    first = text.lstrip().split("\n", 1)[0].strip()
    if first and len(first) <= 200 and not re.search(r"[.!?؟]$", first):
        draft.headline = Proposal(first, "the first line stands alone with no closing full stop")
    draft.figures = (extractor or RuleExtractor()).figures(text, lang, lex, draft)
    return draft


class RuleExtractor:
    name = "rules"

    def __init__(self) -> None:
        self._adjectives: dict[int, Phrases] = {}

    def figures(self, text: str, lang: str, lex: Lexicon, draft: Draft) -> list[DraftFigure]:
        adj = self._adjectives.setdefault(id(lex), act.adjectives(lex))
        folded = fold(text)
        published = dates.find_date(text[draft.dateline[0]:draft.dateline[1]]) if draft.dateline else None
        figures: list[DraftFigure] = []
        sentence_of = _sentence_index(draft.sentences)
        mentions_cache: dict[int, list[act.Mention]] = {}
        perpetrators_of: dict[int, list[PerpetratorProposal]] = {}
        candidates = find_figures(text, folded, lang, lex)
        starts = [c.start for c in candidates]
        for found in candidates:
            si = sentence_of(found.start)
            sentence = draft.sentences[si]
            np = scope.noun_phrase(text, folded, lang, lex, found.end)
            if found.concept is not None:  # the dual's own word names what is counted
                np.hits.setdefault(found.concept[0], Hit(found.start, found.end, found.concept[1], ""))
            if found.value == 1 and not text[found.start].isdigit() and not np.hits and \
                    not re.match(r"\s+of\b", text[found.end:]):
                continue  # "one" is a count only of something named ("one health worker", "one of ...")
            qual, start, end = qualifier(text, folded, lang, lex, found, np.end)
            start, end = strip_space(text, start, max(end, found.end))
            fig = DraftFigure(id="", sentence=si, words=text[start:end], start=start, end=end, value=found.value,
                              low=found.low, high=found.high, qualifier=qual, number_reason=found.reason,
                              number_inferred=found.concept is not None)
            prev = figures[-1] if figures and figures[-1].sentence == si else None
            _scope(fig, text, folded, lang, lex, np, sentence, prev, figures, found.start, starts)
            if si not in mentions_cache:
                mentions_cache[si] = act.mentions(text, folded, lang, lex, adj, *sentence)
            found_actors = mentions_cache[si]
            if si not in perpetrators_of:
                perpetrators_of[si] = act.perpetrators(text, lang, lex, sentence, found_actors)
            fig.perpetrators = list(perpetrators_of[si])
            whole = next((f for f in figures if fig.subset_of and f.id == fig.subset_of.value), None)
            if not fig.perpetrators and whole is not None and whole.perpetrators:
                fig.perpetrators = [replace(p, reason=f"those of {whole.id}, which it is part of") for p in
                                    whole.perpetrators]
            fig.stated_by, fig.via = attribution.stated_by(text, lang, sentence,
                                                           attribution.sources(lex, found_actors), found.start)
            fig.area = places.area(text, folded, lang, lex, sentence, found.start)
            fig.incident = places.incident(text, lex, sentence, fig.area)
            fig.as_of = dates.relative(text[sentence[0]:sentence[1]], lang, published)
            fig.measure = measures.suggest(fig, lex)
            fig.id = _unique_id(fig, figures, lex.figure_ids)
            figures.append(fig)
        _carry_sources(figures, _byline(text, folded, lang, lex, draft, adj))
        return figures


def _scope(fig: DraftFigure, text: str, folded: str, lang: str, lex: Lexicon, np: scope.NounPhrase,
           sentence: tuple[int, int], prev: DraftFigure | None, figures: list[DraftFigure], position: int,
           starts: list[int]) -> None:
    s_start, s_end = sentence
    if prev is not None:
        between = text[prev.end:fig.start]
        cue = scope.subset_cue(text, lang, between)
        if cue is not None:
            fig.subset_of = Proposal(prev.id, f"{cue!r} between {prev.words!r} and it", inferred=False)
        elif prev.subset_of is not None and scope.joined(text, lang, between):
            fig.subset_of = Proposal(prev.subset_of.value, f"listed with {prev.words!r}, a part of "
                                                           f"{prev.subset_of.value}")
    whole = next((f for f in figures if fig.subset_of and f.id == fig.subset_of.value), None)

    def words(h: Hit) -> str:
        return text[h.start:h.end]

    h: Hit | None
    if "counted" in np.hits:
        h = np.hits["counted"]
        fig.counts = Proposal(h.key, f"{words(h)!r} in its words is a label of {h.key}")
    elif whole is not None and whole.counts is not None:
        fig.counts = Proposal(whole.counts.value, f"what {whole.id}, which it is part of, counts")
    else:
        hits = [x for x in lex.concepts["counted"].find(folded, lang, s_start, s_end)
                if not (fig.start <= x.start < fig.end) and ("groups" not in np.hits or lex.is_people(x.key))]
        h = scope.nearest(hits, position)
        if h is not None:
            fig.counts = Proposal(h.key, f"{words(h)!r} in the sentence is a label of {h.key}")
        elif figures and figures[-1].counts is not None:
            fig.counts = Proposal(figures[-1].counts.value, f"the sentence names nothing counted; the figure "
                                  f"before it ({figures[-1].id}) counts {figures[-1].counts.value}", inferred=True)
    counted = None if fig.counts is None else str(fig.counts.value)
    if "units" in np.hits:
        h = np.hits["units"]
        if h.key != lex.vocab.default_units.get(counted or "", None) and h.key != counted:
            fig.unit = Proposal(h.key, f"{words(h)!r} in its words is a label of unit {h.key}")
    people = (counted is None or lex.is_people(counted)) and (fig.unit is None or fig.unit.value == "percent")
    if people and (counted is not None or "groups" in np.hits):
        _group(fig, text, folded, lang, lex, np, sentence, figures, position, whole)
    elif counted is not None:
        for scheme, attr in (("targets", "target"), ("weapons", "weapon")):
            own = np.hits.get(scheme)
            if own is not None:
                setattr(fig, attr, Proposal(own.key, f"{words(own)!r} in its words is a label of {own.key}"))
                continue
            hits = [x for x in lex.concepts[scheme].find(folded, lang, s_start, s_end)
                    if not any(min(x.start, position) < f < max(x.end, position) for f in starts)]
            h = scope.nearest(hits, position)
            if h is not None:
                setattr(fig, attr, Proposal(h.key, f"{words(h)!r} in the sentence is a label of {h.key}"))
            elif whole is not None and getattr(whole, attr) is not None:
                setattr(fig, attr, Proposal(getattr(whole, attr).value, f"that of {whole.id}, which it is part of"))


def _group(fig: DraftFigure, text: str, folded: str, lang: str, lex: Lexicon, np: scope.NounPhrase,
           sentence: tuple[int, int], figures: list[DraftFigure], position: int, whole: DraftFigure | None) -> None:
    if "groups" in np.hits:
        h = np.hits["groups"]
        fig.group = Proposal(h.key, f"{text[h.start:h.end]!r} in its words is a label of group {h.key}")
        return
    last = max((f.end for f in figures if f.sentence == fig.sentence), default=sentence[0])
    before = [h for h in lex.concepts["groups"].find(folded, lang, max(sentence[0], last), fig.start)
              if not lex.actors.find(folded, lang, max(0, h.start - 40), min(len(text), h.end + 40))
              or not any(a.start <= h.start and h.end <= a.end
                         for a in lex.actors.find(folded, lang, max(0, h.start - 40), min(len(text), h.end + 40)))]
    if before:
        h = before[-1]
        fig.group = Proposal(h.key, f"{text[h.start:h.end]!r} before it in the sentence, with no other figure "
                                    f"between, is a label of group {h.key}")
    elif "people" in lex.vocab.schemes.get("groups", frozenset()):
        fig.group = Proposal("people", "a count of people whose words name no group: people")


def _byline(text: str, folded: str, lang: str, lex: Lexicon, draft: Draft, adj: Phrases) -> Proposal | None:
    """The source a line of the text's first six names, in a sentence with no figure (a byline, a credit in
    the dateline): who the text is by."""
    lines = text.split("\n")
    stop = len("\n".join(lines[:6]))
    with_figures = {f.sentence for f in draft.figures}
    for i, (start, end) in enumerate(draft.sentences):
        if start >= stop:
            break
        found = attribution.sources(lex, act.mentions(text, folded, lang, lex, adj, start, end))
        if found and (i not in with_figures or "(" in text[start:end]):
            who = found[0]
            return Proposal(who.actor, f"the byline names {text[who.start:who.end]!r}", inferred=True)
    return None


def _carry_sources(figures: list[DraftFigure], byline: Proposal | None) -> None:
    """A figure whose sentence names no source continues the account of the one before, else is by the
    byline's source, else (at the top of a text with no byline) by the first source after: a curator
    inference."""
    for i, fig in enumerate(figures):
        if fig.stated_by is not None:
            continue
        before = next((f for f in reversed(figures[:i]) if f.stated_by is not None), None)
        after = next((f for f in figures[i + 1:] if f.stated_by is not None and not f.stated_by.inferred), None)
        if before is None and byline is not None:
            fig.stated_by = Proposal(byline.value, f"its sentence names no source; {byline.reason}", inferred=True)
        elif before is not None and before.stated_by is not None:
            who = before.stated_by.value
            fig.stated_by = Proposal(who, f"its sentence names no source; it continues the account of "
                                          f"{before.id}, stated by {who}", inferred=True)
        elif after is not None and after.stated_by is not None:
            who = after.stated_by.value
            fig.stated_by = Proposal(who, f"its sentence names no source; the text attributes the figures "
                                          f"that follow to {who}", inferred=True)


def _unique_id(fig: DraftFigure, figures: list[DraftFigure], used: frozenset[str]) -> str:
    """``<group or target or ...>-<number>``, with ``-2``, ``-3`` ... when the draft or the data folder has it."""
    what = next((str(p.value) for p in (fig.group, fig.target, fig.weapon, fig.unit, fig.counts) if p is not None),
                "figure")
    if fig.counts is not None and fig.group is not None and fig.counts.value != "killed":
        what = f"{fig.group.value}-{fig.counts.value}"
    number = fig.value if fig.value is not None else fig.low if fig.low is not None else None
    amount = str(fig.qualifier.value) if number is None else str(number).replace(".", "-")
    if fig.high is not None and fig.low is not None:
        amount = f"{fig.low}-{fig.high}".replace(".", "-")
    base = f"{what}-{amount}"
    taken = {f.id for f in figures} | used
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _sentence_index(sentences: list[tuple[int, int]]) -> Callable[[int], int]:
    starts = [s for s, _ in sentences]

    def index(position: int) -> int:
        return max(0, bisect_right(starts, position) - 1)
    return index
