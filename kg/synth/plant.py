"""Planted violations: records that load, but break exactly one rule of ontology/shapes.ttl each.

Each kind names the shape it breaks, the record it breaks (``record``) and
the node the shape reports as its focus (``focus``): the record itself, or,
for shapes checked once per report, the report (the result's value is then
the record).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kg.model.terms import iri
from kg.synth.model import World

#: kind -> (shape it breaks, IRI kind of the broken record, IRI kind of the focus node)
KINDS: dict[str, tuple[str, str, str]] = {
    "subset-exceeds-whole": ("SubsetNotGreaterThanWhole", "figure", "figure"),
    "almost-below-exact": ("RoundingDirectionConsistent", "figure", "figure"),
    "report-after-article": ("RelayedReportNotAfterArticle", "article", "article"),
    "place-outside-country": ("PlaceInCountry", "place", "place"),
    "incident-after-report": ("IncidentNotAfterReport", "figure", "report"),
    "more-than-not-above": ("RoundingDirectionConsistent", "figure", "figure"),
    "superseded-report-later": ("SupersededReportNotLater", "report", "report"),
    "period-after-report": ("PeriodStartNotAfterReport", "figure", "report"),
    "at-least-above-exact": ("RoundingDirectionConsistent", "figure", "figure"),
}
REGISTRY_KINDS = ("place-outside-country", "superseded-report-later")
ARTICLE_KINDS = tuple(k for k in KINDS if k not in REGISTRY_KINDS)


@dataclass(frozen=True, slots=True)
class Planted:
    kind: str
    focus: str  # the IRI a SHACL result names as its focus node
    record: str  # the IRI of the record that breaks the rule (the focus, or the result's value)
    shape: str

    @classmethod
    def of(cls, kind: str, record_id: str, focus_id: str | None = None) -> Planted:
        shape, record_kind, focus_kind = KINDS[kind]
        record = str(iri(record_kind, record_id))
        focus = str(iri(focus_kind, focus_id)) if focus_id is not None else record
        return cls(kind, focus, record, f"https://w3id.org/kg/shapes#{shape}")


def plan(n: int, places: int, reports: int) -> list[str]:
    """``n`` kinds, cycling through all kinds; registry kinds only while there are records to break."""
    out: list[str] = []
    used = {"place-outside-country": 0, "superseded-report-later": 0}
    room = {"place-outside-country": places, "superseded-report-later": reports}
    i = 0
    while len(out) < n:
        kind = list(KINDS)[i % len(KINDS)]
        i += 1
        if kind in used:
            if used[kind] >= room[kind]:
                continue
            used[kind] += 1
        out.append(kind)
    return out


def write(path: Path, planted: list[Planted]) -> int:
    rows = [{"kind": p.kind, "focus": p.focus, "record": p.record, "shape": p.shape} for p in planted]
    body = json.dumps(rows, indent=2) + "\n"
    data = body.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def break_registry(world: World, kinds: list[str]) -> list[Planted]:
    """Plant the registry kinds: a village outside any country, an edition superseding a later one."""
    out: list[Planted] = []
    villages = [p for c in world.countries for p in c.villages]
    series = [s for s in world.series if len(s.editions) >= 2]
    taken: set[int] = set()
    n_series = 0
    for kind in kinds:
        if kind == "place-outside-country":
            i = (len(taken) * 7919 + 11) % len(villages)
            while i in taken:
                i = (i + 1) % len(villages)
            taken.add(i)
            village = villages[i]
            village.within = None
            village.within_reason = village.evidence = None
            out.append(Planted.of(kind, village.id))
        elif kind == "superseded-report-later":
            first, second = series[n_series].editions[:2]
            n_series += 1
            first.supersedes = second.id
            out.append(Planted.of(kind, first.id))
    return out
