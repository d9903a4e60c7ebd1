"""Hostile and broken input (issue 9): an error at its ``path:line``, never a traceback, a hang or a leak.

One test per defect the testers found, named after it: YAML parsed within limits (alias bombs, nesting,
file size, integer length), every id, URL and language tag validated where it is written, unreadable
files and looping links named, archived texts kept inside ``data/``, every error of a file in one run.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.loader import load_catalogue
from kg.loader.files import MAX_FILE_BYTES
from kg.loader.yamlio import MAX_ALIAS_NODES, MAX_DEPTH
from kg.model.errors import InputError
from tests.helpers import ARTICLE_000, ARTICLE_003, edit_record, errors_of, line_of, only_error, replace_in

ALIAS_BOMB = "\n".join(
    ["curator: kg-curators", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]) + "\n"



def at(error: InputError) -> tuple[Path, int]:
    assert error.location is not None
    return error.location.path, error.location.line


# --- YAML within limits -------------------------------------------------------------------------------------

def test_alias_bomb_is_refused_at_its_line_without_being_expanded(data_copy: Path) -> None:
    path = data_copy / "registry" / "measures.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    started = time.monotonic()
    error = only_error(data_copy)
    assert time.monotonic() - started < 5
    assert f"expand to more than {MAX_ALIAS_NODES:,} values" in error.message
    assert at(error)[0] == path and 3 <= at(error)[1] <= 11


def test_aliases_of_the_seed_records_still_load(data_copy: Path) -> None:
    cat = load_catalogue(data_copy)  # the seeds share `report: &wednesday-report` and others
    assert cat.articles["snhr-zardana-de-escalation"].figures[-1].report is not None


def test_recursive_alias_is_refused(data_copy: Path) -> None:
    path = data_copy / "registry" / "measures.yaml"
    path.write_text("curator: kg-curators\nmeasures: &m\n  - *m\n", encoding="utf-8")
    error = only_error(data_copy)
    assert "refers to the collection it is inside" in error.message
    assert at(error) == (path, 3)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_yaml_nested_deeper_than_the_limit_is_refused(data_copy: Path, depth: int) -> None:
    path = data_copy / "registry" / "measures.yaml"
    path.write_text("curator: kg-curators\nmeasures: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    error = only_error(data_copy)
    # kg's limit, or libyaml's own (1,000), whichever the parser meets first
    assert f"nested more than {MAX_DEPTH} levels deep" in error.message or "maximum nesting depth" in error.message
    assert at(error) == (path, 2)


def test_yaml_file_over_the_size_limit_is_refused_unread(data_copy: Path) -> None:
    path = data_copy / "registry" / "measures.yaml"
    with path.open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    error = only_error(data_copy)
    assert "too large" in error.message and at(error)[0] == path


def test_integer_over_4300_digits_is_an_error_at_its_line(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "value: 908", "value: " + "9" * 5000)
    error = only_error(data_copy)
    assert "number of 5,005 characters" not in error.message  # the key is not counted
    assert "number of 5,000 characters (at most 100)" in error.message
    assert at(error) == (path, line_of(path, "value: 999"))


def test_amount_beyond_15_digits_is_an_error(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "value: 908", "value: 1e999999")
    error = only_error(data_copy)
    assert "too large (at most 15 digits before the point)" in error.message
    assert at(error) == (path, line_of(path, "value: 1e999999"))


def test_non_utf8_yaml_error_names_its_line(data_copy: Path) -> None:
    path = data_copy / "registry" / "measures.yaml"
    raw = path.read_bytes().split(b"\n")
    raw[3] = raw[3] + b" \xff"
    path.write_bytes(b"\n".join(raw))
    error = only_error(data_copy)
    assert "not UTF-8 text: byte 0xFF" in error.message
    assert at(error) == (path, 4)


def test_control_character_in_yaml_names_its_line(data_copy: Path) -> None:
    path = data_copy / "registry" / "measures.yaml"
    raw = path.read_bytes().split(b"\n")
    raw[1] = raw[1] + " سوريا".encode()  # letters of two bytes before it: the line is still right
    raw[2] = raw[2] + b"\x07"
    path.write_bytes(b"\n".join(raw))
    error = only_error(data_copy)
    assert "U+0007" in error.message
    assert at(error) == (path, 3)


@pytest.mark.parametrize("value", ["!!int 'abc'", "!!python/object:os.system x", "!!float x"])
def test_explicit_yaml_tag_that_cannot_be_read_is_an_error(data_copy: Path, value: str) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "value: 908", f"value: {value}")
    error = only_error(data_copy)
    assert "YAML error" in error.message
    assert at(error) == (path, line_of(path, f"value: {value}"))


# --- ids, URLs, language tags, dates --------------------------------------------------------------------------

def test_invalid_language_tag_is_an_error_at_its_line(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "language: en", "language: english")
    actors = data_copy / "registry" / "actors.yaml"
    replace_in(actors, "{name: العربي الجديد, lang: ar}", "{name: العربي الجديد, lang: 'a r'}")
    errors = errors_of(data_copy)
    assert [(at(e), "not a valid BCP 47 language tag" in e.message) for e in errors] == [
        ((actors, line_of(actors, "lang: 'a r'")), True), ((path, line_of(path, "language: english")), True)]


@pytest.mark.parametrize("evidence", ["not-a-url", "ftp://example.org/x", "https://", "https://exa mple.org/",
                                      "'https://example.org/<x>'", "javascript:alert(1)"])
def test_evidence_that_is_not_a_url_is_an_error(data_copy: Path, evidence: str) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "  evidence: https://english.alaraby.co.uk/news/russian-forces-kill-almost-2000-syrian-children-2015",
               f"  evidence: {evidence}")
    error = only_error(data_copy)
    assert "'evidence'" in error.message and "URL" in error.message
    assert at(error) == (path, line_of(path, f"evidence: {evidence}"))


def test_url_that_is_not_a_url_is_an_error(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "  value: https://english.alaraby", "  value: english.alaraby")
    error = only_error(data_copy)
    assert "field 'url'" in error.message and "is not a URL" in error.message
    assert at(error) == (path, line_of(path, "url:"))


def test_number_where_a_list_of_urls_is_expected(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "  evidence: https://english.alaraby.co.uk/news/russian-forces-kill-almost-2000-syrian-children-2015",
               "  evidence: [5, https://example.org/a]")
    error = only_error(data_copy)
    assert "'evidence'" in error.message and "'5' is not a URL" in error.message


def test_id_with_a_trailing_newline_is_an_error(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "  - id: women-908\n", '  - id: "women-908\\n"\n')
    error = only_error(data_copy)
    assert "id 'women-908\\n' must be lower-case letters, digits and hyphens" in error.message
    assert at(error) == (path, line_of(path, 'id: "women-908'))


def test_date_in_arabic_indic_digits_is_an_error_at_its_line(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "published: {value: 2019-09-30, quote: dateline}",
               "published: {value: ٢٠١٩-٠٩-٣٠, quote: dateline}")
    error = only_error(data_copy)
    assert "is not a date" in error.message
    assert at(error) == (path, line_of(path, "published:"))


def test_empty_report_title_is_an_error(data_copy: Path) -> None:
    path = data_copy / "registry" / "reports.yaml"
    replace_in(path, "    title:\n      value: >-\n"
               "        Russian Forces Continue Their Streak of Atrocious Massacres, 6,187\n"
               "        Civilians, including 1,771 Children, Killed by Russia since the\n"
               "        Intervention Started in Syria\n", "    title:\n      value: ''\n")
    error = only_error(data_copy)
    assert "field 'title' is empty" in error.message
    assert at(error) == (path, line_of(path, "title:"))


@pytest.mark.parametrize("annotation", ["{value: x, quote: q}", "{value: x, quote: [a]}"])
def test_quote_annotation_in_a_registry_is_an_error(data_copy: Path, annotation: str) -> None:
    path = data_copy / "registry" / "reports.yaml"
    replace_in(path, "  - id: snhr-2018-first-half-massacres\n",
               f"  - id: snhr-2018-first-half-massacres\n    title: {annotation}\n")
    error = only_error(data_copy)
    assert "field 'title': 'quote' names a quote of an article; a registry record has none" in error.message
    assert at(error) == (path, line_of(path, f"title: {annotation}"))


def test_quote_annotation_that_is_not_an_id_is_an_error(data_copy: Path) -> None:
    path = data_copy / ARTICLE_000
    replace_in(path, "published: {value: 2019-09-30, quote: dateline}", "published: {value: 2019-09-30, quote: [a]}")
    error = only_error(data_copy)
    assert "'quote' must be the id of a quote of this article" in error.message
    assert at(error) == (path, line_of(path, "published:"))


# --- files: unreadable, looping, outside data/ ------------------------------------------------------------------

def test_symlink_loop_in_articles_is_reported_with_its_path(data_copy: Path, tmp_path: Path) -> None:
    loop = data_copy / "articles" / "loop.yaml"
    loop.symlink_to("loop.yaml")
    result = CliRunner().invoke(main, ["build", "--full", "--data", str(data_copy), "--build", str(tmp_path / "b")])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "loop.yaml: broken symbolic link: a symbolic link that loops" in result.stderr
    assert "Traceback" not in result.output


def test_newly_unreadable_data_file_is_reported_with_its_path(data_copy: Path, tmp_path: Path) -> None:
    built = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--build", str(tmp_path / "b")])
    assert built.exit_code == 0, built.output
    extra = data_copy / "sources" / "notes.txt"  # read by no record, digested by the build
    extra.mkdir()  # a folder where a file was: unreadable even to root
    (data_copy / "registry" / "measures.yaml").unlink()
    (data_copy / "registry" / "measures.yaml").mkdir()
    result = CliRunner().invoke(main, ["build", "--full", "--data", str(data_copy), "--build", str(tmp_path / "b")])
    assert result.exit_code == 2, result.output
    assert "measures.yaml: cannot read file: not a regular file" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_file_without_read_permission_is_reported_with_its_path(data_copy: Path) -> None:
    path = data_copy / "sources" / "snhr-zardana-de-escalation.txt"
    path.chmod(0)
    errors = errors_of(data_copy)
    assert any(at(e)[0] == path and "cannot read file" in e.message for e in errors)


@pytest.mark.parametrize("target", ["/etc/hostname", "../outside.txt", "sources/../../outside.txt",
                                    "sources/link.txt", "sources"])
def test_text_outside_data_is_refused_and_its_content_never_shown(data_copy: Path, target: str) -> None:
    outside = data_copy.parent / "outside.txt"
    outside.write_text("SECRET outside content\n", encoding="utf-8")
    (data_copy / "sources" / "link.txt").symlink_to(outside)
    path = data_copy / ARTICLE_003
    replace_in(path, "text: sources/snhr-zardana-de-escalation.txt", f"text: {target}")
    errors = errors_of(data_copy)
    assert all("SECRET" not in str(e) for e in errors)
    text_errors = [e for e in errors if at(e) == (path, line_of(path, f"text: {target}"))]
    assert len(text_errors) == 1, [str(e) for e in errors]
    assert ("outside the data folder" in text_errors[0].message or "absolute path" in text_errors[0].message
            or "not a regular file" in text_errors[0].message)


# --- every error of a file in one run -----------------------------------------------------------------------------

def test_three_mistakes_in_one_file_are_reported_in_one_run(data_copy: Path) -> None:
    path = data_copy / ARTICLE_003
    replace_in(path, "language: en", "language: english")                          # the header
    replace_in(path, "(Source: Syrian Coalition’s Media Department)", "(Source: Syrian Coalition's Media Department)")
    replace_in(path, "    qualifier: dozens\n", "    qualifer: dozens\n")              # a figure
    edit_record(path, "zardana-killed-52", "perpetrator: russian-forces", "perpetrator: russian-forcez")  # a reference
    errors = errors_of(data_copy)
    messages = " | ".join(e.message for e in errors)
    assert "not a valid BCP 47 language tag" in messages
    assert "not found verbatim" in messages
    assert "unknown field 'qualifer'" in messages
    assert "unknown actor 'russian-forcez'" in messages
    assert all(at(e)[0] == path and at(e)[1] > 0 for e in errors)


def test_errors_of_several_registry_records_in_one_run(data_copy: Path) -> None:
    path = data_copy / "registry" / "actors.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - id: snhr\n", "  - id: SNHR\n", 1).replace("    type: ", "    typo: ", 2),
                    encoding="utf-8")
    errors = errors_of(data_copy)
    assert len({at(e)[1] for e in errors if at(e)[0] == path}) >= 2, [str(e) for e in errors]


# --- the nearest text of a quote not found ---------------------------------------------------------------------

def test_quote_typo_at_character_0_shows_the_nearest_text_aligned(data_copy: Path) -> None:
    path = data_copy / ARTICLE_003
    replace_in(path, "    text: The Syrian Network for Human Rights (SNHR) said that",
               "    text: Te Syrian Network for Human Rights (SNHR) said that")
    error = only_error(data_copy)
    assert "nearest text: 'The Syrian Network" in error.message
    assert "first difference at character 2: text has 'h'" in error.message
