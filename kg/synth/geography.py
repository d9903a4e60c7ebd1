"""Places: countries, governorates with their main city, villages, de-escalation regions."""

from __future__ import annotations

import random

from kg.synth.model import Label, Place
from kg.synth.names import Name, country_name, place_name, slug


class Ids:
    """Record ids already taken in one namespace; a clash gets a numeric suffix."""

    def __init__(self, *taken: str) -> None:
        self.taken: set[str] = set(taken)

    def new(self, base: str) -> str:
        rid, n = base, 1
        while rid in self.taken:
            n += 1
            rid = f"{base}-{n}"
        self.taken.add(rid)
        return rid


class Namer:
    """Distinct invented names (a name already used is drawn again)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def place(self) -> Name:
        for _ in range(100):
            name = place_name(self.rng)
            if name.latin not in self.used:
                self.used.add(name.latin)
                return name
        raise RuntimeError("ran out of place names")  # pragma: no cover

    def country(self) -> Name:
        while True:
            name = country_name(self.rng)
            if name.latin not in self.used:
                self.used.add(name.latin)
                return name


def country(namer: Namer, ids: Ids) -> Place:
    name = namer.country()
    pid = ids.new(slug(name.latin))
    alts: tuple[Label, ...] = (*name.variants, (name.arabic, "ar"), f"Republic of {name.latin}")
    return Place(pid, "country", name.latin, alts, None, spellings=name.spellings, country=pid)


def governorate(namer: Namer, ids: Ids, country_id: str) -> tuple[Place, Place]:
    """A governorate and its main city, which bears its name."""
    name = namer.place()
    gid = ids.new(slug(name.latin) + "-governorate")
    alts: tuple[Label, ...] = (name.latin, *name.variants, (f"محافظة {name.arabic}", "ar"))
    gov = Place(gid, "governorate", f"{name.latin} Governorate", alts, country_id,
                spellings=name.spellings, country=country_id, governorate=gid, city=name.latin)
    cid = ids.new(slug(name.latin))
    city = Place(cid, "city", name.latin, (*name.variants, (name.arabic, "ar")), gid,
                 spellings=name.spellings, country=country_id, governorate=gid, city=name.latin)
    return gov, city


DIRECTIONS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")


def village(namer: Namer, ids: Ids, gov: Place, rng: random.Random) -> Place:
    name = namer.place()
    vid = ids.new(slug(name.latin))
    reason = evidence = point = None
    if rng.random() < 0.15:
        direction = DIRECTIONS[rng.randrange(len(DIRECTIONS))]
        reason = (f"The texts place {name.latin} only \"{direction} of {gov.city}\"; the curator places the "
                  f"village in {gov.name}, whose main city {gov.city} is.")
        evidence = f"https://maps.example/place/{vid}"
    if rng.random() < 0.2:
        point = f"{rng.uniform(32.0, 37.0):.4f}, {rng.uniform(35.5, 42.0):.4f}"
    return Place(vid, "village", name.latin, (*name.variants, (name.arabic, "ar")), gov.id, reason, evidence,
                 point, spellings=name.spellings, country=gov.country, governorate=gov.id, city=gov.city)


def region(ids: Ids, country_place: Place) -> Place:
    rid = ids.new(f"{country_place.id}-de-escalation-zone")
    name = f"{country_place.name} de-escalation zone"
    return Place(rid, "region", name, (f"de-escalation zone of {country_place.name}",), country_place.id,
                 spellings=(name,), country=country_place.id)
