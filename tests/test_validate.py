"""ketagraph.validate: cross-checks between records; one small broken graph per rule.

Each test asserts every issue of the graph as printed, with file and line.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import ketagraph
from graph_helpers import ARTICLE, CLAIMS_YAML, ENTITIES_YAML, MakeGraph, errors, messages, one_claim, yaml_text
from ketagraph.errors import Issue
from ketagraph.load import load_corpus


def test_a_valid_graph_has_no_issues(tiny: Path) -> None:
    assert ketagraph.validate_folder(tiny) == []
    assert ketagraph.validate_folder(str(tiny)) == []


def test_quotes_are_located_with_offsets_and_sections(tiny: Path) -> None:
    corpus = load_corpus(tiny)
    located = {c.id: c.evidence[0] for c in corpus.claims}
    for ev in located.values():
        assert ARTICLE[ev.start : ev.end] == ev.quote
    assert located["ketamine-acts-on-nmda-receptor"].section == "Ketamine and the brain"
    assert located["ketamine-causes-addiction"].section == "Risks"
    assert located["ketamine-causes-addiction"].start == ARTICLE.rindex("Ketamine can lead to addiction.")


# --- references -------------------------------------------------------------------------------


def test_unknown_subject_entity_suggested_by_id(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(subject="subject: ketamin")})
    assert errors(root) == [
        "graph/claims.yaml:3: claim 'a': unknown subject entity 'ketamin' (did you mean 'ketamine'?)"
    ]


def test_unknown_object_entity_suggested_by_alias(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(object="object: nmda-receptors")})
    assert errors(root) == [
        "graph/claims.yaml:5: claim 'a': unknown object entity 'nmda-receptors' (did you mean 'nmda-receptor'?)"
    ]


def test_unknown_entity_suggested_by_an_alias_far_from_every_id(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(subject="subject: ketamine-hydrochloride")})
    assert errors(root) == [
        "graph/claims.yaml:3: claim 'a': unknown subject entity 'ketamine-hydrochloride' (did you mean 'ketamine'?)"
    ]


def test_unknown_entity_suggested_by_label(make_graph: MakeGraph) -> None:
    more = "entities:\n  - id: mdd\n    label: Major depressive disorder\n    type: condition\n"
    claim = one_claim(object="object: major-depressive-disorder", relation="relation: treats")
    root = make_graph({"more.yaml": more, "claims.yaml": CLAIMS_YAML + claim.removeprefix("claims:\n")})
    assert errors(root) == [
        "graph/claims.yaml:31: claim 'a': unknown object entity 'major-depressive-disorder' (did you mean 'mdd'?)"
    ]


def test_unknown_entity_without_a_suggestion(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(subject="subject: serotonin", object="object: xyz")})
    assert errors(root) == [
        "graph/claims.yaml:3: claim 'a': unknown subject entity 'serotonin'",
        "graph/claims.yaml:5: claim 'a': unknown object entity 'xyz'",
    ]


def test_unknown_source_with_a_suggestion(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(source="articel")})
    assert errors(root) == [
        "graph/claims.yaml:8: claim 'a': unknown source 'articel' (did you mean 'article'?); known sources: article"
    ]


def test_unknown_source_without_a_suggestion(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(source="blog-post")})
    assert errors(root) == ["graph/claims.yaml:8: claim 'a': unknown source 'blog-post'; known sources: article"]


def test_unknown_source_when_there_are_none(make_graph: MakeGraph) -> None:
    root = make_graph({"source.yaml": None, "article.txt": None})
    assert errors(root) == [
        "graph/claims.yaml:8: claim 'ketamine-acts-on-nmda-receptor': unknown source 'article'",
        "graph/claims.yaml:17: claim 'ketamine-treats-depression': unknown source 'article'",
        "graph/claims.yaml:25: claim 'ketamine-causes-addiction': unknown source 'article'",
    ]


# --- quotes -----------------------------------------------------------------------------------


def test_quote_with_a_straight_apostrophe_where_the_source_has_a_curly_one(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(quote="The drug's effects are rapid.")})
    assert errors(root) == [
        "graph/claims.yaml:9: claim 'a': quote not found verbatim in source 'article': \"The drug's effects are rapid.\"; "
        "the source has it with other quote marks, dashes, spacing or case (the source uses ’ (U+2019)); "
        "copy it from: 'The drug’s effects are rapid.'"
    ]


def test_quote_differing_in_case_and_spacing(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(quote="ketamine acts on  NMDA receptors")})
    assert errors(root) == [
        "graph/claims.yaml:9: claim 'a': quote not found verbatim in source 'article': 'ketamine acts on NMDA receptors'; "
        "the source has it with other quote marks, dashes, spacing or case; "
        "copy it from: 'Ketamine acts on NMDA receptors.'"
    ]


def test_quote_not_found_gets_the_closest_passage(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(quote="Ketamine can lead to dependence and addiction.")})
    assert errors(root) == [
        "graph/claims.yaml:9: claim 'a': quote not found verbatim in source 'article': "
        "'Ketamine can lead to dependence and addiction.'; closest passage in the source: 'Ketamine can lead to addiction.'"
    ]


def test_quote_with_nothing_like_it_in_the_source(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(quote="Completely unrelated words here.")})
    assert errors(root) == [
        "graph/claims.yaml:9: claim 'a': quote not found verbatim in source 'article': "
        "'Completely unrelated words here.'; no similar passage found in the source"
    ]


def test_a_long_unfound_quote_is_clipped_in_the_message(make_graph: MakeGraph) -> None:
    quote = "Ketamine acts on NMDA receptors and " + "also on many other things " * 5
    root = make_graph({"claims.yaml": one_claim(quote=quote)})
    (message,) = errors(root)
    shown = " ".join(quote.split())[:79] + "…"
    assert message.startswith(
        f"graph/claims.yaml:9: claim 'a': quote not found verbatim in source 'article': {shown!r}; "
    )


def test_hints_are_limited(make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ketagraph.validate, "MAX_HINTS", 1)
    claims = one_claim(quote="Ketamine acts on receptors.") + one_claim(
        id="id: b", quote="Ketamine acts on brain receptors."
    ).removeprefix("claims:\n")
    root = make_graph({"claims.yaml": claims})
    assert errors(root) == [
        "graph/claims.yaml:9: claim 'a': quote not found verbatim in source 'article': 'Ketamine acts on receptors.'; "
        "closest passage in the source: 'Ketamine acts on NMDA receptors.'",
        "graph/claims.yaml:17: claim 'b': quote not found verbatim in source 'article': "
        "'Ketamine acts on brain receptors.'; check it against the source text",
    ]


def test_quote_found_twice_without_occurrence(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": CLAIMS_YAML.replace("        occurrence: 2\n", "")})
    assert errors(root) == [
        "graph/claims.yaml:26: claim 'ketamine-causes-addiction': quote occurs 2 times in source 'article'; "
        "quote more of the passage, or add 'occurrence: N' (1 to 2) to pick one"
    ]


def test_occurrence_picks_one(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": CLAIMS_YAML.replace("occurrence: 2", "occurrence: 1")})
    corpus = load_corpus(root)
    assert corpus.issues == []
    assert corpus.claims[2].evidence[0].start == ARTICLE.index("Ketamine can lead to addiction.")


def test_occurrence_out_of_range(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": CLAIMS_YAML.replace("occurrence: 2", "occurrence: 3")})
    assert errors(root) == [
        "graph/claims.yaml:27: claim 'ketamine-causes-addiction': 'occurrence: 3' but the quote occurs only 2 times "
        "in source 'article'"
    ]


def test_occurrence_out_of_range_for_a_unique_quote(make_graph: MakeGraph) -> None:
    claim = one_claim(certainty="certainty: established").replace("quote: ", "occurrence: 2\n        quote: ")
    root = make_graph({"claims.yaml": claim})
    assert errors(root) == [
        "graph/claims.yaml:9: claim 'a': 'occurrence: 2' but the quote occurs only 1 time in source 'article'"
    ]


def test_overlapping_occurrences_count(make_graph: MakeGraph) -> None:
    article = ARTICLE.replace("Ketamine acts on NMDA receptors.", "Ketamine acts on NMDA receptors. Ha ha ha ha.")
    root = make_graph(
        {
            "article.txt": article,
            "claims.yaml": CLAIMS_YAML
            + one_claim(
                id="id: a", quote="ha ha", object="object: addiction", relation="relation: interacts_with"
            ).removeprefix("claims:\n"),
        }
    )
    assert errors(root) == [
        "graph/claims.yaml:35: claim 'a': quote occurs 2 times in source 'article'; "
        "quote more of the passage, or add 'occurrence: N' (1 to 2) to pick one"
    ]


def test_quote_in_another_unicode_normalisation_than_the_source(make_graph: MakeGraph) -> None:
    quote = unicodedata.normalize("NFD", "A naïve user may feel dissociation.")
    root = make_graph({"claims.yaml": one_claim(quote=quote)})
    assert errors(root) == [
        f"graph/claims.yaml:9: claim 'a': quote not found verbatim in source 'article': {quote!r}; "
        "the quote differs from the source only by Unicode normalisation (the source is NFC, the quote is not): "
        "retype it or normalise it to NFC"
    ]


def test_source_in_nfd_and_quote_in_nfc(make_graph: MakeGraph) -> None:
    root = make_graph(
        {
            "article.txt": unicodedata.normalize("NFD", ARTICLE),
            "claims.yaml": CLAIMS_YAML
            + one_claim(
                quote="A naïve user may feel dissociation.", relation="relation: causes", object="object: depression"
            ).removeprefix("claims:\n"),
        }
    )
    assert errors(root) == [
        "graph/claims.yaml:35: claim 'a': quote not found verbatim in source 'article': "
        "'A naïve user may feel dissociation.'; the quote differs from the source only by Unicode normalisation "
        "(the source is NFD, the quote is NFC): copy it from the source"
    ]


def test_a_quote_spanning_lines_is_found(make_graph: MakeGraph) -> None:
    article = ARTICLE.replace("Risks\n\nKetamine can lead", "Risks\n\nKetamine can\nlead")
    root = make_graph(
        {
            "article.txt": article,
            "claims.yaml": CLAIMS_YAML.replace(
                '"Ketamine can lead to addiction."\n        occurrence: 2', '"Ketamine can\\nlead to addiction."'
            ),
        }
    )
    corpus = load_corpus(root)
    assert corpus.issues == []
    ev = corpus.claims[2].evidence[0]
    assert article[ev.start : ev.end] == "Ketamine can\nlead to addiction."


# --- duplicates ---------------------------------------------------------------------------------


def test_duplicate_claim_id_across_two_files(make_graph: MakeGraph) -> None:
    extra = one_claim(id="id: ketamine-treats-depression", relation="relation: modulates")
    root = make_graph({"more/claims.yaml": extra})
    assert errors(root) == [
        "graph/more/claims.yaml:2: duplicate claim id 'ketamine-treats-depression' "
        "(first defined at graph/claims.yaml:10)"
    ]


def test_duplicate_claim_triple(make_graph: MakeGraph) -> None:
    root = make_graph({"more.yaml": one_claim(id="id: same-again")})
    assert errors(root) == [
        "graph/more.yaml:2: claim 'same-again': states the same ketamine acts_on nmda-receptor (established, affirmed) "
        "as claim 'ketamine-acts-on-nmda-receptor' (graph/claims.yaml:2); merge their evidence into one claim"
    ]


@pytest.mark.parametrize("field", ["certainty: suggested", "polarity: negated"])
def test_the_same_triple_at_another_certainty_or_polarity_is_another_claim(make_graph: MakeGraph, field: str) -> None:
    key = field.split(":")[0]
    root = make_graph({"more.yaml": one_claim(id="id: hedged", **{key: field})})
    assert messages(root) == []


def test_the_same_quote_twice_in_one_claim_is_a_warning(make_graph: MakeGraph) -> None:
    claim = one_claim() + "      - source: article\n        quote: Ketamine acts on NMDA receptors.\n"
    root = make_graph({"claims.yaml": claim})
    assert messages(root) == [
        "graph/claims.yaml:2: warning: claim 'a': the same quote is listed 2 times as evidence; list it once",
        "graph/entities.yaml:12: warning: entity 'depression' is not used by any claim",
        "graph/entities.yaml:15: warning: entity 'addiction' is not used by any claim",
    ]


def test_unused_entity_and_source_are_warnings(make_graph: MakeGraph) -> None:
    root = make_graph(
        {
            "more.yaml": yaml_text(
                """
                sources:
                  - id: other
                    title: Other
                    publisher: P
                    kind: news
                    language: en
                    file: article.txt
                entities:
                  - id: serotonin
                    label: Serotonin
                    type: neurotransmitter
                """
            )
        }
    )
    corpus = load_corpus(root)
    assert corpus.ok
    assert [str(i) for i in corpus.issues] == [
        "graph/more.yaml:2: warning: source 'other' is not quoted by any claim",
        "graph/more.yaml:9: warning: entity 'serotonin' is not used by any claim",
    ]
    assert corpus.warnings == corpus.issues


def test_issues_are_sorted_by_file_then_line(make_graph: MakeGraph) -> None:
    root = make_graph(
        {
            "b.yaml": one_claim(id="id: b", subject="subject: ketamin"),
            "a.yaml": one_claim(id="id: a", object="object: nmda"),
        }
    )
    issues = load_corpus(root).issues
    assert issues == sorted(issues, key=lambda i: (i.path, i.line or 0, i.message))
    assert [i.path for i in issues] == ["graph/a.yaml", "graph/b.yaml"]
    assert all(isinstance(i, Issue) for i in issues)


def test_entity_lookup_hint_by_alias_is_case_insensitive(make_graph: MakeGraph) -> None:
    entities = ENTITIES_YAML.replace("aliases: [NMDA receptors]", "aliases: [NMDA-R]")
    root = make_graph({"entities.yaml": entities, "claims.yaml": one_claim(object="object: nmda-r")})
    assert errors(root) == [
        "graph/claims.yaml:5: claim 'a': unknown object entity 'nmda-r' (did you mean 'nmda-receptor'?)"
    ]


# --- what is not said: no cascade of warnings behind an error ----------------------------------


def test_a_file_that_does_not_parse_hides_the_unused_warnings(make_graph: MakeGraph) -> None:
    # Before: one indentation slip also printed "not used by any claim" for every entity and the source.
    root = make_graph({"claims.yaml": CLAIMS_YAML.replace("    relation: acts_on", "   relation: acts_on", 1)})
    assert messages(root) == [
        "graph/claims.yaml:4: YAML syntax error: did not find expected '-' indicator (while parsing a block collection)"
    ]


@pytest.mark.parametrize(
    "claims",
    ["claims: not a list\n", "claims:\n  - just text\n", "- a list, not a mapping\n"],
)
def test_a_claims_file_of_the_wrong_shape_hides_the_unused_warnings(make_graph: MakeGraph, claims: str) -> None:
    root = make_graph({"claims.yaml": claims})
    assert [m for m in messages(root) if "not used" in m or "not quoted" in m] == []
    assert len(errors(root)) == 1


def test_entities_named_by_a_rejected_claim_are_not_called_unused(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": one_claim(relation="relation: heals", object="object: depression")})
    assert messages(root) == [
        "graph/claims.yaml:4: claim 'a': 'relation' unknown relation 'heals'; allowed: acts_on, modulates, "
        "interacts_with, part_of, is_a, regulates, causes, contributes_to, treats, used_for, uses, studied_for, "
        "led_to, mitigates, classified_as, synthesized_by, affiliated_with, provides",
        "graph/entities.yaml:8: warning: entity 'nmda-receptor' is not used by any claim",
        "graph/entities.yaml:15: warning: entity 'addiction' is not used by any claim",
    ]


def test_errors_come_before_warnings_whatever_the_files(make_graph: MakeGraph) -> None:
    root = make_graph(
        {
            "aaa.yaml": "entities:\n  - {id: spare, label: Spare, type: drug}\n",
            "claims.yaml": CLAIMS_YAML + one_claim(object="object: nmda").removeprefix("claims:\n"),
        }
    )
    assert messages(root) == [
        "graph/claims.yaml:31: claim 'a': unknown object entity 'nmda'",
        "graph/aaa.yaml:2: warning: entity 'spare' is not used by any claim",
    ]
