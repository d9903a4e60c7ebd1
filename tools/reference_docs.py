"""The reference of every YAML field of kg's records, and of kg's namespaces, generated so it cannot drift.

    python tools/reference_docs.py [OUT_DIR]       # OUT_DIR defaults to docs/

writes

    OUT_DIR/fields.md        every field of every record (articles, quotes, figures, defaults,
                             perpetrators, attributions, the value forms, each registry's records)
    OUT_DIR/namespaces.md    every prefix kg's data uses, with its namespace IRI

The fields are read from the loader itself, not written down twice: the key sets the loader
checks (``ARTICLE_KEYS``, ``FIGURE_KEYS``, ... and each ``check_keys({...})`` of
``kg/loader/registry.py`` and ``kg/loader/article.py``), and, from the same functions' code,
which fields are required (``req_str``, ``record_id``, ``required=True``) and which forms a field
takes (a plain string; a value, quoted or inferred; also unknown; one or a list). The meaning of
each field is :data:`MEANINGS`, here; a field the loader accepts without a meaning here, or a
meaning for a field the loader no longer accepts, stops the generator (and so
``tests/test_docs.py``, which regenerates both files and compares them with ``docs/``).
"""

from __future__ import annotations

import ast
import inspect
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from kg.loader import article, catalogue, fields, registry
from kg.model.terms import ID, KINDS, PREFIXES

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs"
COMMAND = "python tools/reference_docs.py"
VOCAB_PAGE = "ontology/vocab/{scheme}.html"


@dataclass(frozen=True)
class Field:
    name: str
    required: bool
    form: str  # "text", "value", "value or unknown", "one or a list", "" (not read by a value reader)


@dataclass(frozen=True)
class Section:
    """One kind of record (or part of one) and where it is written."""

    key: str
    title: str
    where: str
    fields: tuple[Field, ...]


# --------------------------------------------------------------------------
# What the loader accepts, read from its code


@dataclass
class _Check:
    """One ``<var>.check_keys(...)`` call: the keys it allows, and what the code after it requires."""

    var: str
    line: int
    keys: frozenset[str]
    required: set[str]
    forms: dict[str, str]


def _function(module: ModuleType, name: str) -> ast.FunctionDef:
    tree = ast.parse(inspect.getsource(module))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise LookupError(f"{module.__name__} has no function {name}: update {COMMAND}")


