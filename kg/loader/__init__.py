"""The loader: ``data/`` (YAML records, archived texts) -> a :class:`kg.model.records.Catalogue`.

Reads YAML with line marks (``yamlio``), the SKOS vocabularies (``vocab``), and
turns every record into typed model objects, anchoring each quote in its
archived text. Every error names ``path:line``, and all errors of a run are
reported at once. Imports only the model.
"""

from kg.loader.catalogue import load_catalogue

__all__ = ["load_catalogue"]
