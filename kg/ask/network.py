"""The citation and provenance network of figures, analysed with networkx.

:func:`provenance_graph` reads the built store into a directed graph whose
nodes are IRIs (``kind`` and ``label`` attributes) and whose edges carry a
``relation``::

    figure  --quoted in-->    quote      (kg:quote)
    quote   --from-->         article    (dct:isPartOf)
    article --credits-->      actor      (kg:creditedSource: an intermediary)
    article --relays-->       report     (kg:relays)
    article --published by--> actor      (schema:publisher)
    figure  --reported in-->  report     (kg:reportedIn)
    figure  --stated by-->    actor      (kg:statedBy)
    report  --issued by-->    actor      (kg:issuedBy)
    figure  --rounds-->       figure     (kg:roundingOf)
    figure  --subset of-->    figure     (kg:subsetOf)

A :class:`networkx.DiGraph` holds one edge per pair of nodes: when two
relations link the same pair (an article published by the outlet it credits),
``relation`` lists both, sorted and joined by ``", "``.

Figure nodes also carry ``value``, ``lower``, ``upper`` (lexical forms),
``measure`` (IRI) and ``qualifier`` (vocabulary id) where the graph has them.

Only quotes that state a figure are nodes; every article and report is, even
when no figure cites it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.ask.source import Source, as_source
from kg.model.terms import KG, KGV, OA, SCHEMA, kind_of, local_id

RELATION_SEP = ", "
KINDS = ("figure", "quote", "article", "actor", "report")

_PREFIXES = f"""
PREFIX kg: <{KG}>
PREFIX oa: <{OA}>
PREFIX schema: <{SCHEMA}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

_EDGES = _PREFIXES + """
SELECT DISTINCT ?s ?rel ?o WHERE {
  { ?s a kg:Figure ; kg:quote ?o . BIND("quoted in" AS ?rel) }
  UNION { ?f a kg:Figure ; kg:quote ?s . ?s dct:isPartOf ?o . BIND("from" AS ?rel) }
  UNION { ?s a kg:SourceArticle ; kg:creditedSource ?o . BIND("credits" AS ?rel) }
  UNION { ?s a kg:SourceArticle ; kg:relays ?o . BIND("relays" AS ?rel) }
  UNION { ?s a kg:SourceArticle ; schema:publisher ?o . BIND("published by" AS ?rel) }
  UNION { ?s a kg:Figure ; kg:reportedIn ?o . BIND("reported in" AS ?rel) }
  UNION { ?s a kg:Figure ; kg:statedBy ?o . BIND("stated by" AS ?rel) }
  UNION { ?s a kg:Report ; kg:issuedBy ?o . BIND("issued by" AS ?rel) }
  UNION { ?s a kg:Figure ; kg:roundingOf ?o . BIND("rounds" AS ?rel) }
  UNION { ?s a kg:Figure ; kg:subsetOf ?o . BIND("subset of" AS ?rel) }
  FILTER(isIRI(?o))
}
"""

_DOCUMENTS = _PREFIXES + """
SELECT DISTINCT ?s WHERE { { ?s a kg:Figure } UNION { ?s a kg:SourceArticle } UNION { ?s a kg:Report } }
"""

_LABELS = _PREFIXES + """
SELECT ?s (STR(?l) AS ?label) WHERE {
  { ?s rdfs:label ?l }
  UNION { ?s a kg:Quote ; oa:hasSelector ?sel . ?sel a oa:TextQuoteSelector ; oa:exact ?l }
}
"""

_FIGURE_ATTRS = _PREFIXES + """
SELECT ?f ?key (STR(?x) AS ?v) WHERE {
  ?f a kg:Figure .
  { ?f kg:value ?x . BIND("value" AS ?key) }
  UNION { ?f kg:lowerBound ?x . BIND("lower" AS ?key) }
  UNION { ?f kg:upperBound ?x . BIND("upper" AS ?key) }
  UNION { ?f kg:measure ?x . BIND("measure" AS ?key) }
  UNION { ?f kg:qualifier ?x . BIND("qualifier" AS ?key) }
}
"""


def _rows(source: Source, query: str) -> list[dict[str, str]]:
    """Every solution as ``{variable: lexical form}`` (the queries project IRIs and plain strings only)."""
    table = source.select(query)
    return [{name: str(value) for name, value in zip(table.columns, row, strict=True) if value is not None}
            for row in table.rows]


