"""Fuzz kg's loader and CLI: ``python bench/fuzz.py --cases N --seed S [--data DIR] [--cli-every K]``.

Each case copies the seed records (``data/``) to a temporary folder and applies one to three random
mutations to the copy: a value replaced by a hostile one (huge integers, invalid language tags,
non-URLs, ids with a newline, Arabic-Indic dates, lists where text is expected, paths leading outside
``data/``, alias bombs, deep nesting, YAML tags), a key misspelt, a line dropped, doubled or
re-indented, bytes flipped, cut or made invalid UTF-8, a file removed or made a folder, an unreadable
file, a symbolic link that loops; or an unusual value the loader accepts. It then loads the copy with
:func:`kg.loader.load_catalogue` (converting what loads and parsing the N-Quads of every graph) and, on
every case that loads and every K-th case, runs ``kg validate`` or ``kg build --full`` on it through
click's CliRunner.

A case is **clean** when the loader returns or raises kg's own input errors, each naming a file of the
copy, and the CLI exits 0, 1 (the data do not conform: the SHACL results are printed) or 2 with a
message naming a file of the copy, never with a traceback. Anything else is a **crash**, grouped by
root cause: the exception's type and the deepest frame of kg it went through (or "hang" past the
time limit of a case). The run prints a table of cases and crashes by cause and, with ``--out``,
writes it as JSON. The same mutations drive ``tests/test_fuzz.py`` (bounded, deterministic).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType

if __package__ in (None, ""):  # run as a script: make kg and bench importable from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox
from click.testing import CliRunner

from kg.cli import main as kg_main
from kg.loader import load_catalogue
from kg.model.errors import InputError, InputErrors, KgError
from kg.rdf.dataset import units
from kg.rdf.serialize import nquads

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "data"
KG_DIR = REPO / "kg"

_BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x]"]
                  + [f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)])
#: Hostile values, as YAML text written after ``key: `` (so some are also syntax errors, on purpose).
HOSTILE: tuple[str, ...] = (
    "", "~", "''", '" "', "[]", "{}", "[1, 2]", "{a: 1}", "0", "-1", "1" * 5000, "9" * 20, "1e999999",
    "1.0e+999", ".nan", ".inf", "-.inf", "true", "0x1F", "1_000", "190:20:30", '"x\\n"', '"russian-forces\\n"',
    "Russian Forces", "a.b", "snhr.", '"\\0"', '"\\x85"', '"\\u2028"', "٢٠١٩-٠٩-٣٠", "٥٢", "2019-02-30",
    "2019-09-30T25:00", "2019-09-30T21:30+15:00", "0000-01-01", "9999-12-31", "2019/..", "../..",
    "english", "xx", "en_US", "e n", '"en\\n"', "not a url", "https://", "ftp://example.org/x",
    "http://exa mple.org", "https://example.org/<x>", "javascript:alert(1)", "https://example.org:99999/",
    "http://[::1", "/etc/passwd", "../../../../etc/passwd", "../registry/actors.yaml", "sources", "'..'",
    "*undefined", "&a [*a]", "!!python/object:os.system x", "!!binary aGVsbG8=", "!!int 'abc'", "!!float x",
    "!!timestamp 2019", "!!set {a, b}", "x" * 100_000, "[" * 300 + "]" * 300, "{quote: nope}",
    "{value: 1, inferred: why, evidence: 5}", "{value: 1, inferred: why, evidence: [5, {a: 1}]}",
    "{value: x, inferred: why, evidence: not-a-url}", "{unknown: why}", "{unknown: ''}",
    "{earliest: 2019, latest: 2018, inferred: x}", "{value: russian-forces, stance: hedged}",
    "{value: russian-forces, stance: denied}", "{value: 2019-09-30, sequence: 0}", "{value: 1, quote: [a]}",
    "[{name: x, lang: english}]", "[{label: x, lang: 'e n'}]", "[{name: '', lang: ar}]", "{wikidata: Q0}",
    "{'x y': 1}", "{geonames: '١٢٣'}", "'1, 2, 3'", "[91, 181]", "'40.1, 36.2, 1'",
)
KEYS = ("id", "text", "value", "language", "lang", "url", "evidence", "title", "quote", "words", "published",
        "date", "as_of", "period", "occurrence", "sequence", "perpetrator", "qualifier", "sha256", "curator")
KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):(?P<rest>.*)$")
CASE_SECONDS = 60


# -- mutations ---------------------------------------------------------------------------------------------

def _files(data: Path, suffix: str = "") -> list[Path]:
    return sorted(p for p in data.rglob(f"*{suffix}") if p.is_file() and not p.is_symlink())


def _pick_line(rng: random.Random, path: Path) -> tuple[list[str], int, re.Match[str] | None]:
    lines = path.read_text(encoding="utf-8", errors="surrogateescape").split("\n")
    keyed = [i for i, line in enumerate(lines) if KEY_LINE.match(line)]
    i = rng.choice(keyed) if keyed else rng.randrange(len(lines))
    return lines, i, KEY_LINE.match(lines[i])


def _write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogateescape")


def replace_value(rng: random.Random, data: Path) -> str:
    """A value replaced by a hostile one (sometimes on a key a curator often gets wrong)."""
    path = rng.choice(_files(data, ".yaml"))
    lines, i, match = _pick_line(rng, path)
    if rng.random() < 0.5:
        wanted = rng.choice(KEYS)
        hits = [j for j, line in enumerate(lines) if (m := KEY_LINE.match(line)) and m["key"] == wanted]
        if hits:
            i = rng.choice(hits)
            match = KEY_LINE.match(lines[i])
    value = rng.choice(HOSTILE)
    lead, key = (match["lead"], match["key"]) if match else ("", "x")
    lines[i] = f"{lead}{key}: {value}"
    _write_lines(path, lines)
    return f"{path.relative_to(data)}:{i + 1}: {key}: {value[:40]!r}"


#: Values the loader accepts, but unusual: they reach the converter, SHACL and the store.
ODD: tuple[str, ...] = (
    '"\\0"', '"a\\x85b"', '"a\\u2028b"', '"\\t tab"', '"\\\\ backslash"', "'<b>&amp;</b>'", '"quote \\" in"',
    "emoji 🙂 ok", "‮RTL override", "سوريا", "٥٢ قتيلاً", "z" * 20_000, "'#not a comment'", "'@prefix x: <y> .'",
    '"""triple"""', "'^^xsd:int'", "'_:blank'", "'?x'", "'}'", "'.'", "'%00'",
)
ODD_KEYS = ("name", "description", "definition", "inferred", "archived_as", "marker", "translation", "unknown")
ODD_TAGS = ("und", "x-private", "i-klingon", "zh-Hant-TW", "EN", "ar-Latn-SY", "de-CH-1996", "sgn-BE-FR")
ODD_URLS = ("https://example.org/ü?x=1&y=%20#f", "http://127.0.0.1:8080/", "https://xn--mgbh0fb.example/",
            "https://example.org/" + "a" * 1900, "https://user@example.org/", "http://[::1]/x", "https://مثال.example/")


def odd_value(rng: random.Random, data: Path) -> str:
    """A free text, language tag or URL replaced by an unusual value the loader accepts."""
    keys = {"lang": ODD_TAGS, "language": ODD_TAGS, "url": ODD_URLS, "evidence": ODD_URLS}
    keys |= dict.fromkeys(ODD_KEYS, ODD)
    hits = [(path, i, m) for path in _files(data, ".yaml")
            for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"))
            if (m := KEY_LINE.match(line)) and m["key"] in keys and m["rest"].strip() not in ("", ">-", "|")]
    path, i, match = rng.choice(hits)
    lines = path.read_text(encoding="utf-8").split("\n")
    value = rng.choice(keys[match["key"]])
    lines[i] = f"{match['lead']}{match['key']}: {value}"
    _write_lines(path, lines)
    return f"{path.relative_to(data)}:{i + 1}: {match['key']}: {value[:40]!r}"


def rename_key(rng: random.Random, data: Path) -> str:
    """A key misspelt, or renamed to another key of the format."""
    path = rng.choice(_files(data, ".yaml"))
    lines, i, match = _pick_line(rng, path)
    if match is None:
        return "rename-key: no key"
    key = rng.choice([match["key"] + "s", match["key"][:-1], rng.choice(KEYS), match["key"].upper()])
    lines[i] = f"{match['lead']}{key}:{match['rest']}"
    _write_lines(path, lines)
    return f"{path.relative_to(data)}:{i + 1}: key {match['key']} -> {key}"


def edit_lines(rng: random.Random, data: Path) -> str:
    """A line dropped, doubled, moved or re-indented."""
    path = rng.choice(_files(data, ".yaml"))
    lines, i, _ = _pick_line(rng, path)
    how = rng.choice(["drop", "double", "swap", "indent", "dedent"])
    if how == "drop":
        del lines[i]
    elif how == "double":
        lines.insert(i, lines[i])
    elif how == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif how == "indent":
        lines[i] = "  " + lines[i]
    else:
        lines[i] = lines[i][2:]
    _write_lines(path, lines)
    return f"{path.relative_to(data)}:{i + 1}: {how}"


def edit_bytes(rng: random.Random, data: Path) -> str:
    """Bytes flipped, a file cut short, invalid UTF-8 or a control character inserted (records or texts)."""
    path = rng.choice(_files(data))
    raw = bytearray(path.read_bytes())
    at = rng.randrange(len(raw) + 1)
    how = rng.choice(["flip", "cut", "utf8", "control", "bom"])
    if how == "flip" and raw:
        raw[min(at, len(raw) - 1)] = rng.randrange(256)
    elif how == "cut":
        del raw[at:]
    elif how == "utf8":
        raw[at:at] = rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe2\x80"])
    elif how == "control":
        raw[at:at] = rng.choice([b"\x00", b"\x07", b"\x1b", b"\x7f", b"\r", b"\t"])
    else:
        raw[0:0] = b"\xef\xbb\xbf"
    path.write_bytes(bytes(raw))
    return f"{path.relative_to(data)}: bytes {how} at {at}"


def break_file(rng: random.Random, data: Path) -> str:
    """A file removed, made a folder, unreadable, or a symbolic link that loops or leads nowhere."""
    path = rng.choice(_files(data))
    how = rng.choice(["remove", "folder", "unreadable", "loop", "dangling", "new-loop", "empty"])
    if how == "new-loop":
        loop = data / "articles" / "loop.yaml"
        loop.symlink_to(loop.name)
        return "articles/loop.yaml: a symbolic link to itself"
    path.unlink()
    if how == "folder":
        path.mkdir()
    elif how == "unreadable":
        path.write_bytes(b"x: 1\n")
        path.chmod(0)
    elif how == "loop":
        path.symlink_to(path.name)
    elif how == "dangling":
        path.symlink_to(path.name + ".missing")
    elif how == "empty":
        path.write_bytes(b"")
    return f"{path.relative_to(data)}: {how}"


def hostile_file(rng: random.Random, data: Path) -> str:
    """A record replaced by an alias bomb, deep nesting, several documents, or a text outside ``data/``."""
    path = rng.choice(_files(data, ".yaml"))
    how = rng.choice(["bomb", "nesting", "documents", "outside", "recursive"])
    if how == "bomb":
        path.write_text(_BOMB + "\n", encoding="utf-8")
    elif how == "nesting":
        depth = rng.choice([100, 5_000, 50_000])
        path.write_text("x: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    elif how == "documents":
        path.write_text(path.read_text(encoding="utf-8") + "\n---\nid: again\n", encoding="utf-8")
    elif how == "recursive":
        path.write_text("a: &a {b: *a}\n", encoding="utf-8")
    else:
        articles = _files(data / "articles", ".yaml") or [path]
        path = rng.choice(articles)
        target = rng.choice(["/etc/hostname", "/etc/passwd", "../../../../../etc/passwd", "../registry/actors.yaml",
                             "sources/../../outside.txt", "/dev/zero", "sources"])
        if target == "sources/../../outside.txt":
            (data.parent / "outside.txt").write_text("SECRET outside content\n", encoding="utf-8")
        lines = path.read_text(encoding="utf-8").split("\n")
        lines = [f"text: {target}" if line.startswith("text:") else line for line in lines]
        _write_lines(path, lines)
    return f"{path.relative_to(data)}: {how}"


Mutation = Callable[[random.Random, Path], str]
MUTATIONS: dict[str, Mutation] = {
    "replace-value": replace_value, "rename-key": rename_key, "edit-lines": edit_lines, "edit-bytes": edit_bytes,
    "break-file": break_file, "hostile-file": hostile_file, "odd-value": odd_value,
}
WEIGHTS = {"replace-value": 8, "rename-key": 2, "edit-lines": 3, "edit-bytes": 3, "break-file": 1, "hostile-file": 1,
           "odd-value": 4}


def mutate(data: Path, steps: list[tuple[str, int]]) -> list[str]:
    """Apply mutations ``(name, seed)`` to the copy ``data``; what each did, for the report."""
    done = []
    for name, seed in steps:
        try:
            done.append(f"{name}: {MUTATIONS[name](random.Random(seed), data)}")
        except (OSError, IndexError, ValueError) as exc:  # the file it picked was broken by a step before
            done.append(f"{name}: skipped ({exc})")
    return done


def random_steps(rng: random.Random) -> list[tuple[str, int]]:
    names = list(WEIGHTS)
    picked = rng.choices(names, weights=[WEIGHTS[n] for n in names], k=rng.choice([1, 1, 1, 2, 3]))
    return [(name, rng.randrange(2**32)) for name in picked]


# -- outcomes ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """What one run on a mutated copy gave: ``clean`` or not, and for a crash its root cause."""

    clean: bool
    kind: str  # ok, error, not-conforming, crash, unclean, hang
    cause: str = ""
    detail: str = ""


class Hang(Exception):
    """A case ran past its time limit."""


def _names_a_file(error: KgError, data: Path) -> bool:
    loc = error.location
    return loc is not None and (loc.path == data or data in loc.path.parents)


#: Words of the files that the "outside" mutation points ``text:`` at: no message may show them.
OUTSIDE_WORDS = ("SECRET outside content", "root:x:0:0")


def check_loader(data: Path) -> Outcome:
    """Load the copy: clean when it loads, or every error is kg's own and names a file of the copy."""
    try:
        cat = load_catalogue(data)
    except (InputErrors, InputError) as exc:
        errors = exc.errors if isinstance(exc, InputErrors) else [exc]
        unnamed = [str(e) for e in errors if not _names_a_file(e, data)]
        if unnamed:
            return Outcome(False, "unclean", "error naming no file of data/", "\n".join(unnamed[:3]))
        if any(word in str(e) for e in errors for word in OUTSIDE_WORDS):
            return Outcome(False, "unclean", "error showing a file outside data/", str(exc)[:2000])
        return Outcome(True, "error")
    except Hang:
        return Outcome(False, "hang", "hang: load_catalogue", "")
    except Exception as exc:  # the point of a fuzzer: anything else is a crash
        return Outcome(False, "crash", root_cause(exc), _short_traceback(exc))
    if any(word in a.text for a in cat.articles.values() for word in OUTSIDE_WORDS):
        return Outcome(False, "unclean", "a file outside data/ embedded as an archived text")
    try:  # what the loader accepts converts, and its N-Quads parse (as the build writes and validates them)
        for unit in units(cat):
            for _ in ox.parse(nquads(unit.name, unit.triples).encode("utf-8"), format=ox.RdfFormat.N_QUADS):
                pass
    except Hang:
        return Outcome(False, "hang", "hang: converting", "")
    except Exception as exc:  # a record the loader accepted and the converter cannot write
        return Outcome(False, "crash", root_cause(exc), _short_traceback(exc))
    return Outcome(True, "ok")


