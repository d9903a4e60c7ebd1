"""kg: a provenance-first knowledge graph of conflict figures.

Packages, one layer each; imports go one way, from a layer to those below it
(``tests/test_layers.py`` fails on an import against them):

    cli.py  clidoc.py   argument parsing and printing only
    show/               answers as text tables, trace trees, SVG
    ask/                stored queries, trace, network, stats, export, serve (embedded store or endpoint)
    build/              orchestration: records -> RDF -> SHACL -> Turtle, TriG, store, manifest
    rdf/                records -> named-graph units of triples; RDF term serialisation
    loader/             YAML and vocabularies -> typed records, with path:line errors
    synth/              synthetic corpora in the data/ format (uses the model only)
    model/              records, terms, dates, numbers, anchoring, errors: types, no I/O

The library never prints and never exits; it raises :class:`kg.model.errors.KgError`
subclasses that the CLI turns into ``path:line: message`` and an exit code.
"""

__version__ = "0.1.0"
