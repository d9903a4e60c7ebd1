"""Stored SPARQL queries: the catalogue, safe parameter binding, and results as tables.

A stored query is a ``queries/<name>.rq`` file that opens with grlc-style header
lines::

    #+ summary: Trace a figure through quote, article, relays, report and organisation
    #+ description: Longer text (may span several description lines).
    #+ keywords: provenance, trace
    #+ param: figure iri:figure Figure id, e.g. children-1928 (optional)

A parameter ``name`` is the variable ``?_name`` in the query body. The user's
string never reaches the query text: :func:`bind` turns it into a typed RDF
term (validating it), and :func:`run` writes that term, serialized by
pyoxigraph, in place of every ``?_name`` of the body (:func:`bound_text`).
:func:`with_values` gives the same query with a ``VALUES`` block instead, for
a remote endpoint. The term is written into the text rather than handed to
pyoxigraph as a substitution (SEP-0007) because Oxigraph plans a query before
it substitutes: a substituted parameter is a free variable to the planner,
which then starts from some other pattern and scans the whole graph. A
constant it can start from.

A stored query projects each ``?_name`` (in its ``SELECT``, and in every
sub-select that uses it) and matches it in a triple pattern before any
``FILTER`` or ``BIND`` uses it: then a bound parameter restricts that pattern,
an unbound optional one leaves it free, and the written-in terms and the
``VALUES`` form give the same rows. The projected parameter columns are inputs,
not results: :func:`run` leaves every ``?_`` column out of its table.
:func:`load` enforces these rules for every stored query.

Parameter values (their types, and how a user may write them) are read by
:mod:`kg.ask.params`; :func:`bind` checks them against a query's declared
parameters, and :func:`kg.ask.ids.bind_checked` also checks that a record is in
the graph.

Writing a stored query so that a bound parameter drives it, for Oxigraph 0.5's
planner: it starts each group of joined patterns from the one it estimates
smallest (a constant subject beats a constant object, which beats a constant
predicate alone), ties going to the pattern written first, and joins the rest
by index lookups from what is bound so far. So the pattern that matches the
parameter comes first, and checks that would otherwise start the group are
filters (``FILTER EXISTS { ?figure a kg:Figure }``). A path with ``*`` is never
estimated small enough to start a group: it starts from a copy of the parameter
bound just before it (``?_place a kg:Place . BIND (?_place AS ?area)``). An
``EXISTS`` body is not planned: each of its patterns is matched on its own, so
it holds one pattern (nest another ``FILTER EXISTS`` for more). A sub-select,
or an ``OPTIONAL`` whose body is more than a pattern or two, is matched once on
its own with only the parameters bound, so it starts from a parameter it projects.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeAlias

import pyoxigraph as ox

from kg.ask.lexer import tokens as _tokens
from kg.ask.params import (
    ID_FORM,
    MAX_DIGITS,
    SCALAR_TYPES,
    XSD,
    Param,
    Term,
    article,
    decimal_literal,
    parse_value,
    plain,
    shown,
    split_record,
)
from kg.model.cell import Cell
from kg.model.errors import InputError, Location, UsageError
from kg.model.resources import QUERIES_DIR
from kg.model.terms import KINDS

__all__ = [
    "ID_FORM", "MAX_DIGITS", "SCALAR_TYPES", "XSD", "Cell", "Param", "StoredQuery", "Table", "Term", "article", "bind",
    "bound_text", "catalogue", "cell", "decimal_literal", "form", "load", "lookup", "parse_value", "plain", "run",
    "shown", "split_record", "with_values",
]


_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # query file names: kebab-case
_PARAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_HEADER = re.compile(r"^#\+\s*([A-Za-z][A-Za-z0-9_-]*)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\S+)\s+(\S+)\s*(.*?)$")
_OPTIONAL = "(optional)"
_SYNTAX_AT = re.compile(r"error at (\d+):(\d+)")

_INTEGER_TYPES = frozenset(XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
))


@dataclass(frozen=True)
class StoredQuery:
    name: str
    path: Path
    summary: str
    description: str
    keywords: tuple[str, ...]
    params: tuple[Param, ...]
    text: str


@dataclass(frozen=True)
class Table:
    """Query results: column names and rows of plain Python values.

    IRIs are full IRI strings; integers (and integral decimals) are ``int``,
    other numbers ``float``, booleans ``bool``, dates ISO strings, unbound ``None``.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


# --------------------------------------------------------------------------
# The catalogue


