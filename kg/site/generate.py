"""``kg site``: the static site of a build, written in full or only where its inputs changed.

A full site reads the store once (:class:`~kg.site.resources.Preloaded`) and writes every page. The next
run compares the build's manifest with the one the site was written from (``.kg-site.json`` in the site
folder): when only source documents changed, it reads the store per resource (:class:`~kg.site.resources.Lazy`)
and writes the pages those documents reach — the article, its figures (before and after the edit), the
measures, incidents, places, organisations and reports they name, the figures they round or are part of, the
lists and the home page — and the search index's groups of those documents. When a document's figures read
differently (a number, a date, a source, a headline: :func:`~kg.site.pages.readings_digest`), every figure of
their measures and incidents is written too (their pages list each other), and so is every figure that made
one of their claims before or after the edit (its page counts the articles stating the claim). Every page
that shows a figure whose status changed (a current reading then and not now, or the reverse: the state
keeps the current figures) is written. Any other change (registries, vocabularies, kg itself) writes the
whole site again.

Every file is written through a temporary file and renamed, and only when its bytes changed; the state is
written last, so a run that fails or is killed leaves a site whose every file is whole, and the next run
redoes what that run had not recorded.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import __version__
from kg.build.manifest import Manifest
from kg.build.orphans import die_with_parent
from kg.build.store import open_store
from kg.model.errors import UsageError
from kg.model.terms import ID, kind_of, local_id
from kg.site import pages
from kg.site.resources import Lazy, Preloaded, Resources
from kg.site.search import Entry, SearchIndex

STATE = ".kg-site.json"
STATE_FORMAT = 4  # 2: each document's readings digest; 3: the current figures; 4: each document's claims
STATIC = Path(__file__).with_name("static")


@dataclass
class Written:
    """What a run did: pages and files written (bytes changed), left as they were, and removed."""

    full: bool
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    pages: int = 0
    largest: tuple[int, str] = (0, "")
    search: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {"full": self.full, "pages": self.pages, "files_written": self.written,
                "files_unchanged": self.unchanged, "files_removed": self.removed,
                "largest_page_bytes": self.largest[0], "largest_page": self.largest[1], "search": self.search}


class Output:
    """The site folder: writes a file only when its bytes change, through a temporary file."""

    def __init__(self, root: Path, result: Written) -> None:
        self.root = root
        self.result = result
        self.paths: set[str] = set()

    def write(self, rel: str, body: str | bytes) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.paths.add(rel)
        path = self.root / rel
        if rel.endswith(".html") and len(data) > self.result.largest[0]:
            self.result.largest = (len(data), rel)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                self.result.unchanged += 1
                return
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            Path(tmp).chmod(0o644)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.result.written += 1

    def remove(self, rel: str) -> None:
        path = self.root / rel
        if path.exists():
            path.unlink()
            self.result.removed += 1


def site(build_dir: Path, out: Path, *, full: bool = False,
         progress: Callable[[str], None] | None = None) -> Written:
    """Write the site of the build in ``build_dir`` to ``out``; incrementally unless ``full``."""
    say = progress or (lambda _message: None)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    if out.resolve() == build_dir.resolve():
        raise UsageError("--out must not be the build folder")
    store = open_store(build_dir)
    manifest = Manifest.read(build_dir / "manifest.json")
    if manifest is None:
        raise UsageError(f"no build manifest in {build_dir}/: run 'kg build' first")
    out.mkdir(parents=True, exist_ok=True)
    state = _read_state(out)
    changed = None if full or state is None else _changed_documents(state, manifest)
    result = Written(full=changed is None)
    output = Output(out, result)
    index = SearchIndex.open(out / ".kg-site")
    if changed is None:
        say("reading the store")
        r: Resources = Preloaded(store)
        subjects = pages.every_subject(r)
        touched_by: dict[str, list[str]] = {}
        digests: dict[str, str] = {}
        claims: dict[str, list[str]] = {}
        say(f"writing {sum(len(v) for v in subjects.values())} pages")
        entries: list[tuple[str, list[Entry]]] = []

        def meanwhile() -> None:  # what the next incremental run needs, and the search entries
            for article in subjects["article"]:
                touched_by[local_id(article)] = pages.touched(r, article)
                digests[local_id(article)] = pages.readings_digest(r, article)
                claims[local_id(article)] = pages.claim_keys(r, article)
            entries.extend(pages.search_entries(r, subjects))

        _write_all(r, output, [s for group in subjects.values() for s in group], meanwhile)
        current = pages.current_figures(r)
        _write_common(r, output, manifest, subjects)
        for group in index.groups():
            index.remove(group)
        for group, found in entries:
            index.replace(group, found)
        _remove_stale(out, output)
    else:
        r = Lazy(store)
        touched_by = {str(k): list(v) for k, v in (state or {}).get("touched", {}).items()}
        digests = {str(k): str(v) for k, v in (state or {}).get("digests", {}).items()}
        claims = {str(k): list(v) for k, v in (state or {}).get("claims", {}).items()}
        keys: set[str] = set()  # the claims of figures that read differently, before and after
        affected: set[str] = set()
        reaching: set[str] = set()  # pages of documents whose figures read differently: listed elsewhere too
        documents = sorted(changed)
        for doc in documents:
            before = set(touched_by.pop(doc, []))
            old_digest = digests.pop(doc, None)
            old_claims = claims.pop(doc, [])
            article = ID + "article/" + doc
            after: set[str] = set()
            if r.props(article):
                touched_by[doc] = pages.touched(r, article)
                digests[doc] = pages.readings_digest(r, article)
                claims[doc] = pages.claim_keys(r, article)
                after = set(touched_by[doc])
            affected |= before | after
            if old_digest is None or digests.get(doc) != old_digest:
                reaching |= before | after
                keys.update(old_claims + claims.get(doc, []))
        affected = pages.widen(r, reaching) | pages.partners(r, affected) | pages.claimants(r, keys)
        current = pages.current_figures(r)
        before_current = {ID + "figure/" + f for f in (state or {}).get("current", [])}
        affected |= pages.listing(r, {f for f in current ^ before_current if r.props(f)})  # status changed
        say(f"{len(documents)} changed document(s): writing {len(affected)} pages")
        present = [s for s in sorted(affected) if r.props(s)]
        _write_pages(r, output, present)
        for gone in sorted(set(affected) - set(present)):
            kind = kind_of(gone)
            for suffix in (".html", ".ttl"):
                output.remove(f"{kind}/{local_id(gone)}{suffix}")
        _write_common(r, output, manifest, pages.every_subject(r))
        for doc in documents:
            article = ID + "article/" + doc
            if r.props(article):
                index.replace("article:" + doc, pages.article_entries(r, article))
            else:
                index.remove("article:" + doc)
    stats = index.write(out)
    result.search = {"files_written": stats.written, "files_unchanged": stats.unchanged, "entries": stats.entries,
                     "largest_file_bytes": stats.largest_bytes}
    result.pages = _count_pages(out)
    _write_state(out, manifest, touched_by, digests, claims, current)
    return result


def _changed_documents(state: dict[str, Any], manifest: Manifest) -> set[str] | None:
    """The source documents whose inputs changed since the site was written; None when anything else did."""
    if state.get("format") != STATE_FORMAT or state.get("kg") != __version__:
        return None
    before: dict[str, str] = dict(state.get("inputs", {}))
    now = manifest.inputs
    other_before = {k: v for k, v in before.items() if not _document_input(k)}
    other_now = {k: v for k, v in now.items() if not _document_input(k)}
    if other_before != other_now:
        return None
    texts = {path: doc for doc, path in manifest.texts.items()}
    changed: set[str] = set()
    for key in set(before) | set(now):
        if before.get(key) == now.get(key):
            continue
        if key.startswith("articles/"):
            changed.add(Path(key).stem)
        elif key in texts or key.startswith("sources/"):
            doc = texts.get(key)
            if doc is None:
                return None
            changed.add(doc)
    return changed


def _document_input(key: str) -> bool:
    return key.startswith(("articles/", "sources/"))


def _write_pages(r: Resources, output: Output, subjects: Iterable[str]) -> None:
    for subject in subjects:
        rendered = pages.render_page(r, subject)
        if rendered is None:
            continue
        html, ttl = rendered
        kind, ident = kind_of(subject), local_id(subject)
        output.write(f"{kind}/{ident}.html", html)
        output.write(f"{kind}/{ident}.ttl", ttl)


#: what forked workers render: the store as read once by the parent (shared copy-on-write)
_SHARED: list[tuple[Resources, Path]] = []
PARALLEL_FROM = 2000  # pages; below this one process is faster than starting workers


def _write_all(r: Resources, output: Output, subjects: list[str], meanwhile: Callable[[], None]) -> None:
    """Write every page, in forked workers when there are many (one per CPU, up to 4); ``meanwhile`` runs in
    this process while they do (it waits on them otherwise)."""
    workers = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if workers < 2 or len(subjects) < PARALLEL_FROM:
        _write_pages(r, output, subjects)
        meanwhile()
        return
    _SHARED[:] = [(r, output.root)]
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            pending = pool.map_async(_render_share, [subjects[i::workers] for i in range(workers)])
            meanwhile()
            done = pending.get()
    finally:
        _SHARED.clear()
    for written, unchanged, largest, paths in done:
        output.result.written += written
        output.result.unchanged += unchanged
        output.result.largest = max(output.result.largest, largest)
        output.paths.update(paths)


def _render_share(subjects: list[str]) -> tuple[int, int, tuple[int, str], list[str]]:
    r, root = _SHARED[0]
    result = Written(full=True)
    output = Output(root, result)
    _write_pages(r, output, subjects)
    return result.written, result.unchanged, result.largest, sorted(output.paths)


def _write_common(r: Resources, output: Output, manifest: Manifest, subjects: dict[str, list[str]]) -> None:
    for rel, body in pages.common_pages(r, manifest, subjects):
        output.write(rel, body)
    for path in sorted(STATIC.iterdir()):
        if path.is_file():
            output.write(f"static/{path.name}", path.read_bytes())


def _remove_stale(out: Path, output: Output) -> None:
    """A full run removes every page (.html, .ttl) of a record folder that it did not write: records gone."""
    for kind in pages.PAGE_FOLDERS:
        folder = out / kind
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            rel = f"{kind}/{path.name}"
            if path.suffix in (".html", ".ttl") and rel not in output.paths:
                output.remove(rel)


def _count_pages(out: Path) -> int:
    return sum(1 for kind in (*pages.PAGE_FOLDERS, ".") for p in (out / kind).glob("*.html")) if out.is_dir() else 0


def _read_state(out: Path) -> dict[str, Any] | None:
    try:
        found = json.loads((out / STATE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return found if isinstance(found, dict) else None


def _write_state(out: Path, manifest: Manifest, touched: dict[str, list[str]], digests: dict[str, str],
                 claims: dict[str, list[str]], current: set[str]) -> None:
    body = {"format": STATE_FORMAT, "kg": __version__, "inputs": manifest.inputs,
            "touched": dict(sorted(touched.items())), "digests": dict(sorted(digests.items())),
            "claims": dict(sorted(claims.items())),
            "current": sorted(local_id(f) for f in current)}
    tmp = out / (STATE + ".tmp")
    tmp.write_text(json.dumps(body, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    tmp.replace(out / STATE)
