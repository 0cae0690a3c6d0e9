"""The hostile-input corpus: one file per case under tests/hostile/, its expected messages in its
first lines (``# expect: {file}:LINE: message``, or ``# expect: valid``).

Each case is copied into a fresh graph folder next to a small valid graph (``_base.yaml`` and
``_source.txt``) and loaded; the problems must be exactly the expected ones: never a traceback,
never a hang, never a file read from outside the folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import ketagraph
from ketagraph.query import find_paths, neighbourhood

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(p for p in HOSTILE.glob("*.yaml") if not p.name.startswith("_"))
_EXPECT = re.compile(rb"^(?:\xef\xbb\xbf)?# expect: (.*?)\r?$", re.MULTILINE)


def make_graph(tmp_path: Path, case: Path) -> Path:
    root = tmp_path / "g"
    root.mkdir()
    shutil.copy(HOSTILE / "_base.yaml", root / "_base.yaml")
    shutil.copy(HOSTILE / "_source.txt", root / "_source.txt")
    shutil.copy(case, root / case.name)
    return root


def expectations(case: Path) -> list[str]:
    head = case.read_bytes()[:2000]
    return [m.decode("utf-8") for m in _EXPECT.findall(head)]


def test_every_case_states_what_it_expects() -> None:
    assert len(CASES) >= 14
    for case in CASES:
        assert expectations(case), f"{case.name} has no '# expect:' line"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_case(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = make_graph(tmp_path, case)
    corpus = ketagraph.load_corpus(root)
    expected = [e.replace("{file}", f"g/{case.name}") for e in expectations(case)]
    if expected == ["valid"]:
        assert [str(i) for i in corpus.errors] == []
        G = ketagraph.build_graph(corpus)
        assert G.number_of_edges() == len(corpus.claims)
        for node in G:  # path-finding and focus work on cycles and self-loops
            neighbourhood(G, node, 3)
            for other in G:
                find_paths(G, node, other, max_hops=4)
    else:
        assert [str(i) for i in corpus.errors] == expected


def test_markup_is_kept_verbatim_as_data(tmp_path: Path) -> None:
    corpus = ketagraph.load_corpus(make_graph(tmp_path, HOSTILE / "markup_everywhere.yaml"))
    G = ketagraph.build_graph(corpus)
    assert G.nodes["markup"]["label"] == '<img src=x onerror="window.__pwned=1"> **bold** [link](javascript:alert(1))'
    assert G.nodes["markup"]["aliases"] == ["<b>alias</b>", "javascript:alert(1)"]
    assert G.edges["ketamine", "markup", "markup-claim"]["evidence"][0]["quote"] == "<script>window.__pwned=1</script>"


def test_symlinked_source_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = make_graph(tmp_path, HOSTILE / "self_loop_and_cycle.yaml")
    outside = tmp_path / "outside.txt"
    shutil.copy(HOSTILE / "_source.txt", outside)
    (root / "_source.txt").unlink()
    (root / "_source.txt").symlink_to(outside)
    errors = [str(i) for i in ketagraph.load_corpus(root).errors]
    assert errors[0] == (
        "g/_base.yaml:7: source 'src': 'file' '_source.txt' points outside the graph folder; keep source texts inside it"
    )


def test_symlink_inside_the_folder_is_refused_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = make_graph(tmp_path, HOSTILE / "self_loop_and_cycle.yaml")
    (root / "real.txt").write_bytes((root / "_source.txt").read_bytes())
    (root / "_source.txt").unlink()
    (root / "_source.txt").symlink_to(root / "real.txt")
    errors = [str(i) for i in ketagraph.load_corpus(root).errors]
    assert errors[0] == (
        "g/_base.yaml:7: source 'src': 'file' '_source.txt' is or passes through a symbolic link; "
        "copy the text into the graph folder"
    )


def test_file_over_the_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ketagraph import yamlsafe

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(yamlsafe, "MAX_FILE_BYTES", 100)
    root = make_graph(tmp_path, HOSTILE / "long_label.yaml")
    errors = [str(i) for i in ketagraph.load_corpus(root).errors]
    size = (root / "_base.yaml").stat().st_size
    assert f"g/_base.yaml: file is {size:,} bytes, over the 100-byte limit" in errors
