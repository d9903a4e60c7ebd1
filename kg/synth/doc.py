"""One article being written: its text, its quotes and figures, and its YAML record.

Sentences are assembled from pieces, some of which are a figure's words, so
the offset of every figure in its quote, and of every quote in the text, is
known by construction; ``occurrence`` is written only where the same words
occur more than once, exactly as :func:`kg.model.anchor.anchor` counts them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.model.anchor import occurrences  # quotes are anchored exactly as kg anchors them
from kg.synth.geography import Ids
from kg.synth.yamltext import Ann, Field, field_lines, flow_list, scalar


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

    __slots__ = ("area", "counts", "group", "id", "incident", "measure", "occ", "period", "perps", "qualifier",
                 "quote", "report", "rounding_of", "stated_by", "subset_of", "target", "value", "weapon", "words")

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
        perps: tuple[Field, ...] = (),
        period: Field | None = None,
        area: Field | None = None,
        subset_of: str | None = None,
        rounding_of: str | None = None,
        incident: str | None = None,
        measure: str | None = None,
        report: Field | None = None,
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
        self.quote = ""
        self.occ: int | None = None

    def render(self) -> str:
        ind = "    "
        out = [f"  - id: {self.id}", f"{ind}quote: {self.quote}", f"{ind}words: {scalar(self.words)}"]
        if self.occ is not None:
            out.append(f"{ind}occurrence: {self.occ}")
        if self.value is not None:
            out.append(f"{ind}value: {self.value}")
        out.append(f"{ind}qualifier: {self.qualifier}")
        out.append(f"{ind}counts: {self.counts}")
        for key, v in (("group", self.group), ("target", self.target), ("weapon", self.weapon)):
            if v is not None:
                out.append(f"{ind}{key}: {v}")
        if len(self.perps) == 1:
            out.append(field_lines("perpetrator", self.perps[0], ind))
        elif self.perps:
            out.append(f"{ind}perpetrator: {flow_list([p for p in self.perps if isinstance(p, str)])}")
        for key, f in (("area", self.area), ("period", self.period)):
            if f is not None:
                out.append(field_lines(key, f, ind))
        if self.subset_of is not None:
            out.append(field_lines("subset_of", Ann(self.subset_of, inferred=SUBSET_REASON), ind))
        if self.incident is not None:
            out.append(f"{ind}incident: {self.incident}")
        out.append(field_lines("stated_by", self.stated_by, ind))
        if self.report is not None:
            out.append(field_lines("report", self.report, ind))
        if self.rounding_of is not None:
            out.append(field_lines("rounding_of", Ann(self.rounding_of, inferred=ROUNDING_REASON), ind))
        if self.measure is not None:
            out.append(f"{ind}measure: {self.measure}")
        return "\n".join(out)


class Sent:
    """A sentence built from text and figures; remembers where each figure's words start."""

    __slots__ = ("marks", "qid", "spoken_by", "subs", "text")

    def __init__(self, *pieces: str | Fig, qid: str | None = None, spoken_by: Field | None = None) -> None:
        self.qid = qid
        self.spoken_by = spoken_by
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
        self.quotes.append(QuoteRec(sent.qid, sent.text, self.pos, sent.spoken_by))
        for off, fig in sent.marks:
            fig.quote = sent.qid
            fig.occ = occurrence_of(sent.text, fig.words, off)
            self.figs.append(fig)

    def _put(self, s: str) -> None:
        self.chunks.append(s)
        self.pos += len(s)

    def text(self) -> str:
        return "".join(self.chunks)


def finish(doc: Doc, header: Callable[[str], list[str]]) -> tuple[bytes, str]:
    """The archived text's bytes and the article record; ``header`` makes the top lines from the SHA-256."""
    text = doc.text()
    data = text.encode("utf-8")
    out = header(hashlib.sha256(data).hexdigest())
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
    if doc.attributions:
        out.append("")
        out.append("attributions:")
        out.extend(doc.attributions)
    out.append("")
    out.append("figures:")
    for i, f in enumerate(doc.figs):
        if i:
            out.append("")
        out.append(f.render())
    out.append("")
    return data, "\n".join(out)
