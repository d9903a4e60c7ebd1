"""The real-reporting corpus (tests/corpus): every phenomenon survives into RDF, the trace and the stored queries.

The corpus's README lists which text and figure carry each phenomenon; each test here names one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.ask import queries
from kg.ask.trace import trace
from kg.build.pipeline import BuildResult, build
from kg.build.store import open_store
from kg.loader import load_catalogue
from kg.model.cell import Cell

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
ID = "https://w3id.org/kg/id/"
KG = "https://w3id.org/kg/ns#"
KGV = "https://w3id.org/kg/vocab/"
PREFIXES = f"""
PREFIX kg: <{KG}> PREFIX kgv: <{KGV}> PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX schema: <https://schema.org/>
PREFIX dct: <http://purl.org/dc/terms/> PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX figure: <{ID}figure/> PREFIX article: <{ID}article/>
PREFIX actor: <{ID}actor/> PREFIX incident: <{ID}incident/> PREFIX report: <{ID}report/> PREFIX quote: <{ID}quote/>
"""


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(CORPUS, tmp_path_factory.mktemp("corpus") / "build")


@pytest.fixture(scope="module")
def cstore(corpus_build: BuildResult) -> ox.Store:
    return open_store(corpus_build.out_dir)


def ask(store: ox.Store, where: str) -> bool:
    return bool(queries.run(store, PREFIXES + f"SELECT * WHERE {{ {where} }} LIMIT 1").rows)


def select(store: ox.Store, query: str) -> list[tuple[Cell, ...]]:
    return list(queries.run(store, PREFIXES + query).rows)


def one(store: ox.Store, figure: str) -> dict[str, Any]:
    (record,) = trace(store, figure=figure)
    return record


def stored(store: ox.Store, name: str, **raw: str) -> list[dict[str, Cell]]:
    query = queries.lookup(name)
    table = queries.run(store, query.text, queries.bind(query, raw))
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def test_the_corpus_is_large_enough_and_varied() -> None:
    cat = load_catalogue(CORPUS)
    assert len(cat.articles) >= 12
    assert len({a.language for a in cat.articles.values()}) >= 2
    publishers = {a.publisher.value for a in cat.articles.values() if hasattr(a.publisher, "value")}
    assert len(publishers) >= 5
    assert sum(len(a.figures) for a in cat.articles.values()) >= 100


def test_the_corpus_builds_and_conforms(corpus_build: BuildResult) -> None:
    assert corpus_build.report.conforms
    assert not corpus_build.report.results  # not even a warning


# --- 1. editions and a revision -------------------------------------------------------------------

def test_editions_supersede_and_deprecate_earlier_readings(cstore: ox.Store) -> None:
    chain = select(cstore, "SELECT ?new ?old WHERE { ?new kg:supersedes ?old } ORDER BY ?new")
    assert len(chain) == 3
    first = one(cstore, "civilians-5233-2017")
    assert (first["rank"], first["superseded_by"]) == ("deprecated", "civilians-6239-2018")
    latest = one(cstore, "civilians-6686-2019")
    assert (latest["rank"], latest["superseded_by"]) == ("preferred", None)


def test_a_later_edition_revises_an_earlier_period(cstore: ox.Store) -> None:
    assert ask(cstore, "figure:first-year-civilians-3616-2018 kg:revises ?old")
    restated = one(cstore, "first-year-civilians-3264-restated-2018")
    assert (restated["rank"], restated["superseded_by"]) == ("deprecated", "first-year-civilians-3616-2018")
    reviser = one(cstore, "first-year-civilians-3616-2018")
    assert reviser["rank"] == "preferred" and reviser["revises"] is not None


# --- 2. a toll rising through one night ------------------------------------------------------------

def test_toll_rising_through_a_night_keeps_times_and_order(cstore: ox.Store) -> None:
    readings = [one(cstore, f) for f in ("sohr-killed-18", "sohr-killed-35", "sohr-killed-44")]
    assert [(r["as_of"], r["as_of_sequence"], r["as_of_marker"]) for r in readings] == [
        ("2018-06-07T21:30:00+03:00", 1, "preliminary"),
        ("2018-06-07T23:45:00+03:00", 2, "updated"),
        ("2018-06-08T08:10:00+03:00", 3, "updated"),
    ]
    assert [(r["low"], r["high"]) for r in readings] == [(18, None), (35, None), (44, 44)]
    assert ask(cstore, 'figure:sohr-killed-18 kg:asOf "2018-06-07T21:30:00+03:00"^^xsd:dateTime ; '
                       'kg:sequence 1 ; kg:updateMarker "preliminary"')


# --- 3, 4. hedges and denials ----------------------------------------------------------------------

def test_hedged_perpetrator_keeps_the_hedge_words(cstore: ox.Store) -> None:
    hedged = one(cstore, "sohr-killed-18")
    assert hedged["stance"] == "hedged"
    (claim,) = hedged["perpetrator_claims"]
    assert claim["id"] == "russian-forces" and claim["hedge"]
    assert claim["hedge"] in str(hedged["quote"]["exact"])
    assert ask(cstore, "figure:sohr-killed-18 kg:perpetrator actor:russian-forces ; kg:perpetratorClaim ?c . "
                       "?c kg:stance kgv:hedged ; kg:hedge ?words")


def test_a_denial_never_reads_as_an_attribution(cstore: ox.Store) -> None:
    denied = one(cstore, "afp-killed-44")
    assert denied["stance"] == "denied" and denied["perpetrator"] is None
    assert denied["perpetrator_claims"][0]["denied_by"] == "russian-defence-ministry"
    assert not ask(cstore, "figure:afp-killed-44 kg:perpetrator ?anyone")
    # incidents: a denial is kg:deniedActor, never sem:hasActor
    assert not ask(cstore, "?i sem:hasActor ?a . ?a kg:stance kgv:denied")
    assert ask(cstore, "incident:zardana-massacre kg:deniedActor ?a . ?a kg:stance kgv:denied ; "
                       "sem:accordingTo actor:russian-defence-ministry")
    # ... and no query of figures by perpetrator counts it
    without = {str(r["figure"]).rsplit("/", 1)[1] for r in stored(cstore, "figures-without-perpetrator")}
    assert "afp-killed-44" in without


def test_incidents_by_actor_shows_denials_beside_claims(cstore: ox.Store) -> None:
    found = stored(cstore, "incidents-by-actor", actor="russian-forces")
    stances = {(str(r["according_to"]).rsplit("/", 1)[1], r["stance"]) for r in found}
    assert ("russian-defence-ministry", "denied") in stances
    assert ("sohr", "hedged") in stances
    assert any(r["stance"] == "asserted" for r in found)
    assert all(r["hedge"] for r in found if r["stance"] == "hedged")


# --- 5. an aggregator and its chain; 7. ranges and "up to" --------------------------------------------

def test_aggregator_range_and_up_to(cstore: ox.Store) -> None:
    band = one(cstore, "airwars-killed-44-52")
    assert (band["value"], band["low"], band["high"], band["qualifier"]) == (None, 44, 52, "between")
    up_to = one(cstore, "airwars-killed-up-to-52")
    assert (up_to["low"], up_to["high"], up_to["qualifier"]) == (None, 52, "up-to")
    assert one(cstore, "sd-activist-estimates-20-60")["low"] == 20


def test_per_figure_credited_chain(cstore: ox.Store) -> None:
    relayed = one(cstore, "airwars-first-raid-killed-28")
    assert [v["id"] for v in relayed["via"]] == ["step-news"]
    assert ask(cstore, "figure:airwars-first-raid-killed-28 kg:creditedChain ?s . ?s kg:position 1 ; "
                       "kg:relayedBy actor:step-news")


# --- 6. a spokesperson / director, 12. unnamed sources ---------------------------------------------

def test_director_speaks_for_his_organisation(cstore: ox.Store) -> None:
    assert ask(cstore, "?m a <http://www.w3.org/ns/org#Membership> ; <http://www.w3.org/ns/org#member> "
                       "actor:rami-abdel-rahman ; <http://www.w3.org/ns/org#organization> actor:sohr ; "
                       "<http://www.w3.org/ns/org#role> kgv:director")
    assert ask(cstore, "?q kg:spokenBy actor:rami-abdel-rahman")


def test_unnamed_sources_are_a_kind_of_source(cstore: ox.Store) -> None:
    unnamed = select(cstore, "SELECT ?a WHERE { ?a a kg:UnnamedSource }")
    assert len(unnamed) >= 3


# --- 8. percent; 9. number words and Arabic; 10. vague quantities -------------------------------------

def test_percentages_are_not_counts(cstore: ox.Store) -> None:
    share = one(cstore, "share-opposition-areas-85-90-2015")
    assert (share["unit"], share["low"], share["high"]) == ("percent", 85, 90)


def test_arabic_figures_and_qualifiers(cstore: ox.Store) -> None:
    arabic = one(cstore, "children-1928-2019-ar")
    assert arabic["value"] == 1928
    assert "١٬٩٢٨" in str(arabic["quote"]["exact"])
    assert ask(cstore, 'figure:children-1928-2019-ar kg:quote ?q . ?q dct:language "ar"')
    at_least = one(cstore, "alaraby-zardana-killed-52")
    assert (at_least["qualifier"], at_least["low"]) == ("at-least", 52)


def test_vague_quantities_get_the_vocabularys_conventional_bounds(cstore: ox.Store) -> None:
    assert [(one(cstore, f)["low"], one(cstore, f)["high"]) for f in
            ("sohr-injured-dozens", "unjustified-attacks-hundreds-2017", "sd-thousands-killed")] == [
        (24, 99), (200, 999), (2000, 9999)]


# --- 11. a mirror and a translation ----------------------------------------------------------------

def test_mirror_and_translation(cstore: ox.Store) -> None:
    assert ask(cstore, "article:france24-zardana-2018-06-08 kg:mirrorOf article:afp-zardana-2018-06-08")
    assert ask(cstore, "article:snhr-2019-09-30-russia-fourth-anniversary-ar schema:translationOfWork "
                       "article:snhr-2019-09-30-russia-fourth-anniversary ; schema:translator ?who")
    assert ask(cstore, "?q schema:translationOfWork quote:snhr-2019-09-30-russia-fourth-anniversary.headline")
    assert ask(cstore, "?q kg:curatorTranslation ?t . ?t a kg:CuratorTranslation ; schema:text ?text ; "
                       "schema:translator actor:kg-curators")


# --- 13. several measures; 14. defaults; 15. external ids; 16. curator readings; 17. vocabulary -----

def test_a_figure_in_two_measures(cstore: ox.Store) -> None:
    both = one(cstore, "civilians-3264-2016")
    assert [m["id"] for m in both["measures"]] == [
        "civilians-killed-by-russian-forces-first-year", "civilians-killed-by-russian-forces-since-2015"]


def test_defaults_are_inherited_and_said_so(cstore: ox.Store) -> None:
    inherited = one(cstore, "alaraby-zardana-killed-52")["inherited"]
    assert {"stated_by", "report", "perpetrator"} <= set(inherited)
    assert ask(cstore, "figure:alaraby-zardana-killed-52 kg:inheritedProperty kg:statedBy")


def test_external_identifiers_are_links(cstore: ox.Store) -> None:
    assert ask(cstore, 'actor:russia schema:identifier ?i . ?i schema:propertyID "wikidata" ; schema:value "Q159"')
    assert ask(cstore, "actor:russia schema:sameAs <http://www.wikidata.org/entity/Q159>")
    assert ask(cstore, 'incident:zardana-massacre schema:identifier ?i . ?i schema:propertyID "airwars"')


def test_curator_readings_are_marked(cstore: ox.Store) -> None:
    assert "rounding_of" in one(cstore, "eb-civilians-almost-7000")["inferred"]
    assert "qualifier_covers" in one(cstore, "facility-attacks-1083-2019")["inferred"]
    # an inclusion the text states is not an inference
    assert "subset_of" not in one(cstore, "children-1928-2019")["inferred"]


def test_curators_vocabulary_reaches_the_graph(cstore: ox.Store) -> None:
    assert ask(cstore, 'kgv:health-workers a skos:Concept ; skos:inScheme kgv:groups ; skos:altLabel ?ar '
                       'FILTER(LANG(?ar) = "ar")')
    scores = one(cstore, "sd-families-left-scores")
    assert (scores["qualifier"], scores["unit"], scores["low"], scores["high"]) == ("scores", "families", 40, 199)
