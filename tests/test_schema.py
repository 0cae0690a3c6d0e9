"""ketagraph.schema: each field check returns the message a curator sees, or None."""

from __future__ import annotations

from typing import Any

import pytest

from ketagraph.model import CERTAINTIES, ENTITY_TYPES, POLARITIES, QUALIFIER_KEYS, RELATIONS, SOURCE_KINDS
from ketagraph.schema import (
    CLAIM_FIELDS,
    ENTITY_FIELDS,
    EVIDENCE_FIELDS,
    MAX_ID,
    MAX_LABEL,
    MAX_LIST,
    RECORDS,
    SOURCE_FIELDS,
    TOP_LEVEL_KEYS,
    closest,
    describe_type,
    did_you_mean,
)


def check(fields: dict[str, Any], key: str, value: Any) -> str | None:
    problem: str | None = fields[key].check(value)
    return problem


def test_records_and_top_level_keys() -> None:
    assert TOP_LEVEL_KEYS == ("sources", "entities", "claims")
    assert RECORDS == {"sources": SOURCE_FIELDS, "entities": ENTITY_FIELDS, "claims": CLAIM_FIELDS}


@pytest.mark.parametrize(
    ("fields", "required"),
    [
        (SOURCE_FIELDS, {"id", "title", "publisher", "kind", "language", "file"}),
        (ENTITY_FIELDS, {"id", "label", "type"}),
        (CLAIM_FIELDS, {"id", "subject", "relation", "object", "certainty", "evidence"}),
        (EVIDENCE_FIELDS, {"source", "quote"}),
    ],
)
def test_required_keys(fields: dict[str, Any], required: set[str]) -> None:
    assert {k for k, f in fields.items() if f.required} == required


def test_a_claim_has_a_triple_a_certainty_and_quoted_evidence() -> None:
    assert {k for k, f in CLAIM_FIELDS.items() if f.required} == {
        "id",
        "subject",
        "relation",
        "object",
        "certainty",
        "evidence",
    }
    assert {k for k, f in EVIDENCE_FIELDS.items() if f.required} == {"source", "quote"}
    assert set(CLAIM_FIELDS) - {k for k, f in CLAIM_FIELDS.items() if f.required} == {"polarity", "qualifiers", "note"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "nothing (null)"),
        (True, "a boolean (true)"),
        (False, "a boolean (false)"),
        (42, "a number (42)"),
        (1.5, "a number (1.5)"),
        ("x", "text"),
        ({}, "a mapping"),
        ([], "a list"),
        (b"x", "bytes"),
    ],
)
def test_describe_type(value: Any, expected: str) -> None:
    assert describe_type(value) == expected


def test_closest_suggests_only_likely_typos() -> None:
    assert closest("ketamin", ["ketamine", "dopamine"]) == "ketamine"
    assert closest("zzz", ["ketamine", "dopamine"]) is None
    assert closest(12, ["12a"]) == "12a"


@pytest.mark.parametrize("value", ["ketamine", "nmda-receptor", "5-ht2a", "a", "x" * MAX_ID])
def test_valid_ids(value: str) -> None:
    assert check(ENTITY_FIELDS, "id", value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "NMDA Receptor",
            "'NMDA Receptor' is not a kebab-case id: lower-case letters, digits and single hyphens (e.g. 'nmda-receptor')",
        ),
        (
            "nmda_receptor",
            "'nmda_receptor' is not a kebab-case id: lower-case letters, digits and single hyphens (e.g. 'nmda-receptor')",
        ),
        ("a--b", "'a--b' is not a kebab-case id: lower-case letters, digits and single hyphens (e.g. 'a-b')"),
        ("-a", "'-a' is not a kebab-case id: lower-case letters, digits and single hyphens (e.g. 'a')"),
        ("", "'' is not a kebab-case id: lower-case letters, digits and single hyphens"),
        ("—", "'—' is not a kebab-case id: lower-case letters, digits and single hyphens"),
        ("x" * (MAX_ID + 1), f"is longer than {MAX_ID} characters"),
        (12, "expected an id (text), got a number (12)"),
        (["a"], "expected an id (text), got a list"),
        (None, "expected an id (text), got nothing (null)"),
    ],
)
def test_bad_ids(value: Any, expected: str) -> None:
    assert check(ENTITY_FIELDS, "id", value) == expected
    assert check(CLAIM_FIELDS, "subject", value) == expected
    assert check(EVIDENCE_FIELDS, "source", value) == expected


