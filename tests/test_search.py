"""The site's search: text rules, the index files as written and rewritten, and search.js under node on them."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kg.site import search
from kg.site.search import Entry, SearchIndex, shard_name
from kg.site.textnorm import index_tokens, normalise, tokens

ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "search_driver.js"
WRAPPER = re.compile(r'kgSearch\.load\(("[^"]*"),(.*)\);\n', re.DOTALL)

ZARDANA = Entry("place/zardana.html", "place", "Zardana", "A village in the north.", ("Zardana", "زَرْدَنَا", "Zardanah"))
ARTICLE = [
    Entry("article/a1.html", "article", "Shelling of Zardana, 2023", "The article.", ("Zardana",)),
    Entry("figure/a1-1.html", "figure", "1,928 killed in Zardana", "1,928 killed", ("1,928 killed", "زردنا")),
    Entry("article/a1.html#q1", "quote", "Quote 1", "«قتل ١٬٩٢٨ شخصاً بزردنا»", ("قتل ١٬٩٢٨ شخصاً بزردنا",)),
]
OTHER = [Entry("place/zarqa.html", "place", "Zarqa", "A city.", ("Zarqa", "الزرقاء"))]


def write(entries: dict[str, list[Entry]], tmp: Path) -> tuple[SearchIndex, Path]:
    index = SearchIndex.open(tmp / "state")
    for group, rows in entries.items():
        index.replace(group, rows)
    index.write(tmp / "site")
    return index, tmp / "site"


def read_files(site: Path) -> dict[str, Any]:
    """Every index file's data, its JSONP wrapper stripped (and its name checked against the file's)."""
    found = {}
    for path in sorted((site / "search").glob("*.js")):
        match = WRAPPER.fullmatch(path.read_text(encoding="ascii"))
        assert match and json.loads(match.group(1)) == path.stem, path
        found[path.stem] = json.loads(match.group(2))
    return found


def lookup(files: dict[str, Any], word: str, prefix: bool = False) -> set[str]:
    """The urls of the entries whose tokens are ``word`` (or begin with it): the same walk as search.js."""
    token = tokens(word)[0]
    urls = set()
    for name, data in files.items():
        if name.startswith("t-"):
            for key, deltas in data.items():
                if key == token or (prefix and key.startswith(token)):
                    ids = [sum(deltas[: i + 1]) for i in range(len(deltas))]
                    urls |= {files[search.docs_name(i >> search.CHUNK_BITS & 0xFFFFF)][str(i)][0] for i in ids}
    return urls


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((site / "search").iterdir())}


def node(request: dict[str, Any]) -> Any:
    exe = shutil.which("node")
    assert exe, "the search tests need node (apt-get install nodejs)"
    done = subprocess.run([exe, str(DRIVER)], input=json.dumps(request), capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(("text", "expected"), [
    ("زَرْدَنَا", "زردنا"),  # harakat
    ("ـزردنـا", "زردنا"),  # tatweel
    ("أحمد إسلام آمنة ٱلله", "احمد اسلام امنه الله"),  # alef forms; ة -> ه
    ("مستشفى مؤتمر رئيس", "مستشفي موتمر رييس"),  # ى ؤ ئ
    ("١٩٢٨ ۱۹۲۸ ٣٫٣", "1928 1928 3.3"),  # Arabic-Indic and Eastern digits, decimal separator
    ("Müller Çatalhöyük ZAŁĘŻE", "muller catalhoyuk załeze"),  # Latin diacritics (ł is a letter of its own)
    ("Straße ΣΟΦΟΣ ＺＡＲＤＡＮＡ ﬁeld", "strasse σοφοσ zardana field"),  # fold, full width, ligature
    ("1,928 and 12,345,678; ١٬٩٢٨", "1928 and 12345678; 1928"),  # thousands separators
    ("3.3 1.928 12,34 1,2345", "3.3 1.928 12,34 1,2345"),  # decimals and non-groupings stay
])
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_tokens_keep_decimals_and_split_on_everything_else() -> None:
    assert tokens("1,928 killed (3.3%); Zardana/زردنا—v2.0_beta") == [
        "1928", "killed", "3.3", "zardana", "زردنا", "v2", "0", "beta"]


def test_arabic_clitics_are_also_indexed_without() -> None:
    assert {"زردنا", "بزردنا"} <= index_tokens("بزردنا")
    assert {"زردنا", "الزردنا"} <= index_tokens("الزردنا")
    assert {"زردنا", "الزردنا", "والزردنا"} <= index_tokens("والزردنا")
    assert index_tokens("بيت الدم") == {"بيت", "الدم"}  # fewer than three letters would remain
    assert index_tokens("bob ball") == {"bob", "ball"}


def test_snippet_is_cut_at_a_word() -> None:
    text = "word " * 100
    cut = search.snippet(text)
    assert len(cut) <= search.SNIPPET_CHARS + 1 and cut.endswith("word…")
    assert search.snippet("  short\n text ") == "short text"


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="kind 'person'"):
        SearchIndex.open(tmp_path).replace("g", [Entry("x.html", "person", "X", "", ())])


def test_round_trip_finds_both_scripts_and_prefixes(tmp_path: Path) -> None:
    _, site = write({"registry:place": [ZARDANA, *OTHER], "article:a1": ARTICLE}, tmp_path)
    files = read_files(site)
    assert lookup(files, "زردنا") == {"place/zardana.html", "figure/a1-1.html", "article/a1.html#q1"}
    assert lookup(files, "ZARDANA") == {"place/zardana.html", "article/a1.html", "figure/a1-1.html"}
    assert lookup(files, "zard", prefix=True) == lookup(files, "zardana") | {"place/zardana.html"}
    assert lookup(files, "zard") == set()
    assert lookup(files, "1928") == {"figure/a1-1.html", "article/a1.html#q1"}
    assert lookup(files, "زرقاء") == {"place/zarqa.html"}  # الزرقاء without its article
    manifest = files["manifest"]
    assert manifest["entries"] == 5 and manifest["fold"]["ß"] == "ss"
    assert {shard_name(p) for p in manifest["shards"]} == {n for n in files if n.startswith("t-")}


def test_state_reopens_and_a_write_with_no_change_writes_nothing(tmp_path: Path) -> None:
    _, site = write({"registry:place": [ZARDANA], "article:a1": ARTICLE}, tmp_path)
    before = snapshot(site)
    index = SearchIndex.open(tmp_path / "state")
    assert index.groups() == {"registry:place", "article:a1"}
    index.replace("article:a1", ARTICLE)
    stats = index.write(site)
    assert (stats.written, stats.removed, stats.entries) == (0, 0, 4) and stats.unchanged == len(before)
    assert snapshot(site) == before


def corpus(articles: int, seed: int = 3) -> dict[str, list[Entry]]:
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(3000)]
    groups = {"registry:place": [Entry(f"place/p{i}.html", "place", f"Place {i}", "", (f"p{i}",)) for i in range(150)]}
    for a in range(articles):
        groups[f"article:{a}"] = [
            Entry(f"article/a{a}.html#{i}", "quote", f"Quote {i}", "", (" ".join(rng.choices(words, k=30)),))
            for i in range(rng.randint(5, 30))]
    return groups


def test_one_group_replaced_rewrites_few_files_and_leaves_the_others(tmp_path: Path) -> None:
    _, site = write(corpus(200), tmp_path)
    before = snapshot(site)
    groups = corpus(200)
    index = SearchIndex.open(tmp_path / "state")
    index.replace("article:7", [*groups["article:7"], Entry("article/a7.html", "article", "Zardana again", "", ())])
    stats = index.write(site)
    after = snapshot(site)
    changed = {n for n in after if before.get(n) != after[n]}
    # the shards of "zardana" and "again", the docs file of article:7's chunk, the manifest (its entry count)
    assert stats.written == len(changed) == 4 and changed == {"t-7a_61.js", "t-61_67.js", "manifest.js",
                                                              next(n for n in changed if n.startswith("d-"))}
    assert lookup(read_files(site), "zardana") == {"article/a7.html"}
    index.replace("article:7", groups["article:7"][:3])
    stats = index.write(site)
    final = snapshot(site)
    assert stats.removed == len(after.keys() - final.keys()) and lookup(read_files(site), "zardana") == set()
    assert 0 < stats.written < len(final) // 2


def test_a_removed_group_is_gone(tmp_path: Path) -> None:
    index, site = write({"registry:place": [ZARDANA], "article:a1": ARTICLE}, tmp_path)
    index.remove("article:a1")
    stats = index.write(site)
    files = read_files(site)
    assert stats.removed >= 1 and stats.entries == 1 and index.groups() == {"registry:place"}
    assert lookup(files, "zardana") == {"place/zardana.html"}
    assert lookup(files, "1928") == set() and lookup(files, "بزردنا") == set()
    assert "article/a1.html" not in json.dumps(files)


def test_same_entries_give_the_same_bytes_whatever_the_history(tmp_path: Path) -> None:
    groups = corpus(60)
    _, clean = write(groups, tmp_path / "clean")
    index = SearchIndex.open(tmp_path / "edited" / "state")
    for name in reversed(list(groups)):
        index.replace(name, [*groups[name][:2], ZARDANA])
    index.replace("article:extra", ARTICLE)
    index.write(tmp_path / "edited" / "site")
    index = SearchIndex.open(tmp_path / "edited" / "state")
    index.remove("article:extra")
    for name, rows in groups.items():
        index.replace(name, rows)
    index.write(tmp_path / "edited" / "site")
    assert snapshot(tmp_path / "edited" / "site") == snapshot(clean)
    _, again = write(groups, tmp_path / "again")
    assert snapshot(again) == snapshot(clean)


def test_slot_collisions_move_groups_and_still_give_the_same_bytes(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """With 16 slots for 12 chunks, groups collide and probe; adding and removing groups moves others."""
    monkeypatch.setattr(search, "SLOT_BITS", 4)
    groups = corpus(11)
    full = search.assign_slots({g: len(rows) for g, rows in groups.items()})
    fewer = search.assign_slots({g: len(rows) for g, rows in groups.items() if g != "article:0"})
    assert {c for c in fewer if fewer[c] != full[c]}, "no group moved: the test needs another seed"
    index = SearchIndex.open(tmp_path / "edited" / "state")
    rng = random.Random(5)
    for _ in range(4):
        for name in rng.sample(sorted(groups), 6):
            index.replace(name, groups[name])
        index.write(tmp_path / "edited" / "site")
        index.remove(rng.choice(sorted(index.groups())))
        index.write(tmp_path / "edited" / "site")
    for name, rows in groups.items():
        index.replace(name, rows)
    index.write(tmp_path / "edited" / "site")
    _, clean = write(groups, tmp_path / "clean")
    assert snapshot(tmp_path / "edited" / "site") == snapshot(clean)
    files = read_files(clean)
    assert lookup(files, "p3") == {"place/p3.html"} and len(lookup(files, "w1", prefix=True)) > 10


def test_no_file_passes_the_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small limits, so that shards split to three characters and more, and common words are left out."""
    monkeypatch.setattr(search, "SHARD_BYTES", 6_000)
    monkeypatch.setattr(search, "COMMON_BYTES", 3_000)
    groups = corpus(150)
    groups["article:common"] = [Entry(f"c/{i}.html", "quote", "the", "", ("the w1",)) for i in range(2000)]
    _, site = write(groups, tmp_path)
    files = read_files(site)
    shards = files["manifest"]["shards"]
    assert max(len(p) for p in shards) >= 3 and "the" in files["manifest"]["common"]
    assert all(len(json.dumps(d)) < search.SHARD_BYTES for n, d in files.items() if n.startswith("t-"))
    assert lookup(files, "the") == set() and len(lookup(files, "w2999")) >= 1
    assert lookup(files, "w29", prefix=True) >= lookup(files, "w2999")