# -- the neighbourhood of some figures: what tracing them needs, without reading the whole graph ----

def _scoped(select: str, var: str, branches: list[str]) -> str:
    """A UNION whose every branch starts from ``VALUES ?var { %s }``.

    SPARQL evaluates UNION branches bottom-up: a VALUES block outside the union
    would only filter after each branch had matched the whole graph.
    """
    parts = " UNION ".join(f"{{ VALUES ?{var} {{ %(values)s }} {branch} }}" for branch in branches)
    return _PREFIXES + f"SELECT DISTINCT {select} WHERE {{ {parts} }}"


_SCOPE = _scoped("?f", "seed", [
    "?seed kg:roundingOf* ?f .",
    "?f kg:roundingOf+ ?seed .",
    "?f kg:subsetOf ?seed .",
    "?seed kg:subsetOf ?f .",
    "?seed kg:roundingOf* ?exact . ?exact kg:measure ?m ; kg:value ?v . "
    "?same kg:measure ?m ; kg:value ?v2 . FILTER(?v2 = ?v) ?f kg:roundingOf* ?same .",
])

_SCOPED_EDGES = _scoped("?s ?rel ?o", "f", [
    '?f kg:quote ?o . BIND(?f AS ?s) BIND("quoted in" AS ?rel)',
    '?f kg:quote ?s . ?s dct:isPartOf ?o . BIND("from" AS ?rel)',
    '?f kg:quote/dct:isPartOf ?s . ?s kg:creditedSource ?o . BIND("credits" AS ?rel)',
    '?f kg:quote/dct:isPartOf ?s . ?s kg:relays ?o . BIND("relays" AS ?rel)',
    '?f kg:quote/dct:isPartOf ?s . ?s schema:publisher ?o . FILTER(isIRI(?o)) BIND("published by" AS ?rel)',
    '?f kg:reportedIn ?o . BIND(?f AS ?s) BIND("reported in" AS ?rel)',
    '?f kg:statedBy ?o . BIND(?f AS ?s) BIND("stated by" AS ?rel)',
    '?f kg:reportedIn ?s . ?s kg:issuedBy ?o . BIND("issued by" AS ?rel)',
    '?f kg:quote/dct:isPartOf/kg:relays ?s . ?s kg:issuedBy ?o . BIND("issued by" AS ?rel)',
    '?f kg:roundingOf ?o . BIND(?f AS ?s) BIND("rounds" AS ?rel)',
    '?f kg:subsetOf ?o . BIND(?f AS ?s) BIND("subset of" AS ?rel)',
])

_SCOPED_LABELS = _scoped("?s (STR(?l) AS ?label)", "s", [
    "?s rdfs:label ?l .",
    "?s a kg:Quote ; oa:hasSelector ?sel . ?sel a oa:TextQuoteSelector ; oa:exact ?l .",
])

_SCOPED_ATTRS = _scoped("?f ?key (STR(?x) AS ?v)", "f", [
    '?f kg:value ?x . BIND("value" AS ?key)',
    '?f kg:lowerBound ?x . BIND("lower" AS ?key)',
    '?f kg:upperBound ?x . BIND("upper" AS ?key)',
    '?f kg:measure ?x . BIND("measure" AS ?key)',
    '?f kg:qualifier ?x . BIND("qualifier" AS ?key)',
])


def _values(iris: Iterable[str]) -> str:
    """IRIs read from the store, as SPARQL terms serialized (and checked) by pyoxigraph."""
    return " ".join(str(ox.NamedNode(i)) for i in sorted(set(iris)))


