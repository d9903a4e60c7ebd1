"""Where the ontology, shapes, vocabularies and stored queries live.

In a source checkout they are the top-level ``ontology/`` and ``queries/``
folders; an installed wheel carries copies under ``kg/resources/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the kg package


def _root(name: str) -> Path:
    packaged = _PACKAGE / "resources" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


ONTOLOGY_DIR = _root("ontology")
QUERIES_DIR = _root("queries")
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
VOCAB_FILE = ONTOLOGY_DIR / "vocab.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