def _strings(node: ast.AST, module: ModuleType) -> frozenset[str]:
    """A set or tuple literal of strings, or the name of a module constant holding one."""
    if isinstance(node, ast.Name):
        value = getattr(module, node.id)
        return frozenset(value if not isinstance(value, str) else (value,))
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return frozenset(e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return frozenset((node.value,))
    raise ValueError(f"line {getattr(node, 'lineno', 0)}: not a set of field names")


def _var(node: ast.AST) -> str | None:
    return node.id if isinstance(node, ast.Name) else None


def _loop_names(func: ast.FunctionDef) -> dict[str, tuple[str, ...]]:
    """``k`` -> the strings of ``keys`` for ``for k in keys`` (comprehensions) where ``keys = ("a", "b")``."""
    tuples = {t.id: n.value for n in ast.walk(func) if isinstance(n, ast.Assign) for t in n.targets
              if isinstance(t, ast.Name) and isinstance(n.value, ast.Tuple)}
    out: dict[str, tuple[str, ...]] = {}
    for node in ast.walk(func):
        if (isinstance(node, ast.comprehension) and isinstance(node.target, ast.Name)
                and isinstance(node.iter, ast.Name)):
            literal = tuples.get(node.iter.id)
            if literal is not None:
                out[node.target.id] = tuple(e.value for e in literal.elts
                                            if isinstance(e, ast.Constant) and isinstance(e.value, str))
    return out


_READERS = {"value": "value", "known": "value", "values": "one or a list"}


def _reads(func: ast.FunctionDef) -> Iterator[tuple[int, str, tuple[str, ...], bool, str]]:
    """Each field read in ``func``: (line, mapping variable, field names, required, form)."""
    loops = _loop_names(func)
    for node in ast.walk(func):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func
        keywords = {k.arg: k.value for k in node.keywords}
        flag = keywords.get("required")
        required = isinstance(flag, ast.Constant) and flag.value is True
        if isinstance(callee, ast.Attribute) and callee.attr in ("req_str", "opt_str") and node.args:
            name = node.args[0]
            if isinstance(name, ast.Constant) and isinstance(name.value, str) and (var := _var(callee.value)):
                yield node.lineno, var, (name.value,), callee.attr == "req_str", "text"
        elif isinstance(callee, ast.Name) and callee.id == "record_id" and node.args and (var := _var(node.args[0])):
            yield node.lineno, var, ("id",), True, "text"
        elif (isinstance(callee, ast.Attribute) and callee.attr in _READERS and len(node.args) >= 2
              and (var := _var(node.args[0]))):
            form = _READERS[callee.attr]
            unknown = keywords.get("allow_unknown")
            if isinstance(unknown, ast.Constant) and unknown.value is True:
                form += " or unknown"
            key = node.args[1]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield node.lineno, var, (key.value,), required, form
            elif isinstance(key, ast.Name) and key.id in loops:
                yield node.lineno, var, loops[key.id], required, form


def _checks(module: ModuleType, *functions: str) -> list[_Check]:
    """Every ``check_keys`` of ``functions``, in order, with the fields each later read requires."""
    checks: list[_Check] = []
    for name in functions:
        func = _function(module, name)
        found = [
            _Check(var, node.lineno, _strings(node.args[0], module), set(), {})
            for node in ast.walk(func)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "check_keys"
            and (var := _var(node.func.value)) is not None
        ]
        found.sort(key=lambda c: c.line)
        for line, var, names, required, form in sorted(_reads(func), key=lambda r: r[0]):
            owners = [c for c in found if c.var == var and c.line <= line] or [c for c in found if c.var == var]
            if not owners and checks and name != functions[0]:
                owners = [checks[-1]]  # a helper reading the fields of the record checked before it
            for check in owners[-1:]:
                for n in names:
                    if n in check.keys:
                        check.required |= {n} if required else set()
                        check.forms.setdefault(n, form)
        checks += found
    return checks


def _section(key: str, title: str, where: str, keys: frozenset[str], check: _Check | None = None,
             form: str = "") -> Section:
    return Section(key, title, where, tuple(
        Field(k, bool(check and k in check.required), check.forms.get(k, form) if check else form)
        for k in sorted(keys, key=_field_order(key))))


def _field_order(section: str) -> Callable[[str], tuple[int, str]]:
    first = ("id",)
    return lambda name: (0 if name in first else 1, name)


def sections() -> list[Section]:
    """Every record of the format, from the loader's own tables."""
    art = _checks(article, "load_article", "_archived_text")[0]
    quote = _checks(article, "_quote")[0]
    figure = _checks(article, "_figure")[0]
    attribution = _checks(article, "_attribution")[0]
    out = [
        _section("article", "Article", "`articles/<id>.yaml`, the whole file", art.keys, art),
        _section("quote", "Quote", "each item of an article's `quotes:`", quote.keys, quote),
        _section("figure", "Figure", "each item of an article's `figures:`", figure.keys, figure),
        _section("defaults", "Defaults", "`defaults:` of an article or of a quote (its figures inherit them)",
                 frozenset(article.DEFAULT_KEYS), form="as the figure's field"),
        _section("perpetrator", "Perpetrator (annotated)",
                 "a figure's `perpetrator:` written as a mapping, beside `value:` and the value forms' keys",
                 frozenset(article.PERPETRATOR_KEYS), form="text"),
        _section("attribution", "Attribution", "each item of an article's `attributions:`", attribution.keys,
                 attribution),
        _section("value", "Value forms", "the keys of any field written as a mapping (`field: {value: ..., ...}`)",
                 frozenset(fields.ANNOTATION_KEYS), form="see below"),
    ]
    opened = _checks(registry, "open_registry")[0]
    for file, loader in (*catalogue.REGISTRIES, *catalogue.OPTIONAL_REGISTRIES):
        lists = _registry_lists(loader.__name__)
        whole = _Check("root", 0, frozenset({"curator", *lists}), opened.required,
                       {**opened.forms, **dict.fromkeys(lists, "list")})
        out.append(_section(f"registry:{file}", f"`registry/{file}`", "the whole file", whole.keys, whole))
        checks = _checks(registry, loader.__name__)
        for check, (record, list_key) in zip(checks, _registry_records(loader.__name__), strict=True):
            out.append(_section(record, record.capitalize(), f"each item of `{list_key}:` in `registry/{file}`",
                                check.keys, check))
    return out


def _registry_lists(loader: str) -> tuple[str, ...]:
    """The list keys of a registry file: the second argument of its ``open_registry`` call."""
    func = _function(registry, loader)
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open_registry":
            return tuple(sorted(_strings(node.args[1], registry)))
    raise LookupError(f"{loader} does not call open_registry: update {COMMAND}")


def _registry_records(loader: str) -> list[tuple[str, str]]:
    """(record name, list key) of each ``<m>.items(list_key, record)`` loop of a registry loader, in order."""
    func = _function(registry, loader)
    items: list[tuple[int, str, str]] = []
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "items":
            names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if len(names) == 2 == len(node.args):
                items.append((node.lineno, names[1], names[0]))
    return [(record, key) for _, record, key in sorted(items)]


# --------------------------------------------------------------------------
# What each field means: the one thing written here by hand

_SCHEME = "a concept of the `{0}` vocabulary ([list]({1}))"


def _concept(scheme: str) -> str:
    return _SCHEME.format(scheme, VOCAB_PAGE.format(scheme=scheme))


_FIGURE_LINKS = "a figure id (any article)"
MEANINGS: dict[str, dict[str, str]] = {
    "article": {
        "id": "The article's id: lower-case letters, digits and hyphens, equal to the file name. It becomes the "
              "article's IRI (`article:<id>`) and never changes.",
        "curator": "The curator (an actor id of type curator) who wrote the record; inferences are attributed to them.",
        "text": "The archived text's path, relative to the data folder (`sources/<id>.txt`).",
        "sha256": "The SHA-256 of the archived text; a text that no longer matches is an error.",
        "archived_as": "Optional: how the text was archived (e.g. a web archive's URL or a file name).",
        "language": "The text's language (BCP 47, `en`, `ar`); quotes default to it.",
        "headline": "The headline: `{quote: id}` names the quote that is it; `{unknown: why}` when there is none.",
        "alternative_headline": "Another headline of the same article (a sub-title, a second version).",
        "published": "When it was published (any date form, see *Dates* in records.md), or unknown.",
        "publisher": "The publishing outlet (an actor id), or inferred, or unknown.",
        "url": "Where it was published, or inferred, or unknown.",
        "relays": "The reports the article relays (report ids).",
        "credited_source": "Whom the whole article credits (an actor id).",
        "quotes": "The sentences of the text that figures and attributions cite (below).",
        "figures": "Every number of the text that is recorded (below).",
        "attributions": "Who says who did an incident (below).",
        "mirror_of": "This text is the same text as that article, published elsewhere (an article id).",
        "translation_of": "This text is a translation of that article (an article id).",
        "translated_by": "With `translation_of`: who translated (an actor id).",
        "defaults": "Values every figure of the article inherits unless it sets its own (below).",
    },
    "quote": {
        "id": "The quote's id, unique in the article; figures name it in `quote:`.",
        "text": "The exact words, copied from the archived text (kg finds them and computes the offsets).",
        "occurrence": "Which occurrence of `text` (from 1), when the words occur more than once.",
        "spoken_by": "A person or organisation speaking in the quote (an actor id).",
        "language": "The quote's language, when not the article's.",
        "translation": "The curator's own rendering of the quote (marked as the curator's in RDF).",
        "translation_of": "This quote is the outlet's translation of that quote (`article-id.quote-id`).",
        "defaults": "Like the article's `defaults`, for the figures of this quote (wins over the article's).",
    },
    "figure": {
        "id": "The figure's id, unique across the whole corpus (`figure:<id>`).",
        "quote": "The quote the figure is in (a quote id of the same article).",
        "words": "The figure's own words inside the quote; they must state `value` (or `low`/`high`) and the "
                 "qualifier.",
        "occurrence": "Which occurrence of `words` in the quote, when they occur more than once.",
        "value": "The number the words state (`1,928`, `fifty-two`, `٥٢` are all 1928 / 52).",
        "low": "The lower bound the words state (`between 20 and 60`: 20).",
        "high": "The upper bound the words state (`between 20 and 60`: 60).",
        "qualifier": _concept("qualifiers") + "; it declares the numeric bounds.",
        "counts": "What is counted: " + _concept("counted") + ".",
        "group": "Who was counted: " + _concept("groups") + ".",
        "target": "What was hit: " + _concept("targets") + ".",
        "weapon": _concept("weapons") + ".",
        "unit": _concept("units") + "; default: the unit of `counts`.",
        "perpetrator": "Who did it, as the text says: an actor id, an annotated perpetrator (below) or a list.",
        "period": "What the figure covers: an interval of dates, `..` open (`2015-09/..`).",
        "area": "Where (a place id).",
        "as_of": "When the figure was true (any date form, with `sequence` and `marker` for same-day updates).",
        "subset_of": "A figure this one is part of (`including`): inferred unless the text states it.",
        "rounding_of": "The exact figure this one rounds (`almost 2,000` of 1,928): a curator's reading.",
        "incident": "The incident the figure counts (an incident id).",
        "measure": "The measures (ids) the figure is a reading of; one or several.",
        "stated_by": "Who states the number (an actor id: an organisation, a person, an unnamed source).",
        "report": "The report the number comes from (a report id).",
        "via": "The credited chain from the article outwards, nearest first (actor ids).",
        "revises": "An earlier figure this one restates for the same period (" + _FIGURE_LINKS + ").",
        "qualifier_covers": "Figures the qualifier is read as also covering (a curator inference).",
        "rank": "`preferred`, `normal` or `deprecated`, when not derived (give `inferred`).",
    },
    "defaults": {},  # the figure's meanings, inherited: filled in below
    "perpetrator": {
        "stance": "`asserted` (the default), `hedged` or `denied`.",
        "hedge": "With `hedged`: the hedging words, as they are in the quote (`most likely`).",
        "by": "With `denied`: who denies it (an actor id, or any value form).",
    },
    "attribution": {
        "id": "The attribution's id.",
        "incident": "The incident (an incident id).",
        "perpetrator": "Who did it, according to `according_to` (an actor id).",
        "according_to": "Who says so, or who denies it (an actor id).",
        "quote": "The quote where it is said (a quote id).",
        "stance": "`asserted` (the default), `hedged` or `denied`.",
        "hedge": "With `hedged`: the hedging words of the quote.",
    },
    "value": {
        "value": "The value itself.",
        "quote": "The quote (same article) where the text states it; alone, the quote's text is the value.",
        "inferred": "The curator's reason: the value is an inference, not the text's words.",
        "evidence": "With `inferred`: a URL, or a list of URLs, that support it.",
        "unknown": "Why the value is not known (only where the field allows unknown; it stands alone).",
        "earliest": "Dates: the earliest day it can be (without `value`; needs `inferred` or `quote`).",
        "latest": "Dates: the latest day it can be.",
        "sequence": "Dates: the order of same-day updates (a whole number from 1).",
        "marker": "Dates: the source's own word for the update (`preliminary`, `updated`).",
    },
    "actor": {
        "id": "The actor's id (`actor:<id>`).",
        "type": _concept("actor-types") + ".",
        "name": "The actor's name in English.",
        "alt_names": "Other names: strings, or `{name: ..., lang: ...}`.",
        "part_of": "The organisation it belongs to (an actor id).",
        "wikidata": "Its Wikidata item (`Q123`); the older form of `ids: {wikidata: ...}`.",
        "positions": "A person's positions: `{organisation, role}` (below).",
        "ids": "External identifiers: `{wikidata: Q858, acled: SYR1234, <dataset>: <id>}`.",
    },
    "position": {
        "organisation": "The organisation (an actor id) the person speaks for.",
        "role": _concept("roles") + ".",
    },
    "place": {
        "id": "The place's id (`place:<id>`).",
        "type": _concept("place-types") + ".",
        "name": "The place's name in English.",
        "alt_names": "Other names and spellings: strings, or `{name: ..., lang: ...}`.",
        "within": "The place it is in (a place id); every place reaches a country.",
        "wikidata": "Its Wikidata item; the older form of `ids: {wikidata: ...}`.",
        "geonames": "Its GeoNames id (digits); the older form of `ids: {geonames: ...}`.",
        "point": "`[latitude, longitude]` or `\"latitude, longitude\"`.",
        "ids": "External identifiers (as for actors).",
    },
    "campaign": {
        "id": "The campaign's id (`campaign:<id>`).",
        "name": "Its name.",
        "start": "When it started (any date form).",
        "place": "Where (a place id).",
    },
    "incident": {
        "id": "The incident's id (`incident:<id>`).",
        "name": "Its name.",
        "types": _concept("incident-types") + "; one or several.",
        "place": "Where (a place id).",
        "date": "When (any date form), or unknown.",
        "campaign": "The campaign it is part of (a campaign id).",
        "ids": "External identifiers (ACLED, UCDP, ...).",
    },
    "report": {
        "id": "The report's id (`report:<id>`).",
        "issuer": "Who issued it (an actor id).",
        "date": "When it was issued (any date form), or unknown.",
        "title": "Its title.",
        "description": "What it is, in a sentence.",
        "supersedes": "The earlier edition of the same series it replaces (a report id).",
    },
    "measure": {
        "id": "The measure's id (`measure:<id>`).",
        "name": "Its name.",
        "definition": "What it counts, over which scope: figures of one measure are readings of one quantity.",
    },
    "concept": {
        "id": "The concept's id (`kgv:<id>`), used in records by that name.",
        "scheme": "Its vocabulary: one of " + ", ".join(f"`{s}`" for s in registry.CONCEPT_SCHEMES) + ".",
        "label": "Its English label (`skos:prefLabel`).",
        "labels": "More labels, any language: strings or `{label: ..., lang: ...}`.",
        "definition": "What it means (`skos:definition`).",
        "broader": "A broader concept of the same scheme.",
        "bound": "Qualifiers: which bound the value is: `lower`, `upper`, `both`, `none` or `words`.",
        "low": "Qualifiers of vague quantities: the conventional lower bound (`dozens`: 24).",
        "high": "Qualifiers of vague quantities: the conventional upper bound (`dozens`: 99).",
        "unit": "Counted things: the unit of what it counts (a `units` concept).",
    },
}
_REGISTRY_FILE = {
    "curator": "The curator (an actor id of type curator) who keeps the registry.",
    "actors": "The actors (below).",
    "places": "The places (below).",
    "campaigns": "The campaigns (below).",
    "incidents": "The incidents (below).",
    "reports": "The reports (below).",
    "measures": "The measures (below).",
    "concepts": "The curators' own vocabulary concepts (below).",
}


def _meanings(section: Section) -> dict[str, str]:
    if section.key == "defaults":
        return {k: f"As the figure's `{k}`." for k in MEANINGS["figure"]}
    if section.key.startswith("registry:"):
        return _REGISTRY_FILE
    return MEANINGS.get(section.key, {})


def missing_meanings(found: list[Section]) -> list[str]:
    """Fields the loader accepts that have no meaning here, and meanings of fields it does not accept."""
    problems = []
    for section in found:
        meanings = _meanings(section)
        names = {f.name for f in section.fields}
        problems += [f"{section.key}.{n}: no meaning in {COMMAND}" for n in sorted(names - set(meanings))]
        if section.key in MEANINGS and section.key != "defaults":
            problems += [f"{section.key}.{n}: the loader does not accept it" for n in sorted(set(meanings) - names)]
    return problems


# --------------------------------------------------------------------------
# The pages


def render_fields(found: list[Section] | None = None) -> str:
    found = sections() if found is None else found
    problems = missing_meanings(found)
    if problems:
        raise ValueError("\n".join(problems))
    out = [
        "# Record fields: the reference",
        "",
        f"Generated by `{COMMAND}` from the loader's own tables (`kg/loader/article.py`, `registry.py`,",
        "`fields.py`); `tests/test_docs.py` fails when it is stale. [records.md](records.md) explains the format with",
        "examples; this page lists every field the loader accepts, and nothing else: any other key is an error",
        "that names the known fields.",
        "",
        "**Forms.** *text*: a plain string. *value*: plain (`field: x`), or a mapping that says how it is known",
        "(`{value: x, quote: q}`, `{value: x, inferred: why, evidence: URL}`; see *Value forms*). *or unknown*: also",
        "`{unknown: why}`. *one or a list*: one value or a YAML list of values, each in any value form. *—*: a form of",
        "its own, which the meaning describes. **Required** fields of a figure that `defaults` may hold can be given",
        "there instead.",
        "",
        "Vocabulary terms are named by their local name (`qualifier: at-least`); the concepts of each vocabulary are",
        "listed in [ontology/vocab/](ontology/vocab/index.html).",
        "",
    ]
    for section in found:
        out += [f"## {section.title}", "", f"Where: {section.where}.", "", "| field | required | form | meaning |",
                "|---|---|---|---|"]
        meanings = _meanings(section)
        for f in section.fields:
            meaning = meanings[f.name][:1].upper() + meanings[f.name][1:]
            out.append(f"| `{f.name}` | {'yes' if f.required else ''} | {f.form or '—'} | {meaning} |")
        out.append("")
    return "\n".join(out)


_NAMESPACES = {
    "kg": "kg's ontology: classes and properties (`kg:Figure`, `kg:value`, `kg:quote`)",
    "kgv": "kg's vocabularies: SKOS concepts (`kgv:at-least`, `kgv:killed`, `kgv:civilians`)",
    "sem": "Simple Event Model: incidents, actors in roles",
    "oa": "W3C Web Annotation: quotes, selectors, annotations",
    "schema": "schema.org: articles, reports, publishers, identifiers",
    "geo": "GeoSPARQL: places and their geometries",
    "org": "W3C Organization: people's positions",
    "wd": "Wikidata entities",
    "prov": "PROV-O: attribution and derivation",
    "skos": "SKOS: the vocabularies",
    "rdf": "RDF", "rdfs": "RDF Schema", "xsd": "XML Schema datatypes", "owl": "OWL",
    "dct": "Dublin Core terms: `dct:isPartOf`, `dct:language`",
}


def render_namespaces() -> str:
    problems = sorted(set(PREFIXES) - set(_NAMESPACES) - set(KINDS))
    if problems:
        raise ValueError(f"prefixes with no description in {COMMAND}: {', '.join(problems)}")
    out = [
        "# Namespaces and prefixes",
        "",
        f"Generated by `{COMMAND}` from `kg/model/terms.py`; `tests/test_docs.py` fails when it is stale.",
        "",
        "Every prefix below is declared for you in `kg query --sparql` and `--file` queries; a query that declares",
        "one of them with another namespace matches nothing, and kg warns. Tables print IRIs with these prefixes",
        "(`actor:snhr`), and every command takes a record written that way, as its bare id (`snhr`) or as its IRI.",
        "",
        "```sparql",
        "SELECT ?figure ?value WHERE { ?figure a kg:Figure ; kg:value ?value ; kg:statedBy actor:snhr }",
        "ORDER BY ?figure",
        "```",
        "",
        "## Vocabularies",
        "",
        "| prefix | namespace | what |",
        "|---|---|---|",
    ]
    out += [f"| `{p}:` | `{PREFIXES[p]}` | {_NAMESPACES[p]} |" for p in _NAMESPACES]
    out += [
        "",
        "## Records",
        "",
        f"Every record's IRI is `{ID}<kind>/<id>`, minted from its id and never from its content; each kind is",
        "its own prefix.",
        "",
        "| prefix | namespace |",
        "|---|---|",
    ]
    out += [f"| `{k}:` | `{PREFIXES[k]}` |" for k in KINDS]
    out.append("")
    return "\n".join(out)


def pages() -> dict[str, str]:
    """File name -> generated text."""
    return {"fields.md": render_fields(), "namespaces.md": render_namespaces()}


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in pages().items():
        (out_dir / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {out_dir / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
