"""AWS-flavoured JSONPath: parsing, static checks, evaluation and ResultPath merging.

Step Functions evaluates JSONPath with Jayway JsonPath (Java).  This module implements that
dialect directly rather than going through jsonpath-ng, because the differences matter for both
users of this module:

* the linter needs exact offsets and must not reject what AWS accepts (``$$``, ``$var``,
  ``$.detail-type``, ``@``-names, ``&&``/``||``/``=~``/``in`` filter operators, ``.length()``);
* the evaluator needs Jayway's results: a *definite* path returns one value or fails, an
  *indefinite* path (``..``, ``*``, unions, slices, filters) returns a list, even an empty one
  (AWS recorded ``$.items[*]`` on ``{}`` as ``[]``), and negative indices count from the end;
* evaluation sits on the hot path, so compiled paths are cached and plain dotted/indexed paths
  are walked with a tight loop.

Nothing heavy is imported at module import time.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any

__all__ = [
    "PathSyntaxError",
    "PathNotFound",
    "VariableNotFound",
    "ResultPathMatchFailure",
    "CompiledPath",
    "parse_path",
    "path_root",
    "is_reference_path",
    "reference_path_problem",
    "select",
    "select_all",
    "set_at",
    "normalized",
]


# --------------------------------------------------------------------------- errors


class PathSyntaxError(ValueError):
    """The text is not a valid JSONPath. ``offset`` is a 0-based index into the text."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message if offset is None else f"{message} (at offset {offset})")
        self.message = message
        self.offset = offset


class PathNotFound(LookupError):
    """A definite path matched nothing.

    ``detail`` mimics Jayway's message (AWS embeds it in its cause, e.g.
    ``Invalid path '$.x' : No results for path: $['x']``).
    """

    def __init__(self, path: str, detail: str | None = None):
        super().__init__(detail or f"No results for path: {path}")
        self.path = path
        self.detail = detail or f"No results for path: {path}"


class VariableNotFound(PathNotFound):
    """A ``$name`` path refers to a variable that has no value."""

    def __init__(self, path: str, name: str):
        super().__init__(path, f"No such variable: {name}")
        self.name = name


class ResultPathMatchFailure(ValueError):
    """A ResultPath cannot be applied to the document (AWS: States.ResultPathMatchFailure)."""

    def __init__(self, path: str, document: Any):
        # Wording as AWS reports it in forum posts ("Unable to apply ReferencePath ... to input
        # ..."); not covered by the conformance recordings.
        cause = f"Unable to apply ReferencePath {path} to input {_compact(document)}"
        super().__init__(cause)
        self.path = path
        self.cause = cause


# --------------------------------------------------------------------------- compiled form
#
# Segments are tuples:
#   ("key", name)             .name / ['name']
#   ("index", i)              [i]   (negative counts from the end, like Jayway)
#   ("keys", (n1, n2, ...))   ['a','b']
#   ("indices", (i1, ...))    [0,1]
#   ("slice", start, end, step)
#   ("wild",)                 .* / [*]
#   ("filter", node)          [?(...)]
#   ("desc", segment)         ..segment
#   ("func", name, argtext)   .length() etc. (only last)

_WILD = ("wild",)


class CompiledPath:
    __slots__ = ("text", "root", "variable", "segments", "definite", "steps", "reference_problem")

    def __init__(self, text: str, root: str, variable: str | None, segments: tuple, definite: bool,
                 steps: tuple | None, reference_problem: tuple | None):
        self.text = text
        self.root = root  # "input" | "context" | "variable"
        self.variable = variable
        self.segments = segments
        self.definite = definite
        # For plain key/index paths: the steps (str = key, int = index) used by the fast walk.
        self.steps = steps
        # (offset, message) of the first construct that a reference path must not use.
        self.reference_problem = reference_problem


_JAYWAY_FUNCS = {
    "length", "size", "min", "max", "avg", "stddev", "sum", "keys", "first", "last",
    "concat", "append", "index",
}


@lru_cache(maxsize=4096)
def parse_path(text: str) -> CompiledPath:
    """Compile ``text`` (cached). Raises PathSyntaxError."""
    if not isinstance(text, str):
        raise PathSyntaxError("A path must be a string.", None)
    p = _Parser(text)
    return p.parse()


