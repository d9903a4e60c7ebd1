"""The public Python API (``from kg import build_graph, query, trace, explain, ...``) and the README's examples of it.

Every ``python`` block of the README's *Python API* section runs here, in order, in one namespace, in a
folder holding a copy of ``data/``: an example that no longer works fails the suite.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import kg
from kg.build.pipeline import BuildResult
from kg.model.errors import StoreMissing, UsageError

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def python_blocks() -> list[str]:
    section = README.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)\n```", section, flags=re.S)


def test_the_readme_has_python_api_examples() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 3
    used = " ".join(blocks)
    for name in ("build_graph", "query", "trace", "explain", "sparql"):
        assert f"kg.{name}(" in used, name


def test_the_readmes_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme"}
    for number, block in enumerate(python_blocks(), start=1):
        try:
            exec(compile(block, f"README.md python block {number}", "exec"), namespace)
        except Exception as exc:  # pragma: no cover - the failure is the message
            raise AssertionError(f"README python block {number} failed: {exc!r}\n{block}") from exc


def test_the_api_is_the_packages_own_functions() -> None:
    assert set(kg.__all__) == {"__version__", "build_graph", "explain", "query", "sparql", "trace", "validate"}
    for name in kg.__all__[1:]:
        assert callable(getattr(kg, name)) and getattr(kg, name).__doc__


def test_api_query_and_trace_agree_with_the_library(built: BuildResult) -> None:
    rows = kg.query("trace-figure", {"value": "1,928"}, build=built.out_dir)
    assert {str(r["figure"]).rsplit("/", 1)[1] for r in rows} == {"children-1928"}
    (record,) = kg.trace(value=1928, build=built.out_dir)
    assert record["id"] == "children-1928"
    assert kg.trace("figure:children-1928", build=built.out_dir) == [record]
    counted = kg.sparql("SELECT (COUNT(?f) AS ?n) WHERE { ?f a kg:Figure }", build=built.out_dir)
    assert counted == [{"n": 27}]


def test_api_errors_are_kg_errors_not_prints(built: BuildResult, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match="did you mean snhr"):
        kg.query("figures-by-organisation", {"organisation": "snhrr"}, build=built.out_dir)
    with pytest.raises(UsageError, match="did you mean"):
        kg.query("figures-by-organisatoin", {"organisation": "snhr"}, build=built.out_dir)
    with pytest.raises(StoreMissing):
        kg.trace("children-1928", build=tmp_path / "nothing")
    assert capsys.readouterr() == ("", "")
