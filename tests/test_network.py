"""The provenance network: chains, corroboration, GraphML and the SVG drawing, on the real built graph."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.ask.network import (
    Corroboration,
    FigureStats,
    analyse,
    chain,
    chain_depth,
    claim_key,
    corroboration,
    figures,
    origin,
    provenance_graph,
    targets,
    write_graphml,
)
from kg.build.pipeline import build
from kg.build.store import open_store
from kg.model.terms import iri
from kg.show.draw import draw_provenance_svg
from tests.helpers import ARTICLE_000, ARTICLE_003, replace_in

DATA = Path(__file__).resolve().parent.parent / "data"
SVG = "{http://www.w3.org/2000/svg}"
RUSSIA = str(iri("article", "snhr-russia-fourth-anniversary"))
ZARDANA = str(iri("article", "snhr-zardana-de-escalation"))
REPORT_2019 = str(iri("report", "snhr-2019-09-30-russian-intervention-fourth-anniversary"))
REPORT_2018 = str(iri("report", "snhr-2018-07-18-zardana-de-escalation"))
SNHR = str(iri("actor", "snhr"))
MEDIA_DEPARTMENT = str(iri("actor", "syrian-coalition-media-department"))


def fig(fid: str) -> str:
    return str(iri("figure", fid))


@pytest.fixture(scope="module")
def graph(store: ox.Store) -> nx.DiGraph[str]:
    return provenance_graph(store)


def add_article(data: Path, article_id: str, text: str, record: str) -> None:
    """A new archived text and its article record; the record's ``{sha256}`` is filled in."""
    source = data / "sources" / f"{article_id}.txt"
    source.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    (data / "articles" / f"{article_id}.yaml").write_text(textwrap.dedent(record).replace("{sha256}", digest),
                                                           encoding="utf-8")


AFP = str(iri("article", "afp-russia-toll"))
SOHR_ARTICLE = str(iri("article", "sohr-russia-toll"))
SOHR = str(iri("actor", "sohr"))


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> nx.DiGraph[str]:
    """The seed data plus three changes, built once (a build validates with SHACL, which takes seconds):

    * women-908 and the 186 massacres lose their ``report`` (chain fallbacks);
    * a second article, crediting AFP, relays the SAME SNHR 2019 report and states 6,686 civilians;
    * a third article relays a report by ANOTHER organisation (SOHR, credited as source and publisher) and
      states 1,928 children, with the same measure as SNHR's figure.
    """
    data = tmp_path_factory.mktemp("extended") / "data"
    shutil.copytree(DATA, data)
    replace_in(data / ARTICLE_000, "    subset_of: {value: civilians-6686, quote: deaths}\n\n  - id: medical",
               "    subset_of: {value: civilians-6686, quote: deaths}\n    report: ~  # opts out of the default\n\n"
               "  - id: medical")
    replace_in(data / ARTICLE_003,
               "    report: {value: snhr-2018-first-half-massacres, quote: previous-massacres}\n", "")
    add_article(data, "afp-russia-toll",
                "Russian strikes have killed 6,686 civilians in Syria since September 2015, the Syrian Network "
                "for Human Rights said in its report on the fourth anniversary of the intervention. (AFP)\n", """\
        id: afp-russia-toll
        curator: kg-curators
        text: sources/afp-russia-toll.txt
        sha256: {sha256}
        language: en
        headline: {unknown: The archived text has no headline.}
        published: {unknown: The archived text has no date.}
        publisher: {unknown: The archived text names no outlet.}
        credited_source: {value: afp, quote: credit}
        relays:
          - {value: snhr-2019-09-30-russian-intervention-fourth-anniversary, quote: toll}
        quotes:
          - id: toll
            text: Russian strikes have killed 6,686 civilians in Syria since September 2015
          - id: credit
            text: (AFP)
        figures:
          - id: afp-civilians-6686
            quote: toll
            words: 6,686 civilians
            value: 6686
            qualifier: exact
            counts: killed
            group: civilians
            perpetrator: russian-forces
            area: syria
            period: 2015-09/..
            stated_by: snhr
            report: snhr-2019-09-30-russian-intervention-fourth-anniversary
            measure: civilians-killed-by-russian-forces-since-2015
        """)
    with (data / "registry" / "actors.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n  - id: sohr\n    type: monitoring-organisation\n    name: Syrian Observatory for Human Rights\n")
    with (data / "registry" / "reports.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n  - id: sohr-2019-russian-toll\n    issuer: sohr\n"
                 "    description: SOHR's count of children killed by Russian forces.\n")
    add_article(data, "sohr-russia-toll",
                "The Syrian Observatory for Human Rights said Russian forces have killed 1,928 children "
                "since September 2015. (Source: SOHR)\n", """\
        id: sohr-russia-toll
        curator: kg-curators
        text: sources/sohr-russia-toll.txt
        sha256: {sha256}
        language: en
        published: {unknown: The archived text has no date.}
        publisher: {value: sohr, quote: credit}
        credited_source: {value: sohr, quote: credit}
        relays:
          - {value: sohr-2019-russian-toll, quote: toll}
        quotes:
          - id: toll
            text: Russian forces have killed 1,928 children since September 2015.
          - id: credit
            text: "(Source: SOHR)"
        figures:
          - id: sohr-children-1928
            quote: toll
            words: 1,928 children
            value: 1928
            qualifier: exact
            counts: killed
            group: children
            perpetrator: russian-forces
            period: 2015-09/..
            stated_by: sohr
            report: sohr-2019-russian-toll
            measure: children-killed-by-russian-forces-since-2015
        """)
    return provenance_graph(open_store(build(data, tmp_path_factory.mktemp("extended-build") / "build").out_dir))


