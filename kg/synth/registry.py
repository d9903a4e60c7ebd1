"""Write the world's registries: actors, places, incidents (with campaigns), reports, measures, vocabulary."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.synth import wording as w
from kg.synth.model import Actor, Edition, Flash, Incident, Label, Place, World
from kg.synth.yamltext import Ann, dquote, field_lines, flow, scalar, text_block

CURATOR = "kg-curators"


def _labels(labels: tuple[Label, ...]) -> str:
    items = [flow(x) if isinstance(x, str) else f"{{name: {flow(x[0])}, lang: {x[1]}}}" for x in labels]
    return "[" + ", ".join(items) + "]"


def _head(what: str, seed: int, key: str) -> list[str]:
    return [f"# Synthetic {what} (kg.synth, seed {seed}). Invented: not real reporting.", f"curator: {CURATOR}",
            f"{key}:"]


def _write(path: Path, lines: Iterable[str]) -> int:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(data)
    return len(data)


def _ids(ids: tuple[tuple[str, str], ...]) -> str:
    return "    ids: {" + ", ".join(f"{scheme}: {flow(code)}" for scheme, code in ids) + "}"


def actor_lines(a: Actor) -> Iterator[str]:
    yield f"  - id: {a.id}"
    yield f"    type: {a.type}"
    yield f"    name: {scalar(a.name)}"
    if a.alt_names:
        yield f"    alt_names: {_labels(a.alt_names)}"
    if a.part_of:
        yield f"    part_of: {a.part_of}"
    if a.ids:
        yield _ids(a.ids)
    if a.positions:
        yield "    positions:"
        for org, role in a.positions:
            yield f"      - organisation: {org}"
            yield f"        role: {role}"
    yield ""


def place_lines(p: Place) -> Iterator[str]:
    yield f"  - id: {p.id}"
    yield f"    type: {p.type}"
    yield f"    name: {scalar(p.name)}"
    if p.alt_names:
        yield f"    alt_names: {_labels(p.alt_names)}"
    if p.within is not None:
        if p.within_reason is not None:
            yield field_lines("within", Ann(p.within, p.within_reason, p.evidence), "    ")
        else:
            yield f"    within: {p.within}"
    if p.point is not None:
        yield f"    point: {dquote(p.point)}"
    if p.ids:
        yield _ids(p.ids)
    yield ""


def incident_lines(i: Incident, evidence_org: str) -> Iterator[str]:
    yield f"  - id: {i.id}"
    yield f"    name: {scalar(i.name)}"
    yield f"    types: [{', '.join(i.types)}]"
    yield f"    place: {i.village.id}"
    if i.ids:
        yield _ids(i.ids)
    camp = i.campaign
    if i.campaign_inferred:
        reason = (f"The texts attribute the {i.kind.replace('-', ' ')} to {camp.force.text} in the period of "
                  f"{camp.text}; that it is part of the campaign is the curator's reading.")
        yield field_lines("campaign", Ann(camp.id, reason), "    ")
    else:
        yield f"    campaign: {camp.id}"
    if i.date_form == "plain":
        yield f"    date: {i.date.isoformat()}"
    elif i.date_form == "inferred":
        reason = (f"The relaying articles do not date the incident; the statement of {evidence_org} "
                  f"dates it to {w.weekday(i.date)} {w.day(i.date)}.")
        yield field_lines("date", Ann(i.date.isoformat(), reason, f"https://{evidence_org.lower()}.example/"
                                      f"incidents/{i.id}"), "    ")
    else:
        yield "    date:"
        yield text_block("unknown", "No text dates the incident, and no published statement dating it was found.",
                         "      ")
    yield ""


def edition_lines(e: Edition) -> Iterator[str]:
    ser = e.series
    org = ser.org
    camp = ser.campaign
    yield f"  - id: {e.id}"
    yield f"    issuer: {org.actor.id}"
    t = e.tally
    if e.titled:
        title = (f"{w.cap(camp.force.text)} Killed {t.civilians:,} Civilians, including {t.children:,} Children, "
                 f"in {camp.country.place.name} since {w.month(camp.start)}")
        reason = "The relaying articles give no title; this is the title of the published report with the same figures."
        yield field_lines("title", Ann(title, reason, f"https://{org.domain}/reports/{e.id}"), "    ")
    else:
        yield text_block("description", f"{org.abbr} report, edition of {w.month(e.date)}, on the civilian toll of "
                         f"{camp.text} since {w.month(camp.start)}.", "    ")
    if e.supersedes is not None:
        yield f"    supersedes: {e.supersedes}"
    if e.date_form == "plain":
        yield f"    date: {e.date.isoformat()}"
    elif e.date_form == "inferred":
        reason = (f"The relaying articles say the report was issued on {w.weekday(e.date)}; {org.abbr}'s published "
                  f"report with the same figures is dated {w.day(e.date)}.")
        yield field_lines("date", Ann(e.date.isoformat(), reason, f"https://{org.domain}/reports/{e.id}"), "    ")
    else:
        yield "    date:"
        yield f"      earliest: {e.earliest.isoformat()}"
        yield f"      latest: {e.date.isoformat()}"
        yield text_block("inferred", f"The relaying articles call it {org.abbr}'s latest report on "
                         f"{w.day(e.date)} and cite figures up to {w.day(e.earliest)}.", "      ")
    yield ""


def flash_lines(f: Flash) -> Iterator[str]:
    yield f"  - id: {f.id}"
    yield f"    issuer: {f.org.actor.id}"
    yield text_block("description", f"{f.org.abbr} statement on the {f.incident.name} of {w.day(f.incident.date)}.",
                     "    ")
    if f.date_inferred:
        reason = (f"The relaying article says {f.org.abbr} reported the toll on the day; the statement is dated "
                  f"{w.day(f.date)}.")
        yield field_lines("date", Ann(f.date.isoformat(), reason, f"https://{f.org.domain}/statements/{f.id}"),
                          "    ")
    else:
        yield f"    date: {f.date.isoformat()}"
    yield ""


def measure_lines(world: World) -> Iterator[str]:
    for s in world.series:
        camp = s.campaign
        scope = f"by {camp.force.text} in {camp.country.place.name} since {w.month(camp.start)}"
        for what, mid in (("Civilians", s.civilians_measure), ("Children", s.children_measure)):
            yield f"  - id: {mid}"
            yield f"    name: {scalar(f'{what} killed {scope} ({s.org.abbr})')}"
            yield text_block("definition", f"Cumulative toll of {what.lower()} killed {scope}, as documented by "
                             f"the {s.org.actor.name} in the editions of its report.", "    ")
        first = s.editions[0].date
        yield f"  - id: {s.first_measure}"
        yield f"    name: {scalar(f'Civilians killed {scope} to {w.month(first)} ({s.org.abbr})')}"
        yield text_block("definition", f"Toll of civilians killed {scope} up to the first edition of the "
                         f"{s.org.abbr} report, of {w.month(first)}; later editions restate it as incidents of "
                         "the period are verified.", "    ")
    for i in world.incidents:
        yield f"  - id: {i.measure}"
        yield f"    name: {scalar(f'People killed in the {i.name}')}"
        yield f"    definition: {scalar(f'Toll of the {i.name} of {w.day(i.date)}, by any source.')}"


#: The curators' own concepts (``registry/vocabulary.yaml``) that synthetic figures use.
VOCABULARY = """\
  - id: rescue-volunteers
    scheme: groups
    label: rescue volunteers
    labels: [{label: متطوعو الإنقاذ, lang: ar}, {label: rescue volunteer, lang: en}]
    definition: Volunteers of a civil-defence or rescue organisation, counted on their own.
    broader: medical-and-civil-defence-personnel

  - id: scores
    scheme: qualifiers
    label: scores
    labels: [{label: scores of, lang: en}]
    definition: >-
      An unstated number in the scores (multiples of twenty): conventionally at least two score and fewer
      than the two hundred at which a writer would say "hundreds".
    low: 40
    high: 199"""


def write_all(world: World, registry: Path, seed: int) -> int:
    registry.mkdir(parents=True, exist_ok=True)
    acts = [*world.curators, *(c.state for c in world.countries), *world.foreign_states,
            *(f.actor for f in world.forces)]
    for m in world.ministries.values():
        acts += [m.actor, m.spokesperson]
    for o in world.orgs:
        acts += [o.actor, o.chairman, o.director]
    if world.aggregator is not None:
        acts.append(world.aggregator)
    acts += [*world.local_sources.values(), *world.other_actors, *(c.actor for c in world.credits), *world.outlets]
    n = _write(registry / "actors.yaml", [*_head("actors", seed, "actors"), *(x for a in acts for x in actor_lines(a))])
    n += _write(registry / "places.yaml",
                [*_head("places", seed, "places"), *(x for p in world.places() for x in place_lines(p))])
    camps: list[str] = ["campaigns:"]
    for c in world.campaigns:
        camps += [f"  - id: {c.id}", f"    name: {scalar(c.name)}", f"    place: {c.country.place.id}"]
        if c.start_inferred:
            reason = (f"The relaying articles date the start to {w.month(c.start)}; the first reports of the "
                      f"campaign are of {w.day(c.start)}.")
            camps.append(field_lines("start", Ann(c.start.isoformat(), reason), "    "))
        else:
            camps.append(f"    start: {c.start.isoformat()}")
        camps.append("")
    head = _head("campaigns and incidents", seed, "incidents")
    incidents = (x for i in world.incidents for x in incident_lines(i, _org_of(world, i)))
    n += _write(registry / "incidents.yaml", [*head[:2], *camps, head[2], *incidents])
    reports = [x for e in world.editions for x in edition_lines(e)]
    reports += [x for f in world.flashes for x in flash_lines(f)]
    n += _write(registry / "reports.yaml", [*_head("reports", seed, "reports"), *reports])
    n += _write(registry / "measures.yaml", [*_head("measures", seed, "measures"), *measure_lines(world)])
    n += _write(registry / "vocabulary.yaml", [*_head("vocabulary", seed, "concepts"), VOCABULARY])
    return n


def _org_of(world: World, i: Incident) -> str:
    orgs = world.orgs
    return orgs[len(i.id) % len(orgs)].abbr
