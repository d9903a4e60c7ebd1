"""The machine a benchmark ran on: CPUs, memory, CPU model, Python and package versions, commit."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ("kg", "rdflib", "pyshacl", "pyshacl-turbo", "pyoxigraph", "oxigraph", "oxrdflib", "PyYAML",
            "ruamel.yaml", "networkx", "click")


def info(repo: Path, work: Path) -> dict[str, Any]:
    return {
        "nproc": _nproc(),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_bytes": memory_bytes(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "packages": {name: _version(name) for name in PACKAGES},
        "git": _git(repo),
        "loadavg_at_start": os.getloadavg(),
        "work_dir": str(work),
        "work_disk_free_bytes": shutil.disk_usage(work).free if work.exists() else None,
    }


def _nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model", "cpu model"):
                return value.strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_bytes() -> int | None:
    return _meminfo("MemTotal")


def _meminfo(key: str) -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            name, _, value = line.partition(":")
            if name == key:
                return int(value.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _git(repo: Path) -> dict[str, Any]:
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=30,
                                  check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    status = git("status", "--porcelain", "--", "kg", "ontology", "queries", "pyproject.toml")
    return {"commit": git("rev-parse", "HEAD"), "uncommitted_changes_in_kg": bool(status) if status is not None
            else None}
