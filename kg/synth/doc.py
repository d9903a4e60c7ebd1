"""One article being written: its text, its quotes and figures, and its YAML record.

Sentences are assembled from pieces, some of which are a figure's words, so
the offset of every figure in its quote, and of every quote in the text, is
known by construction; ``occurrence`` is written only where the same words
occur more than once, exactly as :func:`kg.model.anchor.anchor` counts them.
The values figures share are written once, in the article's or a quote's
``defaults`` (:mod:`kg.synth.defaults`).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.model.anchor import occurrences  # quotes are anchored exactly as kg anchors them
from kg.synth.defaults import article_lines, plan, quote_line
from kg.synth.geography import Ids
from kg.synth.yamltext import Ann, Field, Perp, field_lines, flow_list, scalar


def occurrence_of(text: str, exact: str, start: int) -> int | None:
    starts = occurrences(text, exact)
    return None if len(starts) == 1 else starts.index(start) + 1


# Subset and rounding links are curator readings unless a text states them: synth marks them so.
SUBSET_REASON = ("The text gives this count beside the larger toll of the same report; "
                 "that it is part of it is the curator's reading.")
ROUNDING_REASON = ("The text never says what its rounded number rounds; "
                   "the exact toll of the same report is the curator's reading.")


class Fig:
    """A figure record. ``quote`` and ``occ`` are set when its sentence is written."""

    __slots__ = ("area", "counts", "group", "high", "id", "incident", "low", "measure", "occ", "period", "perps",
                 "qualifier", "quote", "report", "revises", "rounding_of", "stated_by", "subset_of", "target", "unit",
                 "value", "via", "weapon", "words")

    def __init__(
        self,
        fid: str,
        words: str,
        value: int | None,
        qualifier: str,
        counts: str,
        stated_by: Field,
        *,
        group: str | None = None,
        target: str | None = None,
        weapon: str | None = None,
        perps: tuple[Perp, ...] = (),
        period: Field | None = None,
        area: Field | None = None,
        subset_of: str | Ann | None = None,
        rounding_of: str | None = None,
        incident: str | None = None,
        measure: str | tuple[str, ...] | None = None,
        report: Field | None = None,
        low: int | None = None,
        high: int | None = None,
        unit: str | None = None,
        via: tuple[str, ...] = (),
        revises: Field | None = None,
    ) -> None:
        self.id = fid
        self.words = words
        self.value = value
        self.qualifier = qualifier
        self.counts = counts
        self.stated_by = stated_by
        self.group = group
        self.target = target
        self.weapon = weapon
        self.perps = perps
        self.period = period
        self.area = area
        self.subset_of = subset_of
        self.rounding_of = rounding_of
        self.incident = incident
        self.measure = measure
        self.report = report
        self.low = low
        self.high = high
        self.unit = unit
        self.via = via
        self.revises = revises
        self.quote = ""
        self.occ: int | None = None

    def render(self, inherits: frozenset[str] = frozenset()) -> str:
        """The record; the fields named in ``inherits`` are left to the defaults of its quote or article."""
        ind = "    "
        out = [f"  - id: {self.id}", f"{ind}quote: {self.quote}", f"{ind}words: {scalar(self.words)}"]
        if self.occ is not None:
            out.append(f"{ind}occurrence: {self.occ}")
        if self.value is not None:
            out.append(f"{ind}value: {self.value}")
        if self.low is not None:
            out.append(f"{ind}low: {self.low}")
        if self.high is not None:
            out.append(f"{ind}high: {self.high}")
        out.append(f"{ind}qualifier: {self.qualifier}")
        if self.unit is not None:
            out.append(f"{ind}unit: {self.unit}")
        out.append(f"{ind}counts: {self.counts}")
        for key, v in (("group", self.group), ("target", self.target), ("weapon", self.weapon)):
            if v is not None:
                out.append(f"{ind}{key}: {v}")
        if "perpetrator" not in inherits:
            if len(self.perps) == 1:
                out.append(field_lines("perpetrator", self.perps[0], ind))
            elif self.perps:
                out.append(f"{ind}perpetrator: {flow_list([p for p in self.perps if isinstance(p, str)])}")
        for key, f in (("area", self.area), ("period", self.period)):
            if f is not None and key not in inherits:
                out.append(field_lines(key, f, ind))
        if isinstance(self.subset_of, Ann):  # the text states the inclusion ("among them")
            out.append(field_lines("subset_of", self.subset_of, ind))
        elif self.subset_of is not None:
            out.append(field_lines("subset_of", Ann(self.subset_of, inferred=SUBSET_REASON), ind))
        if self.incident is not None and "incident" not in inherits:
            out.append(f"{ind}incident: {self.incident}")
        if "stated_by" not in inherits:
            out.append(field_lines("stated_by", self.stated_by, ind))
        if self.via:
            out.append(f"{ind}via: {flow_list(list(self.via))}")
        if self.report is not None and "report" not in inherits:
            out.append(field_lines("report", self.report, ind))
        if self.rounding_of is not None:
            out.append(field_lines("rounding_of", Ann(self.rounding_of, inferred=ROUNDING_REASON), ind))
        if self.revises is not None:
            out.append(field_lines("revises", self.revises, ind))
        if isinstance(self.measure, tuple):
            out.append(f"{ind}measure: {flow_list(list(self.measure))}")
        elif self.measure is not None:
            out.append(f"{ind}measure: {self.measure}")
        return "\n".join(out)


class Sent:
    """A sentence built from text and figures; remembers where each figure's words start."""

    __slots__ = ("defaults", "marks", "qid", "spoken_by", "subs", "text")

    def __init__(self, *pieces: str | Fig, qid: str | None = None, spoken_by: Field | None = None,
                 defaults: str | None = None) -> None:
        self.qid = qid
        self.spoken_by = spoken_by
        self.defaults = defaults  # the quote's own ``defaults`` as written (``&name {as_of: ...}``, ``*name``)
        parts: list[str] = []
        self.marks: list[tuple[int, Fig]] = []
        n = 0
        for p in pieces:
            s = p.words if isinstance(p, Fig) else p
            if isinstance(p, Fig):
                self.marks.append((n, p))
            parts.append(s)
            n += len(s)
        self.text = "".join(parts)
        self.subs: list[tuple[str, int, str, Field | None]] = []

    def sub(self, qid: str, exact: str, spoken_by: Field | None = None) -> None:
        """Also quote a part of this sentence (``Name, Chairman of X said``)."""
        self.subs.append((qid, self.text.index(exact), exact, spoken_by))


