"""``kg trace``: a figure, followed back to the exact words it came from.

One record per matching figure: its value and qualifiers, the quote (exact
words, context and code-point offsets in the archived text), the article, the
report and its issuer, the relay chain from the article to the origin, how
many independent sources stand behind it, and every part of it that is a
curator's inference rather than a statement of the text, with the reason.
"""

from __future__ import annotations

import json
import mmap
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.ask import ids, network, queries
from kg.ask.source import Source, as_source
from kg.model.cell import Cell
from kg.model.errors import UsageError
from kg.model.resources import QUERIES_DIR
from kg.model.terms import KG, KGV, kind_of, local_id

TRACE_QUERY = "trace-figure"

#: Which trace field a reified inference about a figure, article or report concerns.
FIELDS_BY_PREDICATE = {
    str(KG.perpetrator): "perpetrator",
    str(KG.statedBy): "stated_by",
    str(KG.reportedIn): "report",
    str(KG.area): "place",
    str(KG.period): "period",
    str(KG.periodStart): "period",
    str(KG.periodEnd): "period",
    str(KG.value): "value",
    str(KG.lowerBound): "low",
    str(KG.upperBound): "high",
    "https://schema.org/publisher": "article.publisher",
    "https://schema.org/url": "article.url",
    "https://schema.org/datePublished": "article.published",
    str(KG.earliest): "date",
    str(KG.latest): "date",
    str(KG.date): "date",
    "https://schema.org/name": "report.title",
    str(KG.roundingOf): "rounding_of",
    str(KG.subsetOf): "subset_of",
    str(KG.qualifierCovers): "qualifier_covers",
    str(KG.revises): "revises",
    str(KG.measure): "measures",
    str(KG.incident): "incident",
    str(KG.asOf): "as_of",
    str(KG.sequence): "as_of",
    str(KG.updateMarker): "as_of",
    str(KG.unit): "unit",
    str(KG.rank): "rank",
    str(KG.qualifier): "qualifier",
    str(KG.counts): "counts",
    str(KG.group): "group",
    str(KG.relays): "relays",
    str(KG.relayedBy): "via",
    str(KG.creditedSource): "credited_source",
    "https://schema.org/translator": "translated_by",
    "https://schema.org/translationOfWork": "translation_of",
    str(KG.mirrorOf): "mirror_of",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#value": "perpetrator",  # a perpetrator claim's actor
    "http://semanticweb.cs.vu.nl/2009/11/sem/accordingTo": "perpetrator",  # who denies it
}

#: The record field a figure inherited from its article's or quote's defaults, by the property it became.
INHERITED_FIELDS = {
    str(KG.statedBy): "stated_by", str(KG.reportedIn): "report", str(KG.perpetrator): "perpetrator",
    str(KG.period): "period", str(KG.area): "place", str(KG.creditedChain): "via", str(KG.asOf): "as_of",
    str(KG.incident): "incident", str(KG.measure): "measures", str(KG.counts): "counts", str(KG.group): "group",
    str(KG.target): "target", str(KG.weapon): "weapon", str(KG.unit): "unit",
}

