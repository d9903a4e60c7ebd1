"""Asking the built graph: stored queries, traces, the citation network, stats, export.

Every question goes through a :class:`kg.ask.source.Source` — the embedded
Oxigraph store or a remote SPARQL endpoint (``remote``) — so one answer holds
for both. ``serve`` runs the store as a SPARQL server. Returns data (tables,
dicts, networkx graphs), never text for a terminal: that is ``kg.show``.

What users type is read by ``params`` (parameter values), ``ids`` (record ids
checked against the graph, with "did you mean") and ``adhoc`` (kg's prefixes for
ad hoc SPARQL); ``lexer`` finds variables and keywords in SPARQL text.
"""
