"""What a draft is: proposals, each with the reason it was proposed.

A :class:`Proposal` holds one field's proposed value, why, and whether it is a curator inference (taken from
outside the figure's sentence or from a convention) rather than something its sentence states. A
:class:`Draft` is one text's proposals; ``Draft.to_json()`` is the contract of ``kg draft --format json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed field value (an id, a concept, a number, a date text) and the reason it was proposed."""

    value: Any
    reason: str
    inferred: bool = False  # not stated by the figure's sentence: a curator inference if confirmed


@dataclass(frozen=True, slots=True)
class PerpetratorProposal:
    actor: str
    stance: str  # asserted | hedged | denied
    reason: str
    hedge: str | None = None
    by: str | None = None  # the denier, for stance denied
    inferred: bool = False


@dataclass
class DraftFigure:
    """One figure of the text, as proposed."""

    id: str
    sentence: int  # index in Draft.sentences
    words: str
    start: int
    end: int
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    qualifier: Proposal
    number_reason: str
    number_inferred: bool = False  # a number the words state in a way the loader cannot check (an Arabic dual)
    counts: Proposal | None = None
    unit: Proposal | None = None
    group: Proposal | None = None
    target: Proposal | None = None
    weapon: Proposal | None = None
    subset_of: Proposal | None = None
    perpetrators: list[PerpetratorProposal] = field(default_factory=list)
    stated_by: Proposal | None = None
    via: Proposal | None = None
    area: Proposal | None = None
    incident: Proposal | None = None
    as_of: Proposal | None = None
    measure: Proposal | None = None

    FIELDS = ("qualifier", "counts", "unit", "group", "target", "weapon", "subset_of", "stated_by", "via", "area",
              "incident", "as_of", "measure")

    def proposals(self) -> dict[str, Proposal]:
        return {name: p for name in self.FIELDS if (p := getattr(self, name)) is not None}

    def reasons(self) -> dict[str, str]:
        found = {"words": self.number_reason}
        found |= {name: p.reason for name, p in self.proposals().items()}
        for i, p in enumerate(self.perpetrators):
            found[f"perpetrator{'' if i == 0 else f' {i + 1}'}"] = p.reason
        return found

    def to_dict(self) -> dict[str, Any]:
        first = self.perpetrators[0] if self.perpetrators else None

        def val(p: Proposal | None) -> Any:
            return None if p is None else p.value

        return {
            "id": self.id, "words": self.words, "start": self.start, "end": self.end,
            "value": _num(self.value), "low": _num(self.low), "high": _num(self.high),
            "qualifier": self.qualifier.value, "counts": val(self.counts), "unit": val(self.unit),
            "group": val(self.group), "target": val(self.target), "weapon": val(self.weapon),
            "perpetrator": first.actor if first else None, "stance": first.stance if first else None,
            "perpetrators": [{"actor": p.actor, "stance": p.stance, "hedge": p.hedge, "by": p.by,
                              "inferred": p.inferred} for p in self.perpetrators],
            "stated_by": val(self.stated_by), "via": val(self.via), "subset_of": val(self.subset_of),
            "area": val(self.area), "incident": val(self.incident), "as_of": val(self.as_of),
            "measure": val(self.measure), "sentence": self.sentence,
            "inferred": sorted([n for n, p in self.proposals().items() if p.inferred]
                               + (["perpetrator"] if any(p.inferred for p in self.perpetrators) else [])
                               + (["value"] if self.number_inferred else [])),
            "reasons": self.reasons(),
        }


@dataclass
class Draft:
    """The proposals for one text."""

    text: str
    sha256: str
    language: str
    sentences: list[tuple[int, int]]
    figures: list[DraftFigure]
    headline: Proposal | None = None
    published: Proposal | None = None
    dateline: tuple[int, int] | None = None  # offsets of the line the publication date was read from
    extractor: str = "rules"

    def sentence_text(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256, "language": self.language, "extractor": self.extractor,
            "headline": None if self.headline is None else self.headline.value,
            "published": None if self.published is None else {"value": self.published.value,
                                                              "reason": self.published.reason},
            "quotes": [{"sentence": i, "start": s, "end": e, "text": self.text[s:e]}
                       for i, (s, e) in enumerate(self.sentences) if any(f.sentence == i for f in self.figures)],
            "figures": [f.to_dict() for f in self.figures],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
