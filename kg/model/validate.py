"""Checks of the strings and numbers a record hands to the graph: ids, URLs, language tags, amounts.

Each check takes what a curator wrote and returns it, or raises :class:`ValueError` with a message
that completes "field 'x' ..." (the loader adds ``path:line``). They are the contract between the
loader and the converter: a value that passes never makes rdflib or Oxigraph fail.

* **ids** -- lower-case letters, digits and hyphens, starting with a letter or digit, nothing else
  (no whitespace, no newline): an id becomes the last segment of an IRI and must never change.
* **URLs** -- absolute ``http``/``https`` IRIs with a host (RFC 3987, as Oxigraph parses them:
  non-ASCII letters are allowed, spaces, ``<``, ``>`` and control characters are not).
* **language tags** -- valid BCP 47 tags, checked against the IANA subtag registry by ``langcodes``
  (``en``, ``ar``, ``ar-SY``, ``zh-Hant-TW``; not ``english`` nor ``xx``).
* **amounts** -- at most 15 digits before the point and 6 after it: a toll, a percentage, a
  coordinate; anything larger is a typo, and would not round-trip through ``xsd:decimal`` tools.
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlsplit

import langcodes
import pyoxigraph

ID = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_ID = 200
MAX_DIGITS = 15
MAX_DECIMALS = 6
MAX_URL = 2000


def record_id(value: str) -> str:
    """An id of the record format (``children-1928``)."""
    if len(value) > MAX_ID or ID.fullmatch(value) is None:
        raise ValueError(f"id {value!r} must be lower-case letters, digits and hyphens"
                         f"{'' if len(value) <= MAX_ID else f' (at most {MAX_ID} characters)'}")
    return value


def url(value: str) -> str:
    """An absolute ``http(s)`` URL with a host, valid as an IRI."""
    if len(value) > MAX_URL:
        raise ValueError(f"is not a URL: longer than {MAX_URL} characters")
    parts = urlsplit(value) if value.isprintable() else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not a URL (an absolute http:// or https:// address with a host)")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 -- a port that is not a number raises ValueError
        pyoxigraph.NamedNode(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid URL ({exc})") from None
    if not host:
        raise ValueError(f"{value!r} is not a URL: it has no host")
    return value


def language(tag: str) -> str:
    """A valid BCP 47 language tag."""
    if not langcodes.tag_is_valid(tag):
        raise ValueError(f"{tag!r} is not a valid BCP 47 language tag (e.g. en, ar, ar-SY)")
    return tag


def amount(value: Decimal) -> Decimal:
    """A finite number of at most 15 digits before the point and 6 after it."""
    if not value.is_finite():
        raise ValueError(f"'{value}' is not a number")
    if value and value.adjusted() >= MAX_DIGITS:
        raise ValueError(f"'{value}' is too large (at most {MAX_DIGITS} digits before the point)")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        raise ValueError(f"'{value}' has too many decimals (at most {MAX_DECIMALS})")
    return value
