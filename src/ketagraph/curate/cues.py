"""The cue table: the words that set a claim's certainty, its polarity and its relation.

This is the README's certainty table ("Vocabularies") as data, in one place. The drafter proposes
a certainty from it and the validator warns when a claim's quotes carry a stronger hedge than the
claim's certainty (:func:`hedge_warning`: the least hedged quote decides; attribution alone is
not a hedge). The tiers:

- ``attribution`` (research has shown, studies have demonstrated, has been reported) -> ``reported``;
- ``hedge``: one moderate cue (may, suggest, has shown promise, some individuals report) -> ``suggested``;
- ``strong``: belief or ongoing exploration (believe, might, is exploring, still being studied)
  -> ``speculative``; two or more distinct hedges stacked also give ``speculative``;
- ``negation`` (not, never, without) is apart: it proposes a negated polarity, never a certainty;
- ``plain``: phrases that contain a cue word but assert plainly ("can lead to" is *established* by
  the README's table); being longer, they win over the cue inside them.

Cues match whole words, case-insensitively, in one Aho-Corasick pass (pyahocorasick).
"""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import ahocorasick

from ketagraph.errors import Issue
from ketagraph.model import CERTAINTY_RANK, Claim, Evidence
from ketagraph.text import Document

__all__ = [
    "CUES",
    "EXPLORATION",
    "RELATION_CUES",
    "Cue",
    "CueHit",
    "CueIndex",
    "Reading",
    "cue_index",
    "find_cues",
    "find_relation_cues",
    "hedge_exceeds",
    "hedge_warning",
    "read_certainty",
]

Tier = Literal["attribution", "hedge", "strong", "negation", "plain"]


@dataclass(frozen=True, slots=True)
class Cue:
    phrase: str
    tier: Tier


@dataclass(frozen=True, slots=True)
class CueHit:
    """A cue found in a text: ``text[start:end]`` (code points) matched ``cue``."""

    start: int
    end: int
    phrase: str
    tier: str


def _cues(tier: Tier, phrases: str) -> list[Cue]:
    return [Cue(p.strip(), tier) for p in phrases.split(";") if p.strip()]


#: Every certainty and polarity cue, by tier (see the module docstring).
CUES: tuple[Cue, ...] = tuple(
    _cues(
        "attribution",
        "research has shown; research shows; research has found; research indicates; studies have shown; "
        "studies show; studies have demonstrated; studies demonstrate; studies have found; study found; "
        "researchers found; researchers discovered; they discovered; scientists discovered; has been found; "
        "have been found; has been shown; have been shown; has been reported; have been reported; "
        "has been demonstrated; according to; evidence shows; evidence indicates",
    )
    + _cues(
        "hedge",
        "may; can help; could; suggest; suggests; suggested; suggesting; has shown promise; have shown promise; "
        "shown promise; holds promise; holds great promise; shows promise; potential; potentially; possible; "
        "possibly; likely; appears to; appear to; seems to; seem to; some individuals report; some people report; "
        "some users report; some patients report; offers hope; offers new possibilities; raises concerns; "
        "it is important to; it is crucial to; should",
    )
    + _cues(
        "strong",
        "might; believe; believes; believed; is thought to; are thought to; hypothesized; hypothesised; "
        "speculate; speculated; is exploring; are exploring; is exploring whether; began to explore; "
        "continue to explore; continues to explore; ongoing research; still being studied; being studied; "
        "still investigating; are investigating; is investigating; continue to investigate; "
        "continues to investigate; remains unclear; not fully understood; more research is needed; "
        "imagine; unknown whether",
    )
    + _cues(
        "negation",
        "not; no; never; without; cannot; can't; don't; doesn't; didn't; isn't; aren't; won't; neither; nor; "
        "none; fails to; failed to; lack of; absence of",
    )
    + _cues("plain", "can lead to; its potential for human use was soon discovered")
)

#: Strong cues that speak of research going on: the content of a ``studied_for`` claim, not a hedge on it.
EXPLORATION = frozenset(
    {
        "is exploring", "are exploring", "is exploring whether", "began to explore", "continue to explore",
        "continues to explore", "ongoing research", "still being studied", "being studied", "still investigating",
        "are investigating", "is investigating", "continue to investigate", "continues to investigate",
    }
)  # fmt: skip

