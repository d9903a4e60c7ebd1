"""The draft as an article record (the YAML the loader reads once confirmed), and confirming it.

Every record the draft proposes carries a ``draft:`` marker that holds, field by field, the reason each
value was proposed; the loader refuses a record that still has one (``path:line: figure X is an unconfirmed
draft (...)``, exit 2). A curator confirms a record by correcting it and deleting its marker, or with
``kg draft --accept ID FILE`` (:func:`accept`), which deletes the marker of record ID (``all``: of every
record). What the text states is written plainly; what the draft took from elsewhere in the text or from a
convention is written as a curator inference (``{value: X, inferred: reason}``), never as a text fact.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from kg.draft.model import Draft, DraftFigure, PerpetratorProposal, Proposal
from kg.loader.article import DRAFT_KEY
from kg.model.errors import InputError, Location

HEADER = """\
# Drafted by `kg draft`: a PROPOSAL, not a curated record. Each record marked `draft:` says why each value
# was proposed; check every value against the text, correct it, then delete the record's `draft:` marker
# (or run `kg draft --accept ID THIS-FILE`). `kg build` refuses a record that still carries a marker.
"""


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _field(p: Proposal | None, quote: str | None = None) -> Any:
    if p is None:
        return None
    if p.inferred:
        return {"value": p.value, "inferred": p.reason}
    if quote is not None:
        return {"value": p.value, "quote": quote}
    return p.value


def _perpetrator(p: PerpetratorProposal) -> Any:
    if p.stance == "hedged":
        return {"value": p.actor, "stance": "hedged", "hedge": p.hedge}
    if p.stance == "denied":
        return {"value": p.actor, "stance": "denied", "by": p.by}
    if p.inferred:
        return {"value": p.actor, "inferred": p.reason}
    return p.actor


def _figure(fig: DraftFigure, quote_id: str, quote_text: str, quote_start: int) -> dict[str, Any]:
    record: dict[str, Any] = {"id": fig.id, "quote": quote_id, "words": fig.words}
    if quote_text.count(fig.words) > 1:  # which occurrence of its words in the quote
        record["occurrence"] = quote_text[: fig.start - quote_start].count(fig.words) + 1
    if fig.value is not None:
        record["value"] = {"value": _number(fig.value), "inferred": fig.number_reason} if fig.number_inferred \
            else _number(fig.value)
    if fig.low is not None:
        record["low"] = _number(fig.low)
    if fig.high is not None:
        record["high"] = _number(fig.high)
    for name in ("qualifier", "counts", "unit", "group", "target", "weapon"):
        value = _field(getattr(fig, name))
        if value is not None:
            record[name] = value
    if fig.perpetrators:
        found = [_perpetrator(p) for p in fig.perpetrators]
        record["perpetrator"] = found[0] if len(found) == 1 else found
    for name in ("area", "as_of", "incident", "measure", "stated_by", "via"):
        p = getattr(fig, name)
        if isinstance(p, Proposal) and isinstance(p.value, list) and p.inferred:  # one inference per item
            record[name] = [{"value": v, "inferred": p.reason} for v in p.value]
            continue
        value = _field(p)
        if value is not None:
            record[name] = value
    if fig.subset_of is not None:
        record["subset_of"] = _field(fig.subset_of, quote=None if fig.subset_of.inferred else quote_id)
    record[DRAFT_KEY] = fig.reasons()
    return record


def to_record(draft: Draft, article_id: str, text_file: str, curator: str) -> dict[str, Any]:
    """The article record of ``draft``: quotes are the sentences that hold figures (and the dateline)."""
    quotes: list[dict[str, Any]] = []
    quote_ids: dict[int, str] = {}
    used: set[str] = set()
    dateline = -1 if draft.dateline is None else next(
        (i for i, (s, e) in enumerate(draft.sentences) if s <= draft.dateline[0] < e), -1)
    for index, (start, end) in enumerate(draft.sentences):
        if not any(f.sentence == index for f in draft.figures) and index != dateline and not (
                draft.headline is not None and index == 0):
            continue
        qid = "headline" if index == 0 and draft.headline is not None else \
            "dateline" if index == dateline else f"s{index + 1}"
        while qid in used:
            qid += "-2"
        used.add(qid)
        quote_ids[index] = qid
        quote: dict[str, Any] = {"id": qid, "text": draft.text[start:end]}
        before = draft.text[:start].count(draft.text[start:end])
        if before:
            quote["occurrence"] = before + 1
        quotes.append(quote)
    figures = []
    for fig in draft.figures:
        start, end = draft.sentences[fig.sentence]
        figures.append(_figure(fig, quote_ids[fig.sentence], draft.text[start:end], start))
    header: dict[str, Any] = {
        "sha256": f"the SHA-256 of {text_file}",
        "language": "the text's letters are mostly " + ("Arabic" if draft.language == "ar" else "Latin"),
        "publisher": "not proposed: name the publisher, or say why it is unknown ({unknown: why})",
    }
    record: dict[str, Any] = {"id": article_id, "curator": curator, "text": text_file, "sha256": draft.sha256,
                              "language": draft.language}
    if draft.headline is not None:
        record["headline"] = {"quote": "headline"}
        header["headline"] = draft.headline.reason
    else:
        record["headline"] = {"unknown": "kg draft found no headline line"}
        header["headline"] = "no first line standing alone: the curator checks"
    if draft.published is not None and dateline in quote_ids:
        record["published"] = {"value": draft.published.value, "quote": quote_ids[dateline]}
        header["published"] = draft.published.reason
    else:
        record["published"] = {"unknown": "the text has no dateline kg draft could read"}
        header["published"] = "no date in the text's first lines: the curator infers it or says why unknown"
    record["publisher"] = {"unknown": "not proposed by kg draft"}
    record[DRAFT_KEY] = header
    record["quotes"] = quotes
    record["figures"] = figures
    return record


def to_yaml(draft: Draft, article_id: str, text_file: str, curator: str) -> str:
    body = yaml.safe_dump(to_record(draft, article_id, text_file, curator), sort_keys=False, allow_unicode=True,
                          width=120, default_flow_style=False)
    return HEADER + body


_ID_LINE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)id:\s*['\"]?(?P<id>[^'\"\s#]+)")


def accept(path: Path, record_id: str) -> list[str]:
    """Delete the ``draft:`` marker of record ``record_id`` (``all``: every record) in the YAML file ``path``,
    leaving every other line as it is; the ids accepted. An id with no marker is an error naming the file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the draft record: {exc}", Location(path)) from None
    accepted: list[str] = []
    keep: list[str] = []
    current: str | None = None
    key_indent = 0
    skipping = -1
    for line in lines:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if skipping >= 0:
            if not stripped.strip() or indent > skipping:
                continue
            skipping = -1
        m = _ID_LINE.match(line)
        if m is not None:
            current, key_indent = m.group("id"), len(m.group("indent"))
        if current is not None and stripped.startswith(f"{DRAFT_KEY}:") and indent == key_indent and \
                record_id in (current, "all"):
            accepted.append(current)
            skipping = indent
            continue
        keep.append(line)
    if not accepted:
        raise InputError(f"no record '{record_id}' with a {DRAFT_KEY}: marker in this file", Location(path))
    text = "".join(keep)
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as exc:  # pragma: no cover - the markers are whole blocks; this guards hand edits
        raise InputError(f"accepting {record_id} would leave invalid YAML ({exc}); edit the file by hand",
                         Location(path)) from None
    path.write_text(text, encoding="utf-8")
    return accepted
