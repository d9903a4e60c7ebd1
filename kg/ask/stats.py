"""``kg stats``: what the built graph holds, counted with SPARQL on the store (or a remote endpoint).

Triples and named graphs are counted in kg's graphs only (those under
:data:`kg.ask.remote.GRAPH_PREFIX`): a shared store also holds other graphs, and
Virtuoso's default graph includes its own system graphs. The built store holds
kg's graphs and nothing else, so it is counted without the filter (4 times faster).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.ask.remote import GRAPH_PREFIX
from kg.ask.source import LocalSource, Source, as_source
from kg.model.terms import KG

_OWN = f"FILTER(STRSTARTS(STR(?g), {ox.Literal(GRAPH_PREFIX)}))"

#: The first two counts on a remote store, where other graphs than kg's may be.
REMOTE_COUNTS: tuple[tuple[str, str], ...] = (
    ("triples", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OWN} }}"),
    ("named graphs", f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OWN} }}"),
)

COUNTS: tuple[tuple[str, str], ...] = (
    ("triples", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ("named graphs", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ("source articles", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.SourceArticle}> }}"),
    ("reports", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.Report}> }}"),
    ("quotes", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.Quote}> }}"),
    ("figures", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.Figure}> }}"),
    ("figures with no perpetrator stated",
     f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.Figure}> FILTER NOT EXISTS {{ ?x <{KG.perpetrator}> ?p }} }}"),
    ("incidents", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.Incident}> }}"),
    ("perpetrator attributions", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.PerpetratorAttribution}> }}"),
    ("places", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.Place}> }}"),
    ("actors", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x <{KG.actorType}> ?t }}"),
    ("curator inferences", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.CuratorInference}> }}"),
    ("quoted statements", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.QuotedStatement}> }}"),
    ("curator notes (unknown values)", f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG.CuratorNote}> }}"),
)


def stats(store: ox.Store | Source) -> list[tuple[str, int]]:
    """Each count of :data:`COUNTS` (kg's graphs only on a remote store), over a store or a :class:`Source`."""
    source = as_source(store)
    counts = COUNTS if isinstance(source, LocalSource) else REMOTE_COUNTS + COUNTS[len(REMOTE_COUNTS):]
    out = []
    for name, query in counts:
        rows = source.select(query).rows
        value = rows[0][0] if rows else None
        out.append((name, value if isinstance(value, int) and not isinstance(value, bool) else 0))
    return out
