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
``measure`` (IRI) and ``qualifier`` (vocabulary id) where the graph has them,
and what independence is decided by, as the loader wrote it to the graph
(docs/independence.md): ``origin`` (the ``kg:origin`` actor IRI) and ``claims``
(the figure's ``kg:claimKey`` values, sorted, one a line). Nothing here
derives an origin or a claim: :func:`corroboration` and :func:`analyse` only
compare what the graph says, as every other consumer does.

Only quotes that state a figure are nodes; every article and report is, even
when no figure cites it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.ask.source import Source, as_source
from kg.model.terms import KG, KGV, OA, SCHEMA, kind_of, local_id

RELATION_SEP = ", "
CLAIM_SEP = "\n"  # between the claim keys of a figure node's ``claims`` (a key is one line of text)
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
  UNION { ?f kg:origin ?x . BIND("origin" AS ?key) }
  UNION { ?f kg:claimKey ?x . BIND("claims" AS ?key) }
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


# The seeds' rounding and subset partners (which the drawing shows) and the seeds' claim keys; then the figures
# that make those claims, fetched by key (a bound query, never a scan of the graph).
_SCOPE = _scoped("?f ?key", "seed", [
    "?f kg:subsetOf ?seed .",
    "?seed kg:subsetOf ?f .",
    "?seed kg:claimKey ?key .",
])

# A path with * or + starts from each seed written into the query: not every store follows one from a
# VALUES-bound variable (Virtuoso 7: "transitive start not given").
_ROUNDINGS = "{ %(seed)s kg:roundingOf* ?f } UNION { ?f kg:roundingOf+ %(seed)s }"

_CLAIMANTS = _PREFIXES + "SELECT DISTINCT ?f WHERE { VALUES ?key { %(keys)s } ?f kg:claimKey ?key }"

_SCOPED_EDGES = _scoped("?s ?rel ?o", "f", [
    '?f kg:quote ?o . BIND(?f AS ?s) BIND("quoted in" AS ?rel)',
    '?f kg:quote ?s . ?s dct:isPartOf ?o . BIND("from" AS ?rel)',
    '?f kg:quote/dct:isPartOf ?s . ?s kg:creditedSource ?o . BIND("credits" AS ?rel)',
    '?f kg:quote/dct:isPartOf ?s . ?s kg:relays ?o . BIND("relays" AS ?rel)',
    # !isLITERAL && !isBLANK rather than isIRI: Virtuoso 7 fails to compile isIRI here (SP031, sparp_gp_deprecate)
    '?f kg:quote/dct:isPartOf ?s . ?s schema:publisher ?o . FILTER(!isLITERAL(?o) && !isBLANK(?o)) '
    'BIND("published by" AS ?rel)',
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
    '?f kg:origin ?x . BIND("origin" AS ?key)',
    '?f kg:claimKey ?x . BIND("claims" AS ?key)',
])


def _values(iris: Iterable[str]) -> str:
    """IRIs read from the store, as SPARQL terms serialized (and checked) by pyoxigraph."""
    return " ".join(str(ox.NamedNode(i)) for i in sorted(set(iris)))


def _literals(texts: Iterable[str]) -> str:
    """Strings read from the store, as SPARQL literals serialized (and escaped) by pyoxigraph."""
    return " ".join(str(ox.Literal(t)) for t in sorted(set(texts)))


def _neighbourhood(source: Source, around: Iterable[str]) -> set[str]:
    """The figures ``around``, those making any of their claims (``kg:claimKey``), and their roundings and subsets."""
    seeds = _values(around)
    if not seeds:
        return set()
    found = _rows(source, _SCOPE % {"values": seeds})
    paths = " UNION ".join(_ROUNDINGS % {"seed": ox.NamedNode(i)} for i in sorted(set(around)))
    found += _rows(source, _PREFIXES + f"SELECT DISTINCT ?f WHERE {{ {paths} }}")
    scope = {row["f"] for row in found if "f" in row}
    keys = {row["key"] for row in found if "key" in row}
    if keys:
        scope |= {row["f"] for row in _rows(source, _CLAIMANTS % {"keys": _literals(keys)})}
    return scope


def provenance_graph(store: ox.Store | Source, around: Iterable[str] | None = None) -> nx.DiGraph[str]:
    """The provenance network of the built store (or a :class:`~kg.source.Source`).

    With ``around`` (figure IRIs), only their neighbourhood is read: every
    figure that makes any of their claims (an equal ``kg:claimKey``, fetched by
    key), their rounding and subset partners, and the quotes, articles, reports
    and organisations behind them — enough for :func:`chain` and
    :func:`corroboration` of those figures, at a cost that does not grow with
    the size of the graph.
    """
    source = as_source(store)
    g: nx.DiGraph[str] = nx.DiGraph()
    if around is None:
        edges_query, labels_query, attrs_query = _EDGES, _LABELS, _FIGURE_ATTRS
        for row in sorted(_rows(source, _DOCUMENTS), key=lambda r: r["s"]):
            g.add_node(row["s"])
    else:
        scope = _neighbourhood(source, around)
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
    claims: dict[str, set[str]] = {}
    for row in sorted(_rows(source, attrs_query), key=lambda r: (r["f"], r["key"], r["v"]), reverse=True):
        if row["key"] == "claims":
            claims.setdefault(row["f"], set()).add(row["v"])
            continue
        value = row["v"].removeprefix(str(KGV)) if row["key"] == "qualifier" else row["v"]
        g.nodes[row["f"]][row["key"]] = value  # in reverse order: the least value of a key wins, if ever several
    for f, keys in claims.items():
        g.nodes[f]["claims"] = CLAIM_SEP.join(sorted(keys))
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
    origins: tuple[str, ...]  # the chain's end: the report's issuer, else the stating agent (not kg:origin)

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


def origin(g: nx.DiGraph[str], figure: str) -> str | None:
    """The figure's independent source: its ``kg:origin``, as the loader derived it (docs/independence.md).

    Not the end of its :func:`chain`: the chain follows relays to the report's issuer or the stating agent,
    while the origin also counts a person as his organisation and a unit as the organisation it is part of.
    ``None`` when the graph gives the figure no origin.
    """
    _require_figure(g, figure)
    found = g.nodes[figure].get("origin")
    return str(found) if found else None


def claim_key(g: nx.DiGraph[str], figure: str) -> tuple[str, ...]:
    """What a figure claims: its ``kg:claimKey`` values, sorted (docs/independence.md, section 2).

    Figures sharing a key make the same claim: the key holds the measure (else the incident, else the
    scope), the numeric bounds and the unit, so "up to 52" and "at least 52" are different claims and a
    rounding ("almost 7,000") is not its exact figure's claim. A figure of two measures makes two claims.
    """
    _require_figure(g, figure)
    text = g.nodes[figure].get("claims")
    return tuple(str(text).split(CLAIM_SEP)) if text else ()


def figures(g: nx.DiGraph[str]) -> list[str]:
    """Every figure of the graph, sorted."""
    return sorted(n for n in g.nodes if g.nodes[n].get("kind") == "figure")


@dataclass(frozen=True)
class Corroboration:
    """Who else makes a figure's claims, and how many independent origins stand behind them."""

    figure: str
    claim: tuple[str, ...]  # the figures sharing any of its claim keys (see claim_key), the figure included
    articles: tuple[str, ...]  # the distinct articles those figures are quoted from
    origins: tuple[str, ...]  # the distinct origins (kg:origin) of those figures: its independent sources


class _Claims:
    """The figures of a graph by claim key, to find a figure's co-claimants without comparing every pair."""

    def __init__(self, g: nx.DiGraph[str], among: Iterable[str]) -> None:
        self.g = g
        self.by_key: dict[str, set[str]] = {}
        for f in among:
            for key in claim_key(g, f):
                self.by_key.setdefault(key, set()).add(f)

    def corroborate(self, figure: str) -> Corroboration:
        claim = {figure}.union(*(self.by_key.get(key, ()) for key in claim_key(self.g, figure)))
        articles = {a for f in claim if (a := article_of(self.g, f)) is not None}
        origins = {o for f in claim if (o := origin(self.g, f)) is not None}
        return Corroboration(figure, tuple(sorted(claim)), tuple(sorted(articles)), tuple(sorted(origins)))


def corroboration(g: nx.DiGraph[str], figure: str) -> Corroboration:
    """The figures making any of ``figure``'s claims, their articles, and their independent origins.

    docs/independence.md: figures make the same claim when they share a ``kg:claimKey``; the independent
    sources of a figure are the distinct ``kg:origin`` of those figures. Relays, mirrors and translations of
    one report, a spokesperson and his organisation, an aggregator and the group it cites: one origin each.
    Repetition by one origin, in one article or in fifty, is not corroboration.
    """
    _require_figure(g, figure)
    keys = set(claim_key(g, figure))
    return _Claims(g, (f for f in figures(g) if keys.intersection(claim_key(g, f)))).corroborate(figure)


@dataclass(frozen=True)
class FigureStats:
    figure: str
    depth: int  # chain_depth
    claim: int  # figures sharing any of its claim keys, itself included
    articles: int  # distinct articles of those figures
    origins: int  # independent origins (kg:origin) of those figures


def analyse(g: nx.DiGraph[str]) -> list[FigureStats]:
    """Chain depth and corroboration (as :func:`corroboration`) of every figure, sorted by figure IRI."""
    every = figures(g)
    claims = _Claims(g, every)
    out = []
    for f in every:
        c = claims.corroborate(f)
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
