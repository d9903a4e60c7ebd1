"""The scale benchmark: ``python bench/run.py [--sizes 1e4,1e5,1e6,1e7] [--out docs] [--quick]``.

For each corpus size (in triples) it generates a synthetic corpus, times
``kg build`` and ``kg validate`` through the real CLI, times every stored query
and ``kg trace`` on the built store, and runs the naive path (rdflib's Memory
store + pySHACL) on the same Turtle; at the size closest to 10^6 it edits one
article and times the rebuild. Every stage runs in a subprocess with a timeout;
a failing stage is recorded as an error and the run goes on. Results go to
``bench/results.json``, ``docs/benchmark.md`` and ``docs/benchmark.svg``;
progress lines to stderr. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import re
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the bench package importable
    sys.path.append(str(Path(__file__).resolve().parent.parent))

from bench import machine, proc, report

Json = dict[str, Any]
REPO = Path(__file__).resolve().parent.parent
STAGES = Path(__file__).resolve().parent / "stages.py"
FULL_SIZES = "1e4,1e5,1e6,1e7"
QUICK_SIZES = "2e3,5e3"
SCHEMA = 1
STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[bench {time.perf_counter() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


@dataclass
class Settings:
    sizes: list[int]
    out: Path
    results: Path
    work: Path
    quick: bool
    seed: int
    build_timeout: float
    naive_timeout: float
    naive_memory: float
    stage_timeout: float
    reps: int
    query_budget: float
    trace_figures: int
    trace_rounds: int
    incremental_at: int | None
    noop_rebuild: bool
    verify_incremental: bool
    keep: bool
    command: str
    kg: list[str] = field(default_factory=list)
    report_only: Path | None = None


@dataclass
class Calibration:
    """Triples ~ base + per_figure * figures, refined after every build."""

    base: float = 2000.0  # ontology, vocabularies and the registry of a tiny world
    per_figure: float = 46.0
    points: list[tuple[int, int]] = field(default_factory=list)

    def figures_for(self, triples: int) -> int:
        return max(1, round((triples - self.base) / self.per_figure))

    def update(self, figures: int, triples: int) -> None:
        self.points.append((figures, triples))
        (f1, t1), (f2, t2) = sorted(self.points)[-2:] if len(self.points) > 1 else ((0, int(self.base)),
                                                                                     self.points[0])
        if f2 > f1 and t2 > t1:
            self.per_figure = (t2 - t1) / (f2 - f1)
            self.base = max(0.0, t2 - self.per_figure * f2)


@dataclass
class State:
    calibration: Calibration = field(default_factory=Calibration)
    naive_skip: str | None = None
    naive_bytes_per_triple: float | None = None
    disk_bytes_per_triple: float | None = None
    query_timeouts: dict[str, str] = field(default_factory=dict)  # "query (case)" -> why it is not run again
    synth_cli: bool | None = None


# --------------------------------------------------------------------------
# Stages


def stage(outcome: proc.Outcome) -> Json:
    out: Json = {"status": outcome.status, "wall_s": outcome.wall_s, "cpu_s": outcome.cpu_s,
                 "peak_rss_bytes": outcome.peak_rss_bytes, "exit_code": outcome.exit_code}
    if not outcome.ok:
        out["error"] = outcome.error_text()
    lines = [line for line in (outcome.stdout.strip() or outcome.stderr).splitlines() if line.strip()]
    if lines:
        out["message"] = lines[-1][-500:]
    return out


def skipped(reason: str) -> Json:
    return {"status": "skipped", "reason": reason}


def worker(name: str, *args: str | Path | int, timeout: float, idle_timeout: float | None = None,
           on_event: Callable[[Json], None] | None = None) -> tuple[proc.Outcome, list[Json]]:
    def on_line(line: str) -> None:
        if on_event is not None:
            try:
                obj = json.loads(line)
            except ValueError:
                return
            if isinstance(obj, dict):
                on_event(obj)

    outcome = proc.run([sys.executable, str(STAGES), name, *map(str, args)], timeout=timeout,
                       idle_timeout=idle_timeout, cwd=REPO, on_line=on_line)
    events = []
    for line in outcome.stdout.splitlines():
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict):
            events.append(obj)
    return outcome, events


def kg(settings: Settings, *args: str | Path, timeout: float) -> proc.Outcome:
    return proc.run([*settings.kg, *map(str, args)], timeout=timeout, cwd=settings.work)


def kg_command() -> list[str]:
    """The installed ``kg`` script beside this Python, else ``python -m kg``."""
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.is_file() and os.access(script, os.X_OK) else [sys.executable, "-m", "kg"]


def synthesize(settings: Settings, state: State, data: Path, figures: int) -> Json:
    if state.synth_cli is None:
        state.synth_cli = kg(settings, "synth", "--help", timeout=120).ok
        log(f"corpus generator: {'kg synth' if state.synth_cli else 'kg.synth.synthesize'}")
    cli_error = None
    if state.synth_cli:
        out = stage(kg(settings, "synth", "--figures", str(figures), "--seed", str(settings.seed), "--out", data,
                       timeout=settings.build_timeout))
        out["method"] = "kg synth"
        if out["status"] == "ok":
            return out
        cli_error = out.get("error")
        log(f"kg synth failed, trying kg.synth.synthesize: {str(cli_error)[-300:]}")
        shutil.rmtree(data, ignore_errors=True)
    outcome, events = worker("synth", data, figures, settings.seed, timeout=settings.build_timeout)
    out = stage(outcome)
    out.pop("message", None)
    out["method"] = "kg.synth.synthesize"
    if cli_error:
        out["kg_synth_error"] = cli_error
    for e in events:
        if e.get("event") == "synth":
            out["stats"] = e.get("stats")
    return out


def manifest(build: Path) -> Json:
    try:
        body = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


def tree_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def output_sizes(data: Path, build: Path) -> Json:
    return {"build_dir_bytes": tree_bytes(build), "kg_ttl_bytes": tree_bytes(build / "kg.ttl"),
            "kg_trig_bytes": tree_bytes(build / "kg.trig"), "store_bytes": tree_bytes(build / "store"),
            "data_bytes": tree_bytes(data)}


def percentile(values: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least ``q`` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def run_queries(settings: Settings, state: State, build: Path, root: Path, size: str) -> Json:
    outcome, events = worker("sample", build, settings.trace_figures, timeout=settings.stage_timeout)
    sampled = next((e for e in events if e.get("event") == "sample"), None)
    if sampled is None:
        return {"status": "error", "error": outcome.error_text(), "cases": [], "trace_figures": []}
    cases = [dict(c, id=f"q{i}") for i, c in enumerate(sampled["cases"])]
    results: dict[str, Json] = {}
    names = {c["id"]: f"{c['query']} ({c['case']})" for c in cases}
    for c in cases:
        if c.get("skip"):
            results[c["id"]] = {"status": "skipped", "reason": c["skip"]}
        elif names[c["id"]] in state.query_timeouts:  # it would only time out again, on more data
            results[c["id"]] = {"status": "timeout", "error": state.query_timeouts[names[c["id"]]]}
    remaining = [c for c in cases if c["id"] not in results]
    open_s: list[float] = []
    peak = 0

    def progress(e: Json) -> None:
        if e.get("event") == "query":
            r = _query_result(e)
            log(f"    {names.get(e['id'])}: {r['status']}, p50 {report.fmt_s(r.get('p50_s'))}, "
                f"first {report.fmt_s(e.get('first_s'))}, {e.get('rows')} rows")

    while remaining:
        spec = root / "queries.json"
        spec.write_text(json.dumps({"cases": remaining, "reps": settings.reps, "budget_s": settings.query_budget}),
                        encoding="utf-8")
        log(f"  {len(remaining)} query cases ({settings.reps} runs each after a cold one)")
        outcome, events = worker("queries", build, spec, timeout=settings.stage_timeout * (len(remaining) + 1),
                                 idle_timeout=settings.stage_timeout, on_event=progress)
        peak = max(peak, outcome.peak_rss_bytes or 0)
        opened = [e["s"] for e in events if e.get("event") == "open"]
        open_s += opened
        for e in events:
            if e.get("event") == "query":
                results[e["id"]] = _query_result(e)
        left = [c for c in remaining if c["id"] not in results]
        if outcome.ok or not left:
            break
        if not opened:  # the worker did not get as far as opening the store: the rest would fail the same way
            for c in left:
                results[c["id"]] = {"status": "error", "error": outcome.error_text()}
            break
        results[left[0]["id"]] = {"status": outcome.status, "error": (
            f"no result after {settings.stage_timeout:g} s: killed" if outcome.status == "timeout"
            else outcome.error_text())}
        if outcome.status == "timeout":
            state.query_timeouts[names[left[0]["id"]]] = (f"not run: it took over {settings.stage_timeout:g} s at "
                                                          f"{size} triples")
        log(f"    {outcome.status} {left[0]['query']} ({left[0]['case']}): {outcome.error_text(200)}")
        remaining = left[1:]
    table = []
    for c in cases:
        table.append({"query": c["query"], "case": c["case"], "params": c["params"]} | results.get(
            c["id"], {"status": "error", "error": "no result"}))
    return {"status": "ok" if all(r["status"] in ("ok", "skipped") for r in table) else "error",
            "store_open_s": min(open_s) if open_s else None, "peak_rss_bytes": peak or None,
            "picked": sampled.get("picked"), "cases": table, "trace_figures": sampled.get("trace_figures", []),
            "figures_in_store": sampled.get("figures")}


def _query_result(e: Json) -> Json:
    if "error" in e:
        return {"status": "error", "error": e["error"]}
    times = e.get("times") or [e["first_s"]]
    return {"status": "ok", "first_s": e["first_s"], "runs": len(times), "p50_s": percentile(times, 0.5),
            "p95_s": percentile(times, 0.95), "rows": e.get("rows")}


def run_trace(settings: Settings, build: Path, root: Path, figures: list[str]) -> Json:
    if not figures:
        return skipped("no figure to trace")
    spec = root / "trace.json"
    body = {"figures": figures, "rounds": settings.trace_rounds, "budget_s": settings.query_budget}
    spec.write_text(json.dumps(body), encoding="utf-8")
    outcome, events = worker("trace", build, spec, timeout=settings.stage_timeout * (len(figures) + 2),
                             idle_timeout=settings.stage_timeout)
    calls = [e for e in events if e.get("event") == "trace"]
    errors = [e["error"] for e in calls if "error" in e]
    times = [e["s"] for e in calls if "s" in e]
    samples = times[1:] if len(times) > 1 else times  # the first call warms up (catalogue, caches)
    out: Json = {"status": "ok" if outcome.ok and not errors and times else ("timeout" if outcome.status == "timeout"
                                                                              else "error"),
                 "figures": figures, "calls": len(calls), "samples": len(samples),
                 "first_s": times[0] if times else None,
                 "p50_s": percentile(samples, 0.5) if samples else None,
                 "p95_s": percentile(samples, 0.95) if samples else None,
                 "peak_rss_bytes": outcome.peak_rss_bytes}
    if errors or not outcome.ok:
        out["error"] = errors[0] if errors else outcome.error_text()
    cli = kg(settings, "trace", figures[len(figures) // 2], "--format", "json", "--build", build,
             timeout=settings.stage_timeout)
    out["cli"] = {k: v for k, v in stage(cli).items() if k != "message"}
    return out


def run_naive(settings: Settings, state: State, build: Path, triples: int | None) -> Json:
    if state.naive_skip:
        return skipped(state.naive_skip)
    if triples and state.naive_bytes_per_triple:
        need = state.naive_bytes_per_triple * triples
        if need > settings.naive_memory:
            return skipped(f"would need about {need / 1e9:.0f} GB ({state.naive_bytes_per_triple / 1e3:.1f} kB per "
                           f"triple at the previous size), over the {settings.naive_memory / 1e9:.0f} GB allowed")
    outcome, events = worker("naive", build / "kg.ttl", int(settings.naive_memory), timeout=settings.naive_timeout)
    out = stage(outcome)
    out.pop("message", None)
    for e in events:
        if e.get("event") == "out_of_memory":
            out |= {"status": "out of memory", "error": f"MemoryError at the {settings.naive_memory / 1e9:.1f} GB "
                                                         "limit"}
            state.naive_skip = f"the naive path ran out of memory at {triples or '?'} triples"
        if e.get("event") == "parsed":
            out |= {"parse_s": e["parse_s"], "triples": e["triples"]}
        elif e.get("event") == "validated":
            out |= {"validate_s": e["validate_s"], "conforms": e["conforms"], "results": e["results"]}
        elif e.get("event") == "versions":
            out["versions"] = {k: v for k, v in e.items() if k != "event"}
    if outcome.ok and "validate_s" in out:
        out["total_s"] = out["parse_s"] + out["validate_s"]
        if triples and outcome.peak_rss_bytes:
            state.naive_bytes_per_triple = outcome.peak_rss_bytes / triples
    elif outcome.status == "timeout":
        state.naive_skip = (f"the naive path timed out after {settings.naive_timeout:g} s at "
                            f"{triples or '?'} triples, so larger sizes were not tried")
    return out


# --------------------------------------------------------------------------
# Incremental rebuild

INFERRED = re.compile(r"^(?P<lead>\s*(?:-\s+)?)inferred:[ \t]*(?P<value>.*?)\s*$")


def edit_article(data: Path, marker: str) -> Json:
    """Append a sentence to one curator's reason (``inferred:``) in one article YAML, in place.

    The edit changes one literal of the article's graph and nothing else; the
    YAML is parsed before and after to make sure it is still valid and the
    sentence landed in a string.
    """
    files = sorted((data / "articles").glob("*.yaml"))
    for path in files[len(files) // 2:] + files[:len(files) // 2]:
        text = path.read_text(encoding="utf-8")
        for new_text, line in _inferred_edits(text, f" Edited for the benchmark, {marker}."):
            if _still_valid(text, new_text, marker):
                path.write_text(new_text, encoding="utf-8")
                return {"file": path.relative_to(data).as_posix(), "line": line, "marker": marker}
    raise ValueError(f"no article of {data}/articles has a curator's reason ('inferred:') that could be edited")


def _inferred_edits(text: str, sentence: str) -> list[tuple[str, int]]:
    lines = text.split("\n")
    edits = []
    for i, line in enumerate(lines):
        m = INFERRED.match(line)
        if m is None:
            continue
        value = m["value"]
        target = i
        if value[:1] in (">", "|"):  # a block scalar: extend its last line
            column = len(m["lead"])
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > column):
                if lines[j].strip():
                    target = j
                j += 1
            if target == i:
                continue
            new = lines[target].rstrip() + sentence
        elif len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            stripped = line.rstrip()
            new = stripped[:-1] + sentence + stripped[-1]
        elif value and value[0] not in "[{&*!%@`#":
            new = line.rstrip() + sentence
        else:
            continue
        edits.append(("\n".join([*lines[:target], new, *lines[target + 1:]]), target + 1))
    return edits


def _still_valid(old: str, new: str, marker: str) -> bool:
    import yaml

    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for k, v in node.items() for s in strings(k) + strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return []

    try:
        before, after = yaml.safe_load(old), yaml.safe_load(new)
    except yaml.YAMLError:
        return False
    return not any(marker in s for s in strings(before)) and any(marker in s for s in strings(after))


def sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def store_digest(settings: Settings, build: Path) -> Json | None:
    _, events = worker("digest", build, timeout=settings.stage_timeout)
    found = next((e for e in events if e.get("event") == "digest"), None)
    return None if found is None else {k: v for k, v in found.items() if k != "event"}


def incremental(settings: Settings, entry: Json, data: Path, build: Path, root: Path) -> Json:
    full_s = entry["build"]["wall_s"]
    out: Json = {"label": entry["label"], "requested_triples": entry["requested_triples"],
                 "triples": entry.get("triples"), "full_build_s": full_s}
    if settings.noop_rebuild:
        log("  rebuild with nothing changed")
        out["noop"] = stage(kg(settings, "build", "--data", data, "--build", build, timeout=settings.build_timeout))
    try:
        out["edit"] = edit_article(data, "bench-edit-1")
    except (OSError, ValueError) as e:
        return out | {"status": "error", "error": str(e)}
    log(f"  edited {out['edit']['file']}:{out['edit']['line']}; rebuilding")
    rebuild = stage(kg(settings, "build", "--data", data, "--build", build, timeout=settings.build_timeout))
    out["rebuild"] = rebuild
    if rebuild["status"] != "ok":
        return out | {"status": "error", "error": rebuild.get("error")}
    out["rebuild_s"] = rebuild["wall_s"]
    out["incremental_detected"] = rebuild["wall_s"] < 0.5 * full_s
    outcome, events = worker("contains", build, out["edit"]["marker"], timeout=settings.stage_timeout)
    found = next((e["found"] for e in events if e.get("event") == "contains"), None)
    out["edit_in_store"] = found
    if settings.verify_incremental:
        log("  clean build of the edited corpus, to compare")
        clean_dir = root / "build-clean"
        full = ["--full"] if "--full" in kg(settings, "build", "--help", timeout=120).stdout else []
        clean = stage(kg(settings, "build", "--data", data, "--build", clean_dir, *full,
                         timeout=settings.build_timeout))
        out["clean_build"] = clean
        if clean["status"] == "ok":
            stores = [store_digest(settings, b) for b in (build, clean_dir)]
            out["identical_to_clean_build"] = {
                name: sha256(build / name) == sha256(clean_dir / name) for name in ("kg.ttl", "kg.trig")
            } | {"triples": manifest(build).get("triples") == manifest(clean_dir).get("triples"),
                 "store": stores[0] is not None and stores[0] == stores[1]}
            out["store_digests"] = stores
        shutil.rmtree(clean_dir, ignore_errors=True)
    problems = []
    if found is not True:
        problems.append("the edited sentence is not in the rebuilt store" if found is False
                        else f"could not check the store: {outcome.error_text(300)}")
    same = out.get("identical_to_clean_build")
    if same and not all(same.values()):
        problems.append("the rebuilt outputs differ from a clean build: " + ", ".join(k for k, v in same.items()
                                                                                      if not v))
    return out | ({"status": "error", "error": "; ".join(problems)} if problems else {"status": "ok"})


# --------------------------------------------------------------------------
# One size


def label(triples: int) -> str:
    exponent = math.floor(math.log10(triples))
    mantissa = triples / 10**exponent
    return f"{mantissa:g}e{exponent}"


def measure_size(settings: Settings, state: State, target: int, do_incremental: bool) -> Json:
    name = label(target)
    root = settings.work / f"size-{name}"
    data, build = root / "data", root / "build"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    figures = state.calibration.figures_for(target)
    entry: Json = {"label": name, "requested_triples": target, "figures": figures, "loadavg_before": os.getloadavg()}
    later = ("build", "validate", "queries", "trace", "naive")
    if state.disk_bytes_per_triple:
        need = state.disk_bytes_per_triple * target * (2 if do_incremental and settings.verify_incremental else 1)
        free = shutil.disk_usage(settings.work).free
        if need > free:
            entry["disk_warning"] = f"may need {need / 1e9:.1f} GB in {settings.work}, {free / 1e9:.1f} GB free"
            log(f"[{name}] warning: {entry['disk_warning']}")
    log(f"[{name}] synthesizing {figures} figures")
    entry["synth"] = synthesize(settings, state, data, figures)
    if entry["synth"]["status"] != "ok":
        log(f"[{name}] corpus generation failed: {entry['synth'].get('error', '')[:300]}")
        return entry | {k: skipped("no corpus") for k in later}
    log(f"[{name}] kg build")
    entry["build"] = stage(kg(settings, "build", "--data", data, "--build", build, timeout=settings.build_timeout))
    b = entry["build"]
    if b["status"] != "ok":
        log(f"[{name}] kg build {b['status']}: {b.get('error', '')[-300:]}")
        return entry | {k: skipped("kg build failed") for k in later[1:]}
    info = manifest(build)
    entry["triples"], entry["graphs"] = info.get("triples"), info.get("graphs")
    if isinstance(entry["triples"], int):
        state.calibration.update(figures, entry["triples"])
    entry["output"] = output_sizes(data, build)
    if isinstance(entry["triples"], int) and entry["triples"] > 0:
        state.disk_bytes_per_triple = (entry["output"]["build_dir_bytes"] + entry["output"]["data_bytes"]) / entry[
            "triples"]
    log(f"[{name}] built {entry['triples']} triples in {b['wall_s']:.2f} s, peak {_mb(b['peak_rss_bytes'])}")
    log(f"[{name}] kg validate")
    entry["validate"] = stage(kg(settings, "validate", "--data", data, timeout=settings.build_timeout))
    log(f"[{name}] validated in {entry['validate']['wall_s']:.2f} s ({entry['validate']['status']})")
    log(f"[{name}] stored queries")
    entry["queries"] = run_queries(settings, state, build, root, name)
    log(f"[{name}] kg trace")
    entry["trace"] = run_trace(settings, build, root, entry["queries"].get("trace_figures") or [])
    log(f"[{name}] trace {entry['trace']['status']}, p50 {report.fmt_s(entry['trace'].get('p50_s'))}")
    log(f"[{name}] naive path (rdflib Memory + pySHACL), timeout {settings.naive_timeout:g} s")
    entry["naive"] = run_naive(settings, state, build, entry["triples"])
    n = entry["naive"]
    log(f"[{name}] naive {n['status']}" + (f" in {n['total_s']:.2f} s" if "total_s" in n else ""))
    if do_incremental:
        log(f"[{name}] incremental rebuild")
        entry["incremental"] = incremental(settings, entry, data, build, root)
        inc = entry["incremental"]
        log(f"[{name}] incremental {inc['status']}: rebuild {report.fmt_s(inc.get('rebuild_s'))}"
            + (f" ({inc['error']})" if inc.get("error") else ""))
    if not settings.keep:
        shutil.rmtree(root, ignore_errors=True)
    return entry


def _mb(n: int | None) -> str:
    return "?" if n is None else f"{n / 1e6:.0f} MB"


# --------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(float(s)) for s in text.split(",") if s.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"--sizes {text!r}: give positive triple counts, e.g. 1e4,1e5")
    return sizes


def closest(sizes: list[int], target: float) -> int:
    return min(sizes, key=lambda s: (abs(math.log10(s) - math.log10(target)), s))


def settings_from(argv: list[str] | None) -> Settings:
    p = argparse.ArgumentParser(prog="python bench/run.py", description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--sizes", help=f"corpus sizes in triples, comma-separated (default {FULL_SIZES}; "
                                    f"--quick: {QUICK_SIZES})")
    p.add_argument("--out", type=Path, help="folder for benchmark.md and benchmark.svg (default docs; "
                                            "--quick: a new temporary folder)")
    p.add_argument("--results", type=Path, help="results file (default bench/results.json; --quick: OUT/results.json)")
    p.add_argument("--work", type=Path, help="folder for corpora and builds (default: a temporary folder)")
    p.add_argument("--keep", action="store_true", help="keep the corpora and builds")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--naive-timeout", type=float, help="seconds for the naive path at one size (default 1800)")
    p.add_argument("--naive-memory", type=float,
                   help="bytes the naive path may use (default: 3/4 of the machine's memory); it is skipped at a "
                        "size where the previous one says it would need more")
    p.add_argument("--build-timeout", type=float, help="seconds for one kg build or validate (default 3600)")
    p.add_argument("--stage-timeout", type=float,
                   help="seconds without progress before a query or trace stage is killed (default 600)")
    p.add_argument("--reps", type=int, help="timed runs of each query after a cold one (default 7)")
    p.add_argument("--incremental-at", type=float, default=None,
                   help="size (triples) whose rebuild after an edit is timed: the closest one run "
                        "(default 1e6; --quick: the smallest); 0 to skip")
    p.add_argument("--no-verify-incremental", action="store_true",
                   help="do not compare the incremental rebuild with a clean build of the edited corpus")
    p.add_argument("--report-only", type=Path, metavar="RESULTS",
                   help="measure nothing: write benchmark.md and benchmark.svg into OUT from a results file")
    p.add_argument("--quick", action="store_true", help="tiny sizes and short timeouts, into a temporary folder "
                                                        "(the smoke test)")
    a = p.parse_args(argv)
    quick = bool(a.quick)
    sizes = parse_sizes(a.sizes or (QUICK_SIZES if quick else FULL_SIZES))
    out = a.out or (Path(tempfile.mkdtemp(prefix="kg-bench-")) if quick else REPO / "docs")
    results = a.results or (out / "results.json" if quick else REPO / "bench" / "results.json")
    inc_target = a.incremental_at if a.incremental_at is not None else (sizes[0] if quick else 1e6)
    return Settings(
        sizes=sizes, out=out, results=results, work=a.work or Path(), quick=quick, seed=a.seed,
        build_timeout=a.build_timeout or (300 if quick else 3600),
        naive_timeout=a.naive_timeout or (120 if quick else 1800),
        naive_memory=a.naive_memory or 0.75 * (machine.memory_bytes() or 16 * 10**9),
        stage_timeout=a.stage_timeout or (60 if quick else 600),
        reps=a.reps or (3 if quick else 7), query_budget=5 if quick else 60,
        trace_figures=3 if quick else 7, trace_rounds=1 if quick else 2,
        incremental_at=closest(sizes, inc_target) if inc_target else None,
        noop_rebuild=not quick, verify_incremental=not a.no_verify_incremental, keep=bool(a.keep),
        command=shlex.join(["python", "bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
        kg=kg_command(), report_only=a.report_only,
    )


def main(argv: list[str] | None = None) -> int:
    settings = settings_from(argv)
    if settings.report_only is not None:
        return render_only(settings.report_only, settings.out)
    made_work = settings.work == Path()
    if made_work:
        settings.work = Path(tempfile.mkdtemp(prefix="kg-bench-work-"))
    settings.work.mkdir(parents=True, exist_ok=True)
    settings.out.mkdir(parents=True, exist_ok=True)
    log(f"sizes {', '.join(label(s) for s in settings.sizes)}; work in {settings.work}; kg = {shlex.join(settings.kg)}")
    results: Json = {
        "schema": SCHEMA,
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": settings.command,
        "quick": settings.quick,
        "machine": machine.info(REPO, settings.work),
        "settings": {"sizes": settings.sizes, "seed": settings.seed, "build_timeout_s": settings.build_timeout,
                     "naive_timeout_s": settings.naive_timeout, "naive_memory_bytes": settings.naive_memory,
                     "stage_timeout_s": settings.stage_timeout,
                     "query_reps": settings.reps, "query_budget_s": settings.query_budget,
                     "trace_figures": settings.trace_figures, "trace_rounds": settings.trace_rounds,
                     "incremental_at": settings.incremental_at, "kg_command": settings.kg},
        "sizes": [],
    }
    state = State()
    try:
        for target in settings.sizes:
            try:
                entry = measure_size(settings, state, target, target == settings.incremental_at)
            except Exception as e:  # the harness itself failed at this size: record it, go on
                log(f"[{label(target)}] harness error: {type(e).__name__}: {e}")
                entry = {"label": label(target), "requested_triples": target,
                         "error": f"harness: {type(e).__name__}: {e}"}
            results["sizes"].append(entry)
            results["elapsed_s"] = time.perf_counter() - STARTED
            write(settings, results)  # after every size: a later crash keeps what was measured
    finally:
        if made_work and not settings.keep:
            shutil.rmtree(settings.work, ignore_errors=True)
    results["targets"] = report.targets(results)
    write(settings, results)
    print(report.text_summary(results))
    log(f"wrote {settings.results}, {settings.out / 'benchmark.md'}, {settings.out / 'benchmark.svg'}")
    return 0


def render_only(results_file: Path, out: Path) -> int:
    try:
        results = json.loads(results_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"--report-only: cannot read {results_file}: {e}", file=sys.stderr)
        return 2
    results["targets"] = report.targets(results)
    out.mkdir(parents=True, exist_ok=True)
    (out / "benchmark.md").write_text(report.markdown(results, results_file, out), encoding="utf-8")
    (out / "benchmark.svg").write_text(report.svg(results), encoding="utf-8")
    print(report.text_summary(results))
    return 0


def write(settings: Settings, results: Json) -> None:
    results = results | {"targets": report.targets(results)}
    settings.results.parent.mkdir(parents=True, exist_ok=True)
    settings.results.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (settings.out / "benchmark.md").write_text(report.markdown(results, settings.results, settings.out),
                                               encoding="utf-8")
    (settings.out / "benchmark.svg").write_text(report.svg(results), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
