"""The stored SPARQL queries: well-formed in two engines, right on the real data, safely parameterised."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import ResultRow

from kg.ask import queries
from kg.ask.queries import Cell, Param, StoredQuery, Table
from kg.build.derive import derive
from kg.build.pipeline import BuildResult
from kg.model.errors import InputError, UsageError
from kg.rdf.serialize import nquads

ROOT = Path(__file__).resolve().parent.parent
QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))
SOURCES = ROOT / "data" / "sources"

ID = "https://w3id.org/kg/id/"
KGV = "https://w3id.org/kg/vocab/"
KG = "https://w3id.org/kg/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SNHR = ID + "actor/snhr"
ART_000 = ID + "article/snhr-russia-fourth-anniversary"
ART_003 = ID + "article/snhr-zardana-de-escalation"
REPORT_2019 = ID + "report/snhr-2019-09-30-russian-intervention-fourth-anniversary"
REPORT_2018 = ID + "report/snhr-2018-07-18-zardana-de-escalation"
CIVILIANS = ID + "measure/civilians-killed-by-russian-forces-since-2015"
CHILDREN = ID + "measure/children-killed-by-russian-forces-since-2015"

TRACE_COLUMNS = (
    "figure", "value", "low", "high", "qualifier", "counts", "group", "target", "weapon", "perpetrators", "period",
    "place", "as_of", "exact", "prefix", "suffix", "start", "end", "document", "headline", "publisher", "published",
    "report", "issuer", "report_date", "stated_by", "measure", "incident", "subset_of", "rounding_of",
)


@functools.cache
def stored_queries() -> dict[str, StoredQuery]:
    """The catalogue, read once for the tests that only use it."""
    return queries.catalogue()


def fig(local: str) -> str:
    return ID + "figure/" + local


def rows(store: ox.Store, name: str, **raw: str) -> list[dict[str, Cell]]:
    table = table_of(store, name, **raw)
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def table_of(store: ox.Store, name: str, **raw: str) -> Table:
    stored = stored_queries()[name]
    return queries.run(store, stored.text, queries.bind(stored, raw))


def local(iri: Cell) -> str:
    assert isinstance(iri, str)
    return iri.rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------
# (a) every stored query file: two parsers, documented, only declared parameters


def _code(text: str) -> str:
    """The query without its comment lines (the header included)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.stem for p in QUERY_FILES])
def test_query_file_parses_in_two_engines_and_is_documented(path: Path) -> None:
    stored = queries.load(path)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", stored.name)
    assert len(stored.summary) > 20 and len(stored.description) > len(stored.summary)
    assert stored.keywords
    # pyoxigraph parses (and, on an empty store, evaluates) it as a SELECT ...
    result = ox.Store().query(stored.text)
    assert isinstance(result, ox.QuerySolutions)
    # ... and so does rdflib
    prepared = prepareQuery(stored.text)
    projected = {str(v) for v in prepared.algebra["PV"]}
    used = set(re.findall(r"[?$](_\w+)", _code(stored.text)))
    declared = {p.variable for p in stored.params}
    assert used == declared, f"undeclared {used - declared}, unused {declared - used}"
    assert declared <= projected, "parameters must be projected for pyoxigraph substitutions"
    assert re.search(r"^ORDER BY ", stored.text, re.MULTILINE), "rows must come in a stable order"
    for p in stored.params:
        assert p.description and not p.description.endswith("(optional)")


def test_catalogue_has_every_file_and_the_required_questions() -> None:
    names = set(queries.catalogue())
    assert names == {p.stem for p in QUERY_FILES}
    assert {
        "trace-figure", "figures-by-organisation", "incident-figures", "incidents-by-actor", "measure-evolution",
        "discrepancies", "single-source-figures", "casualties-by-place", "figures-without-perpetrator",
        "curator-inferences",
    } <= names
    trace = stored_queries()["trace-figure"]
    assert trace.params == (
        Param("figure", "iri:figure", "Figure id, e.g. children-1928", True),
        Param("value", "decimal", "A figure's value, e.g. 1928", True),
    )
    assert trace.path == ROOT / "queries" / "trace-figure.rq"
    assert trace.text == trace.path.read_text(encoding="utf-8")


def test_lookup_suggests_close_names() -> None:
    assert queries.lookup("trace-figure").name == "trace-figure"
    with pytest.raises(UsageError, match="did you mean trace-figure"):
        queries.lookup("trace-figures")


# ---------------------------------------------------------------------------
# (b) each query on the real data


def test_trace_figure_by_value_gives_the_whole_chain(store: ox.Store) -> None:
    table = table_of(store, "trace-figure", value="1928")
    assert table.columns == TRACE_COLUMNS
    (row,) = (dict(zip(table.columns, r, strict=True)) for r in table.rows)
    text = (SOURCES / "snhr-russia-fourth-anniversary.txt").read_text(encoding="utf-8")
    assert isinstance(row["start"], int) and isinstance(row["end"], int)
    assert text[row["start"]:row["end"]] == row["exact"]
    assert text[row["start"] - len(str(row["prefix"])):row["start"]] == row["prefix"]
    assert text[row["end"]:row["end"] + len(str(row["suffix"]))] == row["suffix"]
    assert "1,928 children" in str(row["exact"])
    assert row == row | {
        "figure": fig("children-1928"), "value": 1928, "low": 1928, "high": 1928,
        "qualifier": KGV + "exact", "counts": KGV + "killed", "group": KGV + "children", "target": None,
        "weapon": None, "perpetrators": ID + "actor/russian-forces", "period": "2015-09/..",
        "place": ID + "place/syria", "as_of": "2019-09-30", "start": 818, "end": 1020, "document": ART_000,
        "headline": "Russian forces 'kill almost 2,000 Syrian children' since 2015",
        "publisher": ID + "actor/the-new-arab", "published": "2019-09-30", "report": REPORT_2019,
        "issuer": SNHR, "report_date": "2019-09-30", "stated_by": SNHR, "measure": CHILDREN, "incident": None,
        "subset_of": fig("civilians-6686"), "rounding_of": None,
    }


def test_trace_figure_by_id_also_finds_figures_without_a_number(store: ox.Store) -> None:
    (row,) = rows(store, "trace-figure", figure="war-crimes-hundreds")
    assert row["value"] is None and row["qualifier"] == KGV + "hundreds"
    assert row["counts"] == KGV + "war-crimes" and row["perpetrators"] == ID + "actor/russia"
    (row,) = rows(store, "trace-figure", figure="children-almost-2000-headline")
    assert (row["value"], row["rounding_of"], row["place"]) == (2000, fig("children-1928"), None)


def test_trace_figure_edge_cases(store: ox.Store) -> None:
    everything = rows(store, "trace-figure")
    assert len(everything) == 27 == len({r["figure"] for r in everything})
    assert [r["figure"] for r in everything] == sorted(str(r["figure"]) for r in everything)
    # a number that several figures state; two perpetrators in IRI order
    assert [local(r["figure"]) for r in rows(store, "trace-figure", value="10")] == [
        "zardana-children-10", "zardana-women-10"]
    (displaced,) = rows(store, "trace-figure", figure="displaced-3-3-million")
    assert displaced["perpetrators"] == f"{ID}actor/russian-forces {ID}actor/syrian-regime-forces"
    assert displaced["value"] == 3300000
    # the first-half report is dated only by bounds, and article 003 has no date of its own
    (massacres,) = rows(store, "trace-figure", figure="massacres-186-first-half-2018")
    assert (massacres["as_of"], massacres["published"], massacres["perpetrators"]) == (None, None, None)
    assert massacres["headline"] is None and massacres["publisher"] == ID + "actor/syrian-coalition"
    # figure and value together must both hold
    assert rows(store, "trace-figure", figure="children-1928", value="6686") == []
    assert rows(store, "trace-figure", value="1928.0")[0]["figure"] == fig("children-1928")


