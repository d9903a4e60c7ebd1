"""``kg draft``: the JSON contract, the seeds' 27 figures, stdin, errors, --accept, --against, and the loader
refusing a record that is still a draft."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import main
from kg.draft import draft_text, load_lexicon
from kg.draft.compare import compare
from kg.loader import load_catalogue
from kg.loader.article import load_article
from kg.model.errors import InputErrors

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = ("snhr-russia-fourth-anniversary", "snhr-zardana-de-escalation")
CONTRACT = ("words", "start", "end", "value", "low", "high", "qualifier", "counts", "group", "perpetrator", "stance",
            "stated_by")


def kg(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def source(seed: str) -> Path:
    return DATA / "sources" / f"{seed}.txt"


@pytest.mark.parametrize("seed", SEEDS)
def test_json_contract(seed: str) -> None:
    result = kg("draft", str(source(seed)), "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    text = source(seed).read_text(encoding="utf-8")
    starts = [f["start"] for f in out["figures"]]
    assert starts == sorted(starts) and out["figures"]
    for fig in out["figures"]:
        assert set(CONTRACT) <= set(fig)
        assert text[fig["start"]:fig["end"]] == fig["words"]
        assert fig["reasons"]["words"] and fig["reasons"]["qualifier"]
    assert out["sha256"] == load_article(DATA / "articles" / f"{seed}.yaml", DATA).sha256


def test_the_seeds_27_curated_figures_are_proposed_with_their_words_and_values() -> None:
    lex = load_lexicon(DATA)
    found = 0
    for seed in SEEDS:
        curated = load_article(DATA / "articles" / f"{seed}.yaml", DATA)
        result = compare(draft_text(curated.text, lex), curated)
        assert not result.missed and not result.extra, (result.missed, result.extra)
        for match in result.matches:
            assert match.words[0] == match.words[1], match
            assert match.fields["qualifier"][0] == match.fields["qualifier"][1], match
        found += len(result.matches)
    assert found == 27


def test_stdin_is_read_with_a_dash() -> None:
    text = source(SEEDS[1]).read_text(encoding="utf-8")
    assert kg("draft", "-", "--format", "json", stdin=text).output == kg("draft", str(source(SEEDS[1])),
                                                                           "--format", "json").output


@pytest.mark.parametrize(("content", "message"), [
    (None, "does not exist"), (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"), (b"abc\x00def", "binary"),
    (b"  \n\n", "empty"),
])
def test_bad_input_is_a_located_error_with_exit_2(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "text.txt"
    if content is not None:
        path.write_bytes(content)
    result = kg("draft", str(path))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert re.match(rf"{re.escape(str(path))}(:\d+)?: ", result.output.splitlines()[0]) or \
        str(path.name) in result.output.splitlines()[0]


def test_a_bad_record_id_is_a_usage_error() -> None:
    result = kg("draft", str(source(SEEDS[1])), "--id", "Not An Id")
    assert result.exit_code == 2 and "is not a record id" in result.output and "Traceback" not in result.output
    assert kg("draft", str(source(SEEDS[1])), "--id", "new-article").output.count("id: new-article\n") == 1


def test_empty_stdin_is_an_error() -> None:
    result = kg("draft", "-", stdin="")
    assert result.exit_code == 2 and "<stdin>: the text is empty" in result.output


@pytest.fixture
def drafted(tmp_path: Path) -> Path:
    """A copy of data/ whose seed 003 record is replaced by its draft."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    record = data / "articles" / f"{SEEDS[1]}.yaml"
    record.unlink()  # a new article: its curated record is not there yet
    result = kg("draft", str(source(SEEDS[1])), "--data", str(data))
    assert result.exit_code == 0
    record.write_text(result.output, encoding="utf-8")
    return record


