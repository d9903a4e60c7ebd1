"""YAML written as text, fast: scalars quoted only where YAML needs it.

A scalar is written plain when it cannot be read back as anything but the same
string, and double-quoted with YAML escapes otherwise. Values that a curator
annotates (``{value: x, inferred: why}``) are :class:`Ann`; a plain ``str``
field is written as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLAIN_EXTRA = frozenset(" ,.()’‘“”/_-&'%")
_FLOW_UNSAFE = frozenset(",[]{}")
#: The ASCII characters of a plain scalar: letters, digits and the ASCII ones of _PLAIN_EXTRA (in flow, less ",").
_PLAIN_ASCII = re.compile(r"[A-Za-z0-9 ,.()/_&'%-]*")
_FLOW_ASCII = re.compile(r"[A-Za-z0-9 .()/_&'%-]*")
_CONTROL = re.compile(r"[\x00-\x1f]")
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u00a0\u2028\u2029\ufeff]')  # what dquote escapes
_RESERVED = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n"})
_NUMBERISH = re.compile(r"^[-+.0-9][^ ]*$|^[0-9][0-9.,:_ -]*$")
_DATEISH = re.compile(r"^\d{4}-\d{2}(-\d{2})?(/(\.\.|\d{4}(-\d{2}){0,2}))?$|^\d{4}/(\.\.|\d{4}(-\d{2}){0,2})$")
_URL = re.compile(r"^https?://[A-Za-z0-9./_%?=&~+-]+$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\u00a0": "\\u00A0",
            "\u2028": "\\u2028", "\u2029": "\\u2029", "\ufeff": "\\uFEFF", "\x85": "\\N"}
FOLD_AT = 96
WRAP = 78


@dataclass(frozen=True, slots=True)
class Ann:
    """A field value with how it is known; ``anchor``/``alias`` share it between figures."""

    value: str
    inferred: str | None = None
    evidence: str | None = None
    quote: str | None = None
    anchor: str | None = None
    alias: str | None = None


Field = str | Ann


@dataclass(frozen=True, slots=True)
class Stance:
    """A perpetrator the text hedges (``hedge``: its hedging words) or one an actor denies (``by``)."""

    value: str
    stance: str  # hedged | denied
    hedge: str | None = None
    by: str | None = None

    def flow(self) -> str:
        extra = f"hedge: {flow(self.hedge)}" if self.hedge is not None else f"by: {flow(self.by or '')}"
        return f"{{value: {flow(self.value)}, stance: {self.stance}, {extra}}}"


Perp = str | Ann | Stance


def _plain_ok(s: str, flow: bool) -> bool:
    if not s or not s[0].isalnum() or s[-1] == " " or "  " in s:
        return False
    if s.lower() in _RESERVED or _NUMBERISH.match(s):
        return False
    if s.isascii():  # the same test, at the speed of a regular expression
        return (_FLOW_ASCII if flow else _PLAIN_ASCII).fullmatch(s) is not None
    for c in s:
        if not (c.isalnum() or c in _PLAIN_EXTRA):
            return False
        if flow and c in _FLOW_UNSAFE:
            return False
    return True


def dquote(s: str) -> str:
    """``s`` as a YAML double-quoted scalar."""
    if _NEEDS_ESCAPE.search(s) is None:
        return f'"{s}"'
    out = ['"']
    for c in s:
        esc = _ESCAPES.get(c)
        if esc is not None:
            out.append(esc)
        elif ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F:
            out.append(f"\\x{ord(c):02X}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def scalar(s: str) -> str:
    """A scalar for block context: plain where safe, else double-quoted."""
    if _plain_ok(s, flow=False) or _URL.match(s) or _DATEISH.match(s):
        return s
    return dquote(s)


def flow(s: str) -> str:
    """A scalar inside a flow collection (``[a, b]``, ``{value: a}``)."""
    if _plain_ok(s, flow=True) or _URL.match(s) or _DATEISH.match(s):
        return s
    return dquote(s)


def text_block(key: str, s: str, indent: str) -> str:
    """``key: value`` for a long text: folded (``>-``) when long and safe, else one scalar."""
    if len(s) <= FOLD_AT or "\n" in s or s != s.strip() or _CONTROL.search(s):
        return f"{indent}{key}: {scalar(s)}"
    lines: list[str] = []
    cur = ""
    for word in s.split(" "):
        if cur and len(cur) + 1 + len(word) > WRAP:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    lines.append(cur)
    pad = indent + "  "
    return f"{indent}{key}: >-\n" + "\n".join(pad + line for line in lines)


def field_lines(key: str, v: Field | Stance, indent: str) -> str:
    """One field of a record, in the forms curators write."""
    if isinstance(v, Stance):
        return f"{indent}{key}: {v.flow()}"
    if isinstance(v, str):
        return f"{indent}{key}: {scalar(v)}"
    if v.alias is not None:
        return f"{indent}{key}: *{v.alias}"
    if v.inferred is None:
        if v.quote is None:
            return f"{indent}{key}: {scalar(v.value)}"
        return f"{indent}{key}: {{value: {flow(v.value)}, quote: {flow(v.quote)}}}"
    head = f"{indent}{key}:" + (f" &{v.anchor}" if v.anchor else "")
    inner = indent + "  "
    parts = [head, f"{inner}value: {scalar(v.value)}", text_block("inferred", v.inferred, inner)]
    if v.evidence is not None:
        parts.append(f"{inner}evidence: {scalar(v.evidence)}")
    return "\n".join(parts)


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(flow(i) for i in items) + "]"


def flow_field(v: Field | Stance | tuple[str | Stance, ...]) -> str:
    """A plain or quoted value inside a flow mapping (a quote's ``defaults``); never an inference."""
    if isinstance(v, tuple):
        items = [p.flow() if isinstance(p, Stance) else flow(p) for p in v]
        return items[0] if len(items) == 1 else "[" + ", ".join(items) + "]"
    if isinstance(v, Stance):
        return v.flow()
    if isinstance(v, str):
        return flow(v)
    assert v.inferred is None and v.alias is None, "an inference is never shared through defaults"
    return flow(v.value) if v.quote is None else f"{{value: {flow(v.value)}, quote: {flow(v.quote)}}}"
