"""The embedded store: an Oxigraph database on disk that later commands query.

``kg build`` writes it; ``kg query``, ``kg trace``, ``kg stats`` and ``kg export``
open it read-only and never re-parse the data.

A published store is never changed in place. Each build writes a new version,
``build/.store-<token>/`` (an incremental build starts from a copy of the
previous version whose immutable table files are hard links, so copying costs
milliseconds), and ``build/store`` is a symbolic link to the current version,
swapped in one ``rename``. A reader resolves the link once and takes a shared
``flock`` on the version's ``.store-<token>.readers`` file for the rest of its
process; a build removes an old version only when it can take that lock
exclusively, so a reader sees the old or the new store, never one being
replaced or deleted under it. (A ``build/store`` folder written by an older kg
is read as it is, and moved aside by the next build.)
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.build.manifest import FORMAT_VERSION
from kg.model.errors import StoreMissing

STORE_DIR = "store"
MANIFEST = "manifest.json"
VERSION_PREFIX = ".store-"
READERS = ".readers"

#: store versions this process reads (folder -> a file descriptor holding a shared lock), until it exits
_held: dict[str, int] = {}


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
    return ox.Store.read_only(str(hold_store(build_dir)))


def current_version(build_dir: Path) -> Path | None:
    """The folder of the published store version (``None``: no store, or an older kg's ``store/`` folder)."""
    link = build_dir / STORE_DIR
    if not link.is_symlink():
        return None
    return build_dir / link.readlink()


def hold_store(build_dir: Path) -> Path:
    """The store folder to read, kept from removal by later builds for as long as this process lives."""
    link = build_dir / STORE_DIR
    for _ in range(100):
        version = current_version(build_dir)
        if version is None:
            return link
        if str(version) in _held:
            return version
        try:
            fd = os.open(readers_file(version), os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            continue  # replaced and removed since the link was read: read it again
        fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a build removes this very version
        if os.fstat(fd).st_nlink == 0:  # it did: read the link again
            os.close(fd)
            continue
        _held[str(version)] = fd
        return version
    raise StoreMissing(f"the store in {build_dir}/ kept changing while it was opened; try again")


def readers_file(version: Path) -> Path:
    return version.with_name(version.name + READERS)


def new_version(build_dir: Path, staged: Path) -> Path:
    """Move a complete store folder ``staged`` into ``build_dir`` as a new, not yet published version."""
    version = build_dir / f"{VERSION_PREFIX}{secrets.token_hex(6)}"
    readers_file(version).touch()
    staged.rename(version)
    return version


def publish(build_dir: Path, version: Path) -> None:
    """Point ``build_dir/store`` at ``version`` in one rename (an older kg's ``store/`` folder is moved aside)."""
    link = build_dir / STORE_DIR
    if link.exists() and not link.is_symlink():
        new_version(build_dir, link)  # an old version like any other, removed once unread
    tmp = build_dir / f".{STORE_DIR}.link-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(version.name)
    tmp.replace(link)


def remove_old_versions(build_dir: Path) -> None:
    """Remove every store version but the published one that no reader holds."""
    current = current_version(build_dir)
    versions = {p.name for p in build_dir.glob(f"{VERSION_PREFIX}*") if p.is_dir() and not p.is_symlink()}
    versions |= {p.name[: -len(READERS)] for p in build_dir.glob(f"{VERSION_PREFIX}*{READERS}")}
    for name in sorted(versions - {current.name if current else ""}):
        version = build_dir / name
        if str(version) in _held:
            continue
        fd = os.open(readers_file(version), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)  # a reader holds it: a later build removes it
            continue
        try:
            shutil.rmtree(version, ignore_errors=True)
            readers_file(version).unlink(missing_ok=True)  # before unlocking: a waiting reader sees it gone
        finally:
            os.close(fd)


def copy_store(source: Path, target: Path) -> None:
    """A copy of the closed store ``source`` that can be changed without touching it.

    RocksDB never changes a table (``.sst``) or blob file once written, so those are hard links (a
    10^6-triple store in a few milliseconds); the rest (manifest, options, write-ahead log) is copied.
    The info logs and the lock file are left out."""
    target.mkdir()
    for entry in os.scandir(source):
        name = entry.name
        if name == "LOCK" or name.startswith("LOG"):
            continue
        if name.endswith((".sst", ".blob")):
            try:
                os.link(entry.path, target / name)
                continue
            except OSError:  # a file system without hard links: copy
                pass
        shutil.copy2(entry.path, target / name)
