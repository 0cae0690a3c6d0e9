"""Writing curation decisions back: round-trip, validated, atomic, refused on a changed file, journalled."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from graph_helpers import SHIPPED_GRAPH, MakeGraph
from ketagraph.curate import writeback
from ketagraph.curate.journal import Journal
from ketagraph.curate.writeback import CuratedFile, FileChanged, SaveRefused
from ketagraph.load import load_corpus

NEW_CLAIM: dict[str, Any] = {
    "id": "ketamine-causes-dissociation",
    "subject": "ketamine",
    "relation": "causes",
    "object": "dissociation",
    "certainty": "suggested",
    "polarity": "affirmed",
    "evidence": [{"source": "article", "quote": "A naïve user may feel dissociation."}],
}
FLAT = (
    "claims:\n"
    "- id: ketamine-acts-on-nmda-receptor\n"
    "  subject: ketamine\n"
    "  relation: acts_on\n"
    "  object: nmda-receptor\n"
    "  certainty: established\n"
    "  evidence:\n"
    "  - source: article\n"
    "    quote: Ketamine acts on NMDA receptors.\n"
)
DISSOCIATION = {"id": "dissociation", "label": "Dissociation", "type": "effect"}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes, but the hidden lock file (``.claims.yaml.lock``) the lock leaves."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_a_claim_is_appended_and_nothing_else_changes(tiny: Path) -> None:
    before = snapshot(tiny)
    f = CuratedFile(tiny, tiny / "claims.yaml")
    entry = f.add_claim(NEW_CLAIM, entities=[DISSOCIATION], who="ana", action="new")
    after = snapshot(tiny)
    changed = {k for k in after if before.get(k) != after[k]}
    assert changed == {"claims.yaml", "curation-journal.jsonl"}
    old, new = before["claims.yaml"].decode(), after["claims.yaml"].decode()
    assert new.startswith(old)  # every old byte kept, in place
    assert new[len(old) :] == (
        "  - id: ketamine-causes-dissociation\n"
        "    subject: ketamine\n"
        "    relation: causes\n"
        "    object: dissociation\n"
        "    certainty: suggested\n"
        "    evidence:\n"
        "      - source: article\n"
        '        quote: "A naïve user may feel dissociation."\n'
        "entities:\n"
        "  - id: dissociation\n"
        "    label: Dissociation\n"
        "    type: effect\n"
    )
    corpus = load_corpus(tiny)
    assert corpus.ok and "ketamine-causes-dissociation" in {c.id for c in corpus.claims}
    assert (entry["action"], entry["who"], entry["seq"]) == ("new", "ana", 1)
    assert entry["before_sha256"] != entry["after_sha256"] and entry["time"].endswith("Z")


def test_the_shipped_claims_file_keeps_every_byte(tmp_path: Path) -> None:
    root = tmp_path / "graph"
    shutil.copytree(SHIPPED_GRAPH, root)
    path = root / "reyou-ketamine-brain" / "claims.yaml"
    old = path.read_text(encoding="utf-8")
    claim = {
        "id": "ketamine-used-for-anesthesia-test",
        "subject": "ketamine",
        "relation": "studied_for",
        "object": "depression",
        "certainty": "suggested",
        "qualifiers": {"context": "test"},
        "evidence": [
            {
                "source": "reyou-ketamine-brain",
                "quote": "In recent years, it has gained recognition for its potential in treating depression",
            }
        ],
    }
    CuratedFile(root, path).add_claim(claim, who="t", action="new")
    new = path.read_text(encoding="utf-8")
    assert new.startswith(old) and "    qualifiers: {context: test}\n" in new[len(old) :]
    diff = subprocess.run(["diff", str(SHIPPED_GRAPH), str(root), "-r", "-q"], capture_output=True, text=True).stdout
    assert sorted(diff.splitlines()) == sorted(
        [f"Files {SHIPPED_GRAPH}/reyou-ketamine-brain/claims.yaml and {root}/reyou-ketamine-brain/claims.yaml differ",
         f"Only in {root}/reyou-ketamine-brain: .claims.yaml.lock",
         f"Only in {root}/reyou-ketamine-brain: curation-journal.jsonl"]
    )  # fmt: skip


def test_a_file_edited_on_disk_under_an_open_session_is_not_overwritten(tiny: Path) -> None:
    f = CuratedFile(tiny, tiny / "claims.yaml")
    path = tiny / "claims.yaml"
    edited = path.read_text(encoding="utf-8").replace("certainty: speculative", "certainty: suggested")
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(FileChanged) as info:
        f.add_claim(NEW_CLAIM, entities=[DISSOCIATION], who="ana", action="new")
    assert "changed on disk since it was read; nothing saved" in str(info.value)
    assert "-    certainty: speculative\n+    certainty: suggested\n" in info.value.diff
    assert path.read_text(encoding="utf-8") == edited
    assert Journal(tiny / "curation-journal.jsonl").entries() == []
    f.reload()  # start again from the disk: now it saves
    f.add_claim(NEW_CLAIM, entities=[DISSOCIATION], who="ana", action="new")
    assert "certainty: suggested" in path.read_text(encoding="utf-8")


def test_an_invalid_change_is_refused_with_path_and_line(tiny: Path) -> None:
    before = snapshot(tiny)
    f = CuratedFile(tiny, tiny / "claims.yaml")
    bad = {**NEW_CLAIM, "evidence": [{"source": "article", "quote": "A naive user may feel dissociation."}]}
    with pytest.raises(SaveRefused) as info:
        f.add_claim(bad, entities=[DISSOCIATION], who="ana", action="new")
    assert [str(i) for i in info.value.issues] == [
        "graph/claims.yaml:35: claim 'ketamine-causes-dissociation': quote not found verbatim in source 'article': "
        "'A naive user may feel dissociation.'; closest passage in the source: 'A naïve user may feel dissociation.'"
    ]
    with pytest.raises(SaveRefused, match="unknown object entity 'dissociation'"):
        f.add_claim(NEW_CLAIM, who="ana", action="new")
    assert snapshot(tiny) == before


def test_undo_removes_the_last_decision_and_its_entities(tiny: Path) -> None:
    original = (tiny / "claims.yaml").read_bytes()
    f = CuratedFile(tiny, tiny / "claims.yaml")
    f.add_claim(NEW_CLAIM, entities=[DISSOCIATION], who="ana", action="accept", draft="article-d001")
    f.reject("article-d002", "wrong relation", who="ana")
    journal = Journal(tiny / "curation-journal.jsonl")
    assert journal.draft_states() == {"article-d001": "accepted", "article-d002": "rejected"}
    assert f.undo(who="ana")["undoes"] == 2  # the reject: the YAML is untouched
    assert journal.draft_states() == {"article-d001": "accepted"}
    assert f.undo(who="ana")["undoes"] == 1
    assert (tiny / "claims.yaml").read_bytes() == original
    assert load_corpus(tiny).ok
    assert f.undo(who="ana") is None
    assert [e["action"] for e in journal.entries()] == ["accept", "reject", "undo", "undo"]


def test_reject_needs_a_reason(tiny: Path) -> None:
    with pytest.raises(SaveRefused, match="give a reason"):
        CuratedFile(tiny, tiny / "claims.yaml").reject("d1", "  ", who="ana")


def test_concurrent_sessions_are_serialised_and_the_second_is_refused(tiny: Path) -> None:
    a = CuratedFile(tiny, tiny / "claims.yaml")
    b = CuratedFile(tiny, tiny / "claims.yaml")
    results: dict[str, str] = {}

    def save(name: str, f: CuratedFile) -> None:
        try:
            f.add_claim(NEW_CLAIM, entities=[DISSOCIATION], who=name, action="new")
            results[name] = "saved"
        except FileChanged:
            results[name] = "refused"

    threads = [threading.Thread(target=save, args=(n, f)) for n, f in (("a", a), ("b", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == ["refused", "saved"]
    assert (tiny / "claims.yaml").read_text(encoding="utf-8").count("ketamine-causes-dissociation") == 1


def test_a_held_lock_makes_a_save_wait_then_give_up(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writeback, "LOCK_TIMEOUT", 0.2)
    f = CuratedFile(tiny, tiny / "claims.yaml")
    with f.lock, pytest.raises(SaveRefused, match="another session is saving"):
        CuratedFile(tiny, tiny / "claims.yaml").add_claim(NEW_CLAIM, entities=[DISSOCIATION], who="b", action="new")


def test_a_flush_layout_is_kept(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": FLAT})
    CuratedFile(root, root / "claims.yaml").add_claim(NEW_CLAIM, entities=[DISSOCIATION], who="a", action="new")
    new = (root / "claims.yaml").read_text(encoding="utf-8")
    assert new.startswith(FLAT) and "\n- id: ketamine-causes-dissociation\n  subject: ketamine\n" in new
    assert load_corpus(root).ok


def test_a_layout_the_writer_cannot_keep_is_refused(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": FLAT.replace("subject: ketamine", "subject:   ketamine")})
    text = (root / "claims.yaml").read_text(encoding="utf-8")
    with pytest.raises(SaveRefused, match="would also change lines it should keep") as info:
        CuratedFile(root, root / "claims.yaml").add_claim(NEW_CLAIM, entities=[DISSOCIATION], who="a", action="new")
    assert info.value.diff
    assert (root / "claims.yaml").read_text(encoding="utf-8") == text


def test_an_unsafe_file_is_not_curated(make_graph: MakeGraph) -> None:
    root = make_graph({"claims.yaml": "claims: !!python/object:os.system {}\n"})
    with pytest.raises(SaveRefused, match="cannot curate a file with problems"):
        CuratedFile(root, root / "claims.yaml")


def test_the_undo_command(tiny: Path) -> None:
    from click.testing import CliRunner

    from ketagraph.cli import cli

    original = (tiny / "claims.yaml").read_bytes()
    CuratedFile(tiny, tiny / "claims.yaml").add_claim(NEW_CLAIM, entities=[DISSOCIATION], who="ana", action="new")
    result = CliRunner().invoke(cli, ["undo", "article", "graph", "--who", "bo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("undid decision 1 (ketamine-causes-dissociation); journal: ")
    assert (tiny / "claims.yaml").read_bytes() == original
    assert Journal(tiny / "curation-journal.jsonl").entries()[-1]["who"] == "bo"
    again = CliRunner().invoke(cli, ["undo", "article", "graph"], catch_exceptions=False)
    assert again.stdout == "nothing to undo\n"
