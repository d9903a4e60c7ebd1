"""``kg explain ID``: one answer for a figure, a measure or an incident, built from the stored queries.

What a researcher asks first: what is the current figure, by whom, and which words support it; what is
the best estimate across independent sources; who says what, how they differ and why. Each part is a
stored query (``current-figures``, ``measure-evolution``, ``discrepancies``, ``incident-tolls``) or the
trace, run with the id bound, so the answer is the same as running them one by one, and the rules are
the ones written in their descriptions and in docs/independence.md.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from kg.ask import ids, queries
from kg.ask.source import Source, as_source
from kg.ask.trace import trace
from kg.model.cell import Cell
from kg.model.errors import UsageError
from kg.model.terms import ID, local_id

KINDS = ("figure", "measure", "incident")

_KIND = """
SELECT ?x ?type WHERE {
  VALUES ?x { %s }
  ?x a ?type .
}
"""

_LABEL = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { <%s> rdfs:label ?label } LIMIT 1
"""

_CLASSES = {
    "https://w3id.org/kg/ns#Figure": "figure",
    "https://w3id.org/kg/ns#Measure": "measure",
    "https://w3id.org/kg/ns#Incident": "incident",
}


def explain(store: ox.Store | Source, ident: str) -> dict[str, Any]:
    """Explain a figure, a measure or an incident (``ID``, or ``kind/ID`` when an id names several)."""
    source = as_source(store)
    kind, local = _resolve(source, ident)
    subject = f"{ID}{kind}/{local}"
    out: dict[str, Any] = {"kind": kind, "id": local, "label": _label(source, subject)}
    if kind == "figure":
        (record,) = trace(source, figure=local)
        out["figure"] = record
        out["label"] = record["words"]
        out["measures"] = [_about(source, "measure", m["id"]) for m in record["measures"]]
        incident = record["incident"]["id"] if record.get("incident") else None
        out["incident"] = _about(source, "incident", incident) if incident else None
        return out
    out.update(_about(source, kind, local))
    return out


def _about(source: Source, kind: str, local: str) -> dict[str, Any]:
    """The current readings, the estimate, the history and the discrepancies of a measure or incident."""
    current = _rows(source, "current-figures", **{kind: local})
    about: dict[str, Any] = {
        "kind": kind,
        "id": local,
        "label": _label(source, f"{ID}{kind}/{local}"),
        "estimate": _estimate(current),
        "current": current,
        "discrepancies": _rows(source, "discrepancies", **{kind: local}),
    }
    if kind == "measure":
        about["series"] = _rows(source, "measure-evolution", measure=local)
    else:
        about["tolls"] = _rows(source, "incident-tolls", incident=local)
    return about


def _estimate(current: list[dict[str, Cell]]) -> dict[str, Any] | None:
    """The low / best / high every current-figures row repeats, once, with the figures that support them."""
    if not current:
        return None
    row = current[0]

    def bound(name: str) -> dict[str, Cell] | None:
        value, figure = row.get(f"est_{name}"), row.get(f"est_{name}_figure")
        if value is None and figure is None:
            return None
        return {"value": value, "figure": local_id(str(figure)) if figure else None}

    return {"sources": row.get("sources"), "low": bound("low"), "best": bound("best"), "high": bound("high"),
            "open_ended": row.get("open_ended")}


def _rows(source: Source, name: str, **raw: str) -> list[dict[str, Cell]]:
    stored = queries.lookup(name)
    table = source.select(stored.text, queries.bind(stored, raw))
    # the ?_name columns are the parameters as given, not results
    return [{c: v for c, v in zip(table.columns, row, strict=True) if not c.startswith("_")} for row in table.rows]


def _label(source: Source, subject: str) -> str | None:
    rows = source.select(_LABEL % subject).rows
    return str(rows[0][0]) if rows else None


def _resolve(source: Source, ident: str) -> tuple[str, str]:
    """``kind/id`` or a bare id: which of a figure, a measure or an incident it names."""
    ident = ident.strip()
    kind, local = queries.split_record(ident)
    sep = "/" if kind else ""
    if sep and kind not in KINDS:
        raise UsageError(f"'{ident}': explain takes a figure, measure or incident id (or figure/ID, measure/ID, "
                         "incident/ID)")
    kinds = (kind,) if sep else KINDS
    name = local if sep else ident
    if not name or any(ch in name for ch in "<>\"{}|\\^` \n"):
        raise UsageError(f"'{ident}' is not an id")
    candidates = " ".join(f"<{ID}{k}/{name}>" for k in kinds)
    found = sorted({_CLASSES[str(t)] for _, t in source.select(_KIND % candidates).rows if str(t) in _CLASSES})
    if not found:
        known = [i for k in kinds for i in ids.ids_of_kind(source, k)]
        close = ids.suggestions(name, known)
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise UsageError(f"no figure, measure or incident '{ident}' in the graph{hint}")
    if len(found) > 1:
        named = " and ".join(f"{queries.article(k)} {k}" for k in found)
        raise UsageError(f"'{ident}' names {named}: write {found[0]}/{name}")
    return found[0], name
