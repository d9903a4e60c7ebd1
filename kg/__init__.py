"""kg: a provenance-first knowledge graph of conflict figures.

Layers (imports go one way, top to bottom may import from below, never up):

    cli.py                      argument parsing and printing only
    build.py  queries.py  trace.py  network.py  draw.py  export.py  stats.py
    shacl.py  store.py  tabular.py
    rdf/                        records -> rdflib Dataset
    loader/                     YAML files -> typed records, with file:line errors
    records.py  anchor.py  dates.py  numbers.py  terms.py  yamlio.py
    errors.py                   exception types carrying a source location

The library never prints and never exits; it raises :class:`kg.errors.KgError`
subclasses that the CLI turns into ``path:line: message`` and an exit code.
"""

__version__ = "0.1.0"