def test_no_file_over_200_kb_at_20000_entries(tmp_path: Path) -> None:
    from bench.search import synthetic

    groups = synthetic(20_000, 1)
    _, site = write(groups, tmp_path)
    largest = max(p.stat().st_size for p in (site / "search").iterdir())
    assert 20_000 < largest <= 200_000
    assert sum(len(g) for g in groups.values()) >= 20_000


STRINGS = ["Zardana زَرْدَنَا", "ـزردنـا أحمد إسلام آمنة ٱلله مستشفى مؤتمر رئيس", "١٩٢٨ ۱۹۲۸ ٣٫٣ ١٬٩٢٨",
           "Müller Çatalhöyük ZAŁĘŻE Straße ẞ ΣΟΦΟΣ ς ＺＡＲＤＡＮＡ ﬁeld Ꭰ ꭰ", "1,928 and 12,345,678; 3.3 1.928 12,34",
           "v2.0_beta (3.3%) 한국어 हिन्दी ﷺ"]


def test_python_and_javascript_normalise_alike(tmp_path: Path) -> None:
    _, site = write({"registry:place": [ZARDANA]}, tmp_path)
    got = node({"mode": "core", "site": str(site), "queries": [], "strings": STRINGS})
    assert got["normalised"] == [normalise(s) for s in STRINGS]
    assert got["tokens"] == [tokens(s) for s in STRINGS]


