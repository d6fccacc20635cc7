"""Amazon States Language intrinsic functions (``States.Format(...)`` and friends).

One hand-written parser serves both users: the linter (``check``: syntax, names, argument
counts, literal argument types, nesting depth) and the evaluator (``evaluate``). Path arguments
are validated with :mod:`asllint.paths` but resolved by the caller, who knows which document
(input, context object, variables) a path refers to.

Where AWS's behaviour is recorded (``/work/shared/conformance/intrinsic_functions``) the results
match it exactly, e.g. ``States.MathAdd`` rounds each argument half-up (Java ``Math.round``),
``States.StringToJson('')`` is ``null``, ``States.JsonToString`` is compact JSON.
"""
from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING, Any, Callable, Iterator, NamedTuple, Union

if TYPE_CHECKING:
    import random

from . import paths as _paths
from .document import json_type

__all__ = [
    "IntrinsicSyntaxError",
    "IntrinsicFailure",
    "Problem",
    "Literal",
    "PathArg",
    "Call",
    "FunctionSpec",
    "FUNCTIONS",
    "MAX_NESTING",
    "parse",
    "looks_like_intrinsic",
    "check",
    "iter_paths",
    "evaluate",
    "format_value",
    "to_json_text",
]

MAX_NESTING = 10  # "up to 10 nested calls per field" (quotas.md)
MAX_RANGE_ITEMS = 1000
MAX_ENCODE_CHARS = 10_000
HASH_ALGORITHMS = {
    "MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512",
}


# --------------------------------------------------------------------------- errors & nodes


class IntrinsicSyntaxError(ValueError):
    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message if offset is None else f"{message} (at offset {offset})")
        self.message = message
        self.offset = offset


class IntrinsicFailure(Exception):
    """Runtime failure of an intrinsic; AWS reports it as ``States.IntrinsicFailure``."""

    error = "States.IntrinsicFailure"

    def __init__(self, cause: str):
        super().__init__(cause)
        self.cause = cause


class Problem(NamedTuple):
    message: str
    offset: int | None


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
        return _kind_of(self.value)


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


# --------------------------------------------------------------------------- function table


class FunctionSpec:
    __slots__ = ("min_args", "max_args", "kinds", "names")

    def __init__(self, min_args: int, max_args: int | None, kinds: tuple = (), names: tuple = ()):
        self.min_args = min_args
        self.max_args = max_args  # None = unbounded
        # Expected kind per argument position (the last one repeats for variadic functions):
        # "string", "integer", "number", "boolean", "array", "object", "any", "path".
        self.kinds = kinds
        self.names = names        # argument names used in messages

    def kind_at(self, i: int) -> str:
        if not self.kinds:
            return "any"
        return self.kinds[i] if i < len(self.kinds) else self.kinds[-1]

    def name_at(self, i: int) -> str:
        if i < len(self.names):
            return self.names[i]
        return self.names[-1] if self.names else "value"


FUNCTIONS: dict[str, FunctionSpec] = {
    "States.Format": FunctionSpec(1, None, ("string", "any"), ("template", "value")),
    "States.StringToJson": FunctionSpec(1, 1, ("string",), ("string",)),
    "States.JsonToString": FunctionSpec(1, 1, ("path",), ("value",)),
    "States.Array": FunctionSpec(0, None, ("any",), ("value",)),
    "States.ArrayPartition": FunctionSpec(2, 2, ("array", "integer"), ("array", "chunk size")),
    "States.ArrayContains": FunctionSpec(2, 2, ("array", "any"), ("array", "value")),
    "States.ArrayRange": FunctionSpec(3, 3, ("integer", "integer", "integer"), ("start", "end", "step")),
    "States.ArrayGetItem": FunctionSpec(2, 2, ("array", "integer"), ("array", "index")),
    "States.ArrayLength": FunctionSpec(1, 1, ("array",), ("array",)),
    "States.ArrayUnique": FunctionSpec(1, 1, ("array",), ("array",)),
    "States.Base64Encode": FunctionSpec(1, 1, ("string",), ("data",)),
    "States.Base64Decode": FunctionSpec(1, 1, ("string",), ("data",)),
    "States.Hash": FunctionSpec(2, 2, ("any", "string"), ("data", "algorithm")),
    "States.JsonMerge": FunctionSpec(3, 3, ("object", "object", "boolean"), ("first object", "second object", "deep merge flag")),
    "States.MathRandom": FunctionSpec(2, 3, ("number", "number", "integer"), ("start", "end", "seed")),
    "States.MathAdd": FunctionSpec(2, 2, ("number", "number"), ("first number", "second number")),
    "States.StringSplit": FunctionSpec(2, 2, ("string", "string"), ("string", "delimiters")),
    "States.UUID": FunctionSpec(0, 0, (), ()),
}

