"""SHACL results as lines for a terminal: each problem once, told apart from its neighbours.

A shape checked once per node reports its focus (a report, say) once per value
that breaks it (each figure of that report): the results differ only in their
value, which ``str(result)`` does not show, so they printed as identical
lines. Here such results say their value (and path, if that is what differs),
and a line that would still repeat is printed once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kg.build.shacl import Result
from kg.show.tables import compact


def result_lines(results: Iterable[Result]) -> list[str]:
    """One line per distinct result, in the results' order."""
    listed = list(results)
    plain = Counter(str(r) for r in listed)
    lines: list[str] = []
    for r in listed:
        line = str(r)
        if plain[line] > 1:
            extra = [f"value {compact(r.value)}" if r.value else "", f"path {compact(r.path)}" if r.path else ""]
            line = line.removesuffix("]") + "".join(f", {e}" for e in extra if e) + "]"
        lines.append(line)
    return list(dict.fromkeys(lines))