def test_the_loader_refuses_unconfirmed_drafts_at_their_line(drafted: Path) -> None:
    with pytest.raises(InputErrors) as caught:
        load_catalogue(drafted.parent.parent)
    messages = [str(e) for e in caught.value.errors]
    lines = drafted.read_text(encoding="utf-8").splitlines()
    figure_errors = [m for m in messages if "is an unconfirmed draft" in m and "figure" in m]
    assert len(figure_errors) == 11
    first = figure_errors[0]
    line = int(first.split(":")[1])
    assert lines[line - 1].strip() == "draft:"
    assert re.search(r": figure '[a-z0-9-]+' is an unconfirmed draft \(words: ", first)
    assert any("article 'snhr-zardana-de-escalation' is an unconfirmed draft" in m for m in messages)
    result = kg("validate", "--data", str(drafted.parent.parent))
    assert result.exit_code == 2 and "unconfirmed draft" in result.output and "Traceback" not in result.output


def test_accept_confirms_one_record_then_all_and_the_record_loads(drafted: Path) -> None:
    result = kg("draft", "--accept", "civilians-6187", str(drafted))
    assert result.exit_code == 0 and "confirmed civilians-6187" in result.output
    with pytest.raises(InputErrors) as caught:
        load_catalogue(drafted.parent.parent)
    assert not any("civilians-6187'" in str(e) for e in caught.value.errors)
    assert any("children-1771'" in str(e) for e in caught.value.errors)
    assert kg("draft", "--accept", "all", str(drafted)).exit_code == 0
    cat = load_catalogue(drafted.parent.parent)
    assert len(cat.articles[SEEDS[1]].figures) == 11
    missing = kg("draft", "--accept", "no-such-figure", str(drafted))
    assert missing.exit_code == 2 and "no record 'no-such-figure'" in missing.output


def test_inferences_are_written_as_inferences_never_as_text_facts(drafted: Path) -> None:
    text = drafted.read_text(encoding="utf-8")
    assert "inferred:" in text
    kg("draft", "--accept", "all", str(drafted))
    article = load_article(drafted, drafted.parent.parent)
    by_id = {f.id: f for f in article.figures}
    assert by_id["children-1771"].subset_of is not None and by_id["children-1771"].subset_of.quote is not None


def test_against_reports_what_the_curator_changed() -> None:
    record = DATA / "articles" / f"{SEEDS[0]}.yaml"
    result = kg("draft", str(source(SEEDS[0])), "--against", str(record))
    assert result.exit_code == 0
    assert "16 of 16 curated figures found" in result.output
    assert "perpetrator: drafted -, curated ['russian-forces']" in result.output
    out = json.loads(kg("draft", str(source(SEEDS[0])), "--against", str(record), "--format", "json").output)
    assert (out["found"], out["curated"], out["recall"]) == (16, 16, 1.0)
    assert out["accuracy"]["qualifier"] == {"right": 16, "of": 16}
    assert out["accuracy"]["perpetrator"]["right"] < 16


def test_against_another_texts_record_is_an_error() -> None:
    result = kg("draft", str(source(SEEDS[0])), "--against", str(DATA / "articles" / f"{SEEDS[1]}.yaml"))
    assert result.exit_code == 2 and "of another text" in result.output


def test_the_readme_shows_the_real_against_report() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Drafting a new article", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```text\n\$ (kg draft [^\n]*)\n(.*?)\n```", section, flags=re.S)
    assert len(blocks) == 2
    for command, shown in blocks:
        args = command.split()[1:]
        assert kg(*args).output.rstrip("\n") == shown, command


def test_every_corpus_draft_once_accepted_is_a_record_the_loader_accepts(tmp_path: Path) -> None:
    data = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "corpus", data)
    for record in sorted((data / "articles").glob("*.yaml")):
        record.unlink()
        result = kg("draft", str(data / "sources" / f"{record.stem}.txt"), "--data", str(data))
        assert result.exit_code == 0, result.output
        record.write_text(result.output, encoding="utf-8")
        assert kg("draft", "--accept", "all", str(record)).exit_code == 0
    cat = load_catalogue(data)
    assert len(cat.articles) == 14 and sum(len(a.figures) for a in cat.articles.values()) >= 129 - 27


def test_a_drafted_id_never_reuses_an_id_of_the_data_folder() -> None:
    out = json.loads(kg("draft", str(source(SEEDS[1])), "--format", "json").output)
    curated = {f.id for f in load_article(DATA / "articles" / f"{SEEDS[1]}.yaml", DATA).figures}
    assert "civilians-6187" in curated and not {f["id"] for f in out["figures"]} & curated
