"""Readable HTML documentation of kg's ontology and vocabularies, made with pyLODE.

    python tools/ontology_docs.py [OUT_DIR]        # OUT_DIR defaults to docs/ontology/

reads ontology/kg.ttl and ontology/vocab.ttl and writes

    OUT_DIR/index.html             the OWL ontology (pyLODE's OntPub profile), with any OWL
                                   terms that vocab.ttl declares
    OUT_DIR/vocab/index.html       the list of the SKOS concept schemes of vocab.ttl
    OUT_DIR/vocab/<scheme>.html    one page per concept scheme (pyLODE's VocPub profile)
    OUT_DIR/README.md              how these files are made

removing the page of a scheme that is gone, then checks that every OWL term and every
concept (IRI and labels, in every language) is in the pages; it exits 1 if one is not.
The output depends only on the input (no date; pyLODE's version is taken out), so
``tests/test_ontology_docs.py`` can check that the committed docs are current.

pyLODE 3.4.1 (the newest for Python 3.11; the ``test`` extra pins it) is used as it is,
except for what it gets wrong with kg's files:

* its ``pylode/version.py`` reads a ``pyproject.toml`` that the wheel lacks, so
  ``import pylode`` fails (RDFLib/pyLODE#260): the version module is supplied here;
  importing it also calls ``logging.basicConfig(level=DEBUG)``, which is undone;
* VocPub documents one concept scheme per file: given vocab.ttl's several schemes it
  merges their titles and definitions into one heading and one metadata table, so each
  scheme gets a page of its own, made from an in-memory graph of that scheme and its
  concepts; the scheme takes the licence (and creator, publisher, dates, if any) of the
  vocabulary's owl:Ontology, in memory only;
* VocPub keeps one value per property of a concept (one skos:prefLabel of several
  languages, one skos:altLabel of several) and shows only a fixed list of properties
  (not kg:boundRule, skos:exactMatch...): the concept hierarchy and the concept tables
  are made here, into pyLODE's page (its head, style, metadata, namespaces and contents
  are pyLODE's);
* it writes its own version into each page and the schema.org JSON-LD in an order that
  changes from run to run: the version is removed and the JSON-LD written sorted.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import importlib.resources
import json
import logging
import re
import sys
import types
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from dominate import document, tags  # type: ignore[import-untyped]
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
DEFAULT_OUT = ROOT / "docs" / "ontology"
COMMAND = "python tools/ontology_docs.py"

#: The OWL term types whose every member the ontology page must document.
OWL_TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

#: Metadata of the vocabulary (its owl:Ontology) that a scheme's page shows as the scheme's own.
INHERITED = (
    DCTERMS.license,
    DCTERMS.rights,
    DCTERMS.creator,
    DCTERMS.publisher,
    DCTERMS.contributor,
    DCTERMS.created,
    DCTERMS.modified,
    DCTERMS.issued,
    OWL.versionInfo,
)

#: The order of a concept's rows; other properties follow in the order the file first uses them.
ROW_ORDER = (
    RDF.type,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.hiddenLabel,
    SKOS.notation,
    SKOS.definition,
    SKOS.scopeNote,
    SKOS.example,
    SKOS.note,
    SKOS.historyNote,
    SKOS.editorialNote,
    SKOS.changeNote,
    SKOS.broader,
    SKOS.narrower,
    SKOS.related,
    SKOS.exactMatch,
    SKOS.closeMatch,
    SKOS.broadMatch,
    SKOS.narrowMatch,
    SKOS.relatedMatch,
    SKOS.inScheme,
    SKOS.topConceptOf,
    RDFS.isDefinedBy,
    RDFS.seeAlso,
    DCTERMS.source,
    DCTERMS.provenance,
)

README = f"""\
# Ontology and vocabulary documentation

Generated, do not edit: `{COMMAND}` writes these pages from `ontology/kg.ttl` and
`ontology/vocab.ttl` with [pyLODE](https://github.com/RDFLib/pyLODE) (the version pinned in
the `test` extra of `pyproject.toml`).

