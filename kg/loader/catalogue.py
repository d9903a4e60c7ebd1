"""Load every file under ``data/`` and check that every reference resolves.

Errors are collected across files, so a curator sees every problem of a run
at once, each at its own ``path:line``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path

from kg.loader.article import ArticleErrors, load_article
from kg.loader.files import unreadable
from kg.loader.registry import (
    load_actors,
    load_incidents,
    load_measures,
    load_places,
    load_reports,
    load_vocabulary,
)
from kg.loader.resolve import resolve_figures
from kg.loader.vocab import Vocabulary, vocabulary
from kg.model.errors import InputError, InputErrors, Location
from kg.model.records import Article, Catalogue, Figure, Unknown, Val

REGISTRIES: tuple[tuple[str, Callable[[Path, Catalogue], None]], ...] = (
    ("actors.yaml", load_actors),
    ("places.yaml", load_places),
    ("incidents.yaml", load_incidents),
    ("reports.yaml", load_reports),
    ("measures.yaml", load_measures),
)
OPTIONAL_REGISTRIES: tuple[tuple[str, Callable[[Path, Catalogue], None]], ...] = (
    ("vocabulary.yaml", load_vocabulary),
)


def load_catalogue(data_dir: Path, only: set[str] | None = None, external_figures: set[str] | None = None) -> Catalogue:
    """Parse and cross-check ``data_dir``; raise :class:`InputErrors` listing every problem.

    ``only`` restricts the articles read to these ids (an incremental build);
    ``external_figures`` are the figure ids of the articles not read, which
    references may name and new figures must not reuse.
    """
    if not data_dir.is_dir():
        raise InputError("no data folder here", Location(data_dir))
    cat = Catalogue()
    errors = unreadable(data_dir)
    bad = {e.location.path for e in errors if e.location is not None}
    for name, load in REGISTRIES:
        path = data_dir / "registry" / name
        if path in bad:
            continue
        if not path.exists() and not path.is_symlink():
            errors.append(InputError("registry file is missing", Location(path)))
            continue
        _collect(errors, partial(load, path, cat))
    for name, load in OPTIONAL_REGISTRIES:
        path = data_dir / "registry" / name
        if (path.exists() or path.is_symlink()) and path not in bad:
            _collect(errors, partial(load, path, cat))
    registries_failed = bool(errors)
    article_files = _article_files(data_dir, errors)
    all_articles = {p.stem for p in article_files}
    if only is not None:
        article_files = [p for p in article_files if p.stem in only]
    elif not article_files:
        errors.append(InputError("no article records (*.yaml)", Location(data_dir / "articles")))
    partial_articles: dict[str, Article] = {}  # what could be read of the articles in error
    for path in article_files:
        if path not in bad:
            _collect(errors, partial(_add_article, cat, path, data_dir, partial_articles))
    vocab = vocabulary().with_concepts(cat.concepts.values())
    if not registries_failed:
        # the references of the records that loaded (and of the readable parts of the articles in error) are
        # checked too, so that a curator sees every problem at once; the figure or quote referred to may be a
        # part in error, already reported
        whole = replace(cat, articles=partial_articles | cat.articles)
        references = check_references(whole, vocab, external_figures or set(), all_articles)
        if errors:
            in_error = {a.loc.path for a in partial_articles.values()}
            references = [e for e in references if not e.message.startswith("unknown figure ") and not (
                e.message.startswith("unknown quote ") and e.location is not None and e.location.path in in_error)]
        errors.extend(references)
    if errors:
        raise InputErrors(errors)
    resolve_figures(cat, vocab)
    return cat


def _article_files(data_dir: Path, errors: list[InputError]) -> list[Path]:
    """The article records (``articles/*.yaml``), sorted; an unreadable folder is an error."""
    folder = data_dir / "articles"
    try:
        return sorted(p for p in folder.iterdir() if p.name.endswith(".yaml"))
    except FileNotFoundError:
        return []
    except OSError as exc:
        errors.append(InputError(f"cannot read folder: {exc.strerror or exc}", Location(folder)))
        return []


def _add_article(cat: Catalogue, path: Path, data_dir: Path, partial_articles: dict[str, Article]) -> None:
    try:
        article = load_article(path, data_dir)
    except ArticleErrors as exc:
        if exc.article is not None:
            partial_articles[exc.article.id] = exc.article
        raise
    cat.articles[article.id] = article


def _collect(errors: list[InputError], step: Callable[[], None]) -> None:
    try:
        step()
    except InputErrors as exc:
        errors.extend(exc.errors)
    except InputError as exc:
        errors.append(exc)


def check_references(cat: Catalogue, vocab: Vocabulary, external_figures: set[str] | None = None,
                     article_ids: set[str] | None = None) -> list[InputError]:
    """Every id a record names must exist, in the right table or vocabulary."""
    problems: list[InputError] = []
    curators = {a.id for a in cat.actors.values() if a.type == "curator"}
    figures: dict[str, Figure] = {}
    external = external_figures or set()
    for article in cat.articles.values():
        for fig in article.figures:
            if fig.id in external:
                problems.append(InputError(f"duplicate figure id '{fig.id}' (used by another article)", fig.loc))
            if fig.id in figures:
                problems.append(InputError(f"duplicate figure id '{fig.id}' (first at {figures[fig.id].loc})", fig.loc))
            figures[fig.id] = fig

    def ref(v: Val[str] | Unknown | None, table: Iterable[str], what: str) -> None:
        if isinstance(v, Val) and v.value not in table:
            problems.append(InputError(f"unknown {what} '{v.value}'", v.loc))
        if isinstance(v, Val) and v.inference is not None and v.inference.curator not in curators:
            problems.append(InputError(f"unknown curator '{v.inference.curator}'", v.loc))

    def term(v: Val[str] | None, scheme: str, what: str) -> None:
        if v is not None and not vocab.has(scheme, v.value):
            known = ", ".join(sorted(vocab.schemes.get(scheme, ())))
            problems.append(InputError(f"unknown {what} '{v.value}' (known: {known})", v.loc))

    def kind(value: str, scheme: str, what: str, loc: Location) -> None:
        term(Val(value, loc), scheme, what)

    actors, places, reports = cat.actors.keys(), cat.places.keys(), cat.reports.keys()
    for actor in cat.actors.values():
        kind(actor.type, "actor-types", "actor type", actor.loc)
        ref(actor.part_of, actors, "actor")
        for pos in actor.positions:
            ref(pos.organisation, actors, "actor")
            term(pos.role, "roles", "role")
    for place in cat.places.values():
        kind(place.type, "place-types", "place type", place.loc)
        ref(place.within, places, "place")
    for campaign in cat.campaigns.values():
        ref(campaign.place, places, "place")
    for incident in cat.incidents.values():
        ref(incident.place, places, "place")
        ref(incident.campaign, cat.campaigns.keys(), "campaign")
        for t in incident.types:
            term(t, "incident-types", "incident type")
        _curator(incident.date, curators, problems)
    for concept in cat.concepts.values():
        ref(concept.broader, vocab.schemes.get(concept.scheme, frozenset()), f"{concept.scheme} concept")
        term(concept.unit, "units", "unit")
        if concept.id in vocabulary().labels:
            problems.append(InputError(f"concept '{concept.id}' is already in kg's vocabulary", concept.loc))
    for report in cat.reports.values():
        ref(report.issuer, actors, "actor")
        ref(report.supersedes, reports, "report")
        _curator(report.date, curators, problems)
        _curator(report.title, curators, problems)
    known_figures = figures.keys() | external
    known_articles = (article_ids or set()) | cat.articles.keys()
    for article in cat.articles.values():
        problems.extend(_check_article(article, cat, vocab, known_figures, ref, term))
        ref(article.mirror_of, known_articles, "article")
        ref(article.translation_of, known_articles, "article")
        ref(article.translated_by, actors, "actor")
        for v in (article.mirror_of, article.translation_of):
            if v is not None and v.value == article.id:
                problems.append(InputError(f"article '{article.id}' cannot be a copy of itself", v.loc))
        if article.translated_by is not None and article.translation_of is None:
            problems.append(InputError("'translated_by' goes with 'translation_of'", article.translated_by.loc))
        for q in article.quotes:
            if q.translation_of is not None:
                other, _, quote_id = q.translation_of.value.partition(".")
                ref(Val(other, q.translation_of.loc), known_articles, "article")
                if other in cat.articles and quote_id not in {x.id for x in cat.articles[other].quotes}:
                    problems.append(
                        InputError(f"unknown quote '{quote_id}' in article '{other}'", q.translation_of.loc))
        if article.curator and article.curator not in curators:  # no curator: an error already
            problems.append(InputError(f"unknown curator '{article.curator}'", article.loc))
    return problems


def _curator(v: Val[object] | Unknown | None, curators: set[str], problems: list[InputError]) -> None:
    if isinstance(v, Val) and v.inference is not None and v.inference.curator not in curators:
        problems.append(InputError(f"unknown curator '{v.inference.curator}'", v.loc))


def _check_article(
    article: Article,
    cat: Catalogue,
    vocab: Vocabulary,
    figures: set[str],
    ref: Callable[[Val[str] | Unknown | None, Iterable[str], str], None],
    term: Callable[[Val[str] | None, str, str], None],
) -> list[InputError]:
    problems: list[InputError] = []
    quotes = {q.id for q in article.quotes}
    languages = {q.id: q.language for q in article.quotes}
    actors = cat.actors.keys()

    def quoted(v: Val[object] | Unknown | None) -> None:
        if isinstance(v, Val) and v.quote is not None and v.quote not in quotes:
            problems.append(InputError(f"unknown quote '{v.quote}' in this article", v.loc))

    ref(article.publisher, actors, "actor")
    ref(article.credited_source, actors, "actor")
    for v in (article.headline, article.alternative_headline, article.published, article.publisher, article.url,
              article.credited_source, *article.relays):
        quoted(v)
        _curator(v, {a.id for a in cat.actors.values() if a.type == "curator"}, problems)
    for r in article.relays:
        ref(r, cat.reports.keys(), "report")
    for q in article.quotes:
        ref(q.spoken_by, actors, "actor")
        quoted(q.spoken_by)
        _curator(q.translation, {a.id for a in cat.actors.values() if a.type == "curator"}, problems)
    for fig in article.figures:
        term(fig.qualifier, "qualifiers", "qualifier")
        term(fig.counts, "counted", "counted thing")
        term(fig.group, "groups", "group")
        term(fig.target, "targets", "target")
        term(fig.weapon, "weapons", "weapon")
        term(fig.unit, "units", "unit")
        term(fig.rank, "ranks", "rank")
        if fig.unit is None and fig.counts.value not in vocab.default_units and vocab.has("counted", fig.counts.value):
            problems.append(InputError(
                f"figure '{fig.id}': '{fig.counts.value}' has no default unit in the vocabulary: give 'unit'",
                fig.counts.loc))
        for p in fig.perpetrators:
            ref(p.actor, actors, "actor")
            ref(p.denied_by, actors, "actor")
            quoted(p.actor)
        ref(fig.area, cat.places.keys(), "place")
        for link in (fig.subset_of, fig.rounding_of, fig.revises, *fig.qualifier_covers):
            ref(link, figures, "figure")
            if link is not None and link.value == fig.id:
                problems.append(InputError(f"figure '{fig.id}' cannot refer to itself", link.loc))
        ref(fig.incident, cat.incidents.keys(), "incident")
        for measure in fig.measures:
            ref(measure, cat.measures.keys(), "measure")
        ref(fig.stated_by, actors, "actor")
        for step in fig.via:
            ref(step, actors, "actor")
        ref(fig.report, cat.reports.keys(), "report")
        for w in (fig.stated_by, fig.report, fig.area, fig.period, fig.as_of, fig.subset_of, fig.rounding_of,
                  fig.revises, fig.incident, fig.unit, fig.rank, *fig.qualifier_covers, *fig.measures, *fig.via):
            quoted(w)
        problems.extend(_qualifier_wording(fig, vocab, languages.get(fig.quote.value, article.language)))
        problems.extend(_bounds(fig, vocab))
    for a in article.attributions:
        ref(a.incident, cat.incidents.keys(), "incident")
        ref(a.perpetrator, actors, "actor")
        ref(a.according_to, actors, "actor")
        if a.quote.value not in quotes:
            problems.append(InputError(f"unknown quote '{a.quote.value}' in this article", a.quote.loc))
    return problems


def _qualifier_wording(fig: Figure, vocab: Vocabulary, lang: str) -> list[InputError]:
    """A qualifier other than 'exact' must be worded in the figure's words, in the quote's language."""
    name = fig.qualifier.value
    if name == "exact" or not vocab.has("qualifiers", name):
        return []
    wordings = vocab.wordings(name, lang)
    if not wordings:
        return [InputError(
            f"figure '{fig.id}': qualifier '{name}' has no wording in language '{lang}' in the vocabulary; "
            "add a label in that language (registry/vocabulary.yaml)", fig.qualifier.loc)]
    words = fig.words.lower()
    if any(w.lower() in words for w in wordings):
        return []
    return [InputError(
        f"figure '{fig.id}': qualifier '{name}' is not worded in its words {fig.words!r} "
        f"(its wordings in '{lang}': {', '.join(wordings)}); quote the qualifying words or use 'exact'",
        fig.qualifier.loc,
    )]


def _bounds(fig: Figure, vocab: Vocabulary) -> list[InputError]:
    """The figure's number(s) must fit its qualifier: a range states both ends; only a vague quantity has none."""
    name = fig.qualifier.value
    rule = vocab.bound_rules.get(name)
    if rule == "words" and (fig.low is None or fig.high is None):
        return [InputError(f"figure '{fig.id}': qualifier '{name}' needs 'low' and 'high' (the range's ends)",
                           fig.qualifier.loc)]
    if rule != "words" and (fig.low is not None or fig.high is not None) and fig.value is not None:
        return [InputError(f"figure '{fig.id}': give 'value' or 'low'/'high', not both", fig.loc)]
    if fig.value is None and fig.low is None and fig.high is None and name not in vocab.conventional:
        return [InputError(f"figure '{fig.id}': give 'value' or 'low'/'high' (only a vague quantity such as "
                           "'dozens' has neither)", fig.loc)]
    return []