def test_figures_by_organisation(store: ox.Store) -> None:
    found = rows(store, "figures-by-organisation", organisation="snhr")
    assert len(found) == 27 and {r["stated_by"] for r in found} == {SNHR}
    by_id = {local(r["figure"]): r for r in found}
    assert by_id["civilians-6187"] == {
        "figure": fig("civilians-6187"), "value": 6187, "qualifier": KGV + "exact", "counts": KGV + "killed",
        "group": KGV + "civilians", "stated_by": SNHR, "article": ART_003, "report": REPORT_2018,
    }
    assert by_id["massacres-186-first-half-2018"]["report"] == ID + "report/snhr-2018-first-half-massacres"
    assert sum(r["article"] == ART_000 for r in found) == 16
    assert rows(store, "figures-by-organisation", organisation="russia") == []


def test_incident_figures_of_zardana(store: ox.Store) -> None:
    found = rows(store, "incident-figures", incident="zardana-massacre")
    summary = {local(r["figure"]): (r["value"], local(r["qualifier"]), local(r["counts"]),
                                    r["group"] and local(r["group"]), r["subset_of"] and local(r["subset_of"]))
               for r in found}
    assert summary == {
        "zardana-killed-52": (52, "at-least", "killed", "civilians", None),
        "zardana-children-10": (10, "exact", "killed", "children", "zardana-killed-52"),
        "zardana-women-10": (10, "exact", "killed", "women", "zardana-killed-52"),
        "zardana-injured-80": (80, "more-than", "injured", "others", None),
        "zardana-air-attacks-2": (2, "exact", "attacks", None, None),
    }
    assert {(r["stated_by"], r["article"], r["publisher"], r["report"]) for r in found} == {
        (SNHR, ART_003, ID + "actor/syrian-coalition", REPORT_2018)}
    assert [r["weapon"] for r in found if r["counts"] == KGV + "attacks"] == [KGV + "air-strikes"]


@pytest.mark.parametrize("actor", ["russian-forces", "russia"])
def test_incidents_by_actor_includes_attributions_to_its_units(store: ox.Store, actor: str) -> None:
    (row,) = rows(store, "incidents-by-actor", actor=actor)
    assert row["incident"] == ID + "incident/zardana-massacre"
    assert (row["perpetrator"], row["according_to"]) == (ID + "actor/russian-forces", SNHR)
    assert (row["date"], row["place"], row["article"]) == ("2018-06-07", ID + "place/zardana", ART_003)
    assert str(row["exact"]).startswith("The Network cited the massacre that was caused by Russian airstrikes")


def test_incidents_by_actor_none_for_the_monitor(store: ox.Store) -> None:
    assert rows(store, "incidents-by-actor", actor="snhr") == []


def test_measure_evolution_one_measure(store: ox.Store) -> None:
    found = rows(store, "measure-evolution", measure="civilians-killed-by-russian-forces-since-2015")
    assert [(local(r["figure"]), r["as_of"], r["value"], r["report"], r["previous"], r["change"]) for r in found] == [
        ("civilians-6187", "2018-07-18", 6187, REPORT_2018, None, None),
        ("civilians-6686", "2019-09-30", 6686, REPORT_2019, fig("civilians-6187"), 499),
    ]
    assert {r["measure"] for r in found} == {CIVILIANS}
    # one series: both readings are SNHR's, each stated once (copies 1), editions 1 and 2
    assert [(r["origin"], r["edition"], r["copies"]) for r in found] == [(SNHR, 1, 1), (SNHR, 2, 1)]


def test_measure_evolution_every_measure_leaves_roundings_out(store: ox.Store) -> None:
    found = rows(store, "measure-evolution")
    assert [(local(r["measure"]), r["value"], r["previous_value"], r["change"]) for r in found] == [
        ("children-killed-by-russian-forces-since-2015", 1771, None, None),
        ("children-killed-by-russian-forces-since-2015", 1928, 1771, 157),
        ("civilians-killed-by-russian-forces-since-2015", 6187, None, None),
        ("civilians-killed-by-russian-forces-since-2015", 6686, 6187, 499),
        ("zardana-massacre-killed", 52, None, None),
    ]


def test_discrepancies_explain_every_pair_once(store: ox.Store) -> None:
    found = rows(store, "discrepancies")
    pairs = {(local(r["figure_a"]), local(r["figure_b"])): r["explanation"] for r in found}
    assert len(pairs) == len(found) == 14
    # The explanations are now typed (different-as-of, rounding, ... in discrepancies.rq's order), and
    # figure_a is the earlier reading, then the lower number: "more than 6,000" and 6,187 are both of
    # 18 July 2018, so "more than 6,000" comes first. Every figure here is SNHR's.
    rounding, as_of = "rounding", "different-as-of"
    assert pairs == {
        ("children-1771", "children-1928"): as_of,
        ("children-1771", "children-almost-2000-headline"): as_of,
        ("children-1771", "children-almost-2000-subtitle"): as_of,
        ("children-1928", "children-almost-2000-headline"): rounding,
        ("children-1928", "children-almost-2000-subtitle"): rounding,
        ("civilians-6187", "civilians-6686"): as_of,
        ("civilians-6187", "civilians-almost-7000-body"): as_of,
        ("civilians-6187", "civilians-almost-7000-lead"): as_of,
        ("civilians-more-than-6000", "civilians-6187"): rounding,
        ("civilians-6686", "civilians-almost-7000-body"): rounding,
        ("civilians-6686", "civilians-almost-7000-lead"): rounding,
        ("civilians-more-than-6000", "civilians-6686"): as_of,
        ("civilians-more-than-6000", "civilians-almost-7000-body"): as_of,
        ("civilians-more-than-6000", "civilians-almost-7000-lead"): as_of,
    }
    first = found[0]
    # the values are now readings (the qualifier's words with the number: "almost 2000", "more than 6000")
    assert (first["reading_a"], first["as_of_a"], first["reading_b"], first["as_of_b"]) == (
        "1771", "2018-07-18", "1928", "2019-09-30")
    assert {r["measure"] for r in found} == {CHILDREN, CIVILIANS}
    assert {r["origin_a"] for r in found} | {r["origin_b"] for r in found} == {SNHR}
    by_pair = {(local(r["figure_a"]), local(r["figure_b"])): r for r in found}
    assert by_pair[("civilians-6686", "civilians-almost-7000-body")]["reading_b"] == "almost 7000"
    # 1,771 children then 1,928: the counts cannot both hold; "almost 7,000" can hold with 6,686
    assert by_pair[("children-1771", "children-1928")]["consistent"] is False
    assert by_pair[("civilians-6686", "civilians-almost-7000-body")]["consistent"] is True


def test_single_source_figures_all_rest_on_snhr(store: ox.Store) -> None:
    found = rows(store, "single-source-figures")
    assert len(found) == 27 and {r["origin"] for r in found} == {SNHR}
    by_id = {local(r["figure"]): r for r in found}
    # repetition is not corroboration: the lead and the body say "almost 7,000" twice, both SNHR's
    assert (by_id["civilians-almost-7000-lead"]["statements"], by_id["civilians-almost-7000-lead"]["articles"]) == (
        2, 1)
    assert by_id["civilians-6686"]["statements"] == 1
    assert by_id["war-crimes-hundreds"]["value"] is None
    assert len(rows(store, "single-source-figures", origin="snhr")) == 27
    assert rows(store, "single-source-figures", origin="russia") == []


