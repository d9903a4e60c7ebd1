"""What the loader derives for each figure once every record is read: bounds, unit, origin and claims.

These are rules, written down once here and in docs/independence.md, so that every consumer (the
trace, ``kg sources``, every stored query, the web view) reads the same answer from the graph:

* **bounds** -- the numeric low and high a figure gives: the ends its words state, else what its
  qualifier's ``kg:boundRule`` says of its number, else the conventional bounds of a vague quantity;
* **unit** -- the figure's own, else the default unit of what it counts;
* **origin** -- the independent source behind the figure: the issuer of its report if it has one,
  else the actor it is stated by; a person counts as the organisation of his position, and a unit as
  the outermost organisation it is part of (a spokesperson, a director, a media department never
  corroborate their own organisation). Relays, mirrors and translations of one report therefore
  share its origin, and an aggregator citing a group is that group's figure, not a second source;
* **claims** -- what the figure claims, so that figures making the same claim can be counted: per
  measure, the measure with the figure's bounds and unit; without a measure, its incident (or, with
  no incident either, its scope: what it counts, whose, where and when) with its bounds and unit.
  "Up to 52" and "at least 52" are different claims.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from kg.loader.vocab import Vocabulary
from kg.model.records import Catalogue, Figure, Val


def resolve_figures(cat: Catalogue, vocab: Vocabulary) -> None:
    """Give each figure its bounds, unit, origin and claims (see the module's docstring)."""
    for aid, article in cat.articles.items():
        figures = []
        for fig in article.figures:
            low, high = vocab.bounds(fig.qualifier.value, _num(fig.value), _num(fig.low), _num(fig.high))
            unit = fig.unit
            if unit is None:
                unit = Val(vocab.default_units[fig.counts.value], fig.counts.loc)
            resolved = replace(fig, bounds=(low, high), unit=unit, origin=origin(cat, fig))
            figures.append(replace(resolved, claims=claims(resolved)))
        cat.articles[aid] = replace(article, figures=tuple(figures))


def origin(cat: Catalogue, fig: Figure) -> str | None:
    """The independent source behind a figure (the module's rule), or None when no agent is known."""
    agent: str | None = fig.stated_by.value
    if fig.report is not None and fig.report.value in cat.reports:
        agent = cat.reports[fig.report.value].issuer.value
    return speaks_for(cat, agent) if agent is not None else None


def speaks_for(cat: Catalogue, actor: str) -> str:
    """The organisation an actor's word counts as: a person's organisation, lifted through kg:partOfActor."""
    record = cat.actors.get(actor)
    if record is not None and record.positions:
        actor = min(p.organisation.value for p in record.positions)
    seen = {actor}
    while (record := cat.actors.get(actor)) is not None and record.part_of is not None:
        actor = record.part_of.value
        if actor in seen:  # a cycle of part_of: stop where it closes
            break
        seen.add(actor)
    return actor


def claims(fig: Figure) -> tuple[str, ...]:
    """The claims a figure makes, as keys equal for figures that make the same claim."""
    low, high = fig.bounds
    unit = fig.unit.value if fig.unit is not None else ""
    if low is None and high is None:  # an approximation ("about 60") claims its number, approximately
        value = fig.value.value if fig.value is not None else None
        tail = f"~{_text(value)}||{unit}"
    else:
        tail = f"{_text(low)}|{_text(high)}|{unit}"
    if fig.measures:
        return tuple(f"measure:{m.value}|{tail}" for m in sorted(fig.measures, key=lambda m: m.value))
    what = "|".join(v.value if v is not None else "" for v in (fig.counts, fig.group, fig.target, fig.weapon))
    if fig.incident is not None:
        return (f"incident:{fig.incident.value}|{what}|{tail}",)
    perpetrators = ",".join(sorted(p.actor.value for p in fig.perpetrators if p.stance != "denied"))
    period = fig.period.value.text if fig.period is not None else ""
    area = fig.area.value if fig.area is not None else ""
    return (f"scope:{what}|{perpetrators}|{period}|{area}|{tail}",)


def _num(v: Val[Decimal] | None) -> Decimal | None:
    return None if v is None else v.value


def _text(number: Decimal | None) -> str:
    if number is None:
        return ""
    return str(number.normalize()) if number != number.to_integral_value() else str(int(number))