_KIND_WORDS = {
    "string": "a string", "integer": "an integer", "number": "a number", "boolean": "a boolean",
    "array": "an array", "object": "a JSON object", "path": "a path",
}


def _kind_of(v) -> str:
    return json_type(v, integer=True)


# --------------------------------------------------------------------------- parsing

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


# --------------------------------------------------------------------------- static checks


def _depth(call: Call) -> int:
    inner = [_depth(a) for a in call.args if isinstance(a, Call)]
    return 1 + (max(inner) if inner else 0)


def _format_placeholders(raw: str) -> int:
    """Count unescaped ``{}`` in a literal template (``\\{`` and ``\\}`` are literal braces)."""
    count, i, n = 0, 0, len(raw)
    while i < n:
        c = raw[i]
        if c == "\\":
            i += 2
            continue
        if c == "{" and i + 1 < n and raw[i + 1] == "}":
            count += 1
            i += 2
            continue
        i += 1
    return count


def check(text: str) -> list[Problem]:
    """Static problems of an intrinsic call, as clear sentences with offsets."""
    try:
        call = parse(text)
    except IntrinsicSyntaxError as e:
        return [Problem(e.message, e.offset)]
    problems: list[Problem] = []
    depth = _depth(call)
    if depth > MAX_NESTING:
        problems.append(Problem(
            f"Intrinsic functions are nested {depth} levels deep; Step Functions allows at most "
            f"{MAX_NESTING} nested calls in one field.", call.offset))
    _check_call(call, problems)
    return problems


def _suggest(name: str) -> str | None:
    import difflib

    candidates = list(FUNCTIONS)
    lowered = {k.lower(): k for k in candidates}
    if name.lower() in lowered:
        return lowered[name.lower()]
    if "States." + name in FUNCTIONS:
        return "States." + name
    # Compare the part after "States." so that the shared prefix does not make every name close.
    short = name[7:] if name.startswith("States.") else name
    by_short = {k[7:].lower(): k for k in candidates}
    hit = difflib.get_close_matches(short.lower(), list(by_short), n=1, cutoff=0.7)
    hit = [by_short[hit[0]]] if hit else []
    return hit[0] if hit else None


