"""Asking the built graph: stored queries, traces, the citation network, stats, export.

Every question goes through a :class:`kg.ask.source.Source` — the embedded
Oxigraph store or a remote SPARQL endpoint (``remote``, over ``http``) — so one
answer holds for both. ``serve`` runs the store as a SPARQL server behind
``gateway``; ``guard`` refuses ``SERVICE`` unless asked. Returns data (tables,
dicts, networkx graphs), never text for a terminal: that is ``kg.show``.
"""