def test_discrepancies_of_one_measure_or_incident(store: ox.Store) -> None:
    on_civilians = rows(store, "discrepancies", measure="civilians-killed-by-russian-forces-since-2015")
    # in order of figure_a, the earlier reading ("more than 6,000" is of 18 July 2018, like 6,187)
    assert [(local(r["figure_a"]), local(r["figure_b"])) for r in on_civilians] == [
        ("civilians-6187", "civilians-6686"), ("civilians-6187", "civilians-almost-7000-body"),
        ("civilians-6187", "civilians-almost-7000-lead"),
        ("civilians-6686", "civilians-almost-7000-body"), ("civilians-6686", "civilians-almost-7000-lead"),
        ("civilians-more-than-6000", "civilians-6187"), ("civilians-more-than-6000", "civilians-6686"),
        ("civilians-more-than-6000", "civilians-almost-7000-body"),
        ("civilians-more-than-6000", "civilians-almost-7000-lead"),
    ]
    assert on_civilians == [r for r in rows(store, "discrepancies") if r["measure"] == CIVILIANS]
    # the figures of the Zardana massacre all count different things: no pair
    assert rows(store, "discrepancies", incident="zardana-massacre") == []
    assert rows(store, "discrepancies", measure="zardana-massacre-killed") == []


def test_single_source_figures_of_one_measure(store: ox.Store) -> None:
    found = rows(store, "single-source-figures", measure="civilians-killed-by-russian-forces-since-2015")
    assert [(local(r["figure"]), r["statements"], r["articles"]) for r in found] == [
        ("civilians-6187", 1, 1), ("civilians-6686", 1, 1), ("civilians-almost-7000-body", 2, 1),
        ("civilians-almost-7000-lead", 2, 1), ("civilians-more-than-6000", 1, 1),
    ]
    assert found == [r for r in rows(store, "single-source-figures") if r["measure"] == CIVILIANS]
    (zardana,) = rows(store, "single-source-figures", measure="zardana-massacre-killed", origin="snhr")
    assert (local(zardana["figure"]), zardana["value"], zardana["origin"]) == ("zardana-killed-52", 52, SNHR)
    assert rows(store, "single-source-figures", measure="zardana-massacre-killed", origin="russia") == []


def test_casualties_by_place_rolls_zardana_up(store: ox.Store) -> None:
    found = rows(store, "casualties-by-place")
    # SNHR's "at least 52" is Zardana's only toll: low and best 52, no upper end (high adds the best)
    assert [(local(r["place"]), r["incidents"], r["low"], r["best"], r["high"], r["open_ended"]) for r in found] == [
        ("idlib-governorate", 1, 52, 52, 52, 1), ("syria", 1, 52, 52, 52, 1), ("zardana", 1, 52, 52, 52, 1)]
    assert [r["name"] for r in rows(store, "casualties-by-place", place="idlib-governorate")] == ["Idlib Governorate"]
    assert rows(store, "casualties-by-place", place="aleppo-governorate") == []


def test_figures_without_perpetrator(store: ox.Store) -> None:
    found = rows(store, "figures-without-perpetrator")
    assert [local(r["figure"]) for r in found] == ["massacres-186-first-half-2018",
                                                   "medical-civil-defence-media-killed-86"]
    assert {(r["article"], r["stated_by"], r["incident"], r["attributed_to"]) for r in found} == {
        (ART_003, SNHR, None, None)}
    assert str(found[0]["exact"]).startswith("In a previous report, the Network said")
    assert rows(store, "figures-without-perpetrator", article="snhr-russia-fourth-anniversary") == []


def test_curator_inferences(store: ox.Store) -> None:
    found = rows(store, "curator-inferences")
    count = queries.run(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?i a <{KG}CuratorInference> }}").rows[0][0]
    assert len(found) == count == 61
    assert all(r["reason"] and r["curator"] == ID + "actor/kg-curators" for r in found)
    within = [r for r in found if r["subject"] == ID + "place/zardana"]
    assert [(r["predicate"], r["object"], r["evidence"]) for r in within] == [
        (KG + "within", ID + "place/idlib-governorate", "https://snhr.org/blog/2018/07/18/52470/")]
    headline = rows(store, "curator-inferences", subject="figure/children-almost-2000-headline")
    assert [(r["predicate"], r["object"]) for r in headline] == [
        (KG + "reportedIn", REPORT_2019), (KG + "roundingOf", fig("children-1928")), (KG + "statedBy", SNHR)]
    assert headline[2]["reason"] == ("The headline puts the claim in quotation marks without naming whose it is; "
                                     "the body attributes these figures to SNHR's report.")


def test_figures_by_article_in_text_order(store: ox.Store) -> None:
    found = rows(store, "figures-by-article", article="snhr-russia-fourth-anniversary")
    assert len(found) == 16
    starts = [r["start"] for r in found]
    assert starts == sorted(starts, key=lambda s: int(s or 0))
    assert (local(found[0]["figure"]), found[0]["phrase"]) == ("children-almost-2000-headline",
                                                               "almost 2,000 Syrian children")
    inferred = {local(r["figure"]) for r in found if r["stated_by_inferred"]}
    assert inferred == {"children-almost-2000-headline", "children-almost-2000-subtitle",
                        "civilians-almost-7000-lead", "medical-civil-defence-killed-107", "journalists-killed-21"}
    assert {local(r["figure"]) for r in found if r["report_inferred"]} == {
        "children-almost-2000-headline", "children-almost-2000-subtitle"}


def test_quotes_spoken_by(store: ox.Store) -> None:
    found = rows(store, "quotes-spoken-by")
    assert [(local(r["speaker"]), r["evidence"], r["speaker_inferred"]) for r in found] == [
        ("fadel-abdul-ghany", "Fadel Abdul Ghany, Chairman of the SNHR said", False), ("snhr", None, False)]
    (snhr,) = rows(store, "quotes-spoken-by", actor="snhr")
    assert str(snhr["exact"]).startswith("“In this massacre, the Russian forces deliberately")


def test_report_relays(store: ox.Store) -> None:
    found = rows(store, "report-relays")
    assert [(local(r["report"]), r["date"], r["earliest"], r["latest"], local(r["article"]), r["figures"])
            for r in found] == [
        ("snhr-2018-first-half-massacres", None, "2018-06-30", "2018-07-18", "snhr-zardana-de-escalation", 2),
        ("snhr-2018-07-18-zardana-de-escalation", "2018-07-18", "2018-07-18", "2018-07-18",
         "snhr-zardana-de-escalation", 9),
        ("snhr-2019-09-30-russian-intervention-fourth-anniversary", "2019-09-30", "2019-09-30", "2019-09-30",
         "snhr-russia-fourth-anniversary", 16),
    ]
    assert found[0]["credited_source"] == ID + "actor/syrian-coalition-media-department"
    assert found[2]["credited_source"] is None and found[2]["publisher"] == ID + "actor/the-new-arab"
    assert str(found[1]["relay_words"]).startswith("In a report issued on Wednesday")


# ---------------------------------------------------------------------------
# (b') the subtle queries on small made-up graphs, for what the seed data cannot show

