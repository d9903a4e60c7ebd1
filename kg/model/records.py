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
from kg.model.dates import Day, Period
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
    """A date as known: a calendar ``day`` (of any precision) or only bounds."""

    day: Day | None
    earliest: dt.date | None
    latest: dt.date | None

    @classmethod
    def of(cls, day: Day) -> DateSpec:
        return cls(day, day.earliest, day.latest)


@dataclass(frozen=True)
class Label:
    text: str
    lang: str


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
    wikidata: Val[str] | None
    positions: tuple[Position, ...]
    loc: Location


@dataclass(frozen=True)
class Place:
    id: str
    type: str
    name: str
    alt_names: tuple[Label, ...]
    within: Val[str] | None
    wikidata: Val[str] | None
    geonames: Val[str] | None
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
    perpetrators: tuple[Val[str], ...]
    period: Val[Period] | None
    area: Val[str] | None
    as_of: Val[DateSpec] | None
    subset_of: Val[str] | None
    rounding_of: Val[str] | None
    incident: Val[str] | None
    measure: Val[str] | None
    stated_by: Val[str]
    report: Val[str] | None
    loc: Location


@dataclass(frozen=True)
class Attribution:
    id: str
    incident: Val[str]
    perpetrator: Val[str]
    according_to: Val[str]
    quote: Val[str]
    loc: Location


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
    articles: dict[str, Article] = field(default_factory=dict)
