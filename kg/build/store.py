"""The embedded store: an Oxigraph database on disk that later commands query.

``kg build`` writes it once; ``kg query``, ``kg trace``, ``kg stats`` and
``kg export`` open it read-only and never re-parse the data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kg.model.errors import StoreMissing
from kg.build.manifest import FORMAT_VERSION

STORE_DIR = "store"
MANIFEST = "manifest.json"


def write_store(path: Path, nquads_file: Path) -> None:
    """Bulk-load an N-Quads file into a new store at ``path``."""
    store = ox.Store(str(path))
    store.bulk_load(path=str(nquads_file), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    del store


def open_store(build_dir: Path) -> ox.Store:
    """Open a built store read-only, or say clearly why there is none."""
    manifest = build_dir / MANIFEST
    if not (build_dir / STORE_DIR).is_dir() or not manifest.is_file():
        raise StoreMissing(f"no built graph in {build_dir}/: run 'kg build' first")
    info = json.loads(manifest.read_text(encoding="utf-8"))
    if info.get("format") != FORMAT_VERSION:
        raise StoreMissing(
            f"the graph in {build_dir}/ was built by kg {info.get('kg', '?')} in an older format; run 'kg build' again"
        )
    return ox.Store.read_only(str(build_dir / STORE_DIR))
