"""What the drafting rules recognise, read from the same vocabularies and registries the loader reads.

Concepts are found by their labels in the text's language (``skos:prefLabel``, ``altLabel``, ``hiddenLabel``
of ``ontology/vocab.ttl`` plus the curators' ``registry/vocabulary.yaml``); actors, places and incidents by
their names and ``alt_names``. A label matches case-insensitively, a hyphen matching a space; an Arabic label
matches with or without diacritics, hamza forms, ``ة``/``ه`` and ``ى``/``ي``, and with the clitics ``و ف ب ل ك``
and the article ``ال`` in front of each of its words (:class:`Phrases`). Nothing here is specific to one text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.loader.article import load_article
from kg.loader.catalogue import OPTIONAL_REGISTRIES, REGISTRIES
from kg.loader.vocab import Vocabulary, vocabulary
from kg.loader.yamlio import read_yaml
from kg.model.errors import InputError, InputErrors, Location
from kg.model.records import Catalogue

#: Arabic letters folded one to one (the text keeps its length, so offsets stay those of the text).
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_MARKS = "[\u064b-\u0652\u0670\u0640]*"
_MARK = re.compile(_MARKS)
_AR = re.compile("[\u0600-\u06ff]")
SCHEMES = ("counted", "groups", "targets", "weapons", "units")
#: Actor types that can be perpetrators; every other actor type is a source (who states a figure).
PERPETRATOR_TYPES = frozenset({"armed-force", "state"})


def fold(text: str) -> str:
    return text.translate(FOLD)


def canon(label: str) -> str:
    """A label or a found phrase as labels are compared: lower case, folded, no diacritics, one space."""
    if not any(c.isalnum() for c in label):
        return label.strip()  # "-", "–": punctuation labels stay as they are
    return " ".join(_MARK.sub("", fold(label.lower())).replace("-", " ").split())


@lru_cache(maxsize=65536)
def _unclitic(word: str) -> list[str]:
    """An Arabic word and what it may be without its clitics (``والمدنيين`` -> ``المدنيين``, ``مدنيين``...)."""
    found = [word]
    rest = word[1:] if len(word) > 3 and word[0] in "وفبلك" else word
    for w in {word, rest}:
        found.append(w)
        for article in ("ال", "لل"):
            if w.startswith(article) and len(w) > len(article) + 1:
                found.append(w[len(article):])
    return list(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Hit:
    """A label found in a text: ``text[start:end]`` names ``key`` (a concept or record id)."""

    start: int
    end: int
    key: str
    label: str


class Phrases:
    """Labels of keys, per language, found longest first, left to right and without overlaps.

    Matching is by tokens, not by one regular expression of every label: a text's words are canonicalised
    once (:func:`canon`; in Arabic each word also without its clitics, :func:`_unclitic`) and runs of up to
    the longest label's length are looked up in a table, so the cost grows with the text, not with the
    vocabulary. Words of a label may be separated by spaces or a hyphen in the text, nothing else."""

    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        by_lang: dict[str, dict[str, list[str]]] = {}
        for label, key, lang in entries:
            if label.strip():
                by_lang.setdefault(lang.split("-")[0].lower(), {}).setdefault(_canon_tokens(label), []).append(key)
        self._keys = by_lang
        self._prefixes = {lang: {" ".join(k.split(" ")[:n]) for k in table for n in range(1, k.count(" ") + 1)}
                          for lang, table in by_lang.items()}
        self._firsts = {lang: {k.split(" ")[0] for k in table} for lang, table in by_lang.items()}
        self._longest = {lang: max((k.count(" ") + 1 for k in table), default=0) for lang, table in by_lang.items()}
        self._last: tuple[str, dict[str, list[Hit]]] | None = None  # the hits of the text scanned last

    def find(self, folded: str, lang: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Every label of ``lang`` inside ``folded[start:end]`` (a text folded with :func:`fold`).

        The whole text is scanned once per language and the hits kept for the next calls on the same text
        (the rules ask about many windows of one text)."""
        hits = self._scan(folded, lang)
        stop = len(folded) if end is None else end
        first = bisect_left(hits, start, key=lambda h: h.start)
        found = []
        for h in hits[first:]:
            if h.start >= stop:
                break
            if h.end <= stop:
                found.append(h)
        return found

    def keys(self, label: str, lang: str) -> list[str]:
        """The keys a label or a found phrase names (an Arabic phrase also without its clitics)."""
        table = self._keys.get(lang, {})
        found = table.get(_canon_tokens(label))
        if found is not None or not _AR.search(label):
            return found or []
        candidates = [""]
        for w in _canon_tokens(label).split(" "):
            candidates = [f"{c} {x}".strip() for c in candidates for x in _unclitic(w)]
        return next((table[c] for c in candidates if c in table), [])

    def forget(self) -> None:
        """Drop the hits kept of the last text (each draft scans its text afresh)."""
        self._last = None

    def _scan(self, folded: str, lang: str) -> list[Hit]:
        if self._last is None or self._last[0] != folded:
            self._last = (folded, {})
        cached = self._last[1].get(lang)
        if cached is None:
            cached = self._last[1][lang] = self._match(folded, lang)
        return cached

    def _match(self, folded: str, lang: str) -> list[Hit]:
        table, prefixes, longest = self._keys.get(lang), self._prefixes.get(lang, set()), self._longest.get(lang, 0)
        if not table:
            return []
        tokens, forms = _tokens(folded, lang == "ar")
        firsts = self._firsts[lang]
        hits: list[Hit] = []
        i = 0
        while i < len(tokens):
            if firsts.isdisjoint(forms[i]):
                i += 1
                continue
            best: tuple[int, str] | None = None
            alive = [""]
            for n in range(longest):
                j = i + n
                if j >= len(tokens) or (n and not _JOIN.fullmatch(folded[tokens[j - 1][1]:tokens[j][0]])):
                    break
                grown = [f"{a} {f}" if a else f for a in alive for f in forms[j]]
                for g in grown:
                    if g in table:
                        best = (j, g)
                        break
                alive = [g for g in grown if g in prefixes]
                if not alive:
                    break
            if best is None:
                i += 1
                continue
            j, label = best
            hits.append(Hit(tokens[i][0], tokens[j][1], sorted(table[label])[0], label))
            i = j + 1
        return hits


