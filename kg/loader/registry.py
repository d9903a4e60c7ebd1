"""Registries: actors, places, campaigns and incidents, reports, measures."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.loader import fields as f
from kg.loader.yamlio import Mapping, YMap, YSeq, read_yaml
from kg.model.errors import InputError, Location
from kg.model.records import Actor, Campaign, Catalogue, Incident, Label, Measure, Place, Position, Report, Val

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")


def record_id(m: Mapping) -> str:
    rid = m.req_str("id")
    if not ID.match(rid):
        raise m.error(f"{m.what}: id '{rid}' must be lower-case letters, digits and hyphens", "id")
    return rid


def open_registry(path: Path, list_key: str | tuple[str, ...]) -> tuple[Mapping, f.Context]:
    root = Mapping.root(read_yaml(path), path, f"{path.stem} registry")
    keys = (list_key,) if isinstance(list_key, str) else list_key
    root.check_keys({"curator", *keys})
    return root, f.Context(curator=root.req_str("curator"))


def labels(m: Mapping, key: str) -> tuple[Label, ...]:
    out: list[Label] = []
    if not m.has(key):
        return ()
    raw = m.raw(key)
    if not isinstance(raw, YSeq):
        raise m.error(f"{m.what}: field '{key}' must be a list", key)
    for i, item in enumerate(raw):
        loc = Location(m.path, raw.lines[i])
        if isinstance(item, str):
            out.append(Label(item, "en"))
        elif isinstance(item, YMap) and set(item) <= {"name", "lang"} and "name" in item:
            out.append(Label(str(item["name"]), str(item.get("lang", "en"))))
        else:
            raise InputError(f"{m.what}: each of '{key}' is a name or {{name: ..., lang: ...}}", loc)
    return tuple(out)


def wikidata(raw: Any) -> str:
    value = f.text(raw)
    if not WIKIDATA.match(value):
        raise ValueError(f"'{value}' is not a Wikidata item id (Q123)")
    return value


def geonames(raw: Any) -> str:
    value = f.text(raw)
    if not value.isdigit():
        raise ValueError(f"'{value}' is not a GeoNames id (digits)")
    return value


def point(raw: Any) -> tuple[Decimal, Decimal]:
    parts = [p.strip() for p in f.text(raw).split(",")]
    if len(parts) != 2:
        raise ValueError("must be 'latitude, longitude'")
    lat, lon = f.number(parts[0]), f.number(parts[1])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"'{raw}' is outside the range of latitude, longitude")
    return lat, lon


def load_actors(path: Path, cat: Catalogue) -> None:
    root, ctx = open_registry(path, "actors")
    for m in root.items("actors", "actor"):
        m.check_keys({"id", "type", "name", "alt_names", "part_of", "wikidata", "positions"})
        positions = []
        for p in m.items("positions", "position"):
            p.check_keys({"organisation", "role"})
            org = f.known(p, "organisation", f.text, ctx, required=True)
            role = f.known(p, "role", f.text, ctx, required=True)
            assert org is not None and role is not None
            positions.append(Position(org, role))
        actor = Actor(
            id=record_id(m),
            type=m.req_str("type"),
            name=m.req_str("name"),
            alt_names=labels(m, "alt_names"),
            part_of=f.known(m, "part_of", f.text, ctx),
            wikidata=f.known(m, "wikidata", wikidata, ctx),
            positions=tuple(positions),
            loc=m.loc(),
        )
        _put(cat.actors, actor.id, actor, m)


def load_places(path: Path, cat: Catalogue) -> None:
    root, ctx = open_registry(path, "places")
    for m in root.items("places", "place"):
        m.check_keys({"id", "type", "name", "alt_names", "within", "wikidata", "geonames", "point"})
        place = Place(
            id=record_id(m),
            type=m.req_str("type"),
            name=m.req_str("name"),
            alt_names=labels(m, "alt_names"),
            within=f.known(m, "within", f.text, ctx),
            wikidata=f.known(m, "wikidata", wikidata, ctx),
            geonames=f.known(m, "geonames", geonames, ctx),
            point=f.known(m, "point", point, ctx),
            loc=m.loc(),
        )
        _put(cat.places, place.id, place, m)


def load_incidents(path: Path, cat: Catalogue) -> None:
    root, ctx = open_registry(path, ("campaigns", "incidents"))
    for m in root.items("campaigns", "campaign"):
        m.check_keys({"id", "name", "start", "place"})
        campaign = Campaign(
            id=record_id(m),
            name=m.req_str("name"),
            start=f.known(m, "start", f.day, ctx),
            place=f.known(m, "place", f.text, ctx),
            loc=m.loc(),
        )
        _put(cat.campaigns, campaign.id, campaign, m)
    for m in root.items("incidents", "incident"):
        m.check_keys({"id", "name", "types", "place", "date", "campaign"})
        types = f.values(m, "types", f.text, ctx)
        if not types:
            raise m.error("incident: missing required field 'types'")
        incident = Incident(
            id=record_id(m),
            name=m.req_str("name"),
            types=types,
            place=f.known(m, "place", f.text, ctx),
            date=f.value(m, "date", f.day, ctx, allow_unknown=True),
            campaign=f.known(m, "campaign", f.text, ctx),
            loc=m.loc(),
        )
        _put(cat.incidents, incident.id, incident, m)


def load_reports(path: Path, cat: Catalogue) -> None:
    root, ctx = open_registry(path, "reports")
    for m in root.items("reports", "report"):
        m.check_keys({"id", "issuer", "date", "title", "description", "supersedes"})
        issuer = f.known(m, "issuer", f.text, ctx, required=True)
        assert issuer is not None
        title = f.known(m, "title", f.text, ctx)
        if title is not None:
            title = Val(" ".join(title.value.split()), title.loc, title.inference, title.quote)
        description = m.opt_str("description")
        report = Report(
            id=record_id(m),
            issuer=issuer,
            date=f.value(m, "date", f.day, ctx, allow_unknown=True),
            title=title,
            description=" ".join(description.split()) if description else None,
            supersedes=f.known(m, "supersedes", f.text, ctx),
            loc=m.loc(),
        )
        _put(cat.reports, report.id, report, m)


def load_measures(path: Path, cat: Catalogue) -> None:
    root, _ = open_registry(path, "measures")
    for m in root.items("measures", "measure"):
        m.check_keys({"id", "name", "definition"})
        measure = Measure(record_id(m), m.req_str("name"), " ".join(m.req_str("definition").split()), m.loc())
        _put(cat.measures, measure.id, measure, m)


def _put(table: dict[str, Any], rid: str, record: Any, m: Mapping) -> None:
    if rid in table:
        raise m.error(f"{m.what}: duplicate id '{rid}' (first defined at {table[rid].loc})", "id")
    table[rid] = record
