"""The filter-expression syntax of Jayway JSONPath: what goes inside ``[?(...)]``.

Parses ``||``, ``&&``, ``!``, parentheses, relational operators, ``@...``/``$...`` paths and
string/number/boolean/null/JSON/regex literals into the tuple nodes that
:mod:`asllint.jsonpath.evaluate` evaluates:

  ("or", a, b)  ("and", a, b)  ("not", a)  ("exists", operand)  ("cmp", op, left, right)
  operands: ("path", "@" | "$", CompiledPath)  ("lit", value)

Path operands are parsed by the caller's ``read_path`` (:mod:`asllint.jsonpath.parser`), so that
this module does not import the path parser back.
"""
from __future__ import annotations

import re
from typing import Callable

from asllint.jsonpath.errors import PathSyntaxError


class FilterParser:
    """Jayway filter grammar: ``||``, ``&&``, ``!``, parentheses, relational operators, paths
    (``@...`` / ``$...``), string/number/boolean/null/JSON/regex literals."""

    WORD_OPS = ("subsetof", "contains", "anyof", "noneof", "exists", "empty", "size", "all",
                "nin", "in")
    SYM_OPS = ("===", "!==", "==", "!=", "<=", ">=", "=~", "<", ">")

    def __init__(self, text: str, i: int, end: int, read_path: Callable):
        self.text, self.i, self.end = text, i, end
        # read_path(text, i, end) -> (CompiledPath, end of the path): parses the operand at i.
        self.read_path = read_path

    def error(self, message, offset=None):
        raise PathSyntaxError(message, self.i if offset is None else offset)

    def skip_ws(self):
        while self.i < self.end and self.text[self.i] in " \t\r\n":
            self.i += 1

    def peek(self, s: str) -> bool:
        return self.text.startswith(s, self.i)

    def parse_or(self):
        left = self.parse_and()
        while True:
            self.skip_ws()
            if self.peek("||"):
                self.i += 2
                left = ("or", left, self.parse_and())
            else:
                return left

    def parse_and(self):
        left = self.parse_not()
        while True:
            self.skip_ws()
            if self.peek("&&"):
                self.i += 2
                left = ("and", left, self.parse_not())
            else:
                return left

    def parse_not(self):
        self.skip_ws()
        if self.peek("!") and not self.peek("!="):
            self.i += 1
            return ("not", self.parse_not())
        return self.parse_rel()

    def parse_rel(self):
        self.skip_ws()
        if self.peek("("):
            # Either a parenthesised boolean expression or ... only that: Jayway has no arithmetic.
            self.i += 1
            node = self.parse_or()
            self.skip_ws()
            if not self.peek(")"):
                self.error("Missing ')' in filter expression.")
            self.i += 1
            return node
        left = self.parse_operand()
        self.skip_ws()
        for op in self.SYM_OPS:
            if self.peek(op):
                self.i += len(op)
                right = self.parse_operand()
                return ("cmp", op, left, right)
        for op in self.WORD_OPS:
            if self.peek(op):
                after = self.i + len(op)
                if after >= self.end or not (self.text[after].isalnum() or self.text[after] == "_"):
                    self.i = after
                    right = self.parse_operand()
                    return ("cmp", op, left, right)
        if left[0] != "path":
            self.error("Expected a comparison operator after a literal in filter expression.")
        return ("exists", left)

    def parse_operand(self):
        self.skip_ws()
        if self.i >= self.end:
            self.error("Expected a value in filter expression.")
        c = self.text[self.i]
        if c in "@$":
            compiled, self.i = self.read_path(self.text, self.i, self.end)
            return ("path", "@" if c == "@" else "$", compiled)
        if c == "/":
            return self.parse_regex()
        lit_start = self.i
        value, self.i = _parse_literal(self.text, self.i, self.end)
        if value is _NO_LITERAL:
            self.error(f"Unexpected character {c!r} in filter expression.", lit_start)
        return ("lit", value)

    def parse_regex(self):
        start = self.i
        j = self.i + 1
        while j < self.end and self.text[j] != "/":
            if self.text[j] == "\\":
                j += 1
            j += 1
        if j >= self.end:
            self.error("Unterminated regular expression (missing closing '/').", start)
        pattern = self.text[self.i + 1:j]
        j += 1
        k = j
        while k < self.end and self.text[k].isalpha():
            k += 1
        flags = 0
        for f in self.text[j:k]:
            flags |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}.get(f, 0)
        try:
            re.compile(pattern, flags)  # the syntax check ASL201 reports
        except re.error as e:
            self.error(f"Invalid regular expression: {e}.", start)
        self.i = k
        # Matched by RE2 in linear time: the definition controls the pattern and often the text.
        from asllint.bounded.linear_regex import LinearPattern

        return ("lit", LinearPattern(pattern, "".join(sorted(set(self.text[j:k]) & set("imsx")))))


_NO_LITERAL = object()
_NUM_RE = re.compile(r"-?(?:\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?")


def _parse_literal(text: str, i: int, end: int):
    """Parse a JSON-ish literal (single or double quoted strings allowed). Returns (value, i)."""
    while i < end and text[i] in " \t\r\n":
        i += 1
    if i >= end:
        return _NO_LITERAL, i
    c = text[i]
    if c in "'\"":
        out, j = [], i + 1
        while j < end:
            ch = text[j]
            if ch == "\\" and j + 1 < end:
                nxt = text[j + 1]
                out.append({"n": "\n", "t": "\t", "r": "\r"}.get(nxt, nxt))
                j += 2
                continue
            if ch == c:
                return "".join(out), j + 1
            out.append(ch)
            j += 1
        raise PathSyntaxError(f"Unterminated string (missing closing {c}).", i)
    m = _NUM_RE.match(text, i)
    if m and m.end() <= end:
        s = m.group()
        return (float(s) if any(ch in s for ch in ".eE") else int(s)), m.end()
    for word, val in (("true", True), ("false", False), ("null", None)):
        if text.startswith(word, i):
            return val, i + len(word)
    if c == "[":
        items, j = [], i + 1
        while True:
            while j < end and text[j] in " \t\r\n":
                j += 1
            if j < end and text[j] == "]":
                return items, j + 1
            v, j = _parse_literal(text, j, end)
            if v is _NO_LITERAL:
                raise PathSyntaxError("Invalid value in array literal.", j)
            items.append(v)
            while j < end and text[j] in " \t\r\n":
                j += 1
            if j < end and text[j] == ",":
                j += 1
            elif j < end and text[j] == "]":
                return items, j + 1
            else:
                raise PathSyntaxError("Expected ',' or ']' in array literal.", j)
    if c == "{":
        obj, j = {}, i + 1
        while True:
            while j < end and text[j] in " \t\r\n":
                j += 1
            if j < end and text[j] == "}":
                return obj, j + 1
            k, j = _parse_literal(text, j, end)
            if not isinstance(k, str):
                raise PathSyntaxError("Expected a quoted key in object literal.", j)
            while j < end and text[j] in " \t\r\n":
                j += 1
            if j >= end or text[j] != ":":
                raise PathSyntaxError("Expected ':' in object literal.", j)
            v, j = _parse_literal(text, j + 1, end)
            if v is _NO_LITERAL:
                raise PathSyntaxError("Invalid value in object literal.", j)
            obj[k] = v
            while j < end and text[j] in " \t\r\n":
                j += 1
            if j < end and text[j] == ",":
                j += 1
            elif j < end and text[j] == "}":
                return obj, j + 1
            else:
                raise PathSyntaxError("Expected ',' or '}' in object literal.", j)
    return _NO_LITERAL, i
