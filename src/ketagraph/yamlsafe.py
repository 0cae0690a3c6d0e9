"""Safe, line-aware, bounded YAML reading.

Graph files are read from YAML *events* (libyaml's C parser where present, which is iterative) and
turned into Python values by one loop that never recurses, so that:

- every mapping remembers the line it starts on and the line of each key (:class:`LineDict`), and
  every sequence the line of each item (:class:`LineList`);
- only YAML's standard types are built: a language-specific tag (``!!python/object``) is refused;
- a file larger than :data:`MAX_FILE_BYTES`, nested deeper than :data:`MAX_DEPTH`, using more than
  :data:`MAX_ALIASES` aliases or expanding to more than :data:`MAX_NODES` values is refused with a
  clear message instead of exhausting memory or the C stack ("billion laughs", deep nesting);
- duplicate keys are reported (plain YAML loaders keep the last one silently).

Problems are returned as :class:`~ketagraph.errors.Issue` values, never raised.
"""

from __future__ import annotations

from typing import Any

import yaml

from ketagraph.errors import Issue

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "LineDict", "LineList", "read_yaml", "size_issue"]

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
MAX_ALIASES = 256
MAX_NODES = 2_000_000

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping from YAML that knows the line it starts on and the line of each of its keys."""

    __slots__ = ("key_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}


class LineList(list):  # type: ignore[type-arg]
    """A sequence from YAML that knows the line each of its items starts on."""

    __slots__ = ("item_lines", "line")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class _Limit(Exception):
    def __init__(self, line: int | None, message: str):
        self.line, self.message = line, message


def read_yaml(data: bytes, path: str) -> tuple[Any, list[Issue]]:
    """Parse one YAML document from ``data``; return ``(value, issues)``.

    ``value`` is ``None`` when the file could not be read at all (then ``issues`` says why).
    A UTF-8 byte-order mark and CRLF line ends are accepted.
    """
    too_large = size_issue(len(data), path)
    if too_large is not None:
        return None, [too_large]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return None, [Issue(path, line, f"not valid UTF-8 (byte 0x{data[e.start]:02x}); save the file as UTF-8")]
    issues: list[Issue] = []
    try:
        value = _build(text, path, issues)
    except _Limit as e:
        return None, [Issue(path, e.line, e.message)]
    except yaml.YAMLError as e:
        return None, [_yaml_issue(e, text, path)]
    return value, issues


def size_issue(size: int, path: str) -> Issue | None:
    """The problem with a file of ``size`` bytes, if it is over :data:`MAX_FILE_BYTES`.

    Callers reading from disk check the size first, so an oversized file is never read into memory.
    """
    if size > MAX_FILE_BYTES:
        return Issue(path, None, f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
    return None


def _yaml_issue(e: yaml.YAMLError, text: str, path: str) -> Issue:
    if isinstance(e, yaml.reader.ReaderError):
        # Raised before any token is read: it has a character offset, not a mark.
        at = text.count("\n", 0, e.position) + 1
        return Issue(
            path, at, f"contains the control character U+{e.character:04X}, which YAML does not allow; remove it"
        )
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(e, "problem", None) or str(e)
    if "maximum nesting depth" in problem:
        # libyaml 0.2.6 and later stop deep nesting themselves, before ketagraph's own check
        # sees it: say the same thing whichever stops it first.
        return Issue(path, line, f"nested more than {MAX_DEPTH} levels deep")
    context = getattr(e, "context", None)
    msg = f"YAML syntax error: {problem}"
    if context:
        msg += f" ({context})"
    # libyaml names the tab only when it breaks indentation, not when a line starts with one.
    at_tab = mark is not None and text[mark.index : mark.index + 1] == "\t"
    if at_tab or " tab " in problem:
        msg += "; indent with spaces, not tabs"
    return Issue(path, line, msg)


#: The first characters that may make a plain scalar something other than a string (a number, a
#: boolean, null, a date...): any other plain scalar, and every quoted or block one, is a string.
_TYPED_STARTS = frozenset(k for k in _Parser.yaml_implicit_resolvers if k is not None)
_ANY_START_TYPED = None in _Parser.yaml_implicit_resolvers


def _scalar(loader: Any, event: yaml.ScalarEvent, line: int) -> Any:
    if event.tag is None:
        # The common case, decided without building a node: what ``loader.resolve`` would call a
        # string (its default tag) and ``construct_yaml_str`` would return as the value itself.
        value = event.value
        if not event.implicit[0] or (value and value[0] not in _TYPED_STARTS and not _ANY_START_TYPED):
            return value
    tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit) if event.tag in (None, "!") else event.tag
    if tag == "tag:yaml.org,2002:timestamp":
        return event.value  # a date stays the text the curator wrote
    if tag == "tag:yaml.org,2002:merge":
        raise _Limit(line, "merge keys ('<<: *name') are not supported: write the keys out")
    if tag not in _STANDARD_TAGS or tag in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
        _refuse_tag(event.tag or tag, line)
    node = yaml.ScalarNode(tag, event.value, style=event.style)
    return loader.yaml_constructors[tag](loader, node)


def _check_collection_tag(tag: str | None, expected: str, line: int) -> None:
    if tag not in (None, "!", expected):
        _refuse_tag(tag, line)


def _refuse_tag(tag: str, line: int) -> None:
    shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
    raise _Limit(line, f"tag {shown!r} is not allowed: graph files hold plain YAML values only")


def _build(text: str, path: str, issues: list[Issue]) -> Any:
    loader = _Parser(text)
    try:
        # Each stack frame: [container, is_mapping, pending_key, key_line, anchor, expanded_size];
        # the root frame is a list.
        root: list[Any] = []
        stack: list[list[Any]] = [[root, False, None, None, None, 1]]
        anchors: dict[str, tuple[Any, int]] = {}
        nodes = 0
        aliases = 0
        documents = 0

        def add(value: Any, line: int, size: int) -> None:
            nonlocal nodes
            nodes += size
            if nodes > MAX_NODES:
                raise _Limit(line, f"the document expands to more than {MAX_NODES:,} values (alias bomb?)")
            frame = stack[-1]
            frame[5] += size
            container = frame[0]
            if not frame[1]:
                container.append(value)
                if container is not root:
                    container.item_lines.append(line)
            elif frame[2] is _NO_KEY:
                if isinstance(value, (dict, list)):
                    raise _Limit(line, "a mapping key must be a plain value")
                frame[2], frame[3] = value, line
            else:
                key, key_line = frame[2], frame[3]
                frame[2] = _NO_KEY
                if key in container:
                    issues.append(
                        Issue(path, key_line, f"duplicate key {key!r} (first at line {container.key_lines[key]})")
                    )
                container[key] = value
                container.key_lines.setdefault(key, key_line)

        while True:
            event = loader.get_event()
            if event is None:
                break
            kind = type(event)
            line: int = event.start_mark.line + 1 if event.start_mark else 0
            if kind is yaml.ScalarEvent:
                value = _scalar(loader, event, line)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                add(value, line, 1)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) > MAX_DEPTH:
                    raise _Limit(line, f"nested more than {MAX_DEPTH} levels deep")
                if kind is yaml.MappingStartEvent:
                    _check_collection_tag(event.tag, "tag:yaml.org,2002:map", line)
                    stack.append([LineDict(line), True, _NO_KEY, None, event.anchor, 1])
                else:
                    _check_collection_tag(event.tag, "tag:yaml.org,2002:seq", line)
                    stack.append([LineList(line), False, None, None, event.anchor, 1])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                container, _, _, _, anchor, size = stack.pop()
                if anchor:
                    anchors[anchor] = (container, size)
                add(container, container.line, size)
            elif kind is yaml.AliasEvent:
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise _Limit(line, f"more than {MAX_ALIASES} aliases ('*name') in one file")
                if event.anchor not in anchors:
                    raise _Limit(line, f"alias *{event.anchor} refers to no anchor defined before it")
                value, size = anchors[event.anchor]
                add(value, line, size)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Limit(line, "more than one YAML document in the file ('---'); use one")
        return root[0] if root else None
    finally:
        loader.dispose()


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY: Any = _NoKey()
