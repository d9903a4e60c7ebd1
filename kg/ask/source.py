"""Where queries run: the embedded store, or a remote SPARQL endpoint, behind one interface.

``kg query``, ``kg trace``, ``kg stats`` and the provenance network take a
:class:`Source` and never ask which one it is::

    LocalSource(store)       kg.queries.run: parameters written in as serialized terms
    RemoteSource(endpoint)   kg.queries.with_values + the SPARQL 1.1 Protocol (kg.remote)

Both read the union of the named graphs as the default graph and give the same
:class:`kg.ask.queries.Table` for the same data. Functions that used to take a
:class:`pyoxigraph.Store` still do: :func:`as_source` wraps one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import pyoxigraph as ox

from kg.ask import queries, remote
from kg.ask.queries import Table, Term

__all__ = ["LocalSource", "RemoteSource", "Source", "as_source"]


@runtime_checkable
class Source(Protocol):
    """Something that answers SELECT and ASK queries over kg's graphs."""

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Table:
        """Run a SELECT (or ASK) with parameters ``?_<name>`` bound; the ``?_`` columns are left out."""
        ...


@dataclass(frozen=True)
class LocalSource:
    """The embedded Oxigraph store of a build."""

    store: ox.Store

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Table:
        return queries.run(self.store, text, bindings)


@dataclass(frozen=True)
class RemoteSource:
    """A SPARQL 1.1 endpoint whose default graph is the union of kg's named graphs."""

    endpoint: remote.Endpoint

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> Table:
        return remote.select(self.endpoint, queries.with_values(text, bindings or {}))


def as_source(where: ox.Store | Source) -> Source:
    """A :class:`Source` for a store (wrapped in :class:`LocalSource`) or a source (as is)."""
    if isinstance(where, ox.Store):
        return LocalSource(where)
    return where