- `index.html`: the OWL ontology `kg.ttl` (pyLODE's OntPub profile).
- `vocab/index.html`: the SKOS concept schemes of `vocab.ttl`.
- `vocab/<scheme>.html`: one page per concept scheme (pyLODE's VocPub profile, which puts
  all the schemes of a file on one page under one merged heading), each made from the scheme
  and its concepts; the concept hierarchy and the concept tables are made by the generator,
  because VocPub shows one value per property of a concept (one label of several languages)
  and a fixed list of properties.

The SHACL shapes (`ontology/shapes.ttl`) have no page: pyLODE has no profile for SHACL.

`tests/test_ontology_docs.py` fails when an OWL term or a concept of the ontology files is
missing from these pages, or when the pages are not what the generator makes from the
current files: after changing `ontology/kg.ttl` or `ontology/vocab.ttl`, run
`{COMMAND}` and commit the result. The pages hold no date and no pyLODE version, so the
same files give the same bytes.
"""


# ---------------------------------------------------------------- pyLODE


def _pylode() -> types.ModuleType:
    """The ``pylode`` module, imported despite two side effects of pyLODE 3.4.1 (see the module doc)."""
    if "pylode.version" not in sys.modules:
        # RDFLib/pyLODE#260: pylode/version.py opens site-packages/pyproject.toml, absent from the wheel.
        version = types.ModuleType("pylode.version")
        vars(version)["__version__"] = importlib.metadata.version("pylode")
        sys.modules["pylode.version"] = version
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        return importlib.import_module("pylode")
    finally:  # pylode.profiles.supermodel.loader calls logging.basicConfig(level=logging.DEBUG)
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


@contextmanager
def _background_read_once(pylode: types.ModuleType) -> Iterator[None]:
    """Let pyLODE unpickle its background ontologies once, not for each page (0.1 s a page).

    Its profiles only read that graph, so the pages can share it.
    """
    graph = pylode.utils.load_background_onts()
    profiles = [pylode.profiles.ontpub, pylode.profiles.vocpub]
    saved = [(module, module.load_background_onts) for module in profiles]
    for module in profiles:
        module.load_background_onts = lambda: graph
    try:
        yield
    finally:
        for module, load_function in saved:
            module.load_background_onts = load_function


def pylode_version() -> str:
    return importlib.metadata.version("pylode")


_VERSION_LINK = re.compile(r'\s*<a href="https://github\.com/rdflib/pyLODE/release/[^"]*" id="version">[^<]*</a>')
_JSON_LD = re.compile(r'(<script id="schema\.org" type="application/ld\+json">)(.*?)(</script>)', re.S)


def _canonical_json_ld(match: re.Match[str]) -> str:
    def key(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    data = json.loads(match.group(2))
    nodes = data if isinstance(data, list) else [data]
    for node in nodes:
        for prop, values in node.items():
            if isinstance(values, list):
                node[prop] = sorted(values, key=key)
    text = json.dumps(sorted(nodes, key=key), indent=2, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
    return f"{match.group(1)}\n{text}\n    {match.group(3)}"


def _finish(page: str) -> str:
    """pyLODE's page without its version and with its JSON-LD in a fixed order."""
    page = _VERSION_LINK.sub("", page)
    page = _JSON_LD.sub(_canonical_json_ld, page)
    return page.rstrip("\n") + "\n"


# ---------------------------------------------------------------- reading the graphs


def load(path: Path) -> Graph:
    return Graph(bind_namespaces="core").parse(path, format="turtle")


def _unique(nodes: Iterable[Node]) -> list[URIRef]:
    return [n for n in dict.fromkeys(nodes) if isinstance(n, URIRef)]


def owl_terms(g: Graph) -> list[URIRef]:
    """The classes and properties that ``g`` declares, in file order."""
    return _unique(s for t in OWL_TERM_TYPES for s in g.subjects(RDF.type, t))


def concepts(vocab: Graph) -> list[URIRef]:
    return _unique(vocab.subjects(RDF.type, SKOS.Concept))


def schemes(vocab: Graph) -> list[URIRef]:
    return _unique(vocab.subjects(RDF.type, SKOS.ConceptScheme))


def members(vocab: Graph, scheme: URIRef) -> list[URIRef]:
    """The concepts of ``scheme`` (skos:inScheme, skos:topConceptOf or skos:hasTopConcept), in file order."""
    of_scheme = {
        *vocab.subjects(SKOS.inScheme, scheme),
        *vocab.subjects(SKOS.topConceptOf, scheme),
        *vocab.objects(scheme, SKOS.hasTopConcept),
    }
    return [c for c in concepts(vocab) if c in of_scheme]


def _lang_key(label: Literal) -> tuple[int, str, str]:
    """English first, then untagged, then the other languages."""
    lang = label.language or ""
    return (0 if lang == "en" else 1 if not lang else 2, lang, str(label))


def _literals(g: Graph, s: Node, *preds: URIRef) -> list[Literal]:
    return [o for p in preds for o in g.objects(s, p) if isinstance(o, Literal)]


def _main_label(g: Graph, s: Node, *preds: URIRef) -> str | None:
    labels = _literals(g, s, *(preds or (SKOS.prefLabel, RDFS.label, DCTERMS.title)))
    return str(min(labels, key=_lang_key)) if labels else None


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _copy_namespaces(target: Graph, source: Graph) -> None:
    for prefix, ns in source.namespaces():
        target.bind(prefix, ns, override=True, replace=True)


def _add_description(target: Graph, source: Graph, node: Node, seen: set[Node] | None = None) -> None:
    """Copy the triples of ``node`` from ``source``, and those of the blank nodes they reach."""
    seen = set() if seen is None else seen
    if node in seen:
        return
    seen.add(node)
    for p, o in source.predicate_objects(node):
        target.add((node, p, o))
        if isinstance(o, BNode):
            _add_description(target, source, o, seen)


# ---------------------------------------------------------------- what links across pages


@dataclass
class _Site:
    vocab: Graph
    terms: Graph  # kg.ttl and vocab.ttl: labels of properties and terms
    prefixes: list[tuple[str, str]]  # (prefix, namespace), the longest namespace first
    scheme_page: dict[URIRef, str] = field(default_factory=dict)  # file name in vocab/
    concept_pages: dict[URIRef, list[str]] = field(default_factory=dict)
    ontology_fids: dict[str, str] = field(default_factory=dict)  # IRI -> fragment of ../index.html

    def qname(self, iri: str) -> str | None:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return None

    def anchor(self, iri: str) -> str:
        """The fragment id of a concept: its prefixed name with ``_`` for ``:``, as pyLODE's VocPub makes it."""
        qname = self.qname(iri)
        return qname.replace(":", "_") if qname else _local_name(iri)

    def label(self, node: Node) -> str:
        label = _main_label(self.terms, node)
        if label is not None:
            return label
        return self.qname(str(node)) or str(node)


def _page_names(scheme_list: Sequence[URIRef]) -> dict[URIRef, str]:
    names: dict[URIRef, str] = {}
    for scheme in scheme_list:
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", _local_name(str(scheme))).strip("-.") or "scheme"
        name, n = base, 1
        while name == "index" or f"{name}.html" in names.values():
            n += 1
            name = f"{base}-{n}"
        names[scheme] = f"{name}.html"
    return names


# ---------------------------------------------------------------- concept tables and hierarchy


def _broader(vocab: Graph, concept: URIRef) -> list[URIRef]:
    return _unique([*vocab.objects(concept, SKOS.broader), *vocab.subjects(SKOS.narrower, concept)])


def _narrower(vocab: Graph, concept: URIRef) -> list[URIRef]:
    return _unique([*vocab.objects(concept, SKOS.narrower), *vocab.subjects(SKOS.broader, concept)])


def _rows(site: _Site, concept: URIRef, scheme: URIRef) -> list[tuple[URIRef, list[Node]]]:
    """(property, values) of a concept as its table shows them."""
    values: dict[URIRef, list[Node]] = {}
    for p, o in site.vocab.predicate_objects(concept):
        if p == RDF.type and o == SKOS.Concept:
            continue
        if p == SKOS.inScheme and o == scheme:
            continue  # the page is the scheme's
        if p in (SKOS.broader, SKOS.narrower) or not isinstance(p, URIRef):
            continue  # both directions of the hierarchy are gathered below
        values.setdefault(p, []).append(o)
    hierarchy = {SKOS.broader: _broader(site.vocab, concept), SKOS.narrower: _narrower(site.vocab, concept)}
    values.update({prop: [*related] for prop, related in hierarchy.items() if related})
    for found in values.values():  # labels: English first (a stable sort keeps the file's order otherwise)
        found.sort(key=lambda v: _lang_key(v)[0] if isinstance(v, Literal) else 0)
    order = {p: i for i, p in enumerate(ROW_ORDER)}
    return sorted(values.items(), key=lambda item: order.get(item[0], len(ROW_ORDER)))


def _link(site: _Site, page_name: str, iri: URIRef) -> Any:
    pages = site.concept_pages.get(iri)
    if pages:
        page = "" if page_name in pages else pages[0]
        return tags.a(site.label(iri), href=f"{page}#{site.anchor(iri)}")
    if iri in site.scheme_page:
        return tags.a(site.label(iri), href=site.scheme_page[iri])
    fid = site.ontology_fids.get(str(iri))
    if fid is not None:
        return tags.a(site.label(iri), href=f"../index.html#{fid}")
    return tags.a(site.label(iri), href=str(iri))


def _value(site: _Site, page_name: str, value: Node) -> Any:
    if isinstance(value, URIRef):
        return _link(site, page_name, value)
    if isinstance(value, Literal):
        if value.language:
            return tags.span(
                tags.span(str(value), lang=value.language, dir="auto"),
                " ",
                tags.sup(value.language, _class="lang", title="language"),
            )
        if value.datatype is not None and value.datatype != XSD.string:
            return tags.span(str(value), " ", tags.sup(site.label(value.datatype), _class="datatype"))
        return tags.span(str(value))
    parts = [f"{site.label(p)}: {o}" for p, o in site.vocab.predicate_objects(value)]
    return tags.span("[ " + "; ".join(parts) + " ]")


def _property_header(pylode_page: Any, site: _Site, prop: URIRef) -> Any:
    title = _main_label(pylode_page.back_onts, prop, DCTERMS.title) or _main_label(site.terms, prop)
    if title is None:
        title = _pylode().utils.make_title_from_iri(prop) or _local_name(str(prop))
    description = _main_label(pylode_page.back_onts, prop, DCTERMS.description) or _main_label(
        site.terms, prop, SKOS.definition, RDFS.comment
    )
    fid = site.ontology_fids.get(str(prop))
    href = f"../index.html#{fid}" if fid is not None else str(prop)
    attributes = {"title": description} if description else {}
    return tags.a(str(title).title(), _class="hover_property", href=href, **attributes)


def _concept_section(pylode_page: Any, site: _Site, page_name: str, scheme: URIRef, page_concepts: list[URIRef]) -> Any:
    section = tags.div(tags.h2("Concepts"), id="concepts")
    for concept in page_concepts:
        table = tags.table(tags.tr(tags.th("IRI"), tags.td(tags.code(str(concept)))))
        for prop, found in _rows(site, concept, scheme):
            rendered = [_value(site, page_name, v) for v in found]
            cell = rendered[0] if len(rendered) == 1 else tags.ul(*(tags.li(r) for r in rendered))
            table.add(tags.tr(tags.th(_property_header(pylode_page, site, prop)), tags.td(cell)))
        section.add(
            tags.div(tags.h3(site.label(concept), id=site.anchor(str(concept))), table, _class="entity"),
        )
    return section


def _hierarchy_section(site: _Site, page_concepts: list[URIRef]) -> Any:
    on_page = set(page_concepts)
    children: dict[URIRef, list[URIRef]] = {c: [] for c in page_concepts}
    roots = []
    for concept in page_concepts:
        parents = [p for p in _broader(site.vocab, concept) if p in on_page and p != concept]
        for parent in parents:
            children[parent].append(concept)
        if not parents:
            roots.append(concept)
    reached: set[URIRef] = set()

    def branch(nodes: list[URIRef], path: frozenset[URIRef]) -> Any:
        items = tags.ul()
        for node in nodes:
            reached.add(node)
            item = tags.li(tags.a(site.label(node), href=f"#{site.anchor(str(node))}"))
            below = [c for c in children[node] if c not in path]
            if below:
                item.add(branch(below, path | {node}))
            items.add(item)
        return items

    tree = branch(roots, frozenset())
    cycle = [c for c in page_concepts if c not in reached]  # concepts of a broader-cycle: shown flat
    if cycle:
        tree.add(*(tags.li(tags.a(site.label(c), href=f"#{site.anchor(str(c))}")) for c in cycle))
    return tags.div(tags.h2("Concept Hierarchy"), tree, id="concept-hierarchy")


def _nav(*links: tuple[str, str]) -> Any:
    nav = tags.p(_class="kg-nav")
    for i, (text, href) in enumerate(links):
        if i:
            nav.add(" · ")
        nav.add(tags.a(text, href=href))
    return nav


# ---------------------------------------------------------------- pages


@dataclass
class Docs:
    """The generated files (path relative to the output folder -> text) and what to warn about."""

    pages: dict[str, str]
    warnings: list[str]


def _copy_in_order(target: Graph, source: Graph) -> None:
    """Copy ``source`` into ``target`` keeping the order of the file it was read from.

    A graph yields all its triples in an order that changes from run to run, and pyLODE
    documents terms in the order they were added. Its indexes by subject and by type keep
    the order of insertion, so: each typed subject in file order with its triples (and
    those of the blank nodes they reach), then any other triple, sorted.
    """
    seen: set[Node] = set()
    for subject in dict.fromkeys(source.subjects(RDF.type, None)):
        _add_description(target, source, subject, seen)
    rest = [t for t in source if t not in target]
    for triple in sorted(rest, key=lambda t: tuple("" if isinstance(n, BNode) else n.n3() for n in t)):
        target.add(triple)


def _ontology_graph(kg: Graph, vocab: Graph) -> Graph:
    """kg.ttl, with the OWL terms that vocab.ttl declares."""
    g = Graph(bind_namespaces="core")
    _copy_namespaces(g, kg)
    _copy_in_order(g, kg)
    seen: set[Node] = set()
    for term in owl_terms(vocab):
        _add_description(g, vocab, term, seen)
    return g


def _scheme_graph(vocab: Graph, scheme: URIRef, page_concepts: list[URIRef]) -> Graph:
    g = Graph(bind_namespaces="core")
    _copy_namespaces(g, vocab)
    _add_description(g, vocab, scheme)
    for vocabulary in _unique(vocab.subjects(RDF.type, OWL.Ontology)):
        for prop in INHERITED:
            if (scheme, prop, None) in g:
                continue
            for value in vocab.objects(vocabulary, prop):
                g.add((scheme, prop, value))
                if not isinstance(value, Literal):
                    _add_description(g, vocab, value)
    if _main_label(g, scheme, SKOS.prefLabel, RDFS.label, DCTERMS.title) is None:
        g.add((scheme, DCTERMS.title, Literal(_local_name(str(scheme)))))  # VocPub needs a title
    for concept in page_concepts:
        _add_description(g, vocab, concept)
    return g


def _vocab_index(site: _Site, vocab: Graph, css: str) -> str:
    vocabulary = next(iter(_unique(vocab.subjects(RDF.type, OWL.Ontology))), None)
    title = (_main_label(vocab, vocabulary) if vocabulary is not None else None) or "kg vocabularies"
    doc = document(title=title)
    with doc.head:
        tags.meta(charset="utf-8")
        tags.style(css + "\ntable.schemes td { padding: 0.4em 1em 0.4em 0; vertical-align: top; }\n")
    content = tags.div(id="content")
    content.add(_nav(("ontology", "../index.html"), ("vocabularies", "index.html")))
    content.add(tags.h1(title))
    if vocabulary is not None:
        meta = tags.dl(tags.dt(tags.strong("IRI")), tags.dd(tags.code(str(vocabulary))))
        shown_metadata = (
            (DCTERMS.description, "Description"),
            (OWL.versionIRI, "Version IRI"),
            (OWL.versionInfo, "Version"),
            (DCTERMS.created, "Created"),
            (DCTERMS.license, "License"),
        )
        for prop, name in shown_metadata:
            for value in vocab.objects(vocabulary, prop):
                shown = tags.a(str(value), href=str(value)) if isinstance(value, URIRef) else str(value)
                meta.add(tags.dt(tags.strong(name)), tags.dd(shown))
        content.add(meta)
    content.add(
        tags.p(
            "The controlled vocabularies of kg, one SKOS concept scheme each. A record names a concept by its "
            "local name, the part of its IRI after the scheme's namespace. The classes and properties that use "
            "them are in ",
            tags.a("the ontology", href="../index.html"),
            ".",
        )
    )
    table = tags.table(tags.tr(tags.th("Concept scheme"), tags.th("Definition"), tags.th("Concepts")), _class="schemes")
    for scheme, page in site.scheme_page.items():
        table.add(
            tags.tr(
                tags.td(tags.a(site.label(scheme), href=page), tags.br(), tags.code(str(scheme))),
                tags.td(_main_label(vocab, scheme, SKOS.definition, DCTERMS.description, RDFS.comment) or ""),
                tags.td(str(len(members(vocab, scheme)))),
            )
        )
    content.add(table)
    doc.add(content)
    return str(doc.render())


def render(kg: Graph, vocab: Graph) -> Docs:
    """All pages, from the two graphs (which are not changed)."""
    pylode = _pylode()
    with _background_read_once(pylode):
        return _render(pylode, kg, vocab)


def _render(pylode: types.ModuleType, kg: Graph, vocab: Graph) -> Docs:
    terms = Graph()
    for triple in (*kg, *vocab):
        terms.add(triple)
    namespaces = {ns: prefix for g in (vocab, kg) for prefix, ns in g.namespaces() if prefix}
    prefixes = sorted(((p, str(ns)) for ns, p in namespaces.items()), key=lambda pn: (-len(pn[1]), pn[0]))
    site = _Site(vocab=vocab, terms=terms, prefixes=prefixes)
    pages: dict[str, str] = {}
    warnings: list[str] = []

    ontology = pylode.OntPub(_ontology_graph(kg, vocab))
    ontology.content.add(_nav(("ontology", "index.html"), ("vocabularies", "vocab/index.html")))
    pages["index.html"] = _finish(ontology.make_html())
    site.ontology_fids = dict(ontology.fids)

    scheme_list = schemes(vocab)
    site.scheme_page = _page_names(scheme_list)
    scheme_members = {scheme: members(vocab, scheme) for scheme in scheme_list}
    for scheme, page_concepts in scheme_members.items():
        for concept in page_concepts:
            site.concept_pages.setdefault(concept, []).append(site.scheme_page[scheme])
    for concept in concepts(vocab):
        if concept not in site.concept_pages:
            warnings.append(f"{site.qname(str(concept)) or concept} is in no skos:ConceptScheme, so on no page")

    for scheme, page_concepts in scheme_members.items():
        name = site.scheme_page[scheme]
        page = pylode.VocPub(_scheme_graph(vocab, scheme, page_concepts))
        page.content.add(_nav(("ontology", "../index.html"), ("vocabularies", "index.html")))

        def hierarchy(page: Any = page, page_concepts: list[URIRef] = page_concepts) -> None:
            page.content.add(_hierarchy_section(site, page_concepts))

        def concept_tables(
            page: Any = page, name: str = name, scheme: URIRef = scheme, page_concepts: list[URIRef] = page_concepts
        ) -> None:
            page.content.add(_concept_section(page, site, name, scheme, page_concepts))

        page._make_concept_hierarchy = hierarchy
        page._make_main_sections = concept_tables
        pages[f"vocab/{name}"] = _finish(page.make_html())

    css = importlib.resources.files("pylode").joinpath("pylode.css").read_text(encoding="utf-8")
    pages["vocab/index.html"] = _finish(_vocab_index(site, vocab, css))
    pages["README.md"] = README
    return Docs(pages=pages, warnings=warnings)


def _generated_files(out_dir: Path) -> list[Path]:
    """The files in ``out_dir`` that the generator writes (and so may remove)."""
    found = [out_dir / "index.html", out_dir / "README.md", *sorted((out_dir / "vocab").glob("*.html"))]
    return [f for f in found if f.is_file()]


def write(docs: Docs, out_dir: Path) -> None:
    for old in _generated_files(out_dir):
        if old.relative_to(out_dir).as_posix() not in docs.pages:
            old.unlink()
    for name, text in docs.pages.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


def read(out_dir: Path) -> dict[str, bytes]:
    """The generated files now in ``out_dir`` (relative path -> bytes)."""
    return {f.relative_to(out_dir).as_posix(): f.read_bytes() for f in _generated_files(out_dir)}


def generate(out_dir: Path = DEFAULT_OUT, ontology_dir: Path = ONTOLOGY_DIR) -> Docs:
    docs = render(load(ontology_dir / "kg.ttl"), load(ontology_dir / "vocab.ttl"))
    write(docs, out_dir)
    return docs


# ---------------------------------------------------------------- the check


class _Text(HTMLParser):
    """The text of a page: each text node (stripped), and all of them joined, outside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: set[str] = set()
        self._parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.nodes.add(data.strip())
            self._parts.append(data)

    @property
    def text(self) -> str:
        return _squeeze("".join(self._parts))


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _page_text(path: Path) -> _Text:
    parser = _Text()
    if path.is_file():
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
    return parser


def show_label(label: Literal) -> str:
    return f'"{label}"@{label.language}' if label.language else f'"{label}"'


def missing_terms(kg: Graph, vocab: Graph, out_dir: Path) -> list[str]:
    """What of the two graphs the pages in ``out_dir`` lack: one line per missing IRI or label.

    Every OWL class and property of kg.ttl and vocab.ttl must have its IRI (as a text of its
    own) and each rdfs:label on ``index.html``; every skos:Concept of vocab.ttl its IRI and
    each skos:prefLabel, in every language, on one page of ``vocab/``.
    """
    problems: list[str] = []
    ontology_page = _page_text(out_dir / "index.html")
    for g in (kg, vocab):
        for term in owl_terms(g):
            if str(term) not in ontology_page.nodes:
                problems.append(f"index.html: no {term}")
                continue
            for label in _literals(g, term, RDFS.label):
                if _squeeze(str(label)) not in ontology_page.text:
                    problems.append(f"index.html: no label {show_label(label)} of {term}")
    vocab_pages = [_page_text(f) for f in sorted((out_dir / "vocab").glob("*.html"))]
    for concept in concepts(vocab):
        found = [p for p in vocab_pages if str(concept) in p.nodes]
        if not found:
            problems.append(f"vocab/: no {concept}")
            continue
        for label in _literals(vocab, concept, SKOS.prefLabel):
            if not any(_squeeze(str(label)) in p.text for p in found):
                problems.append(f"vocab/: no prefLabel {show_label(label)} of {concept}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out_dir", nargs="?", type=Path, default=DEFAULT_OUT, help="default: docs/ontology/")
    args = parser.parse_args(argv)
    out_dir: Path = args.out_dir
    kg, vocab = load(ONTOLOGY_DIR / "kg.ttl"), load(ONTOLOGY_DIR / "vocab.ttl")
    docs = render(kg, vocab)
    write(docs, out_dir)
    for warning in docs.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {len(docs.pages)} files to {out_dir} with pyLODE {pylode_version()}")
    problems = missing_terms(kg, vocab, out_dir)
    for problem in problems:
        print(f"missing: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
