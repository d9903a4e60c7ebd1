"""The pages of registry records: an organisation (or person, outlet, armed force), a place, a report, a campaign.

Lists are capped so that no page grows past 200 KB on a large corpus; the cap is said on the page, with the
stored query that lists them all.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kg.model.terms import local_id
from kg.site.facts import (
    KG,
    SCHEMA,
    SEM,
    SKOS,
    alt_names,
    bounds,
    inferences,
    label,
    ref,
    refs,
)
from kg.site.figure import readings
from kg.site.render import page
from kg.site.resources import Resources, iri, iris, text
from kg.site.subjects import estimate

CAP = 200


def _capped(items: list[Any]) -> tuple[list[Any], int]:
    return items[:CAP], len(items)


def _first_readings(r: Resources, figures: list[str]) -> tuple[list[Any], int]:
    """The readings of the first :data:`CAP` figures by id, in time order, and how many there are in all
    (reading thousands of figures to show two hundred would make an incremental site slow)."""
    return readings(r, sorted(figures)[:CAP]), len(figures)


def actor_page(r: Resources, actor: str) -> str:
    props = r.props(actor)
    stated = r.referrers(KG + "statedBy", actor)
    origin = r.referrers(KG + "origin", actor)
    figures, n_figures = _first_readings(r, sorted(set(stated) | set(origin)))
    reports, n_reports = _capped([ref(r, x) for x in r.referrers(KG + "issuedBy", actor)])
    published, n_published = _capped([ref(r, x) for x in r.referrers(SCHEMA + "publisher", actor)])
    perpetrated = r.referrers(KG + "perpetrator", actor)
    view = {
        "id": local_id(actor), "label": label(r, actor), "kind": "Organisation or person",
        "types": sorted({label(r, t) for t in iris(props, KG + "actorType")}),
        "alt": alt_names(props), "description": text(props, SKOS + "definition", "en")
        or text(props, SCHEMA + "description"),
        "parent": refs(r, props, "http://www.w3.org/ns/org#memberOf") + refs(r, props, KG + "partOf"),
        "sections": [
            ("Reports it issued", "reports", reports, n_reports),
            ("Articles it published", "articles", published, n_published),
        ],
        "figures": figures, "n_figures": n_figures, "n_perpetrated": len(perpetrated),
        "inferences": inferences(r, [actor]),
    }
    return page("record.html", root="../", title=view["label"], v=view, ttl=f"{view['id']}.ttl",
                query={"name": "figures-by-organisation", "params": [("organisation", view["id"])]})


def ancestors(r: Resources, place: str) -> list[str]:
    out: list[str] = []
    node = place
    while (parent := iri(r.props(node), KG + "within")) and parent not in out and parent != place:
        out.append(parent)
        node = parent
    return out


def descendants(r: Resources, place: str) -> list[str]:
    out: list[str] = []
    todo = [place]
    while todo:
        node = todo.pop()
        for child in r.referrers(KG + "within", node):
            if child not in out and child != place:
                out.append(child)
                todo.append(child)
    return sorted(out)


def rolled_up(r: Resources, place: str) -> dict[str, Any]:
    """People killed in incidents at the place or within it, from each incident's estimate (never a sum of
    readings): what casualties-by-place gives."""
    places = [place, *descendants(r, place)]
    incidents = sorted({i for p in places for i in r.referrers(SEM + "hasPlace", p)})
    low = best = high = Decimal(0)
    counted, open_ended = 0, 0
    rows = []
    for incident in incidents:
        est = estimate(r, incident)  # the build derives one for an incident only when it has a toll
        if est is None or est.best is None:
            continue
        counted += 1
        low += est.low or 0
        best += est.best
        if est.open_ended:
            open_ended += 1
            high += est.best
        else:
            high += est.high if est.high is not None else est.best
        rows.append((ref(r, incident), est))
    return {"incidents": rows[:CAP], "n_incidents": len(rows), "low": low, "best": best, "high": high,
            "counted": counted, "open_ended": open_ended}


def place_page(r: Resources, place: str) -> str:
    props = r.props(place)
    figures, n_figures = _first_readings(r, r.referrers(KG + "area", place))
    within = [ref(r, p) for p in reversed(ancestors(r, place))]
    children, n_children = _capped([ref(r, p) for p in r.referrers(KG + "within", place)])
    view = {
        "id": local_id(place), "label": label(r, place), "kind": "Place",
        "types": [label(r, t) for t in iris(props, KG + "placeType")], "alt": alt_names(props),
        "description": None, "within": within, "children": children, "n_children": n_children,
        "rollup": rolled_up(r, place), "sections": [], "parent": [],
        "figures": figures, "n_figures": n_figures, "n_perpetrated": 0, "inferences": inferences(r, [place]),
        "same_as": iris(props, "http://www.w3.org/2002/07/owl#sameAs"),
    }
    return page("record.html", root="../", title=view["label"], v=view, ttl=f"{view['id']}.ttl",
                query={"name": "casualties-by-place", "params": [("place", view["id"])]})


def report_page(r: Resources, report: str) -> str:
    props = r.props(report)
    figures, n_figures = _first_readings(r, r.referrers(KG + "reportedIn", report))
    relayed, n_relayed = _capped([ref(r, a) for a in r.referrers(KG + "relays", report)])
    view = {
        "id": local_id(report), "label": label(r, report), "kind": "Report",
        "types": [], "alt": [], "description": text(props, SCHEMA + "description"),
        "issuer": refs(r, props, KG + "issuedBy"), "date": bounds(props),
        "supersedes": refs(r, props, KG + "supersedes"),
        "superseded_by": [ref(r, x) for x in r.referrers(KG + "supersedes", report)],
        "sections": [("Articles that relay it", "relays", relayed, n_relayed)], "parent": [],
        "figures": figures, "n_figures": n_figures, "n_perpetrated": 0,
        "inferences": inferences(r, [report], "report."),
    }
    return page("record.html", root="../", title=view["label"], v=view, ttl=f"{view['id']}.ttl",
                query={"name": "report-relays", "params": [("report", view["id"])]})


def campaign_page(r: Resources, campaign: str) -> str:
    props = r.props(campaign)
    incidents, n_incidents = _capped([ref(r, i) for i in r.referrers(SEM + "subEventOf", campaign)])
    view = {
        "id": local_id(campaign), "label": label(r, campaign), "kind": "Campaign",
        "types": [label(r, t) for t in iris(props, SEM + "eventType")], "alt": alt_names(props),
        "description": text(props, SKOS + "definition", "en"), "date": bounds(props),
        "sections": [("Incidents", "incidents", incidents, n_incidents)], "parent": [],
        "figures": [], "n_figures": 0, "n_perpetrated": 0, "inferences": inferences(r, [campaign]),
    }
    return page("record.html", root="../", title=view["label"], v=view, ttl=f"{view['id']}.ttl", query=None)
