"""Refuse SPARQL ``SERVICE`` unless the user asked for it.

A ``SERVICE <url> { … }`` clause makes the store that runs the query send a
request to ``url``: any host the query names, from the machine that holds the
graph (a served store becomes a proxy into its network). kg's own queries never
use it, so :func:`check_service` refuses a query that does, unless the caller
allows it (``kg query --allow-service``, ``kg serve --allow-service``).

The check is lexical and errs on the side of refusing: SPARQL processes
``\\uXXXX`` escapes before parsing, so they are decoded first; then the word
``SERVICE`` (any case) anywhere outside comments, strings and IRIs is the
keyword, since no other SPARQL token is that bare word.
"""

from __future__ import annotations

import re

from kg.model.errors import UsageError

__all__ = ["ServiceRefused", "check_service", "uses_service"]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SKIPPED = re.compile(
    r"""\#[^\n]*
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\x00-\x20]*>""",
    re.VERBOSE | re.DOTALL,
)
# A bare word: not a prefixed name (ex:SERVICE), a variable (?service) or part of a longer word.
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:\-])", re.IGNORECASE)


class ServiceRefused(UsageError):
    """A query with ``SERVICE`` where it was not allowed."""


def _unescaped(text: str) -> str:
    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group()

    return _ESCAPE.sub(char, text)


def uses_service(text: str) -> bool:
    """Whether the query (or update) has a ``SERVICE`` clause, as SPARQL would read it."""
    return _SERVICE.search(_SKIPPED.sub(" ", _unescaped(text))) is not None


def check_service(text: str, allowed: bool = False, where: str = "") -> None:
    """Raise :class:`ServiceRefused` if the query uses ``SERVICE`` and that was not ``allowed``."""
    if not allowed and uses_service(text):
        place = f" {where}" if where else ""
        raise ServiceRefused(f"the query uses SERVICE, which would make the store{place} send requests to other "
                             "hosts; kg refuses it unless you pass --allow-service")