_TOKEN = re.compile(r"[\w\u064b-\u0652\u0670\u0640]+|[^\w\s]")
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_JOIN = re.compile(r"[ \t\u00a0]+|[ \t]*[-\u2010\u2011][ \t]*|")


_TOKENIZED: dict[tuple[str, bool], tuple[list[tuple[int, int, str]], list[list[str]]]] = {}


def _tokens(folded: str, arabic: bool) -> tuple[list[tuple[int, int, str]], list[list[str]]]:
    """The tokens of a text (start, end, canonical form) and the forms each may take (an Arabic word also
    without its clitics); the last text's are kept, since every phrase table scans the same text."""
    key = (folded, arabic)
    found = _TOKENIZED.get(key)
    if found is None:
        other = _TOKENIZED.get((folded, not arabic))
        if other is not None:
            tokens = other[0]
        else:
            _TOKENIZED.clear()
            tokens = [(m.start(), m.end(), _canon_word(m.group())) for m in _TOKEN.finditer(folded)
                      if m.group() not in _HYPHENS]
        forms = [_arabic_forms(t) for _, _, t in tokens] if arabic else [[t] for _, _, t in tokens]
        found = _TOKENIZED[key] = (tokens, forms)
    return found


@lru_cache(maxsize=65536)
def _arabic_forms(word: str) -> list[str]:
    return _unclitic(word) if _AR.search(word) else [word]


@lru_cache(maxsize=65536)
def _canon_word(word: str) -> str:
    return canon(word)


def _canon_tokens(label: str) -> str:
    """A label as a run of canonical tokens, one space between (``medical personnel, civil-defence`` ->
    ``medical personnel , civil defence``); a label of punctuation only ("-", "–") stays itself."""
    if not any(c.isalnum() for c in label):
        return label.strip()
    return " ".join(t for m in _TOKEN.finditer(fold(label)) if (t := canon(m.group())) and t not in _HYPHENS)


