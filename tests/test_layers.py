"""The packages of kg are layers: a module imports only from its own layer or those below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / "kg"

# Lowest first. synth generates data/ files and needs only the model; draft proposes article records from a
# text with the loader's registries and vocabularies; site writes the web view from the store.
LAYERS: dict[str, int] = {
    "model": 0, "loader": 1, "synth": 1, "rdf": 2, "build": 3, "ask": 4, "draft": 4, "show": 5, "site": 6,
    "cli": 7, "clidoc": 7, "__main__": 8, "__version__": 0,
}


def layer_of(module: str) -> str:
    """``kg.ask.trace`` -> ``ask``; ``kg.cli`` -> ``cli``; ``kg`` -> ``""`` (the package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "kg":
                found += [(node.lineno, f"kg.{alias.name}") for alias in node.names]
            elif node.module.startswith("kg."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("kg.")]
    return found


MODULES = sorted(p for p in KG.rglob("*.py") if "resources" not in p.parts)


def test_every_module_is_in_a_layer() -> None:
    top = {layer_of(module_name(p)) for p in MODULES} - {""}
    assert top <= set(LAYERS), f"modules outside any layer: {sorted(top - set(LAYERS))}"
    assert not [p for p in KG.glob("*.py") if p.stem not in LAYERS and p.stem != "__init__"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_down_the_layers(path: Path) -> None:
    own = layer_of(module_name(path))
    if not own:
        return
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {own} imports {target} ({layer_of(target)})"
        for line, target in imported(path)
        if LAYERS[layer_of(target)] > LAYERS[own]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_layer_check_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from kg.ask.trace import trace\nfrom kg import cli\n")
    assert [t for _, t in imported(bad)] == ["kg.ask.trace", "kg.cli"]
    assert LAYERS[layer_of("kg.ask.trace")] > LAYERS["model"]


def test_every_package_says_its_job() -> None:
    for pkg in [p for p in KG.iterdir() if (p / "__init__.py").is_file() and p.name != "resources"]:
        doc = ast.get_docstring(ast.parse((pkg / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, f"{pkg.name}/__init__.py needs a docstring saying the package's job"
