"""``kg stats``: what the built graph holds, counted with SPARQL on the store (or a remote endpoint)."""

from __future__ import annotations

import pyoxigraph as ox

from kg.ask.source import Source, as_source
from kg.model.terms import KG

COUNTS: tuple[tuple[str, str], ...] = (
    ("triples", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
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
    """Each count of :data:`COUNTS`, over the union of the named graphs of a store or a :class:`Source`."""
    source = as_source(store)
    out = []
    for name, query in COUNTS:
        rows = source.select(query).rows
        value = rows[0][0] if rows else None
        out.append((name, value if isinstance(value, int) and not isinstance(value, bool) else 0))
    return out
