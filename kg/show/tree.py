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


def _when(point: object, earliest: object, latest: object) -> str | None:
    """A date as known: the date itself, else its bounds, shown as bounds."""
    if point not in (None, ""):
        return str(point)
    if earliest is not None and latest is not None:
        return f"between {earliest} and {latest}" if earliest != latest else str(earliest)
    if earliest is not None:
        return f"on or after {earliest}"
    if latest is not None:
        return f"on or before {latest}"
    return None


def _bounds(r: dict[str, Any]) -> str | None:
    low, high = r.get("low"), r.get("high")
    if low is None and high is None:
        return "none given"
    if low == high:
        return f"exactly {low:,}" if isinstance(low, int) else f"exactly {low}"
    parts = [f"≥ {low:,}" if low is not None else "", f"≤ {high:,}" if high is not None else ""]
    return " and ".join(p for p in parts if p)


def _one(r: dict[str, Any]) -> str:
    lines = [f"figure {r['id']}: “{r['words']}”"]

    def field(name: str, value: object, inferred_key: str | None = None) -> None:
        if value in (None, "", []):
            return
        mark = _inferred(r, inferred_key) if inferred_key else ""
        lines.append(f"{INDENT}{name:<12} {value}{mark}")

    field("amount", _amount(r), "value")
    field("bounds", _bounds(r), "low")
    field("unit", r.get("unit"), "unit")
    what = " · ".join(x.replace("-", " ") for x in (r["counts"], r["group"], r["target"], r["weapon"]) if x)
    field("counts", what)
    perps = ", ".join(p["label"] for p in r["perpetrator"]) if r["perpetrator"] else "none stated"
    field("perpetrator", perps, "perpetrator")
    for claim in r.get("perpetrator_claims", []):
        how = f"hedged: “{claim['hedge']}”" if claim["stance"] == "hedged" else f"denied by {claim['denied_by']}"
        field("  stance", f"{claim['label']} — {how}")
    field("period", r["period"], "period")
    field("place", r["place"]["label"] if r["place"] else None, "place")
    as_of = _when(r["as_of"], r.get("as_of_earliest"), r.get("as_of_latest"))
    if as_of and r.get("as_of_sequence") is not None:
        as_of += f" (update {r['as_of_sequence']}{', ' + r['as_of_marker'] if r.get('as_of_marker') else ''})"
    field("as of", as_of, "as_of" if _inferred(r, "as_of") else "report.date")
    field("measures", ", ".join(m["id"] for m in r.get("measures", [])) or None, "measures")
    rank = r.get("rank")
    if rank and r.get("superseded_by"):
        rank += f" (superseded by {r['superseded_by']})"
    field("rank", rank, "rank")
    field("via", " ← ".join(v["label"] for v in r.get("via", [])) or None)
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
    field("published", _when(a["published"], a.get("published_earliest"), a.get("published_latest")),
          "article.published")
    rep = r["report"]
    if rep["id"]:
        field("report", _short(rep["label"] or rep["id"], 84), "report")
        field("issuer", rep["issuer"])
        field("report date", _when(rep["date"], rep.get("date_earliest"), rep.get("date_latest")), "report.date")
    if r["inferences"]:
        lines.append(f"{INDENT}not stated by the text — curator inferences:")
        for inf in r["inferences"]:
            text = f"{inf['field']} = {inf['value']}: {inf['reason']}"
            wrapped = textwrap.wrap(text, 92)
            lines.append(f"{INDENT}{INDENT}- {wrapped[0]}")
            lines.extend(f"{INDENT}{INDENT}  {w}" for w in wrapped[1:])
    if r.get("inherited"):
        field("inherited", ", ".join(r["inherited"]) + " (from the article's or quote's defaults)")
    field("recorded at", r["record"])
    return "\n".join(lines) + "\n"
