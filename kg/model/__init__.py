"""The model: kg's types and pure functions, with no I/O.

Records (articles, quotes, figures, registry entries), vocabulary terms and IRIs,
dates with their precision, numbers and number words, quote anchoring, the
exception types that carry a source location, and where kg's resource files
live. Every other layer builds on this one; this one imports no other.
"""