@dataclass
class Lexicon:
    """The vocabulary and registries as the drafting rules use them."""

    vocab: Vocabulary
    catalogue: Catalogue
    qualifiers: Phrases  # qualifier words next to a number ("at least"); range words excluded
    vague: Phrases  # vague quantities that are figures themselves ("dozens", "عشرات")
    range_words: Phrases  # words between the two ends of a range ("to", "-", "إلى")
    concepts: dict[str, Phrases]  # by scheme: counted, groups, targets, weapons, units
    actors: Phrases
    places: Phrases
    measure_scopes: dict[str, set[tuple[str | None, ...]]] = field(default_factory=dict)
    figure_ids: frozenset[str] = frozenset()  # the ids the data folder's records already use

    def forget(self) -> None:
        """Drop what the phrase tables kept of the last text scanned (each draft is timed from scratch)."""
        _TOKENIZED.clear()
        for phrases in (self.qualifiers, self.vague, self.range_words, self.actors, self.places,
                        *self.concepts.values()):
            phrases.forget()

    def is_people(self, counted: str | None) -> bool:
        return counted is not None and self.vocab.default_units.get(counted, "people") == "people"


def _concept_entries(vocab: Vocabulary, names: Iterable[str]) -> list[tuple[str, str, str]]:
    return [(label.text, name, label.lang) for name in sorted(names) for label in vocab.labels.get(name, ())]


def build_lexicon(vocab: Vocabulary, cat: Catalogue,
                  measure_scopes: dict[str, set[tuple[str | None, ...]]] | None = None,
                  figure_ids: frozenset[str] = frozenset()) -> Lexicon:
    qualifiers = vocab.schemes.get("qualifiers", frozenset())
    vague = {q for q in qualifiers if q in vocab.conventional}
    ranges = {q for q in qualifiers if vocab.bound_rules.get(q) == "words"}
    plain = qualifiers - vague - ranges - {"exact"}
    actor_entries = [(a.name, a.id, "en") for a in cat.actors.values()]
    actor_entries += [(n.text, a.id, n.lang) for a in cat.actors.values() for n in a.alt_names]
    place_entries = [(p.name, p.id, "en") for p in cat.places.values()]
    place_entries += [(n.text, p.id, n.lang) for p in cat.places.values() for n in p.alt_names]
    return Lexicon(
        vocab=vocab, catalogue=cat,
        qualifiers=Phrases(_concept_entries(vocab, plain)),
        vague=Phrases(_concept_entries(vocab, vague)),
        range_words=Phrases(_concept_entries(vocab, ranges)),
        concepts={s: Phrases(_concept_entries(vocab, vocab.schemes.get(s, frozenset()))) for s in SCHEMES},
        actors=Phrases(actor_entries), places=Phrases(place_entries),
        measure_scopes=measure_scopes or {}, figure_ids=figure_ids,
    )


def load_lexicon(data_dir: Path, with_measures: bool = True) -> Lexicon:
    """The registries and vocabularies of ``data_dir`` (errors as the loader reports them); with
    ``with_measures``, also each measure's scope as its curated figures show it (for measure suggestions)."""
    if not (data_dir / "registry").is_dir():
        raise InputError("no registry folder here (give --data, a folder with registry/*.yaml)",
                         Location(data_dir))
    cat = Catalogue()
    errors: list[InputError] = []
    for name, load in (*REGISTRIES, *OPTIONAL_REGISTRIES):
        path = data_dir / "registry" / name
        if not path.exists():
            continue
        try:
            load(path, cat)
        except InputErrors as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise InputErrors(errors)
    scopes: dict[str, set[tuple[str | None, ...]]] = {}
    ids: set[str] = set()
    if with_measures:
        for path in sorted((data_dir / "articles").glob("*.yaml")):
            try:
                article = load_article(path, data_dir)
            except InputErrors:
                ids |= _raw_figure_ids(path)  # a record in error (or a draft): its ids are taken all the same
                continue
            for fig in article.figures:
                ids.add(fig.id)
                for m in fig.measures:
                    scopes.setdefault(m.value, set()).add(measure_scope(
                        fig.counts.value, fig.group.value if fig.group else None,
                        fig.target.value if fig.target else None, fig.weapon.value if fig.weapon else None))
    return build_lexicon(vocabulary().with_concepts(cat.concepts.values()), cat, scopes, frozenset(ids))


def _raw_figure_ids(path: Path) -> set[str]:
    try:
        record = read_yaml(path)
    except (InputError, InputErrors):
        return set()
    figures = record.get("figures") if isinstance(record, dict) else None
    if not isinstance(figures, list):
        return set()
    return {str(f["id"]) for f in figures if isinstance(f, dict) and "id" in f}


def measure_scope(counts: str | None, group: str | None, target: str | None, weapon: str | None
                  ) -> tuple[str | None, ...]:
    return (counts, group, target, weapon)