@pytest.mark.parametrize(
    ("fields", "key", "vocabulary", "what"),
    [
        (ENTITY_FIELDS, "type", ENTITY_TYPES, "entity type"),
        (CLAIM_FIELDS, "relation", RELATIONS, "relation"),
        (CLAIM_FIELDS, "certainty", CERTAINTIES, "certainty"),
        (CLAIM_FIELDS, "polarity", POLARITIES, "polarity"),
        (SOURCE_FIELDS, "kind", SOURCE_KINDS, "source kind"),
    ],
)
def test_every_vocabulary_value_is_accepted_and_others_refused(
    fields: dict[str, Any], key: str, vocabulary: dict[str, str], what: str
) -> None:
    allowed = ", ".join(vocabulary)
    for value in vocabulary:
        assert check(fields, key, value) is None
    first = next(iter(vocabulary))
    typo = first[:-1]
    assert check(fields, key, typo) == f"unknown {what} {typo!r} (did you mean {first!r}?); allowed: {allowed}"
    assert check(fields, key, "qqqqqqqq") == f"unknown {what} 'qqqqqqqq'; allowed: {allowed}"
    assert check(fields, key, 3) == f"expected a {what}, got a number (3); allowed: {allowed}"


def test_vocabulary_values_are_case_sensitive() -> None:
    assert check(CLAIM_FIELDS, "certainty", "Established") == (
        "unknown certainty 'Established' (did you mean 'established'?); "
        "allowed: established, reported, suggested, speculative"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ketamine", None),
        (" padded ", None),
        (42, "expected text, got a number (42)"),
        (True, "expected text, got a boolean (true)"),
        (None, "expected text, got nothing (null)"),
        (["Ketamine"], "expected text, got a list"),
        ("", "must not be empty"),
        ("   ", "must not be empty"),
        ("two\nlines", "must be one line"),
        ("x" * (MAX_LABEL + 1), f"is 201 characters long, over the limit of {MAX_LABEL}"),
        ("bell\x07", "contains the control character U+0007; remove it"),
        ("nul\x00", "contains the control character U+0000; remove it"),
        ("del\x7f", "contains the control character U+007F; remove it"),
        ("c1\x85", "contains the control character U+0085; remove it"),
        ("bidi\u202e", "contains the control character U+202E; remove it"),
        ("isolate\u2066", "contains the control character U+2066; remove it"),
    ],
)
def test_label(value: Any, expected: str | None) -> None:
    assert check(ENTITY_FIELDS, "label", value) == expected


def test_a_source_description_may_span_lines() -> None:
    assert check(SOURCE_FIELDS, "description", "one\ntwo") is None
    assert check(ENTITY_FIELDS, "description", "one\ntwo") == "must be one line"