# --- the graph ------------------------------------------------------------------------------------


def test_graph_has_every_figure_with_kinds_labels_and_relations(graph: nx.DiGraph[str]) -> None:
    assert len(figures(graph)) == 27
    assert {graph.nodes[n]["kind"] for n in graph} == {"figure", "quote", "article", "actor", "report"}
    assert all(graph.nodes[n]["label"] for n in graph)
    f = graph.nodes[fig("civilians-6686")]
    assert (f["label"], f["value"], f["qualifier"]) == ("6,686 civilians", "6686", "exact")
    assert f["measure"] == str(iri("measure", "civilians-killed-by-russian-forces-since-2015"))
    quote = str(iri("quote", "snhr-russia-fourth-anniversary.deaths"))
    assert graph.nodes[quote]["label"].startswith("The network documented the deaths of 6,686 civilians")
    expected = {
        (fig("civilians-6686"), quote): "quoted in",
        (quote, RUSSIA): "from",
        (ZARDANA, MEDIA_DEPARTMENT): "credits",
        (ZARDANA, REPORT_2018): "relays",
        (ZARDANA, str(iri("actor", "syrian-coalition"))): "published by",
        (RUSSIA, str(iri("actor", "the-new-arab"))): "published by",
        (fig("civilians-6686"), REPORT_2019): "reported in",
        (fig("civilians-6686"), SNHR): "stated by",
        (REPORT_2019, SNHR): "issued by",
        (fig("civilians-almost-7000-lead"), fig("civilians-6686")): "rounds",
        (fig("children-1928"), fig("civilians-6686")): "subset of",
    }
    assert {e: graph.edges[e]["relation"] for e in expected} == expected
    # quotes that state no figure (the dateline, the credit line) are not part of the figure network
    assert str(iri("quote", "snhr-russia-fourth-anniversary.dateline")) not in graph


# --- chains ---------------------------------------------------------------------------------------


def test_chain_of_children_1928(graph: nx.DiGraph[str]) -> None:
    assert chain(graph, fig("children-1928")) == [RUSSIA, REPORT_2019, SNHR]
    assert chain_depth(graph, fig("children-1928")) == 2


