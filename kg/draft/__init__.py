"""Drafting: from a new article's text to a draft record a curator confirms.

``draft_text(text, lexicon)`` proposes, for every figure of a text, its words, value or bounds, qualifier,
what is counted, group/target/weapon, subset, perpetrators with their stance, who states it, place, incident,
dates and measures, each with the reason it was proposed (:mod:`kg.draft.extract`). The rules read the
vocabularies and registries the loader reads (:mod:`kg.draft.lexicon`), so a new label there is recognised
without code changes. :mod:`kg.draft.record` writes the proposal as an article record marked ``draft:`` (the
loader refuses it until a curator confirms), :mod:`kg.draft.compare` measures a draft against the curated
record.
"""

from kg.draft.extract import Extractor, RuleExtractor, draft_text
from kg.draft.lexicon import Lexicon, load_lexicon
from kg.draft.model import Draft, DraftFigure, Proposal

__all__ = ["Draft", "DraftFigure", "Extractor", "Lexicon", "Proposal", "RuleExtractor", "draft_text",
           "load_lexicon"]
