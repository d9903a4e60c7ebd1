"""The synthetic world: who reports, who is accused, where, when, and how many."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: An alt name: plain English text, or ``(text, language)``.
Label = str | tuple[str, str]


@dataclass(slots=True)
class Place:
    id: str
    type: str
    name: str
    alt_names: tuple[Label, ...]
    within: str | None
    within_reason: str | None = None
    evidence: str | None = None
    point: str | None = None
    spellings: tuple[str, ...] = ()
    country: str = ""
    governorate: str = ""
    city: str = ""  # the governorate's main city, for "northeast of X"
    ids: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class Actor:
    id: str
    type: str
    name: str
    alt_names: tuple[Label, ...] = ()
    part_of: str | None = None
    positions: tuple[tuple[str, str], ...] = ()
    ids: tuple[tuple[str, str], ...] = ()  # external identifiers: (scheme, id)


@dataclass(slots=True)
class Force:
    """An armed force as texts name it: ``Varosian forces``, ``Varosian airstrikes``."""

    actor: Actor
    text: str
    adj: str
    agent: Actor  # who a lead says "has killed": the state, or the force itself
    agent_text: str


@dataclass(slots=True)
class Country:
    place: Place
    state: Actor
    adj: str
    regime: Force
    governorates: list[Place] = field(default_factory=list)
    cities: list[Place] = field(default_factory=list)
    villages: list[Place] = field(default_factory=list)
    region: Place | None = None


@dataclass(slots=True)
class Org:
    """A monitoring organisation, its short names and its chairman."""

    no: int
    actor: Actor
    abbr: str
    short: str  # "the Network"
    domain: str
    chairman: Actor
    country: Country
    director: Actor


@dataclass(slots=True)
class Campaign:
    id: str
    name: str
    text: str  # as a sentence names it: "the Qasarian regime's campaign ..."
    force: Force
    country: Country
    start: dt.date
    start_inferred: bool
    incidents: list[Incident] = field(default_factory=list)


@dataclass(slots=True)
class Incident:
    id: str
    name: str
    kind: str  # airstrike | double-tap | shelling
    types: tuple[str, ...]
    village: Place
    date: dt.date
    date_form: str  # plain | inferred | unknown
    campaign: Campaign
    campaign_inferred: bool
    killed: int
    early: int
    injured: int
    child_frac: float
    women_frac: float
    strikes: int
    ids: tuple[tuple[str, str], ...] = ()
    ledger_code: str | None = None  # the aggregator's code, when it has an incident page

    @property
    def measure(self) -> str:
        return f"{self.id}-killed"

    def toll_by(self, org_no: int) -> int:
        """Each organisation's own count: close to the final toll, never below the early one."""
        return max(self.early + 1, self.killed + (org_no * 7 + len(self.id)) % 5 - 2)


@dataclass(slots=True)
class Tally:
    """The cumulative counts of one report edition."""

    civilians: int
    children: int
    women: int
    medical: int
    journalists: int
    infrastructure: int
    schools: int
    medical_facilities: int
    cluster: int
    incendiary: int
    massacres: int
    displaced_tenths: int  # of a million
    monthly: int  # all parties, the month before the edition


@dataclass(slots=True)
class Series:
    id: str
    org: Org
    campaign: Campaign
    editions: list[Edition] = field(default_factory=list)

    @property
    def civilians_measure(self) -> str:
        return f"{self.id}-civilians-killed"

    @property
    def children_measure(self) -> str:
        return f"{self.id}-children-killed"

    @property
    def first_measure(self) -> str:
        """The toll of the period its first edition covered, which later editions restate."""
        return f"{self.id}-civilians-killed-first-period"


@dataclass(slots=True)
class Edition:
    id: str
    series: Series
    k: int
    date: dt.date
    date_form: str  # plain | inferred | bounds
    earliest: dt.date
    tally: Tally
    incidents: list[Incident]
    previous: Edition | None
    titled: bool
    supersedes: str | None = None

    @property
    def toll_measures(self) -> str | tuple[str, str]:
        """The measures its civilian toll reads: the first edition's is also the toll of the first period."""
        ser = self.series
        return (ser.civilians_measure, ser.first_measure) if self.k == 0 else ser.civilians_measure


@dataclass(slots=True)
class Flash:
    """A statement issued on the day of an incident, with the first toll."""

    id: str
    org: Org
    org_no: int
    incident: Incident
    date: dt.date
    toll: int
    date_inferred: bool


@dataclass(slots=True)
class Credit:
    """A source an article credits: ``(Source: Idlib Media Office)``; ``publisher`` when it is also the publisher."""

    actor: Actor
    publisher: Actor | None


@dataclass(slots=True)
class Ministry:
    """A state's defence ministry, which denies strikes, and its spokesperson."""

    actor: Actor
    spokesperson: Actor
    state_name: str


@dataclass(slots=True)
class World:
    curators: list[Actor]
    countries: list[Country]
    foreign_states: list[Actor]
    forces: list[Force]
    orgs: list[Org]
    outlets: list[Actor]
    credits: list[Credit]
    other_actors: list[Actor]
    campaigns: list[Campaign]
    incidents: list[Incident]
    series: list[Series]
    editions: list[Edition]  # by date
    flashes: list[Flash]  # by date
    ministries: dict[str, Ministry] = field(default_factory=dict)  # by the state's actor id
    aggregator: Actor | None = None
    local_sources: dict[str, Actor] = field(default_factory=dict)  # by the country's place id

    def ministry(self, force: Force) -> Ministry | None:
        """The defence ministry of the state a force belongs to (none for an armed group)."""
        return self.ministries.get(force.actor.part_of or "")

    def places(self) -> list[Place]:
        out: list[Place] = []
        for c in self.countries:
            out.append(c.place)
            out.extend(c.governorates)
            out.extend(c.cities)
            out.extend(c.villages)
            if c.region is not None:
                out.append(c.region)
        return out
