"""ketagraph.stats: counts, and which sentences of a source no claim quotes yet."""

from __future__ import annotations

from graph_helpers import ARTICLE, CLAIMS_YAML, MakeGraph, one_claim
from ketagraph.load import Corpus, load_corpus
from ketagraph.stats import SourceCoverage, Stats, compute_stats
from ketagraph.text import Span


def test_counts(tiny_corpus: Corpus) -> None:
    s = compute_stats(tiny_corpus)
    assert isinstance(s, Stats)
    assert (s.entities, s.claims, s.sources, s.quotes) == (4, 3, 1, 3)
    assert s.by_type == {"condition": 1, "drug": 1, "receptor": 1, "risk": 1}
    assert s.by_relation == {"acts_on": 1, "causes": 1, "treats": 1}
    assert s.by_certainty == {"established": 2, "speculative": 1}
    assert s.by_polarity == {"affirmed": 3}


def test_counts_are_sorted_most_frequent_first_then_by_name(tiny_corpus: Corpus) -> None:
    assert list(compute_stats(tiny_corpus).by_certainty) == ["established", "speculative"]


def test_coverage_lists_the_sentences_no_claim_quotes(tiny_corpus: Corpus) -> None:
    (cov,) = compute_stats(tiny_corpus).coverage
    first_addiction = ARTICLE.index("Ketamine can lead to addiction.")
    assert cov == SourceCoverage(
        source="article",
        title="Ketamine and the brain",
        sentences=6,
        covered_sentences=3,
        characters=32 + 48 + 29 + 31 + 35 + 31,
        covered_characters=32 + 48 + 31,
        uncovered=(
            Span(
                ARTICLE.index("The drug"), ARTICLE.index("The drug") + 29, "sentence", "The drug’s effects are rapid."
            ),
            Span(first_addiction, first_addiction + 31, "sentence", "Ketamine can lead to addiction."),
            Span(
                ARTICLE.index("A naïve"),
                ARTICLE.index("A naïve") + 35,
                "sentence",
                "A naïve user may feel dissociation.",
            ),
        ),
    )
    assert cov.sentence_ratio == 0.5
    assert cov.character_ratio == 111 / 206


def test_overlapping_quotes_are_counted_once_and_partial_quotes_count(make_graph: MakeGraph) -> None:
    extra = (
        one_claim(id="id: b", relation="relation: modulates", quote="The drug’s effects")
        + one_claim(id="id: c", relation="relation: regulates", quote="drug’s effects are").removeprefix("claims:\n")
        + one_claim(
            id="id: d", relation="relation: interacts_with", quote="rapid.\n\nRisks\n\nKetamine can"
        ).removeprefix("claims:\n")
    )
    corpus = load_corpus(make_graph({"more.yaml": extra}))
    assert corpus.issues == []
    (cov,) = compute_stats(corpus).coverage
    # "The drug’s effects are" (22) and "rapid." (6) of sentence 3; "Ketamine can" (12) of sentence 4.
    assert (cov.covered_sentences, cov.covered_characters) == (5, 111 + 22 + 6 + 12)
    assert [u.text for u in cov.uncovered] == ["A naïve user may feel dissociation."]


def test_full_coverage(make_graph: MakeGraph) -> None:
    quotes = [
        ("modulates", "The drug’s effects are rapid.", "established"),
        ("regulates", "Ketamine can lead to addiction.", "established"),
        ("interacts_with", "A naïve user may feel dissociation.", "suggested"),  # one hedge: suggested
    ]
    extra = "claims:\n" + "".join(
        one_claim(id=f"id: x{i}", relation=f"relation: {rel}", certainty=f"certainty: {c}", quote=q).removeprefix(
            "claims:\n"
        )
        for i, (rel, q, c) in enumerate(quotes)
    )
    extra = extra.replace(
        '"Ketamine can lead to addiction."', '"Ketamine can lead to addiction."\n        occurrence: 1'
    )
    corpus = load_corpus(make_graph({"more.yaml": extra}))
    assert corpus.issues == []
    (cov,) = compute_stats(corpus).coverage
    assert (cov.sentence_ratio, cov.character_ratio, cov.uncovered) == (1.0, 1.0, ())


def test_a_source_without_sentences_counts_as_covered(make_graph: MakeGraph) -> None:
    corpus = load_corpus(
        make_graph({"article.txt": "Only a heading\n", "claims.yaml": one_claim(quote="Only a heading")})
    )
    assert corpus.ok
    (cov,) = compute_stats(corpus).coverage
    assert (cov.sentences, cov.sentence_ratio, cov.character_ratio) == (0, 1.0, 1.0)


def test_stats_of_a_corpus_with_problems_do_not_raise(make_graph: MakeGraph) -> None:
    corpus = load_corpus(make_graph({"claims.yaml": CLAIMS_YAML.replace("occurrence: 2", "occurrence: 9")}))
    assert not corpus.ok
    s = compute_stats(corpus)
    assert s.claims == 2
    assert s.coverage[0].covered_sentences == 2
