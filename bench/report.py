"""Turn bench results into targets met or not, docs/benchmark.md and a log-log SVG plot (no matplotlib).

Everything here is a pure function of the results dictionary: the same
results give the same bytes.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

Json = dict[str, Any]

TARGET_TRIPLES = 10**7
INCREMENTAL_TRIPLES = 10**6
BUILD_LIMIT_S = 600.0
MEMORY_LIMIT_BYTES = 8 * 10**9
QUERY_LIMIT_S = 1.0
#: whole-graph listings: rows per second, judged on those that return enough rows for the rate to mean anything
LISTING_ROWS_PER_S = 50_000
LISTING_MIN_ROWS = 1_000
TRACE_LIMIT_S = 0.1
SPEEDUP_MIN = 10.0
INCREMENTAL_LIMIT_S = 5.0
NAIVE_LIMIT_S = 1800.0
EXPONENT_MAX = 1.1  # "no worse than linear", with room for measurement noise

MET, NOT_MET, NOT_MEASURED, REPORTED = "met", "not met", "not measured", "reported"


# --------------------------------------------------------------------------
# Reading the results


def triples(entry: Json) -> int:
    """The size of an entry: the triples the build reported, else the size asked for."""
    t = entry.get("triples")
    return t if isinstance(t, int) and t > 0 else int(entry["requested_triples"])


def ok(entry: Json, stage: str) -> bool:
    value = entry.get(stage)
    return isinstance(value, dict) and value.get("status") == "ok"


def built(results: Json) -> list[Json]:
    return sorted((e for e in results.get("sizes", []) if ok(e, "build")), key=triples)


def at_size(results: Json, size: int) -> Json | None:
    """The entry asked for ``size`` triples or built within a factor 1.5 of it."""
    best = None
    for e in results.get("sizes", []):
        near = e["requested_triples"] == size or (ok(e, "build") and size / 1.5 <= triples(e) <= size * 1.5)
        if near and (best is None or abs(math.log(triples(e) / size)) < abs(math.log(triples(best) / size))):
            best = e
    return best


def query_cases(entry: Json) -> list[Json]:
    q = entry.get("queries")
    return list(q.get("cases", [])) if isinstance(q, dict) else []


def target_cases(entry: Json) -> list[Json]:
    """The runs the query target is judged on: each stored query as it is used, with realistic parameters
    ("bound"); a query with no parameter at all, over the whole graph. Whole-graph listings of a query that
    takes parameters are reported beside it (:func:`listing_cases`): their time is proportional to the
    rows they return (every figure of the corpus, say), which no store answers in a second at 10^7."""
    cases = query_cases(entry)
    bound = {c["query"] for c in cases if c["case"] == "bound"}
    return [c for c in cases if c["case"] == "bound" or c["query"] not in bound]


def listing_cases(entry: Json) -> list[Json]:
    chosen = {id(c) for c in target_cases(entry)}
    return [c for c in query_cases(entry) if id(c) not in chosen]


def slowest_query(entry: Json, cases: list[Json] | None = None) -> Json | None:
    done = [c for c in (target_cases(entry) if cases is None else cases) if c.get("status") == "ok"]
    return max(done, key=lambda c: (c["p50_s"], c["query"], c["case"])) if done else None


def median_query_p50(entry: Json) -> float | None:
    p50s = sorted(c["p50_s"] for c in query_cases(entry) if c.get("status") == "ok")
    return p50s[(len(p50s) - 1) // 2] if p50s else None


def speedup(entry: Json) -> float | None:
    n, b = entry.get("naive") or {}, entry.get("build") or {}
    if n.get("status") == "ok" and b.get("status") == "ok" and n.get("total_s") and b.get("wall_s"):
        return float(n["total_s"]) / float(b["wall_s"])
    return None


def memory_ratio(entry: Json) -> float | None:
    n, b = entry.get("naive") or {}, entry.get("build") or {}
    if n.get("status") == "ok" and n.get("peak_rss_bytes") and b.get("peak_rss_bytes"):
        return float(n["peak_rss_bytes"]) / float(b["peak_rss_bytes"])
    return None


def exponent(points: list[tuple[float, float]]) -> float | None:
    """The least-squares slope of log(time) against log(size)."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def growth(results: Json) -> tuple[float | None, list[Json]]:
    """The fitted exponent of kg build time against triples, and the sizes it was fitted on."""
    entries = built(results)
    large = [e for e in entries if triples(e) >= 10**5]
    used = large if len(large) >= 2 else entries
    return exponent([(triples(e), e["build"]["wall_s"]) for e in used]), used


