"""Incremental ``kg build``: rebuild only the named graphs of changed articles.

When the previous build's manifest shows that only article records or their
archived texts changed (same kg version, registries and ontology), kg reloads
the registries and the changed articles, converts those articles, and
validates them together with every document linked to them (figures that are subsets or roundings of each
other across documents) and the registry records they reach, as a full build
validates a batch (kg.batches) — the cross-document checks. Only if that conforms does it write anything,
and then only into the build's staging folder (kg.build.atomic):

1. the store: a copy of the published version (hard links: milliseconds), changed by one SPARQL update
   (``DROP GRAPH`` + ``INSERT DATA``) and the re-derived estimates of the subjects it touches;
2. ``kg.ttl`` / ``kg.trig``: the published documents with the changed graphs' blocks spliced in;
3. ``origins.json``, ``validation.json`` and ``manifest.json``.

:meth:`kg.build.atomic.BuildFolder.commit` then publishes them together: a build killed at any point
leaves the previous outputs or the new ones (or, killed inside the commit's few renames, a journal that
makes the next build a full one).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.build import derive
from kg.build.atomic import BuildFolder, kill_point
from kg.build.batches import Registries
from kg.build.manifest import ARTICLES, SOURCES, Manifest, input_digests
from kg.build.outputs import ORIGINS, TRIG, TURTLE, VALIDATION, BuildResult, origins_json, splice, write_validation
from kg.build.shacl import Engine, Report, validate_nquads
from kg.build.store import MANIFEST, STORE_DIR, copy_store
from kg.loader import load_catalogue
from kg.model.errors import NotConforming
from kg.model.terms import KG, iri
from kg.rdf.dataset import Unit, article_unit, graph_iri, registry_units, static_units
from kg.rdf.serialize import nquads, nt_term

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Plan:
    changed: tuple[str, ...]   # article ids to (re)build: modified or added
    removed: tuple[str, ...]   # article ids whose record was deleted
    digests: dict[str, str]
    previous: Manifest


def plan(data_dir: Path, out_dir: Path) -> Plan | None:
    """What an incremental build would redo, or None when a full build is needed."""
    previous = Manifest.read(out_dir / MANIFEST)
    if previous is None or previous.kg != __version__:
        return None
    if not all((out_dir / name).exists() for name in (STORE_DIR, TURTLE, TRIG, ORIGINS)):
        return None
    if not (data_dir / "articles").is_dir():
        return None
    digests = input_digests(data_dir)
    shared = {k for k in digests.keys() | previous.inputs.keys() if not k.startswith((ARTICLES, SOURCES))}
    if any(digests.get(k) != previous.inputs.get(k) for k in shared):
        return None  # registries or ontology changed: everything may change
    articles = {Path(k).stem for k in digests if k.startswith(ARTICLES) and k.endswith(".yaml")}
    before = set(previous.figures_by_article)
    changed = {a for a in articles if digests.get(f"{ARTICLES}{a}.yaml") != previous.inputs.get(f"{ARTICLES}{a}.yaml")}
    changed |= articles - before
    for doc, text in previous.texts.items():
        if doc in articles and digests.get(text) != previous.inputs.get(text):
            changed.add(doc)
    return Plan(tuple(sorted(changed)), tuple(sorted(before - articles)), digests, previous)


def apply(p: Plan, data_dir: Path, folder: BuildFolder, progress: Progress | None, engine: Engine) -> BuildResult:
    out_dir, previous = folder.path, p.previous
    if not p.changed and not p.removed:
        report = Report(True, ())
        return BuildResult(out_dir, previous.triples, len(previous.graphs), previous.figures, report, (), True)
    gone = set(p.changed) | set(p.removed)
    external = {f for doc, ids in previous.figures_by_article.items() if doc not in gone for f in ids}
    cat = load_catalogue(data_dir, only=set(p.changed), external_figures=external)
    units = [article_unit(cat.articles[doc]) for doc in sorted(cat.articles)]
    if progress:
        progress("converting", len(units), len(units))
    report = _validate(units, registry_units(cat), out_dir, previous, gone, engine)
    if not report.conforms:
        raise NotConforming(
            f"the graph does not conform to the shapes ({len(report.violations)} violations); "
            f"{out_dir}/ left as it was",
            report=report,
        )
    removed_graphs = {str(graph_iri(doc)) for doc in p.removed}
    replaced = {str(u.name): u for u in units}
    staged = folder.staging()
    store = staged / STORE_DIR
    copy_store((out_dir / STORE_DIR).resolve(), store)
    # the estimates that may change: of the figures as they were, and as they are (kg.build.derive)
    old_figures = {str(iri("figure", f)) for doc in gone for f in previous.figures_by_article.get(doc, [])}
    new_figures = {str(s) for u in units for s, p, _ in u.triples if p == KG.quote}
    subjects = derive.affected(store, old_figures)
    _update_store(store, replaced, removed_graphs)
    kill_point("incremental:store")
    subjects |= derive.affected(store, new_figures)
    derived = derive.patch(store, subjects)
    replaced[str(derived.name)] = derived
    for name, trig in ((TURTLE, False), (TRIG, True)):
        splice(out_dir / name, staged / name, replaced, removed_graphs, trig)
    _update_origins(out_dir / ORIGINS, staged / ORIGINS, replaced, removed_graphs)
    _update_validation(out_dir / VALIDATION, staged / VALIDATION, report, gone)
    graphs = {k: v for k, v in previous.graphs.items() if k not in removed_graphs} | {
        k: len(u.triples) for k, u in replaced.items()}
    figures = {k: v for k, v in previous.figures_by_article.items() if k not in gone} | {
        doc: sorted(f.id for f in a.figures) for doc, a in cat.articles.items()}
    texts = {k: v for k, v in previous.texts.items() if k not in gone} | {
        doc: a.text_file for doc, a in cat.articles.items()}
    manifest = Manifest.new(p.digests, graphs, figures, texts)
    manifest.write(staged / MANIFEST)
    kill_point("incremental:staged")
    folder.commit(staged, [TURTLE, TRIG, ORIGINS, VALIDATION, MANIFEST])
    rebuilt = tuple(sorted(k for k in replaced if k != str(derived.name)))
    return BuildResult(out_dir, manifest.triples, len(graphs), manifest.figures, report, rebuilt,
                       True)


def _validate(units: list[Unit], registries: list[Unit], out_dir: Path, previous: Manifest, gone: set[str],
              engine: Engine) -> Report:
    """SHACL over the changed graphs, every document linked to them and the registry records they reach
    (as a full build validates a batch: kg.batches)."""
    documents = "".join(nquads(u.name, u.triples) for u in units).encode("utf-8")
    linked = _linked_documents(units, out_dir, previous, gone)
    if linked:
        store = ox.Store.read_only(str(out_dir / STORE_DIR))
        # their triples (N-Triples are N-Quads in the default graph: validation reads the union)
        documents += b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)) or b""
                              for name in sorted(linked))
        del store
    origins = {iri_: loc for unit in units for iri_, loc in unit.origins.items()}
    around = Registries.of_units(static_units(), registries).around(documents)
    return validate_nquads(around, origins=origins, engine=engine)


def _linked_documents(units: list[Unit], out_dir: Path, previous: Manifest, gone: set[str]) -> set[str]:
    """Graphs of other documents whose figures the changed ones name, or that name them."""
    owner = {f: doc for doc, ids in previous.figures_by_article.items() if doc not in gone for f in ids}
    linked: set[str] = set()
    changed_figures: set[str] = set()
    for unit in units:
        for s, p, o in unit.triples:
            if p == KG.subsetOf or p == KG.roundingOf:
                target = str(o).rsplit("/", 1)[-1]
                if target in owner:
                    linked.add(str(graph_iri(owner[target])))
            if p == KG.quote:
                changed_figures.add(str(s))
    old_figures = {str(iri("figure", f)) for doc in gone for f in previous.figures_by_article.get(doc, [])}
    targets = changed_figures | old_figures
    if targets:
        store = ox.Store.read_only(str(out_dir / STORE_DIR))
        values = " ".join(str(ox.NamedNode(t)) for t in sorted(targets))
        query = (f"SELECT DISTINCT ?g WHERE {{ VALUES ?x {{ {values} }} "
                 f"GRAPH ?g {{ ?f <{KG.subsetOf}>|<{KG.roundingOf}> ?x }} }}")
        for row in store.query(query):  # type: ignore[union-attr]
            linked.add(row["g"].value)
        del store
    return linked - {str(graph_iri(doc)) for doc in gone}


def _update_store(path: Path, replaced: dict[str, Unit], removed: set[str]) -> None:
    """Drop and re-insert the graphs in one SPARQL update (one Oxigraph transaction)."""
    ops = [f"DROP SILENT GRAPH <{name}>" for name in sorted(replaced.keys() | removed)]
    for name, unit in sorted(replaced.items()):
        body = "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in unit.triples)
        ops.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}}} }}")
    store = ox.Store(str(path))
    store.update(" ;\n".join(ops))
    store.flush()
    del store


def _update_origins(path: Path, target: Path, replaced: dict[str, Unit], removed: set[str]) -> None:
    body: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    for name in removed | replaced.keys():
        body.pop(name, None)
    for name, unit in replaced.items():
        if unit.origins:
            body[name] = {k: str(v) for k, v in unit.origins.items()}
    target.write_text(origins_json(body), encoding="utf-8")


def _update_validation(path: Path, target: Path, report: Report, rebuilt: set[str]) -> None:
    """Keep earlier results about untouched documents; replace those about rebuilt ones."""
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    new_foci = {r.focus for r in report.results}

    def about_rebuilt(r: dict[str, str]) -> bool:
        return any(f"articles/{doc}.yaml:" in (r.get("location") or "") for doc in rebuilt)

    kept = [r for r in old if not about_rebuilt(r) and r.get("focus") not in new_foci]
    write_validation(target, report)
    fresh = json.loads(target.read_text(encoding="utf-8"))
    body = sorted(kept + fresh, key=lambda r: (r["severity"], r["focus"], r["shape"]))
    target.write_text(json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
