"""ketagraph new-source: text, Markdown and simple HTML into a new, valid source folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph_helpers import MakeGraph
from ketagraph.cli import cli
from ketagraph.curate.new_source import convert
from ketagraph.errors import KetagraphError
from ketagraph.load import load_corpus


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_text_file_becomes_a_valid_source_folder(tiny: Path, tmp_path: Path) -> None:
    article = tmp_path / "my article.txt"
    article.write_text("Dr. Smith on ketamine\n\nKetamine may help with depression.\n", encoding="utf-8")
    result = run("new-source", str(article), "graph", "--title", "Dr. Smith on ketamine", "--publisher", "A Paper")
    assert result.exit_code == 0, result.output
    folder = tiny / "dr-smith-on-ketamine"
    assert sorted(p.name for p in folder.iterdir()) == ["article.txt", "claims.yaml", "source.yaml"]
    assert (folder / "article.txt").read_bytes() == article.read_bytes()
    claims = (folder / "claims.yaml").read_text(encoding="utf-8")
    assert claims.startswith("# yaml-language-server: $schema=") and claims.endswith("\nclaims:\n")
    assert (
        "graph/dr-smith-on-ketamine/source.yaml:4: warning: source 'dr-smith-on-ketamine' is not quoted"
        in result.stderr
    )
    assert result.stdout.endswith("valid; next: ketagraph draft dr-smith-on-ketamine graph\n")
    corpus = load_corpus(tiny)
    assert corpus.ok
    src = corpus.sources["dr-smith-on-ketamine"]
    assert (src.title, src.publisher, src.kind, src.language) == ("Dr. Smith on ketamine", "A Paper", "other", "en")


def test_html_is_converted_and_what_was_dropped_is_reported(tiny: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Ketamine &amp; the brain</title><style>p{}</style></head><body>"
        "<h1>Ketamine</h1><script>alert('x')</script><p>It <b>may</b> help <a href='http://x'>depression</a>.</p>"
        "<!-- hidden --><img src='x.png'><p>Second&nbsp;paragraph.</p></body></html>",
        encoding="utf-8",
    )
    result = run("new-source", str(page), "graph", "--id", "page")
    assert result.exit_code == 0, result.output
    assert (tiny / "page" / "article.txt").read_text(encoding="utf-8") == (
        "Ketamine\n\nIt may help depression.\n\nSecond paragraph.\n"  # white space, &nbsp; included, collapsed
    )
    assert 'title: "Ketamine & the brain"' in (tiny / "page" / "source.yaml").read_text(encoding="utf-8")
    dropped = result.stdout.split("dropped in the conversion to plain text: ")[1].splitlines()[0]
    for what in ("1 <script> elements", "1 <style> elements", "1 comments", "1 images", "the addresses of 1 links"):
        assert what in dropped
    assert "alert" not in (tiny / "page" / "article.txt").read_text(encoding="utf-8")


def test_markdown_is_converted(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_text(
        "# The title\n\nSome **bold** and _em_ text with a [link](http://x) and ![pic](p.png).\n\n"
        "- first item\n- second item\n\n<!-- note -->\n",
        encoding="utf-8",
    )
    c = convert(md)
    assert c.title == "The title"
    assert c.text == "The title\n\nSome bold and em text with a link and pic.\n\nfirst item\n\nsecond item\n"
    assert "1 link addresses (their text is kept)" in c.dropped
    assert "1 HTML comments" in c.dropped


def test_raw_html_in_markdown_drops_scripts_with_their_content(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_text("Ketamine may help.\n\n<script>alert(1)</script>\n\n<STYLE a=1>p{}</style><b>Kept</b>\n", "utf-8")
    c = convert(md)
    assert c.text == "Ketamine may help.\n\nKept\n"
    assert "2 HTML elements dropped with their content (script, style, …)" in c.dropped
    assert "2 HTML tags" in c.dropped


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"caf\xe9\n", "a.txt:1: not valid UTF-8 (byte 0xe9); save it as UTF-8"),
        (b"bad \x07 bell\n", "contains the control character U+0007 (line 1 of the text); remove it"),
        (b"  \n\n", "no text left to curate"),
    ],
)
def test_bad_input_is_a_message(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(content)
    with pytest.raises(KetagraphError, match=None) as info:
        convert(f)
    assert message in str(info.value)


def test_refusals_leave_nothing_behind(tiny: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Text.\n", encoding="utf-8")
    assert run("new-source", str(article), "graph", "--id", "Not Kebab").exit_code == 1
    assert run("new-source", str(article), "graph", "--kind", "blog").exit_code == 1
    assert run("new-source", str(article), "graph", "--id", "a").exit_code == 0
    again = run("new-source", str(article), "graph", "--id", "a")
    assert again.exit_code == 1
    assert "already exists: choose another --id" in again.stderr
    assert run("new-source", str(article), "nowhere").exit_code == 2
    assert sorted(p.name for p in tiny.iterdir() if p.is_dir()) == ["a"]


def test_a_new_source_in_the_shipped_layout_links_the_schema(make_graph: MakeGraph, tmp_path: Path) -> None:
    root = make_graph()
    article = tmp_path / "x.txt"
    article.write_text("Ketamine acts on NMDA receptors.\n", encoding="utf-8")
    assert run("new-source", str(article), str(root), "--id", "x").exit_code == 0
    line = (root / "x" / "source.yaml").read_text(encoding="utf-8").splitlines()[0]
    target = (root / "x" / line.split("$schema=")[1]).resolve()
    assert target.name == "graph.schema.json"
