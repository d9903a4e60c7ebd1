"""Small helpers for tests that break a copy of the data on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.loader import load_catalogue
from kg.model.errors import InputError, InputErrors


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {path}")


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


ARTICLE_000 = Path("articles/snhr-russia-fourth-anniversary.yaml")
ARTICLE_003 = Path("articles/snhr-zardana-de-escalation.yaml")


def edit_record(path: Path, record_id: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` inside the list item ``- id: record_id`` only."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {record_id}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end == -1 else end
    block = text[start:end]
    assert old in block, f"{old!r} not in record {record_id}"
    path.write_text(text[:start] + block.replace(old, new, 1) + text[end:], encoding="utf-8")


def errors_of(data: Path) -> list[InputError]:
    """The errors loading ``data`` reports (it must fail)."""
    with pytest.raises(InputErrors) as info:
        load_catalogue(data)
    return info.value.errors


def only_error(data: Path) -> InputError:
    errors = errors_of(data)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]