PREFIXES = """
@prefix kg: <https://w3id.org/kg/ns#> . @prefix kgv: <https://w3id.org/kg/vocab/> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix f: <https://w3id.org/kg/id/figure/> . @prefix i: <https://w3id.org/kg/id/incident/> .
@prefix p: <https://w3id.org/kg/id/place/> . @prefix r: <https://w3id.org/kg/id/report/> .
@prefix m: <https://w3id.org/kg/id/measure/> . @prefix a: <https://w3id.org/kg/id/actor/> .
@prefix g: <https://w3id.org/kg/id/graph/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def made_up(trig: str) -> ox.Store:
    store = ox.Store()
    store.load(PREFIXES + trig, format=ox.RdfFormat.TRIG)
    return store


def with_estimates(store: ox.Store) -> ox.Store:
    """The store with the graph the build derives from it (kg.build.derive)."""
    derived = derive(store)
    store.load(nquads(derived.name, derived.triples), format=ox.RdfFormat.N_QUADS)
    return store


def test_trace_figure_prefers_the_figures_own_dates() -> None:
    store = made_up("""
    @prefix oa: <http://www.w3.org/ns/oa#> . @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix dct: <http://purl.org/dc/terms/> .
    @prefix schema: <https://schema.org/> .
    g:one {
      f:t a kg:Figure ; kg:value 5 ; kg:quote <urn:q> ; kg:asOf "2020-02-02"^^xsd:date ; kg:reportedIn r:r .
      f:u a kg:Figure ; kg:value 6 ; kg:quote <urn:q> ; kg:reportedIn r:r .
      r:r kg:date "2020-01-01"^^xsd:date ; kg:issuedBy a:o .
      <urn:q> dct:isPartOf <urn:art> ; oa:hasSelector <urn:tq> , <urn:tp> .
      <urn:tq> a oa:TextQuoteSelector ; oa:exact "five, six" ; oa:prefix "" ; oa:suffix "." .
      <urn:tp> a oa:TextPositionSelector ; oa:start 0 ; oa:end 9 .
      <urn:art> kg:date "2020-03-03"^^xsd:date ; schema:datePublished "2020-03-04"^^xsd:date .
    }""")
    found = rows(store, "trace-figure")
    assert [(local(r["figure"]), r["as_of"], r["report_date"], r["published"], r["issuer"]) for r in found] == [
        ("t", "2020-02-02", "2020-01-01", "2020-03-03", ID + "actor/o"),
        ("u", "2020-01-01", "2020-01-01", "2020-03-03", ID + "actor/o"),
    ]
    assert [r["start"] for r in found] == [0, 0] and found[0]["exact"] == "five, six"


def test_figures_without_perpetrator_show_attributions_of_their_incident() -> None:
    store = made_up("""
    @prefix oa: <http://www.w3.org/ns/oa#> . @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix dct: <http://purl.org/dc/terms/> .
    @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    g:one {
      f:n a kg:Figure ; kg:value 3 ; kg:incident i:x ; kg:quote <urn:q> .
      f:o a kg:Figure ; kg:value 4 ; kg:quote <urn:q> .
      f:p a kg:Figure ; kg:value 5 ; kg:incident i:x ; kg:perpetrator a:b ; kg:quote <urn:q> .
      i:x sem:hasActor [ rdf:value a:b ] , [ rdf:value a:a ] .
      <urn:q> dct:isPartOf <urn:art> ; oa:hasSelector <urn:tq> .
      <urn:tq> a oa:TextQuoteSelector ; oa:exact "three, four" .
    }""")
    found = rows(store, "figures-without-perpetrator")
    assert [(local(r["figure"]), r["incident"], r["attributed_to"]) for r in found] == [
        ("n", ID + "incident/x", f"{ID}actor/a {ID}actor/b"), ("o", None, None)]


def test_casualties_by_place_adds_incidents_not_figures() -> None:
    store = made_up("""
    @prefix dct: <http://purl.org/dc/terms/> . @prefix oa: <http://www.w3.org/ns/oa#> .
    g:one {
      p:a kg:within p:gov . p:b kg:within p:gov . p:gov kg:within p:country .
      p:a a kg:Place . p:b a kg:Place . p:gov a kg:Place . p:country a kg:Place .
      p:b2 kg:within p:gov . p:b2 a kg:Place .  # i:y is at two places, both in p:gov
      i:x a kg:Incident ; sem:hasPlace p:a .   i:y a kg:Incident ; sem:hasPlace p:b , p:b2 .
      i:z a kg:Incident ; sem:hasPlace p:b .   # no killed toll: not counted
      <urn:q> dct:isPartOf <urn:art> ; oa:hasSelector <urn:tq> .  <urn:tq> oa:exact "words" .
      f:x1 a kg:Figure ; kg:incident i:x ; kg:counts kgv:killed ; kg:value 10 ; kg:origin a:o1 ; kg:quote <urn:q> .
      f:x2 a kg:Figure ; kg:incident i:x ; kg:counts kgv:killed ; kg:value 14 ; kg:origin a:o2 ; kg:quote <urn:q> .
      f:x3 a kg:Figure ; kg:incident i:x ; kg:counts kgv:killed ; kg:value 4 ; kg:subsetOf f:x2 ;
           kg:origin a:o3 ; kg:quote <urn:q> .
      f:x4 a kg:Figure ; kg:incident i:x ; kg:counts kgv:injured ; kg:value 99 ; kg:origin a:o3 ; kg:quote <urn:q> .
      f:y1 a kg:Figure ; kg:incident i:y ; kg:counts kgv:killed ; kg:lowerBound 20 ; kg:upperBound 30 ;
           kg:origin a:o1 ; kg:quote <urn:q> .
      f:z1 a kg:Figure ; kg:incident i:z ; kg:counts kgv:attacks ; kg:value 2 ; kg:origin a:o1 ; kg:quote <urn:q> .
      f:all a kg:Figure ; kg:counts kgv:killed ; kg:value 5000 ; kg:area p:country ; kg:origin a:o1 ;
            kg:quote <urn:q> .
    }""")
    with_estimates(store)
    stored = stored_queries()["casualties-by-place"]
    found = {local(r[0]): r[2:] for r in queries.run(store, stored.text).rows}
    # x: 10 and 14 from two origins, neither containing the other: low 10, high 14, best the tie's first
    # origin (o1's 10); the subset (4) and the injured (99) are no tolls. y: 20-30, uncorroborated: best its
    # smaller end. Never x's 10 + 14.
    assert found == {"a": (1, 10, 10, 14, 0), "b": (1, 20, 20, 30, 0), "b2": (1, 20, 20, 30, 0),
                     "gov": (2, 30, 30, 44, 0), "country": (2, 30, 30, 44, 0)}


def test_discrepancies_without_measure_conflict_scope_and_rounding() -> None:
    # Figures are paired on their claim keys without the bounds (the loader writes kg:claimKey; a
    # figure of an incident claims its toll whoever the perpetrator), so the keys are written here,
    # and every figure counts something (kg:counts), as the shapes require.
    store = made_up("""
    g:one {
      f:e a kg:Figure ; kg:value 100 ; kg:counts kgv:killed ; kg:incident i:x ; kg:perpetrator a:p ;
        kg:origin a:src ; kg:asOf "2020-01-01"^^xsd:date ; kg:claimKey "incident:x|killed||||100|100|people" .
      f:f a kg:Figure ; kg:value 120 ; kg:counts kgv:killed ; kg:incident i:x ; kg:perpetrator a:p ;
        kg:origin a:src ; kg:asOf "2020-01-01"^^xsd:date ; kg:claimKey "incident:x|killed||||120|120|people" .
      f:g a kg:Figure ; kg:value 90 ; kg:counts kgv:killed ; kg:incident i:x ; kg:perpetrator a:q ;
        kg:origin a:other ; kg:claimKey "incident:x|killed||||90|90|people" .
      f:h a kg:Figure ; kg:value 80 ; kg:counts kgv:killed ; kg:group kgv:children ; kg:incident i:x ;
        kg:perpetrator a:p ; kg:claimKey "incident:x|killed|children|||80|80|people" .
      f:j a kg:Figure ; kg:value 103 ; kg:counts kgv:killed ; kg:measure m:m ; kg:roundingOf f:k ;
        kg:claimKey "measure:m||103|people" .
      f:l a kg:Figure ; kg:value 105 ; kg:counts kgv:killed ; kg:measure m:m ; kg:roundingOf f:k ;
        kg:claimKey "measure:m||105|people" .
    }""")
    found = [(local(r["figure_a"]), local(r["figure_b"]), r["explanation"]) for r in rows(store, "discrepancies")]
    # e/f: one source, one as-of date, one scope, 100 and 120 cannot both hold: a conflict (formerly
    # "unexplained"). g (undated, so first) has another perpetrator: a different scope. h counts
    # children: another quantity, no pair. j/l round the same (absent) exact figure.
    assert found == [("e", "f", "conflict"), ("g", "e", "different-scope"), ("g", "f", "different-scope"),
                     ("j", "l", "rounding")]


def test_discrepancies_scoped_by_measure_and_incident() -> None:
    store = made_up("""
    g:one {
      f:a a kg:Figure ; kg:value 10 ; kg:counts kgv:killed ; kg:measure m:m ; kg:incident i:x ;
        kg:claimKey "measure:m|10|10|people" .
      f:b a kg:Figure ; kg:value 12 ; kg:counts kgv:killed ; kg:measure m:m ; kg:incident i:x ;
        kg:claimKey "measure:m|12|12|people" .
      f:c a kg:Figure ; kg:value 14 ; kg:counts kgv:killed ; kg:measure m:m ; kg:claimKey "measure:m|14|14|people" .
      f:d a kg:Figure ; kg:value 20 ; kg:counts kgv:killed ; kg:measure m:n ; kg:incident i:y ;
        kg:claimKey "measure:n|20|20|people" .
      f:e a kg:Figure ; kg:value 30 ; kg:counts kgv:killed ; kg:measure m:n ; kg:incident i:x ;
        kg:claimKey "measure:n|30|30|people" .
      f:p a kg:Figure ; kg:value 3 ; kg:counts kgv:injured ; kg:incident i:x ;
        kg:claimKey "incident:x|injured||||3|3|people" .
      f:q a kg:Figure ; kg:value 4 ; kg:counts kgv:injured ; kg:incident i:x ;
        kg:claimKey "incident:x|injured||||4|4|people" .
      f:r a kg:Figure ; kg:value 5 ; kg:counts kgv:injured ; kg:claimKey "scope:injured||||||5|5|people" .
      f:s a kg:Figure ; kg:value 6 ; kg:counts kgv:injured ; kg:claimKey "scope:injured||||||6|6|people" .
    }""")

    def pairs(**raw: str) -> list[str]:
        return [local(r["figure_a"]) + local(r["figure_b"]) for r in rows(store, "discrepancies", **raw)]

    # a measure's figures are compared whatever their incidents; others on what they count and where
    assert pairs() == ["pq", "rs", "ab", "ac", "bc", "de"]
    assert pairs(measure="m") == ["ab", "ac", "bc"]
    assert pairs(measure="n") == ["de"]
    # an incident: only the pairs whose two figures are about it
    assert pairs(incident="x") == ["pq", "ab"]
    assert pairs(incident="y") == []
    assert pairs(measure="m", incident="x") == ["ab"]
    assert pairs(measure="n", incident="x") == []


def test_measure_evolution_picks_the_latest_earlier_edition() -> None:
    store = made_up("""
    g:one {
      r:a kg:date "2018-01-01"^^xsd:date .
      r:b kg:date "2019-01-01"^^xsd:date .
      f:one a kg:Figure ; kg:measure m:m ; kg:value 10 ; kg:reportedIn r:a .
      f:two a kg:Figure ; kg:measure m:m ; kg:value 15 ; kg:reportedIn r:b .
      f:three a kg:Figure ; kg:measure m:m ; kg:value 12 ; kg:asOf "2020-06-01"^^xsd:date .
      f:round a kg:Figure ; kg:measure m:m ; kg:value 20 ; kg:roundingOf f:three .
      f:other a kg:Figure ; kg:measure m:n ; kg:value 1 ; kg:reportedIn r:a .
    }""")
    found = rows(store, "measure-evolution", measure="m")
    assert [(local(r["figure"]), r["as_of"], r["previous"] and local(r["previous"]), r["change"]) for r in found] == [
        ("one", "2018-01-01", None, None), ("two", "2019-01-01", "one", 5), ("three", "2020-06-01", "two", -3)]


def test_single_source_counts_independent_origins() -> None:
    """The query reads kg:origin and kg:claimKey as the loader wrote them (docs/independence.md)."""
    store = made_up("""
    g:one {
      f:s1 a kg:Figure ; kg:measure m:m ; kg:value 7 ; kg:counts kgv:killed ; kg:origin a:org ;
           kg:claimKey "measure:m|7|7|people" ; kg:quote <urn:q1> .
      f:s2 a kg:Figure ; kg:measure m:m ; kg:value 7 ; kg:counts kgv:killed ; kg:origin a:org ;
           kg:claimKey "measure:m|7|7|people" ; kg:quote <urn:q2> .
      f:t1 a kg:Figure ; kg:measure m:m ; kg:value 9 ; kg:counts kgv:killed ; kg:origin a:org ;
           kg:claimKey "measure:m|9|9|people" ; kg:quote <urn:q1> .
      f:t2 a kg:Figure ; kg:measure m:m ; kg:value 9 ; kg:counts kgv:killed ; kg:origin a:elsewhere ;
           kg:claimKey "measure:m|9|9|people" ; kg:quote <urn:q2> .
      f:u a kg:Figure ; kg:measure m:m , m:n ; kg:value 11 ; kg:counts kgv:killed ; kg:origin a:org ;
           kg:claimKey "measure:m|11|11|people" , "measure:n|11|11|people" ; kg:quote <urn:q1> .
      f:v a kg:Figure ; kg:measure m:n ; kg:value 11 ; kg:counts kgv:killed ; kg:origin a:elsewhere ;
           kg:claimKey "measure:n|11|11|people" ; kg:quote <urn:q2> .
      f:w a kg:Figure ; kg:measure m:p , m:q ; kg:value 3 ; kg:counts kgv:killed ; kg:origin a:org ;
           kg:claimKey "measure:p|3|3|people" , "measure:q|3|3|people" ; kg:quote <urn:q1> .
      f:x a kg:Figure ; kg:measure m:q ; kg:value 3 ; kg:counts kgv:killed ; kg:origin a:org ;
           kg:claimKey "measure:q|3|3|people" ; kg:quote <urn:q2> .
      f:up a kg:Figure ; kg:value 52 ; kg:qualifier kgv:up-to ; kg:counts kgv:killed ; kg:origin a:org ;
           kg:claimKey "incident:i|killed||||52|people" ; kg:quote <urn:q1> .
      f:least a kg:Figure ; kg:value 52 ; kg:qualifier kgv:at-least ; kg:counts kgv:killed ; kg:origin a:elsewhere ;
           kg:claimKey "incident:i|killed|||52||people" ; kg:quote <urn:q2> .
      <urn:q1> <http://purl.org/dc/terms/isPartOf> <urn:article1> .
      <urn:q2> <http://purl.org/dc/terms/isPartOf> <urn:article2> .
    }""")
    found = rows(store, "single-source-figures")
    # 7 is said twice by one origin: two statements in two articles, one source; 9 by two origins: corroborated;
    # u makes two claims, one of them also v's (another origin): corroborated, so not listed, nor is v;
    # w makes two claims, both its origin's only, one also x's: listed once per measure, counting x once;
    # "up to 52" and "at least 52" are different claims: each rests on one origin
    assert [(local(r["figure"]), r["measure"] and local(r["measure"]), local(r["origin"]), r["statements"],
             r["articles"]) for r in found] == [
        ("least", None, "elsewhere", 1, 1),
        ("s1", "m", "org", 2, 2), ("s2", "m", "org", 2, 2), ("up", None, "org", 1, 1),
        ("w", "p", "org", 2, 2), ("w", "q", "org", 2, 2), ("x", "q", "org", 2, 2)]
    for raw in ({"origin": "org"}, {"measure": "q"}, {"origin": "elsewhere"}, {"origin": "elsewhere", "measure": "m"}):
        want = [r for r in found if all(r[c] is not None and local(str(r[c])) == v for c, v in raw.items())]
        assert rows(store, "single-source-figures", **raw) == want, raw


# ---------------------------------------------------------------------------
# (b'') on a synthetic corpus: a bound parameter gives exactly the whole-graph rows it names


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    from kg.build.pipeline import build
    from kg.build.store import open_store
    from kg.synth import synthesize

    root = tmp_path_factory.mktemp("synth-queries")
    synthesize(root / "data", figures=300, seed=3)
    return open_store(build(root / "data", root / "build").out_dir)


def _incidents(store: ox.Store) -> dict[str, str]:
    return {str(f): str(i) for f, i in queries.run(store, f"SELECT ?f ?i WHERE {{ ?f <{KG}incident> ?i }}").rows}


# (query, optional parameter) -> the column that holds what the parameter names
SELECTS: dict[tuple[str, str], str] = {
    ("casualties-by-place", "place"): "place",
    ("current-figures", "measure"): "measure",
    ("current-figures", "incident"): "incident",
    ("current-figures", "issuer"): "issuer",
    ("curator-inferences", "subject"): "subject",
    ("discrepancies", "measure"): "measure",
    ("discrepancies", "incident"): "figure_a",  # both figures are about the incident
    ("figures-without-perpetrator", "article"): "article",
    ("measure-evolution", "measure"): "measure",
    ("quotes-spoken-by", "actor"): "speaker",
    ("report-relays", "report"): "report",
    ("single-source-figures", "origin"): "origin",
    ("single-source-figures", "measure"): "measure",
    ("trace-figure", "figure"): "figure",
    ("trace-figure", "value"): "value",
}


def test_every_optional_parameter_selects_the_whole_graph_rows_it_names(synth_store: ox.Store) -> None:
    incident_of = _incidents(synth_store)
    assert {(n, p.name) for n, q in stored_queries().items() for p in q.params if p.optional} == set(SELECTS)
    for (name, param), column in SELECTS.items():
        whole = rows(synth_store, name)
        values = sorted({str(r[column]) for r in whole if r[column] is not None})
        by_figure = (name, param) == ("discrepancies", "incident")  # its column is a figure about the incident
        if by_figure:
            values = sorted({incident_of[v] for v in values if v in incident_of})
        assert values, f"{name}: no {param} to bind"
        for value in values[:: max(1, len(values) // 12)]:
            if by_figure:
                want = [r for r in whole if incident_of.get(str(r["figure_a"])) == value
                        and incident_of.get(str(r["figure_b"])) == value]
            else:
                want = [r for r in whole if r[column] is not None and str(r[column]) == value]
            got = rows(synth_store, name, **{param: value})
            assert sorted(map(repr, got)) == sorted(map(repr, want)), (name, param, value)


def test_whole_graph_rows_come_in_oxigraphs_order(synth_store: ox.Store) -> None:
    for stored in stored_queries().values():
        if all(p.optional for p in stored.params):
            assert queries.run(synth_store, stored.text).rows == _engine_order(synth_store, stored.text), stored.name


# ---------------------------------------------------------------------------
# (c) binding: typed, validated, never pasted; substitutions and VALUES agree


def trace() -> StoredQuery:
    return stored_queries()["trace-figure"]


@pytest.mark.parametrize("raw", [
    {"figure": "children-1928> } ; DROP ALL ; #"},
    {"figure": "children-1928>"},
    {"figure": "Children-1928"},
    {"figure": "../actor/snhr"},
    {"figure": ""},
    {"value": "1928 } ; DROP ALL ; #"},
    {"value": "NaN"},
    {"value": "0x10"},
])
def test_bad_or_hostile_values_are_rejected(raw: dict[str, str]) -> None:
    with pytest.raises(UsageError, match="is not"):
        queries.bind(trace(), raw)


def test_unknown_and_missing_parameters() -> None:
    with pytest.raises(UsageError, match="no parameter 'bogus'"):
        queries.bind(trace(), {"bogus": "1"})
    with pytest.raises(UsageError, match="needs the parameter 'incident'"):
        queries.bind(stored_queries()["incident-figures"], {})
    assert queries.bind(trace(), {}) == {}


def test_values_become_typed_terms() -> None:
    integer = ox.NamedNode(XSD + "integer")
    assert queries.bind(trace(), {"figure": "children-1928", "value": "1928"}) == {
        "figure": ox.NamedNode(ID + "figure/children-1928"), "value": ox.Literal("1928", datatype=integer)}
    # a full IRI of the right kind is accepted, of another kind it is not
    assert queries.bind(trace(), {"figure": ID + "figure/women-908"})["figure"] == ox.NamedNode(ID + "figure/women-908")
    with pytest.raises(UsageError):
        queries.bind(trace(), {"figure": ID + "actor/snhr"})
    # numbers are written as the build writes figure values
    decimal = ox.NamedNode(XSD + "decimal")
    assert queries.bind(trace(), {"value": "3.50"})["value"] == ox.Literal("3.5", datatype=decimal)
    assert queries.bind(trace(), {"value": "3.3e6"})["value"] == ox.Literal("3300000", datatype=integer)
    assert queries.bind(trace(), {"value": "-0"})["value"] == ox.Literal("0", datatype=integer)


@pytest.mark.parametrize(("type_", "value", "expected"), [
    ("integer", "+12", ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))),
    ("date", "2019-09-30", ox.Literal("2019-09-30", datatype=ox.NamedNode(XSD + "date"))),
    ("string", 'say "hi" { }', ox.Literal('say "hi" { }')),
    ("iri", "place/zardana", ox.NamedNode(ID + "place/zardana")),
    ("iri", ID + "place/zardana", ox.NamedNode(ID + "place/zardana")),
])
def test_parse_value_types(type_: str, value: str, expected: queries.Term) -> None:
    assert queries.parse_value(Param("x", type_, "", False), value) == expected


@pytest.mark.parametrize(("type_", "value"), [
    ("integer", "1.5"), ("date", "2019-02-30"), ("date", "30/09/2019"), ("string", "back\\slash"),
    ("string", "line\nbreak"), ("iri", "widget/x"), ("iri", "figure"), ("iri", "figure/a b"),
])
def test_parse_value_rejects(type_: str, value: str) -> None:
    with pytest.raises(UsageError):
        queries.parse_value(Param("x", type_, "", False), value)


BINDINGS: dict[str, list[dict[str, str]]] = {
    "trace-figure": [{}, {"figure": "children-1928"}, {"value": "10"}, {"figure": "war-crimes-hundreds"},
                     {"figure": "women-908", "value": "908"}],
    "figures-by-organisation": [{"organisation": "snhr"}],
    "incident-figures": [{"incident": "zardana-massacre"}],
    "incidents-by-actor": [{"actor": "russia"}],
    "measure-evolution": [{}, {"measure": "children-killed-by-russian-forces-since-2015"}],
    "discrepancies": [{}, {"measure": "children-killed-by-russian-forces-since-2015"}],
    "single-source-figures": [{}, {"origin": "snhr"}, {"measure": "zardana-massacre-killed", "origin": "snhr"}],
    "casualties-by-place": [{}, {"place": "syria"}],
    "current-figures": [{}, {"measure": "zardana-massacre-killed"}, {"incident": "zardana-massacre"},
                        {"issuer": "snhr"}],
    "incident-tolls": [{"incident": "zardana-massacre"}],
    "figures-without-perpetrator": [{}, {"article": "snhr-zardana-de-escalation"}],
    "curator-inferences": [{}, {"subject": "incident/zardana-massacre"}],
    "figures-by-article": [{"article": "snhr-zardana-de-escalation"}],
    "quotes-spoken-by": [{}, {"actor": "fadel-abdul-ghany"}],
    "report-relays": [{}, {"report": "snhr-2018-first-half-massacres"}],
}
CASES = [(name, raw) for name, raws in BINDINGS.items() for raw in raws]


def test_every_query_has_binding_cases() -> None:
    assert set(BINDINGS) == set(stored_queries())


@pytest.mark.parametrize(("name", "raw"), CASES, ids=[f"{n}-{'-'.join(r.values()) or 'all'}" for n, r in CASES])
def test_values_form_gives_the_same_rows_as_substitutions(store: ox.Store, name: str, raw: dict[str, str]) -> None:
    stored = stored_queries()[name]
    bound = queries.bind(stored, raw)
    substituted = queries.run(store, stored.text, bound)
    text = queries.with_values(stored.text, bound)
    assert queries.run(store, text) == substituted
    assert substituted.rows, "each case is chosen to have rows"
    assert not any(c.startswith("_") for c in substituted.columns)
    if bound:
        assert text.count("VALUES (") == 1
        inserted = re.search(r"\n  VALUES \(.*\) \}", text)
        assert inserted is not None and text.replace(inserted.group(), "", 1) == stored.text


def test_bound_text_writes_the_terms_in_place_of_the_parameters() -> None:
    text = ("SELECT ?_m ?x WHERE { { SELECT ?_m ?x (COUNT(*) AS ?n) WHERE { ?x <urn:p> ?_m } GROUP BY ?_m ?x }\n"
            "  # ?_m in a comment, \"?_m\" in a string\n  BIND (?_m AS ?copy) FILTER (?x != \"?_m\") } ORDER BY ?_m ?x")
    assert queries.bound_text(text, {"m": ox.NamedNode("urn:m")}) == (
        "SELECT  ?x WHERE { { SELECT  ?x (COUNT(*) AS ?n) WHERE { ?x <urn:p> <urn:m> } GROUP BY (<urn:m>) ?x }\n"
        "  # ?_m in a comment, \"?_m\" in a string\n  BIND (<urn:m> AS ?copy) FILTER (?x != \"?_m\") }"
        " ORDER BY (<urn:m>) ?x")
    assert queries.bound_text(text, {}) == text
    hostile = queries.bound_text("SELECT ?_s ?x WHERE { ?x ?p ?_s } ORDER BY ?x",
                                 {"s": ox.Literal('x" } ; DROP ALL ; #')})
    assert hostile == 'SELECT  ?x WHERE { ?x ?p "x\\" } ; DROP ALL ; #" } ORDER BY ?x'
    prepareQuery(hostile)
    with pytest.raises(UsageError):
        queries.bound_text("SELECT ?_s WHERE { ?x ?p ?_s } ORDER BY ?x", {"s": ox.Literal("a\\u0022b")})


def test_with_values_serializes_terms_safely(store: ox.Store) -> None:
    hostile = ox.Literal('x" } ; DROP ALL ; # <urn:y> {')
    text = queries.with_values("SELECT ?_s ?t WHERE { BIND(STR(?_s) AS ?t) } ORDER BY ?t", {"s": hostile})
    assert 'VALUES (?_s) { ("x\\" } ; DROP ALL ; # <urn:y> {") }' in text
    prepareQuery(text)
    assert queries.run(store, text) == Table(("t",), (('x" } ; DROP ALL ; # <urn:y> {',),))
    with pytest.raises(UsageError):
        queries.with_values("SELECT * WHERE { }", {"s": ox.Literal("a\\u0022b")})
    with pytest.raises(UsageError):
        queries.with_values("SELECT * WHERE { }", {"s": ox.BlankNode()})  # type: ignore[dict-item]
    # the WHERE brace, not a brace in a comment, a string or a projection expression
    tricky = '# { not here\nSELECT (EXISTS { ?a ?b "{" } AS ?e) WHERE { ?x ?y ?z } ORDER BY ?x'
    placed = queries.with_values(tricky, {"x": ox.NamedNode("urn:x")})
    assert placed.endswith("WHERE {\n  VALUES (?_x) { (<urn:x>) } ?x ?y ?z } ORDER BY ?x")
    assert queries.with_values(tricky, {}) == tricky


def test_run_reports_usage_errors(store: ox.Store) -> None:
    with pytest.raises(UsageError, match="syntax error"):
        queries.run(store, "SELECT WHERE {")
    with pytest.raises(UsageError, match="CONSTRUCT"):
        queries.run(store, "CONSTRUCT WHERE { ?s a ?o }")
    with pytest.raises(UsageError, match="not in its SELECT projection"):
        queries.run(store, "SELECT ?s WHERE { ?s a ?_t }", {"t": ox.NamedNode(KG + "Figure")})


def test_run_ask_with_and_without_bindings(store: ox.Store) -> None:
    assert queries.run(store, f"ASK {{ ?f a <{KG}Figure> }}") == Table(("ask",), ((True,),))
    ask = f"ASK WHERE {{ ?_f a <{KG}Figure> }}"
    assert queries.run(store, ask, {"f": ox.NamedNode(ID + "figure/women-908")}).rows == ((True,),)
    assert queries.run(store, ask, {"f": ox.NamedNode(ID + "actor/snhr")}).rows == ((False,),)


def _engine_order(store: ox.Store, text: str) -> tuple[tuple[Cell, ...], ...]:
    """The rows as Oxigraph itself orders them."""
    result = store.query(text, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    shown = [v for v in result.variables if not v.value.startswith("_")]
    return tuple(tuple(queries.cell(solution[v]) for v in shown) for solution in result)


@pytest.mark.parametrize("order", [
    "?x", "DESC(?x)", "?n ?x", "DESC(?n) ?x", "?d DESC(?x)", "?s", "?m ?x",
])
def test_run_orders_rows_as_oxigraph_does(store: ox.Store, order: str) -> None:
    # unbound, IRIs, numbers of two datatypes, dates, strings; ?m mixes kinds of literals (Oxigraph orders those)
    text = f"""SELECT ?x ?n ?d ?s ?m WHERE {{ VALUES (?x ?n ?d ?s ?m) {{
      (<urn:b> 2 "2019-01-02"^^<{XSD}date> "b" 1)
      (<urn:a> 10 UNDEF "B" "a")
      (UNDEF 2.5 "2018-12-31"^^<{XSD}date> "ä" "2019"^^<{XSD}gYear>)
      (<urn:c> UNDEF "2019-01-02"^^<{XSD}date> UNDEF <urn:a>)
      (<urn:a> 3 "2020-05-05"^^<{XSD}date> "a" UNDEF)
    }} }} ORDER BY {order}"""
    assert queries.run(store, text).rows == _engine_order(store, text)


@pytest.mark.parametrize(("name", "raw"), CASES, ids=[f"{n}-{'-'.join(r.values()) or 'all'}" for n, r in CASES])
def test_stored_queries_come_in_oxigraphs_order(store: ox.Store, name: str, raw: dict[str, str]) -> None:
    stored = stored_queries()[name]
    bound = queries.bind(stored, raw)
    assert queries.run(store, stored.text, bound).rows == _engine_order(store, queries.bound_text(stored.text, bound))


def test_run_sees_every_named_graph(store: ox.Store) -> None:
    table = queries.run(store, f"SELECT (COUNT(?f) AS ?n) WHERE {{ ?f a <{KG}Figure> }}")
    assert table == Table(("n",), ((27,),))


@pytest.mark.parametrize(("term", "expected"), [
    (ox.Literal("12", datatype=ox.NamedNode(XSD + "nonNegativeInteger")), 12),
    (ox.Literal("3.0", datatype=ox.NamedNode(XSD + "decimal")), 3),
    (ox.Literal("3.3", datatype=ox.NamedNode(XSD + "decimal")), 3.3),
    (ox.Literal("1.5E2", datatype=ox.NamedNode(XSD + "double")), 150.0),
    (ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), True),
    (ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean")), False),
    (ox.Literal("2018-07", datatype=ox.NamedNode(XSD + "gYearMonth")), "2018-07"),
    (ox.Literal("نص", language="ar"), "نص"),
    (ox.NamedNode(ID + "figure/x"), ID + "figure/x"),
    (ox.BlankNode("b0"), "_:b0"),
    (None, None),
])
def test_cells(term: ox.NamedNode | ox.BlankNode | ox.Literal | None, expected: Cell) -> None:
    value = queries.cell(term)
    assert value == expected and type(value) is type(expected)


# ---------------------------------------------------------------------------
# rdflib runs the VALUES form to the same rows, for the queries with the subtlest logic


@pytest.fixture(scope="module")
def rdflib_dataset(built: BuildResult) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(built.out_dir / "kg.trig", format="trig")
    return ds


@pytest.mark.parametrize(("name", "raw"), [
    ("trace-figure", {"value": "1928"}), ("measure-evolution", {}), ("casualties-by-place", {}),
    ("single-source-figures", {}), ("incident-figures", {"incident": "zardana-massacre"}),
])
def test_rdflib_agrees(store: ox.Store, rdflib_dataset: Dataset, name: str, raw: Mapping[str, str]) -> None:
    stored = stored_queries()[name]
    bound = queries.bind(stored, raw)
    expected = queries.run(store, stored.text, bound)
    result = rdflib_dataset.query(queries.with_values(stored.text, bound))
    columns = [str(v) for v in result.vars or [] if not str(v).startswith("_")]
    assert tuple(columns) == expected.columns

    def cell(value: object) -> Cell:
        if value is None:
            return None
        if hasattr(value, "datatype") and value.datatype is not None:
            return queries.cell(ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype))))
        return str(value)

    got = []
    for row in result:
        assert isinstance(row, ResultRow)
        got.append(tuple(cell(row.asdict().get(c)) for c in columns))
    assert tuple(got) == expected.rows


# ---------------------------------------------------------------------------
# (d) a malformed query file is an InputError at its line

GOOD = """#+ summary: A good query for tests
#+ description: Finds figures.
#+ param: figure iri:figure A figure (optional)
PREFIX kg: <https://w3id.org/kg/ns#>
SELECT ?_figure ?value
WHERE {
  ?_figure kg:value ?value .
}
ORDER BY ?value
"""


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("#+ description: Finds figures.", "#+ descripton: Finds figures.", 2, "unknown header key 'descripton'"),
    ("#+ summary: A good query for tests", "#+ summary A good query", 1, "must read '#+ key: value'"),
    ("#+ summary: A good query for tests", "#+ summary:", 1, "'summary' is empty"),
    ("#+ summary: A good query for tests\n", "", 1, "no '#+ summary:' line"),
    ("#+ description: Finds figures.", "#+ keywords: a, b", 1, "no '#+ description:' line"),
    ("iri:figure A figure", "iri:widget A figure", 3, "unknown type 'iri:widget'"),
    ("iri:figure A figure", "number A figure", 3, "unknown type 'number'"),
    ("param: figure", "param: Figure", 3, "parameter name 'Figure'"),
    ("#+ param: figure iri:figure A figure (optional)",
     "#+ param: figure iri:figure A figure (optional)\n#+ param: figure decimal Again", 4, "declared twice"),
    ("#+ param: figure iri:figure A figure (optional)",
     "#+ param: figure iri:figure A figure (optional)\n#+ param: unused decimal Never used", 4, "not in the query"),
    ("?_figure kg:value ?value .", "?_figure kg:value ?_value .", 7, "?_value is not a declared parameter"),
    ("?_figure kg:value ?value .", "?_figure kgg:value ?value .", 7, "SPARQL syntax error"),
    ("SELECT ?_figure ?value", "SELECT ?value", 3, "must be in the SELECT projection"),
    ("ORDER BY ?value\n", "", 5, "needs an ORDER BY"),
    ("SELECT ?_figure ?value\nWHERE", "CONSTRUCT { ?_figure kg:value ?value }\nWHERE", 5, "SELECT or an ASK"),
    ("PREFIX kg:", "\n#+ keywords: late\nPREFIX kg:", 5, "must all come first"),
    ("?_figure kg:value ?value .", "{ SELECT ?value WHERE { ?_figure kg:value ?value } }", 7,
     "?_figure is used in a sub-select that does not project it"),
])
def test_malformed_query_file_is_an_input_error_at_its_line(tmp_path: Path, old: str, new: str, line: int,
                                                            message: str) -> None:
    path = tmp_path / "broken-query.rq"
    assert old in GOOD
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        queries.catalogue(tmp_path)
    assert caught.value.location is not None
    assert (caught.value.location.path, caught.value.location.line) == (path, line)
    assert message in caught.value.message


def test_good_query_file_loads(tmp_path: Path) -> None:
    (tmp_path / "good-query.rq").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a query", encoding="utf-8")
    (stored,) = queries.catalogue(tmp_path).values()
    assert (stored.name, stored.summary, stored.description, stored.keywords) == (
        "good-query", "A good query for tests", "Finds figures.", ())
    assert stored.params == (Param("figure", "iri:figure", "A figure", True),)


def test_query_file_name_must_be_kebab_case(tmp_path: Path) -> None:
    path = tmp_path / "Bad_Name.rq"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="kebab-case") as caught:
        queries.catalogue(tmp_path)
    assert caught.value.location is not None and caught.value.location.path == path