# What the real-reporting model adds to a trace, for the figures traced: unit, every measure, the
# explicit or derived rank (Wikidata's: deprecated when a later edition of the same issuer's series
# -- kg:supersedes, transitively -- has a figure of the same measure, or a later figure kg:revises it;
# preferred when it supersedes or revises others; normal otherwise), perpetrator claims with their
# stance, the credited chain, inherited fields and the as-of date's bounds and same-day order.
_EXTRAS = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
SELECT ?figure ?key ?a ?b ?c WHERE {
  VALUES ?figure { %s }
  {
    ?figure kg:unit ?a BIND("unit" AS ?key)
  } UNION {
    ?figure kg:measure ?a BIND("measure" AS ?key)
  } UNION {
    ?figure kg:rank ?a BIND("rank" AS ?key)
  } UNION {
    ?later kg:revises ?figure BIND("revised_by" AS ?key) BIND(?later AS ?a)
  } UNION {
    ?figure kg:revises ?a BIND("revises" AS ?key)
  } UNION {
    ?figure kg:measure ?m ; kg:reportedIn ?r .
    ?newer kg:supersedes+ ?r .
    ?a kg:measure ?m ; kg:reportedIn ?newer .
    BIND("superseded_by" AS ?key) BIND(?newer AS ?b)
  } UNION {
    ?figure kg:measure ?m ; kg:reportedIn ?r .
    ?r kg:supersedes+ ?older .
    ?a kg:measure ?m ; kg:reportedIn ?older .
    BIND("supersedes" AS ?key)
  } UNION {
    ?figure kg:perpetratorClaim ?claim .
    ?claim rdf:value ?a ; kg:stance ?b .
    OPTIONAL { ?claim kg:hedge ?c0 }
    OPTIONAL { ?claim sem:accordingTo ?c1 }
    BIND("claim" AS ?key) BIND(COALESCE(?c0, ?c1) AS ?c)
  } UNION {
    ?figure kg:creditedChain ?step . ?step kg:position ?b ; kg:relayedBy ?a . BIND("via" AS ?key)
  } UNION {
    ?figure kg:perpetratorClaim|kg:creditedChain ?a BIND("owned" AS ?key)
  } UNION {
    ?figure kg:inheritedProperty ?a BIND("inherited" AS ?key)
  } UNION {
    ?figure kg:earliest ?a BIND("as_of_earliest" AS ?key)
  } UNION {
    ?figure kg:latest ?a BIND("as_of_latest" AS ?key)
  } UNION {
    ?figure kg:sequence ?a BIND("as_of_sequence" AS ?key)
  } UNION {
    ?figure kg:updateMarker ?a BIND("as_of_marker" AS ?key)
  } UNION {
    ?figure kg:quote/dct:isPartOf/kg:earliest ?a BIND("published_earliest" AS ?key)
  } UNION {
    ?figure kg:quote/dct:isPartOf/kg:latest ?a BIND("published_latest" AS ?key)
  } UNION {
    ?figure kg:reportedIn/kg:earliest ?a BIND("report_earliest" AS ?key)
  } UNION {
    ?figure kg:reportedIn/kg:latest ?a BIND("report_latest" AS ?key)
  }
}
"""

_INFERENCES = """
PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?subject ?predicate ?object ?reason (GROUP_CONCAT(STR(?ev); separator=" ") AS ?evidence) WHERE {
  VALUES ?subject { %s }
  ?inference a kg:CuratorInference ; rdf:subject ?subject ; rdf:predicate ?predicate ;
             rdf:object ?object ; kg:reason ?reason .
  OPTIONAL { ?inference kg:evidence ?ev }
} GROUP BY ?subject ?predicate ?object ?reason ORDER BY ?subject ?predicate ?object
"""

_GRAPHS = """
PREFIX kg: <https://w3id.org/kg/ns#>
SELECT DISTINCT ?figure ?graph WHERE {
  VALUES ?figure { %s }
  GRAPH ?graph { ?figure a kg:Figure }
}
"""

_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?x (SAMPLE(?l) AS ?label) WHERE {
  VALUES ?x { %s }
  { ?x rdfs:label ?l } UNION { ?x skos:prefLabel ?l FILTER(LANGMATCHES(LANG(?l), "en")) }
} GROUP BY ?x
"""