def _is_ident_start(c: str) -> bool:
    return c.isidentifier()


def _is_ident_char(c: str) -> bool:
    return ("a" + c).isidentifier()


class _Parser:
    # Characters that end a dot-notation name. Jayway stops only at '.', '[' and '(' (and
    # rejects a blank); every other character, '-' and '@' and ':' included, is part of the name.
    def __init__(self, text: str, start: int = 0, in_filter: bool = False):
        self.text = text
        self.i = start
        self.in_filter = in_filter
        self.ref_problem: tuple | None = None

    def error(self, message: str, offset: int | None = None):
        raise PathSyntaxError(message, self.i if offset is None else offset)

    def note_ref(self, offset: int, message: str):
        if self.ref_problem is None:
            self.ref_problem = (offset, message)

    # -- whole path
    def parse(self) -> CompiledPath:
        text = self.text
        # Jayway trims the path; trailing blanks are harmless, a leading one means no '$'.
        end = len(text.rstrip())
        if not text or text[0] != "$":
            if text.strip().startswith("$"):
                self.error("A path must start with '$'; remove the leading blanks.", 0)
            self.error("A path must start with '$'.", 0)
        root, variable = "input", None
        self.i = 1
        if text.startswith("$$"):
            root, self.i = "context", 2
        elif self.i < end and _is_ident_start(text[self.i]):
            j = self.i
            while j < end and _is_ident_char(text[j]):
                j += 1
            root, variable = "variable", text[self.i:j]
            self.i = j
        segments = self.parse_segments(end)
        if self.i < end:
            self.error(f"Unexpected character {text[self.i]!r} in path.")
        return _finish(text, root, variable, segments, self.ref_problem)

    def parse_segments(self, end: int) -> list:
        text = self.text
        segs: list = []
        while self.i < end:
            c = text[self.i]
            start = self.i
            if c == ".":
                if segs and segs[-1][0] == "func":
                    self.error("A path function such as length() must be the last part of the path.")
                if text.startswith("..", self.i):
                    self.note_ref(start, "'..' (recursive descent) can match several nodes")
                    self.i += 2
                    if self.i >= end or text[self.i] in ". \t":
                        self.error("A path must not end with '..'." if self.i >= end
                                   else "Expected a name, '*' or '[' after '..'.")
                    if text[self.i] == "[":
                        segs.append(("desc", self.parse_bracket(end)))
                    elif text[self.i] == "*":
                        self.i += 1
                        segs.append(("desc", _WILD))
                    else:
                        name = self.read_name(end)
                        segs.append(("desc", ("key", name)))
                    continue
                self.i += 1
                if self.i >= end:
                    self.error("A path must not end with '.'.", start)
                c2 = text[self.i]
                if c2 == "*":
                    self.note_ref(self.i, "'*' (wildcard) can match several nodes")
                    self.i += 1
                    segs.append(_WILD)
                elif c2 == "[":
                    # Jayway tolerates "$.['a']"; so do we.
                    segs.append(self.parse_bracket(end))
                else:
                    name_at = self.i
                    name = self.read_name(end)
                    if self.i < end and text[self.i] == "(":
                        segs.append(self.parse_function(name, name_at, end))
                    else:
                        segs.append(("key", name))
            elif c == "[":
                if segs and segs[-1][0] == "func":
                    self.error("A path function such as length() must be the last part of the path.")
                segs.append(self.parse_bracket(end))
            elif self.in_filter:
                break
            elif c in " \t\r\n":
                self.error("A blank is not allowed here; use bracket notation ['my key'] for keys "
                           "containing blanks.")
            else:
                self.error(f"Unexpected character {c!r} in path; expected '.' or '['.")
        return segs

    def read_name(self, end: int) -> str:
        text = self.text
        j = self.i
        stops = ".[(" if not self.in_filter else ".[( \t\r\n)=!<>&|,"
        while j < end and text[j] not in stops:
            if text[j] in " \t\r\n":
                self.error("Blanks are not allowed in a dot-notation key; use bracket notation "
                           "['my key'] instead.", j)
            j += 1
        if j == self.i:
            self.error("Expected a key name.")
        name = text[self.i:j]
        self.i = j
        return name

    def parse_function(self, name: str, name_at: int, end: int) -> tuple:
        text = self.text
        depth, j, quote = 0, self.i, None
        while j < end:
            ch = text[j]
            if quote:
                if ch == "\\":
                    j += 1
                elif ch == quote:
                    quote = None
            elif ch in "'\"":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= end:
            self.error(f"Missing ')' to close the call of {name}().", self.i)
        args = text[self.i + 1:j].strip()
        self.i = j + 1
        return ("func", name, args)

    def skip_ws(self, end: int):
        while self.i < end and self.text[self.i] in " \t\r\n":
            self.i += 1

    def parse_bracket(self, end: int) -> tuple:
        text = self.text
        open_at = self.i
        self.i += 1
        self.skip_ws(end)
        if self.i >= end:
            self.error("Missing ']' to close '['.", open_at)
        c = text[self.i]
        if c == "*":
            self.note_ref(self.i, "'*' (wildcard) can match several nodes")
            self.i += 1
            seg = _WILD
        elif c == "?":
            self.note_ref(self.i, "'?' (filter) can match several nodes")
            q = self.i
            self.i += 1
            self.skip_ws(end)
            if self.i >= end or text[self.i] != "(":
                self.error("Expected '(' after '?' in a filter expression.")
            fp = _FilterParser(text, self.i + 1, end)
            node = fp.parse_or()
            fp.skip_ws()
            if fp.i >= end or text[fp.i] != ")":
                raise PathSyntaxError("Missing ')' to close the filter expression.", fp.i if fp.i < end else q)
            self.i = fp.i + 1
            seg = ("filter", node)
        elif c in "'\"":
            names = [self.read_quoted(end)]
            self.skip_ws(end)
            while self.i < end and text[self.i] == ",":
                self.note_ref(self.i, "',' (union) can match several nodes")
                self.i += 1
                self.skip_ws(end)
                if self.i >= end or text[self.i] not in "'\"":
                    self.error("Expected a quoted key after ','.")
                names.append(self.read_quoted(end))
                self.skip_ws(end)
            seg = ("key", names[0]) if len(names) == 1 else ("keys", tuple(names))
        elif c in "-0123456789:":
            seg = self.parse_index_or_slice(end)
        elif c == "(":
            # Goessner's script expression `[(@.length-1)]`: accepted so that no valid-looking
            # definition gets a false error; only the `@.length - N` form is evaluated.
            self.note_ref(self.i, "'(...)' (script expression) is not a single fixed node")
            depth, j = 0, self.i
            while j < end:
                if text[j] == "(":
                    depth += 1
                elif text[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= end:
                self.error("Missing ')' to close the script expression.", self.i)
            seg = ("script", text[self.i + 1:j].strip())
            self.i = j + 1
        elif c == "]":
            self.error("Empty brackets '[]' are not allowed; give an index, a quoted key, '*' or a filter.")
        else:
            self.error(f"Unexpected character {c!r} in brackets; expected an index, a quoted key, "
                       "'*' or a filter.")
        self.skip_ws(end)
        if self.i >= end or text[self.i] != "]":
            if self.i >= end:
                self.error("Missing ']' to close '['.", open_at)
            self.error(f"Expected ']' but found {text[self.i]!r}.")
        self.i += 1
        return seg

    def read_quoted(self, end: int) -> str:
        text = self.text
        quote = text[self.i]
        start = self.i
        self.i += 1
        out = []
        while self.i < end:
            ch = text[self.i]
            if ch == "\\" and self.i + 1 < end:
                # Jayway (and so AWS) unescapes only the quote character; any other backslash
                # stays in the key (recorded: $['Test\\""Name"'] selects the key Test\""Name").
                nxt = text[self.i + 1]
                out.append(nxt if nxt == quote else ch + nxt)
                self.i += 2
                continue
            if ch == quote:
                self.i += 1
                return "".join(out)
            out.append(ch)
            self.i += 1
        self.error(f"Unterminated quoted key (missing closing {quote}).", start)

    def read_int(self, end: int) -> int | None:
        text = self.text
        j = self.i
        if j < end and text[j] == "-":
            j += 1
        k = j
        while k < end and text[k].isdigit() and text[k].isascii():
            k += 1
        if k == j:
            if j != self.i:
                self.error("Expected digits after '-'.")
            return None
        val = int(text[self.i:k])
        self.i = k
        return val

    def parse_index_or_slice(self, end: int) -> tuple:
        text = self.text
        start_at = self.i
        first = self.read_int(end)
        self.skip_ws(end)
        if self.i < end and text[self.i] == ":":
            self.note_ref(self.i, "':' (slice) can match several nodes")
            parts = [first]
            while self.i < end and text[self.i] == ":" and len(parts) < 3:
                self.i += 1
                self.skip_ws(end)
                parts.append(self.read_int(end))
                self.skip_ws(end)
            while len(parts) < 3:
                parts.append(None)
            if parts[2] == 0:
                self.error("A slice step must not be 0.", start_at)
            return ("slice", parts[0], parts[1], parts[2])
        if first is None:
            self.error("Expected an index.")
        idx = [first]
        while self.i < end and text[self.i] == ",":
            self.note_ref(self.i, "',' (union) can match several nodes")
            self.i += 1
            self.skip_ws(end)
            v = self.read_int(end)
            if v is None:
                self.error("Expected an index after ','.")
            idx.append(v)
            self.skip_ws(end)
        return ("index", idx[0]) if len(idx) == 1 else ("indices", tuple(idx))


def _finish(text, root, variable, segments, ref_problem) -> CompiledPath:
    definite = True
    for s in segments:
        kind = s[0]
        if kind in ("wild", "filter", "desc", "indices", "slice", "script"):
            definite = False
        elif kind == "keys":
            # Jayway: a multi-key leaf merges into one object (definite); elsewhere it fans out.
            if s is not segments[-1]:
                definite = False
    steps = None
    if all(s[0] in ("key", "index") for s in segments):
        steps = tuple(s[1] for s in segments)
    return CompiledPath(text, root, variable, tuple(segments), definite, steps, ref_problem)


# --------------------------------------------------------------------------- filter expressions

_UNDEF = object()  # a relative path in a filter that matched nothing


class _FilterParser:
    """Jayway filter grammar: ``||``, ``&&``, ``!``, parentheses, relational operators, paths
    (``@...`` / ``$...``), string/number/boolean/null/JSON/regex literals."""

    WORD_OPS = ("subsetof", "contains", "anyof", "noneof", "exists", "empty", "size", "all",
                "nin", "in")
    SYM_OPS = ("===", "!==", "==", "!=", "<=", ">=", "=~", "<", ">")

    def __init__(self, text: str, i: int, end: int):
        self.text, self.i, self.end = text, i, end

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
            start = self.i
            p = _Parser(self.text, self.i + 1, in_filter=True)
            if c == "$" and self.text.startswith("$$", self.i):
                p.i += 1
            segs = p.parse_segments(self.end)
            self.i = p.i
            compiled = _finish(self.text[start:self.i], "input", None, segs, None)
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
            rx = re.compile(pattern, flags)
        except re.error as e:
            self.error(f"Invalid regular expression: {e}.", start)
        self.i = k
        return ("lit", rx)


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


# --------------------------------------------------------------------------- static helpers


def path_root(text: str) -> tuple[str, str | None]:
    """Return ("input", None), ("context", None) or ("variable", name). Raises PathSyntaxError."""
    c = parse_path(text)
    return c.root, c.variable


def reference_path_problem(text: str) -> str | None:
    """None when ``text`` is a valid reference path (identifies a single node), else a sentence."""
    try:
        c = parse_path(text)
    except PathSyntaxError as e:
        return e.message
    if c.reference_problem is None:
        return None
    offset, what = c.reference_problem
    return f"A reference path must identify a single node, but {what} (at offset {offset})."


def is_reference_path(text: str) -> bool:
    return reference_path_problem(text) is None


def normalized(text: str) -> str:
    """Jayway's normalized form of a path, e.g. ``$.a[0]`` -> ``$['a'][0]``."""
    c = parse_path(text)
    head = "$$" if c.root == "context" else ("$" + c.variable if c.root == "variable" else "$")
    return head + "".join(_seg_str(s) for s in c.segments)


def _seg_str(s) -> str:
    k = s[0]
    if k == "key":
        return f"['{s[1]}']"
    if k == "index":
        return f"[{s[1]}]"
    if k == "keys":
        return "[" + ",".join(f"'{n}'" for n in s[1]) + "]"
    if k == "indices":
        return "[" + ",".join(str(n) for n in s[1]) + "]"
    if k == "slice":
        a, b, st = s[1], s[2], s[3]
        out = f"{'' if a is None else a}:{'' if b is None else b}"
        return f"[{out}{'' if st is None else ':' + str(st)}]"
    if k == "wild":
        return "[*]"
    if k == "filter":
        return "[?]"
    if k == "desc":
        return ".." + _seg_str(s[1]).lstrip(".")
    if k == "func":
        return f".{s[1]}({s[2]})"
    return ""


# --------------------------------------------------------------------------- evaluation


def _root_value(c: CompiledPath, data, context, variables):
    if c.root == "context":
        return data if context is None else context
    if c.root == "variable":
        if variables is None:
            return data
        try:
            return variables[c.variable]
        except KeyError:
            raise VariableNotFound(c.text, c.variable) from None
    return data


def select(text: str, data: Any, *, multiple_as_list: bool = True,
           context: Any = None, variables: dict | None = None) -> Any:
    """Evaluate ``text`` against ``data``, the way AWS does.

    The root value is ``data``; for ``$$...`` paths ``context`` and for ``$name...`` paths
    ``variables[name]`` are used instead when given (a missing variable raises VariableNotFound).

    Definite paths return the single value or raise PathNotFound. Indefinite paths (``..``,
    ``*``, unions, slices, filters) return a list of matches, ``[]`` when nothing matches, as AWS
    does. With ``multiple_as_list=False`` an indefinite path is treated like a definite one: no
    match raises PathNotFound, one match returns that value, several return the list.
    """
    c = parse_path(text)
    root = _root_value(c, data, context, variables)
    steps = c.steps
    if steps is not None:
        cur = root
        for n, k in enumerate(steps):
            if k.__class__ is str:
                if isinstance(cur, dict) and k in cur:
                    cur = cur[k]
                    continue
            elif isinstance(cur, list):
                idx = k if k >= 0 else len(cur) + k
                if 0 <= idx < len(cur):
                    cur = cur[idx]
                    continue
            raise _not_found(c, n, cur)
        return cur
    results = _evaluate(c, root, root)
    if c.definite:
        if not results:
            raise PathNotFound(c.text, "No results for path: " + normalized(c.text))
        return results[0]
    if not multiple_as_list:
        if not results:
            raise PathNotFound(c.text, "No results for path: " + normalized(c.text))
        if len(results) == 1:
            return results[0]
    return results


def select_all(text: str, data: Any, *, context: Any = None, variables: dict | None = None) -> list:
    """All matches as a list (``[]`` when none), whatever the path's kind."""
    c = parse_path(text)
    root = _root_value(c, data, context, variables)
    return _evaluate(c, root, root)


def _not_found(c: CompiledPath, n: int, cur) -> PathNotFound:
    # Jayway: a missing leaf gives "No results for path: <whole path>"; a missing key in the
    # middle gives "Missing property in path <path up to that key>".
    norm = normalized(c.text)
    if n == len(c.steps) - 1:
        return PathNotFound(c.text, "No results for path: " + norm)
    head = "$$" if c.root == "context" else ("$" + c.variable if c.root == "variable" else "$")
    prefix = head + "".join(_seg_str(s) for s in c.segments[: n + 1])
    if isinstance(cur, dict):
        return PathNotFound(c.text, "Missing property in path " + prefix)
    return PathNotFound(c.text, "No results for path: " + norm)


def _evaluate(c: CompiledPath, value, root) -> list:
    nodes = [value]
    last = len(c.segments) - 1
    for n, seg in enumerate(c.segments):
        if seg[0] == "keys" and n == last:
            # Jayway merges a multi-key leaf into one object per node: $['a','b'] -> {a:.., b:..}
            return [{k: x[k] for k in seg[1] if k in x} for x in nodes if isinstance(x, dict)]
        if seg[0] == "func":
            arg = nodes if not c.definite or len(nodes) != 1 else nodes[0]
            if c.definite and not nodes:
                return []
            out = _call_function(seg[1], seg[2], arg, c.text)
            return [] if out is _UNDEF else [out]
        nodes = _apply(seg, nodes, root)
        if not nodes:
            return nodes
    return nodes


def _apply(seg, nodes: list, root) -> list:
    kind = seg[0]
    out: list = []
    if kind == "key":
        k = seg[1]
        for n in nodes:
            if isinstance(n, dict) and k in n:
                out.append(n[k])
    elif kind == "index":
        i = seg[1]
        for n in nodes:
            if isinstance(n, list):
                j = i if i >= 0 else len(n) + i
                if 0 <= j < len(n):
                    out.append(n[j])
    elif kind == "keys":
        ks = seg[1]
        for n in nodes:
            if isinstance(n, dict):
                # A union of keys keeps the order of the keys in the path.
                out.extend(n[k] for k in ks if k in n)
    elif kind == "indices":
        for n in nodes:
            if isinstance(n, list):
                ln = len(n)
                for i in seg[1]:
                    j = i if i >= 0 else ln + i
                    if 0 <= j < ln:
                        out.append(n[j])
    elif kind == "slice":
        s = slice(seg[1], seg[2], seg[3])
        for n in nodes:
            if isinstance(n, list):
                out.extend(n[s])
    elif kind == "wild":
        for n in nodes:
            if isinstance(n, dict):
                out.extend(n.values())
            elif isinstance(n, list):
                out.extend(n)
    elif kind == "script":
        m = re.fullmatch(r"@\.length\s*-\s*(\d+)", seg[1])
        for n in nodes:
            if m and isinstance(n, list) and 0 <= len(n) - int(m.group(1)) < len(n):
                out.append(n[len(n) - int(m.group(1))])
    elif kind == "filter":
        pred = seg[1]
        for n in nodes:
            if isinstance(n, list):
                out.extend(x for x in n if _truth(pred, x, root))
            elif isinstance(n, dict) and _truth(pred, n, root):
                out.append(n)
    elif kind == "desc":
        inner = seg[1]
        for n in nodes:
            if inner[0] == "wild":
                _descendants(n, out)
            elif inner[0] == "filter":
                everything = [n]
                _descendants(n, everything)
                out.extend(x for x in everything if isinstance(x, dict) and _truth(inner[1], x, root))
            else:
                everything = [n]
                _descendants(n, everything)
                out.extend(_apply(inner, everything, root))
    return out


def _descendants(n, out: list):
    """Pre-order list of every value below ``n`` (not ``n`` itself)."""
    if isinstance(n, dict):
        children = n.values()
    elif isinstance(n, list):
        children = n
    else:
        return
    for ch in children:
        out.append(ch)
        _descendants(ch, out)


def _operand(node, item, root):
    if node[0] == "lit":
        return node[1]
    _, base, compiled = node
    res = _evaluate(compiled, item if base == "@" else root, root)
    if compiled.definite:
        return res[0] if res else _UNDEF
    return res if res else _UNDEF


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _json_equal(a, b) -> bool:
    if _is_num(a) and _is_num(b):
        return a == b
    if type(a) is not type(b) and not (_is_num(a) and _is_num(b)):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return a == b


def _truth(node, item, root) -> bool:
    kind = node[0]
    if kind == "and":
        return _truth(node[1], item, root) and _truth(node[2], item, root)
    if kind == "or":
        return _truth(node[1], item, root) or _truth(node[2], item, root)
    if kind == "not":
        return not _truth(node[1], item, root)
    if kind == "exists":
        v = _operand(node[1], item, root)
        return v is not _UNDEF
    op, left, right = node[1], _operand(node[2], item, root), _operand(node[3], item, root)
    if op == "exists" and isinstance(right, bool):
        return (left is not _UNDEF) == right
    if left is _UNDEF or right is _UNDEF:
        return op in ("!=", "!==") and not (left is _UNDEF and right is _UNDEF)
    if op in ("==", "==="):
        return _json_equal(left, right)
    if op in ("!=", "!=="):
        return not _json_equal(left, right)
    if op in ("<", "<=", ">", ">="):
        if (_is_num(left) and _is_num(right)) or (isinstance(left, str) and isinstance(right, str)):
            return {"<": left < right, "<=": left <= right,
                    ">": left > right, ">=": left >= right}[op]
        return False
    if op == "=~":
        return isinstance(left, str) and isinstance(right, re.Pattern) and right.fullmatch(left) is not None
    if op in ("in", "nin"):
        inside = isinstance(right, list) and any(_json_equal(left, r) for r in right)
        return inside if op == "in" else not inside
    if op in ("subsetof", "anyof", "noneof"):
        if not (isinstance(left, list) and isinstance(right, list)):
            return False
        hits = [any(_json_equal(x, r) for r in right) for x in left]
        return all(hits) if op == "subsetof" else (any(hits) if op == "anyof" else not any(hits))
    if op == "size":
        return isinstance(left, (str, list)) and _is_num(right) and len(left) == right
    if op == "all":
        return (isinstance(left, list) and isinstance(right, list)
                and all(any(_json_equal(x, r) for x in left) for r in right))
    if op == "exists":
        return isinstance(right, bool) and right
    if op == "empty":
        return isinstance(left, (str, list)) and isinstance(right, bool) and (len(left) == 0) == right
    if op == "contains":
        if isinstance(left, str) and isinstance(right, str):
            return right in left
        return isinstance(left, list) and any(_json_equal(x, right) for x in left)
    return False


def _call_function(name: str, argtext: str, value, text: str):
    """Jayway's tail functions (``$.items.length()``). Whether AWS supports them is unverified;
    they are accepted so that the linter does not flag them."""
    nums = None
    if isinstance(value, list) and name in ("min", "max", "avg", "sum", "stddev"):
        nums = [v for v in value if _is_num(v)]
        if not nums:
            raise PathNotFound(text, "Aggregation function attempted to calculate value using empty array")
    if name in ("length", "size"):
        if isinstance(value, (list, dict, str)):
            return len(value)
        raise PathNotFound(text, f"Function {name}() cannot be applied to {_compact(value)}")
    if nums is not None:
        if name == "min":
            return min(nums)
        if name == "max":
            return max(nums)
        if name == "sum":
            return sum(nums)
        avg = sum(nums) / len(nums)
        if name == "avg":
            return avg
        return math.sqrt(sum((x - avg) ** 2 for x in nums) / len(nums))
    if name == "keys" and isinstance(value, dict):
        return list(value.keys())
    if name in ("first", "last") and isinstance(value, list):
        if not value:
            return _UNDEF
        return value[0] if name == "first" else value[-1]
    if name == "index" and isinstance(value, list):
        try:
            i = int(argtext)
        except ValueError:
            raise PathNotFound(text, "Function index() needs an integer argument") from None
        return value[i] if -len(value) <= i < len(value) else _UNDEF
    if name not in _JAYWAY_FUNCS:
        raise PathNotFound(text, f"Function with name: {name} does not exist.")
    raise PathNotFound(text, f"Function {name}() cannot be applied to {_compact(value)}")


# --------------------------------------------------------------------------- ResultPath


_MISSING = object()


def set_at(text: str, document: Any, value: Any) -> Any:
    """Merge ``value`` into ``document`` at ResultPath ``text`` and return the new document.

    ``$`` replaces the document; ``$.a.b`` overwrites ``b``, creating missing intermediate
    objects. Only the containers on the way are copied (the input is never mutated). Raises
    ResultPathMatchFailure when an existing node on the way is not an object (or, for an index,
    not an array with that index), and PathSyntaxError when the path is not a valid ResultPath.
    """
    c = parse_path(text)
    if c.root != "input":
        raise PathSyntaxError("A ResultPath must start with '$', not '$$' or a variable.", 0)
    if c.steps is None:
        problem = reference_path_problem(text) or "A ResultPath must be a reference path."
        raise PathSyntaxError(problem, c.reference_problem[0] if c.reference_problem else None)
    steps = c.steps
    if not steps:
        return value

    def put(node, n):
        if n == len(steps):
            return value
        k = steps[n]
        if k.__class__ is str:
            if node is _MISSING:
                node = {}
            elif not isinstance(node, dict):
                raise ResultPathMatchFailure(text, document)
            new = dict(node)
            new[k] = put(node.get(k, _MISSING), n + 1)
            return new
        if not isinstance(node, list):
            raise ResultPathMatchFailure(text, document)
        j = k if k >= 0 else len(node) + k
        if not 0 <= j < len(node):
            raise ResultPathMatchFailure(text, document)
        new = list(node)
        new[j] = put(node[j], n + 1)
        return new

    if not isinstance(document, (dict, list)):
        raise ResultPathMatchFailure(text, document)
    return put(document, 0)


def _compact(v) -> str:
    try:
        return json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(v)
