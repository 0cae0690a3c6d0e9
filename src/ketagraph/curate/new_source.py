"""Start a source: copy an article (UTF-8 text, Markdown or simple HTML) into a new graph folder.

:func:`convert` turns the file into plain text (paragraphs separated by blank lines, as the loader
expects) and lists what it dropped; :func:`new_source` writes ``<graph>/<id>/`` with
``article.txt``, ``source.yaml`` and an empty ``claims.yaml``. Markup is never interpreted beyond
this conversion: scripts, styles and comments are dropped, and reported.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ketagraph.errors import KetagraphError
from ketagraph.load import MAX_SOURCE_BYTES
from ketagraph.model import SOURCE_KINDS
from ketagraph.schema import CONTROL_CHARS, ID_PATTERN, LANGUAGE_PATTERN, MAX_ID, MAX_LABEL

__all__ = ["SCHEMA_PATH", "Converted", "NewSource", "convert", "new_source", "schema_line"]

#: The JSON Schema of graph YAML files, shipped with the package.
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "graph.schema.json"

_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
    "footer", "blockquote", "pre", "table", "tr", "td", "th", "main", "nav", "aside", "figure", "figcaption",
    "dd", "dt", "dl", "hr", "title", "body", "html", "form",
}  # fmt: skip
_DROPPED_WITH_CONTENT = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head", "button"}
_HTML_WITH_CONTENT = re.compile(
    r"<(" + "|".join(sorted(_DROPPED_WITH_CONTENT)) + r")\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


@dataclass
class Converted:
    """A source converted to plain text, with what the conversion dropped."""

    text: str
    title: str | None = None
    dropped: list[str] = field(default_factory=list)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []
        self.dropped: Counter[str] = Counter()
        self.title: list[str] = []
        self.in_title = False
        self.links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.skipping_other_than_head():
            self.in_title = True
        if tag in _DROPPED_WITH_CONTENT:
            if tag not in _VOID:
                self.skipping.append(tag)
            self.dropped[f"<{tag}> elements with their content"] += 1
            return
        if tag == "img":
            self.dropped["images"] += 1
        elif tag == "a" and any(k == "href" for k, _ in attrs):
            self.links += 1
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def skipping_other_than_head(self) -> bool:
        return any(t != "head" for t in self.skipping)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _DROPPED_WITH_CONTENT:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skipping:
            return
        self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.dropped["comments"] += 1


def _paragraphs(raw: str) -> str:
    """Collapse white space inside paragraphs; one blank line between paragraphs."""
    paras = []
    for chunk in re.split(r"\n\s*\n", raw):
        lines = [" ".join(line.split()) for line in chunk.split("\n")]
        para = " ".join(line for line in lines if line)
        if para:
            paras.append(para)
    return "\n\n".join(paras) + "\n"


def _html_to_text(raw: str) -> Converted:
    parser = _TextExtractor()
    parser.feed(raw)
    parser.close()
    dropped = [f"{n} {what}" for what, n in sorted(parser.dropped.items())]
    if parser.links:
        dropped.append(f"the addresses of {parser.links} links (their text is kept)")
    dropped.append("all markup (tags and attributes)")
    title = " ".join("".join(parser.title).split()) or None
    return Converted(_paragraphs("".join(parser.parts)), title, dropped)


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.MULTILINE)
_MD_QUOTE = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)
_MD_FENCE = re.compile(r"^[ \t]*(```|~~~).*$", re.MULTILINE)
_MD_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.MULTILINE)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _markdown_to_text(raw: str) -> Converted:
    dropped: Counter[str] = Counter()

    def count(what: str, pattern: re.Pattern[str], repl: str, text: str) -> str:
        new, n = pattern.subn(repl, text)
        if n:
            dropped[what] += n
        return new

    text = count("HTML comments", _HTML_COMMENT, "", raw)
    # Raw HTML inside Markdown: a script or style goes with its content, as in an HTML file.
    text = count("HTML elements dropped with their content (script, style, …)", _HTML_WITH_CONTENT, "", text)
    text = count("code fence lines", _MD_FENCE, "", text)
    text = count("horizontal rules", _MD_RULE, "", text)
    headings = [m.group(1) for m in _MD_HEADING.finditer(text)]
    # A heading becomes its own paragraph (the loader's headings are one-line paragraphs).
    text = count("heading marks (#)", _MD_HEADING, "\n\n\\1\n\n", text)
    text = count("images (their alt text is kept)", _MD_IMAGE, r"\1", text)
    text = count("link addresses (their text is kept)", _MD_LINK, r"\1", text)
    text = count("list markers (items kept as paragraphs)", _MD_LIST, "\n\n", text)
    text = count("block-quote marks (>)", _MD_QUOTE, "", text)
    text = count("emphasis and code marks", _MD_EMPHASIS, r"\2", text)
    text = count("HTML tags", _HTML_TAG, "", text)
    text = html.unescape(text)
    return Converted(_paragraphs(text), headings[0].strip() if headings else None, [
        f"{n} {what}" for what, n in sorted(dropped.items())
    ])  # fmt: skip


def convert(path: Path) -> Converted:
    """Read ``path`` (UTF-8) and convert it to plain text by its suffix (.html/.htm, .md, else text)."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise KetagraphError(f"{path}: {size:,} bytes, over the {MAX_SOURCE_BYTES:,}-byte limit of a source text")
        data = path.read_bytes()
    except OSError as e:
        raise KetagraphError(f"{path}: cannot read the file: {e.strerror or e}") from None
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise KetagraphError(f"{path}:{line}: not valid UTF-8 (byte 0x{data[e.start]:02x}); save it as UTF-8") from None
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        converted = _html_to_text(raw)
    elif suffix in (".md", ".markdown"):
        converted = _markdown_to_text(raw)
    else:
        text = raw if raw.endswith("\n") else raw + "\n"
        converted = Converted(text, None, [])
    bad = CONTROL_CHARS.search(converted.text.replace("\t", " "))
    if bad:
        line = converted.text.count("\n", 0, bad.start()) + 1
        raise KetagraphError(
            f"{path}: contains the control character U+{ord(bad.group()):04X} (line {line} of the text); remove it"
        )
    if not converted.text.strip():
        raise KetagraphError(f"{path}: no text left to curate" + (" after conversion" if converted.dropped else ""))
    return converted


