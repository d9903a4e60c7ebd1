"""What every article record has around its quotes: publisher, URL, date, credited source, relays."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from kg.synth import wording as w
from kg.synth.model import Actor, Credit, World
from kg.synth.yamltext import Ann, Field, field_lines, flow, text_block


@dataclass
class Frame:
    aid: str
    serial: int
    curator: str
    outlet: Actor
    published: dt.date
    pub_form: str  # dateline | inferred | earliest | own (``published_line`` as written)
    earliest: dt.date  # the latest relayed report's date: the article cannot be earlier
    publisher_form: str  # plain | inferred | unknown | credited | quoted (``byline`` names it)
    url_form: str | None  # plain | inferred | None
    credit: Credit | None
    archived: bool
    relays: list[Field] = field(default_factory=list)
    headline: str | None = None  # quote id
    subtitle: str | None = None
    dateline: str | None = None  # quote id
    about: str = ""
    published_line: str | None = None
    byline: str | None = None  # quote id of the publisher's own name

    def relay(self, report: Field) -> None:
        """Relay a report once, however many sentences cite it."""
        value = report if isinstance(report, str) else report.value
        if all((r if isinstance(r, str) else r.value) != value for r in self.relays):
            self.relays.append(report)

    @property
    def site(self) -> Actor:
        if self.credit is not None and self.credit.publisher is not None:
            return self.credit.publisher
        return self.outlet

    @property
    def url(self) -> str:
        return f"https://{self.site.id}.example/news/{self.aid}"


def make(rng: random.Random, world: World, serial: int, published: dt.date, earliest: dt.date, *,
         dated: bool = False) -> Frame:
    """Choose how this article names (or hides) its publisher, date and source. ``dated``: it needs a latest date."""
    outlet = world.outlets[rng.randrange(len(world.outlets))]
    credit = None
    if rng.random() < 0.25:
        credit = world.credits[rng.randrange(len(world.credits))]
    r = rng.random()
    if credit is not None and credit.publisher is not None:
        pub = "credited"
    else:
        pub = "plain" if r < 0.62 else "inferred" if r < 0.94 else "unknown"
    url = None if pub == "unknown" or rng.random() < 0.15 else ("plain" if rng.random() < 0.45 else "inferred")
    r = rng.random()
    form = "dateline" if r < 0.6 else "inferred" if r < 0.85 and pub != "unknown" else "earliest"
    if dated and form == "earliest":
        form = "dateline"
    curator = world.curators[0].id if rng.random() < 0.8 else world.curators[1].id
    aid = f"{outlet.id}-{published.isoformat()}-{serial}"
    return Frame(aid, serial, curator, outlet, published, form, earliest, pub, url, credit, rng.random() < 0.5)


def own(rng: random.Random, world: World, serial: int, publisher: Actor, published: dt.date) -> Frame:
    """A page its publisher wrote about what it documents itself (a monitor's updates, an aggregator's page)."""
    url = "plain" if rng.random() < 0.7 else None
    curator = world.curators[0].id if rng.random() < 0.8 else world.curators[1].id
    aid = f"{publisher.id}-{published.isoformat()}-{serial}"
    return Frame(aid, serial, curator, publisher, published, "own", published, "quoted", url, None,
                 rng.random() < 0.5)


def header(fr: Frame, sha: str) -> list[str]:
    site = fr.site
    out = [f"# Synthetic article {fr.serial} (kg.synth): {fr.about}. Invented: not real reporting.",
           f"id: {fr.aid}", f"curator: {fr.curator}", f"text: sources/{fr.aid}.txt", f"sha256: {sha}"]
    if fr.archived:
        out.append(f"archived_as: {fr.serial:06d}_{sha[:16]}.txt")
    out.append("language: en")
    if fr.headline is not None:
        out.append(f"headline: {{quote: {fr.headline}}}")
    else:
        out.append("headline: {unknown: The archived text has no headline.}")
    if fr.subtitle is not None:
        out.append(f"alternative_headline: {{quote: {fr.subtitle}}}")
    out.append(_published(fr))
    out.append(_publisher(fr, site))
    if fr.url_form == "plain":
        out.append(f"url: {fr.url}")
    elif fr.url_form == "inferred":
        reason = "The archived text carries no URL; this is the address of the published copy of the same text."
        out.append(field_lines("url", Ann(fr.url, reason), ""))
    if fr.credit is not None:
        out.append(f"credited_source: {{value: {fr.credit.actor.id}, quote: credit}}")
    if not fr.relays:
        return out
    out.append("relays:")
    for r in fr.relays:
        if isinstance(r, str):
            out.append(f"  - {r}")
        else:
            out.append(f"  - {{value: {flow(r.value)}, quote: {flow(r.quote or '')}}}")
    return out


def _published(fr: Frame) -> str:
    if fr.published_line is not None:
        return fr.published_line
    d = fr.published.isoformat()
    if fr.pub_form == "dateline" and fr.dateline is not None:
        return f"published: {{value: {d}, quote: {fr.dateline}}}"
    if fr.pub_form in ("inferred", "dateline"):
        reason = f"The text has no date; the copy published on {fr.site.name}'s website is dated {w.day(fr.published)}."
        return field_lines("published", Ann(d, reason, fr.url), "")
    reason = (f"The text has no date. It relays a report issued on {w.day(fr.earliest)}, so it cannot predate "
              "that day.")
    return "\n".join(["published:", f"  earliest: {fr.earliest.isoformat()}", text_block("inferred", reason, "  ")])


def _publisher(fr: Frame, site: Actor) -> str:
    if fr.publisher_form == "quoted" and fr.byline is not None:
        return f"publisher: {{value: {site.id}, quote: {fr.byline}}}"
    if fr.publisher_form == "plain":
        return f"publisher: {site.id}"
    if fr.publisher_form == "unknown":
        return "publisher:\n" + text_block(
            "unknown", "The archived text names no publisher, and no published copy of it was found.", "  ")
    if fr.publisher_form == "credited" and fr.credit is not None:
        reason = (f"The text ends \"(Source: {fr.credit.actor.name})\" and names no outlet; the same text is "
                  f"published on the website of the {site.name}.")
    else:
        reason = (f"The archived text never names its publisher. The same headline and body are published on "
                  f"{site.name}'s website.")
    return field_lines("publisher", Ann(site.id, reason, fr.url), "")


def credit_line(fr: Frame) -> str | None:
    return None if fr.credit is None else f"(Source: {fr.credit.actor.name})"
