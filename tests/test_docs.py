"""Docs that cannot drift: the README's CLI reference and quickstart, and the generated field and namespace
references in docs/, match the code and CI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from kg.clidoc import render_readme
from kg.model.resources import ONTOLOGY_FILE, VOCAB_FILE
from kg.model.terms import KG

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def sh_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", text, flags=re.S)


def test_cli_reference_is_generated_from_the_cli() -> None:
    assert render_readme(README) == README, "run: python -m kg.clidoc README.md"


def test_quickstart_is_exactly_two_commands_and_ci_runs_the_test_command_verbatim() -> None:
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = sh_blocks(quickstart)
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_every_ontology_term_has_a_label_and_a_definition() -> None:
    g = Graph().parse(ONTOLOGY_FILE)
    terms = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(KG))}
    assert len(terms) > 40
    for term in terms:
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, SKOS.definition) is not None, term
    onto = URIRef("https://w3id.org/kg/ns")
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, OWL.versionIRI) is not None
    assert g.value(onto, URIRef("http://purl.org/dc/terms/license")) is not None


def test_every_kg_term_used_by_the_data_is_declared(built_turtle: Graph) -> None:
    declared = set(Graph().parse(ONTOLOGY_FILE).subjects())
    used = {t for triple in built_turtle for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG))}
    assert used - declared == set()


def test_every_vocabulary_concept_has_a_label_and_definition() -> None:
    g = Graph().parse(VOCAB_FILE)
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for c in concepts:
        assert g.value(c, SKOS.prefLabel) is not None, c
        assert g.value(c, SKOS.definition) is not None, c
        assert g.value(c, SKOS.inScheme) is not None, c


def test_the_worked_example_passes_the_shapes() -> None:
    from kg.build.shacl import validate
    from kg.model.resources import ONTOLOGY_DIR

    g = Graph()
    for name in ("kg.ttl", "vocab.ttl", "example.ttl"):
        g.parse(ONTOLOGY_DIR / name)
    report = validate(g)
    assert report.results == (), [str(r) for r in report.results]
    example = Graph().parse(ONTOLOGY_DIR / "example.ttl")
    declared = set(Graph().parse(ONTOLOGY_FILE).subjects())
    used = {t for triple in example for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG))}
    assert used and used <= declared


def test_readme_trace_example_is_real_output(built: object) -> None:
    from click.testing import CliRunner

    from kg.build.pipeline import BuildResult
    from kg.cli import main

    assert isinstance(built, BuildResult)
    example = README.split("A traced figure (`kg trace children-1928`, first lines):", 1)[1]
    shown = re.findall(r"```text\n(.*?)\n```", example, flags=re.S)[0].splitlines()
    assert shown[-1].strip() == "…"
    result = CliRunner().invoke(main, ["trace", "children-1928", "--build", str(built.out_dir)])
    actual = result.output.splitlines()
    assert shown[:-1] == actual[: len(shown) - 1]


def test_field_and_namespace_references_are_generated_from_the_loader() -> None:
    from tools.reference_docs import COMMAND, pages

    for name, text in pages().items():
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == text, f"run: {COMMAND}"


def test_the_field_reference_lists_exactly_what_the_loader_accepts() -> None:
    from kg.loader.article import ARTICLE_KEYS, FIGURE_KEYS
    from tools.reference_docs import missing_meanings, sections

    found = {s.key: s for s in sections()}
    assert {f.name for f in found["article"].fields} == ARTICLE_KEYS
    assert {f.name for f in found["figure"].fields} == FIGURE_KEYS
    required = {f.name for f in found["figure"].fields if f.required}
    assert {"id", "quote", "words", "stated_by", "qualifier", "counts"} <= required
    assert {"actor", "place", "incident", "campaign", "report", "measure", "concept", "position"} <= set(found)
    assert missing_meanings(list(found.values())) == []


def test_a_field_the_loader_gains_without_a_meaning_stops_the_generator() -> None:
    from tools.reference_docs import Field, Section, render_fields, sections

    found = sections()
    found[0] = Section(found[0].key, found[0].title, found[0].where, (*found[0].fields, Field("new_key", False, "")))
    with pytest.raises(ValueError, match=r"article\.new_key: no meaning"):
        render_fields(found)


def test_records_md_links_the_generated_references() -> None:
    guide = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    assert "(fields.md)" in guide and "(namespaces.md)" in guide
    assert "https://w3id.org/kg/ns#" in (ROOT / "docs" / "namespaces.md").read_text(encoding="utf-8")
