"""Who states a figure, and the relay chain ("citing", "according to").

Rules: the sources of a sentence are the actors it names that are not perpetrators (monitoring groups,
outlets, aggregators, persons, unnamed sources, government bodies...). ``citing X``/``according to X``/
``بحسب X``: X states it and a source named before the cue relays it (``via``). Else the source nearest a
speech cue ("X said", "قالت X"), else the nearest source named. A sentence that names no source continues
the account of the figure before it (a curator inference, with that reason); the first figures of a text
take the first source named after them ("the body attributes them to X").
"""

from __future__ import annotations

from kg.draft import cues
from kg.draft.actors import Mention
from kg.draft.lexicon import PERPETRATOR_TYPES, Lexicon
from kg.draft.model import Proposal


def sources(lex: Lexicon, found: list[Mention]) -> list[Mention]:
    actors = lex.catalogue.actors
    return [m for m in found if m.actor in actors and actors[m.actor].type not in PERPETRATOR_TYPES
            and actors[m.actor].type != "curator"]


def stated_by(text: str, lang: str, sentence: tuple[int, int], srcs: list[Mention], position: int
              ) -> tuple[Proposal | None, Proposal | None]:
    """Who states the figure at ``position`` and the chain it came through, from its sentence alone."""
    if not srcs:
        return None, None
    start, end = sentence
    citing = cues.compiled(cues.CITING, lang).search(text, start, end)
    if citing is not None:
        cited = [m for m in srcs if m.start >= citing.end()]
        relays = [m for m in srcs if m.end <= citing.start()]
        if cited:
            who = cited[0]
            cue = text[citing.start():citing.end()]
            via = None
            if relays:
                chain = list(dict.fromkeys(m.actor for m in reversed(relays)))
                via = Proposal(chain, f"{text[relays[-1].start:relays[-1].end]!r} relays it, {cue!r} "
                                      f"{text[who.start:who.end]!r}")
            return Proposal(who.actor, f"{cue!r} {text[who.start:who.end]!r} in the sentence"), via
    speech = list(cues.compiled(cues.SPEECH, lang).finditer(text, start, end))
    if speech:
        def distance(m: Mention) -> int:
            return min(min(abs(s.start() - m.end), abs(m.start - s.end())) for s in speech)
        who = min(srcs, key=lambda m: (distance(m), m.start))
        verb = min(speech, key=lambda s: min(abs(s.start() - who.end), abs(who.start - s.end())))
        return Proposal(who.actor, f"{text[who.start:who.end]!r} with {verb.group()!r} in the sentence"), None
    who = min(srcs, key=lambda m: abs(m.start - position))
    return Proposal(who.actor, f"{text[who.start:who.end]!r} is the source the sentence names"), None