def provenance_graph(store: ox.Store | Source, around: Iterable[str] | None = None) -> nx.DiGraph[str]:
    """The provenance network of the built store (or a :class:`~kg.source.Source`).

    With ``around`` (figure IRIs), only their neighbourhood is read: every
    figure that states the same claim (see :func:`claim_key`), their subset
    partners, and the quotes, articles, reports and organisations behind them —
    enough for :func:`chain` and :func:`corroboration` of those figures, at a
    cost that does not grow with the size of the graph.
    """
    source = as_source(store)
    g: nx.DiGraph[str] = nx.DiGraph()
    if around is None:
        edges_query, labels_query, attrs_query = _EDGES, _LABELS, _FIGURE_ATTRS
        for row in sorted(_rows(source, _DOCUMENTS), key=lambda r: r["s"]):
            g.add_node(row["s"])
    else:
        scope = {row["f"] for row in _rows(source, _SCOPE % {"values": _values(around)})}
        edges_query = _SCOPED_EDGES % {"values": _values(scope)}
        attrs_query = _SCOPED_ATTRS % {"values": _values(scope)}
        g.add_nodes_from(sorted(scope))
    for row in sorted(_rows(source, edges_query), key=lambda r: (r["s"], r["o"], r["rel"])):
        s, o, rel = row["s"], row["o"], row["rel"]
        if g.has_edge(s, o):
            rel = RELATION_SEP.join(sorted(relations(g, s, o) | {rel}))
        g.add_edge(s, o, relation=rel)
    if around is not None:
        labels_query = _SCOPED_LABELS % {"values": _values(g.nodes)}
    labels: dict[str, str] = {}
    for row in _rows(source, labels_query):
        if row["s"] in g and (row["s"] not in labels or row["label"] < labels[row["s"]]):
            labels[row["s"]] = row["label"]
    for node in g.nodes:
        kind = kind_of(node)
        if kind not in KINDS:
            raise ValueError(f"provenance graph: unexpected node {node}")
        g.nodes[node]["kind"] = kind
        g.nodes[node]["label"] = labels.get(node, local_id(node))
    for row in sorted(_rows(source, attrs_query), key=lambda r: (r["f"], r["key"], r["v"]), reverse=True):
        value = row["v"].removeprefix(str(KGV)) if row["key"] == "qualifier" else row["v"]
        g.nodes[row["f"]][row["key"]] = value  # in reverse order: the least value of a key wins, if ever several
    return g


def relations(g: nx.DiGraph[str], u: str, v: str) -> set[str]:
    """The relations of the edge ``u -> v`` (usually one)."""
    return set(str(g.edges[u, v]["relation"]).split(RELATION_SEP))


def targets(g: nx.DiGraph[str], node: str, relation: str) -> list[str]:
    """The nodes ``node`` points to by ``relation``, sorted."""
    return sorted(v for v in g.successors(node) if relation in relations(g, node, v))


def _require_figure(g: nx.DiGraph[str], figure: str) -> None:
    if figure not in g or g.nodes[figure].get("kind") != "figure":
        raise KeyError(f"not a figure of the provenance graph: {figure}")


def article_of(g: nx.DiGraph[str], figure: str) -> str | None:
    """The article whose quote states ``figure``."""
    _require_figure(g, figure)
    found = sorted({a for q in targets(g, figure, "quoted in") for a in targets(g, q, "from")})
    return found[0] if found else None


def report_of(g: nx.DiGraph[str], figure: str) -> str | None:
    """The figure's ``kg:reportedIn``, else the one report its article relays (if exactly one)."""
    _require_figure(g, figure)
    reported = targets(g, figure, "reported in")
    if reported:
        return reported[0]
    article = article_of(g, figure)
    relayed = targets(g, article, "relays") if article is not None else []
    return relayed[0] if len(relayed) == 1 else None


@dataclass(frozen=True)
class Provenance:
    """The steps of a figure's chain, by role."""

    article: str | None
    intermediaries: tuple[str, ...]  # credited by the article, the origins excepted
    report: str | None  # as report_of finds it
    origins: tuple[str, ...]  # the report's issuer, else the agent the figure is stated by

    def steps(self) -> list[str]:
        article = [self.article] if self.article is not None else []
        report = [self.report] if self.report is not None else []
        return [*article, *self.intermediaries, *report, *self.origins]


def provenance(g: nx.DiGraph[str], figure: str) -> Provenance:
    """The chain of ``figure`` by role (see :func:`chain`); raises ``KeyError`` if it is not a figure of ``g``."""
    article = article_of(g, figure)
    report = report_of(g, figure)
    origins = targets(g, report, "issued by") if report is not None else targets(g, figure, "stated by")
    credited = targets(g, article, "credits") if article is not None else []
    return Provenance(article, tuple(m for m in credited if m not in origins), report, tuple(origins))


def chain(g: nx.DiGraph[str], figure: str) -> list[str]:
    """The documents and organisations from the figure's article to its origin.

    ``[article, intermediary, report, issuer]``: the intermediary only if the
    article credits one (and it is not the origin itself), the report as
    :func:`report_of` finds it. With no report the chain ends with the agent
    the figure is stated by.
    """
    return provenance(g, figure).steps()


