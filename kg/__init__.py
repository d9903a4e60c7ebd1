"""kg: a provenance-first knowledge graph of conflict figures.

Layers (imports go one way: a module may import from the layers below it, never above):

    cli.py  clidoc.py           argument parsing and printing only
    build.py  incremental.py    orchestration: records -> graphs -> validation -> outputs
    trace.py  trace_view.py  network.py  draw.py  export.py  stats.py  serve.py
    queries.py  source.py  remote.py     SPARQL on the embedded store or an endpoint
    outputs.py                  the build's documents: kg.ttl, kg.trig, the N-Quads for store and SHACL
    batches.py                  SHACL over that N-Quads file, in batches, in worker processes
    shacl.py  store.py  manifest.py  tabular.py  convert_terms.py
    synth/                      synthetic corpora in the data/ format (benchmarks, tests)
    rdf/                        records -> named-graph units of triples
    loader/                     YAML files -> typed records, with file:line errors
    records.py  anchor.py  dates.py  numbers.py  serialize.py  terms.py  vocab.py  yamlio.py
    errors.py  resources.py     exception types carrying a source location; file locations

The library never prints and never exits; it raises :class:`kg.errors.KgError`
subclasses that the CLI turns into ``path:line: message`` and an exit code.
"""

__version__ = "0.1.0"
