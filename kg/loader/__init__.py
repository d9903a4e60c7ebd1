"""Parse ``data/`` into a :class:`kg.records.Catalogue`, with file:line errors."""

from kg.loader.catalogue import load_catalogue

__all__ = ["load_catalogue"]