def test_a_quote_may_span_lines_and_hold_tabs() -> None:
    assert check(EVIDENCE_FIELDS, "quote", "one\n\ttwo") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["ketamine hydrochloride", "K"], None),
        ([], None),
        ("K", "expected a list of text, got text"),
        (["a", 2], "item 2 expected text, got a number (2)"),
        (["a", ""], "item 2 must not be empty"),
        (["a", "b", "a"], "lists 'a' more than once"),
        (["x"] * (MAX_LIST + 1), "has 101 items, over the limit of 100"),
    ],
)
def test_aliases(value: Any, expected: str | None) -> None:
    assert check(ENTITY_FIELDS, "aliases", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["CHEBI:6121", "MESH:D007649", "PUBCHEM.COMPOUND:3821", "WIKIDATA:Q243547"], None),
        ("CHEBI:6121", "expected a list of identifiers such as 'CHEBI:6121', got text"),
        ([6121], "expected identifiers as text such as 'CHEBI:6121', got a number (6121)"),
        (["6121"], "'6121' is not an identifier of the form PREFIX:ID (e.g. 'CHEBI:6121')"),
        (["CHEBI: 6121"], "'CHEBI: 6121' is not an identifier of the form PREFIX:ID (e.g. 'CHEBI:6121')"),
        (
            ["chebi:6121"],
            "unknown identifier prefix 'chebi' (did you mean 'CHEBI'?); "
            "allowed: CHEBI, MESH, DOID, MONDO, HP, GO, PUBCHEM.COMPOUND, DRUGBANK, WIKIDATA",
        ),
        (
            ["CHEBBI:6121"],
            "unknown identifier prefix 'CHEBBI' (did you mean 'CHEBI'?); "
            "allowed: CHEBI, MESH, DOID, MONDO, HP, GO, PUBCHEM.COMPOUND, DRUGBANK, WIKIDATA",
        ),
        (
            ["UMLS:C0022614"],
            "unknown identifier prefix 'UMLS'; "
            "allowed: CHEBI, MESH, DOID, MONDO, HP, GO, PUBCHEM.COMPOUND, DRUGBANK, WIKIDATA",
        ),
        (["CHEBI:6121", "CHEBI:6121"], "lists an identifier more than once"),
    ],
)
def test_xrefs(value: Any, expected: str | None) -> None:
    assert check(ENTITY_FIELDS, "xrefs", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"dose": "low", "year": 1962, "context": "2.5"}, None),
        ({"time": 1.5}, None),
        ({}, None),
        ("low", "expected a mapping such as {dose: low}, got text"),
        (
            {"doses": "low"},
            "unknown qualifier 'doses' (did you mean 'dose'?); allowed: dose, use, population, setting, time, year, context",
        ),
        ({"when": "now"}, "unknown qualifier 'when'; allowed: dose, use, population, setting, time, year, context"),
        ({"dose": True}, "qualifier 'dose' must be text or a number, got a boolean (true)"),
        ({"dose": ["low"]}, "qualifier 'dose' must be text or a number, got a list"),
        ({"dose": None}, "qualifier 'dose' must be text or a number, got nothing (null)"),
        ({"dose": ""}, "qualifier 'dose' must not be empty"),
        ({"dose": "a\nb"}, "qualifier 'dose' must be one line"),
    ],
)
def test_qualifiers(value: Any, expected: str | None) -> None:
    assert check(CLAIM_FIELDS, "qualifiers", value) == expected


def test_every_qualifier_key_is_accepted() -> None:
    assert check(CLAIM_FIELDS, "qualifiers", dict.fromkeys(QUALIFIER_KEYS, "x")) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([{"source": "a", "quote": "b"}], None),
        ([], "must list at least one {source, quote}: every claim needs a verbatim quote"),
        ({"source": "a"}, "expected a list of {source, quote} items, got a mapping"),
        ("a quote", "expected a list of {source, quote} items, got text"),
    ],
)
def test_evidence_list(value: Any, expected: str | None) -> None:
    assert check(CLAIM_FIELDS, "evidence", value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, None),
        (7, None),
        (0, "expected a whole number from 1, got a number (0)"),
        (-1, "expected a whole number from 1, got a number (-1)"),
        (1.0, "expected a whole number from 1, got a number (1.0)"),
        (True, "expected a whole number from 1, got a boolean (true)"),
        ("2", "expected a whole number from 1, got text"),
    ],
)
def test_occurrence(value: Any, expected: str | None) -> None:
    assert check(EVIDENCE_FIELDS, "occurrence", value) == expected


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("language", "en", None),
        ("language", "en-GB", None),
        ("language", "English", "'English' is not a language tag such as 'en'"),
        ("language", 1, "expected a language tag such as 'en', got a number (1)"),
        ("url", "https://example.com/a?b=c", None),
        ("url", "ftp://example.com", "'ftp://example.com' is not an http(s) URL"),
        ("url", "https://exa mple.com", "'https://exa mple.com' is not an http(s) URL"),
        ("file", "article.txt", None),
        ("file", "", "must not be empty"),
        ("file", "x" * 501, "is 501 characters long, over the limit of 500"),
    ],
)
def test_source_fields(key: str, value: Any, expected: str | None) -> None:
    assert check(SOURCE_FIELDS, key, value) == expected


@pytest.mark.parametrize(
    ("word", "choices", "near", "expected"),
    [
        ("recepter", ["receptor", "drug"], None, " (did you mean 'receptor'?)"),
        ("zzz", ["receptor", "drug"], None, ""),
        ("ketamine-hcl", ["ketamine"], "ketamine", " (did you mean 'ketamine'?)"),  # the caller's better guess
    ],
)
def test_did_you_mean_is_the_one_hint_format(word: str, choices: list[str], near: str | None, expected: str) -> None:
    assert did_you_mean(word, choices, near=near) == expected
