"""Sentences, the cue table, drafts, the validator's hedge warning and the drafting figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_helpers import MakeGraph
from ketagraph.cli import cli
from ketagraph.curate.cues import read_certainty
from ketagraph.curate.draft import draft_source, read_drafts
from ketagraph.curate.sentences import split_sentences
from ketagraph.errors import KetagraphError
from ketagraph.load import Corpus, load_corpus


def test_sentences_survive_abbreviations_and_keep_offsets() -> None:
    text = (
        "A heading\n\nDr. Smith of the U.S. Food and Drug Administration spoke, e.g. in Boston. "
        "It costs 3.5 dollars. “Really?” she asked.\n"
    )
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "A heading",
        "Dr. Smith of the U.S. Food and Drug Administration spoke, e.g. in Boston.",
        "It costs 3.5 dollars.",
        "“Really?” she asked.",
    ]
    assert sents[0].heading and not sents[1].heading
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_sentence_offsets_are_code_points_past_astral_characters() -> None:
    text = "Emoji 😀 first. Then ketamine.\n"
    s = split_sentences(text)[1]
    assert text[s.start : s.end] == "Then ketamine." and s.start == len("Emoji 😀 first. ") == 15


@pytest.mark.parametrize(
    ("sentence", "certainty", "cues"),
    [
        ("Ketamine is classified as a Schedule III controlled substance.", "established", []),
        ("Ketamine can lead to addiction.", "established", []),
        ("Research has shown that ketamine can rapidly alleviate symptoms.", "reported", ["research has shown"]),
        ("Ketamine may contribute to its sedative effects.", "suggested", ["may"]),
        ("Moreover, ketamine has shown promise in PTSD.", "suggested", ["has shown promise"]),
        ("They believe that its effects may contribute to it.", "speculative", ["believe", "may"]),
        (
            "Ongoing research is exploring the potential of ketamine.",
            "speculative",
            ["ongoing research", "is exploring", "potential"],
        ),
        ("It could possibly help.", "speculative", ["could", "possibly"]),
    ],
)
def test_the_cue_table_encodes_the_readme_tiers(sentence: str, certainty: str, cues: list[str]) -> None:
    reading = read_certainty(sentence)
    assert reading.certainty == certainty
    assert [c.phrase for c in reading.cues] == cues
    for c in reading.cues:
        assert sentence[c.start : c.end].casefold() == c.phrase


def test_negation_is_apart_and_words_must_be_whole() -> None:
    reading = read_certainty("Ketamine does not cause mayhem; nothing is known.")
    assert reading.certainty == "established"  # "mayhem" is not "may", "nothing" is not "no"
    assert [c.phrase for c in reading.negations] == ["not"]


def test_drafts_propose_subject_relation_object_certainty_and_negation(make_graph: MakeGraph) -> None:
    root = make_graph(
        {
            "article.txt": "Title here\n\nKetamine acts on NMDA receptors. Research has shown that ketamine does not cause addiction. Studies suggest it may treat depression. Nothing else.\n"
        }
    )
    corpus = load_corpus(root)
    drafts = draft_source(corpus.sources["article"], corpus.entities)
    got = [(d.subject, d.relation, d.object, d.certainty, d.polarity, d.quote) for d in drafts]
    assert got == [
        ("ketamine", "acts_on", "nmda-receptor", "established", "affirmed", "Ketamine acts on NMDA receptors."),
        (
            "ketamine",
            "causes",
            "addiction",
            "reported",
            "negated",
            "Research has shown that ketamine does not cause addiction.",
        ),
        ("ketamine", "treats", "depression", "speculative", "affirmed", "Studies suggest it may treat depression."),
    ]
    assert drafts[2].because == ["hedge 'suggest'", "hedge 'may'"]
    assert drafts[1].negation_cues == ["not"]
    text = corpus.sources["article"].text
    assert all(text[d.start : d.end] == d.quote for d in drafts)


def test_the_draft_command_writes_drafts_apart_from_the_claims(tiny: Path) -> None:
    claims_before = (tiny / "claims.yaml").read_bytes()
    result = CliRunner().invoke(cli, ["draft", "article", "graph"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    doc = json.loads((tiny / "drafts.json").read_text(encoding="utf-8"))
    assert doc["generator"].startswith("ketagraph draft") and doc["cue_table"] and doc["source_sha256"]
    assert len(read_drafts(tiny / "drafts.json")) == len(doc["drafts"]) > 0
    assert (tiny / "claims.yaml").read_bytes() == claims_before
    assert load_corpus(tiny).ok  # drafts.json is not read as part of the graph
    unknown = CliRunner().invoke(cli, ["draft", "nope", "graph"])
    assert unknown.exit_code == 2 and "known sources: article" in unknown.output


def test_the_validator_warns_when_a_quote_is_more_hedged_than_its_claim(make_graph: MakeGraph) -> None:
    claims = (
        "claims:\n"
        "  - id: k-d\n    subject: ketamine\n    relation: treats\n    object: depression\n    certainty: established\n"
        '    evidence:\n      - source: article\n        quote: "Researchers believe it may help with depression."\n'
        "  - id: k-a\n    subject: ketamine\n    relation: causes\n    object: addiction\n    certainty: established\n"
        '    evidence:\n      - source: article\n        quote: "A naïve user may feel dissociation."\n'
        "    note: the curator's reason\n"
    )
    corpus = load_corpus(make_graph({"claims.yaml": claims}))
    hedge = [str(i) for i in corpus.warnings if "quote reads" in i.message]
    assert hedge == [
        "graph/claims.yaml:8: warning: claim 'k-d': certainty 'established', but its quote reads 'speculative' "
        "(strong 'believe', hedge 'may'); lower the certainty, or add a 'note' saying why"
    ]


def test_drafting_the_shipped_article_from_its_text(shipped_corpus: Corpus) -> None:
    """The benchmark of drafting: printed figures, no threshold."""
    source = shipped_corpus.sources["reyou-ketamine-brain"]
    drafts = {d.start: d for d in draft_source(source, shipped_corpus.entities)}
    sentences = split_sentences(source.text)
    quoted = proposed = same = 0
    for claim in shipped_corpus.claims:
        ev = claim.evidence[0]
        sentence = next(s for s in sentences if s.start <= ev.start < s.end)
        quoted += 1
        draft = drafts.get(sentence.start)
        if draft is not None:
            proposed += 1
            same += draft.certainty == claim.certainty
    print(
        f"\ndrafting the shipped article: {len(drafts)} drafts; {proposed}/{quoted} shipped claims have their "
        f"quoted sentence proposed ({proposed / quoted:.0%}); proposed certainty equals the curated one for "
        f"{same}/{proposed} ({same / max(proposed, 1):.0%})"
    )
    assert quoted == len(shipped_corpus.claims)


def test_drafts_of_another_version_of_the_text_are_refused(tiny: Path) -> None:
    assert CliRunner().invoke(cli, ["draft", "article", "graph"]).exit_code == 0
    (tiny / "article.txt").write_text("Another text.\n", encoding="utf-8")
    changed = load_corpus(tiny).sources["article"]
    with pytest.raises(KetagraphError, match="made from another version of the text of source 'article'; draft again"):
        read_drafts(tiny / "drafts.json", changed)


def claims_file(*claims: tuple[str, str, str, list[str]]) -> str:
    out = "claims:\n"
    for cid, relation, certainty, quotes in claims:
        out += f"  - id: {cid}\n    subject: ketamine\n    relation: {relation}\n    object: depression\n"
        out += f"    certainty: {certainty}\n    evidence:\n"
        out += "".join(f'      - source: article\n        quote: "{q}"\n' for q in quotes)
    return out


def test_the_hedge_warning_reads_the_least_hedged_quote_and_ignores_attribution(make_graph: MakeGraph) -> None:
    article = (
        "Title\n\nKetamine treats depression. Researchers believe it might treat depression. "
        "According to clinicians, ketamine treats depression. Ketamine is being studied for depression.\n"
    )
    claims = claims_file(
        (
            "a",
            "treats",
            "established",
            ["Ketamine treats depression.", "Researchers believe it might treat depression."],
        ),
        ("b", "used_for", "established", ["According to clinicians, ketamine treats depression."]),
        ("c", "studied_for", "established", ["Ketamine is being studied for depression."]),
        ("d", "causes", "reported", ["Researchers believe it might treat depression."]),
    )
    corpus = load_corpus(make_graph({"article.txt": article, "claims.yaml": claims}))
    hedge = [str(i) for i in corpus.warnings if "reads" in i.message]
    assert hedge == [
        "graph/claims.yaml:34: warning: claim 'd': certainty 'reported', but its quote reads 'speculative' "
        "(strong 'believe', strong 'might'); lower the certainty, or add a 'note' saying why"
    ]


def test_the_source_wide_cue_index_reads_as_each_quote_alone(shipped_corpus: Corpus) -> None:
    from ketagraph.curate.cues import CueIndex

    source = shipped_corpus.sources["reyou-ketamine-brain"]
    index = CueIndex(source.text)
    for s in split_sentences(source.text):
        alone = read_certainty(s.text)
        assert index.reading(s.start, s.end) == alone, s.text
        assert index.certainty(s.start, s.end) == alone.certainty