def check_cli(data: Path, build: Path, command: str) -> Outcome:
    """``kg validate`` or ``kg build --full`` on the copy, in-process (click's CliRunner)."""
    args = ["validate", "--data", str(data)] if command == "validate" else [
        "build", "--full", "--data", str(data), "--build", str(build)]
    result = CliRunner().invoke(kg_main, args, catch_exceptions=True)
    output = result.output
    if isinstance(result.exception, Hang):
        return Outcome(False, "hang", f"hang: kg {command}", "")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return Outcome(False, "crash", root_cause(result.exception), _short_traceback(result.exception))
    if "Traceback (most recent call last)" in output:
        return Outcome(False, "unclean", f"kg {command} printed a traceback", output[-2000:])
    if result.exit_code == 0:
        return Outcome(True, "ok")
    if result.exit_code == 1 and ("Violation" in output or "does not conform" in output):
        return Outcome(True, "not-conforming")
    if result.exit_code == 2 and str(data) in output:
        return Outcome(True, "error")
    return Outcome(False, "unclean", f"kg {command}: exit {result.exit_code} without a file named", output[-2000:])


def root_cause(exc: BaseException) -> str:
    """The exception's type and the deepest frame of kg it went through (else its deepest frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if Path(f.filename).resolve().is_relative_to(KG_DIR)]
    chain = ours or frames
    where = f"{_rel(chain[-1].filename)}:{chain[-1].lineno} ({chain[-1].name})" if chain else "?"
    return f"{type(exc).__name__} at {where}"


def _rel(filename: str) -> str:
    path = Path(filename).resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else path.name


def _short_traceback(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)[-6:])[-3000:]


# -- a run -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Example:
    """The first case that showed a root cause."""

    case: int
    stage: str
    mutations: list[str]
    detail: str


@dataclass
class Run:
    cases: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    causes: Counter[str] = field(default_factory=Counter)
    examples: dict[str, Example] = field(default_factory=dict)
    seconds: float = 0.0

    def record(self, case: int, stage: str, steps: list[str], outcome: Outcome) -> None:
        self.kinds[f"{stage}: {outcome.kind}"] += 1
        if not outcome.clean:
            self.causes[outcome.cause] += 1
            self.examples.setdefault(outcome.cause, Example(case, stage, steps, outcome.detail))

    def crashes(self) -> int:
        return sum(self.causes.values())

    def as_json(self) -> dict[str, object]:
        return {"cases": self.cases, "seconds": round(self.seconds, 1), "crashes": self.crashes(),
                "outcomes": dict(sorted(self.kinds.items())), "causes": dict(self.causes.most_common()),
                "examples": {cause: asdict(ex) for cause, ex in self.examples.items()}}


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise :class:`Hang` in this (main) thread after ``seconds``."""
    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous or signal.SIG_DFL)


