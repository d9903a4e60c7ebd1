"""Reading the text to draft: a file or standard input, UTF-8, not empty, not binary; errors at path:line."""

from __future__ import annotations

import sys
from pathlib import Path

from kg.loader.files import decode, read_bytes
from kg.model.errors import InputError, Location

STDIN = Path("-")


def read_text(path: Path) -> str:
    """The text of ``path`` (``-``: standard input) exactly as received."""
    if path == STDIN:
        data = sys.stdin.buffer.read()
        where = Path("<stdin>")
    else:
        data = read_bytes(path, "text")
        where = path
    text = decode(data, where, "text")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError("a binary file, not a text (a NUL byte); give the article's text as UTF-8",
                         Location(where, line))
    if not text.strip():
        raise InputError("the text is empty: nothing to draft", Location(where))
    return text
