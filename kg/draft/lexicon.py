"""What the drafting rules recognise, read from the same vocabularies and registries the loader reads.

Concepts are found by their labels in the text's language (``skos:prefLabel``, ``altLabel``, ``hiddenLabel``
of ``ontology/vocab.ttl`` plus the curators' ``registry/vocabulary.yaml``); actors, places and incidents by
their names and ``alt_names``. A label matches case-insensitively, a hyphen matching a space; an Arabic label
matches with or without diacritics, hamza forms, ``ة``/``ه`` and ``ى``/``ي``, and with the clitics ``و ف ب ل ك``
and the article ``ال`` in front of each of its words. Nothing here is specific to one text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.loader.article import load_article
from kg.loader.catalogue import OPTIONAL_REGISTRIES, REGISTRIES
from kg.loader.vocab import Vocabulary, vocabulary
from kg.model.errors import InputError, InputErrors, Location
from kg.model.records import Catalogue

#: Arabic letters folded one to one (the text keeps its length, so offsets stay those of the text).
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_MARKS = "[\u064b-\u0652\u0670\u0640]*"
_MARK = re.compile(_MARKS)
_AR_CLITICS = "(?:[وفبلك]?(?:ال|لل)?)"
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


def _pattern(label: str) -> str:
    words = canon(label).split()
    if _AR.search(label):
        return r"\s+".join(_AR_CLITICS + "".join(re.escape(c) + _MARKS for c in w) for w in words)
    return r"[\s\-]+".join(re.escape(w) for w in words)


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
    """Labels of keys, per language, found longest first and without overlaps."""

    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        by_lang: dict[str, dict[str, list[str]]] = {}
        for label, key, lang in entries:
            if label.strip():
                by_lang.setdefault(lang.split("-")[0].lower(), {}).setdefault(canon(label), []).append(key)
        self._keys: dict[str, dict[str, list[str]]] = by_lang
        self._regex: dict[str, re.Pattern[str]] = {}
        for lang, labels in by_lang.items():
            ordered = sorted(labels, key=lambda s: (-len(s), s))
            alternation = "|".join(f"(?:{_pattern(s)})" for s in ordered)
            self._regex[lang] = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)

    def find(self, folded: str, lang: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Every label of ``lang`` in ``folded[start:end]`` (a text folded with :func:`fold`)."""
        regex = self._regex.get(lang)
        if regex is None:
            return []
        stop = len(folded) if end is None else end
        return [Hit(m.start(), m.end(), self._key(m.group(), lang), m.group())
                for m in regex.finditer(folded, start, stop)]

    def keys(self, label: str, lang: str) -> list[str]:
        """The keys a found phrase names (an Arabic phrase is also looked up without its clitics)."""
        table = self._keys.get(lang, {})
        words = canon(label).split()
        if not _AR.search(label):
            return table.get(" ".join(words), [])
        candidates = [""]
        for w in words:
            candidates = [f"{c} {x}".strip() for c in candidates for x in _unclitic(w)]
        for c in candidates:
            if c in table:
                return table[c]
        return []

    def _key(self, found: str, lang: str) -> str:
        keys = self.keys(found, lang)
        return sorted(keys)[0] if keys else ""


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

    def is_people(self, counted: str | None) -> bool:
        return counted is not None and self.vocab.default_units.get(counted, "people") == "people"


def _concept_entries(vocab: Vocabulary, names: Iterable[str]) -> list[tuple[str, str, str]]:
    return [(label.text, name, label.lang) for name in sorted(names) for label in vocab.labels.get(name, ())]


def build_lexicon(vocab: Vocabulary, cat: Catalogue,
                  measure_scopes: dict[str, set[tuple[str | None, ...]]] | None = None) -> Lexicon:
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
        measure_scopes=measure_scopes or {},
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
    if with_measures:
        for path in sorted((data_dir / "articles").glob("*.yaml")):
            try:
                article = load_article(path, data_dir)
            except InputErrors:
                continue  # a record in error (or a draft) says nothing yet about its measures
            for fig in article.figures:
                for m in fig.measures:
                    scopes.setdefault(m.value, set()).add(measure_scope(
                        fig.counts.value, fig.group.value if fig.group else None,
                        fig.target.value if fig.target else None, fig.weapon.value if fig.weapon else None))
    return build_lexicon(vocabulary().with_concepts(cat.concepts.values()), cat, scopes)


def measure_scope(counts: str | None, group: str | None, target: str | None, weapon: str | None
                  ) -> tuple[str | None, ...]:
    return (counts, group, target, weapon)