def test_chain_of_zardana_killed_52_goes_through_the_intermediary(graph: nx.DiGraph[str]) -> None:
    assert chain(graph, fig("zardana-killed-52")) == [ZARDANA, MEDIA_DEPARTMENT, REPORT_2018, SNHR]
    assert chain_depth(graph, fig("zardana-killed-52")) == 3


def test_chain_depth_of_every_seed_figure(graph: nx.DiGraph[str]) -> None:
    depths = {f: chain_depth(graph, f) for f in figures(graph)}
    by_article = {f: chain(graph, f)[0] for f in figures(graph)}
    assert {f for f, d in depths.items() if d == 2} == {f for f, a in by_article.items() if a == RUSSIA}
    assert {f for f, d in depths.items() if d == 3} == {f for f, a in by_article.items() if a == ZARDANA}
    assert chain(graph, fig("massacres-186-first-half-2018"))[2] == str(iri("report", "snhr-2018-first-half-massacres"))


def test_chain_without_a_report_uses_the_relayed_report_or_ends_with_the_stating_agent(
    extended: nx.DiGraph[str],
) -> None:
    g = extended
    # women-908 has no report: its article relays exactly one, so the chain still reaches it
    assert targets(g, fig("women-908"), "reported in") == []
    assert chain(g, fig("women-908")) == [RUSSIA, REPORT_2019, SNHR]
    # the 186 massacres have none either, and their article relays two reports: no report is chosen
    assert targets(g, fig("massacres-186-first-half-2018"), "reported in") == []
    assert chain(g, fig("massacres-186-first-half-2018")) == [ZARDANA, MEDIA_DEPARTMENT, SNHR]
    assert chain_depth(g, fig("massacres-186-first-half-2018")) == 2


def test_chain_of_a_non_figure_is_an_error(graph: nx.DiGraph[str]) -> None:
    with pytest.raises(KeyError):
        chain(graph, RUSSIA)
    with pytest.raises(KeyError):
        chain(graph, fig("no-such-figure"))


# --- corroboration --------------------------------------------------------------------------------


def test_corroboration_of_civilians_6686(graph: nx.DiGraph[str]) -> None:
    c = corroboration(graph, fig("civilians-6686"))
    # "almost 7,000" rounds 6,686 but is not its claim (docs/independence.md, section 2)
    assert c == Corroboration(figure=fig("civilians-6686"), claim=(fig("civilians-6686"),), articles=(RUSSIA,),
                              origins=(SNHR,))
    almost = corroboration(graph, fig("civilians-almost-7000-lead"))
    assert almost == Corroboration(
        figure=fig("civilians-almost-7000-lead"),
        claim=(fig("civilians-almost-7000-body"), fig("civilians-almost-7000-lead")),
        articles=(RUSSIA,),
        origins=(SNHR,),
    )


def test_claims_are_the_graphs_claim_keys_bounds_included(graph: nx.DiGraph[str]) -> None:
    def claim(fid: str) -> set[str]:
        return set(corroboration(graph, fig(fid)).claim)

    # a rounding is a claim of its own: "almost 2,000" (high 2,000) is not 1,928
    assert claim("children-1928") == {fig("children-1928")}
    assert claim("children-almost-2000-headline") == {fig("children-almost-2000-headline"),
                                                       fig("children-almost-2000-subtitle")}
    # same measure, another edition's value: another claim
    assert claim("children-1771") == {fig("children-1771")}
    # "more than 6,000" (low 6,000) is not 6,187
    assert claim("civilians-more-than-6000") == {fig("civilians-more-than-6000")}
    assert claim("civilians-6187") == {fig("civilians-6187")}
    # equal numbers of different things are not the same claim (10 children, 10 women)
    assert claim("zardana-children-10") == {fig("zardana-children-10")}
    assert claim("war-crimes-hundreds") == {fig("war-crimes-hundreds")}
    # the keys are the graph's kg:claimKey, read, not derived
    assert claim_key(graph, fig("children-1928")) == (
        "measure:children-killed-by-russian-forces-since-2015|1928|1928|people",)
    assert origin(graph, fig("zardana-killed-52")) == SNHR


