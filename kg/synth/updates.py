"""A monitoring organisation's own page of running updates on an incident: the toll rising through a night.

Each update opens with a stamp ("7 June 2018, 21:30 GMT+3, preliminary"); the
figures of its sentences take their ``as_of`` -- the time of day, the update's
``sequence`` and the organisation's own ``marker`` -- from their quotes'
``defaults``, written once and repeated by YAML alias. The first update hedges
the perpetrator ("warplanes believed to be Varosian aircraft"); the last is
the next morning's, and the sequence runs on through it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from kg.synth import wording as w
from kg.synth.doc import Doc, Fig, Sent, pick
from kg.synth.frame import Frame
from kg.synth.model import Flash, Incident
from kg.synth.yamltext import Ann, Stance

#: Optional figures beyond each update's toll; the last digit is the update's number.
SLOTS = ("children-1", "injured-1", "dozens-2", "scores-2", "women-3", "children-3", "injured-3", "director-3")


@dataclass(frozen=True, slots=True)
class Update:
    n: int
    day: dt.date
    time: str  # HH:MM
    marker: str
    toll: int

    @property
    def stamp(self) -> str:
        return f"{w.day(self.day)}, {self.time} GMT+3, {self.marker}"

    def as_of(self, stamp_qid: str) -> str:
        return (f"{{value: {self.day.isoformat()}T{self.time}+03:00, sequence: {self.n}, marker: {self.marker}, "
                f"quote: {stamp_qid}}}")


def slots(inc: Incident) -> list[str]:
    """The optional figures this incident allows ("dozens of wounded" needs dozens of them)."""
    return [s for s in SLOTS if s != "dozens-2" or inc.injured >= 24]


def capacity(inc: Incident) -> int:
    return 3 + len(slots(inc))


def _updates(rng: random.Random, flash: Flash, n: int) -> list[Update]:
    inc = flash.incident
    first = flash.toll
    final = max(first + 2, inc.toll_by(flash.org_no))
    hour = rng.randint(18, 21)
    times = (f"{hour}:{rng.randrange(60):02d}", f"{hour + rng.randint(1, 2)}:{rng.randrange(60):02d}",
             f"{rng.randint(7, 9):02d}:{rng.randrange(60):02d}")
    tolls = (first, first + (final - first) // 2, final) if n == 3 else (first, final)
    days = (inc.date, inc.date, inc.date + dt.timedelta(days=1))
    markers = ("preliminary", "updated", "updated")
    return [Update(k + 1, days[k], times[k], markers[k], tolls[k]) for k in range(n)]


def write(rng: random.Random, doc: Doc, fr: Frame, flash: Flash, size: int, wanted: set[str]) -> None:
    inc, org = flash.incident, flash.org
    n = 3 if size >= 5 else 2
    page = _Page(rng, doc, flash, pick(rng, [s for s in slots(inc) if int(s[-1]) <= n], size - n, wanted),
                 inc.village.spellings[rng.randrange(len(inc.village.spellings))])
    fr.headline, fr.byline = doc.qid("headline"), doc.qid("byline")
    doc.para(Sent(f"{page.spelled}: death toll rises as rescuers search the rubble", qid=fr.headline))
    doc.para(Sent(org.actor.name, qid=fr.byline))
    for up in _updates(rng, flash, n):
        stamp = doc.qid(f"stamp-{up.n}")
        if up.n == 1:
            fr.published_line = f"published: {up.as_of(stamp)}"
        doc.para(Sent(up.stamp, qid=stamp))
        sents = (page.first, page.second, page.last)[up.n - 1](up, doc.qid(f"update-{up.n}"))
        for i, s in enumerate(sents):  # the update's as_of, once, then by alias
            s.defaults = f"&update-{up.n} {{as_of: {up.as_of(stamp)}}}" if i == 0 else f"*update-{up.n}"
        doc.para(*sents)


class _Page:
    """The sentences of each update; ``chosen``: the optional figures written."""

    def __init__(self, rng: random.Random, doc: Doc, flash: Flash, chosen: set[str], spelled: str) -> None:
        self.rng, self.doc, self.chosen, self.spelled = rng, doc, chosen, spelled
        self.inc, self.org = flash.incident, flash.org
        self.how, self.hedge = _hedge(self.inc)
        self.perp = Stance(self.inc.campaign.force.actor.id, "hedged", hedge=self.hedge)
        self.injured = max(2, self.inc.injured // 2), max(3, self.inc.injured)

    def fig(self, slug: str, words: str, value: int | None, qualifier: str, counts: str, *, by: str | None = None,
            group: str | None = None, unit: str | None = None, perps: tuple[Stance, ...] = (),
            subset_of: Ann | None = None, measure: str | None = None) -> Fig:
        inc = self.inc
        return Fig(self.doc.fid(f"{inc.id}-{slug}"), words, value, qualifier, counts, by or self.org.actor.id,
                   group=group, unit=unit, perps=perps, subset_of=subset_of, measure=measure, incident=inc.id,
                   area=inc.village.id)

    def first(self, up: Update, q: str) -> list[Sent]:
        """The evening's first toll, the attacker only "believed to be" named, its children, the wounded."""
        inc, org = self.inc, self.org
        killed = self.fig(f"killed-{up.toll}-update-1", f"At least {up.toll} civilians", up.toll, "at-least",
                          "killed", group="civilians", perps=(self.perp,), measure=inc.measure)
        parts: list[str | Fig] = [killed]
        if "children-1" in self.chosen:
            k = max(1, int(up.toll * inc.child_frac))
            words = f"{w.small(k, self.rng)} {'child' if k == 1 else 'children'}"
            parts += [", among them ", self.fig(f"children-{k}-update-1", words, k, "exact", "killed",
                                                group="children", perps=(self.perp,),
                                                subset_of=Ann(killed.id, quote=q)), ","]
        out = [Sent(*parts, f" were killed this evening when {self.how} {self.spelled} in the {inc.village.city} "
                    "countryside.", qid=q)]
        self.doc.attribute(f"{inc.id}-by-{self.perp.value}-hedged-according-to-{org.actor.id}", inc.id,
                           self.perp.value, org.actor.id, q, "hedged", self.hedge)
        if "injured-1" in self.chosen:
            hurt = self.injured[0]
            fig = self.fig(f"injured-{hurt}-update-1", f"About {hurt} other people", hurt, "approximately", "injured",
                           group="people")
            out.append(Sent(fig, " were wounded.", qid=self.doc.qid("update-1-wounded")))
        return out

    def second(self, up: Update, q: str) -> list[Sent]:
        """The toll risen the same evening; dozens wounded, scores of families fleeing."""
        out = [Sent(f"The toll in {self.spelled} has risen to ", self.fig(
            f"killed-{up.toll}-update-2", f"at least {up.toll} civilians", up.toll, "at-least", "killed",
            group="civilians", measure=self.inc.measure), ".", qid=q)]
        if "dozens-2" in self.chosen:
            out.append(Sent("Rescue teams are still pulling victims from the rubble, and ", self.fig(
                "injured-dozens-update-2", "dozens of wounded people", None, "dozens", "injured", group="people"),
                " have been taken to hospitals in the area.", qid=self.doc.qid("update-2-wounded")))
        if "scores-2" in self.chosen:
            what = "shelling" if self.inc.kind == "shelling" else "strikes"
            out.append(Sent(self.fig("displaced-families-scores-update-2", "Scores of families", None, "scores",
                                     "displaced", unit="families"),
                            f" have fled {self.spelled} since the {what}.", qid=self.doc.qid("update-2-displaced")))
        return out

    def last(self, up: Update, q: str) -> list[Sent]:
        """The next morning's toll, with women and children among it; the wounded; the director's word."""
        inc, org = self.inc, self.org
        killed = self.fig(f"killed-{up.toll}-update-3", f"{up.toll} civilians", up.toll, "exact", "killed",
                          group="civilians", measure=inc.measure)
        parts: list[str | Fig] = [killed]
        for group, frac, one in (("women", inc.women_frac, "woman"), ("children", inc.child_frac, "child")):
            if f"{group}-3" in self.chosen:
                k = max(1, int(up.toll * frac))
                parts += [" and " if len(parts) > 1 else ", including ",
                          self.fig(f"{group}-{k}-update-3", w.count(k, one, group), k, "exact", "killed",
                                   group=group, subset_of=Ann(killed.id, quote=q))]
        out = [Sent(f"By the morning, the toll in {self.spelled} had reached ", *parts, ".", qid=q)]
        hurt = self.injured[1]
        if "injured-3" in self.chosen:
            out.append(Sent(self.fig(f"injured-{hurt}-update-3", f"Around {hurt} people", hurt, "around", "injured",
                                     group="people"), " were wounded, several of them critically.",
                            qid=self.doc.qid("update-3-wounded")))
        if "director-3" in self.chosen:
            rough = hurt // 10 * 10 if hurt >= 20 else hurt
            fig = self.fig(f"injured-{rough}-director", f"roughly {rough} wounded", rough, "around", "injured",
                           by=org.director.id, group="people")
            out.append(Sent(f"{org.director.name}, the director of the {org.abbr}, said the toll was expected to rise "
                            "because several of the ", fig, " were in a critical condition.",
                            qid=self.doc.qid("director"), spoken_by=org.director.id))
        return out


def _hedge(inc: Incident) -> tuple[str, str]:
    """How the first update names the attacker without asserting it, and its hedging words."""
    force = inc.campaign.force
    if inc.kind == "shelling":
        return f"shells believed to have been fired by {force.text} hit", "believed to have been fired by"
    return f"warplanes believed to be {force.adj} aircraft struck", "believed to be"
