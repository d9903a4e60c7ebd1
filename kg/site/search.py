"""The site's search: a prebuilt index in small JSONP files, written incrementally, queried by ``static/search.js``.

Why our own and not a library, measured on the 80,000 synthetic entries of ``bench/search.py`` (titles,
quotes of ~30 words, Arabic names): lunr.js's index, written by lunr.py 0.8.0 (the Python port that emits
lunr.js's JSON), is one file of 39.0 MB (2.6 MB at 5,000 entries, 9.7 MB at 20,000: ~490 bytes an entry)
and took 59 s to build on 2 shared CPUs; a browser loads all of it before the first hit, and it is 195
times the site's limit of 200 KB a file. MiniSearch, not measured, also loads one serialised index of the
same postings. Pagefind (1.5.2) splits its index, but loads its ``pagefind.js`` as a module, then its index
with ``fetch()`` and WebAssembly: on the site of the seed data opened from ``file://``, headless Chromium
refused the first step ("Access to script at 'file:///.../pagefind/pagefind.js' from origin 'null' has been
blocked by CORS policy"), so search is dead there; and it indexes every page on every run (no update of one).
This index, at the same 80,000 entries: 23.3 MB in 3,725 files, none over 62 KB, 30-145 KB loaded a query;
a first write in ~2-4 s, an edited article in 0.2-0.3 s, state opened in ~0.1 s. So the index is ours:
postings sharded by the first characters of each token, entry metadata in separate files loaded only for the
hits shown, every file a ``<script>`` that calls ``kgSearch.load(name, data)`` (a script tag loads from
``file://``; fetch cannot).

Files written in ``OUT/search/``:

* ``manifest.js``: the shard prefixes, the kinds and their ranking tiers, the bits of a doc id, the common
  tokens (left out of the shards) and the case-fold table of :mod:`kg.site.textnorm`.
* ``t-<code points>.js``: the postings of the tokens starting with one prefix, ``{"zardana": [id, +d, ...]}``,
  doc ids sorted and delta-coded. A prefix is a token's first two characters, extended one character at a
  time while its shard would pass ``SHARD_BYTES``; a token whose postings alone pass ``COMMON_BYTES`` ("the",
  "in") is listed as common instead, and the query ignores it.
* ``d-<slot>.js``: ``{"id": [url, kind, title, snippet]}`` for the entries of one slot, a chunk of at most 64
  entries of one group (so the 20 hits shown, usually from 20 articles, load 20 files of a few KB; files of
  thousands of entries each cost over 1 MB per query at 20,000 entries in the benchmark).

A doc id is ``kind rank << 26 | slot << 6 | position``. A group (one article's entries, or one registry's) is
cut into chunks of 64 entries; each chunk gets a slot, its name's hash modulo 2^20, probing linearly over the
chunks in sorted order. So ids depend only on the entries, never on the order of edits (an incremental build
writes the same bytes as a clean one), an edited article keeps the ids of every other, and sorting ids ranks
hits by kind with no metadata loaded.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import sub
from pathlib import Path
from typing import Any

from kg.site.textnorm import fold_table, index_tokens

#: The kinds of entry, in ranking order (their index is the top bits of a doc id), and each one's tier:
#: hits rank by tier, then by how many query words they match exactly, then by id.
KINDS: tuple[str, ...] = ("place", "incident", "actor", "measure", "article", "report", "figure", "quote")
TIERS: tuple[int, ...] = (0, 0, 0, 0, 0, 0, 1, 2)
SHARD_BYTES = 64_000
COMMON_BYTES = 48_000
SNIPPET_CHARS = 200
CHUNK_BITS = 6
CHUNK = 1 << CHUNK_BITS
SLOT_BITS = 20
KIND_SHIFT = CHUNK_BITS + SLOT_BITS
STATE_FILE = "search-index.pickle"
_STATE_VERSION = 1
_OURS = re.compile(r"(manifest|[td]-[0-9a-f_]+)\.js")

_Doc = tuple[str, str, str, str, str]  # url, kind, title, snippet, index tokens joined by spaces
_Chunk = tuple[str, int]  # group, chunk number


@dataclass(frozen=True)
class Entry:
    """One hit: ``terms`` are every text to index (labels, names in any script, a quote's words, numbers)."""

    url: str
    kind: str
    title: str
    text: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class WriteStats:
    """What :meth:`SearchIndex.write` did: files written, left as they were, removed; entries; largest file."""

    written: int
    unchanged: int
    removed: int
    entries: int
    largest_bytes: int


def snippet(text: str) -> str:
    """``text`` on one line, cut at a word before ``SNIPPET_CHARS`` with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    cut = flat[:SNIPPET_CHARS]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _doc(entry: Entry) -> _Doc:
    if entry.kind not in KINDS:
        raise ValueError(f"search entry {entry.url}: kind {entry.kind!r} is not one of {', '.join(KINDS)}")
    found = index_tokens("\n".join((entry.title, *entry.terms)))
    return entry.url, entry.kind, entry.title, snippet(entry.text), " ".join(sorted(found))


def _slot_of(chunk: _Chunk) -> int:
    digest = hashlib.sha1(f"{chunk[0]}\x00{chunk[1]}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % (1 << SLOT_BITS)


def assign_slots(sizes: dict[str, int]) -> dict[_Chunk, int]:
    """Each chunk of each group (``sizes``: group -> entries) -> its slot; a function of ``sizes`` alone."""
    taken: set[int] = set()
    slots: dict[_Chunk, int] = {}
    for group in sorted(sizes):
        for number in range(-(-sizes[group] // CHUNK)):
            slot = _slot_of((group, number))
            while slot in taken:
                slot = (slot + 1) % (1 << SLOT_BITS)
            taken.add(slot)
            slots[group, number] = slot
    return slots


def _ids(group: str, docs: Sequence[_Doc], slots: dict[_Chunk, int]) -> Iterator[tuple[int, _Doc]]:
    for n, doc in enumerate(docs):
        slot = slots[group, n // CHUNK]
        yield KINDS.index(doc[1]) << KIND_SHIFT | slot << CHUNK_BITS | n % CHUNK, doc


def _encode(ids: Sequence[int]) -> str:
    return "[" + ",".join(map(str, map(sub, ids, chain((0,), ids)))) + "]"


def _decode(fragment: str) -> list[int]:
    return list(accumulate(json.loads(fragment)))


def _key(token: str) -> str:
    return token[:2]


def _js(name: str, body: str) -> bytes:
    return f"kgSearch.load({json.dumps(name)},{body});\n".encode("ascii")


def shard_name(prefix: str) -> str:
    """The file (without ``.js``) of the shard of ``prefix``: its code points in hex (ASCII names on any host)."""
    return "t-" + "_".join(f"{ord(c):x}" for c in prefix)


def docs_name(slot: int) -> str:
    """The file (without ``.js``) of the entries of one slot (one chunk of a group)."""
    return f"d-{slot:x}"


class SearchIndex:
    """The entries of the search by group, and the postings and file layout as last written.

    ``replace`` and ``remove`` change groups in memory; ``write`` brings ``OUT/search`` up to date, touching
    only the tokens and slots of the groups changed since the last write, and saves the state.
    """

    def __init__(self, state_file: Path, saved: dict[str, Any] | None = None) -> None:
        saved = saved or {}
        self._file = state_file
        self._groups: dict[str, tuple[_Doc, ...]] = saved.get("groups", {})
        self._written: dict[str, tuple[_Doc, ...]] = dict(self._groups)
        self._slots: dict[_Chunk, int] = saved.get("slots", {})
        self._postings: dict[str, str] = saved.get("postings", {})
        self._by_key: dict[str, set[str]] = saved.get("by_key", {})
        self._layout: dict[str, list[str]] = saved.get("layout", {})
        self._out: str = saved.get("out", "")
        self._touched: set[str] = set()  # groups replaced or removed since the last write, changed or not

    @classmethod
    def open(cls, state: Path) -> SearchIndex:
        """The index saved in the folder ``state`` by the last :meth:`write`, or an empty one."""
        file = state / STATE_FILE
        try:
            with file.open("rb") as f:
                saved = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError):
            return cls(file)
        return cls(file, saved if saved.get("version") == _STATE_VERSION else None)

    def replace(self, group: str, entries: Sequence[Entry]) -> None:
        """Make ``entries`` the whole of ``group`` (an empty list removes it)."""
        docs = tuple(_doc(e) for e in entries)
        if not docs:
            self.remove(group)
        else:
            self._groups[group] = docs
            self._touched.add(group)

    def remove(self, group: str) -> None:
        if self._groups.pop(group, None) is not None:
            self._touched.add(group)

    def groups(self) -> frozenset[str]:
        return frozenset(self._groups)

    def write(self, out: Path) -> WriteStats:
        """Bring ``out/search/`` up to date, rewriting only the files whose bytes change, and save the state."""
        folder = out / "search"
        folder.mkdir(parents=True, exist_ok=True)
        slots = assign_slots({g: len(d) for g, d in self._groups.items()})
        moved = {c[0] for c, s in slots.items() if self._slots.get(c) != s}
        moved |= {g for g in self._touched if self._groups.get(g) != self._written.get(g)}
        changed_tokens, dirty_slots = self._update_postings(moved, slots)
        self._slots, self._written, self._touched = slots, dict(self._groups), set()

        check: dict[str, bytes] = {}  # the files that may have changed, rendered
        for key in {_key(t) for t in changed_tokens}:
            self._layout[key] = self._split(key, sorted(self._by_key.get(key, ())))
            if not self._layout[key]:
                del self._layout[key]
            check.update(self._shards(key))
        chunks = {s: c for c, s in slots.items()}
        check.update({docs_name(s): self._docs(s, chunks) for s in dirty_slots if s in chunks})
        check["manifest"] = self._manifest()
        expected = {"manifest"} | {shard_name(p) for ps in self._layout.values() for p in ps}
        expected |= {docs_name(s) for s in chunks}
        same_out = self._out == str(out.resolve())
        written = unchanged = largest = 0
        for name in sorted(expected):
            path = folder / f"{name}.js"
            if name not in check and same_out and path.exists():
                unchanged += 1
                largest = max(largest, path.stat().st_size)
                continue
            if name not in check and name.startswith("t-"):
                check.update(self._shards(_key("".join(chr(int(h, 16)) for h in name[2:].split("_")))))
            data = check[name] if name in check else self._docs(int(name[2:], 16), chunks)
            largest = max(largest, len(data))
            if path.exists() and path.read_bytes() == data:
                unchanged += 1
                continue
            tmp = path.with_name(f".{name}.tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
            written += 1
        removed = 0
        for path in folder.iterdir():
            if _OURS.fullmatch(path.name) and path.stem not in expected:
                path.unlink()
                removed += 1
        self._out = str(out.resolve())
        self._save()
        return WriteStats(written, unchanged, removed, sum(len(d) for d in self._groups.values()), largest)

    def _update_postings(self, moved: set[str], slots: dict[_Chunk, int]) -> tuple[set[str], set[int]]:
        """Apply the groups in ``moved`` (changed or given other slots) to the postings: tokens and slots touched."""
        gone: dict[str, set[int]] = defaultdict(set)
        came: dict[str, set[int]] = defaultdict(set)
        dirty_slots: set[int] = set()
        for group in sorted(moved):
            for ids, docs, table in ((gone, self._written.get(group, ()), self._slots),
                                     (came, self._groups.get(group, ()), slots)):
                for doc_id, doc in _ids(group, docs, table):
                    dirty_slots.add(doc_id >> CHUNK_BITS & ((1 << SLOT_BITS) - 1))
                    for token in doc[4].split(" "):
                        ids[token].add(doc_id)
        changed: set[str] = set()
        for token in gone.keys() | came.keys():
            old, new = gone.get(token, set()), came.get(token, set())
            if old == new:
                continue
            before = self._postings.get(token)
            now = (set(_decode(before)) if before else set()) - old | new
            if now:
                self._postings[token] = _encode(sorted(now))
                self._by_key.setdefault(_key(token), set()).add(token)
            else:
                self._postings.pop(token, None)
                self._by_key[_key(token)].discard(token)
            if self._postings.get(token) != before:
                changed.add(token)
        return changed, dirty_slots

    def _shown(self, token: str) -> bool:
        return len(self._postings[token]) <= COMMON_BYTES

    def _split(self, prefix: str, tokens: list[str]) -> list[str]:
        """The shard prefixes for ``tokens`` (all starting with ``prefix``, sorted), each shard under the limit."""
        sizes = {t: len(json.dumps(t)) + len(self._postings[t]) + 2 for t in tokens if self._shown(t)}

        def split(prefix: str, shown: list[str]) -> list[str]:
            if sum(sizes[t] for t in shown) <= SHARD_BYTES or all(len(t) <= len(prefix) for t in shown):
                return [prefix]
            longer: dict[str, list[str]] = defaultdict(list)
            for t in shown:
                if len(t) > len(prefix):
                    longer[t[: len(prefix) + 1]].append(t)
            return ([prefix] if prefix in sizes else []) + [p for s, ts in sorted(longer.items()) for p in split(s, ts)]

        return split(prefix, list(sizes)) if sizes else []

    def _slot_docs(self, slot: int, chunks: dict[int, _Chunk]) -> Iterator[tuple[int, _Doc]]:
        group, number = chunks[slot]
        docs = self._groups[group][number * CHUNK:(number + 1) * CHUNK]
        for i, doc in enumerate(docs):
            yield KINDS.index(doc[1]) << KIND_SHIFT | slot << CHUNK_BITS | i, doc

    @staticmethod
    def _doc_json(doc_id: int, doc: _Doc) -> str:
        return f'"{doc_id}":' + json.dumps(list(doc[:4]), separators=(",", ":"))

    def _shards(self, key: str) -> dict[str, bytes]:
        """The shard files of the tokens starting with ``key``: each token in the shard of its longest prefix."""
        prefixes = set(self._layout.get(key, ()))
        members: dict[str, list[str]] = defaultdict(list)
        for token in sorted(self._by_key.get(key, ())):
            if self._shown(token):
                members[next(token[:n] for n in range(len(token), 0, -1) if token[:n] in prefixes)].append(token)
        bodies = {p: ",".join(json.dumps(t) + ":" + self._postings[t] for t in ts) for p, ts in members.items()}
        return {shard_name(p): _js(shard_name(p), "{" + body + "}") for p, body in bodies.items()}

    def _docs(self, slot: int, chunks: dict[int, _Chunk]) -> bytes:
        body = ",".join(self._doc_json(i, d) for i, d in self._slot_docs(slot, chunks))
        return _js(docs_name(slot), "{" + body + "}")

    def _manifest(self) -> bytes:
        data = {
            "version": _STATE_VERSION,
            "entries": sum(len(d) for d in self._groups.values()),
            "kinds": KINDS, "tiers": TIERS, "chunkBits": CHUNK_BITS, "slotBits": SLOT_BITS,
            "shards": sorted(p for ps in self._layout.values() for p in ps),
            "common": sorted(t for t in self._postings if not self._shown(t)),
            "fold": fold_table(),
        }
        return _js("manifest", json.dumps(data, sort_keys=True, separators=(",", ":")))

    def _save(self) -> None:
        state = {
            "version": _STATE_VERSION, "out": self._out, "groups": self._groups, "slots": self._slots,
            "postings": self._postings, "by_key": self._by_key, "layout": self._layout,
        }
        self._file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._file.with_name(f".{self._file.name}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self._file)
