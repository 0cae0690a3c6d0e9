"""The JSON Schema (draft-07) editors use: valid, in step with the vocabularies, true to the shipped graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from graph_helpers import BASE_FILES, SHIPPED_GRAPH
from ketagraph.curate.new_source import SCHEMA_PATH
from ketagraph.model import CERTAINTIES, ENTITY_TYPES, POLARITIES, QUALIFIER_KEYS, RELATIONS, SOURCE_KINDS
from ketagraph.schema import RECORDS

SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)
SHIPPED_FILES = sorted(SHIPPED_GRAPH.rglob("*.yaml"))


def test_the_schema_is_a_valid_draft_07_schema() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(SCHEMA)


def test_the_schema_follows_the_vocabularies_and_the_record_fields() -> None:
    d = SCHEMA["definitions"]
    assert d["claim"]["properties"]["relation"]["enum"] == list(RELATIONS)
    assert d["claim"]["properties"]["certainty"]["enum"] == list(CERTAINTIES)
    assert d["claim"]["properties"]["polarity"]["enum"] == list(POLARITIES)
    assert list(d["claim"]["properties"]["qualifiers"]["properties"]) == list(QUALIFIER_KEYS)
    assert d["entity"]["properties"]["type"]["enum"] == list(ENTITY_TYPES)
    assert d["source"]["properties"]["kind"]["enum"] == list(SOURCE_KINDS)
    for kind, fields in RECORDS.items():
        definition = d[{"sources": "source", "entities": "entity", "claims": "claim"}[kind]]
        assert set(definition["properties"]) == set(fields)
        assert set(definition["required"]) == {k for k, f in fields.items() if f.required}


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: str(p.relative_to(SHIPPED_GRAPH)))
def test_every_shipped_file_links_the_schema_and_validates_against_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("$schema=", 1)[1]).resolve() == SCHEMA_PATH
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(yaml.safe_load(text))]
    assert errors == []


def test_the_test_graph_validates_too() -> None:
    for name, content in BASE_FILES.items():
        if name.endswith(".yaml"):
            assert not list(VALIDATOR.iter_errors(yaml.safe_load(content))), name


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ({"claim": []}, "Additional properties are not allowed ('claim' was unexpected)"),
        (
            {
                "claims": [
                    {
                        "id": "a",
                        "subject": "b",
                        "relation": "cures",
                        "object": "c",
                        "certainty": "reported",
                        "evidence": [{"source": "s", "quote": "q"}],
                    }
                ]
            },
            "'cures' is not one of",
        ),
        (
            {
                "claims": [
                    {
                        "id": "a",
                        "subject": "b",
                        "relation": "treats",
                        "object": "c",
                        "certainty": "reported",
                        "evidence": [],
                    }
                ]
            },
            "[] should be non-empty",
        ),
        ({"entities": [{"id": "Bad Id", "label": "x", "type": "drug"}]}, "does not match"),
        ({"entities": [{"id": "x", "label": "x", "type": "drug", "xrefs": ["FOO:1"]}]}, "'FOO:1' does not match"),
        (
            {
                "sources": [
                    {"id": "x", "title": "t", "publisher": "p", "kind": "blog", "language": "en", "file": "a.txt"}
                ]
            },
            "'blog' is not one of",
        ),
        (
            {
                "claims": [
                    {
                        "id": "a",
                        "subject": "b",
                        "relation": "treats",
                        "object": "c",
                        "certainty": "reported",
                        "evidence": [{"source": "s", "quote": "q", "occurrence": 0}],
                    }
                ]
            },
            "0 is less than the minimum of 1",
        ),
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(doc: dict[str, Any], fragment: str) -> None:
    messages = [e.message for e in VALIDATOR.iter_errors(doc)]
    assert any(fragment in m for m in messages), messages