# --------------------------------------------------------------------------
# Targets


def targets(results: Json) -> list[Json]:
    out = [
        _build_time(results), _build_memory(results), _queries(results), _listings(results), _trace(results),
        _speedup(results),
        _linear(results), _incremental(results),
    ]
    return out


def _target(name: str, required: str, status: str, measured: str, why: str) -> Json:
    return {"target": name, "required": required, "status": status, "measured": measured, "why": why}


def _build_time(results: Json) -> Json:
    name, required = "build + validate at 10^7 triples", f"≤ {BUILD_LIMIT_S / 60:g} min"
    e = at_size(results, TARGET_TRIPLES)
    if e is None or not ok(e, "build"):
        entries = built(results)
        why = _missing(e, "build")
        if entries:
            last = entries[-1]
            b, _ = growth(results)
            factor = TARGET_TRIPLES / triples(last)
            guess = last["build"]["wall_s"] * factor ** max(1.0, b or 1.0)
            why += (f"; largest built: {fmt_n(triples(last))} triples in {fmt_s(last['build']['wall_s'])}; "
                    f"extrapolated to 10^7 with exponent {max(1.0, b or 1.0):.2f}: ~{fmt_s(guess)}")
        return _target(name, required, NOT_MEASURED, "—", why)
    t = e["build"]["wall_s"]
    status = MET if t <= BUILD_LIMIT_S else NOT_MET
    why = f"kg build of {fmt_n(triples(e))} triples (convert, validate, write Turtle, TriG and store)"
    if status == NOT_MET:
        why += f": {t / BUILD_LIMIT_S:.1f}× over the limit"
    return _target(name, required, status, fmt_s(t), why)


def _build_memory(results: Json) -> Json:
    name, required = "peak memory of the build at 10^7 triples", f"≤ {fmt_b(MEMORY_LIMIT_BYTES)}"
    e = at_size(results, TARGET_TRIPLES)
    if e is None or not ok(e, "build") or not e["build"].get("peak_rss_bytes"):
        entries = built(results)
        why = _missing(e, "build")
        if entries:
            last = entries[-1]
            why += f"; largest built: {fmt_n(triples(last))} triples, peak {fmt_b(last['build'].get('peak_rss_bytes'))}"
        return _target(name, required, NOT_MEASURED, "—", why)
    peak = int(e["build"]["peak_rss_bytes"])
    return _target(name, required, MET if peak <= MEMORY_LIMIT_BYTES else NOT_MET, fmt_b(peak),
                   "peak resident memory of the kg build process and its children")


def _queries(results: Json) -> Json:
    name, required = "every stored query at 10^7 triples, p50, with realistic parameters", f"≤ {fmt_s(QUERY_LIMIT_S)}"
    e = at_size(results, TARGET_TRIPLES)
    if e is None or not query_cases(e):
        why = _missing(e, "queries")
        entries = [x for x in built(results) if slowest_query(x)]
        if entries:
            s = slowest_query(entries[-1])
            assert s is not None
            why += (f"; at {fmt_n(triples(entries[-1]))} triples the slowest is {s['query']} ({s['case']}), "
                    f"p50 {fmt_s(s['p50_s'])}")
        return _target(name, required, NOT_MEASURED, "—", why)
    cases = target_cases(e)
    failed = [c for c in cases if c.get("status") not in ("ok", "skipped")]
    slow = [c for c in cases if c.get("status") == "ok" and c["p50_s"] > QUERY_LIMIT_S]
    s = slowest_query(e)
    measured = f"slowest p50 {fmt_s(s['p50_s'])} ({s['query']}, {s['case']})" if s else "—"
    if failed or slow:
        parts = [f"{c['query']} ({c['case']}) p50 {fmt_s(c['p50_s'])}" for c in slow]
        parts += [f"{c['query']} ({c['case']}) {c.get('status')}" for c in failed]
        return _target(name, required, NOT_MET, measured, "over the limit: " + "; ".join(parts))
    skipped = [c for c in cases if c.get("status") == "skipped"]
    why = f"{len(cases) - len(skipped)} query runs, each stored query with realistic parameters"
    if skipped:
        why += f" ({len(skipped)} skipped: {', '.join(c['query'] for c in skipped)})"
    return _target(name, required, MET, measured, why)


