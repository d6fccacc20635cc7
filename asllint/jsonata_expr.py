"""JSONata support for JSONata-mode states: recognising ``{% ... %}`` strings, parse checks,
evaluation with ``$states`` and variables, and free-variable analysis for the linter.

jsonata-python (a port of jsonata-java) does the work; it is imported lazily because the linter
often never needs it. Compiled expressions are cached: the evaluator runs the same few
expressions thousands of times.

Step Functions differences from plain JSONata 2.0 (spec asl-semantics.md §4):
``$partition``, ``$range``, ``$hash``, ``$random([seed])``, ``$uuid``, ``$parse`` are added and
``$eval`` is removed (calling it fails like any non-function, T1006).
"""
from __future__ import annotations

import json
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import random as _random

__all__ = [
    "UNDEFINED",
    "QueryEvaluationError",
    "is_jsonata_string",
    "expression_of",
    "syntax_problem",
    "evaluate",
    "free_variables",
    "input_reference_problem",
    "json_type_name",
    "undefined_cause",
    "type_mismatch_cause",
    "SFN_FUNCTIONS",
]


class _Undefined:
    """JSONata's *undefined* (no value), distinct from JSON null (None)."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "UNDEFINED"

    def __bool__(self):
        return False


UNDEFINED = _Undefined()


class QueryEvaluationError(Exception):
    """AWS: ``States.QueryEvaluationError``. ``code`` is the JSONata error code when known
    (e.g. ``T2001``), ``position`` the character offset in the expression."""

    error = "States.QueryEvaluationError"

    def __init__(self, cause: str, *, code: str | None = None, position: int | None = None):
        super().__init__(cause)
        self.cause = cause
        self.code = code
        self.position = position


# Functions Step Functions adds to JSONata; they are not free variables.
SFN_FUNCTIONS = frozenset({"partition", "range", "hash", "random", "uuid", "parse"})
_HASH_ALGORITHMS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
                    "SHA-512": "sha512"}


# --------------------------------------------------------------------------- recognising


def is_jsonata_string(s: Any) -> bool:
    """True for a string of exactly the form ``{% ... %}``.

    AWS treats ``" {% x %} "`` (blanks outside the delimiters) as a plain string literal
    (recorded: outputdecl ``BASE_LITERALS``), so no stripping here.
    """
    return isinstance(s, str) and len(s) >= 4 and s.startswith("{%") and s.endswith("%}")


def expression_of(s: str) -> str:
    """The expression inside the delimiters, without surrounding blanks (as AWS quotes it in
    causes: ``{% {'foo': 'bar'} %}`` -> ``{'foo': 'bar'}``)."""
    if not is_jsonata_string(s):
        raise ValueError(f"Not a JSONata string (expected '{{% ... %}}'): {s!r}")
    return s[2:-2].strip()


# --------------------------------------------------------------------------- compiling


def _message(err) -> str:
    # The Java/Python port's message catalogue says "Object" where jsonata-js says "function"
    # ("Argument 1 of Object sum must be an array of n"); restore the original word.
    msg = str(err).replace("Object", "function")
    if getattr(err, "error", None) == "T0412":
        kind = _SIGNATURE_TYPES.get(getattr(err, "extra", None))
        if kind and msg.endswith(" of " + str(err.extra)):
            msg = msg[: -len(str(err.extra))] + kind
    return msg


_SIGNATURE_TYPES = {"n": "numbers", "s": "strings", "b": "booleans", "o": "objects",
                    "a": "arrays", "j": "JSON values", "f": "functions", "x": "values"}


def _quiet_jsonata() -> None:
    """jsonata-python prints debugging lines ("Proc not found ...") to standard output, which
    would corrupt asllint's JSON and SARIF reports: give its module a print that does nothing."""
    import jsonata.jsonata as engine
    import jsonata.parser as parser

    engine.print = parser.print = lambda *args, **kwargs: None


@lru_cache(maxsize=2048)
def _compile(expr: str):
    """Parse once; returns the jsonata object (raises jsonata's JException on syntax errors)."""
    from jsonata import Jsonata

    if _compile.cache_info().currsize == 0:
        _quiet_jsonata()

    j = Jsonata(expr)
    j.set_output_convert_nulls(False)
    _install_sfn_functions(j)
    return j


