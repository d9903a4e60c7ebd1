"""Shared fixtures: the real data built once per test session into a temp folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.build.pipeline import BuildResult, build
from kg.build.store import open_store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """``kg build`` of the real ``data/`` (read-only: do not modify)."""
    return build(DATA, tmp_path_factory.mktemp("kg") / "build")


@pytest.fixture(scope="session")
def store(built: BuildResult) -> ox.Store:
    """The built Oxigraph store, opened read-only."""
    return open_store(built.out_dir)


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Path]:
    """A private copy of ``data/`` that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    yield target


@pytest.fixture(scope="session")
def built_turtle(built: BuildResult) -> Graph:
    """The built Turtle parsed with rdflib."""
    return Graph().parse(built.out_dir / "kg.ttl", format="turtle")