def _listings(results: Json) -> Json:
    name = "whole-graph listings at 10^7 triples (parameters left open), rows per second at p50"
    required = (f"≥ {LISTING_ROWS_PER_S:,} rows/s (listings of ≥ {LISTING_MIN_ROWS:,} rows; "
                f"the others ≤ {fmt_s(QUERY_LIMIT_S)})")
    e = at_size(results, TARGET_TRIPLES)
    cases = listing_cases(e) if e is not None else []
    if not cases:
        return _target(name, required, NOT_MEASURED, "—", _missing(e, "queries"))
    done = [c for c in cases if c.get("status") == "ok"]
    long = [c for c in done if (c.get("rows") or 0) >= LISTING_MIN_ROWS]
    short = [c for c in done if (c.get("rows") or 0) < LISTING_MIN_ROWS]

    def rate(c: Json) -> float:
        return float(c.get("rows") or 0) / max(float(c["p50_s"]), 1e-9)

    slowest = min(long, key=rate) if long else None
    measured = (f"slowest {rate(slowest):,.0f} rows/s ({slowest['query']}, {slowest.get('rows', 0):,} rows in "
                f"{fmt_s(slowest['p50_s'])})") if slowest else "—"
    low = [c for c in long if rate(c) < LISTING_ROWS_PER_S]
    over = [c for c in short if c["p50_s"] > QUERY_LIMIT_S]
    other = [c for c in cases if c.get("status") not in ("ok", "skipped")]
    why = (f"{len(long) - len(low)} of {len(long)} listings at the rate, "
           f"{len(short) - len(over)} of {len(short)} short ones in time")
    if low or over or other:
        why += "; below: " + "; ".join([f"{c['query']} {rate(c):,.0f} rows/s" for c in low]
                                       + [f"{c['query']} {fmt_s(c['p50_s'])}" for c in over]
                                       + [f"{c['query']} {c.get('status')}" for c in other])
    return _target(name, required, NOT_MET if low or over or other else MET, measured, why)


def _trace(results: Json) -> Json:
    name, required = "kg trace of one figure at 10^7 triples, p50", f"≤ {fmt_s(TRACE_LIMIT_S)}"
    e = at_size(results, TARGET_TRIPLES)
    t = (e or {}).get("trace") or {}
    if e is None or t.get("p50_s") is None:
        why = _missing(e, "trace")
        entries = [x for x in built(results) if (x.get("trace") or {}).get("p50_s") is not None]
        if entries:
            last = entries[-1]
            why += f"; at {fmt_n(triples(last))} triples: p50 {fmt_s(last['trace']['p50_s'])}"
        return _target(name, required, NOT_MEASURED, "—", why)
    p50 = float(t["p50_s"])
    cli = (t.get("cli") or {}).get("wall_s")
    why = (f"kg.ask.trace.trace() on the open store, {t['samples']} calls; p95 {fmt_s(t['p95_s'])}"
           + (f"; the CLI `kg trace ID --format json`, interpreter start and store opening included: {fmt_s(cli)}"
              if cli else ""))
    return _target(name, required, MET if p50 <= TRACE_LIMIT_S else NOT_MET, fmt_s(p50), why)


def _speedup(results: Json) -> Json:
    """Assessed at the largest size where the naive path finished, if it timed out above it (or that is ≥ 10^6)."""
    name, required = "end to end vs the naive path (rdflib + pySHACL)", f"≥ {SPEEDUP_MIN:g}× faster"
    entries = built(results)
    done = [e for e in entries if speedup(e) is not None]
    timeout = float(results.get("settings", {}).get("naive_timeout_s") or NAIVE_LIMIT_S)
    if not done:
        return _target(name, required, NOT_MEASURED, "—", "the naive path finished at no size")
    e = done[-1]
    ratio = speedup(e)
    assert ratio is not None
    why = (f"at {fmt_n(triples(e))} triples: naive {fmt_s(e['naive']['total_s'])} (parse "
           f"{fmt_s(e['naive']['parse_s'])} + pySHACL {fmt_s(e['naive']['validate_s'])}) vs kg build "
           f"{fmt_s(e['build']['wall_s'])}")
    larger = [x for x in entries if triples(x) > triples(e)]
    stopped = bool(larger) and (larger[0].get("naive") or {}).get("status") in ("timeout", "skipped", "out of memory")
    if larger:
        why += f"; above it: {_naive_status(larger[0])}"
    if timeout < NAIVE_LIMIT_S:
        why += f" (naive timeout {fmt_s(timeout)}, shorter than the target's 30 min)"
    if not stopped and not (not larger and triples(e) >= INCREMENTAL_TRIPLES):
        why += ("; not assessed: the naive path finished at every size run and the largest is below 10^6 triples, "
                "where start-up costs dominate" if not larger else "; not assessed: the naive path failed above it")
        return _target(name, required, NOT_MEASURED, f"{ratio:.1f}×", why)
    return _target(name, required, MET if ratio >= SPEEDUP_MIN else NOT_MET, f"{ratio:.1f}×", why)


