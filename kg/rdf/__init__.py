"""Records -> RDF: one named graph per source document, one per registry."""

from kg.rdf.dataset import Converted, convert

__all__ = ["Converted", "convert"]
