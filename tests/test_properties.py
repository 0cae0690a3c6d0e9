"""Property-based tests: whatever a YAML file or graph folder holds, loading returns a graph or
reports problems; no other exception escapes, and nothing hangs (a generous per-example deadline
guards against runaway work, not a speed target: those live in bench/)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ketagraph
from ketagraph.model import CERTAINTIES, ENTITY_TYPES, RELATIONS
from ketagraph.query import find_paths, neighbourhood
from ketagraph.yamlsafe import read_yaml

BUDGET = settings(
    max_examples=150,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
SOURCE_TEXT = "A Title\n\nKetamine acts on the NMDA receptor. It may help. Café <b>bold</b>.\n"

# Text built from YAML's own punctuation and keywords finds parser corners faster than random text.
yaml_tokens = st.sampled_from(
    [
        "a",
        ":",
        " ",
        "\n",
        "  ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&x ",
        "*x",
        "!!python/object:os.system ",
        "!!str ",
        "!tag ",
        "'",
        '"',
        "\\",
        "#",
        "---\n",
        "...\n",
        "? ",
        "|\n",
        ">\n",
        "\t",
        "\x00",
        "\ufeff",
        "é",
        "null",
        "1e9",
        "<script>",
        "claims",
        "entities",
        "sources",
        "id",
    ]
)
yamlish = st.lists(yaml_tokens, max_size=60).map("".join)


@BUDGET
@given(st.one_of(yamlish.map(lambda s: s.encode("utf-8")), st.binary(max_size=300)))
def test_reading_any_bytes_returns_a_value_or_issues(data: bytes) -> None:
    value, issues = read_yaml(data, "f.yaml")
    assert value is None or isinstance(value, (dict, list, str, int, float, bool))
    for issue in issues:
        assert issue.path == "f.yaml"
        assert issue.message


ids = st.sampled_from(["ketamine", "nmda-receptor", "memory", "x", "Bad Id", "", "a--b"])
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), ids)
values: Any = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
quotes = st.sampled_from(
    ["Ketamine acts on the NMDA receptor.", "It may help.", "missing quote", "Café", "<b>bold</b>", ""]
)


def maybe(strategy: Any) -> Any:
    """Usually a plausible value, sometimes anything at all."""
    return st.one_of(strategy, strategy, strategy, values)


entity = st.fixed_dictionaries(
    {
        "id": maybe(ids),
        "label": maybe(st.text(min_size=1, max_size=30)),
        "type": maybe(st.sampled_from(list(ENTITY_TYPES))),
    },
    optional={"aliases": maybe(st.lists(st.text(min_size=1, max_size=10), max_size=3)), "typo": values},
)
evidence = st.fixed_dictionaries(
    {"source": maybe(st.sampled_from(["src", "nope"])), "quote": maybe(quotes)},
    optional={"occurrence": maybe(st.integers(min_value=0, max_value=3))},
)
claim = st.fixed_dictionaries(
    {
        "id": maybe(st.text(alphabet="abc-", min_size=1, max_size=6)),
        "subject": maybe(ids),
        "relation": maybe(st.sampled_from(list(RELATIONS))),
        "object": maybe(ids),
        "certainty": maybe(st.sampled_from(list(CERTAINTIES))),
        "evidence": maybe(st.lists(evidence, max_size=2)),
    },
    optional={"polarity": maybe(st.sampled_from(["affirmed", "negated"])), "qualifiers": values},
)
documents = st.fixed_dictionaries(
    {},
    optional={
        "entities": maybe(st.lists(entity, max_size=5)),
        "claims": maybe(st.lists(claim, max_size=6)),
        "other": values,
    },
)


@BUDGET
@given(st.lists(documents, min_size=0, max_size=3))
def test_loading_any_graph_folder_returns_a_graph_or_problems(docs: list[dict[str, Any]]) -> None:
    root = Path(tempfile.mkdtemp(prefix="kg-prop-"))
    try:
        (root / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
        base = {
            "sources": [
                {"id": "src", "title": "T", "publisher": "P", "kind": "other", "language": "en", "file": "source.txt"}
            ]
        }
        (root / "base.yaml").write_text(yaml.safe_dump(base), encoding="utf-8")
        for i, doc in enumerate(docs):
            (root / f"doc{i}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        corpus = ketagraph.load_corpus(root)
        for issue in corpus.issues:
            assert issue.message and issue.path
        if corpus.ok:
            G = ketagraph.build_graph(corpus)
            assert G.number_of_edges() == len(corpus.claims)
            for node in list(G)[:3]:
                neighbourhood(G, node, 2)
                for other in list(G)[:3]:
                    find_paths(G, node, other, max_hops=3, limit=5)
        else:
            try:
                ketagraph.load_graph(root)
            except ketagraph.ValidationFailed as e:
                assert e.issues
            else:
                raise AssertionError("load_graph accepted a graph with problems")
    finally:
        shutil.rmtree(root)
