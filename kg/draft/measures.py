"""Measure suggestions: the existing measures whose curated figures count what this figure counts.

Rule: a measure's scope is read from the curated figures that name it (what they count, group, target,
weapon); a figure with the same scope is proposed that measure, as a curator inference, since a measure also
fixes a perpetrator, a place and a period that only the curator can judge.
"""

from __future__ import annotations

from kg.draft.lexicon import Lexicon, measure_scope
from kg.draft.model import DraftFigure, Proposal


def suggest(fig: DraftFigure, lex: Lexicon) -> Proposal | None:
    def val(p: Proposal | None) -> str | None:
        return None if p is None else str(p.value)

    scope = measure_scope(val(fig.counts), val(fig.group), val(fig.target), val(fig.weapon))
    if scope[0] is None:
        return None
    found = sorted(m for m, scopes in lex.measure_scopes.items() if scope in scopes)
    if not found:
        return None
    shown = ", ".join(s for s in scope if s)
    return Proposal(found if len(found) > 1 else found[0],
                    f"curated figures of {', '.join(found)} count the same ({shown}); the curator checks its "
                    f"perpetrator, place and period", inferred=True)