def syntax_problem(expr: str) -> tuple[str, int] | None:
    """Parse-only check. Returns (message, offset into ``expr``) or None."""
    if not isinstance(expr, str):
        return ("A JSONata expression must be a string.", 0)
    if not expr.strip():
        return ("The JSONata expression is empty.", 0)
    try:
        _compile(expr)
    except Exception as err:  # JException, or a Python error from the port's parser
        code = getattr(err, "error", None)
        pos = getattr(err, "location", None)
        if not isinstance(pos, int) or pos < 0:
            pos = 0
        pos = min(pos, len(expr))
        msg = _message(err).rstrip(".")
        if code:
            return (f"Invalid JSONata expression: {msg} (JSONata error {code}).", pos)
        return (f"Invalid JSONata expression: {msg}.", pos)
    return None


# --------------------------------------------------------------------------- Step Functions additions

_LOCAL = threading.local()  # per-evaluation rng for $random/$uuid


def _fail(cause: str):
    raise QueryEvaluationError(cause)


def _plain(v):
    """JSONata values -> plain JSON-like Python (JList -> list, NULL_VALUE -> None).

    Containers that need no change are returned as they are (no copy): results are often
    large parts of the input, and this runs on every evaluation. Scalars are checked inline
    rather than through a call, which keeps the walk cheap.
    """
    from jsonata.utils import Utils

    null = Utils.NULL_VALUE

    def conv(x):
        t = type(x)
        if t is dict:
            new = None
            for k, item in x.items():
                it = type(item)
                if item is null:
                    c = None
                elif it is dict or isinstance(item, list):
                    c = conv(item)
                    if c is item:
                        continue
                else:
                    continue
                if new is None:
                    new = dict(x)
                new[k] = c
            return x if new is None else new
        # a list (plain or JSONata's JList subclass)
        new = None if t is list else list(x)
        for i, item in enumerate(x):
            it = type(item)
            if item is null:
                c = None
            elif it is dict or isinstance(item, list):
                c = conv(item)
                if c is item:
                    continue
            else:
                continue
            if new is None:
                new = list(x)
            new[i] = c
        return x if new is None else new

    if v is null:
        return None
    if type(v) is dict or isinstance(v, list):
        return conv(v)
    return v


