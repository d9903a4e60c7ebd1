"""The scale benchmark of kg: ``python bench/run.py`` (see bench/README.md)."""
