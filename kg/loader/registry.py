"""Registries: actors, places, campaigns and incidents, reports, measures."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.loader import fields as f
from kg.loader.yamlio import Mapping, Problems, YMap, YSeq, read_yaml
from kg.model import validate
from kg.model.errors import InputError, Location
from kg.model.records import (
    Actor,
    Campaign,
    Catalogue,
    Concept,
    Identifier,
    Incident,
    Label,
    Measure,
    Place,
    Position,
    Report,
    Val,
)

WIKIDATA = re.compile(r"Q[1-9][0-9]{0,11}")
SCHEME = re.compile(r"[a-z][a-z0-9-]{0,63}")
CONCEPT_SCHEMES = ("qualifiers", "counted", "units", "groups", "targets", "weapons", "incident-types",
                   "place-types", "actor-types", "roles")


def record_id(m: Mapping) -> str:
    rid = m.req_str("id")
    try:
        return validate.record_id(rid)
    except ValueError as exc:
        raise m.error(f"{m.what}: {exc}", "id") from None


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
        if isinstance(item, str) and item.strip():
            out.append(Label(item, "en"))
        elif isinstance(item, YMap) and set(item) <= {"name", "lang"} and "name" in item:
            out.append(label(item["name"], item.get("lang", "en"), loc, f"{m.what}: field '{key}'"))
        else:
            raise InputError(f"{m.what}: each of '{key}' is a name or {{name: ..., lang: ...}}", loc)
    return tuple(out)


def label(name: Any, lang: Any, loc: Location, what: str) -> Label:
    """A label with its BCP 47 language tag."""
    try:
        return Label(f.text(name), f.language(lang))
    except ValueError as exc:
        raise InputError(f"{what}: label {exc}", loc) from None


def wikidata(raw: Any) -> str:
    value = f.text(raw)
    if not WIKIDATA.fullmatch(value):
        raise ValueError(f"'{value}' is not a Wikidata item id (Q123)")
    return value


def geonames(raw: Any) -> str:
    value = f.text(raw)
    if not (value.isascii() and value.isdigit() and len(value) <= 12):
        raise ValueError(f"'{value}' is not a GeoNames id (digits)")
    return value


def identifiers(m: Mapping, ctx: f.Context) -> tuple[Identifier, ...]:
    """External identifiers: ``ids: {wikidata: Q858, geonames: "163843", acled: SYR1234}``, plus the
    older ``wikidata:`` and ``geonames:`` keys. Wikidata and GeoNames ids are checked for their form."""
    found: list[Identifier] = []
    for legacy in ("wikidata", "geonames"):
        if m.has(legacy):
            v = f.known(m, legacy, wikidata if legacy == "wikidata" else geonames, ctx)
            assert v is not None
            found.append(Identifier(legacy, v))
    if m.has("ids"):
        raw = m.raw("ids")
        if not isinstance(raw, YMap):
            raise m.error(f"{m.what}: 'ids' must be a mapping of dataset to identifier (wikidata: Q858)", "ids")
        ids = Mapping(raw, m.path, m.loc("ids").line or 0, m.what + " ids")
        for scheme in sorted(raw, key=str):
            if not SCHEME.fullmatch(str(scheme)):
                raise ids.error(f"{m.what}: dataset name '{scheme}' must be lower-case letters, digits, hyphens",
                                str(scheme))
            parse = {"wikidata": wikidata, "geonames": geonames}.get(str(scheme), f.text)
            v = f.known(ids, str(scheme), parse, ctx)
            assert v is not None
            if any(i.scheme == scheme for i in found):
                raise ids.error(f"{m.what}: '{scheme}' is given twice", str(scheme))
            found.append(Identifier(str(scheme), v))
    return tuple(sorted(found, key=lambda i: i.scheme))


def point(raw: Any) -> tuple[Decimal, Decimal]:
    """A point as ``"lat, lon"`` or ``[lat, lon]``."""
    if isinstance(raw, list):
        if len(raw) != 2:
            raise ValueError("must be [latitude, longitude]")
        raw = f"{raw[0]}, {raw[1]}"
    parts = [p.strip() for p in f.text(raw).split(",")]
    if len(parts) != 2:
        raise ValueError("must be 'latitude, longitude'")
    lat, lon = f.number(parts[0]), f.number(parts[1])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"'{raw}' is outside the range of latitude, longitude")
    return lat, lon


def load_actors(path: Path, cat: Catalogue) -> None:
    root, ctx = open_registry(path, "actors")
    problems = Problems()
    with problems.catch():
        for m in root.items("actors", "actor"):
            with problems.catch():
                m.check_keys({"id", "type", "name", "alt_names", "part_of", "wikidata", "positions", "ids"})
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
                    ids=identifiers(m, ctx),
                    positions=tuple(positions),
                    loc=m.loc(),
                )
                _put(cat.actors, actor.id, actor, m)
    problems.check()


def load_places(path: Path, cat: Catalogue) -> None:
    root, ctx = open_registry(path, "places")
    problems = Problems()
    with problems.catch():
        for m in root.items("places", "place"):
            with problems.catch():
                m.check_keys({"id", "type", "name", "alt_names", "within", "wikidata", "geonames", "point", "ids"})
                place = Place(
                    id=record_id(m),
                    type=m.req_str("type"),
                    name=m.req_str("name"),
                    alt_names=labels(m, "alt_names"),
                    within=f.known(m, "within", f.text, ctx),
                    ids=identifiers(m, ctx),
                    point=f.known(m, "point", point, ctx),
                    loc=m.loc(),
                )
                _put(cat.places, place.id, place, m)
    problems.check()


def load_incidents(path: Path, cat: Catalogue) -> None:
    root, ctx = open_registry(path, ("campaigns", "incidents"))
    problems = Problems()
    with problems.catch():
        for m in root.items("campaigns", "campaign"):
            with problems.catch():
                m.check_keys({"id", "name", "start", "place"})
                campaign = Campaign(
                    id=record_id(m),
                    name=m.req_str("name"),
                    start=f.known(m, "start", f.day, ctx),
                    place=f.known(m, "place", f.text, ctx),
                    loc=m.loc(),
                )
                _put(cat.campaigns, campaign.id, campaign, m)
    with problems.catch():
        for m in root.items("incidents", "incident"):
            with problems.catch():
                m.check_keys({"id", "name", "types", "place", "date", "campaign", "ids"})
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
                    ids=identifiers(m, ctx),
                    loc=m.loc(),
                )
                _put(cat.incidents, incident.id, incident, m)
    problems.check()


def load_reports(path: Path, cat: Catalogue) -> None:
    root, ctx = open_registry(path, "reports")
    problems = Problems()
    with problems.catch():
        for m in root.items("reports", "report"):
            with problems.catch():
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
    problems.check()


def load_measures(path: Path, cat: Catalogue) -> None:
    root, _ = open_registry(path, "measures")
    problems = Problems()
    with problems.catch():
        for m in root.items("measures", "measure"):
            with problems.catch():
                m.check_keys({"id", "name", "definition"})
                measure = Measure(record_id(m), m.req_str("name"), " ".join(m.req_str("definition").split()), m.loc())
                _put(cat.measures, measure.id, measure, m)
    problems.check()


def load_vocabulary(path: Path, cat: Catalogue) -> None:
    """The curators' own SKOS concepts (``registry/vocabulary.yaml``), added to kg's vocabulary."""
    root, ctx = open_registry(path, "concepts")
    problems = Problems()
    with problems.catch():
        for m in root.items("concepts", "concept"):
            with problems.catch():
                m.check_keys({"id", "scheme", "label", "labels", "definition", "broader", "bound", "low", "high",
                              "unit"})
                scheme = m.req_str("scheme")
                if scheme not in CONCEPT_SCHEMES:
                    raise m.error(f"concept: scheme '{scheme}' (use {', '.join(CONCEPT_SCHEMES)})", "scheme")
                bound = m.opt_str("bound")
                if bound is not None and bound not in ("lower", "upper", "both", "none", "words"):
                    raise m.error("concept: 'bound' is lower, upper, both, none or words", "bound")
                for key in ("bound", "low", "high"):
                    if m.has(key) and scheme != "qualifiers":
                        raise m.error(f"concept: '{key}' is only for qualifiers", key)
                if m.has("unit") and scheme != "counted":
                    raise m.error("concept: 'unit' is only for counted things", "unit")
                low, high = f.known(m, "low", f.number, ctx), f.known(m, "high", f.number, ctx)
                if low is not None and high is not None and low.value > high.value:
                    raise m.error(f"concept: low {low.value} is greater than high {high.value}", "low")
                definition = m.opt_str("definition")
                concept = Concept(
                    id=record_id(m),
                    scheme=scheme,
                    label=m.req_str("label"),
                    labels=_concept_labels(m),
                    definition=" ".join(definition.split()) if definition else None,
                    broader=f.known(m, "broader", f.text, ctx),
                    bound=bound,
                    low=low,
                    high=high,
                    unit=f.known(m, "unit", f.text, ctx),
                    curator=ctx.curator,
                    loc=m.loc(),
                )
                _put(cat.concepts, concept.id, concept, m)
    problems.check()


def _concept_labels(m: Mapping) -> tuple[Label, ...]:
    if not m.has("labels"):
        return ()
    raw = m.raw("labels")
    if not isinstance(raw, YSeq):
        raise m.error("concept: 'labels' must be a list", "labels")
    out: list[Label] = []
    for item, line in zip(raw, raw.lines, strict=True):
        if isinstance(item, str) and item.strip():
            out.append(Label(item.strip(), "en"))
        elif isinstance(item, YMap) and set(item) <= {"label", "lang"} and "label" in item:
            out.append(label(item["label"], item.get("lang", "en"), Location(m.path, line), "concept: 'labels'"))
        else:
            raise InputError("concept: each of 'labels' is a label or {label: ..., lang: ...}", Location(m.path, line))
    return tuple(out)


def _put(table: dict[str, Any], rid: str, record: Any, m: Mapping) -> None:
    if rid in table:
        raise m.error(f"{m.what}: duplicate id '{rid}' (first defined at {table[rid].loc})", "id")
    table[rid] = record