#: Words that name a relation, in the README's relation vocabulary; the nearest one proposes it.
RELATION_CUES: dict[str, str] = {
    "acts on": "acts_on",
    "act on": "acts_on",
    "binds": "acts_on",
    "blocks": "acts_on",
    "antagonist": "acts_on",
    "targets": "acts_on",
    "release": "modulates",
    "reuptake": "modulates",
    "modulates": "modulates",
    "modulation": "modulates",
    "increases": "modulates",
    "affect": "modulates",
    "affects": "modulates",
    "influences": "modulates",
    "influence": "modulates",
    "impact on": "modulates",
    "interacts with": "interacts_with",
    "interplay": "interacts_with",
    "part of": "part_of",
    "is a": "is_a",
    "type of": "is_a",
    "role in": "regulates",
    "involved in": "regulates",
    "regulates": "regulates",
    "regulation": "regulates",
    "induce": "causes",
    "induces": "causes",
    "cause": "causes",
    "causes": "causes",
    "lead to": "causes",
    "result in": "causes",
    "results in": "causes",
    "produces": "causes",
    "experience": "causes",
    "contribute to": "contributes_to",
    "contributes to": "contributes_to",
    "explain": "contributes_to",
    "related to": "contributes_to",
    "responsible for": "contributes_to",
    "treat": "treats",
    "treats": "treats",
    "treating": "treats",
    "treatment of": "treats",
    "alleviate": "treats",
    "relieve": "treats",
    "relief": "treats",
    "antidepressant": "treats",
    "used as": "used_for",
    "used for": "used_for",
    "used in": "used_for",
    "used recreationally": "used_for",
    "recreational": "used_for",
    "uses": "uses",
    "combines": "uses",
    "assisted": "uses",
    "studied": "studied_for",
    "explore": "studied_for",
    "exploring": "studied_for",
    "investigate": "studied_for",
    "led to": "led_to",
    "has led to": "led_to",
    "reduce": "mitigates",
    "reduces": "mitigates",
    "mitigate": "mitigates",
    "minimize": "mitigates",
    "classified as": "classified_as",
    "synthesized": "synthesized_by",
    "working for": "affiliated_with",
    "employed by": "affiliated_with",
    "provides": "provides",
    "provide": "provides",
    "offers": "provides",
}


def _automaton(phrases: Iterable[tuple[str, object]]) -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    for phrase, value in phrases:
        a.add_word(phrase.casefold(), (phrase, value))
    a.make_automaton()
    return a


_CUE_AUTOMATON = _automaton((c.phrase, c.tier) for c in CUES)
_RELATION_AUTOMATON = _automaton(RELATION_CUES.items())


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_"


def _matches(automaton: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str, object]]:
    """Whole-word matches, longest first where they overlap. ``casefold`` can change lengths
    (ß -> ss), so the text is folded per character only when that keeps the length."""
    folded = text.casefold() if len(text.casefold()) == len(text) else text.lower()
    if len(folded) != len(text):
        folded = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    found: list[tuple[int, int, str, object]] = []
    for end_idx, (phrase, value) in automaton.iter(folded):
        start = end_idx - len(phrase) + 1
        end = end_idx + 1
        if start > 0 and _word_char(folded[start - 1]):
            continue
        if end < len(folded) and _word_char(folded[end]):
            continue
        found.append((start, end, phrase, value))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str, object]] = []
    for m in found:
        if kept and m[0] < kept[-1][1]:
            if m[1] - m[0] > kept[-1][1] - kept[-1][0] and m[0] == kept[-1][0]:
                kept[-1] = m
            continue
        kept.append(m)
    return kept


def find_cues(text: str) -> list[CueHit]:
    """Every certainty and negation cue in ``text``, in order, overlaps resolved to the longest."""
    return [CueHit(s, e, p, str(tier)) for s, e, p, tier in _matches(_CUE_AUTOMATON, text)]


def find_relation_cues(text: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, phrase, relation)`` for every relation word in ``text``."""
    return [(s, e, p, str(rel)) for s, e, p, rel in _matches(_RELATION_AUTOMATON, text)]


@dataclass(frozen=True, slots=True)
class Reading:
    """What the cues of a text say: the certainty they support, the cues behind it, negation."""

    certainty: str
    cues: tuple[CueHit, ...]
    negations: tuple[CueHit, ...]

    @property
    def because(self) -> str:
        """The cues behind the certainty, for a person to check (``"may", "suggest"``)."""
        if not self.cues:
            return "no hedge or attribution cue: a plain assertion"
        return ", ".join(f"{c.tier} {c.phrase!r}" for c in self.cues)


def read_certainty(text: str) -> Reading:
    """The certainty the words of ``text`` support, by the README's rules, with the cues named."""
    return _reading(find_cues(text))


def _reading(hits: Iterable[CueHit]) -> Reading:
    hits = tuple(hits)
    certainty_cues = tuple(h for h in hits if h.tier not in ("negation", "plain"))
    negations = tuple(h for h in hits if h.tier == "negation")
    tiers = {h.tier for h in certainty_cues}
    hedges = {h.phrase for h in certainty_cues if h.tier == "hedge"}
    if "strong" in tiers or len(hedges) >= 2:
        certainty = "speculative"
    elif hedges:
        certainty = "suggested"
    elif "attribution" in tiers:
        certainty = "reported"
    else:
        certainty = "established"
    return Reading(certainty, certainty_cues, negations)


