"""Place and incident candidates, from the registries' names and spellings.

Rules: the area is the most specific place the figure's sentence names (the deepest in the ``within``
hierarchy; at equal depth the nearest the figure) (``name``/``alt_names`` of
``registry/places.yaml``, any language). An incident is proposed, as a curator inference, when the sentence
names the incident itself or its place, since a text rarely names an incident as the registry does.
"""

from __future__ import annotations

from kg.draft.lexicon import Lexicon, fold
from kg.draft.model import Proposal


def area(text: str, folded: str, lang: str, lex: Lexicon, sentence: tuple[int, int], position: int
         ) -> Proposal | None:
    start, end = sentence
    hits = lex.places.find(folded, lang, start, end)
    if lang != "en":
        hits += lex.places.find(folded, "en", start, end)
    if not hits:
        return None
    depth = {h.key: _depth(lex, h.key) for h in hits}
    h = min(hits, key=lambda h: (-depth[h.key], abs(h.start - position), h.start))
    others = sorted({x.key for x in hits} - {h.key})
    more = f"; it lies deepest in the place hierarchy of those named ({', '.join(others)})" if others else ""
    return Proposal(h.key, f"the sentence names {text[h.start:h.end]!r}{more}")


def _depth(lex: Lexicon, place: str) -> int:
    """How many places contain ``place`` (``within``, transitively): the most specific place is the deepest."""
    seen: set[str] = set()
    current = lex.catalogue.places.get(place)
    while current is not None and current.within is not None and current.id not in seen:
        seen.add(current.id)
        current = lex.catalogue.places.get(current.within.value)
    return len(seen)


def incident(text: str, lex: Lexicon, sentence: tuple[int, int], place: Proposal | None) -> Proposal | None:
    sentence_text = fold(text[sentence[0]:sentence[1]]).lower()
    for inc in sorted(lex.catalogue.incidents.values(), key=lambda i: i.id):
        if fold(inc.name).lower() in sentence_text:
            return Proposal(inc.id, f"the sentence names the incident {inc.name!r}")
    if place is None:
        return None
    for inc in sorted(lex.catalogue.incidents.values(), key=lambda i: i.id):
        if inc.place is not None and inc.place.value == place.value:
            return Proposal(inc.id, f"the sentence names {place.value}, the place of incident {inc.id} "
                                    f"({inc.name}); that the figure is of this incident is the curator's reading",
                            inferred=True)
    return None
