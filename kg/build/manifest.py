"""The build manifest: what was built from which inputs, without timestamps.

It records the SHA-256 of every input file, the triple count of every named
graph and the figure ids of every article, so that the next build can tell
which source documents changed, and a command can tell whether the store was
made by a compatible version of kg.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.model.errors import InputError, InputErrors, Location
from kg.model.resources import ONTOLOGY_DIR

FORMAT_VERSION = 3  # 3: the derived graph of estimates (kg.build.derive)
ARTICLES = "articles/"
SOURCES = "sources/"


@dataclass
class Manifest:
    inputs: dict[str, str]
    graphs: dict[str, int]
    figures_by_article: dict[str, list[str]]
    texts: dict[str, str] = field(default_factory=dict)  # article id -> its archived text's path under data/
    format: int = FORMAT_VERSION
    kg: str = __version__

    @classmethod
    def new(cls, inputs: dict[str, str], graphs: dict[str, int], figures: dict[str, list[str]],
            texts: dict[str, str]) -> Manifest:
        return cls(dict(sorted(inputs.items())), dict(sorted(graphs.items())), dict(sorted(figures.items())),
                   dict(sorted(texts.items())))

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    @property
    def figures(self) -> int:
        return sum(len(ids) for ids in self.figures_by_article.values())

    def write(self, path: Path) -> None:
        body = {
            "format": self.format,
            "kg": self.kg,
            "triples": self.triples,
            "figures": self.figures,
            "graphs": self.graphs,
            "inputs": self.inputs,
            "figures_by_article": self.figures_by_article,
            "texts": self.texts,
        }
        path.write_text(json.dumps(body, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Manifest | None:
        """The manifest at ``path``, or None when absent, unreadable or of another format."""
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(body, dict) or body.get("format") != FORMAT_VERSION:
            return None
        return cls(body["inputs"], body["graphs"], body["figures_by_article"], body.get("texts", {}),
                   body["format"], body["kg"])


def input_digests(data_dir: Path) -> dict[str, str]:
    """SHA-256 of every file under ``data_dir`` and of the ontology files kg builds with."""
    out = {}
    for p in sorted(data_dir.rglob("*")):
        if p.is_file():
            try:
                out[p.relative_to(data_dir).as_posix()] = _digest(p)
            except OSError as e:
                raise InputErrors([InputError(f"cannot read the file: {e.strerror or e}", Location(p))]) from None
    for p in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        out[f"ontology/{p.name}"] = _digest(p)
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
