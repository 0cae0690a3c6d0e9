"""ketagraph.model: vocabularies and records."""

from __future__ import annotations

import pytest

from ketagraph.model import (
    CERTAINTIES,
    CERTAINTY_RANK,
    ENTITY_TYPES,
    POLARITIES,
    QUALIFIER_KEYS,
    RELATIONS,
    SOURCE_KINDS,
    XREF_PREFIXES,
    Evidence,
    Location,
    weakest_certainty,
)


def test_certainties_strongest_first() -> None:
    assert list(CERTAINTIES) == ["established", "reported", "suggested", "speculative"]
    assert dict(CERTAINTY_RANK) == {"established": 0, "reported": 1, "suggested": 2, "speculative": 3}


@pytest.mark.parametrize(
    ("certainties", "weakest"),
    [
        ([], None),
        (["established"], "established"),
        (["established", "speculative", "reported"], "speculative"),
        (("reported", "suggested"), "suggested"),
    ],
)
def test_weakest_certainty(certainties: list[str], weakest: str | None) -> None:
    assert weakest_certainty(certainties) == weakest


@pytest.mark.parametrize(
    "vocabulary", [ENTITY_TYPES, RELATIONS, CERTAINTIES, POLARITIES, QUALIFIER_KEYS, SOURCE_KINDS, XREF_PREFIXES]
)
def test_vocabularies_are_read_only_and_documented(vocabulary: dict[str, str]) -> None:
    assert vocabulary
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in vocabulary.items())
    with pytest.raises(TypeError):
        vocabulary["new"] = "x"  # type: ignore[index]


def test_the_entity_types_cover_mechanism_effects_uses_and_actors() -> None:
    for t in ("drug", "receptor", "neurotransmitter", "brain-function", "effect", "condition", "risk", "therapy"):
        assert t in ENTITY_TYPES
    for t in ("organization", "person", "regulation"):
        assert t in ENTITY_TYPES


def test_polarities() -> None:
    assert list(POLARITIES) == ["affirmed", "negated"]


def test_where_is_not_part_of_equality() -> None:
    a = Evidence("s", "q", where=Location("a.yaml", 1))
    b = Evidence("s", "q", where=Location("b.yaml", 9))
    assert a == b
    assert Evidence("s", "q").start == -1


def test_location_prints_like_an_issue() -> None:
    assert str(Location("graph/e.yaml", 3)) == "graph/e.yaml:3"
    assert str(Location("graph/e.yaml")) == "graph/e.yaml"
