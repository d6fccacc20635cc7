"""The syntax of intrinsic function calls: text -> Call tree (``parse``), with 0-based offsets.

Path arguments are validated with :mod:`asllint.jsonpath` but kept as text: the caller resolves
them, because only it knows which document (input, context object, variables) a path refers to.
"""
from __future__ import annotations

import re
from typing import Any, Iterator, Union

from asllint import jsonpath as _paths
from asllint.intrinsics.spec import MAX_PARSE_DEPTH, kind_of


class IntrinsicSyntaxError(ValueError):
    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message if offset is None else f"{message} (at offset {offset})")
        self.message = message
        self.offset = offset


class _Record:
    """Equality, hash and repr over `__slots__`, as frozen dataclasses have them: parsed
    arguments are compared by value (tests)."""

    __slots__ = ()

    def _key(self) -> tuple:
        return tuple(getattr(self, n) for n in self.__slots__)

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._key() == other._key()
        return NotImplemented

    def __hash__(self):
        return hash(self._key())

    def __repr__(self) -> str:
        return f"{self.__class__.__qualname__}(" + ", ".join(
            f"{n}={getattr(self, n)!r}" for n in self.__slots__) + ")"


class Literal(_Record):
    __slots__ = ("value", "offset", "raw")

    def __init__(self, value: Any, offset: int, raw: str | None = None):
        self.value = value    # str, int, float, bool or None
        self.offset = offset
        self.raw = raw        # for strings: the text between the quotes, escapes kept

    @property
    def kind(self) -> str:
        return kind_of(self.value)


class PathArg(_Record):
    __slots__ = ("text", "offset")

    def __init__(self, text: str, offset: int):
        self.text = text
        self.offset = offset


class Call(_Record):
    __slots__ = ("name", "args", "offset", "name_end")

    def __init__(self, name: str, args: tuple, offset: int, name_end: int = 0):
        self.name = name
        self.args = args
        self.offset = offset
        self.name_end = name_end  # offset just after the name, for messages about the call itself


Arg = Union[Literal, PathArg, Call]


