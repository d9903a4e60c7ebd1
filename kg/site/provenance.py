"""A figure's neighbourhood of the provenance network, read from :mod:`kg.site.resources`.

The same nodes, edges and attributes as :func:`kg.ask.network.provenance_graph` with ``around=[figure]``
(the figure, every figure that makes one of its claims, its rounding and subset partners, and the quotes,
articles, reports and organisations behind them), so that :func:`kg.ask.network.chain`,
:func:`~kg.ask.network.corroboration` and kg's SVG drawing (:func:`kg.show.draw.provenance_svg`) work on
it unchanged. tests/test_site.py checks that both give the same chain and sources for every figure.
"""

from __future__ import annotations

import networkx as nx

from kg.ask.network import CLAIM_SEP, RELATION_SEP
from kg.model.terms import kind_of
from kg.site.facts import DCT, KG, KGV, OA, SCHEMA, label
from kg.site.resources import Lit, Resources, iris, text

#: (subject kind, predicate, relation) as kg.ask.network draws them
_EDGES = (
    ("figure", KG + "quote", "quoted in"),
    ("quote", DCT + "isPartOf", "from"),
    ("article", KG + "creditedSource", "credits"),
    ("article", KG + "relays", "relays"),
    ("article", SCHEMA + "publisher", "published by"),
    ("figure", KG + "reportedIn", "reported in"),
    ("figure", KG + "statedBy", "stated by"),
    ("report", KG + "issuedBy", "issued by"),
    ("figure", KG + "roundingOf", "rounds"),
    ("figure", KG + "subsetOf", "subset of"),
)
_NODE_KINDS = {"figure": "figure", "quote": "quote", "article": "article", "report": "report", "actor": "actor"}
_FIGURE_ATTRS = (("value", KG + "value"), ("lower", KG + "lowerBound"), ("upper", KG + "upperBound"),
                 ("measure", KG + "measure"), ("qualifier", KG + "qualifier"), ("origin", KG + "origin"))


def neighbourhood(r: Resources, figure: str) -> nx.DiGraph[str]:
    """The provenance graph around ``figure``."""
    figures = {figure}
    props = r.props(figure)
    for key in props.get(KG + "claimKey", []):
        figures.update(r.referrers(KG + "claimKey", key))
    for predicate in (KG + "roundingOf", KG + "subsetOf"):
        figures.update(iris(props, predicate))
        figures.update(r.referrers(predicate, figure))
    g: nx.DiGraph[str] = nx.DiGraph()
    todo = sorted(figures)
    seen: set[str] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        kind = kind_of(node)
        if kind not in _NODE_KINDS:
            continue
        g.add_node(node)
        for subject_kind, predicate, relation in _EDGES:
            if kind != subject_kind:
                continue
            for target in iris(r.props(node), predicate):
                if kind_of(target) not in _NODE_KINDS:
                    continue
                if relation in ("rounds", "subset of") and target not in figures:
                    continue
                if g.has_edge(node, target):
                    old = set(str(g.edges[node, target]["relation"]).split(RELATION_SEP))
                    g.edges[node, target]["relation"] = RELATION_SEP.join(sorted(old | {relation}))
                else:
                    g.add_edge(node, target, relation=relation)
                todo.append(target)
    for node in g.nodes:
        kind = kind_of(node) or "actor"
        g.nodes[node]["kind"] = _NODE_KINDS[kind]
        g.nodes[node]["label"] = _label(r, node, kind)
        if kind == "figure":
            _figure_attrs(r, node, g.nodes[node])
    return g


def _label(r: Resources, node: str, kind: str) -> str:
    if kind == "quote":
        for selector in iris(r.props(node), OA + "hasSelector"):
            exact = text(r.props(selector), OA + "exact")
            if exact is not None:
                return exact
    return label(r, node) if kind != "figure" else (text(r.props(node), "http://www.w3.org/2000/01/rdf-schema#label")
                                                      or label(r, node))


def _figure_attrs(r: Resources, node: str, attrs: dict[str, object]) -> None:
    props = r.props(node)
    for key, predicate in _FIGURE_ATTRS:
        objs = props.get(predicate, [])
        if not objs:
            continue
        first = sorted(o.value if isinstance(o, Lit) else o for o in objs)[0]
        attrs[key] = first.removeprefix(KGV) if key == "qualifier" else first
    claims = sorted(o.value for o in props.get(KG + "claimKey", []) if isinstance(o, Lit))
    if claims:
        attrs["claims"] = CLAIM_SEP.join(claims)
