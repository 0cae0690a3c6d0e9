"""Counts and coverage: what the graph holds, and which sentences of its sources no claim cites.

The uncovered sentences are a curator's to-do list: every sentence of an article that asserts
something should end up as evidence of at least one claim.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ketagraph.load import Corpus
from ketagraph.text import Intervals, Span

__all__ = ["SourceCoverage", "Stats", "compute_stats"]


@dataclass(frozen=True)
class SourceCoverage:
    source: str
    title: str
    sentences: int
    covered_sentences: int
    characters: int  # characters in sentences
    covered_characters: int  # characters of sentences inside some quote
    uncovered: tuple[Span, ...]

    @property
    def sentence_ratio(self) -> float:
        return self.covered_sentences / self.sentences if self.sentences else 1.0

    @property
    def character_ratio(self) -> float:
        return self.covered_characters / self.characters if self.characters else 1.0


@dataclass(frozen=True)
class Stats:
    entities: int
    claims: int
    sources: int
    quotes: int
    by_type: dict[str, int] = field(default_factory=dict)
    by_relation: dict[str, int] = field(default_factory=dict)
    by_certainty: dict[str, int] = field(default_factory=dict)
    by_polarity: dict[str, int] = field(default_factory=dict)
    coverage: tuple[SourceCoverage, ...] = ()


def compute_stats(corpus: Corpus) -> Stats:
    """Counts by type, relation, certainty and polarity, and evidence coverage per source."""
    spans: dict[str, list[tuple[int, int]]] = {sid: [] for sid in corpus.sources}
    quotes = 0
    for claim in corpus.claims:
        for ev in claim.evidence:
            quotes += 1
            if ev.start >= 0 and ev.source in spans:
                spans[ev.source].append((ev.start, ev.end))
    coverage = []
    for sid in sorted(corpus.sources):
        doc = corpus.documents[sid]
        quoted = Intervals(spans[sid]).union()
        covered_sentences = 0
        chars = covered_chars = 0
        uncovered = []
        for sentence in doc.sentences:
            overlap = quoted.covered(sentence.start, sentence.end)
            chars += sentence.end - sentence.start
            covered_chars += overlap
            if overlap:
                covered_sentences += 1
            else:
                uncovered.append(sentence)
        coverage.append(
            SourceCoverage(
                source=sid,
                title=corpus.sources[sid].title,
                sentences=len(doc.sentences),
                covered_sentences=covered_sentences,
                characters=chars,
                covered_characters=covered_chars,
                uncovered=tuple(uncovered),
            )
        )
    return Stats(
        entities=len(corpus.entities),
        claims=len(corpus.claims),
        sources=len(corpus.sources),
        quotes=quotes,
        by_type=_sorted_counts(e.type for e in corpus.entities.values()),
        by_relation=_sorted_counts(c.relation for c in corpus.claims),
        by_certainty=_sorted_counts(c.certainty for c in corpus.claims),
        by_polarity=_sorted_counts(c.polarity for c in corpus.claims),
        coverage=tuple(coverage),
    )


def _sorted_counts(values: object) -> dict[str, int]:
    counts = Counter(values)  # type: ignore[call-overload]
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
