"""A value in a result table: what a query row holds once its RDF terms are read."""

from __future__ import annotations

Cell = str | int | float | bool | None
