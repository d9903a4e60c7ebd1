"""Developer tools of kg that are not part of the library (``python tools/ontology_docs.py``)."""
