"""Ad hoc SPARQL as users write it: kg's prefixes declared for them, a wrong namespace pointed out.

kg's terms live in ``https://w3id.org/kg/ns#`` (``kg:``), its records under
``https://w3id.org/kg/id/<kind>/`` (``figure:``, ``actor:``, ...), its
vocabulary in ``https://w3id.org/kg/vocab/`` (``kgv:``); ``docs/namespaces.md``
lists them all. A query that uses one of these prefixes without declaring it
gets kg's declaration; a query that declares one of them with another
namespace (a guessed ``PREFIX kg: <http://example.org/kg#>``) would match
nothing, so :func:`prepare` says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model.terms import PREFIXES

__all__ = ["Prepared", "prepare"]

_DECLARED = re.compile(r"(?im)^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>")
_USED = re.compile(r"(?<![\w?$<\"'#])([A-Za-z][\w-]*):(?=[A-Za-z0-9_])")


@dataclass(frozen=True)
class Prepared:
    """The query to run, and what the user should know about it (one warning a line)."""

    text: str
    warnings: tuple[str, ...]


def prepare(text: str) -> Prepared:
    """``text`` with a ``PREFIX`` line for each of kg's prefixes it uses without declaring."""
    declared = {m.group(1) or "": m.group(2) for m in _DECLARED.finditer(text)}
    warnings = [
        f"PREFIX {name}: <{ns}> is not kg's namespace: kg's data uses {name}: <{PREFIXES[name]}> "
        "(docs/namespaces.md lists them)"
        for name, ns in sorted(declared.items()) if name in PREFIXES and ns != PREFIXES[name]
    ]
    body = _DECLARED.sub("", text)
    used = {m.group(1) for m in _USED.finditer(_strip_strings_and_iris(body))}
    missing = sorted(name for name in used if name in PREFIXES and name not in declared)
    header = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in missing)
    return Prepared(header + text, tuple(warnings))


def _strip_strings_and_iris(text: str) -> str:
    """The text without comments, string literals and IRIs, where ``x:`` is no prefix."""
    return re.sub(r'#[^\n]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>', " ", text)