def _check_call(call: Call, problems: list[Problem]) -> None:
    spec = FUNCTIONS.get(call.name)
    for a in call.args:
        if isinstance(a, Call):
            _check_call(a, problems)
    if spec is None:
        hint = _suggest(call.name)
        msg = f"Unknown intrinsic function '{call.name}'."
        if hint:
            msg += f" Did you mean '{hint}'?"
        elif call.name.startswith("States."):
            msg += " It is not one of the intrinsic functions Step Functions provides."
        else:
            msg += " Intrinsic functions are named States.<Name>, e.g. States.Format."
        problems.append(Problem(msg, call.offset))
        return
    n = len(call.args)
    if n < spec.min_args or (spec.max_args is not None and n > spec.max_args):
        problems.append(Problem(f"{call.name} takes {_count_words(spec)} but is given "
                                f"{_plural(n, 'argument')}.", call.offset))
        return
    for i, a in enumerate(call.args):
        expected = spec.kind_at(i)
        if expected == "path" and not isinstance(a, PathArg):
            problems.append(Problem(
                f"The argument of {call.name} must be a path (such as $.data), not "
                f"{_describe_arg(a)}.", a.offset))
            continue
        if isinstance(a, Literal) and not _literal_fits(a.value, expected):
            problems.append(Problem(
                f"Argument {i + 1} ({spec.name_at(i)}) of {call.name} must be "
                f"{_KIND_WORDS[expected]}, but the literal {_show_literal(a)} is "
                f"{_article(a.kind)}.", a.offset))
    _check_values(call, problems)


def _check_values(call: Call, problems: list[Problem]) -> None:
    a = call.args
    lit = [x.value if isinstance(x, Literal) else _NOLIT for x in a]
    name = call.name
    if name == "States.Format" and isinstance(a[0], Literal) and isinstance(a[0].value, str):
        holes = _format_placeholders(a[0].raw or "")
        if holes != len(a) - 1:
            problems.append(Problem(
                f"The States.Format template has {_plural(holes, 'placeholder')} '{{}}' but "
                f"{_plural(len(a) - 1, 'value')} {'is' if len(a) - 1 == 1 else 'are'} given; "
                "the counts must match.", a[0].offset))
    elif name == "States.ArrayRange":
        if _is_int(lit[2]) and lit[2] == 0:
            problems.append(Problem("The step of States.ArrayRange must not be 0.", a[2].offset))
        elif all(_is_int(v) for v in lit):
            count = _range_count(int(lit[0]), int(lit[1]), int(lit[2]))
            if count > MAX_RANGE_ITEMS:
                problems.append(Problem(
                    f"States.ArrayRange would produce {count} items; at most {MAX_RANGE_ITEMS} are "
                    "allowed.", call.offset))
    elif name == "States.ArrayPartition":
        if _is_int(lit[1]) and lit[1] <= 0:
            problems.append(Problem("The chunk size of States.ArrayPartition must be a positive "
                                    "integer.", a[1].offset))
    elif name == "States.ArrayGetItem":
        if _is_int(lit[1]) and lit[1] < 0:
            problems.append(Problem("The index of States.ArrayGetItem must not be negative.",
                                    a[1].offset))
    elif name == "States.JsonMerge":
        if lit[2] is True:
            problems.append(Problem(
                "States.JsonMerge supports only shallow merging on AWS: its third argument must be "
                "false.", a[2].offset))
    elif name == "States.Hash":
        if isinstance(lit[1], str) and lit[1] not in HASH_ALGORITHMS:
            hint = next((k for k in HASH_ALGORITHMS
                         if k.replace("-", "").lower() == lit[1].replace("-", "").lower()), None)
            msg = (f"Unknown hash algorithm {lit[1]!r} for States.Hash; use one of "
                   + ", ".join(HASH_ALGORITHMS) + ".")
            if hint:
                msg += f" Did you mean {hint!r}?"
            problems.append(Problem(msg, a[1].offset))
        if isinstance(lit[0], str) and len(lit[0]) > MAX_ENCODE_CHARS:
            problems.append(Problem(f"The data of States.Hash is longer than {MAX_ENCODE_CHARS} "
                                    "characters.", a[0].offset))
    elif name in ("States.Base64Encode", "States.Base64Decode"):
        if isinstance(lit[0], str):
            if len(lit[0]) > MAX_ENCODE_CHARS:
                problems.append(Problem(f"The input of {name} is longer than {MAX_ENCODE_CHARS} "
                                        "characters.", a[0].offset))
            elif name == "States.Base64Decode" and _b64decode(lit[0]) is None:
                problems.append(Problem(f"The literal {_show_literal(a[0])} is not valid Base64 "
                                        "text.", a[0].offset))
    elif name == "States.StringToJson":
        if isinstance(lit[0], str) and lit[0].strip():
            try:
                json.loads(lit[0])
            except ValueError:
                problems.append(Problem(f"The literal {_show_literal(a[0])} is not valid JSON.",
                                        a[0].offset))
    elif name == "States.MathRandom":
        if _is_num(lit[0]) and _is_num(lit[1]) and _java_round(lit[0]) > _java_round(lit[1]):
            problems.append(Problem("The start of States.MathRandom is greater than its end.",
                                    a[0].offset))