def _naive_status(e: Json) -> str:
    n = e.get("naive") or {}
    if n.get("status") == "timeout":
        return f"timed out at {fmt_n(triples(e))} triples"
    if n.get("status") == "skipped":
        return str(n.get("reason"))
    return f"{n.get('status')} at {fmt_n(triples(e))} triples: {str(n.get('error', ''))[:120]}"


def _linear(results: Json) -> Json:
    name, required = "build time against size", f"no worse than linear (fitted exponent ≤ {EXPONENT_MAX:g})"
    b, used = growth(results)
    if b is None:
        return _target(name, required, NOT_MEASURED, "—", "needs builds at two sizes at least")
    sizes = ", ".join(fmt_n(triples(e)) for e in used)
    local = []
    for lo, hi in itertools.pairwise(used):
        s = exponent([(triples(lo), lo["build"]["wall_s"]), (triples(hi), hi["build"]["wall_s"])])
        if s is not None:
            local.append(f"{s:.2f}")
    why = f"time ∝ size^b fitted over {sizes} triples; between successive sizes: {', '.join(local)}"
    if all(triples(e) < 10**5 for e in used):
        why += " (small sizes only: fixed start-up costs dominate, so this says little)"
    return _target(name, required, MET if b <= EXPONENT_MAX else NOT_MET, f"b = {b:.2f}", why)


def _incremental(results: Json) -> Json:
    name, required = "rebuild after editing one article, 10^6 triples", f"≤ {fmt_s(INCREMENTAL_LIMIT_S)}"
    inc: Json | None = next((e["incremental"] for e in results.get("sizes", []) if e.get("incremental")), None)
    if inc is None:
        return _target(name, required, NOT_MEASURED, "—", "no incremental rebuild was run")
    size = inc.get("triples") or inc["requested_triples"]
    where = f"at {fmt_n(size)} triples"
    if inc.get("rebuild_s") is None:
        return _target(name, required, NOT_MET, "—", f"{where}: {inc.get('error', 'the rebuild failed')}")
    t = float(inc["rebuild_s"])
    measured = fmt_s(t)
    near = INCREMENTAL_TRIPLES / 2 <= size <= INCREMENTAL_TRIPLES * 2
    why = f"{where}: rebuild {fmt_s(t)} vs full build {fmt_s(inc['full_build_s'])}"
    if not inc.get("incremental_detected"):
        why += ("; the rebuild took as long as a full build: kg build is not incremental (yet)"
                if float(inc["full_build_s"]) >= 5 else "; start-up dominates at this size")
    if inc.get("status") != "ok":
        why += f"; {inc.get('error')}"
    if not near:
        return _target(name, required, NOT_MEASURED, measured, why + " (not at 10^6 triples)")
    status = MET if t <= INCREMENTAL_LIMIT_S and inc.get("status") == "ok" else NOT_MET
    return _target(name, required, status, measured, why)


def _missing(e: Json | None, stage: str) -> str:
    if e is None:
        return "not run at 10^7 triples"
    value = e.get(stage) or {}
    detail = str(value.get("error") or value.get("reason") or "")[:200]
    return f"at 10^7 triples {stage} {value.get('status', 'missing')}: {detail}"


# --------------------------------------------------------------------------
# Formatting


def fmt_s(x: object) -> str:
    if not isinstance(x, int | float):
        return "—"
    if x < 1:
        return f"{x * 1000:.3g} ms"
    if x < 600:
        return f"{x:.3g} s"
    return f"{x / 60:.1f} min"


def fmt_b(n: object) -> str:
    if not isinstance(n, int | float) or n <= 0:
        return "—"
    return f"{n / 1e9:.3g} GB" if n >= 1e9 else f"{n / 1e6:.3g} MB"


def fmt_n(n: object) -> str:
    if not isinstance(n, int | float):
        return "—"
    return f"{int(n):,}"


def fmt_stage(entry: Json, stage: str, key: str = "wall_s") -> str:
    value = entry.get(stage)
    if not isinstance(value, dict):
        return "—"
    if value.get("status") != "ok":
        return str(value.get("status", "—"))
    return fmt_s(value.get(key))


def _rows(n: object) -> str:
    return f"{fmt_n(n)} row{'' if n == 1 else 's'}"


def _ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}×"


