"""The build folder's transactions: one writer at a time, staged outputs, a journalled commit, no leftovers.

Every build, full or incremental, takes an exclusive ``flock`` on ``build/.lock``
(``kg serve`` holds a shared one while it serves the store, so a build refuses
to replace a store under a server, and a server does not start during a build),
then removes what dead builds left: staging folders, temporary files, unread
store versions, older kg's ``.build.tmp-PID`` folders beside ``build/``.

A build writes every output into ``build/.staging-PID/`` and touches nothing
published until all of them are complete and the graph conforms. Then
:meth:`BuildFolder.commit`:

1. moves the staged store in as a new version (:mod:`kg.build.store`);
2. writes the journal ``build/.commit``;
3. points ``build/store`` at the new version (one rename);
4. renames ``kg.ttl``, ``kg.trig``, ``origins.json``, ``validation.json`` and, last,
   ``manifest.json`` over the old ones;
5. removes the journal, then the old store versions no reader holds.

A build killed before step 2 leaves the previous outputs; one killed after
step 5 the new ones. Only one killed between 2 and 5 (a few renames) leaves a
mix, and the journal says so: the next build then rebuilds in full.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from kg.build.store import MANIFEST, STORE_DIR, new_version, publish, remove_old_versions
from kg.model.errors import KgError

LOCK = ".lock"
JOURNAL = ".commit"
STAGING = ".staging-"
SERVING = ".serving-"
#: Test hook: a build SIGKILLs itself at the point so named (tests/test_atomic.py); never set otherwise.
KILL_AT = "KG_BUILD_KILL_AT"


class BuildFolderError(KgError):
    """The build folder cannot be written: not a folder, not writable, or in use."""


def kill_point(name: str) -> None:
    """Die here, as ``kill -9`` would, when ``$KG_BUILD_KILL_AT`` names this point (tests only)."""
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


class BuildFolder:
    """``build/`` locked for one build: ``with BuildFolder(out) as folder: ... folder.commit(staged, names)``.

    A folder the build created is removed again if the build fails before its commit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.committed = False
        self._created = False
        self._fd = -1
        self._staging: Path | None = None

    def __enter__(self) -> BuildFolder:
        self._created = not self.path.exists()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as e:
            raise BuildFolderError(f"{self.path}: cannot write the build folder here: {e.strerror or e}") from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise BuildFolderError(self._busy()) from None
        self._clean()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if self._staging is not None:
                shutil.rmtree(self._staging, ignore_errors=True)
            if kind is not None and self._created and not self.committed:
                shutil.rmtree(self.path, ignore_errors=True)
        finally:
            os.close(self._fd)

    @property
    def torn(self) -> bool:
        """A build died while committing: the outputs may be a mix of two builds."""
        return (self.path / JOURNAL).exists()

    def staging(self) -> Path:
        """An empty folder for this build's outputs, removed when the build ends."""
        self._staging = self.path / f"{STAGING}{os.getpid()}"
        shutil.rmtree(self._staging, ignore_errors=True)
        self._staging.mkdir()
        return self._staging

    def commit(self, staged: Path, names: list[str]) -> None:
        """Publish ``staged/store`` and the files ``names`` of ``staged`` (see the module docstring)."""
        files = [n for n in names if n != MANIFEST] + [MANIFEST]  # the manifest last
        version = new_version(self.path, staged / STORE_DIR)
        journal = self.path / JOURNAL
        journal.write_text(json.dumps({"pid": os.getpid(), "store": version.name, "files": files}) + "\n",
                           encoding="utf-8")
        kill_point("commit:journal")
        publish(self.path, version)
        kill_point("commit:store")
        for name in files:
            (staged / name).replace(self.path / name)
        journal.unlink()
        self.committed = True
        remove_old_versions(self.path)

    def _clean(self) -> None:
        """Remove what dead builds and servers left behind (this build holds the lock: none is running)."""
        for entry in self.path.iterdir():
            name = entry.name
            if name.startswith(STAGING):
                shutil.rmtree(entry, ignore_errors=True)
            elif name.startswith((SERVING, f".{STORE_DIR}.link-")) or (name.startswith(".") and ".tmp-" in name):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        remove_old_versions(self.path)
        # an older kg staged a full build beside the folder: .build.tmp-PID, .build.old-PID
        prefix = f".{self.path.name}."
        for entry in self.path.parent.iterdir():
            kind, _, pid = entry.name.removeprefix(prefix).partition("-")
            if entry.name.startswith(prefix) and kind in ("tmp", "old") and pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)

    def _busy(self) -> str:
        for marker in sorted(self.path.glob(f"{SERVING}*")):
            with contextlib.suppress(OSError, ValueError):
                info = json.loads(marker.read_text(encoding="utf-8"))
                if _alive(int(info["pid"])):
                    return (f"{self.path}/store is served by kg serve (pid {info['pid']}, {info['url']}): "
                            "stop the server before building (a build would replace the store under it)")
        return f"{self.path}/ is being written by another kg build: wait until it has finished"


@contextlib.contextmanager
def serving(build_dir: Path, url: str) -> Iterator[None]:
    """Mark ``build_dir`` as served (at ``url``) for the ``with`` block: builds refuse to replace its store."""
    try:
        fd = os.open(build_dir / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as e:
        raise BuildFolderError(f"{build_dir}: cannot mark the store as served: {e.strerror or e}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildFolderError(f"{build_dir}/ is being written by kg build: serve it when the build has "
                                   "finished") from None
        marker = build_dir / f"{SERVING}{os.getpid()}"
        marker.write_text(json.dumps({"pid": os.getpid(), "url": url}) + "\n", encoding="utf-8")
        try:
            yield
        finally:
            marker.unlink(missing_ok=True)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