_NOLIT = object()


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_int(v) -> bool:
    return _is_num(v) and float(v).is_integer()


def _literal_fits(value, expected: str) -> bool:
    if expected == "any":
        return True
    if expected == "string":
        return isinstance(value, str)
    if expected == "integer":
        return _is_int(value)
    if expected == "number":
        return _is_num(value)
    if expected == "boolean":
        return isinstance(value, bool)
    return False  # arrays/objects/paths have no literal form


def _show_literal(a: Literal) -> str:
    v = a.value
    if isinstance(v, str):
        s = v if len(v) <= 40 else v[:37] + "..."
        return "'" + s + "'"
    return "null" if v is None else (("true" if v else "false") if isinstance(v, bool) else str(v))


def _article(kind: str) -> str:
    return {"null": "null", "integer": "a number", "number": "a number",
            "string": "a string", "boolean": "a boolean"}.get(kind, kind)


def _describe_arg(a: Arg) -> str:
    if isinstance(a, Literal):
        return f"the literal {_show_literal(a)}"
    if isinstance(a, Call):
        return f"a call of {a.name}"
    return "a path"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _count_words(spec: FunctionSpec) -> str:
    lo, hi = spec.min_args, spec.max_args
    if hi is None:
        return f"at least {_plural(lo, 'argument')}"
    if lo == hi:
        return "no arguments" if lo == 0 else f"exactly {_plural(lo, 'argument')}"
    return f"{lo} to {hi} arguments"


# --------------------------------------------------------------------------- evaluation


def evaluate(text_or_call: str | Call, resolve: Callable[[str], Any], *,
             rng: "random.Random | None" = None) -> Any:
    """Evaluate an intrinsic call.

    ``resolve(path_text)`` returns the value of a path argument (the caller raises its own error
    when the path cannot be resolved). ``rng`` makes States.UUID and unseeded States.MathRandom
    deterministic. Raises IntrinsicSyntaxError for text that does not parse and IntrinsicFailure
    (``cause``) for runtime failures.
    """
    call = parse(text_or_call) if isinstance(text_or_call, str) else text_or_call
    return _eval_call(call, resolve, rng)


def _eval_arg(a: Arg, resolve, rng):
    if isinstance(a, Literal):
        return a.value
    if isinstance(a, PathArg):
        return resolve(a.text)
    return _eval_call(a, resolve, rng)


def _eval_call(call: Call, resolve, rng):
    spec = FUNCTIONS.get(call.name)
    if spec is None:
        raise IntrinsicFailure(f"The intrinsic function '{call.name}' does not exist.")
    n = len(call.args)
    if n < spec.min_args or (spec.max_args is not None and n > spec.max_args):
        raise IntrinsicFailure(f"{call.name} takes {_count_words(spec)} but was given "
                               f"{_plural(n, 'argument')}.")
    args = [_eval_arg(a, resolve, rng) for a in call.args]
    return _IMPL[call.name](call, args, rng)


