"""Typed records: what a curator wrote, after parsing, before RDF.

Every value that can be asserted carries its :class:`~kg.errors.Location` and how
it is known: stated by the text (optionally with the id of the quote that
states it), or inferred by the curator (with a reason). :class:`Unknown`
records a value the curator looked for and could not establish, and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

from kg.model.anchor import Anchor
from kg.model.dates import Day, Period, When
from kg.model.errors import Location

T = TypeVar("T", covariant=True)


@dataclass(frozen=True)
class Inference:
    """Why a curator asserts a value no source text states."""

    reason: str
    curator: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Val(Generic[T]):
    """A value with where it was written and how it is known."""

    value: T
    loc: Location
    inference: Inference | None = None
    quote: str | None = None  # id of the quote (same document) that states it


@dataclass(frozen=True)
class Unknown:
    """A value the curator records as unknown, with the reason."""

    reason: str
    loc: Location
    curator: str


@dataclass(frozen=True)
class DateSpec:
    """A date as known: a day, month, year, time of day or interval (``when``), or only bounds.

    ``sequence`` orders same-day updates of one source (1, 2, ...); ``marker`` is
    the source's own word for the update ("preliminary", "updated").
    """

    when: When | None
    earliest: dt.date | None
    latest: dt.date | None
    sequence: int | None = None
    marker: str | None = None

    @classmethod
    def of(cls, when: When) -> DateSpec:
        return cls(when, when.earliest, when.latest)

    @property
    def day(self) -> Day | None:
        """The calendar day (of any precision) when the date is one day, with or without a time."""
        return self.when.day if self.when is not None else None


@dataclass(frozen=True)
class Label:
    text: str
    lang: str


@dataclass(frozen=True)
class Identifier:
    """An identifier of a record in another dataset (Wikidata, GeoNames, ACLED, UCDP, an aggregator's code)."""

    scheme: str
    value: Val[str]


@dataclass(frozen=True)
class Position:
    organisation: Val[str]
    role: Val[str]


@dataclass(frozen=True)
class Actor:
    id: str
    type: str
    name: str
    alt_names: tuple[Label, ...]
    part_of: Val[str] | None
    ids: tuple[Identifier, ...]
    positions: tuple[Position, ...]
    loc: Location


@dataclass(frozen=True)
class Place:
    id: str
    type: str
    name: str
    alt_names: tuple[Label, ...]
    within: Val[str] | None
    ids: tuple[Identifier, ...]
    point: Val[tuple[Decimal, Decimal]] | None  # (latitude, longitude)
    loc: Location


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str
    start: Val[DateSpec] | None
    place: Val[str] | None
    loc: Location


@dataclass(frozen=True)
class Incident:
    id: str
    name: str
    types: tuple[Val[str], ...]
    place: Val[str] | None
    date: Val[DateSpec] | Unknown | None
    campaign: Val[str] | None
    ids: tuple[Identifier, ...]
    loc: Location


@dataclass(frozen=True)
class Report:
    id: str
    issuer: Val[str]
    date: Val[DateSpec] | Unknown | None
    title: Val[str] | None
    description: str | None
    supersedes: Val[str] | None
    loc: Location


@dataclass(frozen=True)
class Concept:
    """A curator's SKOS concept (``registry/vocabulary.yaml``), added to kg's vocabulary."""

    id: str
    scheme: str
    label: str
    labels: tuple[Label, ...]
    definition: str | None
    broader: Val[str] | None
    bound: str | None  # qualifiers: lower, upper, both, none
    low: Val[Decimal] | None  # qualifiers of vague quantities: conventional bounds
    high: Val[Decimal] | None
    unit: Val[str] | None  # counted things: their default unit
    curator: str
    loc: Location


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    definition: str
    loc: Location


@dataclass(frozen=True)
class Quote:
    id: str
    text: str
    anchor: Anchor
    spoken_by: Val[str] | None
    loc: Location
    language: str = "en"
    translation: Val[str] | None = None  # the curator's translation of the quote
    translation_of: Val[str] | None = None  # "<article>.<quote>": this quote is the outlet's translation of that one


@dataclass(frozen=True)
class Perpetrator:
    """Who a figure's text says did it, and how: asserted, hedged (with the hedge's words) or denied (by whom)."""

    actor: Val[str]
    stance: str = "asserted"
    hedge: str | None = None
    denied_by: Val[str] | None = None



@dataclass(frozen=True)
class Figure:
    id: str
    quote: Val[str]
    words: str
    phrase: Anchor
    value: Val[Decimal] | None
    low: Val[Decimal] | None
    high: Val[Decimal] | None
    qualifier: Val[str]
    counts: Val[str]
    group: Val[str] | None
    target: Val[str] | None
    weapon: Val[str] | None
    perpetrators: tuple[Perpetrator, ...]
    period: Val[Period] | None
    area: Val[str] | None
    as_of: Val[DateSpec] | None
    subset_of: Val[str] | None
    rounding_of: Val[str] | None
    incident: Val[str] | None
    measures: tuple[Val[str], ...]
    stated_by: Val[str]
    report: Val[str] | None
    loc: Location
    unit: Val[str] | None = None  # None: the unit of what is counted (the vocabulary's default)
    via: tuple[Val[str], ...] = ()  # the credited chain, nearest the article first
    revises: Val[str] | None = None
    qualifier_covers: tuple[Val[str], ...] = ()
    rank: Val[str] | None = None
    inherited: tuple[str, ...] = ()  # fields whose values came from the article's or the quote's defaults
    bounds: tuple[Decimal | None, Decimal | None] = (None, None)  # numeric low/high, from the qualifier
    origin: str | None = None  # the independent source behind it (kg.loader.resolve)
    claims: tuple[str, ...] = ()  # keys equal for figures that make the same claim (kg.loader.resolve)


@dataclass(frozen=True)
class Attribution:
    id: str
    incident: Val[str]
    perpetrator: Val[str]
    according_to: Val[str]
    quote: Val[str]
    loc: Location
    stance: str = "asserted"
    hedge: str | None = None


@dataclass(frozen=True)
class Article:
    id: str
    curator: str
    text: str
    text_file: str
    sha256: str
    archived_as: str | None
    headline: Val[str] | Unknown | None
    alternative_headline: Val[str] | None
    published: Val[DateSpec] | Unknown
    language: str
    publisher: Val[str] | Unknown
    url: Val[str] | Unknown | None
    relays: tuple[Val[str], ...]
    credited_source: Val[str] | None
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    attributions: tuple[Attribution, ...]
    loc: Location
    mirror_of: Val[str] | None = None
    translation_of: Val[str] | None = None
    translated_by: Val[str] | None = None


@dataclass
class Catalogue:
    """Everything under ``data/``, parsed and cross-checked."""

    curators: dict[str, Actor] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
