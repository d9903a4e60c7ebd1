"""One definition of an independent source (docs/independence.md), and every consumer agrees on it.

The loader derives each figure's origin (``kg:origin``) and claims (``kg:claimKey``) once; ``kg trace``,
``kg sources`` (:func:`kg.ask.network.analyse`), the network's :func:`~kg.ask.network.corroboration` and the
stored query ``single-source-figures`` only read them. On the seeds, on the real-reporting corpus
(``tests/corpus``) and on a synthetic corpus, for every figure, they must give the same independent sources
and the same articles as a direct SPARQL count over ``kg:origin`` and ``kg:claimKey``. Then the rules
themselves, on the corpus: relays, mirrors and translations of one report are one source; a person counts
as the organisation he speaks for; an aggregator citing a group is not independent of it; claims respect
qualifiers and bounds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.ask import network, queries
from kg.ask.trace import trace
from kg.build.pipeline import BuildResult, build
from kg.build.store import open_store
from kg.cli import main
from kg.model.resources import QUERIES_DIR
from kg.model.terms import local_id

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"

#: per figure, straight from the graph: the origins of the figures sharing any of its claim keys, how many
#: figures those are (itself included), and the articles they are quoted in
DIRECT = """
PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?figure (COUNT(DISTINCT ?key) AS ?keys) (COUNT(DISTINCT ?own) AS ?own_origins) (SAMPLE(STR(?own)) AS ?own_origin)
       (GROUP_CONCAT(DISTINCT STR(?source); separator=" ") AS ?sources) (COUNT(DISTINCT ?other) AS ?statements)
       (GROUP_CONCAT(DISTINCT STR(?article); separator=" ") AS ?articles)