def _need(call: Call, args: list, i: int, kind: str):
    v = args[i]
    spec = FUNCTIONS[call.name]
    ok = {
        "string": isinstance(v, str),
        "integer": _is_int(v),
        "number": _is_num(v),
        "boolean": isinstance(v, bool),
        "array": isinstance(v, list),
        "object": isinstance(v, dict),
    }[kind]
    if not ok:
        raise IntrinsicFailure(
            f"Argument {i + 1} ({spec.name_at(i)}) of {call.name} must be {_KIND_WORDS[kind]}, "
            f"but was {_kind_of(v)}: {_short_json(v)}.")
    return int(v) if kind == "integer" else v


def _short_json(v) -> str:
    s = to_json_text(v)
    return s if len(s) <= 200 else s[:197] + "..."


def _java_round(x) -> int:
    """Java ``Math.round``: half rounds towards positive infinity (-1.5 -> -1, 2.5 -> 3)."""
    return math.floor(x + 0.5) if isinstance(x, float) else int(x)


def _f_format(call, args, rng):
    first = call.args[0]
    template = args[0]
    if not isinstance(template, str):
        raise IntrinsicFailure(f"The template of States.Format must be a string, but was "
                               f"{_kind_of(template)}: {_short_json(template)}.")
    if isinstance(first, Literal):
        pieces = _split_literal_template(first.raw or "")
    else:
        pieces = template.split("{}")
    values = args[1:]
    if len(pieces) - 1 != len(values):
        raise IntrinsicFailure(
            f"The States.Format template has {_plural(len(pieces) - 1, 'placeholder')} but "
            f"{_plural(len(values), 'value')} {'was' if len(values) == 1 else 'were'} given.")
    out = [pieces[0]]
    for v, piece in zip(values, pieces[1:]):
        out.append(format_value(v))
        out.append(piece)
    return "".join(out)


def _split_literal_template(raw: str) -> list[str]:
    pieces, cur, i, n = [], [], 0, len(raw)
    while i < n:
        c = raw[i]
        if c == "\\" and i + 1 < n:
            nxt = raw[i + 1]
            cur.append(nxt if nxt in "'{}\\" else "\\" + nxt)
            i += 2
            continue
        if c == "{" and i + 1 < n and raw[i + 1] == "}":
            pieces.append("".join(cur))
            cur = []
            i += 2
            continue
        cur.append(c)
        i += 1
    pieces.append("".join(cur))
    return pieces


def format_value(v) -> str:
    """How States.Format renders a value: strings bare, null/true/false, Java number text;
    arrays/objects in Java collection style (``{Arg1=1, Arg2=[]}``) as LocalStack observed."""
    if isinstance(v, str):
        return v
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return java_double_str(v)
    if isinstance(v, list):
        return "[" + ", ".join(format_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}={format_value(x)}" for k, x in v.items()) + "}"
    return str(v)


def java_double_str(x: float) -> str:
    """Java ``Double.toString``: plain between 1e-3 and 1e7, else ``d.dddE±n``."""
    from decimal import Decimal  # deferred: linting never needs it
    if x != x:
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    a = abs(x)
    if 1e-3 <= a < 1e7:
        s = format(Decimal(repr(x)), "f")
        return s if "." in s else s + ".0"
    sign, digits, exp = Decimal(repr(x)).normalize().as_tuple()
    ds = "".join(map(str, digits))
    e = exp + len(ds) - 1
    mant = ds[0] + "." + (ds[1:] or "0")
    return ("-" if sign else "") + mant + "E" + str(e)