def test_analyse_covers_every_figure(graph: nx.DiGraph[str]) -> None:
    stats = analyse(graph)
    assert [s.figure for s in stats] == figures(graph)
    assert len(stats) == 27
    by_figure = {s.figure: s for s in stats}
    assert by_figure[fig("civilians-6686")] == FigureStats(fig("civilians-6686"), 2, 1, 1, 1)
    assert by_figure[fig("civilians-almost-7000-body")] == FigureStats(fig("civilians-almost-7000-body"), 2, 2, 1, 1)
    assert by_figure[fig("zardana-killed-52")] == FigureStats(fig("zardana-killed-52"), 3, 1, 1, 1)
    for s in stats:
        c = corroboration(graph, s.figure)
        assert (s.depth, s.claim, s.articles, s.origins) == (
            chain_depth(graph, s.figure), len(c.claim), len(c.articles), len(c.origins))


def test_second_article_relaying_the_same_report_is_not_an_independent_origin(extended: nx.DiGraph[str]) -> None:
    g = extended
    assert chain(g, fig("afp-civilians-6686")) == [AFP, str(iri("actor", "afp")), REPORT_2019, SNHR]
    c = corroboration(g, fig("civilians-6686"))
    assert fig("afp-civilians-6686") in c.claim
    assert c.articles == tuple(sorted((RUSSIA, AFP)))
    assert c.origins == (SNHR,)
    assert corroboration(g, fig("afp-civilians-6686")) == Corroboration(
        fig("afp-civilians-6686"), c.claim, c.articles, c.origins)


def test_article_relaying_another_organisations_report_is_a_second_origin(extended: nx.DiGraph[str]) -> None:
    g = extended
    report = str(iri("report", "sohr-2019-russian-toll"))
    # the article credits the issuer, who also publishes it: one edge, both relations
    assert g.edges[SOHR_ARTICLE, SOHR]["relation"] == "credits, published by"
    # ... and the issuer is the origin, not also an intermediary
    assert chain(g, fig("sohr-children-1928")) == [SOHR_ARTICLE, report, SOHR]
    for f in ("children-1928", "sohr-children-1928"):
        c = corroboration(g, fig(f))
        assert c.claim == (fig("children-1928"), fig("sohr-children-1928"))
        assert c.articles == tuple(sorted((RUSSIA, SOHR_ARTICLE)))
        assert c.origins == (SNHR, SOHR)
    # SNHR's "almost 2,000" is another claim: SOHR's exact 1,928 does not corroborate it
    assert corroboration(g, fig("children-almost-2000-headline")).origins == (SNHR,)
    stats = {s.figure: s for s in analyse(g)}
    assert stats[fig("children-1928")] == FigureStats(fig("children-1928"), 2, 2, 2, 2)
    assert stats[fig("children-almost-2000-headline")] == FigureStats(fig("children-almost-2000-headline"), 2, 2, 1, 1)
    assert stats[fig("civilians-6686")] == FigureStats(fig("civilians-6686"), 2, 2, 2, 1)


# --- GraphML --------------------------------------------------------------------------------------


def test_graphml_round_trips_and_is_deterministic(graph: nx.DiGraph[str], store: ox.Store, tmp_path: Path) -> None:
    path = tmp_path / "kg.graphml"
    write_graphml(graph, path)
    back = nx.read_graphml(path)
    assert back.is_directed()
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert {n: back.nodes[n] for n in back} == {n: graph.nodes[n] for n in graph}
    assert {(u, v): d for u, v, d in back.edges(data=True)} == {(u, v): d for u, v, d in graph.edges(data=True)}
    again = tmp_path / "again.graphml"
    write_graphml(provenance_graph(store), again)
    assert again.read_bytes() == path.read_bytes()