_NAME_RE = re.compile(r"[A-Za-z0-9._]+")
_LOOKS_RE = re.compile(r"\s*[A-Za-z_][A-Za-z0-9._]*\s*\(")
_NUMBER_RE = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def looks_like_intrinsic(text: Any) -> bool:
    """True when ``text`` has the ``Name(`` form of an intrinsic call (not a path)."""
    return isinstance(text, str) and _LOOKS_RE.match(text) is not None


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.i = 0
        self.n = len(text)
        self.depth = 0  # calls open around the one being read

    def error(self, message: str, offset: int | None = None):
        raise IntrinsicSyntaxError(message, self.i if offset is None else offset)

    def ws(self):
        while self.i < self.n and self.text[self.i] in " \t\r\n":
            self.i += 1

    def parse(self) -> Call:
        self.ws()
        if self.i >= self.n:
            self.error("The intrinsic function call is empty.")
        call = self.call()
        self.ws()
        if self.i < self.n:
            self.error(f"Unexpected text {self.text[self.i:self.i + 10]!r} after the closing ')' of "
                       f"{call.name}().")
        return call

    def call(self) -> Call:
        if self.depth >= MAX_PARSE_DEPTH:
            self.error(f"Intrinsic functions are nested more than {MAX_PARSE_DEPTH} levels deep; "
                       "not read further.")
        self.depth += 1
        try:
            return self._call()
        finally:
            self.depth -= 1

    def _call(self) -> Call:
        start = self.i
        m = _NAME_RE.match(self.text, self.i)
        if not m:
            self.error("Expected an intrinsic function name such as States.Format.")
        name = m.group()
        self.i = m.end()
        name_end = self.i
        self.ws()
        if self.i >= self.n or self.text[self.i] != "(":
            self.error(f"Expected '(' after the function name {name}.")
        self.i += 1
        args: list = []
        self.ws()
        if self.i < self.n and self.text[self.i] == ")":
            self.i += 1
            return Call(name, (), start, name_end)
        while True:
            self.ws()
            args.append(self.arg(name, len(args) + 1))
            self.ws()
            if self.i >= self.n:
                self.error(f"Missing ')' to close the call of {name}().", start)
            c = self.text[self.i]
            if c == ",":
                self.i += 1
                continue
            if c == ")":
                self.i += 1
                return Call(name, tuple(args), start, name_end)
            self.error(f"Expected ',' or ')' after argument {len(args)} of {name}(), "
                       f"but found {c!r}.")

    def arg(self, fname: str, pos: int) -> Arg:
        if self.i >= self.n:
            self.error(f"Missing argument {pos} of {fname}().")
        c = self.text[self.i]
        start = self.i
        if c == "'":
            return self.string()
        if c == "$":
            return self.path()
        if c in "-0123456789.":
            m = _NUMBER_RE.match(self.text, self.i)
            if m:
                s = m.group()
                self.i = m.end()
                if self.i < self.n and (self.text[self.i].isalnum() or self.text[self.i] in "_."):
                    self.error(f"Invalid number {self.text[start:self.i + 1]!r}.", start)
                value = float(s) if any(ch in s for ch in ".eE") else int(s)
                return Literal(value, start)
            self.error(f"Invalid number in argument {pos} of {fname}().")
        for word, value in (("null", None), ("true", True), ("false", False)):
            if self.text.startswith(word, self.i):
                after = self.i + len(word)
                if after >= self.n or not (self.text[after].isalnum() or self.text[after] in "._("):
                    self.i = after
                    return Literal(value, start)
        if c == '"':
            self.error("String arguments must use single quotes ('...'), not double quotes.")
        if c in ",)":
            self.error(f"Missing argument {pos} of {fname}().")
        m = _NAME_RE.match(self.text, self.i)
        if m:
            j = m.end()
            while j < self.n and self.text[j] in " \t\r\n":
                j += 1
            if j < self.n and self.text[j] == "(":
                return self.call()
            self.error(f"Unquoted text {m.group()!r} in argument {pos} of {fname}(); write strings "
                       "in single quotes, e.g. 'text'.")
        self.error(f"Unexpected character {c!r} in argument {pos} of {fname}().")

    def string(self) -> Literal:
        start = self.i
        self.i += 1
        out: list[str] = []
        raw_start = self.i
        while self.i < self.n:
            c = self.text[self.i]
            if c == "\\":
                if self.i + 1 >= self.n:
                    self.error("A backslash at the end of the text escapes nothing.", self.i)
                nxt = self.text[self.i + 1]
                # Only \' \{ \} \\ are escapes; a backslash before anything else stays literal.
                if nxt in "'{}\\":
                    out.append(nxt)
                else:
                    out.append("\\" + nxt)
                self.i += 2
                continue
            if c == "'":
                raw = self.text[raw_start:self.i]
                self.i += 1
                return Literal("".join(out), start, raw)
            out.append(c)
            self.i += 1
        self.error("Unterminated string: missing the closing single quote.", start)

    def path(self) -> PathArg:
        start = self.i
        depth, quote = 0, None
        while self.i < self.n:
            c = self.text[self.i]
            if quote:
                if c == "\\":
                    self.i += 1
                elif c == quote:
                    quote = None
            elif c in "'\"" and depth > 0:
                quote = c
            elif c in "[(":
                depth += 1
            elif c in "])":
                if depth == 0:
                    break
                depth -= 1
            elif c == "," and depth == 0:
                break
            self.i += 1
        text = self.text[start:self.i].rstrip()
        try:
            _paths.parse_path(text)
        except _paths.PathSyntaxError as e:
            raise IntrinsicSyntaxError(
                f"Invalid path {text!r}: {e.message}",
                start + (e.offset or 0),
            ) from None
        return PathArg(text, start)


def parse(text: str) -> Call:
    """Parse an intrinsic call. Raises IntrinsicSyntaxError (with a 0-based ``offset``)."""
    if not isinstance(text, str):
        raise IntrinsicSyntaxError("An intrinsic function must be a string.", None)
    return _Parser(text).parse()


def iter_paths(call: Call) -> Iterator[PathArg]:
    """Every path argument, nested calls included (for variable data-flow checks)."""
    for a in call.args:
        if isinstance(a, PathArg):
            yield a
        elif isinstance(a, Call):
            yield from iter_paths(a)


def nesting_depth(call: Call) -> int:
    """How many calls are nested in the deepest argument chain, `call` included (1: no nesting)."""
    deepest, stack = 0, [(call, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((a, depth + 1) for a in node.args if isinstance(a, Call))
    return deepest