@dataclass
class NewSource:
    """What :func:`new_source` wrote."""

    id: str
    folder: Path
    files: list[Path]
    dropped: list[str]


def schema_line(folder: Path) -> str:
    """The ``# yaml-language-server: $schema=...`` line for a YAML file written in ``folder``."""
    rel = os.path.relpath(SCHEMA_PATH, folder.resolve())
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}\n"


def _yaml_text(s: str) -> str:
    """``s`` as a double-quoted YAML scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(s, ensure_ascii=False)


def _kebab(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")[:MAX_ID].strip("-")


def new_source(
    file: Path,
    graph_dir: Path,
    *,
    source_id: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    kind: str = "other",
    language: str = "en",
    url: str | None = None,
) -> NewSource:
    """Create ``graph_dir/<id>/`` with the converted text, ``source.yaml`` and an empty ``claims.yaml``.

    Raises :class:`KetagraphError` with a message for the user when anything is wrong; nothing is
    left behind then.
    """
    if not graph_dir.is_dir():
        raise KetagraphError(f"{graph_dir}: not a folder: give the graph folder the source is added to")
    converted = convert(file)
    title = " ".join((title or converted.title or file.stem.replace("-", " ").replace("_", " ")).split())
    if not title:
        raise KetagraphError("the source needs a title: give --title")
    if len(title) > MAX_LABEL:
        title = title[: MAX_LABEL - 1].rstrip() + "…"
    sid = source_id if source_id is not None else _kebab(title) or _kebab(file.stem)
    if not ID_PATTERN.match(sid) or len(sid) > MAX_ID:
        raise KetagraphError(f"--id {sid!r} is not a kebab-case id: lower-case letters, digits and single hyphens")
    if kind not in SOURCE_KINDS:
        raise KetagraphError(f"unknown source kind {kind!r}; allowed: {', '.join(SOURCE_KINDS)}")
    if not LANGUAGE_PATTERN.match(language):
        raise KetagraphError(f"language {language!r} is not a language code such as 'en'")
    folder = graph_dir / sid
    if folder.exists():
        raise KetagraphError(f"{folder} already exists: choose another --id")
    existing = {p.parent.name for p in graph_dir.rglob("source.yaml")}
    if sid in existing:
        raise KetagraphError(f"a source folder named {sid!r} already exists in {graph_dir}: choose another --id")
    lines = [
        schema_line(folder),
        f"# Started with 'ketagraph new-source {file.name}'. Edit the metadata as needed.\n",
        "sources:\n",
        f"  - id: {sid}\n",
        f"    title: {_yaml_text(title)}\n",
        f"    publisher: {_yaml_text(' '.join((publisher or 'unknown').split()))}\n",
        f"    kind: {kind}\n",
        f"    language: {language}\n",
        "    file: article.txt\n",
    ]
    if url:
        lines.append(f"    url: {_yaml_text(url)}\n")
    folder.mkdir(parents=True)
    try:
        article = folder / "article.txt"
        article.write_text(converted.text, encoding="utf-8", newline="\n")
        (folder / "source.yaml").write_text("".join(lines), encoding="utf-8", newline="\n")
        (folder / "claims.yaml").write_text(
            schema_line(folder)
            + f"# Claims of {title!r}: add them with 'ketagraph draft {sid}' and the app's --edit mode.\nclaims:\n",
            encoding="utf-8",
            newline="\n",
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return NewSource(sid, folder, [article, folder / "source.yaml", folder / "claims.yaml"], converted.dropped)
