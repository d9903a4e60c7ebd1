"""Record ids as users type them, checked against the graph, with "did you mean" for unknown ones.

:func:`kg.ask.queries.bind` checks that a parameter *looks* like a record id;
:func:`bind_checked` also asks the graph whether that record is there, so an
unknown id is an error that names the closest ids of its kind rather than a
query that silently returns no rows. It also resolves a bare id given to a
parameter of type ``iri`` (``curator-inferences``'s ``subject``) to the one
kind of record that has it.

The closest ids are found with :func:`difflib.get_close_matches` among the
ids of that kind; listing them reads every typed resource of the graph, which
is only done once an id has been found missing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from kg.ask import queries
from kg.ask.queries import StoredQuery, Term, article
from kg.ask.source import Source
from kg.model.errors import UsageError
from kg.model.terms import ID, KINDS, iri, kind_of, local_id

__all__ = ["RECORD_KINDS", "bind_checked", "exists", "ids_of_kind", "suggestions", "unknown"]

#: The kinds of record curators write, which a bare id may name (not the nodes minted for them:
#: a figure's phrase and annotation share its id).
RECORD_KINDS = ("figure", "article", "report", "actor", "place", "incident", "campaign", "measure", "attribution")
_EXISTS = "ASK { %s ?p ?o }"
_OF_KIND = "SELECT DISTINCT ?x WHERE { ?x a ?type FILTER(STRSTARTS(STR(?x), %s)) }"
_WHICH = "SELECT DISTINCT ?x WHERE { VALUES ?x { %s } ?x ?p ?o } ORDER BY ?x"


def bind_checked(source: Source, query: StoredQuery, raw: Mapping[str, str]) -> dict[str, Term]:
    """:func:`kg.ask.queries.bind`, then every record parameter checked against the graph.

    Raises :class:`UsageError` for a record the graph does not have, naming
    the closest ids of its kind (``did you mean ...?``).
    """
    types = {p.name: p.type for p in query.params}
    resolved = {name: _with_kind(source, name, value) if types.get(name) == "iri" else value
                for name, value in raw.items()}
    bindings = queries.bind(query, resolved)
    for name, term in bindings.items():
        if types[name].startswith("iri") and isinstance(term, ox.NamedNode) and not exists(source, term.value):
            raise unknown(source, term.value, f"parameter '{name}': ")
    return bindings


def exists(source: Source, uri: str) -> bool:
    """Whether ``uri`` is the subject of a triple of the graph."""
    rows = source.select(_EXISTS % ox.NamedNode(uri)).rows
    return bool(rows and rows[0][0] is True)


def ids_of_kind(source: Source, kind: str) -> list[str]:
    """The ids of every typed record of ``kind`` in the graph."""
    if kind not in KINDS:
        return []
    table = source.select(_OF_KIND % ox.Literal(f"{ID}{kind}/"))
    return sorted(local_id(str(row[0])) for row in table.rows)


def suggestions(wrong: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to ``wrong``, best first."""
    return difflib.get_close_matches(wrong, list(candidates), n=n, cutoff=0.6)


def unknown(source: Source, uri: str, context: str = "", hint: str = "") -> UsageError:
    """The error for a record the graph does not have, with the closest ids of its kind (and ``hint``)."""
    kind, record = kind_of(uri) or "record", local_id(uri)
    close = suggestions(record, ids_of_kind(source, kind))
    notes = [f"did you mean {' or '.join(close)}?"] if close else []
    notes += [hint] if hint else []
    return UsageError(f"{context}no {kind} '{record}' in the graph{''.join(f'; {n}' for n in notes)}")


def _with_kind(source: Source, name: str, value: str) -> str:
    """A bare id given where any record may go, as ``kind/id`` of the one kind of record that has it."""
    kind, record = queries.split_record(value)
    if kind or not queries.ID_FORM.match(record):
        return value  # bind() judges it
    candidates = " ".join(str(ox.NamedNode(str(iri(k, record)))) for k in RECORD_KINDS)
    found = [str(row[0]) for row in source.select(_WHICH % candidates).rows]
    kinds = [kind_of(uri) or "" for uri in found]
    if len(kinds) == 1:
        return f"{kinds[0]}/{record}"
    if not kinds:
        raise UsageError(f"parameter '{name}': no record '{record}' in the graph (write it as kind/id, "
                         "e.g. figure/children-1928)")
    named = " and ".join(f"{article(k)} {k}" for k in kinds)
    written = " or ".join(f"{k}/{record}" for k in kinds)
    raise UsageError(f"parameter '{name}': '{record}' names {named}: write {written}")
