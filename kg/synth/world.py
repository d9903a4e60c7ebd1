"""Build the whole synthetic world from one random generator, sized for a number of figures.

Sizes grow linearly with the figures asked for (places, incidents, editions,
organisations), above a floor that keeps a small corpus varied.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from kg.synth import actors, events, geography
from kg.synth.model import Actor, Country, Flash, Force, Incident, World
from kg.synth.names import adjective, slug


@dataclass(frozen=True)
class Sizes:
    governorates: int  # per country
    villages: int
    incidents: int
    editions: int
    series: int
    orgs: int
    outlets: int

    @classmethod
    def for_figures(cls, figures: int) -> Sizes:
        editions = max(8, figures // 22)
        series = max(4, math.ceil(editions / 60))
        return cls(
            governorates=min(20, 6 + figures // 20000),
            villages=max(12, figures // 30),
            incidents=max(9, figures // 18),
            editions=editions,
            series=series,
            orgs=max(3, math.ceil(series / 2)),
            outlets=min(60, 8 + figures // 8000),
        )


COUNTRIES = 3
#: Ids of the real data's actors: a synthetic actor never takes one.
REAL_IDS = ("snhr", "sohr", "vdc", "afp", "russia", "russian-forces", "syria", "syrian-regime-forces",
            "the-new-arab", "syrian-coalition", "syrian-coalition-media-department", "fadel-abdul-ghany")


def build(rng: random.Random, figures: int) -> World:
    size = Sizes.for_figures(figures)
    places = geography.Ids()
    ids = geography.Ids("kg-curators", "synth-curators", *REAL_IDS)
    namer = geography.Namer(rng)
    arabic: dict[str, str] = {}
    countries: list[Country] = []
    for _ in range(COUNTRIES):
        place = geography.country(namer, places)
        adj = adjective(place.name)
        state = Actor(ids.new(place.id), "state", place.name, tuple(a for a in place.alt_names if a != place.name))
        arabic[place.name] = next(a[0] for a in place.alt_names if isinstance(a, tuple))
        c = Country(place, state, adj, actors.regime(state, adj))
        ids.taken.add(c.regime.actor.id)
        for _ in range(size.governorates):
            gov, city = geography.governorate(namer, places, place.id)
            arabic[city.name] = next(a[0] for a in city.alt_names if isinstance(a, tuple))
            c.governorates.append(gov)
            c.cities.append(city)
        c.region = geography.region(places, place)
        countries.append(c)
    for v in range(size.villages):
        c = countries[v % COUNTRIES]
        gov = c.governorates[rng.randrange(len(c.governorates))]
        c.villages.append(geography.village(namer, places, gov, rng))
    foreign_states = []
    for _ in range(2):
        name = namer.country()
        foreign_states.append(Actor(ids.new(slug(name.latin)), "state", name.latin,
                                    (*name.variants, (name.arabic, "ar"))))
    foreign = [actors.foreign(s) for s in foreign_states]
    for f in foreign:
        ids.taken.add(f.actor.id)
    groups = [actors.armed_group(i, ids) for i in range(COUNTRIES)]
    orgs = actors.orgs(rng, size.orgs, countries, arabic, ids)
    outlets = actors.outlets(rng, size.outlets, ids)
    credits, parents = actors.credits(countries, ids)
    states = [(c.state, arabic[c.place.name]) for c in countries]
    states += [(s, next(a[0] for a in s.alt_names if isinstance(a, tuple))) for s in foreign_states]
    ministries = actors.ministries(rng, states, ids)
    sources = actors.local_sources(countries, ids)
    event_ids = geography.Ids()
    camps = events.campaigns(rng, countries, foreign, groups, event_ids)
    incs = events.incidents(rng, size.incidents, camps, event_ids)
    report_ids = geography.Ids()
    all_series = events.series(rng, size.series, orgs, camps, event_ids)
    per = max(2, size.editions // size.series)
    for ser in all_series:
        events.editions(rng, ser, per, report_ids)
    eds = sorted((e for s in all_series for e in s.editions), key=lambda e: (e.date, e.id))
    flashes = events.flashes(rng, incs, all_series, orgs, report_ids)
    flashes.sort(key=lambda f: (f.date, f.id))
    curators = [Actor("kg-curators", "curator", "kg curators"), Actor("synth-curators", "curator",
                                                                      "synthetic corpus curators")]
    forces = [c.regime for c in countries] + foreign + groups
    _identify(rng, countries, [s for s, _ in states], forces, incs, flashes)
    return World(curators, countries, foreign_states, forces, orgs, outlets, credits, parents, camps, incs,
                 all_series, eds, flashes, ministries, actors.aggregator(), sources)


def _identify(rng: random.Random, countries: list[Country], states: list[Actor], forces: list[Force],
              incs: list[Incident], flashes: list[Flash]) -> None:
    """External identifiers, in invented schemes only (never a real Wikidata or GeoNames id): codes for the
    countries and governorates, the states and forces, some incidents; and the aggregator's incident codes,
    for the massacres covered on the day."""
    for n, place in enumerate(p for c in countries for p in (c.place, *c.governorates)):
        place.ids = (("synthetic-place-code", f"SP-{n + 1:04d}"),)
    for n, actor in enumerate([*states, *(f.actor for f in forces)]):
        actor.ids = (("synthetic-actor-code", f"SA-{n + 1:04d}"),)
    covered = {f.incident.id for f in flashes}
    for n, inc in enumerate(incs):
        if rng.random() < 0.3:
            inc.ids = (("synthetic-event-code", f"SE-{n + 1:06d}"),)
        if inc.id in covered and inc.killed >= 5:
            inc.ledger_code = f"CL{n + 1:05d}"
            inc.ids = (*inc.ids, (actors.AGGREGATOR[0], inc.ledger_code))
