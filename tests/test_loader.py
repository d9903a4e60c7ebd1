"""Broken input is reported at its file and line, all problems at once."""

from __future__ import annotations

from pathlib import Path

from kg.loader import load_catalogue
from tests.helpers import ARTICLE_000, ARTICLE_003, errors_of, line_of, only_error, replace_in


def test_real_data_loads_every_figure_of_both_seeds() -> None:
    cat = load_catalogue(Path(__file__).parent.parent / "data")
    figures = {f.id: f for a in cat.articles.values() for f in a.figures}
    assert len(cat.articles) == 2
    assert len(figures) == 27
    text = cat.articles["snhr-russia-fourth-anniversary"].text
    phrase = figures["children-1928"].phrase
    assert text[phrase.start : phrase.end] == "1,928 children"


def test_quote_not_in_text_names_file_line_and_nearest_text(data_copy: Path) -> None:
    path = data_copy / ARTICLE_003
    replace_in(path, "(Source: Syrian Coalition’s Media Department)", "(Source: Syrian Coalition's Media Department)")
    error = only_error(data_copy)
    assert error.location is not None
    assert error.location.path == path
    assert error.location.line == line_of(path, "text: \"(Source: Syrian Coalition's")
    assert "not found verbatim" in error.message
    assert "nearest text" in error.message
    assert "U+2019" in error.message  # the curly apostrophe the curator typed straight


def test_ambiguous_quote_asks_for_an_occurrence(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "  - id: dateline\n    text: 30 September, 2019", "  - id: dateline\n    text: Russia has killed")
    error = only_error(data_copy)
    assert "found 2 times" in error.message
    assert "occurrence" in error.message
    assert error.location is not None and error.location.line == line_of(path, "text: Russia has killed")


def test_missing_required_field(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "    counts: war-crimes\n", "")
    error = only_error(data_copy)
    assert "missing required field 'counts'" in error.message
    assert error.location is not None and error.location.line == line_of(path, "- id: war-crimes-hundreds")


def test_bad_date(data_copy: Path) -> None:
    path = data_copy / "registry" / "reports.yaml"
    replace_in(path, "value: 2018-07-18", "value: 2018-13-45")
    error = only_error(data_copy)
    assert "'2018-13-45'" in error.message
    assert error.location is not None and error.location.line == line_of(path, "date:", 2)


def test_negative_count(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "value: 908", "value: -908")
    error = only_error(data_copy)
    assert "cannot be negative" in error.message
    assert error.location is not None and error.location.line == line_of(path, "value: -908")


def test_value_not_stated_by_the_words(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "value: 1928", "value: 1982")
    error = only_error(data_copy)
    assert "do not state the value 1982" in error.message
    assert error.location is not None and error.location.line == line_of(path, "value: 1982")


def test_qualifier_must_be_worded(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "    value: 6686\n    qualifier: exact", "    value: 6686\n    qualifier: at-least")
    error = only_error(data_copy)
    assert "qualifier 'at-least' is not worded" in error.message


def test_yaml_syntax_error(data_copy: Path) -> None:
    path = data_copy / ARTICLE_003
    replace_in(path, "    qualifier: dozens\n", "    qualifier: [dozens\n")
    error = only_error(data_copy)
    assert "YAML syntax error" in error.message
    assert error.location is not None and error.location.path == path and error.location.line > 0


def test_unknown_id_is_reported_where_it_is_used(data_copy: Path) -> None:
    path = data_copy / ARTICLE_003
    replace_in(path, "    perpetrator: russian-forces\n    area: de-escalation-zones",
               "    perpetrator: russian-forcez\n    area: de-escalation-zones")
    error = only_error(data_copy)
    assert error.message == "unknown actor 'russian-forcez'"
    assert error.location is not None and error.location.line == line_of(path, "russian-forcez")


def test_unknown_vocabulary_term(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "group: women", "group: womens")
    error = only_error(data_copy)
    assert error.message.startswith("unknown group 'womens'")


def test_typo_in_field_name(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "    qualifier: hundreds", "    qualifer: hundreds")
    errors = errors_of(data_copy)
    assert any("unknown field 'qualifer'" in e.message for e in errors)


def test_changed_archived_text_is_detected(data_copy: Path) -> None:
    text = data_copy / "sources" / "snhr-zardana-de-escalation.txt"
    text.write_bytes(text.read_bytes().replace(b"6,187", b"6,188"))
    error = only_error(data_copy)
    assert "SHA-256" in error.message and "re-check every quote" in error.message
    assert error.location is not None and error.location.line == line_of(data_copy / ARTICLE_003, "sha256:")


def test_duplicate_figure_ids_across_documents(data_copy: Path) -> None:
    replace_in(data_copy / ARTICLE_003, "- id: zardana-women-10", "- id: women-908")
    errors = errors_of(data_copy)
    assert any("duplicate figure id 'women-908'" in e.message for e in errors)


def test_every_problem_of_a_run_is_reported(data_copy: Path) -> None:
    replace_in(data_copy / ARTICLE_000, "group: women", "group: womens")
    replace_in(data_copy / ARTICLE_003, "counts: injured", "counts: hurt")
    assert len(errors_of(data_copy)) == 2


def test_inference_needs_a_reason_when_bounds_are_given(data_copy: Path) -> None:
    path = data_copy / ARTICLE_003
    replace_in(path, "published:\n  earliest: 2018-07-18\n  inferred: >-",
               "published:\n  earliest: 2018-07-18\n  note: >-")
    errors = errors_of(data_copy)
    assert any("unknown key 'note'" in e.message for e in errors)