def test_javascript_queries_rank_and_prefix(tmp_path: Path) -> None:
    _, site = write({"registry:place": [ZARDANA, *OTHER], "article:a1": ARTICLE}, tmp_path)
    queries = ["زردنا", "zardana", "zard", "Zardana killed", "1,928", "z", "nothing", "بزردنا", "zar"]
    got = node({"mode": "core", "site": str(site), "queries": queries, "strings": []})["queries"]
    assert got["زردنا"]["urls"] == ["place/zardana.html", "figure/a1-1.html", "article/a1.html#q1"]
    assert got["zardana"]["kinds"] == ["place", "article", "figure"]
    assert got["zard"]["urls"][0] == "place/zardana.html" and got["zard"]["count"] == 3
    assert got["Zardana killed"]["urls"] == ["figure/a1-1.html"]
    assert got["1,928"]["urls"] == ["figure/a1-1.html", "article/a1.html#q1"]
    assert got["z"]["count"] == got["nothing"]["count"] == 0
    assert got["بزردنا"]["urls"] == ["article/a1.html#q1"]
    assert set(got["zar"]["urls"][:2]) == {"place/zardana.html", "place/zarqa.html"}  # places first, by id


def test_javascript_ignores_common_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "COMMON_BYTES", 3_000)
    groups = {"article:common": [Entry(f"c/{i}.html", "quote", "the", "", (f"the w{i}",)) for i in range(2000)]}
    _, site = write(groups, tmp_path)
    got = node({"mode": "core", "site": str(site), "queries": ["the", "the w7"], "strings": []})["queries"]
    assert got["the"] == {"count": 0, "ignored": ["the"], "urls": [], "kinds": []}
    assert got["the w7"]["ignored"] == ["the"] and got["the w7"]["count"] == 111  # w7, w70-w79, w700-w799
    assert got["the w7"]["urls"][0] == "c/7.html"  # the exact match first


