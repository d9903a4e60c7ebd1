"""A SPARQL lexer just good enough to find variables, keywords and braces outside comments, strings and IRIs.

:mod:`kg.ask.queries` uses it to check stored queries, to write bound parameters
into a query's text and to find its final ``ORDER BY``; each token knows its
offset, its line (from 1) and how many braces and parentheses are around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Token", "tokens"]

_LEXEME = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    | (?P<word>[A-Za-z_][A-Za-z0-9_.\-]*(?::[A-Za-z0-9_.\-:%]*)?|:[A-Za-z0-9_.\-:%]*)
    | (?P<punct>[{}()])
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # var, word, {, }, (, )
    text: str
    offset: int
    line: int
    depth: int  # braces and parentheses around the token


def tokens(text: str) -> Iterator[Token]:
    depth = 0
    line = 1
    last = 0
    for m in _LEXEME.finditer(text):
        kind = m.lastgroup
        if kind in ("comment", "string", "iri") or kind is None:
            continue
        line += text.count("\n", last, m.start())
        last = m.start()
        lexeme = m.group()
        if kind == "punct":
            if lexeme in "{(":
                yield Token(lexeme, lexeme, m.start(), line, depth)
                depth += 1
            else:
                depth = max(depth - 1, 0)
                yield Token(lexeme, lexeme, m.start(), line, depth)
        else:
            yield Token(kind, lexeme, m.start(), line, depth)
