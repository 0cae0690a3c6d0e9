"""Curation mode in a real browser: a new article curated from nothing to five decisions, undo, and a
save refused when the file changed on disk under the open page."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from graph_helpers import SHIPPED_GRAPH
from ketagraph.load import load_corpus

from .conftest import AppServer, PageWatch

pytestmark = pytest.mark.browser

ARTICLE = """Ketamine in the clinic

Dr. Lee, of the U.S. clinic, says ketamine might act on NMDA receptors. Studies suggest that ketamine may treat depression. Some individuals report dissociation after ketamine infusion therapy. Ketamine is classified as a Schedule III controlled substance. Ketamine can lead to addiction 😀 in some users.

Ketamine is not a cure for anxiety, e.g. in teenagers.
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def ketagraph(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "ketagraph", *args], check=True, capture_output=True)


@pytest.fixture
def curated(tmp_path: Path) -> Iterator[tuple[Path, AppServer]]:
    """A git repository holding the shipped graph plus a new source with its drafts; the app in --edit."""
    repo = tmp_path / "repo"
    graph = repo / "graph"
    shutil.copytree(SHIPPED_GRAPH, graph)
    (tmp_path / "note.txt").write_text(ARTICLE, encoding="utf-8")
    ketagraph("new-source", str(tmp_path / "note.txt"), str(graph), "--id", "clinic-note")
    ketagraph("draft", "clinic-note", str(graph))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "start")
    server = AppServer(graph, extra_env={"KETAGRAPH_EDIT": "1", "KETAGRAPH_CURATOR": "tester"})
    yield graph, server
    server.stop()


def open_page(watch: PageWatch, server: AppServer) -> Any:
    page = watch.page
    page.goto(server.url)
    page.locator(".kgc-text .kgc-current").first.wait_for(timeout=30_000)
    return page


def flash(page: Any, text: str) -> None:
    page.get_by_text(re.compile(re.escape(text))).first.wait_for(timeout=20_000)  # case-sensitive


def press(page: Any, key: str) -> None:
    page.evaluate("document.activeElement && document.activeElement.blur()")  # keys are ignored in fields
    page.keyboard.press(key)


