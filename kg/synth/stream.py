"""Write articles one at a time, in date order, until exactly the figures asked for are written.

Every report edition is relayed by one to three outlets within days; every
incident covered on the day gets one or two articles: mostly news, sometimes
the monitor's own page of updates through the night, a wire story on the
defence ministry's denial, or the aggregator's incident page. Each of these
kinds, and each rarer part of an article, is written as early as it can be, so
that a corpus of a few hundred figures already has every phenomenon. If the
world's events run out before the figures do, a new pass relays them again
later (anniversaries, round-ups). Nothing of an article is kept once written.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from kg.synth import denial, edition, frame, ledger, news, updates
from kg.synth.context import Ctx
from kg.synth.doc import Doc, finish
from kg.synth.model import Edition, Flash, Incident, World
from kg.synth.plant import Planted


@dataclass
class Event:
    date: dt.date
    edition: Edition | None = None
    flashes: list[Flash] = field(default_factory=list)


@dataclass
class Counts:
    articles: int = 0
    figures: int = 0
    quotes: int = 0
    bytes: int = 0
    planted: list[Planted] = field(default_factory=list)


def events(world: World) -> list[Event]:
    by_incident: dict[str, Event] = {}
    for f in world.flashes:
        ev = by_incident.get(f.incident.id)
        if ev is None:
            by_incident[f.incident.id] = Event(f.date, flashes=[f])
        else:
            ev.flashes.append(f)
    evs = [Event(e.date, edition=e) for e in world.editions] + list(by_incident.values())
    evs.sort(key=lambda e: (e.date, e.edition.id if e.edition else e.flashes[0].id))
    return evs


def take(rem: int, lo: int, hi: int, rng: random.Random) -> int:
    """An article size in [lo, hi] that leaves either nothing or at least 3 figures for the next article."""
    if rem <= hi:
        return rem
    n = rng.randint(lo, hi)
    return rem - 3 if rem - n < 3 else n


class Stream:
    def __init__(self, rng: random.Random, world: World, out: Path, figures: int, plants: list[str]) -> None:
        self.rng, self.world, self.out, self.figures = rng, world, out, figures
        self.pending = list(plants)
        self.gap = max(1, int(figures * 0.75 / 9.5) // (len(plants) + 1))
        self.counts = Counts()
        self.edition_articles = 0
        self.by_campaign: dict[str, tuple[list[dt.date], list[Edition]]] = {}
        for e in world.editions:
            dates, eds = self.by_campaign.setdefault(e.series.campaign.id, ([], []))
            dates.append(e.date)
            eds.append(e)
        self.known = [i for i in world.incidents if i.date_form != "unknown"]
        self.wanted_parts = {"shares", "revision"}  # edition parts, each written as early as it can be
        self.wanted_kinds = ["ledger", "denial", "updates"]  # kinds of incident articles, scarcest first
        self.wanted_slots = {"scores-2", "volunteer", "via", "sorties"}  # and their rarer figures
        self.paged: set[str] = set()  # incidents with a page of updates or an aggregator's page
        (out / "sources").mkdir(parents=True, exist_ok=True)
        (out / "articles").mkdir(parents=True, exist_ok=True)

    def run(self) -> Counts:
        evs = events(self.world)
        last = self.world.editions[0]
        rng = self.rng
        delay = 0
        while self.counts.figures < self.figures:
            for ev in evs:
                if ev.edition is not None:
                    last = ev.edition
                repeats = 1 + (rng.random() < 0.6) + (rng.random() < 0.25) if ev.edition else 1 + (rng.random() < 0.4)
                for _ in range(repeats):
                    rem = self.figures - self.counts.figures
                    if rem <= 0:
                        break
                    forced = bool(self.pending) and rem <= 16 * (len(self.pending) + 1)
                    if ev.edition is None and rem > 15 and not forced:
                        self._incident(ev.flashes, rem, delay)
                    else:
                        self._edition(ev.edition or last, rem, forced, delay)
            delay += rng.randint(30, 90)
        return self.counts

    def _edition(self, ed: Edition, rem: int, forced: bool, delay: int) -> None:
        rng = self.rng
        self.edition_articles += 1
        plant = None
        if self.pending and (forced or self.edition_articles % self.gap == 0):
            plant = self.pending.pop(0)
        later = None
        if plant is None and "revision" in self.wanted_parts and len(ed.series.editions) > 1 and ed.k == 0:
            ed = ed.series.editions[1]  # a later edition, so that an early article restates the first period
        if plant == "incident-after-report":
            ed = ed.series.editions[0]
            later = self._later_incident(ed)
            if later is None:
                plant = "subset-exceeds-whole"
        size = take(rem, 4, 15, rng)
        published = ed.date + dt.timedelta(days=rng.randint(0, 4) + delay)
        if plant == "report-after-article":
            published = ed.earliest - dt.timedelta(days=rng.randint(1, 5))
        fr = frame.make(rng, self.world, self.counts.articles + 1, published, ed.date,
                        dated=plant == "report-after-article")
        fr.about = f"{fr.outlet.name} relaying {ed.id}"
        c = Ctx(rng, self.world, Doc(fr.serial), fr, ed, plant, wanted=self.wanted_parts)
        edition.write(c, size, later)
        if plant is not None:
            record = fr.aid if plant == "report-after-article" else c.planted[0]
            by_report = plant in ("incident-after-report", "period-after-report")
            self.counts.planted.append(Planted.of(plant, record, ed.id if by_report else None))
        self._save(c.doc, fr)

    def _later_incident(self, ed: Edition) -> Incident | None:
        """An incident with a known date after the edition: the same campaign's if there is one."""
        after = [i for i in self.known if i.date > ed.date]
        same = [i for i in after if i.campaign is ed.series.campaign]
        pool = same or after
        return pool[0] if pool else None

    def _kind(self, flashes: list[Flash], delay: int) -> str:
        """What is written about an incident: mostly news; a monitor's updates, a denial, an aggregator's page."""
        inc = flashes[0].incident
        fresh = delay == 0 and inc.id not in self.paged
        can = {"updates": fresh, "denial": delay == 0 and self.world.ministry(inc.campaign.force) is not None,
               "ledger": inc.ledger_code is not None and inc.id not in self.paged}
        for kind in self.wanted_kinds:
            if can[kind]:
                self.wanted_kinds.remove(kind)
                return kind
        r = self.rng.random()
        for kind, p in (("updates", 0.1), ("denial", 0.32), ("ledger", 0.6)):
            if r < p:
                return kind if can[kind] else "news"
        return "news"

    def _incident(self, flashes: list[Flash], rem: int, delay: int) -> None:
        kind = self._kind(flashes, delay)
        if kind == "news":
            self._news(flashes, rem, delay)
            return
        rng, first = self.rng, flashes[0]
        inc = first.incident
        serial = self.counts.articles + 1
        doc = Doc(serial)
        if kind == "denial":
            fr = frame.make(rng, self.world, serial, denial.published(rng, inc) + dt.timedelta(days=delay), inc.date)
            fr.about = f"{fr.outlet.name} on the denial of the {inc.name}"
            denial.write(rng, doc, fr, self.world, first, take(rem, 3, denial.capacity(first), rng), self.wanted_slots)
        else:
            self.paged.add(inc.id)
            if kind == "updates":
                fr = frame.own(rng, self.world, serial, first.org.actor, inc.date)
                fr.about = f"{first.org.abbr} updates on the {inc.name}"
                updates.write(rng, doc, fr, first, take(rem, 3, updates.capacity(inc), rng), self.wanted_slots)
            else:
                assert self.world.aggregator is not None
                fr = frame.own(rng, self.world, serial, self.world.aggregator, ledger.published(rng, first, delay))
                fr.about = f"{self.world.aggregator.name} page on the {inc.name}"
                ledger.write(rng, doc, fr, self.world, first, take(rem, 3, ledger.CAPACITY, rng), self.wanted_slots)
        self._save(doc, fr)

    def _news(self, flashes: list[Flash], rem: int, delay: int) -> None:
        rng = self.rng
        day = max(f.date for f in flashes)
        published = day + dt.timedelta(days=rng.randint(0, 2) + delay)
        inc = flashes[0].incident
        dates, eds = self.by_campaign.get(inc.campaign.id, ([], []))
        i = bisect.bisect_right(dates, published)
        background = eds[i - 1] if i else None
        hi = min(8, 1 + sum(news.capacity(flashes, background).values()))
        size = take(rem, 3, hi, rng)
        fr = frame.make(rng, self.world, self.counts.articles + 1, published, day)
        fr.about = f"{fr.outlet.name} on the {inc.name}"
        doc = Doc(fr.serial)
        news.write(rng, doc, fr, flashes, background, size)
        self._save(doc, fr)

    def _save(self, doc: Doc, fr: frame.Frame) -> None:
        data, record = finish(doc, lambda sha: frame.header(fr, sha))
        body = record.encode("utf-8")
        (self.out / "sources" / f"{fr.aid}.txt").write_bytes(data)
        (self.out / "articles" / f"{fr.aid}.yaml").write_bytes(body)
        self.counts.articles += 1
        self.counts.figures += len(doc.figs)
        self.counts.quotes += len(doc.quotes)
        self.counts.bytes += len(data) + len(body)
