"""What happens and who counts it: campaigns, incidents, report editions, flash statements.

Editions of one series are cumulative: every count of a later edition is
larger than the same count of the earlier one. An incident is counted first
by a flash statement on the day ("at least 18"), then by the next edition of
every series that documents its campaign (each organisation its own toll).
"""

from __future__ import annotations

import bisect
import datetime as dt
import random

from kg.synth.geography import Ids
from kg.synth.model import Campaign, Country, Edition, Flash, Force, Incident, Org, Series, Tally

END = dt.date(2024, 12, 31)


def campaigns(rng: random.Random, countries: list[Country], foreign: list[Force], groups: list[Force],
              ids: Ids) -> list[Campaign]:
    out: list[Campaign] = []
    for i, c in enumerate(countries):
        name = f"{c.adj} regime's military campaign against opposition areas"
        start = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(330))
        out.append(Campaign(ids.new(f"{c.place.id}-regime-campaign"), name, "the " + name, c.regime, c, start,
                            rng.random() < 0.5))
        f = foreign[i % len(foreign)]
        name = f"{f.agent.name}'s military intervention in {c.place.name}"
        start = dt.date(2014, 6, 1) + dt.timedelta(days=rng.randrange(700))
        out.append(Campaign(ids.new(f"{f.agent.id}-intervention-in-{c.place.id}"), name, name, f, c, start,
                            rng.random() < 0.5))
        g = groups[i]
        name = f"{g.actor.name}'s offensive in {c.place.name}"
        start = dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(700))
        out.append(Campaign(ids.new(f"{g.actor.id}-offensive-in-{c.place.id}"), name, "the " + name, g, c, start,
                            rng.random() < 0.5))
    return out


def incidents(rng: random.Random, n: int, camps: list[Campaign], ids: Ids) -> list[Incident]:
    out: list[Incident] = []
    for i in range(n):
        camp = camps[i % len(camps)] if i < len(camps) else camps[rng.randrange(len(camps))]
        villages = camp.country.villages
        village = villages[rng.randrange(len(villages))]
        span = (END - camp.start).days - 30
        date = camp.start + dt.timedelta(days=20 + rng.randrange(span))
        r = rng.random()
        killed = rng.randint(5, 60) if r < 0.6 else rng.randint(1, 4) if r < 0.9 else rng.randint(61, 150)
        airborne = camp.force.agent.type == "state" or camp.force.adj == "regime"
        kind = "shelling" if not airborne or rng.random() < 0.3 else "airstrike"
        if kind == "airstrike" and killed >= 5 and rng.random() < 0.2:
            kind = "double-tap"
        types = {"airstrike": ("airstrike",), "double-tap": ("airstrike", "double-tap-strike"),
                 "shelling": ("shelling",)}[kind]
        if killed >= 5:
            types = ("massacre", *types)
        label = "massacre" if killed >= 5 else ("shelling" if kind == "shelling" else "airstrike")
        base = f"{village.id}-{label}"
        iid = ids.new(base if base not in ids.taken else f"{base}-{date.year}")
        name = {"airstrike": f"{village.name} airstrike", "double-tap": f"{village.name} double-tap airstrike",
                "shelling": f"Shelling of {village.name}"}[kind]
        if killed >= 5:
            name = name.replace("Shelling of ", "") + (" shelling" if kind == "shelling" else "") + " massacre"
        early = max(1, int(killed * rng.uniform(0.3, 0.8)))
        r = rng.random()
        form = "plain" if r < 0.6 else "inferred" if r < 0.96 else "unknown"
        strikes = 2 if kind == "double-tap" else rng.randint(1, 6)
        out.append(Incident(iid, name, kind, types, village, date, form, camp, rng.random() < 0.5, killed, early,
                            rng.randint(1, 3 * killed + 5), rng.uniform(0.1, 0.4), rng.uniform(0.05, 0.25),
                            strikes))
    out.sort(key=lambda x: (x.date, x.id))
    for inc in out:
        inc.campaign.incidents.append(inc)
    return out


