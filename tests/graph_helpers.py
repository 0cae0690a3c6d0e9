"""Test data and helpers: the tiny graph, a writer for graph folders, issue listings.

The ``make_graph`` fixture (``conftest.py``) writes the valid tiny graph below (one article, four
entities, three claims) into ``tmp_path/graph`` and changes into ``tmp_path``, so the loader prints
stable paths such as ``graph/claims.yaml``. Tests replace or add files to break one rule at a time and assert the whole
message, file and line included.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from ketagraph.load import load_corpus

REPO = Path(__file__).resolve().parent.parent
SHIPPED_GRAPH = REPO / "graph"

#: The tiny source: two sections, six sentences, a curly apostrophe, an accented letter and a
#: sentence that occurs twice.
ARTICLE = textwrap.dedent(
    """\
    Ketamine and the brain

    Ketamine acts on NMDA receptors. Researchers believe it may help with depression. The drug’s effects are rapid.

    Risks

    Ketamine can lead to addiction. A naïve user may feel dissociation. Ketamine can lead to addiction.
    """
)

SOURCE_YAML = textwrap.dedent(
    """\
    sources:
      - id: article
        title: Ketamine and the brain
        publisher: Test Clinic
        kind: clinic-marketing
        language: en
        file: article.txt
    """
)

ENTITIES_YAML = textwrap.dedent(
    """\
    entities:
      - id: ketamine
        label: Ketamine
        type: drug
        aliases: [ketamine hydrochloride]
        description: A dissociative anaesthetic.
        xrefs: ["CHEBI:6121"]
      - id: nmda-receptor
        label: NMDA receptor
        type: receptor
        aliases: [NMDA receptors]
      - id: depression
        label: Depression
        type: condition
      - id: addiction
        label: Addiction
        type: risk
    """
)

CLAIMS_YAML = textwrap.dedent(
    """\
    claims:
      - id: ketamine-acts-on-nmda-receptor
        subject: ketamine
        relation: acts_on
        object: nmda-receptor
        certainty: established
        evidence:
          - source: article
            quote: "Ketamine acts on NMDA receptors."
      - id: ketamine-treats-depression
        subject: ketamine
        relation: treats
        object: depression
        certainty: speculative
        qualifiers: {context: "researchers believe"}
        evidence:
          - source: article
            quote: "Researchers believe it may help with depression."
      - id: ketamine-causes-addiction
        subject: ketamine
        relation: causes
        object: addiction
        certainty: established
        evidence:
          - source: article
            quote: "Ketamine can lead to addiction."
            occurrence: 2
    """
)

#: The files of the valid tiny graph, relative to the graph folder.
BASE_FILES: dict[str, str | bytes] = {
    "article.txt": ARTICLE,
    "source.yaml": SOURCE_YAML,
    "entities.yaml": ENTITIES_YAML,
    "claims.yaml": CLAIMS_YAML,
}

FileContent = str | bytes | Mapping[str, Any] | None
#: The type of the ``make_graph`` fixture.
MakeGraph = Callable[..., Path]


def write_graph(root: Path, files: Mapping[str, FileContent]) -> None:
    """Write ``files`` under ``root``: text as UTF-8 (kept byte for byte), bytes as they are,
    mappings as YAML; ``None`` leaves the file out."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(yaml.safe_dump(dict(content), sort_keys=False, allow_unicode=True).encode("utf-8"))


def messages(root: str | Path) -> list[str]:
    """Every issue of the graph folder ``root``, as printed."""
    return [str(i) for i in load_corpus(root).issues]


def errors(root: str | Path) -> list[str]:
    """The errors (not warnings) of the graph folder ``root``, as printed."""
    return [str(i) for i in load_corpus(root).errors]


def yaml_text(s: str) -> str:
    """Dedented YAML, so tests can indent it with the code and count lines from 1."""
    return textwrap.dedent(s).lstrip("\n")


def one_claim(quote: str = "Ketamine acts on NMDA receptors.", source: str = "article", **fields: str) -> str:
    """A ``claims:`` file with one claim on the tiny graph: id at line 2, evidence at line 8.

    ``fields`` replace whole lines by key (``subject="subject: ketamin"``), an empty string drops a
    line, and a new key adds one after ``certainty`` (so the evidence moves down a line).
    """
    lines = {
        "id": "id: a",
        "subject": "subject: ketamine",
        "relation": "relation: acts_on",
        "object": "object: nmda-receptor",
        "certainty": "certainty: established",
    }
    lines.update(fields)
    body = "\n    ".join(line for line in lines.values() if line)
    return (
        f"claims:\n  - {body}\n    evidence:\n      - source: {source}\n"
        f"        quote: {json.dumps(quote, ensure_ascii=False)}\n"
    )