def copy_seeds(source: Path, target: Path) -> Path:
    """A fresh copy of ``source`` at ``target`` (whatever the last case left there is removed)."""
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir(parents=True)
    shutil.copytree(source, target, symlinks=True)
    return target


def fuzz(cases: int, seed: int, source: Path, cli_every: int, progress: bool = True,
         case_seconds: int = CASE_SECONDS) -> Run:
    rng = random.Random(seed)
    run = Run()
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kg-fuzz-") as tmp:
        for case in range(cases):
            data = copy_seeds(source, Path(tmp) / "case" / "data")
            steps = mutate(data, random_steps(rng))
            with time_limit(case_seconds):
                outcome = check_loader(data)
            run.record(case, "loader", steps, outcome)
            # the CLI on every case the loader accepts (they reach the converter, SHACL and the store), and on
            # every K-th case (the CLI must report the loader's errors cleanly too)
            if outcome.kind == "ok" or (cli_every and case % cli_every == 0):
                cli_runs = sum(n for k, n in run.kinds.items() if k.startswith("kg "))
                command = "validate" if cli_runs % 2 == 0 else "build"
                try:
                    with time_limit(case_seconds * 3):
                        outcome = check_cli(data, Path(tmp) / "case" / "build", command)
                except Hang:
                    outcome = Outcome(False, "hang", f"hang: kg {command}")
                run.record(case, f"kg {command}", steps, outcome)
            run.cases += 1
            if progress and (case + 1) % 100 == 0:
                print(f"{case + 1}/{cases} cases, {run.crashes()} crashes, {time.monotonic() - start:.0f} s",
                      file=sys.stderr)
        shutil.rmtree(Path(tmp) / "case", ignore_errors=True)
    run.seconds = time.monotonic() - start
    return run


