"""Benchmark stages that run inside a subprocess: ``python bench/stages.py STAGE ARGS...``.

Each stage prints JSON objects, one a line, flushed as soon as it has them, so
that a stage killed by a timeout still leaves what it measured. The file
imports only the standard library at the top; kg, rdflib and pySHACL are
imported by the stage that needs them (the orchestrator never imports kg).

Stages:

``synth DATA FIGURES SEED``
    write a synthetic corpus with :func:`kg.synth.synthesize`.
``sample BUILD``
    pick realistic parameter values from the built store and list the query
    cases (each stored query with its parameters bound; with none bound as
    well when all of them are optional) and the figures to trace.
``queries BUILD SPEC``
    open the store once; run each case of SPEC (JSON) once cold, then up to
    ``reps`` times while its time budget lasts; one line per case.
``trace BUILD SPEC``
    open the store once; :func:`kg.ask.trace.trace` each figure of SPEC,
    ``rounds`` times while the time budget lasts; one line per call.
``naive TURTLE MEMORY_LIMIT``
    the naive path: rdflib's Memory store parses TURTLE (plus the ontology
    and vocabulary files, as kg validates them), then pySHACL validates it
    with the shapes, ``inference="none"``, ``advanced=True``; with its address
    space limited to MEMORY_LIMIT bytes (0: no limit), so that running out
    of memory is a ``MemoryError`` here rather than the machine's OOM killer.
``contains BUILD TEXT``
    whether some literal of the store contains TEXT.
``digest BUILD``
    the number of quads in the store and a digest of them, to compare stores.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Json = dict[str, Any]
REPO = Path(__file__).resolve().parent.parent

PREFIXES = """
PREFIX kg:   <https://w3id.org/kg/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX sem:  <http://semanticweb.cs.vu.nl/2009/11/sem/>
"""

#: For a parameter, the resources that could realistically fill it, with how often each is used.
#: Keyed by "query.param", then by "param"; the value picked is the median by use (ties by IRI).
SAMPLERS = {
    "quotes-spoken-by.actor": "?quote kg:spokenBy ?x .",
    "discrepancies.measure": "?figure a kg:Figure ; kg:measure ?x ; kg:value ?value .",
    "discrepancies.incident": "?figure a kg:Figure ; kg:incident ?x ; kg:value ?value .",
    "actor": "?attribution a kg:PerpetratorAttribution ; rdf:value ?x .",
    "article": "?figure a kg:Figure ; kg:quote / dct:isPartOf ?x .",
    "organisation": "?report a kg:Report ; kg:issuedBy ?x .",
    "origin": "?figure a kg:Figure ; kg:origin ?x .",
    "issuer": "?figure a kg:Figure ; kg:origin ?x .",
    "incident": "?figure a kg:Figure ; kg:incident ?x .",
    "measure": "?figure a kg:Figure ; kg:measure ?x .",
    "place": "?incident a kg:Incident ; sem:hasPlace ?x .",
    "report": "?figure a kg:Figure ; kg:reportedIn ?x .",
    "subject": "?inference a kg:CuratorInference ; rdf:subject ?x .",
}


def emit(obj: Json) -> None:
    sys.stdout.write(json.dumps(obj, sort_keys=True) + "\n")
    sys.stdout.flush()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


# --------------------------------------------------------------------------


def synth(data: str, figures: str, seed: str) -> None:
    from kg.synth import synthesize

    elapsed, stats = timed(lambda: synthesize(Path(data), int(figures), int(seed)))
    emit({"event": "synth", "s": elapsed, "stats": dict(stats.__dict__)})


def _open(build: str) -> Any:
    from kg.build.store import open_store

    elapsed, store = timed(lambda: open_store(Path(build)))
    emit({"event": "open", "s": elapsed})
    return store


#: The parameters a realistic bound run of a query gives, where binding every optional one would ask a
#: question nobody asks (current-figures of a measure and an incident at once has no row).
BOUND_PARAMS = {
    "current-figures": ("measure",),
}


def sample(build: str, trace_figures: str = "7") -> None:
    from kg.ask import queries

    store = _open(build)

    def column(sparql: str) -> list[str]:
        return [str(row[0]) for row in queries.run(store, PREFIXES + sparql).rows]

    def median_by_use(pattern: str) -> str | None:
        rows = queries.run(store, PREFIXES + f"SELECT ?x (COUNT(*) AS ?n) WHERE {{ {pattern} }} GROUP BY ?x").rows
        ranked = sorted((int(n or 0), str(x)) for x, n in rows if isinstance(x, str))
        return ranked[len(ranked) // 2][1] if ranked else None

    figures = column("SELECT DISTINCT ?x WHERE { ?x a kg:Figure ; kg:quote ?q } ORDER BY ?x")
    figure = figures[len(figures) // 2] if figures else None
    value = None
    if figure is not None:
        values = column(f"SELECT ?v WHERE {{ <{figure}> kg:value ?v }} ORDER BY ?v")
        value = values[0] if values else None
    n = max(1, int(trace_figures))
    step = len(figures) / n
    chosen = sorted({figures[int(i * step + step / 2)] for i in range(n)}) if figures else []

    cases: list[Json] = []
    missing: list[str] = []
    picked: dict[str, str | None] = {}
    for q in queries.catalogue().values():
        bound: dict[str, str] = {}
        for p in q.params:
            key = f"{q.name}.{p.name}"
            if q.name in BOUND_PARAMS and p.name not in BOUND_PARAMS[q.name]:
                continue
            if p.name == "figure":
                v = figure
            elif p.name == "value":
                if any(x.name == "figure" for x in q.params):
                    continue  # figure and value select the same thing: bind the figure
                v = value
            else:
                pattern = SAMPLERS.get(key) or SAMPLERS.get(p.name)
                v = median_by_use(pattern) if pattern else None
            picked[key] = v
            if v is not None:
                bound[p.name] = v
            elif not p.optional:
                missing.append(key)
        required_missing = [p.name for p in q.params if not p.optional and p.name not in bound]
        if q.params:
            cases.append({"query": q.name, "case": "bound", "params": bound,
                          "skip": f"no value for {', '.join(required_missing)} in the corpus"
                          if required_missing else None})
        if all(p.optional for p in q.params):
            cases.append({"query": q.name, "case": "all", "params": {}, "skip": None})
    emit({"event": "sample", "cases": cases, "picked": picked, "missing": missing, "trace_figures":
          [f.rsplit("/", 1)[-1] for f in chosen], "figures": len(figures)})


def run_queries(build: str, spec_file: str) -> None:
    from kg.ask import queries

    spec = json.loads(Path(spec_file).read_text(encoding="utf-8"))
    store = _open(build)
    catalogue = queries.catalogue()
    for case in spec["cases"]:
        out: Json = {"event": "query", "id": case["id"]}
        try:
            stored = catalogue[case["query"]]
            bindings = queries.bind(stored, case["params"])
            first, table = timed(lambda: queries.run(store, stored.text, bindings))  # noqa: B023
            times: list[float] = []
            spent = first
            while len(times) < spec["reps"] and spent < spec["budget_s"]:
                t, _ = timed(lambda: queries.run(store, stored.text, bindings))  # noqa: B023
                times.append(t)
                spent += t
            out |= {"first_s": first, "times": times, "rows": len(table.rows)}
        except Exception as e:  # a failing query is a result, not a crash
            out["error"] = f"{type(e).__name__}: {e}"
        emit(out)


def run_trace(build: str, spec_file: str) -> None:
    from kg.ask.trace import trace

    spec = json.loads(Path(spec_file).read_text(encoding="utf-8"))
    store = _open(build)
    spent, calls = 0.0, 0
    for round_ in range(int(spec["rounds"])):
        for figure in spec["figures"]:
            if calls >= 3 and spent > float(spec["budget_s"]):
                return  # a warm-up and two samples at least, then only while the budget lasts
            out: Json = {"event": "trace", "figure": figure, "round": round_}
            try:
                out["s"], records = timed(lambda: trace(store, figure=figure, build_dir=Path(build)))  # noqa: B023
                out["records"] = len(records)
                spent += out["s"]
            except Exception as e:
                out["error"] = f"{type(e).__name__}: {e}"
            calls += 1
            emit(out)


def naive(turtle: str, memory_limit: str = "0") -> None:
    import resource

    if int(memory_limit) > 0:
        resource.setrlimit(resource.RLIMIT_AS, (int(memory_limit), int(memory_limit)))
    try:
        _naive(turtle)
    except MemoryError:
        emit({"event": "out_of_memory", "limit": int(memory_limit)})
        sys.exit(3)


def _naive(turtle: str) -> None:
    import pyshacl
    import rdflib
    from rdflib.namespace import RDF, SH

    shapes_file, ontology_files = _ontology()
    emit({"event": "versions", "rdflib": rdflib.__version__, "pyshacl": pyshacl.__version__,
          "pyshacl_module": str(Path(pyshacl.__file__ or "").parent)})

    def parse() -> rdflib.Graph:
        g = rdflib.Graph(store="Memory")
        g.parse(turtle, format="turtle")
        for path in ontology_files:  # already in kg.ttl, as kg validates them; parsed again they add nothing
            g.parse(path, format="turtle")
        return g

    parse_s, data = timed(parse)
    emit({"event": "parsed", "parse_s": parse_s, "triples": len(data)})
    shapes = rdflib.Graph().parse(shapes_file, format="turtle")
    validate_s, (conforms, report, _text) = timed(lambda: pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True))
    results = sum(1 for _ in report.subjects(RDF.type, SH.ValidationResult))
    emit({"event": "validated", "validate_s": validate_s, "conforms": bool(conforms), "results": results})


def _ontology() -> tuple[Path, list[Path]]:
    try:
        from kg.model.resources import ONTOLOGY_FILE, SHAPES_FILE, VOCAB_FILE

        return SHAPES_FILE, [ONTOLOGY_FILE, VOCAB_FILE]
    except ImportError:
        folder = REPO / "ontology"
        return folder / "shapes.ttl", [folder / "kg.ttl", folder / "vocab.ttl"]


def contains(build: str, text: str) -> None:
    from kg.ask import queries

    store = _open(build)
    literal = json.dumps(text)  # a JSON string is a valid SPARQL string for plain text
    found = queries.run(store, f"ASK {{ ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(STR(?o), {literal})) }}")
    emit({"event": "contains", "found": bool(found.rows[0][0])})


def digest(build: str) -> None:
    """A digest of every quad of the store (sorted N-Quads), to compare two builds' stores.

    Quads with a blank node are counted but left out of the digest: blank node labels differ between builds.
    """
    import hashlib

    import pyoxigraph as ox

    store = _open(build)
    lines = []
    blank = 0
    for q in store.quads_for_pattern(None, None, None, None):
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
            blank += 1
        else:
            lines.append(str(q))
    lines.sort()
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8") + b"\n")
    emit({"event": "digest", "quads": len(lines) + blank, "blank_quads": blank, "sha256": h.hexdigest()})


STAGES: dict[str, Callable[..., None]] = {
    "synth": synth, "sample": sample, "queries": run_queries, "trace": run_trace, "naive": naive,
    "contains": contains, "digest": digest,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in STAGES:
        print(f"usage: stages.py {{{','.join(STAGES)}}} ARGS...", file=sys.stderr)
        return 2
    STAGES[argv[0]](*argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
