"""Positions in JSON text, computed only for the nodes that get a finding.

The json module parses fast but keeps no positions; walking the text again for the few pointers
that need a location is cheaper than a position-keeping parser for every file."""

from __future__ import annotations

import bisect
import json
import re

from asllint.document import Position, Span, split_pointer

_WS = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_LITERAL = re.compile(r"[^\s,\]\}:]+")


class LineIndex:
    """Converts 0-based character offsets into 1-based line and column."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1)

    def offset(self, pos: Position) -> int:
        return self.starts[pos.line - 1] + pos.column - 1


class JsonLocator:
    def __init__(self, text: str):
        self.text = text
        self._lines: LineIndex | None = None

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def span(self, pointer: str, at: str = "value") -> Span | None:
        try:
            found = self._find(split_pointer(pointer))
        except (ValueError, IndexError):
            return None
        if found is None:
            return None
        key, value = found
        start, end = key if (at == "key" and key) else value
        return Span(self.lines.position(start), self.lines.position(end))

    def _ws(self, i: int) -> int:
        return _WS.match(self.text, i).end()

    def _skip(self, i: int) -> int:
        """End offset of the value starting at i (i already past white space)."""
        text = self.text
        c = text[i]
        if c == '"':
            return _STRING.match(text, i).end()
        if c not in "[{":
            return _LITERAL.match(text, i).end()
        depth = 0
        n = len(text)
        while i < n:
            c = text[i]
            if c == '"':
                i = _STRING.match(text, i).end()
                continue
            if c in "[{":
                depth += 1
            elif c in "]}":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return n

    def _find(self, parts: list[str]):
        text = self.text
        i = self._ws(0)
        key_span = None
        for part in parts:
            c = text[i]
            if c == "{":
                match = None
                i = self._ws(i + 1)
                while text[i] != "}":
                    kend = _STRING.match(text, i).end()
                    name = json.loads(text[i:kend])
                    kstart = i
                    i = self._ws(kend)
                    i = self._ws(i + 1)  # past ':'
                    vend = self._skip(i)
                    if name == part:  # the last duplicate wins, as in json.loads
                        match = ((kstart, kend), i)
                    i = self._ws(vend)
                    if text[i] == ",":
                        i = self._ws(i + 1)
                if match is None:
                    return None
                key_span, i = match
            elif c == "[":
                index = int(part)
                i = self._ws(i + 1)
                for _ in range(index):
                    if text[i] == "]":
                        return None
                    i = self._ws(self._skip(i))
                    if text[i] == ",":
                        i = self._ws(i + 1)
                if text[i] == "]":
                    return None
                key_span = None
            else:
                return None
        return key_span, (i, self._skip(i))