# --- SVG ------------------------------------------------------------------------------------------


def boxes(root: ET.Element) -> dict[str, tuple[float, float, float, float]]:
    """Node IRI -> (x, y, width, height) of its box, from the ``<title>`` ending ``<IRI>``."""
    out: dict[str, tuple[float, float, float, float]] = {}
    for g in root.iter(f"{SVG}g"):
        if not g.get("class", "").startswith("node "):
            continue
        title, rect = g.find(f"{SVG}title"), g.find(f"{SVG}rect")
        assert title is not None and title.text is not None and rect is not None
        node = title.text.rsplit("<", 1)[1].rstrip(">")
        x, y, w, h = (float(rect.get(k, "nan")) for k in ("x", "y", "width", "height"))
        out[node] = (x, y, w, h)
    return out


@pytest.mark.parametrize("fid", ["children-1928", "zardana-killed-52", "war-crimes-hundreds"])
def test_svg_is_well_formed_labelled_laid_out_and_deterministic(
    graph: nx.DiGraph[str], tmp_path: Path, fid: str,
) -> None:
    path, again = tmp_path / "a.svg", tmp_path / "b.svg"
    draw_provenance_svg(graph, fig(fid), path)
    draw_provenance_svg(graph, fig(fid), again)
    assert path.read_bytes() == again.read_bytes()
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    text = "".join(root.itertext())
    steps = chain(graph, fig(fid))
    for node in [fig(fid), *steps]:
        assert graph.nodes[node]["label"] in text
    title = root.find(f"{SVG}title")
    assert title is not None and title.text is not None and graph.nodes[fig(fid)]["label"] in title.text
    laid = boxes(root)
    # the chain reads left to right on one row, after the figure
    row = [laid[n] for n in [fig(fid), *steps]]
    assert len({y for _, y, _, _ in row}) == 1
    assert [x for x, _, _, _ in row] == sorted(x for x, _, _, _ in row)
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    rects = list(laid.values())
    for i, (x, y, w, h) in enumerate(rects):
        assert x >= 0 and x + w <= width and y >= 0 and y + h <= height
        for x2, y2, w2, h2 in rects[i + 1:]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, "boxes overlap"
    # one arrow per relation drawn, each named
    arrows = [p for p in root.iter(f"{SVG}path") if p.get("marker-end") == "url(#arrow)"]
    assert arrows and all(p.findtext(f"{SVG}title") for p in arrows)


def test_svg_escapes_labels(graph: nx.DiGraph[str], tmp_path: Path) -> None:
    g = graph.copy()
    tricky = 'الشبكة السورية <SNHR> & "the Network’s" \'data\''
    g.nodes[SNHR]["label"] = tricky
    path = tmp_path / "escaped.svg"
    draw_provenance_svg(g, fig("children-1928"), path)
    root = ET.parse(path).getroot()
    assert tricky in "".join(root.itertext())
    assert "<SNHR>" not in path.read_text(encoding="utf-8")


def test_svg_of_an_article_crediting_and_published_by_the_issuer(extended: nx.DiGraph[str], tmp_path: Path) -> None:
    path = tmp_path / "sohr.svg"
    draw_provenance_svg(extended, fig("sohr-children-1928"), path)
    root = ET.parse(path).getroot()
    laid = boxes(root)
    # the issuer is drawn once, as the origin, and the article's one edge to it names both relations;
    # SNHR's 1,928 states the same claim but is no rounding or subset partner, so it is not drawn
    assert set(laid) == {fig("sohr-children-1928"), str(iri("quote", "sohr-russia-toll.toll")),
                         SOHR_ARTICLE, str(iri("report", "sohr-2019-russian-toll")), SOHR}
    assert laid[SOHR][0] == max(x for x, _, _, _ in laid.values())
    names = [p.findtext(f"{SVG}title") for p in root.iter(f"{SVG}path")]
    assert names.count("credits, published by") == 1