def _is_int(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer()


def _sfn_partition(array=None, size=None):
    if array is None:
        return None
    if not isinstance(array, list):
        array = [array]
    if not _is_int(size) or size <= 0:
        _fail(f"The second argument of $partition must be a positive integer, but was {_js(size)}.")
    size = int(size)
    return [list(array[i:i + size]) for i in range(0, len(array), size)]


def _sfn_range(start=None, end=None, step=1):
    from jsonata.utils import Utils

    for name, v in (("start", start), ("end", end), ("step", step)):
        if not _is_int(v):
            _fail(f"The {name} argument of $range must be an integer, but was {_js(v)}.")
    start, end, step = int(start), int(end), int(step)
    if step == 0:
        _fail("The step argument of $range must not be 0.")
    seq = Utils.create_sequence()
    # A sequence, so that one item collapses to that item as in JSONata (recorded:
    # $range(1, 9, 9) returned 1, not [1]).
    i = start
    while (step > 0 and i <= end) or (step < 0 and i >= end):
        seq.append(i)
        i += step
    return seq


def _sfn_hash(value=None, algorithm=None):
    if value is None:
        return None
    if algorithm not in _HASH_ALGORITHMS:
        _fail(f"The algorithm argument of $hash must be one of {', '.join(_HASH_ALGORITHMS)}, "
              f"but was {_js(algorithm)}.")
    text = value if isinstance(value, str) else json.dumps(_plain(value), separators=(",", ":"),
                                                           ensure_ascii=False)
    import hashlib  # deferred: only evaluation needs it, never linting

    return hashlib.new(_HASH_ALGORITHMS[algorithm], text.encode("utf-8", "surrogatepass")).hexdigest()


def _sfn_random(seed=None):
    import random as _random

    if seed is not None:
        if not _is_int(seed):
            _fail(f"The seed argument of $random must be an integer, but was {_js(seed)}.")
        return _random.Random(int(seed)).random()
    rng = getattr(_LOCAL, "rng", None)
    return (rng or _random).random()


def _sfn_uuid():
    import uuid as _uuid

    rng = getattr(_LOCAL, "rng", None)
    if rng is None:
        return str(_uuid.uuid4())
    return str(_uuid.UUID(int=rng.getrandbits(128), version=4))


def _sfn_parse(text=None):
    if text is None:
        return None
    if not isinstance(text, str):
        _fail(f"The argument of $parse must be a string, but was {_js(text)}.")
    try:
        return _to_jsonata(json.loads(text))
    except ValueError as e:
        _fail(f"$parse could not parse its argument as JSON: {_js(text)} ({e.args[0]}).")


def _to_jsonata(v):
    from jsonata.utils import Utils

    return Utils.NULL_VALUE if v is None else v


def _install_sfn_functions(j) -> None:
    j.register_lambda("partition", _sfn_partition)
    j.register_lambda("range", _sfn_range)
    j.register_lambda("hash", _sfn_hash)
    j.register_lambda("random", _sfn_random)
    j.register_lambda("uuid", _sfn_uuid)
    j.register_lambda("parse", _sfn_parse)
    # $eval is not available on AWS: a binding to "nothing" makes calls fail with T1006.
    j.register_function("eval", None)


# --------------------------------------------------------------------------- evaluation


def evaluate(expr: str, *, states: dict | None = None, variables: dict | None = None,
             rng: "_random.Random | None" = None) -> Any:
    """Evaluate ``expr`` (the text inside ``{% %}``) with ``$states`` and variables bound.

    Returns plain JSON-like Python data, or ``UNDEFINED`` when the expression has no value
    (the caller decides whether that is an error). Raises QueryEvaluationError.
    """
    try:
        j = _compile(expr)
    except Exception:
        problem = syntax_problem(expr) or ("Invalid JSONata expression.", 0)
        raise QueryEvaluationError(problem[0], position=problem[1]) from None
    from jsonata import Jsonata
    from jsonata.utils import Utils

    null = Utils.NULL_VALUE
    bindings: dict = {}
    if variables:
        for k, v in variables.items():
            bindings[k] = null if v is None else v
    if states is not None:
        bindings["states"] = states
    _LOCAL.rng = rng
    Jsonata.CURRENT.jsonata = j  # the port evaluates on the "current" instance of the thread
    try:
        result = j.evaluate(None, bindings)
    except QueryEvaluationError:
        raise
    except RecursionError:
        raise QueryEvaluationError("The JSONata expression recursed too deeply.") from None
    except Exception as err:
        raise _translate(err) from None
    finally:
        _LOCAL.rng = None
    if result is None:
        return UNDEFINED
    # A bound value returned whole ($states.input, $x) is caller data: already plain.
    if states is not None and any(result is x for x in states.values()):
        return result
    if variables and any(result is x for x in variables.values()):
        return result
    return _plain(result)


def _translate(err: Exception) -> QueryEvaluationError:
    code = getattr(err, "error", None)
    if code is not None:
        pos = getattr(err, "location", None)
        return QueryEvaluationError(f"{_message(err)} (JSONata error {code}).", code=code,
                                    position=pos if isinstance(pos, int) and pos >= 0 else None)
    # The Python port lets some JavaScript behaviours surface as Python errors; map them to
    # the JSONata errors they are in jsonata-js.
    if isinstance(err, ZeroDivisionError) or isinstance(err, OverflowError):
        return QueryEvaluationError("Number out of range (JSONata error D1001).", code="D1001")
    if isinstance(err, ValueError) and "convert" in str(err):
        return QueryEvaluationError("Unable to cast value to a number (JSONata error D3030).",
                                    code="D3030")
    return QueryEvaluationError(f"Error evaluating the JSONata expression: {err}.")


# --------------------------------------------------------------------------- causes


def json_type_name(value: Any) -> str:
    """AWS's type words in causes: 'array', 'object', 'string', 'number', 'boolean', 'null'."""
    from asllint.document import json_type

    if value is UNDEFINED:
        return "undefined"
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return json_type(value)
    return type(value).__name__


def _js(v) -> str:
    if v is UNDEFINED:
        return "undefined"
    try:
        return json.dumps(_plain(v), separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        return str(v)


def undefined_cause(expr: str, field: str) -> str:
    """Recorded AWS wording; the caller prefixes "An error occurred while executing the state
    '<name>' (entered at the event id #<n>). "."""
    return (f"The JSONata expression '{expr}' specified for the field '{field}' returned nothing "
            "(undefined).")


def type_mismatch_cause(expr: str, field: str, expected: str, value: Any) -> str:
    """Recorded AWS wording, e.g. Map ``Items`` that is not an array."""
    return (f"The JSONata expression '{expr}' specified for the field '{field}' returned an "
            f"unexpected result type. Expected '{expected}', but was '{json_type_name(value)}' "
            f"for value: {_js(value)}")


# --------------------------------------------------------------------------- static analysis


def _builtin_names() -> frozenset:
    from jsonata import Jsonata

    return frozenset(Jsonata.static_frame.bindings) | SFN_FUNCTIONS


_SKIP_ATTRS = {"_outer_instance", "nud", "led", "id", "value", "type", "position", "bp", "lbp",
               "level", "tuple", "keep_array", "keep_singleton_array", "consarray", "focus",
               "index", "label", "ancestor", "slot", "seeking_parent", "thunk", "signature"}


def _children(node):
    for k, v in vars(node).items():
        if k in _SKIP_ATTRS or v is None or isinstance(v, (str, int, float, bool)):
            continue
        yield k, v


def _iter_nodes(v):
    if isinstance(v, (list, tuple)):
        for x in v:
            yield from _iter_nodes(x)
    elif hasattr(v, "type") and hasattr(v, "position"):
        yield v
    elif hasattr(v, "__dict__"):
        for x in vars(v).values():
            if x is not None and not isinstance(x, (str, int, float, bool)):
                yield from _iter_nodes(x)


def free_variables(expr: str) -> set[str]:
    """Names of ``$name`` references that the expression does not bind itself.

    Excludes ``$states``, ``$``/``$$``, built-in and Step Functions functions (when called), and
    names bound by ``:=``, function parameters, ``@$x`` and ``#$i`` (best effort). Returns an
    empty set for an expression that does not parse.
    """
    try:
        ast = _compile(expr).ast
    except Exception:
        return set()
    builtins = _builtin_names()
    found: set[str] = set()

    def visit(node, bound: set):
        t = getattr(node, "type", None)
        if t == "variable":
            name = node.value
            if name not in ("", "$", "states") and name not in bound:
                found.add(name)
            return
        if t == "function" or t == "partial":
            proc = getattr(node, "procedure", None)
            if getattr(proc, "type", None) == "variable" and proc.value in builtins \
                    and proc.value not in bound:
                pass
            elif proc is not None:
                visit(proc, bound)
            for a in getattr(node, "arguments", None) or []:
                visit(a, bound)
            return
        if t == "block":
            inner = set(bound)
            for e in node.expressions or []:
                visit(e, inner)
            return
        if t == "bind":
            visit(node.rhs, bound)
            bound.add(node.lhs.value)
            return
        if t == "lambda":
            inner = set(bound)
            inner.update(a.value for a in (node.arguments or []) if getattr(a, "type", None) == "variable")
            visit(node.body, inner)
            return
        if t == "path":
            inner = set(bound)
            for step in node.steps or []:
                visit(step, inner)
                for attr in ("focus", "index"):
                    name = getattr(step, attr, None)
                    if isinstance(name, str):
                        inner.add(name)
            for k in ("group", "keep_singleton_array"):
                g = getattr(node, k, None)
                if g is not None and not isinstance(g, bool):
                    for n in _iter_nodes(g):
                        visit(n, inner)
            return
        for _, v in _children(node):
            for n in _iter_nodes(v):
                visit(n, bound)

    visit(ast, set())
    return found


def input_reference_problem(expr: str) -> tuple[str, int] | None:
    """AWS forbids an implicit input document in JSONata states: a top-level ``$``, ``$$`` or
    bare field name (``foo`` instead of ``$states.input.foo``). Inside predicates, path steps
    and function bodies the context is the current item, which is fine.

    Returns (message, offset into ``expr``) for the first offending reference, or None.
    Best effort; returns None when the expression does not parse.
    """
    try:
        ast = _compile(expr).ast
    except Exception:
        return None
    hit: list = []

    def report(node, what):
        if not hit:
            # jsonata positions point just past the token; report where the token starts.
            width = len(str(node.value)) + (1 if node.type == "variable" else 0)
            hit.append((f"JSONata expressions in Step Functions have no implicit input: {what} "
                        "refers to it. Use $states.input instead.", max(0, node.position - width)))

    def visit(node):
        if hit:
            return
        t = getattr(node, "type", None)
        if t == "name":
            report(node, f"the field name '{node.value}'")
            return
        if t == "variable":
            if node.value == "":
                report(node, "'$'")
            elif node.value == "$":
                report(node, "'$$'")
            return
        if t == "path":
            steps = node.steps or []
            if steps:
                visit(steps[0])  # later steps are evaluated against the previous step's result
            return
        if t == "lambda":
            return  # the body's context is the call's input, not the state's
        if t in ("wildcard", "descendant", "parent"):
            report(node, f"'{node.value}'")
            return
        for k, v in _children(node):
            if k in ("stages", "predicate", "group", "terms"):
                continue  # evaluated per item
            for n in _iter_nodes(v):
                visit(n)

    visit(ast)
    return hit[0] if hit else None
