"""What ``kg draft`` does, as functions the CLI (and the web view) call: draft a file, compare, accept."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from pathlib import Path

from kg.draft.compare import Comparison, compare
from kg.draft.extract import draft_text
from kg.draft.lexicon import Lexicon, load_lexicon
from kg.draft.model import Draft
from kg.draft.record import to_yaml
from kg.draft.source import STDIN, read_text
from kg.loader.article import load_article
from kg.model.errors import InputError, KgError, Location, UsageError

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")


def article_id(path: Path) -> str:
    """The record id a text's file name gives (``sources/SNHR Report.txt`` -> ``snhr-report``)."""
    if path == STDIN:
        return "draft"
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "draft"


def curator(lex: Lexicon) -> str:
    return min(lex.catalogue.curators, default="kg-curators")


def draft_file(path: Path, data_dir: Path, fmt: str, record_id: str | None = None) -> str:
    """``kg draft PATH``: the draft of a text as a YAML record or as JSON."""
    text = read_text(path)
    lex = load_lexicon(data_dir)
    draft = draft_text(text, lex)
    if fmt == "json":
        return draft.to_json()
    rid = record_id or article_id(path)
    if not _ID.fullmatch(rid):
        raise UsageError(f"--id {rid!r} is not a record id (lower-case letters, digits and hyphens)")
    return to_yaml(draft, rid, f"sources/{rid}.txt", curator(lex))


def against(path: Path, record: Path, data_dir: Path) -> tuple[Draft, Comparison]:
    """``kg draft PATH --against RECORD``: the draft of PATH compared with the curated RECORD of the same text
    (its archived text is read from the record's own data folder, the folder above ``articles/``)."""
    text = read_text(path)
    curated = load_article(record, record.parent.parent)
    if curated.text != text:
        raise InputError(f"the curated record is of another text (its {curated.text_file} differs from "
                         f"{path}); --against compares a draft with the record of the same text",
                         Location(record))
    draft = draft_text(text, load_lexicon(data_dir))
    return draft, compare(draft, curated)


def web_drafter(data_dir: Path) -> Callable[[str], bytes] | None:
    """``kg draft`` for the web view's draft page (``POST /draft`` of ``kg serve``): a text -> the JSON of its
    draft and its record; the registries and vocabularies of ``data_dir`` are read once, at the first text.
    None when ``data_dir`` has no registry. Bad input raises :class:`ValueError` with the message to show."""
    if not (data_dir / "registry").is_dir():
        return None
    lock = threading.Lock()
    loaded: list[Lexicon] = []

    def draft(text: str) -> bytes:
        if not text.strip():
            raise ValueError("the text is empty")
        with lock:
            if not loaded:
                try:
                    loaded.append(load_lexicon(data_dir))
                except KgError as e:
                    raise ValueError(f"the registries in {data_dir}/ cannot be read: {e}") from None
            lex = loaded[0]
            found = draft_text(text, lex)
            record = to_yaml(found, "draft", "sources/draft.txt", curator(lex))
        return json.dumps({"draft": found.to_dict(), "yaml": record}, ensure_ascii=False).encode("utf-8")

    return draft
