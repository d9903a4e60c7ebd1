"""A deterministic synthetic corpus in the layout of ``data/``, for scale benchmarks.

``synthesize(out_dir, figures, seed)`` writes ``sources/*.txt``,
``articles/*.yaml`` and ``registry/*.yaml`` with exactly ``figures`` figure
records, every one anchored in the words of its generated text, and
``planted.json`` listing the violations planted on purpose (none by default).
The same ``(figures, seed, plant_violations)`` always gives the same bytes:
one ``random.Random(seed)`` drives everything, nothing is timestamped.

The world is invented (countries, places, forces, organisations, outlets):
several monitoring organisations issue report editions whose cumulative
tolls grow, and later editions restate the toll of the first one's period
(``revises``); outlets relay them with roundings in headlines, subsets and
percentages in the body; incidents are reported early with a low toll and
later with a higher one, by monitors' updates through the night (``as_of``
with a time, a ``sequence`` and a ``marker``), by wires that carry a defence
ministry's denial (``stance: denied``) beside the monitor's hedge (``stance:
hedged``), and by an aggregator's pages ("up to", "between", ``via`` chains);
some figures name no perpetrator, some two; curators infer what texts leave
unsaid, and say why, write shared values once (``defaults``), identify
records in invented schemes (``ids``) and add concepts of their own
(``registry/vocabulary.yaml``).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from kg.synth import plant, registry, world
from kg.synth.stream import Stream

__all__ = ["SynthStats", "synthesize"]

PLANTED = "planted.json"


@dataclass(frozen=True)
class SynthStats:
    articles: int
    reports: int
    figures: int
    quotes: int
    incidents: int
    places: int
    bytes_written: int


def synthesize(out_dir: Path, figures: int, seed: int, plant_violations: int = 0) -> SynthStats:
    """Write a corpus of exactly ``figures`` figures into ``out_dir`` (emptied first if it holds a corpus).

    ``plant_violations`` records break one SHACL shape each while still
    loading; ``out_dir/planted.json`` lists their kinds and focus IRIs.
    """
    if figures < 1:
        raise ValueError("figures must be at least 1")
    if plant_violations < 0 or plant_violations > figures // 20:
        raise ValueError(f"plant_violations must be between 0 and figures // 20 ({figures // 20})")
    _prepare(out_dir)
    rng = random.Random(seed)
    w = world.build(rng, figures)
    villages = sum(len(c.villages) for c in w.countries)
    kinds = plant.plan(plant_violations, villages, sum(1 for s in w.series if len(s.editions) >= 2))
    planted = plant.break_registry(w, [k for k in kinds if k in plant.REGISTRY_KINDS])
    written = registry.write_all(w, out_dir / "registry", seed)
    counts = Stream(rng, w, out_dir, figures, [k for k in kinds if k not in plant.REGISTRY_KINDS]).run()
    planted += counts.planted
    written += counts.bytes + plant.write(out_dir / PLANTED, planted)
    if counts.figures != figures or len(planted) != plant_violations:  # pragma: no cover - a generator bug
        raise RuntimeError(f"wrote {counts.figures} figures and {len(planted)} violations, not {figures} and "
                           f"{plant_violations}")
    return SynthStats(
        articles=counts.articles,
        reports=len(w.editions) + len(w.flashes),
        figures=counts.figures,
        quotes=counts.quotes,
        incidents=len(w.incidents),
        places=len(w.places()),
        bytes_written=written,
    )


def _prepare(out_dir: Path) -> None:
    """Refuse to write into a folder that holds something other than a synthetic corpus."""
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / PLANTED).is_file():
            raise FileExistsError(f"{out_dir} is not empty and holds no {PLANTED}: not overwriting it")
        for sub in ("sources", "articles", "registry"):
            shutil.rmtree(out_dir / sub, ignore_errors=True)
        (out_dir / PLANTED).unlink()
    out_dir.mkdir(parents=True, exist_ok=True)