def trace(store: ox.Store | Source, figure: str | None = None, value: str | None = None,
          build_dir: Path | None = None) -> list[dict[str, Any]]:
    """Trace figures by id or by value; raise :class:`UsageError` when none match.

    ``store`` is the built store or any :class:`~kg.source.Source` (a remote
    endpoint). ``build_dir``, when given, supplies each record's origin line
    (``record``) from its ``origins.json``.
    """
    source = as_source(store)
    if figure is None and value is None:
        raise UsageError("give a figure id (kg trace children-1928) or a value (kg trace --value 1928)")
    if figure is not None and value is not None:
        raise UsageError("give a figure id or --value, not both")
    raw: dict[str, str] = {}
    if figure is not None:
        raw["figure"] = figure
    if value is not None:
        try:
            raw["value"] = str(Decimal(value.replace(",", "")))
        except InvalidOperation:
            raise UsageError(f"--value: {queries.shown(value)} is not a number") from None
    stored = queries.load(QUERIES_DIR / f"{TRACE_QUERY}.rq")
    bindings = queries.bind(stored, raw)
    table = source.select(stored.text, bindings)
    if not table.rows:
        if figure is not None:
            raise ids.unknown(source, bindings["figure"].value, hint="kg query trace-figure lists the figures")
        raise UsageError(f"no figure with value {value} in the graph (kg query trace-figure lists the figures)")
    # one record per figure: a figure of several measures is one row per measure in the stored query;
    # the trace lists them all under "measures"
    firsts: dict[str, dict[str, Cell]] = {}
    for values in table.rows:
        firsts.setdefault(str(values[table.columns.index("figure")]), dict(zip(table.columns, values, strict=True)))
    rows = list(firsts.values())
    graph = network.provenance_graph(source, around=[str(row["figure"]) for row in rows])
    origins = _origins(source, build_dir, [str(row["figure"]) for row in rows])
    iris = {part for row in rows for v in row.values() if isinstance(v, str)
            for part in v.split() if part.startswith("https://w3id.org/")}
    chains = {str(row["figure"]): network.chain(graph, str(row["figure"])) for row in rows}
    iris |= {node for chain in chains.values() for node in chain}
    extras = _extras(source, [str(row["figure"]) for row in rows])
    iris |= {v for found in extras.values() for rows_ in found.values() for r in rows_ for v in r
             if isinstance(v, str) and v.startswith("https://w3id.org/")}
    labels = _labels(source, iris)
    out = []
    for row in rows:
        fig = str(row["figure"])
        found = extras.get(fig, {})
        owned = _owned_nodes(found)
        subjects = [s for s in (fig, row.get("document"), row.get("report"), *owned) if isinstance(s, str)]
        inferred = _inferences(source, subjects, fig, labels, owned)
        corroboration = network.corroboration(graph, fig)
        record = _record(row, labels, chains[fig], inferred, corroboration, origins.get(fig))
        record.update(_real_reporting(found, labels, record))
        record["article"].update(published_earliest=_first(found, "published_earliest"),
                                 published_latest=_first(found, "published_latest"))
        record["report"].update(date_earliest=_first(found, "report_earliest"),
                                date_latest=_first(found, "report_latest"))
        out.append(record)
    return out


def _first(found: dict[str, list[tuple[Cell, Cell, Cell]]], key: str) -> Cell:
    rows = found.get(key, [])
    return rows[0][0] if rows else None


def _extras(source: Source, figures: list[str]) -> dict[str, dict[str, list[tuple[Cell, Cell, Cell]]]]:
    table = source.select(_EXTRAS % _values(figures))
    out: dict[str, dict[str, list[tuple[Cell, Cell, Cell]]]] = {}
    for figure, key, a, b, c in table.rows:
        found = out.setdefault(str(figure), {}).setdefault(str(key), [])
        if (a, b, c) not in found:
            found.append((a, b, c))
    return out


def _real_reporting(found: dict[str, list[tuple[Cell, Cell, Cell]]], labels: dict[str, str],
                    record: dict[str, Any]) -> dict[str, Any]:
    """The keys the real-reporting model adds: unit, measures, rank, superseded_by, stance, claims, via,
    inherited, the as-of date's bounds, and the names of the fields that are curator inferences."""

    def ref(iri: Cell) -> dict[str, str]:
        return {"id": local_id(str(iri)), "label": labels.get(str(iri), local_id(str(iri)))}

    def one(key: str) -> Cell:
        return _first(found, key)

    measures = sorted((ref(a) for a, _, _ in found.get("measure", [])), key=lambda m: m["id"])
    superseded = sorted(found.get("revised_by", []) + found.get("superseded_by", []), key=lambda r: str(r[0]))
    explicit = _concept(one("rank"))
    if explicit is not None:
        rank = explicit
    elif superseded:
        rank = "deprecated"
    elif found.get("supersedes") or found.get("revises"):
        rank = "preferred"
    else:
        rank = "normal"
    claims = [{"id": local_id(str(a)), "label": labels.get(str(a), local_id(str(a))), "stance": _concept(b),
               "hedge": c if _concept(b) == "hedged" else None,
               "denied_by": ref(c)["id"] if _concept(b) == "denied" and c else None}
              for a, b, c in sorted(found.get("claim", []), key=lambda r: (str(r[0]), str(r[1])))]
    stances = {claim["stance"] for claim in claims}
    if "denied" in stances:
        stance: str | None = "denied"
    elif "hedged" in stances:
        stance = "hedged"
    elif record.get("perpetrator"):
        stance = "asserted"
    else:
        stance = None
    via = [ref(a) for a, _, _ in sorted(found.get("via", []), key=lambda r: int(str(r[1])))]
    inherited = sorted({INHERITED_FIELDS.get(str(a), local_id(str(a))) for a, _, _ in found.get("inherited", [])})
    inferred = sorted({i["field"] for i in record["inferences"] if "." not in i["field"]})
    return {
        "unit": _concept(one("unit")),
        "measures": measures,
        "rank": rank,
        "superseded_by": local_id(str(superseded[0][0])) if superseded and rank == "deprecated" else None,
        "stance": stance,
        "perpetrator_claims": claims,
        "via": via,
        "inherited": inherited,
        "as_of_earliest": one("as_of_earliest"),
        "as_of_latest": one("as_of_latest"),
        "as_of_sequence": one("as_of_sequence"),
        "as_of_marker": one("as_of_marker"),
        "revises": local_id(str(one("revises"))) if one("revises") else None,
        "inferred": inferred,
    }


