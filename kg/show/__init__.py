"""Showing answers: text tables, the trace tree, SVG drawings of provenance.

Turns what ``kg.ask`` returns into text, JSON, CSV or SVG. Imports ``ask`` and
the model; nothing below it imports this package.
"""
