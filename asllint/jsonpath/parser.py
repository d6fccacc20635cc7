"""The syntax of AWS-flavoured (Jayway) JSONPath: text -> CompiledPath, plus static queries.

``parse_path`` compiles and caches; a CompiledPath records the root (input, context object or
variable), the segments, whether the path is *definite* (at most one result) and, for plain
key/index paths, the steps of the evaluator's fast walk. Filter expressions are parsed by
:mod:`asllint.jsonpath.filter`.
"""
from __future__ import annotations

from functools import lru_cache

from asllint.jsonpath.errors import PathSyntaxError
from asllint.jsonpath.filter import FilterParser

__all__ = [
    "CompiledPath",
    "parse_path",
    "path_root",
    "is_reference_path",
    "reference_path_problem",
    "normalized",
    "root_text",
    "segment_text",
]


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
            fp = FilterParser(text, self.i + 1, end, _filter_path)
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


def _filter_path(text: str, i: int, end: int):
    """Parse the ``@...``/``$...`` path operand at ``i`` of a filter; return (CompiledPath, end)."""
    p = _Parser(text, i + 1, in_filter=True)
    if text.startswith("$$", i):
        p.i += 1
    segs = p.parse_segments(end)
    return _finish(text[i:p.i], "input", None, segs, None), p.i


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
    return root_text(c) + "".join(segment_text(s) for s in c.segments)


def root_text(c: CompiledPath) -> str:
    """The root as written in normalized form: ``$``, ``$$`` or ``$name``."""
    return "$$" if c.root == "context" else ("$" + c.variable if c.root == "variable" else "$")


def segment_text(s) -> str:
    """One segment in Jayway's normalized form, e.g. ``['a']`` or ``[0]``."""
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
        return ".." + segment_text(s[1]).lstrip(".")
    if k == "func":
        return f".{s[1]}({s[2]})"
    return ""