def series(rng: random.Random, n: int, orgs: list[Org], camps: list[Campaign], ids: Ids) -> list[Series]:
    """``n`` series: each organisation documents campaigns of its own country first."""
    out: list[Series] = []
    taken: set[tuple[int, str]] = set()
    for s in range(n):
        org = orgs[s % len(orgs)]
        mine = [c for c in camps if c.country is org.country and (org.no, c.id) not in taken]
        others = [c for c in camps if (org.no, c.id) not in taken]
        pool = mine or others or camps
        camp = pool[rng.randrange(len(pool))]
        taken.add((org.no, camp.id))
        out.append(Series(ids.new(f"{org.actor.id}-{camp.id}"), org, camp))
    return out


def editions(rng: random.Random, ser: Series, count: int, ids: Ids) -> None:
    """Fill ``ser.editions`` with ``count`` cumulative editions, at least 20 days apart."""
    camp = ser.campaign
    first = camp.start + dt.timedelta(days=90 + rng.randrange(120))
    interval = max(20, (END - first).days // max(count, 1))
    count = min(count, max(1, (END - first).days // interval))
    dates = [camp.incidents[i].date for i in range(len(camp.incidents))]
    civ = rng.randint(150, 2000)
    rate = rng.randint(40, 400)
    fr = [rng.uniform(a, b) for a, b in ((0.2, 0.32), (0.08, 0.14), (0.01, 0.02), (0.002, 0.005), (0.12, 0.2),
                                         (0.03, 0.05), (0.015, 0.03), (0.02, 0.03))]
    displaced = rng.randint(3, 30)
    prev: Edition | None = None
    lo = 0
    for k in range(count):
        date = first + dt.timedelta(days=k * interval + rng.randrange(max(1, interval // 3)))
        if k:
            civ += rate + rng.randint(-rate // 2, rate // 2)
            displaced += rng.randint(0, 2)
        infra = int(civ * fr[4]) + 1
        tally = Tally(civ, int(civ * fr[0]), int(civ * fr[1]), int(civ * fr[2]) + 1, int(civ * fr[3]) + 2, infra,
                      int(infra * 0.18), int(infra * 0.15), int(civ * fr[5]) + 1, int(civ * fr[6]) + 1,
                      int(civ * fr[7]) + 1, displaced, rng.randint(40, 1500))
        hi = bisect.bisect_right(dates, date)
        r = rng.random()
        form = "plain" if r < 0.55 else "inferred" if r < 0.85 else "bounds"
        earliest = date - dt.timedelta(days=rng.randint(1, 10)) if form == "bounds" else date
        eid = ids.new(f"{ser.org.actor.id}-{date.isoformat()}-{camp.force.actor.id}")
        ed = Edition(eid, ser, k, date, form, earliest, tally, camp.incidents[lo:hi], prev, rng.random() < 0.4,
                     prev.id if prev is not None else None)
        ser.editions.append(ed)
        prev, lo = ed, hi


def flashes(rng: random.Random, incs: list[Incident], all_series: list[Series], orgs: list[Org],
            ids: Ids) -> list[Flash]:
    """Statements on the day for about 60% of incidents; a second organisation's for a third of those."""
    by_campaign: dict[str, list[Org]] = {}
    for ser in all_series:
        by_campaign.setdefault(ser.campaign.id, []).append(ser.org)
    out: list[Flash] = []
    for inc in incs:
        if rng.random() >= 0.6:
            continue
        pool = by_campaign.get(inc.campaign.id) or orgs
        first = pool[rng.randrange(len(pool))]
        chosen = [(first, inc.early)]
        if rng.random() < 0.35 and len(orgs) > 1:
            second = orgs[rng.randrange(len(orgs))]
            if second is not first:
                chosen.append((second, max(1, inc.early + rng.randint(-2, 4))))
        for org, toll in chosen:
            date = inc.date + dt.timedelta(days=rng.randint(0, 1))
            fid = ids.new(f"{org.actor.id}-{date.isoformat()}-{inc.id}")
            out.append(Flash(fid, org, org.no, inc, date, toll, rng.random() < 0.4))
    return out
