"""Exceptions that carry the location of the bad input.

Lines and columns count from 1, as editors show them. The CLI prints
``path:line: message``; tests assert the structured fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in an input file. ``line`` is 1-based; 0 means the whole file."""

    path: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        shown = _display_path(self.path)
        return f"{shown}:{self.line}" if self.line else shown


def _display_path(path: Path) -> str:
    return _relative(path, str(Path.cwd()))


@lru_cache(maxsize=65536)
def _relative(path: Path, cwd: str) -> str:
    """``path`` relative to ``cwd`` when inside it (resolving touches the file system: cached, since a
    10^7-triple build names a million locations in a few thousand files). The file itself is not
    resolved, only its folder: the file may be a symbolic link that loops, which is what the error says."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path(cwd).resolve()))
    except (ValueError, OSError, RuntimeError):  # outside cwd; a folder that loops (RuntimeError before 3.13)
        return str(path)


class KgError(Exception):
    """Base class of every error kg reports to a user. Exit code 2 by default."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class InputError(KgError):
    """Bad input: YAML syntax, a missing field, an unknown id, a quote not found."""


class InputErrors(KgError):
    """Several input errors found in one pass; each keeps its own location."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


class NotConforming(KgError):
    """The graph was built but does not conform to the SHACL shapes; ``report`` says where."""

    exit_code = 1

    def __init__(self, message: str, report: object = None) -> None:
        super().__init__(message)
        self.report = report


class UsageError(KgError):
    """The command was asked something it cannot do (unknown query, bad parameter)."""


class StoreMissing(KgError):
    """No built store where one was expected."""


class ValidationStopped(KgError):
    """A validation worker process died (killed for memory, say); nothing was written."""
