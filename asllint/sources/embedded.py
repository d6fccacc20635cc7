"""Definitions held in strings (`DefinitionString`, `Fn::Sub`, `Fn::Join`): text and positions.

A block scalar (`DefinitionString: !Sub |`) maps exactly to template lines: the content line i
sits on the line after the indicator plus i, shifted by the block's indent. An escaped one-line
string does not map, so its findings point at the property."""

from __future__ import annotations

import functools
import re

from asllint.document import Position, Span
from asllint.asl.placeholders import placeholder_spans

# A JSON string; an unterminated one runs to the end of the text. Without the optional closing
# quote, text like `"\"\"\"...` made the scan restart at every quote: quadratic (issue 12).
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.S)


def quote_bare_placeholders(text: str) -> tuple[str, dict[str, str]]:
    """Make `"X": ${Param}` parse as JSON without moving any character.

    `${Name}` outside a JSON string becomes the same-length string `"{Name"`; the returned map
    turns such strings back into the placeholder after parsing."""
    out = []
    restored: dict[str, str] = {}
    i = 0
    for m in _STRING.finditer(text):
        out.append(_quote_segment(text[i:m.start()], restored))
        out.append(m.group())
        i = m.end()
    out.append(_quote_segment(text[i:], restored))
    return "".join(out), restored


def _quote_segment(segment: str, restored: dict[str, str]) -> str:
    out = []
    last = 0
    for start, end in placeholder_spans(segment):
        placeholder = segment[start:end]
        restored[placeholder[1:-1]] = placeholder
        out.append(segment[last:start])
        out.append('"' + placeholder[1:-1] + '"')
        last = end
    out.append(segment[last:])
    return "".join(out)


def restore_placeholders(data, restored: dict[str, str]):
    if not restored:
        return data
    if isinstance(data, dict):
        return {k: restore_placeholders(v, restored) for k, v in data.items()}
    if isinstance(data, list):
        return [restore_placeholders(v, restored) for v in data]
    if isinstance(data, str) and data in restored:
        return restored[data]
    return data


class ShiftedLocator:
    """Positions inside a block scalar, moved to where the block sits in the template."""

    def __init__(self, inner, first_line: int, indent: int):
        self.inner = inner
        self.first_line = first_line  # template line of the block's first content line
        self.indent = indent

    def _shift(self, p: Position) -> Position:
        return Position(p.line + self.first_line - 1, p.column + self.indent)

    def span(self, pointer: str, at: str = "value") -> Span | None:
        s = self.inner.span(pointer, at)
        if s is None:
            return None
        return Span(self._shift(s.start), self._shift(s.end))


class FixedLocator:
    """Every pointer resolves to one span (the property holding an escaped string)."""

    def __init__(self, span: Span | None):
        self._span = span

    def span(self, pointer: str, at: str = "value") -> Span | None:
        return self._span


@functools.lru_cache(maxsize=2)
def _lines(text: str) -> list[str]:
    """The lines of a template, split once for all its block scalars: splitting per block made
    a template with thousands of `DefinitionString: !Sub |` blocks quadratic."""
    return text.splitlines()


def block_content_start(template_text: str, indicator: Position) -> tuple[int, int] | None:
    """(first content line, indent) of the block scalar whose indicator is at `indicator`."""
    lines = _lines(template_text)
    for n in range(indicator.line, len(lines)):  # lines after the indicator's line (0-based n)
        line = lines[n]
        if line.strip():
            # Content line 0 is the line right after the indicator, blank or not.
            return indicator.line + 1, len(line) - len(line.lstrip(" "))
    return None