def table(run: Run) -> str:
    lines = [f"{run.cases} cases in {run.seconds:.0f} s; {run.crashes()} crashes, "
             f"{len(run.causes)} root causes", "", "| outcome | runs |", "|---|---|"]
    lines += [f"| {kind} | {n} |" for kind, n in sorted(run.kinds.items())]
    if run.causes:
        lines += ["", "| root cause | crashes | first case | mutations |", "|---|---|---|---|"]
        for cause, n in run.causes.most_common():
            ex = run.examples[cause]
            lines.append(f"| {cause} | {n} | {ex.case} | {'; '.join(ex.mutations)[:160]} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=1000, help="How many mutated copies to try.")
    parser.add_argument("--seed", type=int, default=1, help="Random seed: same seed, same cases.")
    parser.add_argument("--data", type=Path, default=SEEDS, help="The records to mutate (default: data/).")
    parser.add_argument("--cli-every", type=int, default=20,
                        help="Also run kg validate / kg build --full on every K-th case (0: never).")
    parser.add_argument("--case-seconds", type=int, default=CASE_SECONDS,
                        help="A load taking longer is a hang (a CLI run: three times as long).")
    parser.add_argument("--max-memory-mb", type=int,
                        help="Cap this process's address space (RLIMIT_AS), so that a runaway case fails "
                             "with MemoryError instead of exhausting the machine.")
    parser.add_argument("--out", type=Path, help="Write the results as JSON here.")
    args = parser.parse_args(argv)
    if args.max_memory_mb:
        limit = args.max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    run = fuzz(args.cases, args.seed, args.data.resolve(), args.cli_every, case_seconds=args.case_seconds)
    print(table(run))
    if args.out:
        args.out.write_text(json.dumps(run.as_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if run.crashes() else 0


if __name__ == "__main__":
    sys.exit(main())
