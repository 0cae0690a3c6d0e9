"""The benchmark's generator makes valid, deterministic graphs; the fast paths it led to give the
same answers as the plain ones. No timing here: ``python bench/run.py`` measures."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import bench.generate
import pytest

from ketagraph.build import build
from ketagraph.load import load_corpus
from ketagraph.model import CERTAINTIES, ENTITY_TYPES
from ketagraph.text import Document

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    return bench.generate


def test_the_benchmark_imports_its_helpers_as_a_package_not_by_file_path() -> None:
    for name in ("run.py", "generate.py", "browser.py"):
        text = (BENCH / name).read_text(encoding="utf-8")
        assert "spec_from_file_location" not in text and '"conftest.py"' not in text, name
    # Both ways of running it find the package: as a script and as a module.
    for command in ([sys.executable, str(BENCH / "run.py"), "--help"], [sys.executable, "-m", "bench.run", "--help"]):
        done = subprocess.run(command, cwd=BENCH.parent, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0 and "--quick" in done.stdout, done.stderr


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_small_generated_graph_is_valid_and_covers_the_vocabularies(generate: ModuleType, tmp_path: Path) -> None:
    out = generate.generate(120, tmp_path / "g", per_file=50)
    corpus = load_corpus(out)
    assert [str(i) for i in corpus.issues] == []
    assert len(corpus.claims) == 120
    assert sorted(p.name for p in out.glob("claims-*.yaml")) == [
        "claims-001.yaml",
        "claims-002.yaml",
        "claims-003.yaml",
    ]
    assert {e.type for e in corpus.entities.values()} == set(ENTITY_TYPES)
    assert {c.certainty for c in corpus.claims} == set(CERTAINTIES)
    G = build(corpus)
    degrees = sorted((d for _, d in G.degree()), reverse=True)
    assert degrees[0] >= 5 * degrees[len(degrees) // 2]  # a hub, and a long tail


def test_every_claim_cites_a_sentence_that_occurs_once(generate: ModuleType, tmp_path: Path) -> None:
    out = generate.generate(300, tmp_path / "g")
    corpus = load_corpus(out)
    doc = corpus.documents[generate.SOURCE_ID]
    for claim in corpus.claims:
        assert len(doc.find_all(claim.evidence[0].quote)) == 1, claim.id


def test_generation_is_deterministic(generate: ModuleType, tmp_path: Path) -> None:
    a = generate.generate(200, tmp_path / "a")
    b = generate.generate(200, tmp_path / "b")
    c = generate.generate(200, tmp_path / "c", seed=1)
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(c)


def test_the_generator_command_line(generate: ModuleType, tmp_path: Path) -> None:
    assert generate.main(["--claims", "30", "--out", str(tmp_path / "cli")]) == 0
    assert load_corpus(tmp_path / "cli").ok


def _find_one_by_one(text: str, quote: str) -> list[int]:
    hits, i = [], text.find(quote)
    while i != -1 and quote:
        hits.append(i)
        i = text.find(quote, i + 1)
    return hits


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ("aaaa", ["aa", "a", "aaaa", "aaaaa"]),  # overlapping occurrences all count
        ("x😀b😀 b😀 é e\u0301", ["b😀", "😀", "é", "e\u0301", "\u0301"]),  # offsets in code points
        ("one. two. one.", ["one.", "two", "three", ""]),
    ],
)
def test_locating_quotes_in_one_pass_finds_what_find_all_finds(text: str, quotes: list[str]) -> None:
    doc = Document(text)
    doc.locate(quotes)
    assert {q: doc.find_all(q) for q in quotes} == {q: _find_one_by_one(text, q) for q in quotes}


def test_the_floor_page_shows_the_text_the_benchmark_waits_for() -> None:
    import bench.run
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(BENCH / "floor_app.py")).run(timeout=30)
    assert not at.exception
    [text] = [m.value for m in at.markdown]
    assert f"includes('{text}')" in bench.run._FLOOR_SETTLED


def test_the_first_visit_target_reads_against_the_runs_floor() -> None:
    import bench.run

    results = {"5k": {"app": {"settled_s": 3.2}, "vis": {"first_frame_s": 0.7}}, "20k": {"app": {"settled_s": 5.0}}}
    floor = {"settled_s": 1.75, "script_s": 1.6, "script_s_all": [1.5, 1.6, 1.7]}
    lines = bench.run.targets(results, floor)
    [five] = [t for t in lines if t.startswith("5k: page load → settled clickable graph (first visit)")]
    assert five.endswith(
        "3.20 (< 2.0) ❌ (this run's floor: the component's script at 1.60 s at the earliest"
        " + vis-network alone drawing this graph 0.70 s = 2.30 s)"
    )
    # No vis-network measure for 20k, no floor without a browser run: the target line stands alone.
    [twenty] = [t for t in lines if t.startswith("20k: page load")]
    assert twenty.endswith("5.00 (< 6.0) ✅")
    assert all("floor" not in t for t in bench.run.targets(results, None))
    header = bench.run._floor_lines({"floor": floor})
    assert "the component's script (vis-network in it) runs 1.60 s after navigation" in header[0]
    assert "(median of 3: 1.50, 1.60, 1.70), and the page has settled at 1.75 s" in header[0]
    assert bench.run._floor_lines({"floor": None}) == []
