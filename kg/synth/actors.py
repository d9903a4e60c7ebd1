"""Actors: states and their forces, armed groups, monitoring organisations, outlets, credited sources."""

from __future__ import annotations

import random

from kg.synth.geography import Ids
from kg.synth.model import Actor, Country, Credit, Force, Ministry, Org
from kg.synth.names import ARMED_GROUPS, adjective, outlet_name, person_name, slug

#: Monitoring organisation templates: name, abbreviation suffix, short name, Arabic name.
ORG_TEMPLATES: tuple[tuple[str, str, str, str], ...] = (
    ("{c} Network for Human Rights", "NHR", "the Network", "الشبكة {ca} لحقوق الإنسان"),
    ("{c} Observatory for Human Rights", "OHR", "the Observatory", "المرصد {ca} لحقوق الإنسان"),
    ("Violations Documentation Center in {c}", "VDC", "the Center", "مركز توثيق الانتهاكات في {ca}"),
    ("{c} Civil Defence", "CD", "the Civil Defence", "الدفاع المدني {ca}"),
    ("{c} Center for Justice and Accountability", "CJA", "the Center", "مركز العدالة والمساءلة {ca}"),
    ("{c} Human Rights Monitor", "HRM", "the Monitor", "مرصد حقوق الإنسان {ca}"),
)


def regime(state: Actor, adj: str) -> Force:
    actor = Actor(f"{state.id}-regime-forces", "armed-force", f"{adj} regime forces",
                  ("regime forces", f"the {adj} regime"), part_of=state.id)
    return Force(actor, f"{adj} regime forces", "regime", actor, f"the {adj} regime")


def foreign(state: Actor) -> Force:
    adj = adjective(state.name)
    actor = Actor(f"{state.id}-forces", "armed-force", f"{adj} forces", (f"{adj} army",), part_of=state.id)
    return Force(actor, f"{adj} forces", adj, state, state.name)


def armed_group(n: int, ids: Ids) -> Force:
    name = ARMED_GROUPS[n % len(ARMED_GROUPS)]
    if n >= len(ARMED_GROUPS):
        name = f"{name} {('Second', 'Third', 'Fourth')[min(n // len(ARMED_GROUPS), 3) - 1]}"
    actor = Actor(ids.new(slug(name)), "armed-force", name, (f"the {name.split()[-1]}",))
    return Force(actor, f"the {name}", name, actor, f"the {name}")


def orgs(rng: random.Random, n: int, countries: list[Country], arabic: dict[str, str], ids: Ids) -> list[Org]:
    """``n`` monitoring organisations, each with a chairman and a director (persons holding the roles)."""
    out: list[Org] = []
    for i in range(n):
        country = countries[i % len(countries)]
        j = i // len(countries)
        template, suffix, short, ar = ORG_TEMPLATES[j % len(ORG_TEMPLATES)]
        place_word = country.place.name
        if j >= len(ORG_TEMPLATES):  # local organisations, named after a governorate's city
            gov = country.governorates[(j // len(ORG_TEMPLATES) - 1) % len(country.governorates)]
            place_word = gov.city
        name = template.format(c=place_word)
        abbr = _abbr(place_word, suffix, ids)
        oid = slug(abbr)
        arabic_name = ar.format(ca=arabic.get(place_word, place_word))
        actor = Actor(oid, "monitoring-organisation", name, (abbr, short, (arabic_name, "ar")))
        chair_name = person_name(rng)
        chair = Actor(ids.new(slug(chair_name)), "person", chair_name, positions=((oid, "chairman"),))
        director_name = person_name(rng)
        director = Actor(ids.new(slug(director_name)), "person", director_name, positions=((oid, "director"),))
        out.append(Org(i, actor, abbr, short, f"{oid}.example", chair, country, director))
    return out


def _abbr(place_word: str, suffix: str, ids: Ids) -> str:
    """``QNHR``; ``QANHR`` if taken; letters only, so that no abbreviation reads as a number."""
    letters = "".join(c for c in place_word if c.isalpha())
    for k in range(1, len(letters) + 1):
        head = letters[:k].upper()
        abbr = suffix + head if suffix == "VDC" else head + suffix
        if slug(abbr) not in ids.taken:
            ids.taken.add(slug(abbr))
            return abbr
    raise RuntimeError(f"no free abbreviation for {place_word}")  # pragma: no cover


def outlets(rng: random.Random, n: int, ids: Ids) -> list[Actor]:
    out: list[Actor] = []
    seen: set[str] = set()
    while len(out) < n:
        name, alts = outlet_name(rng)
        if name in seen:
            if len(seen) >= 200:
                name = f"{name} {len(out)}"
            else:
                continue
        seen.add(name)
        out.append(Actor(ids.new(slug(name)), "media-outlet", name, alts))
    return out


def credits(countries: list[Country], ids: Ids) -> tuple[list[Credit], list[Actor]]:
    """Media offices of governorates, and opposition coalitions with a media department that publish."""
    out: list[Credit] = []
    parents: list[Actor] = []
    for c in countries:
        coalition = Actor(ids.new(f"{c.place.id}-coalition"), "political-organisation",
                          f"National Coalition of {c.adj} Revolution and Opposition Forces",
                          (f"{c.adj} Coalition",))
        dept = Actor(ids.new(f"{c.place.id}-coalition-media-department"), "media-outlet",
                     f"{c.adj} Coalition’s Media Department", part_of=coalition.id)
        parents.append(coalition)
        out.append(Credit(dept, coalition))
        for gov in c.governorates:
            office = Actor(ids.new(f"{slug(gov.city)}-media-office"), "media-outlet", f"{gov.city} Media Office")
            out.append(Credit(office, None))
    return out, parents


def ministries(rng: random.Random, states: list[tuple[Actor, str]], ids: Ids) -> dict[str, Ministry]:
    """A defence ministry for each state whose forces strike, with a spokesperson; ``states``: (state, Arabic name)."""
    out: dict[str, Ministry] = {}
    for state, arabic in states:
        adj = adjective(state.name)
        actor = Actor(ids.new(f"{state.id}-defence-ministry"), "government-body", f"{state.name} Defence Ministry",
                      (f"{adj} Ministry of Defence", f"{adj} defence ministry", (f"وزارة الدفاع في {arabic}", "ar")),
                      part_of=state.id)
        name = person_name(rng)
        speaker = Actor(ids.new(slug(name)), "person", name, positions=((actor.id, "spokesperson"),))
        out[state.id] = Ministry(actor, speaker, state.name)
    return out


#: The invented aggregator of incident pages, and the scheme of its incident codes.
AGGREGATOR = ("casualty-ledger", "Casualty Ledger Project", ("the Casualty Ledger", "CLP"))


def aggregator() -> Actor:
    rid, name, alts = AGGREGATOR
    return Actor(rid, "aggregator", name, alts, ids=(("synthetic-actor-code", "SA-AGG-1"),))


def local_sources(countries: list[Country], ids: Ids) -> dict[str, Actor]:
    """One unnamed source per country: "local sources", as aggregators and wires cite them."""
    return {c.place.id: Actor(ids.new(f"{c.place.id}-local-sources"), "unnamed-source",
                              f"local sources in {c.place.name}", (f"activists in {c.place.name}",))
            for c in countries}
