"""What the writer of one article relaying one report edition knows while writing."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from kg.synth import wording as w
from kg.synth.doc import Doc, Fig
from kg.synth.frame import Frame
from kg.synth.model import Campaign, Country, Edition, Force, Org, Series, World
from kg.synth.yamltext import Ann, Field


@dataclass
class Ctx:
    rng: random.Random
    world: World
    doc: Doc
    frame: Frame
    ed: Edition
    plant: str | None = None
    whole: Fig | None = None
    children: Fig | None = None
    planted: list[str] = field(default_factory=list)  # ids of the records a plant broke
    wanted: set[str] = field(default_factory=set)  # parts no article has written yet (shared by the stream)
    lead_spec: tuple[str, int, str, bool] = ("", 0, "", False)  # qualifier, rounded value, words, names the org
    lead_tail: str = ""
    _anchors: int = 0

    @property
    def ser(self) -> Series:
        return self.ed.series

    @property
    def org(self) -> Org:
        return self.ed.series.org

    @property
    def camp(self) -> Campaign:
        return self.ed.series.campaign

    @property
    def force(self) -> Force:
        return self.ed.series.campaign.force

    @property
    def country(self) -> Country:
        return self.ed.series.campaign.country

    @property
    def since(self) -> str:
        """The period of the cumulative tolls: since the month the campaign started."""
        return f"{self.camp.start.isoformat()[:7]}/.."

    def num(self, n: int) -> str:
        return w.num(n, self.rng)

    def anchor(self, base: str) -> str:
        self._anchors += 1
        return f"{base}-{self._anchors}"

    def shared(self, value: str, reason: str, base: str) -> tuple[Ann, Ann]:
        """An inferred value written once with a YAML anchor, then by alias."""
        name = self.anchor(base)
        return Ann(value, reason, anchor=name), Ann(value, alias=name)

    def area(self, sentence_names_country: bool) -> Field:
        if sentence_names_country:
            return self.country.place.id
        return Ann(self.country.place.id, f"The sentence gives no area; the report it relays covers {self.camp.text}, "
                   f"which is in {self.country.place.name}.")

    def other_force(self) -> Force:
        """Another force active in the same country, for tolls that name two."""
        if self.force is not self.country.regime:
            return self.country.regime
        for c in self.world.campaigns:
            if c.country is self.country and c.force is not self.force:
                return c.force
        return self.world.forces[-1]  # pragma: no cover
