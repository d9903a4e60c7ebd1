"""``kg export``: the built store as Turtle, TriG, N-Triples, N-Quads or JSON-LD.

Read from the store, never re-parsed from the records. Turtle and TriG are
written graph by graph in kg's canonical order, so they equal the build's
``kg.ttl`` / ``kg.trig`` byte for byte; N-Triples (the union of the graphs)
and N-Quads (every triple with its named graph) are sorted lines.
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox

from kg.model.errors import UsageError
from kg.model.terms import PREFIXES
from kg.rdf.convert_terms import dataset, store_graphs, to_rdflib, union
from kg.rdf.dataset import bind_prefixes, graph_order
from kg.rdf.serialize import graph_comment, prefix_header, trig_block, turtle_block, write_ntriples

FORMATS = ("turtle", "trig", "nt", "nquads", "jsonld")


def export(store: ox.Store, fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format '{fmt}' (use one of: {', '.join(FORMATS)})")
    if fmt in ("turtle", "trig"):
        buf = io.StringIO()
        buf.write(prefix_header())
        names = sorted((g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=graph_order)
        for name in names:
            node = ox.NamedNode(name)
            triples = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))
                       for q in store.quads_for_pattern(None, None, None, node)]
            block = turtle_block(triples)
            iri = to_rdflib(node)
            buf.write(graph_comment(iri) + block + "\n" if fmt == "turtle" else trig_block(iri, block))  # type: ignore[arg-type]
        return buf.getvalue()
    if fmt == "nquads":
        data = ox.serialize(store.quads_for_pattern(None, None, None), format=ox.RdfFormat.N_QUADS) or b""
        lines = sorted(line for line in data.decode("utf-8").split("\n") if line)  # N-Quads escapes newlines
        return "".join(line + "\n" for line in lines)
    graphs = store_graphs(store.quads_for_pattern(None, None, None))
    if fmt == "nt":
        buf = io.StringIO()
        write_ntriples(union(graphs), buf)
        return buf.getvalue()
    ds = dataset(graphs)
    bind_prefixes(ds)
    text = ds.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
