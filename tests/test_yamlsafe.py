"""ketagraph.yamlsafe: safe, line-aware, bounded YAML; problems returned, never raised."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ketagraph import yamlsafe
from ketagraph.errors import Issue
from ketagraph.yamlsafe import LineDict, LineList, read_yaml


def read(text: str | bytes) -> tuple[object, list[str]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    value, issues = read_yaml(data, "f.yaml")
    return value, [str(i) for i in issues]


def test_mappings_remember_their_line_and_the_line_of_each_key() -> None:
    value, issues = read_yaml(b"# comment\nclaims:\n  - id: a\n\n    subject: b\n", "f.yaml")
    assert issues == []
    assert isinstance(value, LineDict)
    assert (value.line, value.key_lines) == (2, {"claims": 2})
    item = value["claims"][0]
    assert isinstance(item, LineDict)
    assert (item.line, item.key_lines) == (3, {"id": 3, "subject": 5})
    assert item == {"id": "a", "subject": "b"}


def test_sequences_remember_the_line_of_each_item() -> None:
    value, issues = read_yaml(b"claims:\n  - just text\n\n  - id: a\n  - [1, 2]\n  - 3\n", "f.yaml")
    assert issues == []
    assert isinstance(value, LineDict)
    items = value["claims"]
    assert isinstance(items, LineList)
    assert (items.line, items.item_lines) == (2, [2, 4, 5, 6])
    assert items == ["just text", {"id": "a"}, [1, 2], 3]


def test_standard_scalars_are_built() -> None:
    value, issues = read("a: 1\nb: 1.5\nc: true\nd: null\ne: text\nf: '1'\n")
    assert issues == []
    assert value == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "text", "f": "1"}


SCALARS = [
    "text",
    "Text, with a comma",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "true",
    "False",
    "1",
    "-1",
    "+1",
    "1_000",
    "0x1F",
    "0o17",
    "017",
    "1.5",
    ".5",
    "-.inf",
    ".NaN",
    "1e3",
    "1.0e+3",
    "<<x",
    "2020",
    "  padded",
    ".",
    "Tuesday",
    "über",
    "ÿes",
    "'quoted'",
    "'1'",
    '"2"',
    '"true"',
    "''",
    '""',
    "|\n  block\n",
    ">\n  folded\n  text\n",
    "",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_read_as_pyyaml_reads_them(scalar: str) -> None:
    # The reader decides plain strings without building a node; every scalar, typed or not,
    # must still come out as PyYAML's own safe loader builds it.
    text = f"k: {scalar}\n"
    assert read(text) == (yaml.load(text, Loader=yamlsafe._Parser), [])


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12))
def test_any_plain_or_quoted_scalar_reads_as_pyyaml_reads_it(word: str) -> None:
    quoted = word.replace("'", "''")
    for text in (f"k: {word}\n", f"k: '{quoted}'\n"):
        try:
            expected = yaml.load(text, Loader=yamlsafe._Parser)
        except yaml.YAMLError:
            continue
        if isinstance(expected, dict) and type(expected.get("k")) in (str, int, float, bool, type(None)):
            assert read(text) == (expected, [])


def test_a_date_stays_the_text_the_curator_wrote() -> None:
    assert read("year: 2020-01-31\n") == ({"year": "2020-01-31"}, [])


def test_byte_order_mark_and_crlf_line_ends_are_accepted() -> None:
    value, issues = read(b"\xef\xbb\xbfa: 1\r\nb:\r\n  - x\r\n")
    assert issues == []
    assert value == {"a": 1, "b": ["x"]}
    assert isinstance(value, LineDict)
    assert value.key_lines == {"a": 1, "b": 2}


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n"])
def test_an_empty_document_is_none_without_issues(text: str) -> None:
    assert read(text) == (None, [])


def test_anchors_and_aliases_within_the_limits_work() -> None:
    value, issues = read("a: &x [1, 2]\nb: *x\nc: &s text\nd: *s\n")
    assert issues == []
    assert value == {"a": [1, 2], "b": [1, 2], "c": "text", "d": "text"}


def test_syntax_error_names_the_line_and_the_problem() -> None:
    assert read("claims:\n  - id: a\n    subject: [b\n") == (
        None,
        ["f.yaml:4: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"],
    )


def test_mapping_value_in_the_wrong_place() -> None:
    assert read("a: b: c\n") == (None, ["f.yaml:1: YAML syntax error: mapping values are not allowed in this context"])


def test_a_line_indented_with_a_tab_gets_the_tab_hint() -> None:
    assert read("claims:\n\t- id: a\n") == (
        None,
        [
            "f.yaml:2: YAML syntax error: found character that cannot start any token "
            "(while scanning for the next token); indent with spaces, not tabs"
        ],
    )


def test_a_tab_that_breaks_indentation_gets_the_tab_hint() -> None:
    assert read("claims:\n  - id: a\n\tsubject: b\n") == (
        None,
        [
            "f.yaml:3: YAML syntax error: found a tab character that violates indentation "
            "(while scanning a plain scalar); indent with spaces, not tabs"
        ],
    )


def test_other_syntax_errors_get_no_tab_hint() -> None:
    _, issues = read("a: [1\nb: 2\n")
    assert len(issues) == 1
    assert "tab" not in issues[0]


def test_a_raw_control_character_is_reported_with_its_line() -> None:
    assert read("a: 1\nlabel: x\x07y\n") == (
        None,
        ["f.yaml:2: contains the control character U+0007, which YAML does not allow; remove it"],
    )


def test_an_escaped_control_character_is_left_to_the_schema() -> None:
    assert read('label: "x\\ay"\n') == ({"label": "x\x07y"}, [])


def test_duplicate_keys_are_reported_and_the_rest_is_read() -> None:
    value, issues = read("a: 1\nb: 2\na: 3\n")
    assert issues == ["f.yaml:3: duplicate key 'a' (first at line 1)"]
    assert value == {"a": 3, "b": 2}


def test_duplicate_keys_in_a_nested_mapping() -> None:
    _, issues = read("claims:\n  - id: a\n    subject: b\n    id: c\n")
    assert issues == ["f.yaml:4: duplicate key 'id' (first at line 2)"]


def test_invalid_utf8_names_the_line_and_the_byte() -> None:
    assert read(b"a: 1\nb: caf\xe9\n") == (None, ["f.yaml:2: not valid UTF-8 (byte 0xe9); save the file as UTF-8"])


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object/apply:os.system ['echo hi']\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !!python/object:collections.OrderedDict {}\n", "!!python/object:collections.OrderedDict"),
        ("a: !!binary aGk=\n", "!!binary"),
        ("a: !!set {x: null}\n", "!!set"),
        ("a: !!omap [x: 1]\n", "!!omap"),
        ("a: !custom value\n", "!custom"),
        ("a: !<tag:example.com,2000:x> value\n", "tag:example.com,2000:x"),
        ("a: !!str [1]\n", "!!str"),
    ],
)
def test_language_specific_and_unknown_tags_are_refused(text: str, tag: str) -> None:
    assert read(text) == (None, [f"f.yaml:1: tag {tag!r} is not allowed: graph files hold plain YAML values only"])


def test_explicit_standard_tags_are_fine() -> None:
    assert read("a: !!str 1\nb: !!int '2'\nc: !!map {x: 1}\nd: !!seq [1]\n") == (
        {"a": "1", "b": 2, "c": {"x": 1}, "d": [1]},
        [],
    )


def test_merge_keys_are_refused_with_a_plain_explanation() -> None:
    assert read("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n") == (
        None,
        ["f.yaml:3: merge keys ('<<: *name') are not supported: write the keys out"],
    )


def test_more_than_one_document_is_refused() -> None:
    assert read("a: 1\n---\nb: 2\n") == (None, ["f.yaml:2: more than one YAML document in the file ('---'); use one"])


def test_an_alias_without_anchor_is_refused() -> None:
    assert read("a: *x\n") == (None, ["f.yaml:1: alias *x refers to no anchor defined before it"])


def test_a_collection_as_mapping_key_is_refused() -> None:
    assert read("? [a]\n: 1\n") == (None, ["f.yaml:1: a mapping key must be a plain value"])


def test_billion_laughs_is_stopped_by_the_expansion_limit() -> None:
    lines = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    # 72 aliases, under MAX_ALIASES; level g would hold 9**6 * 10 > 2,000,000 values.
    assert read("\n".join(lines) + "\n") == (
        None,
        ["f.yaml:7: the document expands to more than 2,000,000 values (alias bomb?)"],
    )


def test_too_many_aliases_are_refused() -> None:
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * (yamlsafe.MAX_ALIASES + 1)) + "]\n"
    assert read(text) == (None, ["f.yaml:2: more than 256 aliases ('*name') in one file"])


def test_as_many_aliases_as_the_limit_are_fine() -> None:
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * yamlsafe.MAX_ALIASES) + "]\n"
    value, issues = read(text)
    assert issues == []
    assert isinstance(value, dict)
    assert len(value["b"]) == yamlsafe.MAX_ALIASES


def test_the_value_limit_applies_without_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_NODES", 5)
    assert read("a:\n  - 1\n  - 2\n  - 3\n  - 4\n  - 5\n") == (
        None,
        ["f.yaml:6: the document expands to more than 5 values (alias bomb?)"],
    )


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth = yamlsafe.MAX_DEPTH
    value, issues = read("[" * depth + "]" * depth)
    assert issues == []
    assert value is not None


def test_deep_flow_nesting_is_refused() -> None:
    depth = yamlsafe.MAX_DEPTH + 1
    assert read("a: " + "[" * depth + "]" * depth + "\n") == (None, ["f.yaml:1: nested more than 32 levels deep"])


def test_deep_block_nesting_names_the_line_where_it_goes_too_deep() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "x\n"
    assert read(text) == (None, ["f.yaml:33: nested more than 32 levels deep"])


def test_very_deep_nesting_does_not_exhaust_the_stack() -> None:
    assert read("[" * 200_000) == (None, ["f.yaml:1: nested more than 32 levels deep"])


def test_a_file_over_the_size_cap_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_FILE_BYTES", 10)
    assert read("a: [1, 2, 3\n") == (None, ["f.yaml: file is 12 bytes, over the 10-byte limit"])
    assert read("a: [1, 2]\n") == ({"a": [1, 2]}, [])


@settings(max_examples=300, deadline=None, database=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    value, issues = read_yaml(data, "f.yaml")
    assert all(isinstance(i, Issue) and i.path == "f.yaml" for i in issues)
    if issues and issues[0].severity == "error" and not issues[0].message.startswith("duplicate key"):
        assert value is None


YAML_ALPHABET = st.sampled_from([*"ab:-[]{},&*!|>'\"#?\t\n ", "  ", "\n  ", "- ", ": ", "&x ", "*x", "!!", "<<"])


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(YAML_ALPHABET, max_size=60).map("".join))
def test_arbitrary_yaml_like_text_never_raises(text: str) -> None:
    _, issues = read_yaml(text.encode("utf-8"), "f.yaml")
    assert all(isinstance(i, Issue) for i in issues)
