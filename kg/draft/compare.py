"""A draft against the curated record of the same text: what the curator changed (``kg draft --against``).

Matching: a curated figure is *found* when a drafted figure's words overlap its words and the draft states
the same value, or the same bounds (a range), or, for a vague quantity, no number either; each drafted
figure matches at most one curated figure (the most overlapping, in text order). Unmatched curated figures
are *missed*, unmatched drafted ones *extra*. For every match each field is compared: drafted vs curated.
Recall = found / curated, precision = found / drafted, a field's accuracy = right / found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kg.draft.model import Draft, DraftFigure
from kg.model.records import Article, Figure

#: The fields compared, in report order.
FIELDS = ("words", "qualifier", "counts", "group", "target", "weapon", "unit", "perpetrator", "stance",
          "stated_by")


@dataclass
class Match:
    curated: str  # curated figure id
    drafted: str  # drafted figure id
    words: tuple[str, str]  # drafted, curated
    fields: dict[str, tuple[Any, Any]]  # field -> (drafted, curated), every compared field

    def wrong(self) -> dict[str, tuple[Any, Any]]:
        return {k: v for k, v in self.fields.items() if v[0] != v[1]}


@dataclass
class Comparison:
    article: str
    curated: int
    drafted: int
    matches: list[Match] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)  # curated figures not found, and why
    extra: list[dict[str, Any]] = field(default_factory=list)  # drafted figures matching none

    def recall(self) -> float:
        return len(self.matches) / self.curated if self.curated else 1.0

    def precision(self) -> float:
        return len(self.matches) / self.drafted if self.drafted else 1.0

    def accuracy(self, name: str) -> tuple[int, int]:
        return sum(1 for m in self.matches if m.fields[name][0] == m.fields[name][1]), len(self.matches)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article, "curated": self.curated, "drafted": self.drafted,
            "found": len(self.matches), "recall": round(self.recall(), 4), "precision": round(self.precision(), 4),
            "accuracy": {n: {"right": r, "of": t} for n in FIELDS for r, t in [self.accuracy(n)]},
            "matched": [{"curated": m.curated, "drafted": m.drafted, "words": list(m.words),
                         "wrong": {k: {"drafted": v[0], "curated": v[1]} for k, v in m.wrong().items()}}
                        for m in self.matches],
            "missed": self.missed, "extra": self.extra,
        }

    def to_text(self) -> str:
        lines = [f"draft of {self.article} against its curated record: {len(self.matches)} of {self.curated} "
                 f"curated figures found, {self.drafted} drafted"]
        for m in self.matches:
            wrong = m.wrong()
            shown = "; ".join(f"{k}: drafted {_show(v[0])}, curated {_show(v[1])}" for k, v in wrong.items())
            lines.append(f"  found  {m.curated:<40} {'ok' if not wrong else shown}")
        for x in self.missed:
            lines.append(f"  missed {x['curated']:<40} {x['words']!r}: {x['why']}")
        for x in self.extra:
            lines.append(f"  extra  {x['drafted']:<40} {x['words']!r}")
        fields = ", ".join(f"{n} {r}/{t}" for n in FIELDS for r, t in [self.accuracy(n)])
        lines.append(f"recall {self.recall():.0%}, precision {self.precision():.0%}; right fields: {fields}")
        return "\n".join(lines)


def _show(v: Any) -> str:
    return "-" if v is None else str(v)


def _num(v: Decimal | None) -> Decimal | None:
    return v


def _curated_fields(fig: Figure) -> dict[str, Any]:
    first = fig.perpetrators[0] if fig.perpetrators else None
    return {
        "words": fig.words, "qualifier": fig.qualifier.value, "counts": fig.counts.value,
        "group": fig.group.value if fig.group else None, "target": fig.target.value if fig.target else None,
        "weapon": fig.weapon.value if fig.weapon else None, "unit": fig.unit.value if fig.unit else None,
        "perpetrator": sorted(p.actor.value for p in fig.perpetrators) or None,
        "stance": first.stance if first else None, "stated_by": fig.stated_by.value,
    }


def _drafted_fields(fig: DraftFigure) -> dict[str, Any]:
    d = fig.to_dict()
    return {
        "words": fig.words, "qualifier": d["qualifier"], "counts": d["counts"], "group": d["group"],
        "target": d["target"], "weapon": d["weapon"], "unit": d["unit"],
        "perpetrator": sorted(p.actor for p in fig.perpetrators) or None, "stance": d["stance"],
        "stated_by": d["stated_by"],
    }


def _same_number(d: DraftFigure, c: Figure) -> bool:
    value = c.value.value if c.value else None
    low, high = (c.low.value if c.low else None), (c.high.value if c.high else None)
    if value is not None:
        return d.value == value
    if low is not None or high is not None:
        return (d.low, d.high) == (low, high)
    return d.value is None and d.low is None and d.high is None


def compare(draft: Draft, article: Article) -> Comparison:
    result = Comparison(article.id, len(article.figures), len(draft.figures))
    used: set[str] = set()
    for c in sorted(article.figures, key=lambda f: f.phrase.start):
        cs, ce = c.phrase.start, c.phrase.end
        overlapping = [d for d in draft.figures if d.id not in used and d.start < ce and cs < d.end]
        right = [d for d in overlapping if _same_number(d, c)]
        if not right:
            why = "no drafted figure in its words" if not overlapping else \
                "drafted with another number: " + ", ".join(f"{d.words!r} ({d.value or (d.low, d.high)})"
                                                            for d in overlapping)
            result.missed.append({"curated": c.id, "words": c.words, "start": cs, "end": ce, "why": why,
                                  "kind": "not read" if not overlapping else "wrong number"})
            continue
        best = max(right, key=lambda d: (min(ce, d.end) - max(cs, d.start), -d.start))
        used.add(best.id)
        drafted, curated = _drafted_fields(best), _curated_fields(c)
        result.matches.append(Match(c.id, best.id, (best.words, c.words),
                                    {n: (drafted[n], curated[n]) for n in FIELDS}))
    result.extra = [{"drafted": d.id, "words": d.words, "start": d.start, "end": d.end}
                    for d in draft.figures if d.id not in used]
    return result
