"""Builds are all or nothing: a build killed at any point leaves the previous outputs or the new ones, the next
build repairs a torn folder and removes what the dead one left, and no worker outlives it.

Real builds (``python -m kg build`` in a child process) are killed with SIGKILL at named points
(``KG_BUILD_KILL_AT``, kg.build.atomic) on a small synthetic corpus from ``kg synth``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.atomic import JOURNAL, KILL_AT, LOCK
from kg.build.pipeline import ORIGINS, TRIG, TURTLE, build
from kg.build.store import MANIFEST, READERS, STORE_DIR, current_version, open_store
from kg.synth import synthesize

OUTPUTS = (TURTLE, TRIG, MANIFEST, ORIGINS, "validation.json")
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Corpus:
    """A synthetic corpus in two states (A: as generated; B: one article's URL edited), built in full once each."""

    data: Path
    article: Path
    original: str
    built_a: Path
    built_b: Path

    def use(self, state: str) -> None:
        text = self.original if state == "A" else re.sub(r"(?m)^(url: \S+)$", r"\1-edited", self.original, count=1)
        assert state == "A" or text != self.original
        self.article.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    root = tmp_path_factory.mktemp("atomic")
    data = root / "data"
    synthesize(data, 120, 1)
    article = sorted((data / "articles").glob("*.yaml"))[0]
    c = Corpus(data, article, article.read_text(encoding="utf-8"), root / "built-a", root / "built-b")
    build(data, c.built_a, full=True)
    c.use("B")
    build(data, c.built_b, full=True)
    c.use("A")
    yield c


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def quads(out: Path) -> list[str]:
    store = ox.Store.read_only(str(out / STORE_DIR))
    found = sorted(str(q) for q in store)
    del store
    return found


def same_build(out: Path, reference: Path) -> bool:
    return snapshot(out) == snapshot(reference) and quads(out) == quads(reference)


def copy_build(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


def assert_no_leftovers(out: Path) -> None:
    """The folder holds the outputs, the published store version and the lock; nothing beside it."""
    version = current_version(out)
    assert version is not None and (out / STORE_DIR).is_symlink()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*OUTPUTS, STORE_DIR, LOCK, version.name, version.name + READERS])
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")] == []


