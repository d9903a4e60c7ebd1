"""bench/draft.py end to end on the seeds: it runs, prints the table, writes docs/draft.md and the numbers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_draft_runs_on_the_seeds(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "draft.py"), "--data", str(ROOT / "data"), "--reps", "1", "--synth", "20",
         "--out", str(tmp_path), "--json", str(tmp_path / "draft.json")],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| figure recall | 27/27 = 100.0% |" in done.stdout
    results = json.loads((tmp_path / "draft.json").read_text(encoding="utf-8"))
    assert (results["curated"], results["found"]) == (27, 27)
    assert set(results["thousand_words_ms"]) == {"en"} and results["thousand_words_ms"]["en"] > 0
    doc = (tmp_path / "draft.md").read_text(encoding="utf-8")
    assert "## Misses by kind" in doc and "wrong perpetrator" in doc
    assert "held out (kg synth --figures 20" in done.stdout and results["held_out"]["curated"] >= 20


def test_the_committed_report_covers_the_corpus_and_the_seeds() -> None:
    doc = (ROOT / "docs" / "draft.md").read_text(encoding="utf-8")
    assert "`tests/corpus`, `data`" in doc and "| figure recall |" in doc