def _record(row: dict[str, Cell], labels: dict[str, str], chain: list[str], inferred: list[dict[str, Any]],
            corroboration: network.Corroboration, origin: str | None) -> dict[str, Any]:
    def ref(key: str) -> dict[str, str] | None:
        iri = row.get(key)
        if not isinstance(iri, str) or not iri:
            return None
        return {"id": local_id(iri), "label": labels.get(iri, local_id(iri))}

    perpetrators = [p for p in str(row.get("perpetrators") or "").split() if p]
    return {
        "id": local_id(str(row["figure"])),
        "words": labels.get(str(row["figure"])),
        "value": row.get("value"),
        "low": row.get("low"),
        "high": row.get("high"),
        "qualifier": _concept(row.get("qualifier")),
        "counts": _concept(row.get("counts")),
        "group": _concept(row.get("group")),
        "target": _concept(row.get("target")),
        "weapon": _concept(row.get("weapon")),
        "perpetrator": [{"id": local_id(p), "label": labels.get(p, local_id(p))} for p in perpetrators] or None,
        "period": row.get("period"),
        "place": ref("place"),
        "as_of": row.get("as_of"),
        "stated_by": ref("stated_by"),
        "measure": ref("measure"),
        "incident": ref("incident"),
        "subset_of": ref("subset_of"),
        "rounding_of": ref("rounding_of"),
        "quote": {
            "exact": row.get("exact"),
            "prefix": row.get("prefix"),
            "suffix": row.get("suffix"),
            "start": row.get("start"),
            "end": row.get("end"),
            "document": local_id(str(row["document"])),
        },
        "article": {
            "id": local_id(str(row["document"])),
            "headline": row.get("headline"),
            "publisher": labels.get(str(row.get("publisher"))) if row.get("publisher") else None,
            "published": row.get("published"),
        },
        "report": {
            "id": local_id(str(row["report"])) if row.get("report") else None,
            "label": labels.get(str(row.get("report"))) if row.get("report") else None,
            "issuer": labels.get(str(row.get("issuer"))) if row.get("issuer") else None,
            "date": row.get("report_date"),
        },
        "chain": [{"id": local_id(n), "kind": _kind(n), "label": labels.get(n, local_id(n))} for n in chain],
        "depth": len(chain) - 1,
        "independent_sources": [local_id(o) for o in corroboration.origins],
        "articles_stating_it": [local_id(a) for a in corroboration.articles],
        "inferences": inferred,
        "record": origin,
    }


def _kind(iri: str) -> str:
    return kind_of(iri) or "resource"


def _concept(value: Cell) -> str | None:
    """``kgv:at-least`` -> ``at-least``."""
    return str(value).removeprefix(str(KGV)) if isinstance(value, str) and value else None


def _values(iris: list[str] | set[str]) -> str:
    """IRIs from the store as SPARQL terms, serialized (and validated) by pyoxigraph."""
    return " ".join(str(ox.NamedNode(i)) for i in sorted(iris))