def to_json_text(v) -> str:
    """Compact JSON as AWS writes it (States.JsonToString): no blanks, non-ASCII kept, doubles
    in Java notation outside [1e-3, 1e7) (``1.0E20``)."""
    if isinstance(v, float) and not isinstance(v, bool):
        if v == 0 or 1e-3 <= abs(v) < 1e7:
            return repr(v)
        return java_double_str(v)
    if isinstance(v, list):
        return "[" + ",".join(to_json_text(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(str(k), ensure_ascii=False) + ":" + to_json_text(x)
                              for k, x in v.items()) + "}"
    return json.dumps(v, ensure_ascii=False)


def _f_string_to_json(call, args, rng):
    s = _need(call, args, 0, "string")
    if not s.strip():
        return None  # recorded: States.StringToJson('') -> null
    try:
        return json.loads(s)
    except ValueError as e:
        raise IntrinsicFailure(f"States.StringToJson could not parse its argument as JSON: "
                               f"{_short_json(s)} ({e.msg} at position {e.pos}).") from None


def _f_json_to_string(call, args, rng):
    return to_json_text(args[0])


def _f_array(call, args, rng):
    return list(args)


def _f_array_partition(call, args, rng):
    arr = _need(call, args, 0, "array")
    size = _need(call, args, 1, "integer")
    if size <= 0:
        raise IntrinsicFailure(f"The chunk size of States.ArrayPartition must be a positive "
                               f"integer, but was {_short_json(args[1])}.")
    return [arr[i:i + size] for i in range(0, len(arr), size)]


def _canon(v) -> str:
    # JSON equality as Jackson sees it: key order ignored, 1 and 1.0 differ, true and 1 differ.
    return json.dumps(v, sort_keys=True, separators=(",", ":"))


def _f_array_contains(call, args, rng):
    arr = _need(call, args, 0, "array")
    key = _canon(args[1])
    return any(_canon(x) == key for x in arr)


def _range_count(start: int, end: int, step: int) -> int:
    if step == 0:
        return 0
    if (step > 0 and start > end) or (step < 0 and start < end):
        return 0
    return abs(end - start) // abs(step) + 1


def _f_array_range(call, args, rng):
    start = _need(call, args, 0, "integer")
    end = _need(call, args, 1, "integer")
    step = _need(call, args, 2, "integer")
    if step == 0:
        raise IntrinsicFailure("The step of States.ArrayRange must not be 0.")
    count = _range_count(start, end, step)
    if count > MAX_RANGE_ITEMS:
        raise IntrinsicFailure(f"States.ArrayRange would produce {count} items; at most "
                               f"{MAX_RANGE_ITEMS} are allowed.")
    return [start + i * step for i in range(count)]


def _f_array_get_item(call, args, rng):
    arr = _need(call, args, 0, "array")
    idx = _need(call, args, 1, "integer")
    if not 0 <= idx < len(arr):
        raise IntrinsicFailure(f"The index {idx} is out of bounds for States.ArrayGetItem on an "
                               f"array of length {len(arr)}.")
    return arr[idx]


def _f_array_length(call, args, rng):
    return len(_need(call, args, 0, "array"))


def _f_array_unique(call, args, rng):
    arr = _need(call, args, 0, "array")
    seen, out = set(), []
    for x in arr:
        k = _canon(x)
        if k not in seen:
            seen.add(k)
            out.append(x)
    return out


def _f_base64_encode(call, args, rng):
    import base64  # deferred: linting never needs it
    s = _need(call, args, 0, "string")
    if len(s) > MAX_ENCODE_CHARS:
        raise IntrinsicFailure(f"The input of States.Base64Encode is longer than "
                               f"{MAX_ENCODE_CHARS} characters.")
    return base64.b64encode(s.encode("utf-8", "surrogatepass")).decode("ascii")


def _b64decode(s: str) -> str | None:
    import base64  # deferred: linting never needs it
    import binascii  # deferred: linting never needs it
    # MIME Base64 allows line breaks; padding is optional (as for Java's decoders). Other
    # characters outside the alphabet are rejected rather than skipped, to catch mistakes.
    body = re.sub(r"\s", "", s)
    cleaned = body.rstrip("=")
    if len(body) - len(cleaned) > 2 or not re.fullmatch(r"[A-Za-z0-9+/]*", cleaned):
        return None
    if len(cleaned) % 4 == 1:
        return None
    try:
        data = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    return data.decode("utf-8", errors="replace")


def _f_base64_decode(call, args, rng):
    s = _need(call, args, 0, "string")
    if len(s) > MAX_ENCODE_CHARS:
        raise IntrinsicFailure(f"The input of States.Base64Decode is longer than "
                               f"{MAX_ENCODE_CHARS} characters.")
    out = _b64decode(s)
    if out is None:
        raise IntrinsicFailure(f"States.Base64Decode could not decode {_short_json(s)} as Base64 "
                               "text.")
    return out


def _f_hash(call, args, rng):
    import hashlib  # deferred: linting never needs it
    data = args[0]
    alg = _need(call, args, 1, "string")
    if alg not in HASH_ALGORITHMS:
        raise IntrinsicFailure(f"Unknown hash algorithm {alg!r} for States.Hash; use one of "
                               + ", ".join(HASH_ALGORITHMS) + ".")
    text = data if isinstance(data, str) else to_json_text(data)
    if len(text) > MAX_ENCODE_CHARS:
        raise IntrinsicFailure(f"The data of States.Hash is longer than {MAX_ENCODE_CHARS} "
                               "characters.")
    return hashlib.new(HASH_ALGORITHMS[alg], text.encode("utf-8", "surrogatepass")).hexdigest()


def _f_json_merge(call, args, rng):
    a = _need(call, args, 0, "object")
    b = _need(call, args, 1, "object")
    deep = _need(call, args, 2, "boolean")
    if deep:
        raise IntrinsicFailure("States.JsonMerge supports only shallow merging; its third "
                               "argument must be false.")
    merged = dict(a)
    merged.update(b)
    return merged


def _f_math_random(call, args, rng):
    import random  # deferred: linting never needs it
    start = _java_round(_need(call, args, 0, "number"))
    end = _java_round(_need(call, args, 1, "number"))
    if start > end:
        raise IntrinsicFailure(f"The start ({start}) of States.MathRandom is greater than its end "
                               f"({end}).")
    if len(args) == 3:
        seed = _java_round(_need(call, args, 2, "number"))
        gen = random.Random(seed)  # same seed, same value (ASL spec)
    else:
        gen = rng or random
    # End inclusive, like LocalStack; AWS's bound is not recorded.
    return gen.randint(start, end)


def _f_math_add(call, args, rng):
    a = _need(call, args, 0, "number")
    b = _need(call, args, 1, "number")
    # Recorded on AWS: each argument is rounded half-up first (-1.5 -> -1, 2.5 -> 3, 1.5+1.51 -> 4).
    return _java_round(a) + _java_round(b)


def _f_string_split(call, args, rng):
    s = _need(call, args, 0, "string")
    delims = _need(call, args, 1, "string")
    if not delims:
        return [s] if s else []
    parts = re.split("[" + re.escape(delims) + "]", s)
    return [p for p in parts if p]


def _f_uuid(call, args, rng):
    import uuid as _uuid  # deferred: linting never needs it
    if rng is None:
        return str(_uuid.uuid4())
    return str(_uuid.UUID(int=rng.getrandbits(128), version=4))


_IMPL = {
    "States.Format": _f_format,
    "States.StringToJson": _f_string_to_json,
    "States.JsonToString": _f_json_to_string,
    "States.Array": _f_array,
    "States.ArrayPartition": _f_array_partition,
    "States.ArrayContains": _f_array_contains,
    "States.ArrayRange": _f_array_range,
    "States.ArrayGetItem": _f_array_get_item,
    "States.ArrayLength": _f_array_length,
    "States.ArrayUnique": _f_array_unique,
    "States.Base64Encode": _f_base64_encode,
    "States.Base64Decode": _f_base64_decode,
    "States.Hash": _f_hash,
    "States.JsonMerge": _f_json_merge,
    "States.MathRandom": _f_math_random,
    "States.MathAdd": _f_math_add,
    "States.StringSplit": _f_string_split,
    "States.UUID": _f_uuid,
}