def select_text(page: Any, text: str) -> None:
    """Select ``text`` in the article as a mouse would, then release the mouse."""
    # (After a decision the page reruns and may be between two renders of the article.)
    page.locator(".kgc-text").first.wait_for(timeout=20_000)
    page.evaluate(
        """(wanted) => {
          const body = document.querySelector('.kgc-text');
          const full = body.textContent;
          const at = full.indexOf(wanted);
          if (at < 0) throw new Error('not in the article: ' + wanted);
          const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          let pos = 0, node;
          while ((node = walker.nextNode())) {
            const len = node.nodeValue.length;
            if (pos <= at && at <= pos + len && !range.__started) { range.setStart(node, at - pos); range.__started = true; }
            if (pos <= at + wanted.length && at + wanted.length <= pos + len) { range.setEnd(node, at + wanted.length - pos); break; }
            pos += len;
          }
          const sel = document.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
          body.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        text,
    )


def choose(page: Any, label: str, option: str) -> None:
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    expect(box).to_have_count(1, timeout=20_000)  # the last run's element gone
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()


def decisions(graph: Path) -> list[dict[str, Any]]:
    lines = (graph / "clinic-note" / "curation-journal.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_a_new_article_curated_to_five_decisions_then_undo(
    curated: tuple[Path, AppServer], watched_page: PageWatch
) -> None:
    graph, server = curated
    repo = graph.parent
    page = open_page(watched_page, server)
    assert page.locator(".kgc-draft").count() == 6

    # 1, 2: accept two drafts with the key "a"
    press(page, "a")
    flash(page, "Saved claim 'ketamine-acts-on-nmda-receptor-2'.")  # (the shipped graph has the id)
    press(page, "a")
    flash(page, "Saved claim 'ketamine-treats-depression-2'.")
    # 3: reject the next one, with a reason
    choose(page, "Reason, when rejecting", "no relation stated")
    page.get_by_role("button", name="Reject (x)").click()
    flash(page, "Rejected the draft (no relation stated).")
    expect(page.locator(".kgc-draft.kgc-rejected")).to_have_count(1)
    expect(page.locator(".kgc-draft.kgc-accepted")).to_have_count(2)

    # 4: a claim from a selected span (after an astral character: UTF-16 and code points differ)
    select_text(page, "Ketamine can lead to addiction 😀 in some users.")
    page.get_by_text("New claim from the selection").wait_for()
    choose(page, "Relation", "causes")
    page.get_by_role("button", name="Save claim").click()
    flash(page, "Saved claim 'ketamine-causes-addiction-2'.")

    # 5: a claim from a span, with a new entity created on the spot; the negation is proposed
    select_text(page, "Ketamine is not a cure for anxiety, e.g. in teenagers.")
    page.get_by_text("New claim from the selection").wait_for()
    choose(page, "Object", "+ new entity")
    page.get_by_label("New object: label").fill("Anxiety in teenagers")
    choose(page, "New object: type", "condition")
    choose(page, "Relation", "treats")
    page.get_by_role("button", name="Save claim").click()
    flash(page, "Saved claim 'ketamine-treats-anxiety-in-teenagers' and 1 new entity.")
    page.wait_for_function(
        "window.ketagraph.edges && window.ketagraph.edges.get('ketamine-treats-anxiety-in-teenagers')"
    )

    corpus = load_corpus(graph)
    assert corpus.ok, [str(i) for i in corpus.errors]
    mine = {c.id: c for c in corpus.claims if c.evidence[0].source == "clinic-note"}
    assert sorted(mine) == [
        "ketamine-acts-on-nmda-receptor-2",
        "ketamine-causes-addiction-2",
        "ketamine-treats-anxiety-in-teenagers",
        "ketamine-treats-depression-2",
    ]
    negated = next(c for c in mine.values() if c.object == "anxiety-in-teenagers")
    assert negated.polarity == "negated" and negated.evidence[0].quote.startswith("Ketamine is not a cure")
    span = next(c for c in mine.values() if c.object == "addiction")
    assert span.evidence[0].quote == "Ketamine can lead to addiction 😀 in some users."

    # Only the additions changed: one file, added lines only; everything else byte for byte.
    assert git(repo, "diff", "--name-only").split() == ["graph/clinic-note/claims.yaml"]
    diff = git(repo, "diff", "-U0", "graph/clinic-note/claims.yaml").splitlines()
    assert not [line for line in diff if line.startswith("-") and not line.startswith("---")]
    untracked = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(untracked) == [
        " M graph/clinic-note/claims.yaml",
        "?? graph/clinic-note/.claims.yaml.lock",
        "?? graph/clinic-note/curation-journal.jsonl",
    ]
    journal = decisions(graph)
    assert [e["action"] for e in journal] == ["accept", "accept", "reject", "new", "new"]
    assert {e["who"] for e in journal} == {"tester"}
    assert journal[2]["reason"] == "no relation stated"

    # Undo (backspace) removes the last decision: the claim and the entity made with it.
    press(page, "Backspace")
    flash(page, "Undid decision 5")
    text = (graph / "clinic-note" / "claims.yaml").read_text(encoding="utf-8")
    assert "anxiety-in-teenagers" not in text and "ketamine-causes-addiction" in text
    assert [e["action"] for e in decisions(graph)][-1] == "undo"
    assert load_corpus(graph).ok
    page.wait_for_function("!window.ketagraph.edges.get('ketamine-treats-anxiety-in-teenagers')")
    assert not watched_page.remote
    assert not [e for e in watched_page.errors if "favicon" not in e]


def test_a_file_edited_on_disk_under_the_open_page_is_not_overwritten(
    curated: tuple[Path, AppServer], watched_page: PageWatch
) -> None:
    graph, server = curated
    page = open_page(watched_page, server)
    claims = graph / "clinic-note" / "claims.yaml"
    edited = claims.read_text(encoding="utf-8") + "# a curator's edit in another editor\n"
    claims.write_text(edited, encoding="utf-8")
    press(page, "a")
    flash(page, "changed on disk since it was read; nothing saved")
    page.get_by_text("+# a curator's edit in another editor").first.wait_for()
    assert claims.read_text(encoding="utf-8") == edited
    assert not (graph / "clinic-note" / "curation-journal.jsonl").exists()
    # After a reload from disk, the same decision saves.
    page.get_by_role("button", name="Reload the file from disk").click()
    press(page, "a")
    flash(page, "Saved claim")
    now = claims.read_text(encoding="utf-8")
    ops = difflib.SequenceMatcher(None, edited.splitlines(), now.splitlines()).get_opcodes()
    assert {op for op, *_ in ops} == {"equal", "insert"}  # the other editor's line kept, the claim added
    assert "# a curator's edit in another editor" in now