def catalogue(directory: Path = QUERIES_DIR) -> dict[str, StoredQuery]:
    """Every ``*.rq`` file of ``directory``, by name; a bad file raises :class:`InputError` at its line."""
    return {q.name: q for q in (load(path) for path in sorted(directory.glob("*.rq")))}


def lookup(name: str, directory: Path = QUERIES_DIR) -> StoredQuery:
    """The stored query ``name``, or a :class:`UsageError` that names the closest ones."""
    queries = catalogue(directory)
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UsageError(f"no stored query '{name}'{hint}; kg query --list shows them")


def load(path: Path) -> StoredQuery:
    """Parse one stored query file: header, parameters, and the query itself."""
    name = path.stem
    if not _NAME.match(name):
        raise InputError(f"query file name '{path.name}' is not kebab-case (a-z, 0-9, -) ending in .rq",
                         Location(path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text: {e.reason}", Location(path)) from None
    lines = text.splitlines()
    fields: dict[str, str] = {}
    descriptions: list[str] = []
    params: list[Param] = []
    param_lines: dict[str, int] = {}
    header = next((i for i, line in enumerate(lines) if not line.startswith("#+")), len(lines))
    for number, line in enumerate(lines[header:], start=header + 1):
        if line.startswith("#+"):
            raise InputError("header lines ('#+ ...') must all come first, with no other line between them",
                             Location(path, number))
    for number, line in enumerate(lines[:header], start=1):
        at = Location(path, number)
        m = _HEADER.match(line)
        if m is None:
            raise InputError("header line must read '#+ key: value'", at)
        key, value = m.group(1), m.group(2)
        if key == "description":
            if value:
                descriptions.append(value)
        elif key in ("summary", "keywords"):
            if key in fields:
                raise InputError(f"'{key}' given twice", at)
            if not value:
                raise InputError(f"'{key}' is empty", at)
            fields[key] = value
        elif key == "param":
            param = _param(value, at)
            if param.name in param_lines:
                raise InputError(f"parameter '{param.name}' declared twice (first on line {param_lines[param.name]})",
                                 at)
            params.append(param)
            param_lines[param.name] = number
        else:
            raise InputError(f"unknown header key '{key}' (known: summary, description, keywords, param)", at)
    for key, value in (("summary", fields.get("summary")), ("description", " ".join(descriptions))):
        if not value:
            raise InputError(f"the header has no '#+ {key}:' line", Location(path, 1))
    keywords = tuple(k.strip() for k in fields.get("keywords", "").split(",") if k.strip())
    _check_body(path, text, params, param_lines)
    return StoredQuery(name, path, fields["summary"], " ".join(descriptions), keywords, tuple(params), text)


def _param(spec: str, at: Location) -> Param:
    m = _PARAM.match(spec)
    if m is None:
        raise InputError("a parameter reads '#+ param: name type description [(optional)]'", at)
    name, type_, description = m.groups()
    if not _PARAM_NAME.match(name):
        raise InputError(f"parameter name '{name}' must be lower-case letters, digits and '_'", at)
    kind = type_.removeprefix("iri:") if type_.startswith("iri:") else None
    if type_ not in (*SCALAR_TYPES, "iri") and kind not in KINDS:
        raise InputError(
            f"parameter '{name}' has unknown type '{type_}' "
            f"(known: iri:<kind> with kind one of {', '.join(KINDS)}; iri; {', '.join(SCALAR_TYPES)})",
            at,
        )
    optional = description.endswith(_OPTIONAL)
    if optional:
        description = description.removesuffix(_OPTIONAL).rstrip()
    return Param(name, type_, description, optional)


def _check_body(path: Path, text: str, params: list[Param], param_lines: dict[str, int]) -> None:
    """Parameters used and declared agree; the query parses, is SELECT or ASK, projects its parameters."""
    declared = {p.variable for p in params}
    used: set[str] = set()
    for token in _tokens(text):
        if token.kind == "var" and token.text[1:].startswith("_"):
            variable = token.text[1:]
            if variable not in declared:
                raise InputError(f"?{variable} is not a declared parameter (declare it with '#+ param: "
                                 f"{variable[1:]} <type> <description>')", Location(path, token.line))
            used.add(variable)
    for p in params:
        if p.variable not in used:
            raise InputError(f"parameter '{p.name}' is declared but ?{p.variable} is not in the query",
                             Location(path, param_lines[p.name]))
    _check_sub_selects(path, text, declared)
    try:
        result = ox.Store().query(text)
    except SyntaxError as e:
        m = _SYNTAX_AT.search(str(e))
        raise InputError(f"SPARQL syntax error: {e}", Location(path, int(m.group(1)) if m else 1)) from None
    if isinstance(result, ox.QueryTriples):
        line = next((t.line for t in _tokens(text) if t.kind == "word" and t.text.upper() in ("CONSTRUCT", "DESCRIBE")),
                    1)
        raise InputError("a stored query must be a SELECT or an ASK query", Location(path, line))
    if isinstance(result, ox.QuerySolutions):
        projected = {v.value for v in result.variables}
        for p in params:
            if p.variable not in projected:
                raise InputError(f"parameter '{p.name}': ?{p.variable} must be in the SELECT projection "
                                 "(a parameter is a column, left out of the results)",
                                 Location(path, param_lines[p.name]))
        words = [t for t in _tokens(text) if t.kind == "word" and t.depth == 0]
        if not any(t.text.upper() == "ORDER" for t in words):
            select = next((t.line for t in words if t.text.upper() == "SELECT"), 1)
            raise InputError("a stored SELECT query needs an ORDER BY, so that its rows come in a stable order",
                             Location(path, select))
    elif params:
        raise InputError("an ASK query cannot take parameters (a parameter is a column of a SELECT)",
                         Location(path, param_lines[params[0].name]))


@dataclass
class _SubSelect:
    depth: int  # of its SELECT keyword
    projected: set[str] = field(default_factory=set)
    in_projection: bool = True  # between SELECT and WHERE


def _check_sub_selects(path: Path, text: str, parameters: set[str]) -> None:
    """A sub-select that uses a parameter projects it, so that a VALUES block binds it as the written-in term does."""
    open_selects: list[_SubSelect] = []
    for token in _tokens(text):
        inner = open_selects[-1] if open_selects else None
        if token.kind == "word" and token.text.upper() == "SELECT" and token.depth > 0:
            open_selects.append(_SubSelect(token.depth))
        elif inner is not None and inner.in_projection and token.depth == inner.depth and (
                token.kind == "{" or (token.kind == "word" and token.text.upper() == "WHERE")):
            inner.in_projection = False
        elif token.kind == "}" and inner is not None and token.depth == inner.depth - 1:
            open_selects.pop()
        elif token.kind == "var" and token.text[1:] in parameters:
            variable = token.text[1:]
            if inner is not None and inner.in_projection and token.depth == inner.depth:
                inner.projected.add(variable)
            if any(variable not in s.projected for s in open_selects):
                raise InputError(f"?{variable} is used in a sub-select that does not project it (list it after "
                                 "that SELECT, and after every SELECT around it)", Location(path, token.line))


# --------------------------------------------------------------------------
# Binding


def bind(query: StoredQuery, raw: Mapping[str, str]) -> dict[str, Term]:
    """The user's parameter strings as typed RDF terms, keyed by parameter name.

    Raises :class:`UsageError` for an unknown parameter, a missing required one,
    or a value that is not of the parameter's type.
    """
    declared = {p.name: p for p in query.params}
    for name in raw:
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise UsageError(f"query '{query.name}' has no parameter '{name}' (its parameters: {known})")
    for p in query.params:
        if not p.optional and p.name not in raw:
            raise UsageError(f"query '{query.name}' needs the parameter '{p.name}': {p.description}")
    return {name: parse_value(declared[name], value) for name, value in raw.items()}


# --------------------------------------------------------------------------
# Running


AnyTerm: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def run(store: ox.Store, text: str, bindings: Mapping[str, Term] | None = None) -> Table:
    """Run a SELECT (a table) or an ASK (one row, one column ``ask``) on every graph of the store.

    ``bindings`` (from :func:`bind`) replace the variables ``?_<name>`` (see
    :func:`bound_text`). A SPARQL syntax error, a CONSTRUCT or DESCRIBE query,
    or a binding the query cannot take raise :class:`UsageError`.

    A final ``ORDER BY`` of plain variables is applied here rather than by
    Oxigraph when the rows allow it (see :func:`_sorted`): Oxigraph decodes
    both IRIs from its dictionary at every comparison, which for a million rows
    takes longer than the query itself. The order is the same.
    """
    bindings = dict(bindings or {})
    if bindings:
        projected = _projection(text)
        for name in bindings:
            variable = _variable(name)
            if projected is not None and variable not in projected:
                raise UsageError(f"the query cannot take parameter ?{variable}: it is not in its SELECT projection")
        text = bound_text(text, bindings)
    order = _final_order(text)
    result = _query(store, text if order is None else text[:order[0]])
    if isinstance(result, ox.QueryBoolean):
        return Table(("ask",), ((bool(result),),))
    if isinstance(result, ox.QueryTriples):
        raise UsageError("CONSTRUCT and DESCRIBE queries give triples, not a table: use SELECT or ASK")
    variables = [v.value for v in result.variables]
    solutions = [tuple(solution) for solution in result]
    if order is not None:
        ordered = _sorted(solutions, variables, order[1])
        if ordered is None:  # terms this module does not order as Oxigraph does: let Oxigraph sort
            result = _query(store, text)
            assert isinstance(result, ox.QuerySolutions)
            ordered = [tuple(solution) for solution in result]
        solutions = ordered
    shown = [i for i, v in enumerate(variables) if not v.startswith("_")]
    cells: dict[AnyTerm, Cell] = {}  # terms repeat across rows

    def value(term: AnyTerm | None) -> Cell:
        if term is None:
            return None
        if term not in cells:
            cells[term] = cell(term)
        return cells[term]

    rows = tuple(tuple(value(terms[i]) for i in shown) for terms in solutions)
    return Table(tuple(variables[i] for i in shown), rows)


def _query(store: ox.Store, text: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    try:
        return store.query(text, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise UsageError(f"SPARQL syntax error: {e}") from None


_ORDER_KEY = re.compile(r"\s*(?:(ASC|DESC)\s*\(\s*[?$](\w+)\s*\)|[?$](\w+))", re.IGNORECASE)


def _final_order(text: str) -> tuple[int, list[tuple[str, bool]]] | None:
    """Where the query's last clause, ``ORDER BY`` plain variables (``?a DESC(?b)``), starts, and its keys.

    ``None`` when the query does not end with such a clause (an expression, a LIMIT after it, ...).
    """
    tokens = [t for t in _tokens(text) if t.depth == 0]
    at = next((i for i in range(len(tokens) - 1, -1, -1)
               if tokens[i].kind == "word" and tokens[i].text.upper() == "ORDER"), None)
    if at is None or at + 1 >= len(tokens) or tokens[at + 1].text.upper() != "BY":
        return None
    start = tokens[at + 1].offset + 2
    keys: list[tuple[str, bool]] = []
    for m in _ORDER_KEY.finditer(text, start):
        if m.start() != start:
            break
        keys.append((m.group(2) or m.group(3), (m.group(1) or "").upper() == "DESC"))
        start = m.end()
    if not keys or text[start:].strip():
        return None
    projected = _projection(text)
    if projected is not None and any(name not in projected for name, _ in keys):
        return None  # ordered by a variable it does not return
    return tokens[at].offset, keys


_INTEGERS = _INTEGER_TYPES | {XSD + "decimal"}
_DATE_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _sort_key(term: AnyTerm | None) -> tuple[int, str, object] | None:
    """How SPARQL orders a term (unbound, then IRIs by their text, then literals), for the terms ordered here.

    Literals are ordered within one kind only: numbers (xsd:integer and xsd:decimal, by value), plain
    strings and dates (YYYY-MM-DD, no time zone); ``None`` for any other term.
    """
    if term is None:
        return (0, "", "")
    if isinstance(term, ox.NamedNode):
        return (2, "", term.value)
    if not isinstance(term, ox.Literal) or term.language is not None:
        return None
    datatype = term.datatype.value
    if datatype in _INTEGERS:
        try:
            return (3, "number", Decimal(term.value))
        except InvalidOperation:
            return None
    if datatype == XSD + "string":
        return (3, "string", term.value)
    if datatype == XSD + "date" and _DATE_FORM.match(term.value):
        return (3, "date", term.value)
    return None


def _sorted(solutions: list[tuple[AnyTerm | None, ...]], variables: list[str],
            keys: list[tuple[str, bool]]) -> list[tuple[AnyTerm | None, ...]] | None:
    """The solutions in ``ORDER BY`` order, or ``None`` if a key is not projected or holds terms not ordered here."""
    if any(name not in variables for name, _ in keys):
        return None
    ordered = list(solutions)
    for name, descending in reversed(keys):  # stable sorts, last key first
        i = variables.index(name)
        column: list[tuple[int, str, object]] = []
        for terms in ordered:
            key = _sort_key(terms[i])
            if key is None:
                return None
            column.append(key)
        if len({kind for rank, kind, _ in column if rank == 3}) > 1:
            return None  # literals of several kinds: their mutual order is Oxigraph's own
        positions = sorted(range(len(ordered)), key=column.__getitem__, reverse=descending)
        ordered = [ordered[p] for p in positions]
    return ordered


def bound_text(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with each bound ``?_<name>`` replaced by its term, serialized by pyoxigraph.

    In a pattern or an expression the variable becomes the term; in a
    ``SELECT`` list it is dropped (its column is an input, and the term is no
    variable to project); in ``GROUP BY`` and ``ORDER BY`` it becomes ``(term)``,
    a constant key. Nothing the user typed reaches the text except through a
    validated term. Without bindings the text is returned unchanged.
    """
    terms = {_variable(name): str(_checked(name, value)) for name, value in bindings.items()}
    if not terms:
        return text
    clause: dict[int, str | None] = {}  # what the tokens at each nesting depth belong to
    edits: list[tuple[int, int, str]] = []
    for token in _tokens(text):
        if token.kind in ("{", "("):
            if token.kind == "{" and clause.get(token.depth) == "select":
                clause[token.depth] = "body"
            clause[token.depth + 1] = None
        elif token.kind == "word":
            word = token.text.upper()
            if word == "SELECT":
                clause[token.depth] = "select"
            elif word == "WHERE" and clause.get(token.depth) == "select":
                clause[token.depth] = "body"
            elif word in ("GROUP", "ORDER"):
                clause[token.depth] = "key"
        elif token.kind == "var" and token.text[1:] in terms:
            term = terms[token.text[1:]]
            replacement = {"select": "", "key": f"({term})"}.get(clause.get(token.depth) or "", term)
            edits.append((token.offset, token.offset + len(token.text), replacement))
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def _projection(text: str) -> set[str] | None:
    """The variables the top-level SELECT projects (without ``?``), or ``None`` for ``SELECT *`` or an ASK."""
    tokens = list(_tokens(text))
    select = next((i for i, t in enumerate(tokens) if t.kind == "word" and t.depth == 0 and t.text.upper() == "SELECT"),
                  None)
    if select is None:
        return None
    projected: set[str] = set()
    for token in tokens[select + 1:]:
        if token.depth == 0 and (token.kind == "{" or (token.kind == "word" and token.text.upper() == "WHERE")):
            between = text[tokens[select].offset:token.offset]
            return None if not projected and "*" in between else projected
        if token.kind == "var" and token.depth == 0:
            projected.add(token.text[1:])
    return projected


def cell(value: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Cell:
    """One RDF term as a plain Python value (see :class:`Table`)."""
    if value is None:
        return None
    if isinstance(value, ox.NamedNode):
        return value.value
    if isinstance(value, ox.BlankNode):
        return f"_:{value.value}"
    if isinstance(value, ox.Literal):
        datatype = value.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(value.value)
            if datatype == XSD + "decimal":
                number = Decimal(value.value)
                return int(number) if number == number.to_integral_value() else float(number)
            if datatype in (XSD + "double", XSD + "float"):
                return float(value.value)
        except (ValueError, InvalidOperation):
            return value.value
        if datatype == XSD + "boolean":
            return value.value in ("true", "1")
        return value.value
    return str(value)


# --------------------------------------------------------------------------
# The VALUES form, for remote endpoints


def with_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with ``VALUES (?_a ?_b) { (<iri> 12) }`` at the start of its WHERE clause.

    Every term is written by pyoxigraph's N-Triples serializer, which is valid
    SPARQL; nothing the user typed reaches the text except through a validated
    term. Without bindings the text is returned unchanged.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    variables = " ".join("?" + _variable(name) for name in names)
    values = " ".join(str(_checked(name, bindings[name])) for name in names)
    at = _where_brace(text)
    return f"{text[:at + 1]}\n  VALUES ({variables}) {{ ({values}) }}{text[at + 1:]}"


def _variable(name: str) -> str:
    variable = name if name.startswith("_") else "_" + name
    if not re.fullmatch(r"_[A-Za-z0-9_]+", variable):
        raise UsageError(f"'{name}' is not a parameter name")
    return variable


def _checked(name: str, value: object) -> Term:
    if isinstance(value, ox.NamedNode):
        return value
    if isinstance(value, ox.Literal):
        if not plain(value.value):
            raise UsageError(f"parameter '{name}': a value may not contain backslashes or control characters")
        return value
    raise UsageError(f"parameter '{name}': {value!r} is not an IRI or a literal")


def _where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the query's WHERE clause."""
    tokens = list(_tokens(text))
    start = 0
    for i, token in enumerate(tokens):
        if token.kind == "word" and token.depth == 0 and token.text.upper() == "WHERE":
            start = i
            break
    for token in tokens[start:]:
        if token.kind == "{" and token.depth == 0:
            return token.offset
    raise UsageError("the query has no WHERE clause to bind parameters in")


def form(text: str) -> str | None:
    """The query form (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``), or ``None`` if there is none."""
    for token in _tokens(text):
        if token.kind == "word" and token.text.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return token.text.upper()
    return None
