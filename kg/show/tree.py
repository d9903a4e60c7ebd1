"""Render traced figures as a readable tree for a terminal."""

from __future__ import annotations

import textwrap
from typing import Any

INDENT = "  "


def render_tree(records: list[dict[str, Any]]) -> str:
    return "\n".join(_one(r) for r in records)


def _inferred(record: dict[str, Any], field: str) -> str:
    for inf in record["inferences"]:
        if inf["field"] == field:
            return "  [curator inference]"
    return ""


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _amount(r: dict[str, Any]) -> str:
    qualifier = (r["qualifier"] or "").replace("-", " ")
    if r["value"] is not None:
        number = f"{r['value']:,}" if isinstance(r["value"], int) else str(r["value"])
        return number if qualifier == "exact" else f"{qualifier} {number}"
    if r["low"] is not None or r["high"] is not None:
        return f"{qualifier} {r['low'] or '?'}–{r['high'] or '?'}".strip()
    return qualifier


def _one(r: dict[str, Any]) -> str:
    lines = [f"figure {r['id']}: “{r['words']}”"]

    def field(name: str, value: object, inferred_key: str | None = None) -> None:
        if value in (None, "", []):
            return
        mark = _inferred(r, inferred_key) if inferred_key else ""
        lines.append(f"{INDENT}{name:<12} {value}{mark}")

    field("amount", _amount(r), "value")
    what = " · ".join(x.replace("-", " ") for x in (r["counts"], r["group"], r["target"], r["weapon"]) if x)
    field("counts", what)
    perps = ", ".join(p["label"] for p in r["perpetrator"]) if r["perpetrator"] else "none stated"
    field("perpetrator", perps, "perpetrator")
    field("period", r["period"], "period")
    field("place", r["place"]["label"] if r["place"] else None, "place")
    field("as of", r["as_of"], "report.date")
    field("stated by", r["stated_by"]["label"] if r["stated_by"] else None, "stated_by")
    if r["rounding_of"]:
        field("rounds", r["rounding_of"]["id"])
    if r["subset_of"]:
        field("subset of", r["subset_of"]["id"])
    q = r["quote"]
    words = r["words"] or ""
    exact = str(q["exact"])
    marked = exact.replace(words, f"[{words}]", 1) if words else exact
    lines.append(f"{INDENT}quote        chars {q['start']}–{q['end']} of {q['document']}")
    for chunk in textwrap.wrap(f"“…{marked}…”", 96):
        lines.append(f"{INDENT}{'':<12} {chunk}")
    lines.append(f"{INDENT}chain        (depth {r['depth']}, independent sources: "
                 f"{', '.join(r['independent_sources']) or 'none'})")
    for depth, node in enumerate(r["chain"]):
        lines.append(f"{INDENT}{'':<12} {'   ' * depth}└─ {node['kind']}: {_short(node['label'], 80 - 3 * depth)}")
    a = r["article"]
    lines.append(f"{INDENT}article      {a['headline'] or '(no headline)'}")
    field("publisher", a["publisher"], "article.publisher")
    field("published", a["published"], "article.published")
    rep = r["report"]
    if rep["id"]:
        field("report", _short(rep["label"] or rep["id"], 84), "report")
        field("issuer", rep["issuer"])
        field("report date", rep["date"], "report.date")
    if r["inferences"]:
        lines.append(f"{INDENT}not stated by the text — curator inferences:")
        for inf in r["inferences"]:
            text = f"{inf['field']} = {inf['value']}: {inf['reason']}"
            wrapped = textwrap.wrap(text, 92)
            lines.append(f"{INDENT}{INDENT}- {wrapped[0]}")
            lines.extend(f"{INDENT}{INDENT}  {w}" for w in wrapped[1:])
    field("recorded at", r["record"])
    return "\n".join(lines) + "\n"
