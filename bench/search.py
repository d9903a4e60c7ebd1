"""Micro-benchmark of the site's search index (not a test): ``python bench/search.py [--entries N] [--seed S]``.

Builds N synthetic entries shaped like the site of a 10^6-triple corpus (per article: the article, ~8 figures,
~15 quotes of ~30 words; registries of places, actors, incidents, measures and reports; names in Latin and
Arabic script), then times: the entries given to :class:`kg.site.search.SearchIndex` (normalising and
tokenising), the first write, opening the saved state, one article edited and written again, one new article,
a full rebuild over the same site (as ``kg site --full`` does it: every group removed and given again; the new
article is dropped) and a write with nothing changed. It prints a table with the largest file, the bytes a
browser loads for typical queries (manifest, shards, the entry files of the first 20 hits) and the bytes of all
files, about what one monolithic index (lunr.js, MiniSearch) would load at once.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make kg importable from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.site.search import CHUNK_BITS, SLOT_BITS, Entry, SearchIndex, docs_name, shard_name
from kg.site.textnorm import tokens

SYLLABLES = ("ka", "ra", "zar", "da", "na", "mi", "lo", "ha", "sa", "tun", "bel", "qa", "fa", "ir", "om", "el")
ARABIC = ("زر", "دنا", "كا", "را", "مي", "لو", "ها", "سا", "تن", "بل", "قا", "فا")
VERBS = ("killed", "wounded", "displaced", "detained", "missing", "injured", "evacuated", "shelled")


def name(rng: random.Random, parts: tuple[str, ...], low: int = 2, high: int = 4) -> str:
    return "".join(rng.choice(parts) for _ in range(rng.randint(low, high)))


def synthetic(n: int, seed: int) -> dict[str, list[Entry]]:
    """About ``n`` entries by group: one group per article, and one per registry."""
    rng = random.Random(seed)
    words = sorted({name(rng, SYLLABLES, 1, 4) for _ in range(20_000)})
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf: "the" is everywhere, most words rare
    places = [(name(rng, SYLLABLES).title(), name(rng, ARABIC)) for _ in range(max(1, n // 35))]
    groups: dict[str, list[Entry]] = {}
    registries = {"place": len(places), "actor": n // 50, "incident": n // 15, "measure": n // 400, "report": n // 70}
    for kind, count in registries.items():
        rows = []
        for i in range(count):
            latin, arabic = places[i] if kind == "place" else (name(rng, SYLLABLES).title(), name(rng, ARABIC))
            rows.append(Entry(f"{kind}/{latin.lower()}-{i}.html", kind, latin, f"{kind} {latin} ({arabic})",
                              (latin, arabic, f"{kind} {i}")))
        groups[f"registry:{kind}"] = rows
    article = 0
    while sum(len(g) for g in groups.values()) < n:
        article += 1
        place, arabic = rng.choice(places)
        rows = [Entry(f"article/a{article}.html", "article", f"Report on {place}, {2000 + article % 25}",
                      f"Article {article} about {place}", (place, arabic, f"article {article}"))]
        for f in range(rng.randint(4, 12)):
            number = f"{rng.randint(1, 40_000):,}"
            title = f"{number} {rng.choice(VERBS)} in {place}"
            rows.append(Entry(f"figure/a{article}-{f}.html", "figure", title, title, (title, arabic, number)))
        for q in range(rng.randint(10, 20)):
            quote = " ".join(rng.choices(words, weights, k=30))
            rows.append(Entry(f"article/a{article}.html#q{q}", "quote", f"Quote {q} of article {article}",
                              quote, (quote,)))
        groups[f"article:{article}"] = rows
    return groups


def loaded_bytes(out: Path, query: str) -> int:
    """The bytes search.js loads to show the first 20 hits of ``query``: manifest, shards, docs files."""
    folder = out / "search"
    manifest = (folder / "manifest.js").read_text(encoding="ascii")
    shards = re.search(r'"shards":(\[[^\]]*\])', manifest)
    assert shards
    prefixes: list[str] = eval(shards.group(1))  # JSON strings are Python strings
    total = len(manifest)
    hits: set[int] | None = None
    for token in tokens(query):
        needed = [p for p in prefixes if p.startswith(token)]
        needed += [max((p for p in prefixes if token.startswith(p)), key=len, default="")]
        ids: set[int] = set()
        for prefix in {p for p in needed if p}:
            text = (folder / f"{shard_name(prefix)}.js").read_text(encoding="ascii")
            total += len(text)
            for key, posting in re.findall(r'"((?:[^"\\]|\\.)*)":\[([0-9,]*)\]', text):
                if eval(f'"{key}"').startswith(token):
                    acc = 0
                    for d in posting.split(","):
                        acc += int(d)
                        ids.add(acc)
        hits = ids if hits is None else hits & ids
    files = {docs_name(doc_id >> CHUNK_BITS & ((1 << SLOT_BITS) - 1)) for doc_id in sorted(hits or ())[:20]}
    return total + sum((folder / f"{f}.js").stat().st_size for f in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=80_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    groups = synthetic(args.entries, args.seed)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        state, out = Path(tmp) / "state", Path(tmp) / "site"
        index = SearchIndex.open(state)
        t = time.perf_counter()
        for group, entries in groups.items():
            index.replace(group, entries)
        rows.append(("entries given (normalise, tokenise)", f"{time.perf_counter() - t:.2f} s"))
        t = time.perf_counter()
        full = index.write(out)
        rows.append(("full write", f"{time.perf_counter() - t:.2f} s ({full.written} files, {full.entries:,} entries)"))
        t = time.perf_counter()
        index = SearchIndex.open(state)
        size = (state / "search-index.pickle").stat().st_size
        rows.append(("state load", f"{time.perf_counter() - t:.3f} s ({size:,} B)"))
        edited = next(g for g in sorted(groups) if g.startswith("article:"))
        changed = [Entry(e.url, e.kind, e.title + " (corrected)", e.text, (*e.terms, "corrected"))
                   for e in groups[edited]]
        t = time.perf_counter()
        index.replace(edited, changed)
        one = index.write(out)
        rows.append((f"one article replaced ({len(changed)} entries) + write",
                     f"{time.perf_counter() - t:.3f} s ({one.written} files written, {one.unchanged} unchanged)"))
        fresh = synthetic(60, args.seed + 1)
        new = next(rows for g, rows in sorted(fresh.items()) if g.startswith("article:"))
        t = time.perf_counter()
        index.replace("article:new", new)
        added = index.write(out)
        rows.append((f"one new article ({len(new)} entries, new words) + write",
                     f"{time.perf_counter() - t:.3f} s ({added.written} files written)"))
        t = time.perf_counter()
        for group in index.groups():
            index.remove(group)
        for group, entries in groups.items():
            index.replace(group, entries)
        again = index.write(out)
        rows.append(("full rebuild over the same site (all removed, all given again)",
                     f"{time.perf_counter() - t:.2f} s ({again.written} files written)"))
        t = time.perf_counter()
        none = index.write(out)
        rows.append(("write, nothing changed", f"{time.perf_counter() - t:.3f} s ({none.written} files written)"))
        files = list((out / "search").iterdir())
        rows.append(("files / all bytes (= one monolithic index)",
                     f"{len(files)} / {sum(f.stat().st_size for f in files):,} B"))
        rows.append(("largest file", f"{none.largest_bytes:,} B"))
        place = groups["registry:place"][0]
        for query in (place.title, place.terms[1], place.title[:4], "killed", f"killed {place.title}"):
            rows.append((f"bytes loaded for {query!r}", f"{loaded_bytes(out, query):,} B"))
    width = max(len(r[0]) for r in rows)
    print(f"| {'search index, ' + format(args.entries, ',') + ' entries':<{width}} | result |")
    print(f"|{'-' * (width + 2)}|--------|")
    for label, value in rows:
        print(f"| {label:<{width}} | {value} |")


if __name__ == "__main__":
    main()