WHERE {
  ?figure a kg:Figure .
  OPTIONAL { ?figure kg:origin ?own }
  OPTIONAL {
    ?figure kg:claimKey ?key .
    ?other kg:claimKey ?key .
    OPTIONAL { ?other kg:origin ?source }
    OPTIONAL { ?other kg:quote / dct:isPartOf ?article }
  }
}
GROUP BY ?figure
"""


@dataclass(frozen=True)
class Answer:
    """What one consumer says of one figure: its independent sources and the articles stating its claims."""

    sources: tuple[str, ...]  # ids, sorted
    articles: tuple[str, ...]


def ids(iris: Iterable[object]) -> tuple[str, ...]:
    return tuple(sorted(local_id(str(i)) for i in iris))


def words(text: object) -> tuple[str, ...]:
    return ids(str(text).split()) if text else ()


@dataclass
class Built:
    name: str
    store: ox.Store
    out_dir: Path

    def figures(self) -> list[str]:
        return sorted(str(f) for (f,) in queries.run(
            self.store, "SELECT ?f WHERE { ?f a <https://w3id.org/kg/ns#Figure> }").rows)

    def traced(self) -> dict[str, dict[str, Any]]:
        """``kg trace`` of every figure, one at a time (each reads only its figure's neighbourhood)."""
        out = {}
        for figure in self.figures():
            [record] = trace(self.store, figure=local_id(figure), build_dir=self.out_dir)
            out[figure] = record
        return out

    def sources_command(self) -> dict[str, dict[str, Any]]:
        """``kg sources --format json``: per figure, articles and independent sources (counts)."""
        result = CliRunner().invoke(main, ["sources", "--format", "json", "--build", str(self.out_dir)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return {row["figure"]: row for row in json.loads(result.output)}

    def single_source(self) -> list[dict[str, Any]]:
        stored = queries.load(QUERIES_DIR / "single-source-figures.rq")
        table = queries.run(self.store, stored.text)
        return [dict(zip(table.columns, row, strict=True)) for row in table.rows]

    def direct(self) -> dict[str, dict[str, Any]]:
        table = queries.run(self.store, DIRECT)
        return {str(row[0]): dict(zip(table.columns, row, strict=True)) for row in table.rows}


def _seeds(built: BuildResult, store: ox.Store, _: pytest.TempPathFactory) -> Built:
    return Built("seeds", store, built.out_dir)


def _corpus(_b: BuildResult, _s: ox.Store, tmp: pytest.TempPathFactory) -> Built:
    out = build(CORPUS, tmp.mktemp("independence-corpus") / "build").out_dir
    return Built("corpus", open_store(out), out)


def _synthetic(_b: BuildResult, _s: ox.Store, tmp: pytest.TempPathFactory) -> Built:
    from kg.synth import synthesize

    root = tmp.mktemp("independence-synth")
    synthesize(root / "data", figures=300, seed=11)
    out = build(root / "data", root / "build").out_dir
    return Built("synthetic", open_store(out), out)


CORPORA: dict[str, Callable[[BuildResult, ox.Store, pytest.TempPathFactory], Built]] = {
    "seeds": _seeds, "corpus": _corpus, "synthetic": _synthetic,
}


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request: pytest.FixtureRequest, built: BuildResult, store: ox.Store,
           tmp_path_factory: pytest.TempPathFactory) -> Built:
    return CORPORA[request.param](built, store, tmp_path_factory)


@pytest.fixture(scope="module")
def real(built: BuildResult, store: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _corpus(built, store, tmp_path_factory)


@pytest.fixture(scope="module")
def real_traces(real: Built) -> dict[str, dict[str, Any]]:
    return {local_id(f): r for f, r in real.traced().items()}


# --- every consumer agrees, on every figure of three corpora ---------------------------------------------


def test_every_figure_has_an_origin_and_a_claim(corpus: Built) -> None:
    """The loader's promise, which the stored query relies on (a figure rests on its own origin)."""
    direct = corpus.direct()
    assert direct, f"{corpus.name}: no figure"
    assert {f: (d["own_origins"], d["keys"] >= 1) for f, d in direct.items()} == dict.fromkeys(direct, (1, True))


def test_trace_sources_corroboration_query_and_sparql_agree_on_every_figure(corpus: Built) -> None:
    figures = corpus.figures()
    direct = corpus.direct()
    whole = network.provenance_graph(corpus.store)
    analysed = {s.figure: s for s in network.analyse(whole)}
    command = corpus.sources_command()
    traced = corpus.traced()
    listed: dict[str, list[dict[str, Any]]] = {}
    for row in corpus.single_source():
        listed.setdefault(str(row["figure"]), []).append(row)

    answers: dict[str, dict[str, Answer]] = {}
    for f in figures:
        c = network.corroboration(whole, f)
        d, t, s, k = direct[f], traced[f], analysed[f], command[f]
        answers[f] = {
            "sparql": Answer(words(d["sources"]), words(d["articles"])),
            "trace": Answer(tuple(t["independent_sources"]), tuple(t["articles_stating_it"])),
            "corroboration": Answer(ids(c.origins), ids(c.articles)),
        }
        # (independent sources, figures making its claims, articles stating them)
        want = (len(words(d["sources"])), d["statements"], len(words(d["articles"])))
        assert (s.origins, s.claim, s.articles) == want, (corpus.name, f, "analyse")
        assert (len(c.origins), len(c.claim), len(c.articles)) == want, (corpus.name, f, "corroboration")
        assert (k["independent_sources"], k["articles"]) == (want[0], want[2]), (corpus.name, f, "kg sources")
        rows = listed.get(f, [])
        sources = answers[f]["sparql"].sources
        if len(sources) == 1:
            # single-source-figures lists it, once per measure, with that origin and the trace's counts
            assert rows, (corpus.name, f, "should be listed")
            assert {(local_id(str(r["origin"])), r["statements"], r["articles"]) for r in rows} == {
                (sources[0], d["statements"], len(words(d["articles"])))}, (corpus.name, f)
        else:
            assert not rows, (corpus.name, f, "listed, but its claims rest on", sources)
    for f in figures:
        assert len(set(answers[f].values())) == 1, (corpus.name, f, answers[f])


def test_single_source_figures_lists_each_figure_once_per_measure(corpus: Built) -> None:
    measures: dict[str, set[str | None]] = {}
    for (f, m) in queries.run(corpus.store, """
            PREFIX kg: <https://w3id.org/kg/ns#>
            SELECT ?f ?m WHERE { ?f a kg:Figure OPTIONAL { ?f kg:measure ?m } }
            """).rows:
        measures.setdefault(str(f), set()).add(None if m is None else str(m))
    keys = [(str(r["figure"]), r["measure"]) for r in corpus.single_source()]
    assert keys and len(keys) == len(set(keys))
    listed: dict[str, set[str | None]] = {}
    for f, m in keys:
        listed.setdefault(f, set()).add(None if m is None else str(m))
    assert {f: measures[f] for f in listed} == listed


def test_single_source_figures_gives_the_same_rows_bound_as_whole(corpus: Built) -> None:
    """The query has a plan for a bound parameter (lookups from it) and one for the whole graph (hash joins):
    bound to an origin or a measure, written in or as a VALUES block, it gives the whole graph's rows for it."""
    stored = queries.load(QUERIES_DIR / "single-source-figures.rq")
    whole = corpus.single_source()

    def rows(text: str, bound: dict[str, queries.Term] | None = None) -> list[dict[str, Any]]:
        table = queries.run(corpus.store, text, bound)
        return [dict(zip(table.columns, row, strict=True)) for row in table.rows]

    for param in ("origin", "measure"):
        values = sorted({str(r[param]) for r in whole if r[param] is not None})
        assert values, (corpus.name, param)
        for value in values[:: max(1, len(values) // 10)]:
            bound = queries.bind(stored, {param: local_id(value)})
            want = [r for r in whole if r[param] == value]
            assert rows(stored.text, bound) == want, (corpus.name, param, value)
            assert rows(queries.with_values(stored.text, bound)) == want, (corpus.name, param, value, "VALUES")


# --- the rules, on the real-reporting corpus ---------------------------------------------------------------


def test_a_report_relayed_and_translated_is_one_source(real_traces: dict[str, dict[str, Any]]) -> None:
    # SNHR's 2019 report: its English page and its Arabic translation state 6,686 and 1,928
    for fid in ("civilians-6686-2019", "civilians-6686-2019-ar", "children-1928-2019-ar-headline"):
        record = real_traces[fid]
        assert record["independent_sources"] == ["snhr"], fid
        assert record["articles_stating_it"] == ["snhr-2019-09-30-russia-fourth-anniversary",
                                                 "snhr-2019-09-30-russia-fourth-anniversary-ar"], fid
    # SNHR's 2018 Zardana report, relayed by The New Arab (in Arabic) and by Syria Direct
    for fid in ("zardana-killed-52-snhr-2018", "alaraby-zardana-killed-52-headline", "sd-snhr-killed-52"):
        record = real_traces[fid]
        assert record["independent_sources"] == ["snhr"], fid
        assert len(record["articles_stating_it"]) == 3, fid
    # Syria Civil Defence's 35 dead, relayed by AFP's wire and Enab Baladi: one source, three articles; the
    # France 24 mirror of the wire records no figure of its own, so it adds no article either
    record = real_traces["afp-killed-35-white-helmets"]
    assert record["independent_sources"] == ["syria-civil-defence"]
    assert record["articles_stating_it"] == ["afp-zardana-2018-06-08", "enab-baladi-zardana-2018-06-08-ar",
                                             "syria-civil-defence-zardana-2018-06-08"]
    assert not any("france24-zardana-2018-06-08" in r["articles_stating_it"] for r in real_traces.values())


def test_a_director_counts_as_his_organisation(real: Built, real_traces: dict[str, dict[str, Any]]) -> None:
    record = real_traces["afp-injured-60-director"]
    assert record["stated_by"]["id"] == "rami-abdel-rahman"
    assert "sohr" in record["independent_sources"]
    assert "rami-abdel-rahman" not in record["independent_sources"]
    assert _origin(real, "afp-injured-60-director") == "sohr"
    # SOHR's own figures and its director's are never two sources, anywhere in the corpus
    assert not any({"sohr", "rami-abdel-rahman"} <= set(r["independent_sources"]) for r in real_traces.values())
    assert not any("rami-abdel-rahman" in r["independent_sources"] for r in real_traces.values())


def test_a_director_figure_rests_on_his_organisation_alone(real_traces: dict[str, dict[str, Any]]) -> None:
    assert real_traces["afp-injured-60-director"]["independent_sources"] == ["sohr"]


def test_an_aggregator_citing_a_group_is_not_independent_of_it(
    real: Built, real_traces: dict[str, dict[str, Any]],
) -> None:
    # Airwars' "about 28 in the first raid, according to Step News, citing local sources": theirs, not Airwars'
    first_raid = real_traces["airwars-first-raid-killed-28"]
    assert _origin(real, "airwars-first-raid-killed-28") == "zardana-local-sources-step-news"
    assert first_raid["independent_sources"] == ["zardana-local-sources-step-news"]
    # Airwars citing SOHR's 44 and Syria Civil Defence's volunteer: the cited group's claims, one source each
    for fid, group in (("airwars-sohr-killed-44", "sohr"), ("airwars-volunteer-killed-1", "syria-civil-defence")):
        assert _origin(real, fid) == group
        assert real_traces[fid]["independent_sources"] == [group], fid
        assert len(real_traces[fid]["articles_stating_it"]) == 2, fid
    # only the range Airwars states as its own has Airwars as origin
    assert _origin(real, "airwars-killed-up-to-52") == "airwars"
    assert all(r["independent_sources"] != ["airwars", "sohr"] for r in real_traces.values())


def test_up_to_and_at_least_are_different_claims(real: Built, real_traces: dict[str, dict[str, Any]]) -> None:
    up_to, at_least = real_traces["airwars-killed-up-to-52"], real_traces["alaraby-zardana-killed-52"]
    assert (up_to["qualifier"], up_to["low"], up_to["high"]) == ("up-to", None, 52)
    assert (at_least["qualifier"], at_least["low"], at_least["high"]) == ("at-least", 52, None)
    # same measure, same number, different bounds: neither corroborates the other
    assert up_to["independent_sources"] == ["airwars"]
    assert at_least["independent_sources"] == ["snhr"]
    assert up_to["articles_stating_it"] == ["airwars-rs3441-zardana"]
    keys = _claim_keys(real)
    assert keys["airwars-killed-up-to-52"].isdisjoint(keys["alaraby-zardana-killed-52"])
    # and "almost 7,000" is not 6,686
    assert keys["eb-civilians-almost-7000"].isdisjoint(keys["civilians-6686-2019"])
    listed = {local_id(str(r["figure"])): local_id(str(r["origin"])) for r in real.single_source()}
    assert (listed.get("airwars-killed-up-to-52"), listed.get("alaraby-zardana-killed-52")) == ("airwars", "snhr")


def _origin(built: Built, fid: str) -> str:
    [(found,)] = queries.run(built.store, f"""
        SELECT ?o WHERE {{ <https://w3id.org/kg/id/figure/{fid}> <https://w3id.org/kg/ns#origin> ?o }}""").rows
    return local_id(str(found))


def _claim_keys(built: Built) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f, k in queries.run(built.store, "SELECT ?f ?k WHERE { ?f <https://w3id.org/kg/ns#claimKey> ?k }").rows:
        out.setdefault(local_id(str(f)), set()).add(str(k))
    return out


def test_current_figures_and_incident_tolls_count_the_same_origins(corpus: Built) -> None:
    """current-figures, incident-tolls (and so kg explain) name each reading's source by kg:origin, and count
    a subject's independent sources as the distinct origins of its current readings."""
    origin_of = {f: words(d["own_origin"])[0] for f, d in corpus.direct().items() if d["own_origin"]}
    current = queries.run(corpus.store, queries.catalogue()["current-figures"].text)
    by_subject: dict[str, list[dict[str, Any]]] = {}
    for row in current.rows:
        r = dict(zip(current.columns, row, strict=True))
        assert local_id(str(r["issuer"])) == origin_of[str(r["figure"])], (corpus.name, r["figure"])
        by_subject.setdefault(str(r["measure"] or r["incident"]), []).append(r)
    assert by_subject, corpus.name
    for subject, rows in by_subject.items():
        assert {r["sources"] for r in rows} == {len({r["issuer"] for r in rows})}, (corpus.name, subject)
    incidents = [s for s in by_subject if "/incident/" in s]
    stored = queries.catalogue()["incident-tolls"]
    for incident in incidents:
        table = queries.run(corpus.store, stored.text, queries.bind(stored, {"incident": local_id(incident)}))
        tolls = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
        origins = {local_id(str(r["origin"])) for r in tolls if r["kind"] == "toll"}
        for r in tolls:
            if r["kind"] == "toll":
                assert local_id(str(r["origin"])) == origin_of[str(r["figure"])], (corpus.name, r["figure"])
        # the grade's reason lists the same origins
        assert ", ".join(sorted(origins)) in str(tolls[0]["reason"]), (corpus.name, incident, tolls[0]["reason"])
        current_here = {str(r["figure"]) for r in by_subject[incident]}
        assert {str(r["figure"]) for r in tolls if r["current"]} == current_here, (corpus.name, incident)
