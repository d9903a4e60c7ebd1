"""Readers and servers while builds run: readers see the old or the new store and never crash, a build refuses to
replace a store that ``kg serve`` holds, and children die with their parent (validation workers, oxigraph)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build.atomic import SERVING, BuildFolderError
from kg.build.pipeline import build
from kg.build.store import VERSION_PREFIX, current_version
from tests.test_atomic import ROOT, Corpus, copy_build, same_build
from tests.test_atomic import corpus as corpus  # the module-scoped fixture


def gone(pid: int) -> bool:
    """Not running: no such process, or a zombie nobody has reaped yet."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def wait_for(condition: object, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


READER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kg.build.store import open_store
    out, stop = Path(sys.argv[1]), Path(sys.argv[2])
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    while not stop.exists():
        store = open_store(out)
        [row] = store.query(query)
        print(row[0].value, flush=True)
        del store
""")


def test_readers_never_crash_while_builds_replace_the_store(corpus: Corpus, tmp_path: Path) -> None:
    # before: kg query and kg trace died with "RuntimeError: Corruption ... .sst" while a build replaced the store
    out = copy_build(corpus.built_a, tmp_path / "build")
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(out), str(stop)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for n, state in enumerate("BABAB"):
            corpus.use(state)
            build(corpus.data, out, full=n % 2 == 1)  # incremental and full builds, each a new store version
    finally:
        corpus.use("A")
        stop.touch()
        output, errors = reader.communicate(timeout=60)
    assert reader.returncode == 0, errors
    counts = output.split()
    assert len(counts) > 5 and len(set(counts)) <= 2, counts  # always the old or the new graph, whole
    # the versions the reader held were kept while it ran; the next build removes them
    build(corpus.data, out)
    assert [p.name for p in out.glob(f"{VERSION_PREFIX}*") if p.is_dir()] == [current_version(out).name]  # type: ignore[union-attr]
    assert same_build(out, corpus.built_a)


HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kg.build.store import open_store
    store = open_store(Path(sys.argv[1]))
    print(len(store), flush=True)
    sys.stdin.readline()
    print(len(store), flush=True)
""")


def test_a_build_removes_an_old_store_version_only_when_no_reader_holds_it(corpus: Corpus, tmp_path: Path) -> None:
    out = copy_build(corpus.built_a, tmp_path / "build")
    old = current_version(out)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdin is not None
    before = holder.stdout.readline()
    build(corpus.data, out, full=True)
    assert current_version(out) != old and old is not None and old.is_dir()  # still read
    holder.stdin.write("\n")
    holder.stdin.flush()
    assert holder.stdout.readline() == before  # the reader still reads its version, whole
    holder.wait(timeout=30)
    build(corpus.data, out)
    assert not old.exists()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/query", data=b"ASK {}", method="POST",
                                     headers={"Content-Type": "application/sparql-query"})
    try:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=1.0) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def served(corpus: Corpus, tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[bytes], int]]:
    """``kg serve --writable`` over a copy of the corpus build (a real process)."""
    out = copy_build(corpus.built_a, tmp_path / "build")
    port = _free_port()
    # Ctrl-C is SIGINT with its default action: a test run started in the background (`cmd &` without job
    # control) has SIGINT ignored, which its children would inherit, and Python then installs no handler for it
    server = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--build", str(out), "--port", str(port),
                               "--writable"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              preexec_fn=_default_sigint)
    try:
        assert wait_for(lambda: _answers(port), 20), "kg serve did not answer"
        yield out, server, port
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=20)


def test_a_build_refuses_to_replace_a_store_kg_serve_holds(corpus: Corpus,
                                                           served: tuple[Path, subprocess.Popen[bytes], int]) -> None:
    # before: a build under kg serve --writable crashed (incremental) or swapped the store away so that later
    # writes through the server were lost (full); under a read-only server the old graph was served silently
    out, server, port = served
    version = current_version(out)
    corpus.use("B")
    try:
        for full in (False, True):
            with pytest.raises(BuildFolderError) as info:
                build(corpus.data, out, full=full)
            assert f"kg serve (pid {server.pid}, http://127.0.0.1:{port}/query)" in str(info.value)
            assert "stop the server" in str(info.value)
    finally:
        corpus.use("A")
    assert current_version(out) == version and _answers(port)
    server.send_signal(signal.SIGINT)
    server.wait(timeout=20)
    assert list(out.glob(f"{SERVING}*")) == []
    assert build(corpus.data, out).rebuilt == ()


def test_kg_serve_killed_with_sigkill_leaves_no_oxigraph_answering(
        corpus: Corpus, served: tuple[Path, subprocess.Popen[bytes], int]) -> None:
    # before: after kill -9 of kg serve its oxigraph child kept answering on the port
    out, server, port = served
    server.kill()
    server.wait(timeout=10)
    assert wait_for(lambda: not _answers(port)), "oxigraph still answers after kg serve was killed"
    assert build(corpus.data, out).rebuilt == ()  # the dead server's marker does not block builds
    assert list(out.glob(f"{SERVING}*")) == []


ORPHAN = textwrap.dedent("""
    import subprocess, sys
    child = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(__import__("os").getpid())])
    print(child.pid, flush=True)
    child.wait()
""")
WORKER = textwrap.dedent("""
    import sys, time
    from kg.build.orphans import die_with_parent
    die_with_parent(int(sys.argv[1]))
    print("ready", flush=True)
    time.sleep(120)
""")


def test_validation_workers_die_with_their_killed_parent(tmp_path: Path) -> None:
    # before: a killed build left its validation workers running (kg.build.batches starts them with this)
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN, WORKER], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert parent.stdout.readline() == "ready\n"  # the child has asked to die with its parent
    assert not gone(child)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=10)
    assert wait_for(lambda: gone(child)), f"worker {child} outlived its parent"


def test_a_server_does_not_start_while_a_build_writes_the_folder(corpus: Corpus, tmp_path: Path) -> None:
    from kg.ask.serve import serve
    from kg.build.atomic import BuildFolder

    out = copy_build(corpus.built_a, tmp_path / "build")
    with BuildFolder(out), pytest.raises(BuildFolderError, match="being written by kg build"):
        serve(out, port=_free_port())
    assert (out / "manifest.json").is_file()
