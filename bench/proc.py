"""Run one benchmark stage as a subprocess: wall time, CPU time, peak memory, timeouts.

Peak memory is the largest of three measurements: the kernel's ``ru_maxrss``
of the process from ``wait4`` (exact for the process and the children it waited
for), the process's own high-water mark ``VmHWM``, and the largest sum of the
resident set sizes of the process and all its live descendants (which catches
helper processes running at the same time), both sampled from ``/proc`` every
``interval`` seconds or so. ``ru_maxrss`` counts only when it is above this
(the parent's) own peak: Linux carries the memory of the forking parent over
into the child's ``ru_maxrss`` across ``exec``, so a small child would seem as
large as the parent.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Outcome:
    """What became of a subprocess.

    ``status``: ``ok`` (exit 0), ``error`` (another exit code, or it could not
    start), ``timeout`` (killed after ``timeout`` seconds, or after
    ``idle_timeout`` seconds without a byte of new output).
    """

    status: str
    exit_code: int | None
    wall_s: float
    cpu_s: float | None
    peak_rss_bytes: int | None
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def error_text(self, limit: int = 2000) -> str:
        """The end of stderr (or stdout), for the results file."""
        if self.status == "timeout":
            return f"timed out after {self.wall_s:.1f} s"
        text = (self.stderr.strip() or self.stdout.strip() or f"exit code {self.exit_code}")
        return text[-limit:]


def run(cmd: Sequence[str], *, timeout: float, idle_timeout: float | None = None, cwd: Path | None = None,
        env: Mapping[str, str] | None = None, interval: float = 0.05,
        on_line: Callable[[str], None] | None = None) -> Outcome:
    """Run ``cmd`` to completion or until a timeout; never raises for what the command does.

    ``on_line`` is called with each line of stdout as soon as it is complete.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd,
                                    env=dict(env) if env is not None else None, start_new_session=True)
        except OSError as e:
            return Outcome("error", None, 0.0, None, None, "", f"could not start {cmd[0]}: {e}")
        peak_sampled = 0
        last_size = 0
        pending = b""
        last_activity = start
        status = "ok"
        exit_code: int | None = None
        rusage: object = None
        next_sample = start
        while True:
            pid, wait_status, ru = os.wait4(proc.pid, os.WNOHANG)
            now = time.perf_counter()
            if pid == proc.pid:
                exit_code = os.waitstatus_to_exitcode(wait_status)
                rusage = ru
                break
            if now >= next_sample:
                peak_sampled = max(peak_sampled, tree_rss(proc.pid), hwm(proc.pid))
                # often at first (short stages), then less, to take little CPU from long ones
                age = now - start
                next_sample = now + (interval if age < 5 else max(interval, 0.25 if age < 60 else 0.5))
            size = os.fstat(out.fileno()).st_size
            if size != last_size:
                if on_line is not None:
                    pending = _lines(out.fileno(), last_size, size, pending, on_line)
                last_size, last_activity = size, now
            if now - start > timeout or (idle_timeout is not None and now - last_activity > idle_timeout):
                status = "timeout"
                _kill_group(proc.pid)
                _, wait_status, ru = os.wait4(proc.pid, 0)
                rusage = ru
                break
            time.sleep(min(interval, 0.02) if now - start < 1 else interval)
        wall = time.perf_counter() - start
        size = os.fstat(out.fileno()).st_size
        if on_line is not None and size != last_size:
            _lines(out.fileno(), last_size, size, pending, on_line)
        proc.returncode = exit_code if exit_code is not None else -9  # reaped here: Popen must not wait again
        _kill_group(proc.pid)  # stray grandchildren of a finished stage
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    maxrss = getattr(rusage, "ru_maxrss", 0) * 1024  # kilobytes on Linux
    if maxrss <= resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024:
        maxrss = 0  # maybe only the parent's memory, inherited at fork
    cpu = getattr(rusage, "ru_utime", 0.0) + getattr(rusage, "ru_stime", 0.0)
    if status == "ok" and exit_code != 0:
        status = "error"
    peak = max(maxrss, peak_sampled) or None
    return Outcome(status, exit_code, wall, cpu, peak, stdout, stderr)


def _lines(fd: int, start: int, end: int, pending: bytes, on_line: Callable[[str], None]) -> bytes:
    """Pass on the complete lines of ``fd[start:end]`` (after ``pending``); return the incomplete rest."""
    *complete, rest = (pending + os.pread(fd, end - start, start)).split(b"\n")
    for line in complete:
        on_line(line.decode("utf-8", "replace"))
    return rest


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def hwm(pid: int) -> int:
    """The peak resident bytes of ``pid`` since its ``exec`` (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every live descendant (0 if it is gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            statm = Path(f"/proc/{pid}/statm").read_text()
        except OSError:
            continue
        # the command name, in parentheses, may hold spaces: fields start after its closing ')'
        fields = stat[stat.rfind(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(statm.split()[1]) * PAGE
    total = 0
    todo = [root]
    seen: set[int] = set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total
