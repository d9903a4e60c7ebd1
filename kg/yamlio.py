"""Read curator YAML with a line number for every key and item.

ruamel.yaml keeps the position of every mapping key and sequence item; this
module wraps a parsed mapping in :class:`Mapping`, whose accessors raise
:class:`InputError` at the line of the offending key. Unknown keys are errors,
so a typo (``qualifer:``) is caught instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kg.errors import InputError, Location

Scalar = str | int | float | bool


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors become :class:`InputError` at their line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", Location(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason}", Location(path)) from None
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    # Dates stay text: kg parses them itself, so "2019-13-45" is an error at its line, not a crash.
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", Location(path, line)) from None
    except YAMLError as exc:
        raise InputError(f"YAML error: {exc}", Location(path)) from None


def _timestamp_as_text(constructor: Any, node: Any) -> str:
    return str(constructor.construct_scalar(node))


def _scalar_text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Mapping:
    """A YAML mapping with its file and line, and typed, located accessors."""

    def __init__(self, data: CommentedMap, path: Path, line: int, what: str) -> None:
        self.data = data
        self.path = path
        self.line = line
        self.what = what
        self._used: set[str] = set()

    @classmethod
    def root(cls, data: Any, path: Path, what: str) -> Mapping:
        if not isinstance(data, CommentedMap):
            raise InputError(f"{what} must be a YAML mapping", Location(path, 1))
        return cls(data, path, 1, what)

    # -- locations -------------------------------------------------------
    def loc(self, key: str | None = None) -> Location:
        if key is not None and key in self.data:
            line, col = self.data.lc.key(key)
            return Location(self.path, line + 1, col + 1)
        return Location(self.path, self.line)

    def error(self, message: str, key: str | None = None) -> InputError:
        return InputError(message, self.loc(key))

    # -- access ------------------------------------------------------------
    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str) -> Any:
        self._used.add(key)
        return _scalar_text(self.data.get(key))

    def req(self, key: str) -> Any:
        if not self.has(key):
            raise self.error(f"{self.what}: missing required field '{key}'")
        return self.raw(key)

    def req_str(self, key: str) -> str:
        value = self.req(key)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(f"{self.what}: field '{key}' must be text", key)
        text = str(value)
        if not text.strip():
            raise self.error(f"{self.what}: field '{key}' is empty", key)
        return text

    def opt_str(self, key: str) -> str | None:
        if self.has(key):
            return self.req_str(key)
        self._used.add(key)
        return None

    def is_mapping(self, key: str) -> bool:
        return isinstance(self.data.get(key), CommentedMap)

    def sub(self, key: str, what: str) -> Mapping:
        value = self.req(key)
        if not isinstance(value, CommentedMap):
            raise self.error(f"{self.what}: field '{key}' must be a mapping", key)
        return Mapping(value, self.path, self.loc(key).line, what)

    def str_list(self, key: str) -> list[str]:
        """A list of strings; a single string is accepted as a one-item list."""
        if not self.has(key):
            self._used.add(key)
            return []
        value = self.raw(key)
        if isinstance(value, str):
            return [value]
        if not isinstance(value, CommentedSeq):
            raise self.error(f"{self.what}: field '{key}' must be a list", key)
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                line = value.lc.item(i)[0] + 1
                raise InputError(f"{self.what}: items of '{key}' must be text", Location(self.path, line))
            out.append(item)
        return out

    def items(self, key: str, what: str) -> Iterator[Mapping]:
        """The mappings of a list field, each with its own line."""
        if not self.has(key):
            self._used.add(key)
            return
        value = self.raw(key)
        if not isinstance(value, CommentedSeq):
            raise self.error(f"{self.what}: field '{key}' must be a list", key)
        yield from sequence_items(value, self.path, what)

    def check_keys(self, allowed: set[str]) -> None:
        """Reject keys that are not part of the record format (typos)."""
        for key in self.data:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.error(f"{self.what}: unknown field '{key}' (known fields: {known})", str(key))


def sequence_items(seq: Any, path: Path, what: str) -> Iterator[Mapping]:
    if not isinstance(seq, CommentedSeq):
        raise InputError(f"{what}: expected a YAML list", Location(path, 1))
    for i, item in enumerate(seq):
        line = seq.lc.item(i)[0] + 1
        if not isinstance(item, CommentedMap):
            raise InputError(f"{what}: each item must be a mapping", Location(path, line))
        yield Mapping(item, path, line, what)