@dataclass(slots=True)
class QuoteRec:
    id: str
    text: str
    start: int
    spoken_by: Field | None
    occ: int | None = None
    defaults: str | None = None


@dataclass
class Doc:
    """The text, quotes, figures and attributions of one article, in writing order."""

    serial: int
    chunks: list[str] = field(default_factory=list)
    pos: int = 0
    quotes: list[QuoteRec] = field(default_factory=list)
    figs: list[Fig] = field(default_factory=list)
    attributions: list[str] = field(default_factory=list)
    _fids: Ids = field(default_factory=Ids)
    _qids: Ids = field(default_factory=Ids)

    def fid(self, slug: str) -> str:
        return f"a{self.serial}-{self._fids.new(slug)}"

    def qid(self, base: str) -> str:
        return self._qids.new(base)

    def attribute(self, base: str, incident: str, perpetrator: str, according_to: str, qid: str,
                  stance: str = "asserted", hedge: str | None = None) -> None:
        """Who says who did an incident, in quote ``qid``: asserted, hedged (with the hedge's words) or denied."""
        lines = [f"  - id: {base}-a{self.serial}", f"    incident: {incident}", f"    perpetrator: {perpetrator}",
                 f"    according_to: {according_to}", f"    quote: {qid}"]
        if stance != "asserted":
            lines.append(f"    stance: {stance}")
        if hedge is not None:
            lines.append(f"    hedge: {scalar(hedge)}")
        self.attributions.append("\n".join(lines))

    def para(self, *items: Sent | str) -> None:
        """Write one line of text: sentences (quoted when they have a ``qid``) joined by spaces."""
        for i, item in enumerate(items):
            if i:
                self._put(" ")
            if isinstance(item, str):
                self._put(item)
                continue
            if item.qid is not None:
                self._quote(item)
            else:
                assert not item.marks, "a sentence with figures must be quoted"
            for qid, off, exact, by in item.subs:
                self.quotes.append(QuoteRec(qid, exact, self.pos + off, by))
            self._put(item.text)
        self._put("\n")

    def _quote(self, sent: Sent) -> None:
        assert sent.qid is not None
        self.quotes.append(QuoteRec(sent.qid, sent.text, self.pos, sent.spoken_by, defaults=sent.defaults))
        for off, fig in sent.marks:
            fig.quote = sent.qid
            fig.occ = occurrence_of(sent.text, fig.words, off)
            self.figs.append(fig)

    def _put(self, s: str) -> None:
        self.chunks.append(s)
        self.pos += len(s)

    def text(self) -> str:
        return "".join(self.chunks)


def pick(rng: random.Random, slots: list[str], n: int, wanted: set[str]) -> set[str]:
    """``n`` of ``slots`` at random, those still ``wanted`` (written by no article yet) first; they are then not."""
    first = [s for s in slots if s in wanted][:n]
    rest = [s for s in slots if s not in first]
    chosen = {*first, *rng.sample(rest, n - len(first))}
    wanted.difference_update(chosen)
    return chosen


def finish(doc: Doc, header: Callable[[str], list[str]]) -> tuple[bytes, str]:
    """The archived text's bytes and the article record; ``header`` makes the top lines from the SHA-256."""
    text = doc.text()
    data = text.encode("utf-8")
    out = header(hashlib.sha256(data).hexdigest())
    shared = plan(doc.figs, {q.id for q in doc.quotes if q.defaults is not None})
    out.extend(article_lines(shared))
    out.append("")
    out.append("quotes:")
    for q in doc.quotes:
        q.occ = occurrence_of(text, q.text, q.start)
        out.append(f"  - id: {q.id}")
        out.append(f"    text: {scalar(q.text)}")
        if q.occ is not None:
            out.append(f"    occurrence: {q.occ}")
        if q.spoken_by is not None:
            out.append(field_lines("spoken_by", q.spoken_by, "    "))
        line = f"    defaults: {q.defaults}" if q.defaults is not None else quote_line(shared, q.id)
        if line is not None:
            out.append(line)
    if doc.attributions:
        out.append("")
        out.append("attributions:")
        out.extend(doc.attributions)
    out.append("")
    out.append("figures:")
    for i, f in enumerate(doc.figs):
        if i:
            out.append("")
        out.append(f.render(shared.inherits[i]))
    out.append("")
    return data, "\n".join(out)