def test_the_page_shows_hits_more_and_live_results(tmp_path: Path) -> None:
    rows = [Entry(f"figure/f{i}.html", "figure", f"{i} killed in Zardana", f"Figure {i}", ("zardana",))
            for i in range(45)]
    _, site = write({"registry:place": [ZARDANA], "article:a1": rows}, tmp_path)
    got = node({"mode": "page", "site": str(site), "root": "../", "search": "?q=zard%C4%81na", "more": True,
                "type": "زردنا"})
    assert got["input"] == "zardāna" and "../search/manifest.js" in got["scripts"]
    assert got["loaded"].startswith('<div><p class="search-status">46 results for “<bdi>zardāna</bdi>”</p>'
                                    '<ol class="hits">'
                                    '<li class="hit"><a href="../place/zardana.html">Zardana</a> '
                                    '<span class="kind">place</span><p>A village in the north.</p></li>')
    assert got["loaded"].count('<li class="hit">') == 20 and '<button class="more">' in got["loaded"]
    assert got["more"].count('<li class="hit">') == 40 and got["focused"].startswith("../figure/")
    assert got["more"].endswith('<button class="more">Show 6 more</button></div>')
    assert got["typed"].count('<li class="hit">') == 1 and got["replaced"] == ["?q=%D8%B2%D8%B1%D8%AF%D9%86%D8%A7"]


def test_the_page_says_no_results_and_reports_a_missing_index(tmp_path: Path) -> None:
    _, site = write({"registry:place": [ZARDANA]}, tmp_path)
    got = node({"mode": "page", "site": str(site), "root": "", "search": "?q=nowhere"})
    assert got["loaded"] == '<div><p class="search-status">No results for “<bdi>nowhere</bdi>”</p>' \
        '<ol class="hits"></ol><button class="more" hidden>Show 20 more</button></div>'
    (site / "search" / "manifest.js").unlink()
    got = node({"mode": "page", "site": str(site), "root": "", "search": "?q=x"})
    assert "could not be loaded" in got["loaded"]


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title>
<meta name="kg-root" content=""></head><body>
<form role="search" action="search.html" method="get"><label for="q">Search</label><input id="q" name="q" type="search">
<button>Search</button></form><div id="search-results" aria-live="polite"></div>
<script src="static/search.js"></script></body></html>
"""


def test_a_real_browser_searches_from_a_folder(tmp_path: Path) -> None:
    """Chromium, headless, opens the page from file:// (where fetch() is refused) and shows the hits."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("no chromium (tools/test-deps.sh installs it)")
    _, site = write({"registry:place": [ZARDANA, *OTHER], "article:a1": ARTICLE}, tmp_path)
    (site / "static").mkdir()
    shutil.copy(ROOT / "kg" / "site" / "static" / "search.js", site / "static")
    (site / "search.html").write_text(PAGE, encoding="utf-8")
    url = (site / "search.html").as_uri() + "?q=%D8%A8%D8%B2%D8%B1%D8%AF%D9%86%D8%A7+1%2C928"  # بزردنا 1,928
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
                           "--enable-logging=stderr", "--v=0", "--dump-dom", url],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert '<p class="search-status">1 result for “<bdi lang="ar" dir="rtl">بزردنا 1,928</bdi>”</p>' \
           '<ol class="hits"><li class="hit"><a href="article/a1.html#q1">Quote 1</a> <span class="kind">quote</span>' \
           in done.stdout, done.stdout
    assert "Uncaught" not in done.stderr and "CONSOLE" not in done.stderr, done.stderr[-2000:]
