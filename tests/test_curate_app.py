"""Curation mode through AppTest (read-only by default; --edit opens it), and the span checks it relies on."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from graph_helpers import SHIPPED_GRAPH
from ketagraph.cli import cli
from ketagraph.curate.spans import browser_span, occurrence, unique_id, utf16_to_index
from ketagraph.errors import KetagraphError
from ketagraph.ui.curate import edit_requested

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TEXT = "Title\n\nKetamine 😀 acts on NMDA receptors. Ketamine can lead to addiction.\n"


def test_utf16_offsets_become_code_points() -> None:
    assert utf16_to_index(TEXT, 0) == 0
    assert utf16_to_index(TEXT, 18) == 17  # the emoji is two UTF-16 units, one code point
    with pytest.raises(KetagraphError, match="inside a character"):
        utf16_to_index(TEXT, 17)
    with pytest.raises(KetagraphError, match="outside the text"):
        utf16_to_index(TEXT, 10_000)


def test_a_browser_selection_is_checked_and_trimmed() -> None:
    selected = " acts on NMDA receptors."
    start16 = TEXT.index(selected) + 1  # + 1: the emoji before it is two UTF-16 units
    start, end, quote = browser_span(TEXT, start16, start16 + len(selected), selected)
    assert (quote, TEXT[start:end]) == ("acts on NMDA receptors.", "acts on NMDA receptors.")
    with pytest.raises(KetagraphError, match="does not match the article"):
        n = TEXT.index("NMDA")  # code points given as UTF-16 offsets: the text there is " NMD"
        browser_span(TEXT, n, n + 4, "NMDA")
    with pytest.raises(KetagraphError, match="only white space"):
        browser_span(TEXT, 5, 7, "\n\n")
    with pytest.raises(KetagraphError, match="integer offsets"):
        browser_span(TEXT, "1", 4, "itle")


def test_occurrence_and_unique_ids() -> None:
    text = "Ketamine. Ketamine. Other."
    assert occurrence(text, "Ketamine.", 10) == 2
    assert occurrence(text, "Other.", 20) == 0
    assert unique_id("Ketamine acts_on NMDA", {"ketamine-acts-on-nmda", "ketamine-acts-on-nmda-2"}) == (
        "ketamine-acts-on-nmda-3"
    )


def test_edit_mode_needs_the_flag() -> None:
    assert not edit_requested([], {})
    assert edit_requested(["--graph", "g", "--edit"], {})
    assert edit_requested([], {"KETAGRAPH_EDIT": "1"})


@pytest.fixture
def curating(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    graph = tmp_path / "graph"
    shutil.copytree(SHIPPED_GRAPH, graph)
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    run = CliRunner()
    assert run.invoke(cli, ["new-source", str(tmp_path / "a.txt"), str(graph), "--id", "a"]).exit_code == 0
    assert run.invoke(cli, ["draft", "a", str(graph)]).exit_code == 0
    monkeypatch.setattr(sys, "argv", ["app.py"])
    monkeypatch.setenv("KETAGRAPH_GRAPH", str(graph))
    return graph


def test_the_app_is_read_only_without_the_flag(curating: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KETAGRAPH_EDIT", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "#### ketagraph" in [m.value for m in at.markdown]  # the explorer's header
    assert not [t.value for t in at.title if "curating" in t.value]
    assert not [b for b in at.button if "Accept" in b.label or "Draft claims" in b.label]


def test_edit_mode_reviews_drafts_and_checks_selections(curating: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KETAGRAPH_EDIT", "1")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["kgc_source"] = "a"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "ketagraph · curating"
    assert "Ketamine 😀 acts on NMDA receptors." in [t.value for t in at.text]
    assert {"Accept (a)", "Reject (x)", "Skip (space)", "Undo (⌫)"} <= {b.label for b in at.button}
    # A selection whose offsets do not hold its text is refused with a message, never saved.
    at.session_state["kgc_action"] = {"kind": "span", "start": 8, "end": 12, "text": "acts", "n": 1}
    at.run()
    assert [e.value for e in at.error] == [
        "the selection does not match the article at its offsets; select the text again"
    ]
    start16 = TEXT.index("Ketamine can") + 1
    at.session_state["kgc_action"] = {
        "kind": "span",
        "start": start16,
        "end": start16 + 31,
        "text": "Ketamine can lead to addiction.",
        "n": 2,
    }
    at.run()
    assert "New claim from the selection" in "".join(m.value for m in at.markdown)
    assert at.selectbox(key="kgc_span_subject").value == "ketamine"
    assert at.selectbox(key="kgc_span_object").value == "addiction"
    assert at.selectbox(key="kgc_span_certainty").value == "established"
    # Rejecting without a reason is refused.
    at.session_state["kgc_span"] = None
    at.session_state["kgc_action"] = {"kind": "reject"}
    at.run()
    assert "Choose a reason before rejecting" in at.error[0].value
    assert not (curating / "a" / "curation-journal.jsonl").exists()


def test_the_readme_walks_through_curation() -> None:
    readme = (Path(APP).parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Curating an article", 1)[1].split("\n## ", 1)[0]
    for needed in ("ketagraph new-source", "ketagraph draft", "-- --edit", "drafts.json", "curation-journal.jsonl",
                   "(`a`)", "(`x`)", "(space)", "(backspace)", "yaml-language-server"):  # fmt: skip
        assert needed in section, needed


def test_an_edited_draft_is_saved_as_edited_and_skip_moves_on(curating: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    monkeypatch.setenv("KETAGRAPH_EDIT", "1")
    drafts = json.loads((curating / "a" / "drafts.json").read_text(encoding="utf-8"))["drafts"]
    first, second = drafts[0], drafts[1]
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["kgc_source"] = "a"
    at.run()
    assert at.session_state["kgc_current"] == first["id"]
    at.session_state["kgc_action"] = {"kind": "skip"}
    at.run()
    assert at.session_state["kgc_current"] == second["id"]
    at.session_state["kgc_action"] = {"kind": "goto", "draft": first["id"]}
    at.run()
    at.selectbox(key=f"kgc_certainty_{first['id']}").set_value("speculative").run()
    at.session_state["kgc_action"] = {"kind": "accept"}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.endswith("(edited).")
    entry = [json.loads(line) for line in (curating / "a" / "curation-journal.jsonl").read_text().splitlines()][-1]
    assert (entry["action"], entry["draft"], entry["claim"]["certainty"]) == ("edit", first["id"], "speculative")
    assert "certainty: speculative" in (curating / "a" / "claims.yaml").read_text(encoding="utf-8")
