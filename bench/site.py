"""The web view at scale: ``kg site`` on a synthetic corpus, measured against issue 10's targets.

    .venv/bin/python bench/site.py --figures 20000 --out docs

At ``--figures 20000`` (about 1.3 million triples, the 10^6 corpus of bench/run.py) it measures, each
command in a subprocess through the installed CLI (interpreter start included):

- the full site (``kg site``): wall time and peak memory — target ≤ 60 s;
- the site again with nothing changed;
- one article edited (a sentence added to a curator's reason, as bench/run.py does), ``kg build``, then
  ``kg site``: the site's wall time — target ≤ 5 s — and that it equals a clean full site of the edit;
- every page's size — target: none over 200 KB;
- search in headless Chromium (Playwright on the system browser): from opening ``search.html?q=...``
  from ``file://`` to the first hit shown, for words of several kinds — target ≤ 1 s.

It writes ``bench/site-results.json`` and ``docs/site-benchmark.md``. Not a test: tests assert behaviour
(tests/test_site.py, tests/test_site_browser.py); this measures speed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import proc  # noqa: E402
from bench.run import edit_article  # noqa: E402

Json = dict[str, Any]
TARGETS = {"full_s": 60.0, "incremental_s": 5.0, "page_bytes": 200 * 1024, "search_s": 1.0}
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


def kg(*args: str | Path | int, timeout: float = 3600) -> proc.Outcome:
    return proc.run([sys.executable, "-m", "kg", *map(str, args)], timeout=timeout)


def step(name: str, outcome: proc.Outcome) -> Json:
    out: Json = {"wall_s": round(outcome.wall_s, 3), "peak_rss_bytes": outcome.peak_rss_bytes,
                 "status": outcome.status}
    if not outcome.ok:
        out["error"] = outcome.error_text()
        print(f"{name}: FAILED {out['error'][-500:]}", file=sys.stderr)
    else:
        print(f"{name}: {outcome.wall_s:.2f} s", file=sys.stderr)
        with contextlib.suppress(json.JSONDecodeError):
            out["report"] = json.loads(outcome.stdout)
    return out


def page_sizes(site: Path) -> Json:
    sizes = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")), reverse=True)
    search = sorted((p.stat().st_size for p in (site / "search").glob("*.js")), reverse=True)
    return {"pages": len(sizes), "largest_bytes": sizes[0][0] if sizes else 0,
            "largest": sizes[0][1] if sizes else None, "over_200_kb": sum(1 for s, _ in sizes if s > 200 * 1024),
            "search_files": len(search), "largest_search_file_bytes": search[0] if search else 0,
            "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file())}


def same_tree(a: Path, b: Path) -> bool:
    def tree(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)}
    return tree(a) == tree(b)


def search_terms(site: Path) -> list[str]:
    """Searches of several kinds, read from the site itself: a place's name and its Arabic spelling, an
    organisation, an incident, a figure's number as written, a common word and a prefix."""
    import re

    terms: list[str] = []
    for kind in ("place", "actor", "incident"):
        listing = site / kind / "index.html"
        if not listing.exists():
            continue
        text = listing.read_text(encoding="utf-8")
        links = re.findall(rf'<li><a href="../{kind}/([^"]+)\.html">([^<]+)</a></li>', text)
        if links:
            ident, label = links[len(links) // 2]
            terms.append(label)
            if kind == "place":
                page = (site / kind / f"{ident}.html").read_text(encoding="utf-8")
                arabic = re.search(r'<li lang="ar" dir="rtl">(?:<span[^>]*>)?([^<]+)<', page)
                if arabic:
                    terms.append(arabic.group(1))
                terms.append(label[:4])  # a prefix, as typed
    figures = sorted((site / "figure").glob("*.html"))
    if figures:
        words = re.search(r"<h1>“([^”<]+)”</h1>", figures[len(figures) // 2].read_text(encoding="utf-8"))
        if words:
            terms.append(words.group(1))
    terms += ["killed", "civilians"]
    return terms


def measure_search(site: Path, terms: list[str]) -> Json:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"status": "not measured: playwright is not installed (pip install -e '.[test]')"}
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        return {"status": "not measured: no chromium on PATH"}
    rows: list[Json] = []
    times: list[float] = []
    with sync_playwright() as p:  # Playwright gives each launch a new, empty profile
        browser = p.chromium.launch(executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS),
                                    chromium_sandbox=False)
        try:
            for term in terms:
                page = browser.new_page()
                loaded: list[int] = []

                def finished(request: Any, loaded: list[int] = loaded) -> None:
                    response = request.response()
                    loaded.append(len(response.body()) if response else 0)

                page.on("requestfinished", finished)
                url = (site / "search.html").as_uri() + "?q=" + term
                start = time.perf_counter()
                page.goto(url)
                page.wait_for_selector("#search-results .hit, #search-results p", timeout=30_000)
                seconds = time.perf_counter() - start
                times.append(seconds)
                hits = page.locator("#search-results .hit").count()
                rows.append({"term": term, "seconds": round(seconds, 3), "hits_shown": hits,
                             "bytes_loaded": sum(loaded), "files_loaded": len(loaded)})
                page.close()
        finally:
            browser.close()
    slowest = round(max(times), 3) if times else None
    return {"status": "ok", "runs": rows, "slowest_s": slowest}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", type=int, default=20000)
    parser.add_argument("--data", type=Path, help="use this corpus instead of generating one")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "site-results.json")
    parser.add_argument("--work", type=Path)
    parser.add_argument("--no-verify", action="store_true",
                        help="skip the clean site the incremental one is compared with")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-site-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    data, build, site = work / "data", work / "build", work / "site"
    results: Json = {"machine": {"cpus": len(os.sched_getaffinity(0)), "python": platform.python_version(),
                                 "platform": platform.platform()}, "targets": TARGETS}
    if args.data:
        shutil.copytree(args.data, data, dirs_exist_ok=True)
    else:
        results["synth"] = step("synth", kg("synth", "--figures", args.figures, "--seed", 1, "--out", data))
    results["build"] = step("build", kg("build", "--data", data, "--build", build))
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    results["corpus"] = {"triples": manifest["triples"], "figures": manifest["figures"],
                         "articles": len(manifest["figures_by_article"])}
    shutil.rmtree(site, ignore_errors=True)
    results["full"] = step("kg site (full)", kg("site", "--build", build, "--out", site, "--format", "json"))
    results["sizes"] = page_sizes(site)
    results["unchanged"] = step("kg site (nothing changed)", kg("site", "--build", build, "--out", site,
                                                                "--format", "json"))
    results["edit"] = edit_article(data, f"site benchmark {time.time_ns()}")
    results["rebuild"] = step("kg build (one article edited)", kg("build", "--data", data, "--build", build))
    results["incremental"] = step("kg site (one article edited)", kg("site", "--build", build, "--out", site,
                                                                     "--format", "json"))
    articles = sorted((data / "articles").glob("*.yaml"))
    removed = articles[len(articles) // 3]
    removed.unlink()  # an article gone: its figures leave their measures' series and the estimates
    results["removal"] = {"file": removed.relative_to(data).as_posix()}
    results["rebuild_removed"] = step("kg build (one article removed)", kg("build", "--data", data, "--build", build))
    results["removed"] = step("kg site (one article removed)", kg("site", "--build", build, "--out", site,
                                                                  "--format", "json"))
    if not args.no_verify:
        clean = work / "site-clean"
        shutil.rmtree(clean, ignore_errors=True)
        step("kg site (clean, to compare)", kg("site", "--build", build, "--out", clean, "--format", "json"))
        results["removed"]["identical_to_clean"] = same_tree(site, clean)
    results["search"] = measure_search(site, search_terms(site))
    args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    (args.out / "site-benchmark.md").write_text(report(results), encoding="utf-8")
    print(report(results))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _met(value: float | None, target: float) -> str:
    if value is None:
        return "not measured"
    return "met" if value <= target else "NOT MET"


def report(r: Json) -> str:
    c, full, inc, rem, sizes = r["corpus"], r["full"], r["incremental"], r["removed"], r["sizes"]
    search = r.get("search", {})
    slowest = search.get("slowest_s")
    lines = [
        "# The web view at scale (bench/site.py)",
        "",
        f"Corpus: {c['triples']:,} triples, {c['figures']:,} figures, {c['articles']:,} articles "
        f"(`kg synth`); machine: {r['machine']['cpus']} CPUs, Python {r['machine']['python']}. Generated by "
        "`python bench/site.py --figures 20000 --out docs`; every command through the installed CLI.",
        "",
        "| target | measured | |",
        "|---|---|---|",
        f"| full site ≤ 60 s | {full['wall_s']:.1f} s, {sizes['pages']:,} pages, peak "
        f"{(full['peak_rss_bytes'] or 0) / 2**30:.2f} GB | {_met(full['wall_s'], TARGETS['full_s'])} |",
        f"| rebuild after one edited article ≤ 5 s (`kg site`) | {inc['wall_s']:.2f} s "
        f"({inc.get('report', {}).get('files_written', '?')} files written; `kg build` before it "
        f"{r['rebuild']['wall_s']:.1f} s) | {_met(inc['wall_s'], TARGETS['incremental_s'])} |",
        f"| (then one article removed) | {rem['wall_s']:.2f} s ({rem.get('report', {}).get('files_written', '?')} "
        f"files written, {rem.get('report', {}).get('files_removed', '?')} removed; `kg build` before it "
        f"{r['rebuild_removed']['wall_s']:.1f} s); the site equals a clean one: "
        f"{rem.get('identical_to_clean', 'not checked')} | {_met(rem['wall_s'], TARGETS['incremental_s'])} |",
        f"| no page over 200 KB | largest {sizes['largest_bytes'] / 1024:.0f} KB ({sizes['largest']}); "
        f"{sizes['over_200_kb']} over | {'met' if sizes['over_200_kb'] == 0 else 'NOT MET'} |",
        f"| search index loads ≤ 1 s | slowest {slowest if slowest is not None else '—'} s from opening "
        f"search.html to the first hit | {_met(slowest, TARGETS['search_s'])} |",
        "",
        f"Nothing changed: {r['unchanged']['wall_s']:.2f} s. Site on disk: {sizes['site_bytes'] / 2**20:.0f} MB; "
        f"search index {sizes['search_files']:,} files, the largest "
        f"{sizes['largest_search_file_bytes'] / 1024:.0f} KB.",
        "",
    ]
    if search.get("runs"):
        lines += ["| search for | seconds to first hit | hits shown | files loaded | bytes loaded |",
                  "|---|---|---|---|---|"]
        lines += [f"| {x['term']} | {x['seconds']} | {x['hits_shown']} | {x['files_loaded']} | "
                  f"{x['bytes_loaded']:,} |" for x in search["runs"]]
    else:
        lines.append(f"Search: {search.get('status')}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