def _labels(source: Source, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    table = source.select(_LABELS % _values(iris))
    return {str(x): str(label) for x, label in table.rows if label is not None}


def _owned_nodes(found: dict[str, list[tuple[Cell, Cell, Cell]]]) -> list[str]:
    """The nodes that are parts of the figure: its perpetrator claims and its credited chain's steps."""
    return sorted(str(a) for a, _, _ in found.get("owned", []))


def _inferences(source: Source, subjects: list[str], figure: str, labels: dict[str, str],
                owned: list[str] | None = None) -> list[dict[str, Any]]:
    table = source.select(_INFERENCES % _values(subjects))
    out: list[dict[str, Any]] = []
    for subject, predicate, obj, reason, evidence in table.rows:
        field = FIELDS_BY_PREDICATE.get(str(predicate)) or str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        if subject in (owned or ()):
            subject = figure  # a claim or a relay step is part of the figure
        if subject == figure and field == "date":
            field = "as_of"  # a figure's only date is its as-of date (kg:earliest, kg:latest)
        if subject != figure and not field.startswith(("article.", "report.")):
            field = f"{'article' if '/article/' in str(subject) else 'report'}.{field}"
        entry = {
            "field": field,
            "value": labels.get(str(obj), local_id(str(obj)) if str(obj).startswith("https://w3id.org/kg/") else obj),
            "reason": reason,
            "evidence": str(evidence).split() if evidence else [],
        }
        # a date is reified once per triple (kg:date, kg:earliest, kg:latest): report it once
        if not any(e["field"] == field and e["reason"] == reason for e in out):
            out.append(entry)
    return out


def _origins(source: Source, build_dir: Path | None, figures: list[str]) -> dict[str, str]:
    """``{figure: "path:line"}`` from the build's ``origins.json``, for the given figures only.

    The file groups IRIs by graph IRI, graphs in sorted order (:func:`kg.build.outputs.origins_json`):
    each figure is looked up in the blocks of the graphs that hold it, found by bisecting the
    file, so that the cost does not grow with the build. When an IRI is in several graphs the
    last one wins, as when the whole file is read; a file in another layout is read whole.
    """
    path = build_dir / "origins.json" if build_dir is not None else None
    if path is None or not path.is_file() or not figures:
        return {}
    if path.stat().st_size < 8:  # "{}": no graph
        flat = _all_origins(path) if path.stat().st_size else {}
        return {fig: flat[fig] for fig in figures if fig in flat}
    graphs: dict[str, list[str]] = {}
    for figure, graph in source.select(_GRAPHS % _values(set(figures))).rows:
        graphs.setdefault(str(figure), []).append(str(graph))
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if not _grouped(data):
            flat = _all_origins(path)
            return {fig: flat[fig] for fig in figures if fig in flat}
        out: dict[str, str] = {}
        for figure, in_graphs in graphs.items():
            for graph in sorted(in_graphs):
                found = _origin_in_graph(data, graph, figure)
                if found is not None:
                    out[figure] = found
        return out


_GRAPH_LINE = b'\n "'  # a graph's key opens a line indented by one space; the IRIs of a graph are indented by two


def _json_key(data: mmap.mmap, at: int) -> tuple[str, int]:
    """The JSON string that starts at ``at`` (its opening quote), and the offset just past it."""
    end = data.find(b"\n", at)
    line = data[at:end if end != -1 else len(data)].decode("utf-8")
    key, length = json.JSONDecoder().raw_decode(line)
    return str(key), at + len(line[:length].encode("utf-8"))


def _grouped(data: mmap.mmap) -> bool:
    """Whether the file is laid out as the build writes it: one graph IRI a line, mapped to an object."""
    if data[:4] != b"{\n \"":
        return False
    _, end = _json_key(data, 3)
    return data[end:end + 3] == b": {"


def _origin_in_graph(data: mmap.mmap, graph: str, iri: str) -> str | None:
    """Bisect the sorted graph keys for ``graph``, then find ``iri`` in its block."""
    lo, hi = 0, len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        at = data.find(_GRAPH_LINE, mid)
        if at == -1 or at >= hi:
            hi = mid
            continue
        key, end = _json_key(data, at + 2)
        if key < graph:
            lo = at + 1
        elif key > graph:
            hi = mid
        else:
            block_end = data.find(b"\n }", end)
            needle = b"\n  " + json.dumps(iri, ensure_ascii=False).encode("utf-8") + b": "
            found = data.find(needle, end, block_end if block_end != -1 else len(data))
            if found == -1:
                return None
            value, _ = _json_key(data, found + len(needle))
            return value
    return None


def _all_origins(path: Path) -> dict[str, str]:
    """``{iri: "path:line"}`` from an ``origins.json`` read whole (flat, or grouped by graph IRI)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        return {}
    flat: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({str(k): str(v) for k, v in value.items()})
        else:
            flat[str(key)] = str(value)
    return flat
