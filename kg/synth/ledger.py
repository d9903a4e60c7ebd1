"""An aggregator's incident page: its own ranges and "up to" tolls, and the tolls of others it relays.

The page has a summary ("Civilians reported killed: 44 – 52": qualifier
``between``, with ``low`` and ``high``), an assessment in "up to" / "as many
as" tolls (``up-to``) whose perpetrator is only "alleged" (hedged), and
figures it took from others: a monitoring group's toll as an outlet reported
it (``via: [outlet]``, the chain from the page back to the group), and local
sources' count of families. The incident carries the aggregator's code as an
external identifier.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from kg.synth import wording as w
from kg.synth.doc import Doc, Fig, Sent, pick
from kg.synth.frame import Frame
from kg.synth.model import Actor, Flash, World
from kg.synth.yamltext import Ann, Stance

#: Makes a figure of the page: its slug, words, value, qualifier, what it counts; the rest by keyword.
Maker = Callable[..., Fig]
#: Optional figures beyond the summary's killed range and the assessment's "up to" toll.
SLOTS = ("injured-range", "women", "children", "volunteer", "injured-up-to", "families", "via")
CAPACITY = 2 + len(SLOTS)


def published(rng: random.Random, flash: Flash, delay: int) -> dt.date:
    """Aggregators publish days after the strike, once the first reports are in."""
    return flash.incident.date + dt.timedelta(days=rng.randint(1, 6) + delay)


def write(rng: random.Random, doc: Doc, fr: Frame, world: World, flash: Flash, size: int, wanted: set[str]) -> None:
    inc, org, agg = flash.incident, flash.org, fr.outlet
    force = inc.campaign.force
    code = inc.ledger_code
    assert code is not None, "the aggregator has a page only for the incidents it coded"
    chosen = pick(rng, list(SLOTS), size - 2, wanted)
    hi = inc.killed + 1 + len(inc.id) % 3
    lo = max(1, min(inc.early, hi - 1))
    hurt_hi = inc.injured + 1 + len(inc.id) % 5
    hurt_lo = max(1, hurt_hi * 6 // 10)
    air = inc.kind != "shelling"
    spelled = inc.village.spellings[rng.randrange(len(inc.village.spellings))]
    country = inc.campaign.country.place.name

    def fig(slug: str, words: str, value: int | None, qualifier: str, counts: str, *, by: str = agg.id,
            group: str | None = "civilians", low: int | None = None, high: int | None = None,
            perps: tuple[Stance, ...] = (), subset_of: Ann | None = None, measure: str | None = None,
            unit: str | None = None, via: tuple[str, ...] = ()) -> Fig:
        return Fig(doc.fid(f"{inc.id}-{slug}"), words, value, qualifier, counts, by, group=group, low=low, high=high,
                   perps=perps, subset_of=subset_of, measure=measure, unit=unit, via=via, incident=inc.id,
                   area=inc.village.id)

    fr.headline, fr.byline, fr.dateline = doc.qid("title"), doc.qid("site"), doc.qid("first-published")
    fr.published_line = f"published: {{value: {fr.published.isoformat()}, quote: {fr.dateline}}}"
    doc.para(Sent(f"{code} – {w.day(inc.date)} – {spelled}, {inc.village.city}, {country}", qid=fr.headline))
    doc.para(Sent(f"{agg.name} civilian casualty incident", qid=fr.byline))
    doc.para(Sent(f"First published: {w.day(fr.published)}", qid=fr.dateline))
    doc.para(Sent("Civilians reported killed: ", fig(f"killed-{lo}-{hi}", f"{lo} – {hi}", None, "between", "killed",
                                                     low=lo, high=hi, measure=inc.measure), qid=doc.qid("killed")))
    if "injured-range" in chosen:
        doc.para(Sent("Civilians reported injured: ", fig(f"injured-{hurt_lo}-{hurt_hi}", f"{hurt_lo} – {hurt_hi}",
                                                          None, "between", "injured", low=hurt_lo, high=hurt_hi),
                      qid=doc.qid("injured")))
    q = doc.qid("belligerent")
    doc.para(Sent(f"Suspected belligerent: {force.actor.name}", qid=q))
    doc.attribute(f"{inc.id}-by-{force.actor.id}-hedged-according-to-{agg.id}", inc.id, force.actor.id, agg.id, q,
                  "hedged", "Suspected")
    doc.para(_assessment(doc, fig, flash, chosen, hi, hurt_hi, spelled))
    more: list[Sent] = []
    if "families" in chosen:
        n = max(2, hi // 6)
        sources = world.local_sources[inc.campaign.country.place.id].id
        more.append(Sent("According to local sources, most of the victims belonged to ", fig(
            f"families-{n}", f"{w.small(n, rng)} families", n, "exact", "killed", by=sources, group=None,
            unit="families"), ".", qid=doc.qid("families")))
    if "via" in chosen:
        outlet = world.outlets[rng.randrange(len(world.outlets))]
        k = max(1, lo * 2 // 3)
        more.append(_via(doc, fig, outlet, org.actor, k, air))
    ministry = world.ministry(force)
    if ministry is not None:
        q = doc.qid("denial")
        doc.attribute(f"{inc.id}-denied-by-{ministry.actor.id}", inc.id, force.actor.id, ministry.actor.id, q,
                      "denied")
        more.append(Sent(f"The {ministry.actor.name} denied that its {'aircraft' if air else 'forces'} had struck "
                         f"{spelled}.", qid=q))
    if more:
        doc.para(*more)


def _assessment(doc: Doc, fig: Maker, flash: Flash, chosen: set[str], hi: int, hurt_hi: int, spelled: str) -> Sent:
    """"Up to 52 civilians, among them up to 11 women ..., were reported killed ... when alleged ... airstrikes hit"""
    inc = flash.incident
    force = inc.campaign.force
    alleged = (Stance(force.actor.id, "hedged", hedge="alleged"),)
    q = doc.qid("assessment")
    killed = fig(f"killed-up-to-{hi}", f"Up to {hi} civilians", hi, "up-to", "killed", perps=alleged,
                      measure=inc.measure)
    among: list[Fig] = []
    for group, frac in (("women", inc.women_frac), ("children", inc.child_frac)):
        if group in chosen:
            k = max(1, int(hi * frac))
            among.append(fig(f"{group}-up-to-{k}", f"up to {k} {group}", k, "up-to", "killed", group=group,
                             perps=alleged, subset_of=Ann(killed.id, quote=q)))
    if "volunteer" in chosen:
        among.append(fig("rescue-volunteer-1", "one rescue volunteer", 1, "exact", "killed", group="rescue-volunteers",
                         perps=alleged, subset_of=Ann(killed.id, quote=q)))
    parts: list[str | Fig] = [killed]
    for i, f in enumerate(among):
        parts += [", among them " if i == 0 else (" and " if i == len(among) - 1 else ", "), f]
    if among:
        parts.append(",")
    parts.append(" were reported killed")
    if "injured-up-to" in chosen:
        parts += [" and ", fig(f"injured-up-to-{hurt_hi}", f"as many as {hurt_hi}", hurt_hi, "up-to", "injured",
                               perps=alleged), " injured"]
    what = f"{force.adj} airstrikes" if inc.kind != "shelling" else f"shelling by {force.text}"
    return Sent(*parts, f" when alleged {what} hit {spelled} in the {inc.village.city} countryside on "
                f"{w.day(inc.date)}.", qid=q)


def _via(doc: Doc, fig: Maker, outlet: Actor, org: Actor, k: int, air: bool) -> Sent:
    """A monitoring group's toll as an outlet reported it: the page got it via the outlet."""
    raid = "raid" if air else "shelling"
    return Sent(f"{outlet.name} reported, citing the {org.name}, that the first {raid} killed ", fig(
        f"first-{raid}-killed-{k}", f"about {k} civilians", k, "approximately", "killed", by=org.id,
        via=(outlet.id,)), ".", qid=doc.qid("relayed"))