def chain_depth(g: nx.DiGraph[str], figure: str) -> int:
    """Hops from the figure's article to its origin: ``len(chain) - 1``."""
    return len(chain(g, figure)) - 1


def origin(g: nx.DiGraph[str], figure: str) -> str:
    """Where the figure comes from: its report's issuer, else the agent it is stated by."""
    steps = chain(g, figure)
    return steps[-1] if steps else figure


def exact_figure(g: nx.DiGraph[str], figure: str) -> str:
    """Follow ``rounds`` edges to the exact figure a rounding rounds (the figure itself if none)."""
    seen = {figure}
    current = figure
    while True:
        rounded = targets(g, current, "rounds")
        if not rounded or rounded[0] in seen:
            return current
        current = rounded[0]
        seen.add(current)


def _number(text: object) -> str | None:
    try:
        return str(Decimal(str(text)).normalize())
    except (InvalidOperation, ValueError):
        return None


def claim_key(g: nx.DiGraph[str], figure: str) -> tuple[str, ...]:
    """What a figure claims: figures with equal keys state the same claim.

    The key is taken from the figure's exact figure (:func:`exact_figure`): its
    measure and its value (compared as numbers) when it has both, else the
    exact figure itself. So a figure, its roundings, and figures of any article
    with the same measure and value share a key; a rounding never matches on
    its own rounded value, and a figure without a measure or value matches
    only its own roundings.
    """
    exact = exact_figure(g, figure)
    attrs = g.nodes[exact]
    measure, value = attrs.get("measure"), _number(attrs.get("value"))
    if measure is not None and value is not None:
        return ("measure", str(measure), value)
    return ("figure", exact)


def figures(g: nx.DiGraph[str]) -> list[str]:
    """Every figure of the graph, sorted."""
    return sorted(n for n in g.nodes if g.nodes[n].get("kind") == "figure")


@dataclass(frozen=True)
class Corroboration:
    """Who else states a figure's claim, and how many independent origins stand behind it."""

    figure: str
    claim: tuple[str, ...]  # figures stating the same claim (see claim_key), the figure included
    articles: tuple[str, ...]  # the distinct articles those figures are quoted from
    origins: tuple[str, ...]  # the distinct origins (report issuer, else stated-by agent) behind them


def _corroborate(g: nx.DiGraph[str], figure: str, keys: dict[str, tuple[str, ...]]) -> Corroboration:
    claim = tuple(f for f in sorted(keys) if keys[f] == keys[figure])
    articles = {a for f in claim if (a := article_of(g, f)) is not None}
    return Corroboration(figure, claim, tuple(sorted(articles)), tuple(sorted({origin(g, f) for f in claim})))


def corroboration(g: nx.DiGraph[str], figure: str) -> Corroboration:
    """The figures stating ``figure``'s claim, their articles, and their independent origins.

    Articles relaying reports of the same organisation (or crediting different
    intermediaries for them) count as one origin: independence is decided by
    who issued the numbers, not by how many outlets repeated them.
    """
    _require_figure(g, figure)
    return _corroborate(g, figure, {f: claim_key(g, f) for f in figures(g)})


@dataclass(frozen=True)
class FigureStats:
    figure: str
    depth: int  # chain_depth
    claim: int  # figures stating the same claim
    articles: int  # distinct articles stating the claim
    origins: int  # independent origins of the claim


def analyse(g: nx.DiGraph[str]) -> list[FigureStats]:
    """Chain depth and corroboration of every figure, sorted by figure IRI."""
    keys = {f: claim_key(g, f) for f in figures(g)}
    out = []
    for f in sorted(keys):
        c = _corroborate(g, f, keys)
        out.append(FigureStats(f, chain_depth(g, f), len(c.claim), len(c.articles), len(c.origins)))
    return out


def write_graphml(g: nx.DiGraph[str], path: Path) -> None:
    """GraphML with nodes and edges sorted and every attribute a string: same graph, same bytes."""
    out: nx.DiGraph[str] = nx.DiGraph()
    for node in sorted(g.nodes):
        out.add_node(node, **{k: str(v) for k, v in sorted(g.nodes[node].items())})
    for u, v in sorted(g.edges):
        out.add_edge(u, v, **{k: str(x) for k, x in sorted(g.edges[u, v].items())})
    nx.write_graphml_xml(out, path, encoding="utf-8", prettyprint=True)
