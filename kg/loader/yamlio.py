"""Read curator YAML with a line number for every key and item, within limits.

PyYAML's C parser (libyaml) gives the event stream, with the position of every
event; this module builds :class:`YMap` / :class:`YSeq` (a dict and a list that
also carry line numbers) from it and wraps mappings in :class:`Mapping`, whose
accessors raise :class:`InputError` at the line of the offending key. Unknown
keys are errors, so a typo (``qualifer:``) is caught instead of silently
ignored; so are duplicate keys. Dates stay text: kg parses them itself, so
``2019-13-45`` is an error at its line, not a crash.

Building from events (not from PyYAML's node graph) keeps every limit checked
as the file is read, so no input can exhaust memory or the stack: a file is at
most :data:`~kg.loader.files.MAX_FILE_BYTES`; collections nest at most
:data:`MAX_DEPTH` deep; aliases (``*name``) are allowed, at most
:data:`MAX_ALIASES` per file and adding at most :data:`MAX_ALIAS_NODES` nodes
in all (an "alias bomb" of nested aliases is refused, not expanded); an alias
cannot refer to the collection it is inside; a number is at most
:data:`MAX_NUMBER_CHARS` characters. An aliased value is shared, not copied.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.reader import ReaderError
from yaml.resolver import Resolver

from kg.loader.files import decode, read_bytes
from kg.model.errors import InputError, InputErrors, Location

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64
MAX_ALIASES = 1_000
MAX_ALIAS_NODES = 100_000
MAX_NUMBER_CHARS = 100
_NUMBERS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}


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


class Consequence(InputError):
    """An error that follows from another one already reported (a field quoting a quote in error): not shown."""


class Problems:
    """The errors found while reading one file, gathered so that a curator sees them all in one run.

    A :class:`Consequence` is dropped: the error it follows from is the one to fix.
    """

    def __init__(self) -> None:
        self.errors: list[InputError] = []

    def run(self, step: Callable[[], Any]) -> Any:
        """``step()``, or None after recording the errors it raised."""
        with self.catch():
            return step()
        return None

    @contextmanager
    def catch(self) -> Iterator[None]:
        """Record the errors the block raises, and go on after it."""
        try:
            yield
        except InputErrors as exc:
            for error in exc.errors:
                self.add(error)
        except InputError as exc:
            self.add(exc)

    def add(self, error: InputError) -> None:
        if not isinstance(error, Consequence):
            self.errors.append(error)

    def check(self) -> None:
        """Raise every error gathered, if any."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise InputErrors(list(self.errors))


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors and broken limits become :class:`InputError` at their line."""
    text = decode(read_bytes(path), path)
    try:
        return _Builder(path).build(yaml.parse(text, Loader=Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", Location(path, line)) from None
    except ReaderError as exc:
        # libyaml's position is a byte offset into the UTF-8 text
        line = text.encode("utf-8").count(b"\n", 0, exc.position) + 1 if isinstance(exc.position, int) else 0
        raise InputError(f"YAML error: {exc.reason} (character U+{exc.character:04X})"
                         if isinstance(exc.character, int) else f"YAML error: {exc.reason}",
                         Location(path, line)) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", Location(path)) from None


@dataclass
class _Open:
    """A collection being read: its value, anchor, expanded size so far and (mappings) the key waiting."""

    value: YMap | YSeq
    anchor: str | None
    size: int = 1
    key: Any = None
    key_line: int = 0
    has_key: bool = False


@dataclass
class _Builder:
    path: Path
    stack: list[_Open] = field(default_factory=list)
    anchors: dict[str, tuple[Any, int]] = field(default_factory=dict)
    open_anchors: set[str] = field(default_factory=set)
    aliases: int = 0
    alias_nodes: int = 0
    documents: int = 0
    root: Any = None

    def build(self, events: Iterator[Event]) -> Any:
        scalars = _Scalars()
        resolve = cast(Callable[[type, str, tuple[bool, bool]], str], Resolver().resolve)
        for event in events:
            line = event.start_mark.line + 1 if event.start_mark is not None else 0
            if isinstance(event, DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise self.error("expected a single YAML document (found a second '---')", line)
            elif isinstance(event, ScalarEvent):
                self.add(self.scalar(event, line, scalars, resolve), line, 1, event.anchor)
            elif isinstance(event, CollectionStartEvent):
                if len(self.stack) >= MAX_DEPTH:
                    raise self.error(f"YAML nested more than {MAX_DEPTH} levels deep", line)
                value: YMap | YSeq
                if isinstance(event, MappingStartEvent):
                    value = YMap()
                    value.lines = {}
                else:
                    value = YSeq()
                    value.lines = []
                value.line = line
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                self.stack.append(_Open(value, event.anchor))
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                done = self.stack.pop()
                if done.anchor is not None:
                    self.open_anchors.discard(done.anchor)
                self.add(done.value, done.value.line, done.size, done.anchor)
            elif isinstance(event, AliasEvent):
                value, size = self.alias(event, line)
                self.add(value, line, size, None)
        return self.root

    def scalar(self, event: ScalarEvent, line: int, scalars: _Scalars,
               resolve: Callable[[type, str, tuple[bool, bool]], str]) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = resolve(ScalarNode, event.value, event.implicit)
        if tag in _NUMBERS and len(event.value) > MAX_NUMBER_CHARS:
            raise self.error(f"number of {len(event.value):,} characters (at most {MAX_NUMBER_CHARS})", line)
        node = ScalarNode(tag, event.value, None, None, event.style)
        try:
            return scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise self.error(f"YAML error: cannot read {event.value[:40]!r} as {tag.rsplit(':', 1)[-1]} "
                             f"({str(exc).splitlines()[0][:120]})", line) from None
        finally:
            scalars.constructed_objects.pop(node, None)

    def alias(self, event: AliasEvent, line: int) -> tuple[Any, int]:
        name = event.anchor
        if name in self.open_anchors:
            raise self.error(f"YAML alias '*{name}' refers to the collection it is inside", line)
        if name not in self.anchors:
            raise self.error(f"YAML alias '*{name}' has no anchor '&{name}' before it", line)
        value, size = self.anchors[name]
        self.aliases += 1
        self.alias_nodes += size
        if self.aliases > MAX_ALIASES:
            raise self.error(f"more than {MAX_ALIASES} YAML aliases in one file", line)
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise self.error(f"YAML aliases expand to more than {MAX_ALIAS_NODES:,} values "
                             "(nested aliases: an alias bomb?)", line)
        return value, size

    def add(self, value: Any, line: int, size: int, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.value, YSeq):
            top.value.append(value)
            top.value.lines.append(line)
        elif not top.has_key:
            if isinstance(value, YMap | YSeq) or not isinstance(value, str | int):
                raise self.error("YAML keys must be plain text", line)
            if value in top.value:
                raise self.error(f"duplicate key '{value}' (first at line {top.value.lines[value]})", line)
            top.key, top.key_line, top.has_key = value, line, True
        else:
            top.value[top.key] = value
            top.value.lines[top.key] = top.key_line
            top.has_key = False

    def error(self, message: str, line: int) -> InputError:
        return InputError(message, Location(self.path, line))


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
        """The mappings of a list field, each with its own line (see :func:`sequence_items`)."""
        if not self.has(key):
            return
        value = self.raw(key)
        if not isinstance(value, YSeq):
            raise self.error(f"{self.what}: field '{key}' must be a list", key)
        yield from sequence_items(value, self.path, what)

    def check_keys(self, allowed: set[str]) -> None:
        """Reject keys that are not part of the record format (typos), all of them at once."""
        known = ", ".join(sorted(allowed))
        errors = [self.error(f"{self.what}: unknown field '{key}' (known fields: {known})", key)
                  for key in self.data if key not in allowed]
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise InputErrors(errors)


def sequence_items(seq: Any, path: Path, what: str) -> Iterator[Mapping]:
    """The mappings of a list, each with its own line. An item that is not a mapping is an error, raised
    once every other item has been yielded (so that a caller collecting errors still reads them all)."""
    if not isinstance(seq, YSeq):
        raise InputError(f"{what}: expected a YAML list", Location(path, 1))
    errors: list[InputError] = []
    for item, line in zip(seq, seq.lines, strict=True):
        if isinstance(item, YMap):
            yield Mapping(item, path, line, what)
        else:
            errors.append(InputError(f"{what}: each item must be a mapping", Location(path, line)))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)
