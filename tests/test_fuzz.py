"""Property: no input makes kg crash. Mutated copies of data/ load, or fail with kg's own errors naming a file.

Hypothesis draws one to three mutations of the seed records (``bench/fuzz.py``: hostile values, misspelt
keys, moved lines, flipped bytes, broken files and links, alias bombs, texts outside ``data/``); the loader
must return or raise :class:`~kg.model.errors.InputError`\\ s that each name a file of the copy, and
``kg validate`` / ``kg build --full`` (click's CliRunner) must exit 0, 1 (not conforming) or 2 with a message
naming a file, never with a traceback. Derandomized and bounded (``max_examples``) so it is deterministic
and runs in seconds; ``bench/fuzz.py --cases N`` is the longer run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz import MUTATIONS, check_cli, check_loader, mutate

DATA = Path(__file__).resolve().parent.parent / "data"

STEPS = st.lists(st.tuples(st.sampled_from(sorted(MUTATIONS)), st.integers(min_value=0, max_value=2**32 - 1)),
                 min_size=1, max_size=3)
FAST = settings(max_examples=150, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SLOW = settings(FAST, max_examples=8)
# mutations the loader accepts: they reach the converter, SHACL and the store
ACCEPTED = st.lists(st.tuples(st.just("odd-value"), st.integers(min_value=0, max_value=2**32 - 1)),
                    min_size=1, max_size=2)


def fresh_copy(tmp_path: Path) -> Path:
    case = tmp_path / "case"
    shutil.rmtree(case, ignore_errors=True)
    case.mkdir()
    shutil.copytree(DATA, case / "data", symlinks=True)
    return case / "data"


@FAST
@given(steps=STEPS)
def test_loader_gives_records_or_located_errors_for_any_mutation(tmp_path: Path, steps: list[tuple[str, int]]) -> None:
    data = fresh_copy(tmp_path)
    done = mutate(data, steps)
    outcome = check_loader(data)
    assert outcome.clean, (done, outcome.cause, outcome.detail)


@SLOW
@given(steps=STEPS, command=st.sampled_from(["validate", "build"]))
def test_cli_exits_cleanly_for_any_mutation(tmp_path: Path, steps: list[tuple[str, int]], command: str) -> None:
    data = fresh_copy(tmp_path)
    done = mutate(data, steps)
    outcome = check_cli(data, tmp_path / "case" / "build", command)
    assert outcome.clean, (done, outcome.cause, outcome.detail)


@SLOW
@given(steps=ACCEPTED, command=st.sampled_from(["validate", "build"]))
def test_cli_builds_or_reports_unusual_values_the_loader_accepts(tmp_path: Path, steps: list[tuple[str, int]],
                                                                 command: str) -> None:
    data = fresh_copy(tmp_path)
    done = mutate(data, steps)
    outcome = check_cli(data, tmp_path / "case" / "build", command)
    assert outcome.clean, (done, outcome.cause, outcome.detail)
