"""Positions in JSON text: one scan of the text, made when the first finding needs a position.

The json module parses fast but keeps no positions. The first `span()` tokenizes the text once
into a tree of node offsets (keys and values), so each further pointer costs its depth: every
finding of a file resolves in one linear pass, however many there are (issue 12: re-scanning
the text per finding made 2,000 findings quadratic)."""

from __future__ import annotations

import bisect
import json
import re

from asllint.document import Position, Span, split_pointer

# A JSON token: a string, a structural character, or a literal (number, true, false, null).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+', re.S)


class LineIndex:
    """Converts 0-based character offsets into 1-based line and column."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1)

    def offset(self, pos: Position) -> int:
        return self.starts[pos.line - 1] + pos.column - 1


class _Node:
    """Offsets of one value: [start, end), its key's [start, end) when it is an object member,
    and its children (a dict by key, a list by index) when it is a container."""

    __slots__ = ("key", "start", "end", "children")

    def __init__(self, key, start: int, children):
        self.key = key
        self.start = start
        self.end = start
        self.children = children


def index_json(text: str) -> _Node | None:
    """The node tree of valid JSON text, in one scan. A repeated key keeps its last value, as
    json.loads does. None when the text holds no value."""
    root = None
    stack: list[_Node] = []
    pending_key = None        # (name, (start, end)) of the member whose value comes next
    expect_key = False
    for m in _TOKEN.finditer(text):
        tok = m.group()
        c = tok[0]
        if c == "," or c == ":":
            if c == "," and stack and isinstance(stack[-1].children, dict):
                expect_key = True
            continue
        if c in "}]":
            node = stack.pop()
            node.end = m.end()
            expect_key = False
            continue
        if expect_key:  # an object member's name
            name = json.loads(tok) if "\\" in tok else tok[1:-1]
            pending_key = (name, m.span())
            expect_key = False
            continue
        parent = stack[-1] if stack else None
        if c == "{" or c == "[":
            node = _Node(None, m.start(), {} if c == "{" else [])
        else:
            node = _Node(None, m.start(), None)
            node.end = m.end()
        if parent is None:
            root = node
        elif isinstance(parent.children, dict):
            name, node.key = pending_key
            parent.children[name] = node
        else:
            parent.children.append(node)
        if node.children is not None:
            stack.append(node)
            expect_key = c == "{"
    return root


class JsonLocator:
    def __init__(self, text: str):
        self.text = text
        self._lines: LineIndex | None = None
        self._root: _Node | None = None
        self._indexed = False

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def _tree(self) -> _Node | None:
        if not self._indexed:
            self._root = index_json(self.text)
            self._indexed = True
        return self._root

    def span(self, pointer: str, at: str = "value") -> Span | None:
        try:
            parts = split_pointer(pointer)
        except ValueError:
            return None
        node = self._tree()
        for part in parts:
            if node is None or node.children is None:
                return None
            if isinstance(node.children, dict):
                node = node.children.get(part)
            else:
                index = int(part) if part.isascii() and part.isdigit() else -1
                node = node.children[index] if 0 <= index < len(node.children) else None
        if node is None:
            return None
        start, end = node.key if (at == "key" and node.key) else (node.start, node.end)
        return Span(self.lines.position(start), self.lines.position(end))