def _naive_cell(e: Json) -> str:
    n = e.get("naive") or {}
    if n.get("status") == "ok":
        return f"{fmt_s(n['total_s'])} ({fmt_s(n['parse_s'])} + {fmt_s(n['validate_s'])})"
    if n.get("status") == "timeout":
        return "timed out" + (f" (parse {fmt_s(n['parse_s'])})" if "parse_s" in n else "")
    return str(n.get("status", "—"))


def results_table(results: Json) -> list[str]:
    head = ("| triples | figures | kg build | build peak memory | kg validate | kg.ttl / store / all outputs "
            "| slowest query p50 | trace p50 / p95 | naive: parse + pySHACL | naive peak memory "
            "| speed-up | memory ratio |")
    rows = [head, "|" + "|".join(["---"] * 12) + "|"]
    for e in sorted(results.get("sizes", []), key=lambda x: int(x["requested_triples"])):
        if "error" in e and "build" not in e:
            rows.append(f"| {fmt_n(e['requested_triples'])} (asked) | " + " | ".join(["error"] * 11) + " |")
            continue
        out = e.get("output") or {}
        s = slowest_query(e)
        t = e.get("trace") or {}
        trace_cell = (f"{fmt_s(t['p50_s'])} / {fmt_s(t['p95_s'])}" if t.get("p50_s") is not None
                      else str(t.get("status", "—")))
        size = fmt_n(e["triples"]) if isinstance(e.get("triples"), int) else f"{fmt_n(e['requested_triples'])} (asked)"
        rows.append(" | ".join([
            f"| {size}", fmt_n(e.get("figures")), fmt_stage(e, "build"),
            fmt_b((e.get("build") or {}).get("peak_rss_bytes")), fmt_stage(e, "validate"),
            f"{fmt_b(out.get('kg_ttl_bytes'))} / {fmt_b(out.get('store_bytes'))} / {fmt_b(out.get('build_dir_bytes'))}",
            f"{fmt_s(s['p50_s'])} ({s['query']})" if s else "—", trace_cell, _naive_cell(e),
            fmt_b((e.get("naive") or {}).get("peak_rss_bytes")) if (e.get("naive") or {}).get("status") == "ok"
            else "—",
            _ratio(speedup(e)), _ratio(memory_ratio(e)),
        ]) + " |")
    return rows


def targets_table(results: Json) -> list[str]:
    rows = ["| target | required | measured | status | why |", "|---|---|---|---|---|"]
    for t in results.get("targets") or targets(results):
        status = t["status"] if t["status"] != NOT_MET else "**not met**"
        rows.append(f"| {t['target']} | {t['required']} | {t['measured']} | {status} | {t['why']} |")
    return rows


def queries_table(results: Json) -> list[str]:
    sizes = sorted(results.get("sizes", []), key=lambda x: int(x["requested_triples"]))
    keys: list[tuple[str, str]] = []
    for e in sizes:
        for c in query_cases(e):
            if (c["query"], c["case"]) not in keys:
                keys.append((c["query"], c["case"]))
    if not keys:
        return ["No query was run."]
    head = "| query | parameters | " + " | ".join(f"{fmt_n(triples(e))}" for e in sizes) + " |"
    rows = [head, "|" + "|".join(["---"] * (2 + len(sizes))) + "|"]
    for query, case in sorted(keys):
        cells = []
        for e in sizes:
            found: Json | None = next((x for x in query_cases(e) if (x["query"], x["case"]) == (query, case)), None)
            if found is None:
                cells.append("—")
            elif found.get("status") == "ok":
                cells.append(f"{fmt_s(found['p50_s'])} / {fmt_s(found['p95_s'])} ({_rows(found.get('rows'))})")
            else:
                cells.append(str(found.get("status")))
        rows.append(f"| {query} | {'bound' if case == 'bound' else 'none (whole graph)'} | " + " | ".join(cells)
                    + " |")
    return rows


def machine_table(results: Json) -> list[str]:
    m = results.get("machine") or {}
    packages = ", ".join(f"{k} {v}" for k, v in sorted((m.get("packages") or {}).items(), key=lambda kv: kv[0].lower())
                         if v)
    git = m.get("git") or {}
    commit = (git.get("commit") or "?")[:12] + (" with uncommitted changes to kg" if git.get(
        "uncommitted_changes_in_kg") else "")
    return [
        "| | |", "|---|---|",
        f"| CPUs (nproc) | {m.get('nproc')} |",
        f"| CPU model | {m.get('cpu_model')} |",
        f"| memory | {fmt_b(m.get('memory_bytes'))} |",
        f"| OS | {m.get('os')} |",
        f"| load average at start (1, 5, 15 min) | {', '.join(f'{x:.2f}' for x in m.get('loadavg_at_start') or [])} |",
        f"| Python | {m.get('python')} ({m.get('python_implementation')}) |",
        f"| packages | {packages} |",
        f"| commit | {commit} |",
    ]


