"""Read curator YAML with a line number for every key and item.

PyYAML's C composer (libyaml) builds the node tree, which keeps the position
of every node; this module turns it into :class:`YMap` / :class:`YSeq` (a dict
and a list that also carry line numbers) and wraps mappings in
:class:`Mapping`, whose accessors raise :class:`InputError` at the line of the
offending key. Unknown keys are errors, so a typo (``qualifer:``) is caught
instead of silently ignored; so are duplicate keys. Dates stay text: kg parses
them itself, so ``2019-13-45`` is an error at its line, not a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kg.model.errors import InputError, Location

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YMap(dict[Any, Any]):
    """A YAML mapping: a dict, plus the 1-based line of the mapping and of each key."""

    line: int
    lines: dict[Any, int]


class YSeq(list[Any]):
    """A YAML sequence: a list, plus the 1-based line of the sequence and of each item."""

    line: int
    lines: list[int]


class _Scalars(SafeConstructor):
    """Builds scalars only; timestamps are kept as the text written."""

    def construct_yaml_timestamp(self, node: ScalarNode) -> str:  # type: ignore[override]
        return str(node.value)


_Scalars.add_constructor("tag:yaml.org,2002:timestamp", _Scalars.construct_yaml_timestamp)  # type: ignore[type-var]


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors become :class:`InputError` at their line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", Location(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text: {exc.reason}", Location(path)) from None
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", Location(path, line)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", Location(path)) from None
    return None if node is None else _build(node, path, _Scalars())


def _build(node: Node, path: Path, scalars: _Scalars) -> Any:
    if isinstance(node, ScalarNode):
        try:
            return scalars.construct_object(node)
        except yaml.YAMLError as exc:
            raise InputError(f"YAML error: {exc}", Location(path, node.start_mark.line + 1)) from None
    if isinstance(node, SequenceNode):
        seq = YSeq(_build(item, path, scalars) for item in node.value)
        seq.line = node.start_mark.line + 1
        seq.lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    if isinstance(node, MappingNode):
        out = YMap()
        out.line = node.start_mark.line + 1
        out.lines = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, scalars)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str | int):
                raise InputError("YAML keys must be plain text", Location(path, line))
            if key in out:
                raise InputError(f"duplicate key '{key}' (first at line {out.lines[key]})", Location(path, line))
            out[key] = _build(value_node, path, scalars)
            out.lines[key] = line
        return out
    raise InputError("unsupported YAML node", Location(path, node.start_mark.line + 1))  # pragma: no cover


class Mapping:
    """A YAML mapping with its file and line, and typed, located accessors."""

    def __init__(self, data: YMap, path: Path, line: int, what: str) -> None:
        self.data = data
        self.path = path
        self.line = line
        self.what = what

    @classmethod
    def root(cls, data: Any, path: Path, what: str) -> Mapping:
        if not isinstance(data, YMap):
            raise InputError(f"{what} must be a YAML mapping", Location(path, 1))
        return cls(data, path, data.line, what)

    # -- locations -------------------------------------------------------
    def loc(self, key: str | None = None) -> Location:
        if key is not None and key in self.data:
            return Location(self.path, self.data.lines[key])
        return Location(self.path, self.line)

    def error(self, message: str, key: str | None = None) -> InputError:
        return InputError(message, self.loc(key))

    # -- access ------------------------------------------------------------
    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: str) -> Any:
        return self.data.get(key)

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
        return self.req_str(key) if self.has(key) else None

    def items(self, key: str, what: str) -> Iterator[Mapping]:
        """The mappings of a list field, each with its own line."""
        if not self.has(key):
            return
        value = self.raw(key)
        if not isinstance(value, YSeq):
            raise self.error(f"{self.what}: field '{key}' must be a list", key)
        yield from sequence_items(value, self.path, what)

    def check_keys(self, allowed: set[str]) -> None:
        """Reject keys that are not part of the record format (typos)."""
        for key in self.data:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.error(f"{self.what}: unknown field '{key}' (known fields: {known})", str(key))


def sequence_items(seq: Any, path: Path, what: str) -> Iterator[Mapping]:
    if not isinstance(seq, YSeq):
        raise InputError(f"{what}: expected a YAML list", Location(path, 1))
    for item, line in zip(seq, seq.lines, strict=True):
        if not isinstance(item, YMap):
            raise InputError(f"{what}: each item must be a mapping", Location(path, line))
        yield Mapping(item, path, line, what)
