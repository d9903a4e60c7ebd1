"""The RDF layer: records -> named-graph units of triples, and RDF term serialisation.

One named graph per source document, one per registry, plus the ontology and
vocabularies (``dataset``); canonical Turtle/N-Triples term writing
(``serialize``); conversions between pyoxigraph and rdflib terms
(``convert_terms``). Imports the model and the loader's vocabulary, nothing above.
"""

from kg.rdf.dataset import Converted, convert

__all__ = ["Converted", "convert"]