def incremental_lines(results: Json) -> list[str]:
    inc: Json | None = next((e["incremental"] for e in results.get("sizes", []) if e.get("incremental")), None)
    if inc is None:
        return ["No incremental rebuild was run."]
    lines = [f"At {fmt_n(inc.get('triples') or inc['requested_triples'])} triples (full build "
             f"{fmt_s(inc.get('full_build_s'))}):", ""]
    if inc.get("noop"):
        lines.append(f"- rebuild with nothing changed: {fmt_stage(inc, 'noop')}")
    if inc.get("edit"):
        lines.append(f"- edited `{inc['edit']['file']}` line {inc['edit']['line']} (one curator's reason gained a "
                     f"sentence), then `kg build` on the same folder: {fmt_stage(inc, 'rebuild')}, peak "
                     f"{fmt_b((inc.get('rebuild') or {}).get('peak_rss_bytes'))}")
    said = (inc.get("rebuild") or {}).get("message")
    if said:
        lines.append(f"- kg build said: `{said}`")
    if inc.get("edit_in_store") is not None:
        lines.append(f"- the edited sentence is in the rebuilt store: {'yes' if inc['edit_in_store'] else 'NO'}")
    same = inc.get("identical_to_clean_build")
    if same:
        lines.append("- compared with a clean build of the edited corpus: " + ", ".join(
            f"{k} {'identical' if v else 'DIFFERENT'}" for k, v in sorted(same.items())))
    if inc.get("rebuild_s") is not None:
        lines.append(f"- incremental path detected (rebuild < half a full build): "
                     f"{'yes' if inc.get('incremental_detected') else 'no'}")
    if inc.get("status") != "ok":
        lines.append(f"- **error**: {inc.get('error')}")
    return lines


def markdown(results: Json, results_path: Path, out_dir: Path) -> str:
    settings = results.get("settings") or {}
    lines = [
        "# kg scale benchmark",
        "",
        f"Generated by `{results.get('command', 'python bench/run.py')}` on {results.get('generated', '?')[:10]}; "
        "do not edit by hand, run the benchmark again (see [Reproduce](#reproduce)).",
        "",
    ]
    if results.get("quick"):
        lines += ["> A quick smoke run at tiny sizes: the targets are for 10^6 and 10^7 triples and are not "
                  "measured here.", ""]
    lines += ["## Machine", "", *machine_table(results), "", "## Targets", "", *targets_table(results), "",
              "## Results", "",
              "Times are wall-clock, for the same synthetic corpus (`kg.synth`, seed "
              f"{settings.get('seed', 1)}) at every size; the speed-up is the naive path's time over kg build's, "
              "the memory ratio its peak memory over kg build's.", "",
              *results_table(results), "",
              *_load_line(results),
              "![Time against size, log-log](benchmark.svg)", "",
              "## Stored queries", "",
              f"p50 / p95 over {settings.get('query_reps', '?')} runs after a cold one (fewer when a query's "
              f"runs pass {fmt_s(settings.get('query_budget_s'))}), on a store opened once; rows returned in "
              "parentheses. \"bound\" binds every parameter to a realistic value from the corpus (the median "
              "by use: an organisation with a typical number of reports, not the largest); \"none\" runs a query "
              "whose parameters are all optional over the whole graph.", "",
              *queries_table(results), "",
              "## Incremental rebuild", "", *incremental_lines(results), "",
              "## What is measured", "",
              "- **kg build**: `kg build --data DIR --build OUT` as a subprocess (the installed CLI): load the "
              "YAML, convert to RDF, validate with SHACL, write Turtle, TriG and the Oxigraph store. Wall time "
              "includes interpreter start. Peak memory is the largest of the process's `ru_maxrss`, its `VmHWM` "
              "and the sum of the resident memory of the process and its children, sampled from `/proc`.",
              "- **kg validate**: `kg validate --data DIR` (load, convert, validate; nothing written).",
              "- **queries**: every stored query of `queries/`, through `kg.ask.queries.bind` and `kg.ask.queries.run` "
              "(rows converted to Python values, as `kg query` does before printing).",
              "- **trace**: `kg.ask.trace.trace(store, figure=ID)` for figures spread over the corpus, after one "
              "warm-up call; the CLI `kg trace ID --format json` once, for reference (it includes interpreter "
              "start and opening the store).",
              "- **naive path**: in a subprocess, rdflib `Graph(store=\"Memory\")` parses the built `kg.ttl` "
              "(and the ontology and vocabulary files, already in it, as kg validates them), then "
              "`pyshacl.validate(data, shacl_graph=shapes.ttl, inference=\"none\", advanced=True)`. Its time is "
              "parse + validation, without interpreter start, YAML loading or writing anything: the comparison "
              "favours it. Its address space is limited to "
              f"{fmt_b(settings.get('naive_memory_bytes'))} (a `MemoryError` rather than the OOM killer), and it is "
              "skipped where the previous size says it would need more. Once it times out or runs out of memory "
              "at a size it is not tried at larger ones.",
              "- **incremental**: one article YAML edited in place (a sentence appended to one curator's reason), "
              "then `kg build` again on the same output folder; the rebuilt store is checked for the edit, and "
              "`kg.ttl`, `kg.trig`, the triple count and the store's quads are compared with a clean build "
              "(`--full`) of the edited corpus.",
              f"- **percentiles**: nearest rank (the p95 of {settings.get('query_reps', 7)} runs is the slowest).",
              "",
              "## Reproduce", "",
              "```sh",
              ".venv/bin/python bench/run.py --sizes 1e4,1e5,1e6,1e7 --out docs",
              "```", "",
              f"writes `{_rel(results_path)}`, `{_rel(out_dir / 'benchmark.md')}` and "
              f"`{_rel(out_dir / 'benchmark.svg')}`. `--quick` runs tiny sizes into a temporary folder "
              "(`tests/test_bench_smoke.py`). Progress goes to stderr; see `bench/README.md`.", ""]
    return "\n".join(lines)