class CueIndex:
    """Every cue of a whole source text, found in one pass; the reading of any span by bisection.

    The validator reads each quote through its source's index: one Aho-Corasick pass per source
    instead of one per quote (55 µs a quote: a second at 20,000 claims).
    """

    def __init__(self, text: str):
        self.hits = find_cues(text)
        self.starts = [h.start for h in self.hits]

    def certainty(self, start: int, end: int, skip: frozenset[str] = frozenset()) -> str:
        """Only the certainty of ``text[start:end]`` (no records made): the validator's fast path."""
        i = bisect.bisect_left(self.starts, start)
        strong = False
        hedges: set[str] = set()
        attributed = False
        hits = self.hits
        while i < len(hits) and hits[i].start < end:
            h = hits[i]
            i += 1
            if h.end > end or h.phrase in skip:
                continue
            if h.tier == "strong":
                strong = True
            elif h.tier == "hedge":
                hedges.add(h.phrase)
            elif h.tier == "attribution":
                attributed = True
        if strong or len(hedges) >= 2:
            return "speculative"
        if hedges:
            return "suggested"
        return "reported" if attributed else "established"

    def reading(self, start: int, end: int) -> Reading:
        """The reading of ``text[start:end]`` from the cues wholly inside it (offsets relative to it)."""
        i = bisect.bisect_left(self.starts, start)
        inside = []
        while i < len(self.hits) and self.hits[i].start < end:
            h = self.hits[i]
            if h.end <= end:
                inside.append(CueHit(h.start - start, h.end - start, h.phrase, h.tier))
            i += 1
        return _reading(inside)


_INDEXES: weakref.WeakKeyDictionary[Document, CueIndex] = weakref.WeakKeyDictionary()


def cue_index(doc: Document) -> CueIndex:
    """The :class:`CueIndex` of a source document, built once."""
    index = _INDEXES.get(doc)
    if index is None:
        index = _INDEXES[doc] = CueIndex(doc.text)
    return index


def hedge_exceeds(quote: str, certainty: str) -> Reading | None:
    """The reading of ``quote`` when its cues are more hedged than ``certainty``, else ``None``."""
    return _exceeds(read_certainty(quote), certainty)


def _exceeds(reading: Reading, certainty: str) -> Reading | None:
    if CERTAINTY_RANK.get(reading.certainty, 0) > CERTAINTY_RANK.get(certainty, 0):
        return reading
    return None


def hedge_warning(
    claim: Claim, evidence: Sequence[Evidence] | None = None, documents: Mapping[str, Document] | None = None
) -> Issue | None:
    """The validator's warning for a claim whose quote is more hedged than its certainty.

    None when the claim has a ``note`` (the curator says why) or its quotes support its certainty.
    ``evidence`` located in ``documents`` (start and end set) is read through each source's
    :class:`CueIndex`; otherwise each quote is read on its own.
    """
    if claim.note or CERTAINTY_RANK.get(claim.certainty, 0) >= len(CERTAINTY_RANK) - 1:
        return None  # nothing is more hedged than the weakest certainty
    # "is being studied for" states a studied_for claim itself: no hedge on it.
    skip = EXPLORATION if claim.relation == "studied_for" else frozenset()

    def read(ev: Evidence) -> Reading:
        doc = documents.get(ev.source) if documents is not None else None
        reading = cue_index(doc).reading(ev.start, ev.end) if doc is not None and ev.end > ev.start else None
        reading = reading or read_certainty(ev.quote)
        return _reading(c for c in reading.cues if c.phrase not in skip) if skip else reading

    least: tuple[str, Evidence] | None = None  # the least hedged quote speaks for the claim
    for ev in evidence if evidence is not None else claim.evidence:
        doc = documents.get(ev.source) if documents is not None else None
        if doc is not None and ev.end > ev.start:
            certainty = cue_index(doc).certainty(ev.start, ev.end, skip)
        else:
            certainty = read(ev).certainty
        if least is None or CERTAINTY_RANK[certainty] < CERTAINTY_RANK[least[0]]:
            least = (certainty, ev)
    # Attribution alone ("according to", "research has shown") is not a hedge: only a least hedged
    # quote that reads suggested or speculative, below the claim's certainty, warns.
    if least is None or least[0] not in ("suggested", "speculative"):
        return None
    reading, ev = read(least[1]), least[1]
    if _exceeds(reading, claim.certainty) is not None:
        return Issue(
            ev.where.path,
            ev.where.line,
            f"claim {claim.id!r}: certainty {claim.certainty!r}, but its "
            + ("quote reads" if len(claim.evidence) == 1 else "least hedged quote reads")
            + f" {reading.certainty!r} ({reading.because}); lower the certainty, or add a 'note' saying why",
            "warning",
        )
    return None