def tagged_processes(tag: str) -> list[int]:
    """Live processes whose environment carries ``tag`` (the killed build and its children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if tag.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_until_gone(tag: str, timeout: float = 5.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := tagged_processes(tag)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def killed_build(data: Path, out: Path, point: str, *, full: bool, batch_triples: int | None = None) -> None:
    """Run ``kg build`` in a child process that kills itself with SIGKILL at ``point``; check nothing outlives it."""
    tag = f"KG_TEST_TAG={uuid.uuid4().hex}"
    env = dict(os.environ, **{KILL_AT: point, "KG_TEST_TAG": tag.split("=", 1)[1]})
    if batch_triples:
        env["KG_BATCH_TRIPLES"] = str(batch_triples)  # several batches: validation workers are running
    args = [sys.executable, "-m", "kg", "build", "--data", str(data), "--build", str(out), *(["--full"] * full)]
    with tempfile.TemporaryFile() as log:  # not a pipe: a child outliving the build would hold it open
        code = subprocess.Popen(args, env=env, cwd=ROOT, stdout=log, stderr=log).wait(timeout=120)
        log.seek(0)
        assert code == -9, log.read().decode()
    assert wait_until_gone(tag) == [], "processes of the killed build are still running"


# (kill point, full build?, validation batch size): every point of a full and an incremental build where a kill
# leaves a different state
POINTS = [
    ("full:converted", True, 1_500),
    ("full:staged", True, None),
    ("incremental:store", False, None),
    ("incremental:staged", False, None),
    ("commit:journal", False, None),
    ("commit:store", False, None),
    ("commit:store", True, None),
]


@pytest.mark.parametrize(("point", "full", "batch"), POINTS,
                         ids=[f"{p}-{'full' if f else 'incremental'}" for p, f, _ in POINTS])
def test_a_killed_build_leaves_old_or_new_outputs_and_the_next_build_equals_a_clean_one(
        corpus: Corpus, tmp_path: Path, point: str, full: bool, batch: int | None) -> None:
    out = copy_build(corpus.built_a, tmp_path / "build")
    corpus.use("B")
    try:
        killed_build(corpus.data, out, point, full=full, batch_triples=batch)
        torn = point.startswith("commit:") and point != "commit:journal"
        if torn:  # killed among the commit's renames: the journal says the folder is torn
            assert (out / JOURNAL).exists()
        else:  # the previous build, whole, as readers see it
            assert same_build(out, corpus.built_a)
        again = build(corpus.data, out)
        assert again.incremental != (point.startswith("commit:"))  # a journal makes the next build a full one
        assert same_build(out, corpus.built_b)
        assert_no_leftovers(out)
    finally:
        corpus.use("A")


def test_reverting_an_aborted_incremental_edit_leaves_no_trace_of_it_in_the_store(
        corpus: Corpus, tmp_path: Path) -> None:
    # before: the store had the edit (the build died after updating it, before the manifest), the edit was reverted,
    # and the next build said "up to date" with the aborted edit in the store for good
    out = copy_build(corpus.built_a, tmp_path / "build")
    corpus.use("B")
    try:
        killed_build(corpus.data, out, "incremental:store", full=False)
    finally:
        corpus.use("A")
    result = build(corpus.data, out)
    assert result.incremental and result.rebuilt == ()
    assert same_build(out, corpus.built_a)


def test_temporary_files_of_dead_builds_are_removed_by_the_next_build(corpus: Corpus, tmp_path: Path) -> None:
    out = copy_build(corpus.built_a, tmp_path / "build")
    dead = _dead_pid()
    leftovers = [
        tmp_path / f".build.tmp-{dead}" / "store" / "000001.sst",  # an older kg's full build, beside the folder
        tmp_path / f".build.old-{dead}" / "kg.ttl",
        out / f".kg.ttl.tmp-{dead}",  # an older kg's incremental build
        out / f".staging-{dead}" / "store" / "CURRENT",
        out / ".store-0123456789ab" / "CURRENT",  # a store version never published
        out / f".serving-{dead}",  # a kg serve killed with -9
    ]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 1000)
    assert build(corpus.data, out).rebuilt == ()
    assert_no_leftovers(out)
    alive = tmp_path / f".build.tmp-{os.getpid()}"  # a running build's folder is left alone
    alive.mkdir()
    build(corpus.data, out)
    assert alive.is_dir()


def test_a_store_written_by_an_older_kg_is_replaced_by_a_version(corpus: Corpus, tmp_path: Path) -> None:
    out = copy_build(corpus.built_a, tmp_path / "build")
    version = current_version(out)
    assert version is not None
    (out / STORE_DIR).unlink()
    version.rename(out / STORE_DIR)  # the layout before store versions: build/store/ is the database
    (out / (version.name + READERS)).unlink()
    assert len(open_store(out)) == sum(json.loads((out / MANIFEST).read_text())["graphs"].values())
    corpus.use("B")
    try:
        assert build(corpus.data, out).incremental
    finally:
        corpus.use("A")
    assert same_build(out, corpus.built_b)
    assert (out / STORE_DIR).is_symlink()


def test_an_incremental_build_keeps_the_store_fast_to_copy(corpus: Corpus, tmp_path: Path) -> None:
    """The new version shares the unchanged table files of the old one (hard links), so copying it is cheap."""
    out = copy_build(corpus.built_a, tmp_path / "build")
    old = current_version(out)
    assert old is not None
    tables = {p.name: p.stat().st_ino for p in old.glob("*.sst")}
    corpus.use("B")
    try:
        reader = open_store(out)  # this process now reads the old version: the build keeps it
        build(corpus.data, out)
    finally:
        corpus.use("A")
    new = current_version(out)
    assert new is not None and new != old and old.is_dir()
    shared = {p.name for p in new.glob("*.sst") if tables.get(p.name) == p.stat().st_ino}
    assert shared, "no table file is shared between the versions"
    assert len(reader) > 0


def _dead_pid() -> int:
    pid = 4_000_000
    while Path(f"/proc/{pid}").exists():
        pid -= 1
    return pid


def test_a_second_build_of_the_same_folder_is_refused_while_one_runs(corpus: Corpus, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.build.atomic import BuildFolder
    from kg.cli import main

    out = copy_build(corpus.built_a, tmp_path / "build")
    with BuildFolder(out):  # a build in progress holds the folder
        result = CliRunner().invoke(main, ["build", "--data", str(corpus.data), "--build", str(out)])
    assert result.exit_code == 2, result.output
    assert f"Error: {out}/ is being written by another kg build" in result.stderr
    assert "Traceback" not in result.output
    assert same_build(out, corpus.built_a)