def _load_line(results: Json) -> list[str]:
    loads = [f"{fmt_n(triples(e))} triples: {e['loadavg_before'][0]:.2f}" for e in sorted(
        results.get("sizes", []), key=lambda x: int(x["requested_triples"])) if e.get("loadavg_before")]
    if not loads:
        return []
    nproc = (results.get("machine") or {}).get("nproc", "?")
    return [f"Load average (1 min) before each size, on {nproc} CPUs: {'; '.join(loads)}. Other work on the machine "
            "slows every stage.", ""]


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path(__file__).resolve().parent.parent).as_posix()
    except ValueError:
        return str(path)


def text_summary(results: Json) -> str:
    return "\n".join([*results_table(results), "", *targets_table(results), ""])


# --------------------------------------------------------------------------
# The plot

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
SERIES = (  # name, colour, dash
    ("kg build (convert + validate + write)", "#1f77b4", ""),
    ("naive: rdflib parse + pySHACL", "#d62728", ""),
    ("slowest stored query, p50", "#2ca02c", "6 3"),
    ("median stored query, p50", "#8fd17f", "2 3"),
    ("kg trace, p50", "#9467bd", "6 3"),
)


def _points(results: Json) -> list[list[tuple[float, float]]]:
    build, naive, slow, median, trace = [], [], [], [], []
    for e in built(results):
        x = float(triples(e))
        build.append((x, float(e["build"]["wall_s"])))
        if speedup(e) is not None:
            naive.append((x, float(e["naive"]["total_s"])))
        s = slowest_query(e)
        if s:
            slow.append((x, float(s["p50_s"])))
        m = median_query_p50(e)
        if m is not None:
            median.append((x, m))
        if (e.get("trace") or {}).get("p50_s") is not None:
            trace.append((x, float(e["trace"]["p50_s"])))
    return [build, naive, slow, median, trace]


