"""``kg export``: the built store as Turtle, TriG, N-Triples or JSON-LD.

Read from the store, never re-parsed from the records. Turtle, TriG and
N-Triples are canonical (sorted, byte-identical for the same graph).
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox

from kg.convert_terms import dataset, store_graphs, union
from kg.errors import UsageError
from kg.rdf.dataset import bind_prefixes
from kg.serialize import write_ntriples, write_trig, write_turtle
from kg.terms import PREFIXES

FORMATS = ("turtle", "trig", "nt", "jsonld")


def export(store: ox.Store, fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format '{fmt}' (use one of: {', '.join(FORMATS)})")
    graphs = store_graphs(store.quads_for_pattern(None, None, None))
    buf = io.StringIO()
    if fmt == "turtle":
        write_turtle(union(graphs), buf)
    elif fmt == "trig":
        write_trig(graphs.items(), buf)
    elif fmt == "nt":
        write_ntriples(union(graphs), buf)
    else:
        ds = dataset(graphs)
        bind_prefixes(ds)
        text = ds.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return buf.getvalue()
