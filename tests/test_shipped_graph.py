"""The shipped graph: valid without a single warning, verbatim, hedges kept, the article covered."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import networkx as nx
import pytest

from graph_helpers import SHIPPED_GRAPH
from ketagraph.build import CERTAINTY, EVIDENCE
from ketagraph.load import Corpus
from ketagraph.model import CERTAINTIES
from ketagraph.stats import compute_stats

SOURCE_ID = "reyou-ketamine-brain"
ARTICLE = SHIPPED_GRAPH / SOURCE_ID / "article.txt"
#: sha256 of ../shared/source/000_e7f9e391a3bef133.txt, the article as published.
ARTICLE_SHA256 = "84ab46fb0fcfd9adc3f5fc72cdd815cc4efbb60a0504395dfbcee586f8462741"
#: Words that hedge a statement: a claim quoting them cannot be 'established'.
HEDGE = re.compile(r"\bmay |suggested|believe", re.IGNORECASE)


def test_the_shipped_graph_validates_without_errors_or_warnings(shipped_corpus: Corpus) -> None:
    assert [str(i) for i in shipped_corpus.issues] == []


def test_the_article_is_byte_identical_to_the_published_one() -> None:
    assert hashlib.sha256(ARTICLE.read_bytes()).hexdigest() == ARTICLE_SHA256


def test_the_loaded_source_is_that_article(shipped_corpus: Corpus) -> None:
    source = shipped_corpus.sources[SOURCE_ID]
    assert source.sha256 == ARTICLE_SHA256
    assert source.file == f"{SOURCE_ID}/article.txt"
    assert source.title == "What Does Ketamine Do to Your Brain?"
    assert source.publisher == "ReYou Ketamine in NJ"
    assert (source.kind, source.language) == ("clinic-marketing", "en")
    assert list(shipped_corpus.sources) == [SOURCE_ID]


def test_every_claim_has_evidence(shipped_corpus: Corpus) -> None:
    assert len(shipped_corpus.claims) >= 60
    assert [c.id for c in shipped_corpus.claims if not c.evidence] == []


def test_every_quote_is_the_source_text_at_its_offsets(shipped_corpus: Corpus) -> None:
    text = ARTICLE.read_bytes().decode("utf-8")
    checked = 0
    for claim in shipped_corpus.claims:
        for ev in claim.evidence:
            assert ev.source == SOURCE_ID
            assert text[ev.start : ev.end] == ev.quote, claim.id
            assert ev.section, claim.id
            checked += 1
    assert checked >= len(shipped_corpus.claims)


def test_the_built_graph_carries_the_same_offsets(shipped_graph: nx.MultiDiGraph) -> None:
    text = ARTICLE.read_bytes().decode("utf-8")
    for _, _, key, data in shipped_graph.edges(keys=True, data=True):
        assert data[EVIDENCE], key
        for ev in data[EVIDENCE]:
            assert text[ev["start"] : ev["end"]] == ev["quote"], key


def test_hedges_survive(shipped_corpus: Corpus) -> None:
    upgraded = [
        (c.id, ev.quote)
        for c in shipped_corpus.claims
        for ev in c.evidence
        if HEDGE.search(ev.quote) and c.certainty == "established"
    ]
    assert upgraded == []


@pytest.mark.parametrize(
    ("quote", "hedged"),
    [
        ("Ketamine may help.", True),
        ("Some studies have suggested that it helps.", True),
        ("Researchers believe it works.", True),
        ("May cause drowsiness.", True),
        ("Ketamine can lead to addiction.", False),
        ("It has become a mainstay.", False),
    ],
)
def test_the_hedge_detector(quote: str, hedged: bool) -> None:
    assert bool(HEDGE.search(quote)) is hedged


def test_the_graph_keeps_hedged_claims(shipped_corpus: Corpus) -> None:
    counts = Counter(c.certainty for c in shipped_corpus.claims)
    assert set(counts) <= set(CERTAINTIES)
    assert counts["suggested"] + counts["speculative"] > 0


def test_no_two_claims_state_the_same_thing(shipped_corpus: Corpus) -> None:
    triples = Counter((c.subject, c.relation, c.object, c.certainty, c.polarity) for c in shipped_corpus.claims)
    assert [t for t, n in triples.items() if n > 1] == []
    assert len({c.id for c in shipped_corpus.claims}) == len(shipped_corpus.claims)


def test_every_entity_is_used_and_every_claim_connects_entities(
    shipped_corpus: Corpus, shipped_graph: nx.MultiDiGraph
) -> None:
    assert set(shipped_graph.nodes) == set(shipped_corpus.entities)
    assert [n for n in shipped_graph if shipped_graph.degree(n) == 0] == []
    assert shipped_graph.number_of_edges() == len(shipped_corpus.claims)


def test_certainty_on_every_edge_is_in_the_vocabulary(shipped_graph: nx.MultiDiGraph) -> None:
    assert {d[CERTAINTY] for _, _, d in shipped_graph.edges(data=True)} <= set(CERTAINTIES)


def test_the_claims_cover_at_least_90_percent_of_the_sentences(shipped_corpus: Corpus) -> None:
    (coverage,) = compute_stats(shipped_corpus).coverage
    uncovered = [u.text for u in coverage.uncovered]
    assert coverage.sentence_ratio >= 0.9, uncovered