def svg(results: Json) -> str:
    width, height, left, right, top, bottom = 880, 500, 70, 330, 36, 56
    pw, ph = width - left - right, height - top - bottom
    series = _points(results)
    timeouts = [(float(triples(e)), float(e["naive"]["wall_s"])) for e in built(results)
                if (e.get("naive") or {}).get("status") == "timeout"]
    goals = [(TARGET_TRIPLES, BUILD_LIMIT_S, "build ≤ 10 min"), (TARGET_TRIPLES, QUERY_LIMIT_S, "query p50 ≤ 1 s"),
             (TARGET_TRIPLES, TRACE_LIMIT_S, "trace ≤ 100 ms")]
    xs = [x for s in series for x, _ in s] + [x for x, _ in timeouts] + [float(TARGET_TRIPLES)]
    ys = [y for s in series for _, y in s] + [y for _, y in timeouts] + [y for _, y, _ in goals]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)

    def sx(x: float) -> float:
        return left + (math.log10(x) - x0) / (x1 - x0) * pw

    def sy(y: float) -> float:
        return top + ph - (math.log10(y) - y0) / (y1 - y0) * ph

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left + pw / 2:.1f}" y="20" text-anchor="middle" font-size="14">'
        "kg: time against corpus size (log-log)</text>",
    ]
    for k in range(x0, x1 + 1):
        x = sx(10.0**k)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{top + ph + 18}" text-anchor="middle">10{str(k).translate(SUPERSCRIPT)}'
                   "</text>")
    for k in range(y0, y1 + 1):
        y = sy(10.0**k)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_seconds_label(k)}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{height - 14}" text-anchor="middle">triples</text>')
    out.append(f'<text transform="translate(16 {top + ph / 2:.1f}) rotate(-90)" text-anchor="middle">'
               "wall time</text>")
    build = series[0]
    if build:  # a slope-1 guide through the largest build: a line parallel to it grows linearly
        bx, by = build[-1]
        gx0 = 10.0**x0
        gy0 = by * gx0 / bx
        gx1 = 10.0**x1
        gy1 = by * gx1 / bx
        out.append(_clipped_line(sx(gx0), sy(gy0), sx(gx1), sy(gy1), left, top, pw, ph))
    for (_name, colour, dash), pts in zip(SERIES, series, strict=True):
        if not pts:
            continue
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>')
        out += [f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3.5" fill="{colour}"/>' for x, y in pts]
    for x, y in timeouts:
        out.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="5" fill="white" stroke="#d62728" '
                   'stroke-width="2"/>')
        out.append(f'<text x="{sx(x) + 8:.1f}" y="{sy(y) + 4:.1f}" fill="#d62728">naive timed out</text>')
    for x, y, text in goals:
        cx, cy = sx(x), sy(y)
        out.append(f'<path d="M{cx - 5:.1f},{cy - 5:.1f} L{cx + 5:.1f},{cy + 5:.1f} M{cx - 5:.1f},{cy + 5:.1f} '
                   f'L{cx + 5:.1f},{cy - 5:.1f}" stroke="#000" stroke-width="2"/>')
        out.append(f'<text x="{cx - 8:.1f}" y="{cy - 8:.1f}" text-anchor="end" font-size="11">target: {text}</text>')
    lx, ly = left + pw + 20, top + 10
    legend = [(name, colour, dash) for (name, colour, dash), pts in zip(SERIES, series, strict=True) if pts]
    legend.append(("linear growth (slope 1), for reference", "#999", "4 4"))
    for i, (name, colour, dash) in enumerate(legend):
        y = ly + i * 22
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{lx}" y1="{y}" x2="{lx + 28}" y2="{y}" stroke="{colour}" stroke-width="2"{dashes}/>')
        out.append(f'<text x="{lx + 36}" y="{y + 4}">{_escape(name)}</text>')
    y = ly + len(legend) * 22
    out.append(f'<path d="M{lx + 9},{y - 5} L{lx + 19},{y + 5} M{lx + 9},{y + 5} L{lx + 19},{y - 5}" stroke="#000" '
               'stroke-width="2"/>')
    out.append(f'<text x="{lx + 36}" y="{y + 4}">target at 10⁷ triples</text>')
    m = results.get("machine") or {}
    foot = f"{m.get('nproc', '?')} CPUs, {fmt_b(m.get('memory_bytes'))}, {m.get('cpu_model', '?')}"
    out.append(f'<text x="{lx}" y="{top + ph}" font-size="10" fill="#555">{_escape(foot[:48])}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _clipped_line(ax: float, ay: float, bx: float, by: float, left: float, top: float, pw: float,
                  ph: float) -> str:
    """The segment a-b clipped to the plot area (Liang-Barsky), dashed grey."""
    t0, t1 = 0.0, 1.0
    dx, dy = bx - ax, by - ay
    for p, q in ((-dx, ax - left), (dx, left + pw - ax), (-dy, ay - top), (dy, top + ph - ay)):
        if p == 0:
            if q < 0:
                return ""
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
    if t0 > t1:
        return ""
    return (f'<line x1="{ax + t0 * dx:.1f}" y1="{ay + t0 * dy:.1f}" x2="{ax + t1 * dx:.1f}" y2="{ay + t1 * dy:.1f}" '
            'stroke="#999" stroke-width="1.5" stroke-dasharray="4 4"/>')


def _seconds_label(k: int) -> str:
    if k < -3:
        return f"10{str(k).translate(SUPERSCRIPT)} s"
    if k < 0:
        return f"{10 ** (k + 3)} ms"
    if k <= 3:
        return f"{10**k} s"
    return f"10{str(k).translate(SUPERSCRIPT)} s"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
