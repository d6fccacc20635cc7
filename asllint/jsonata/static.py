"""Parsing JSONata and what the linter reads from the parse: the parse check (`syntax_problem`),
free-variable analysis (`free_variables`) and the implicit-input check
(`input_reference_problem`).

Part of the JSONata support whose public facade is `asllint.jsonata.expr`. `_compile` parses once
per expression (cached) and installs the Step Functions functions; jsonata-python is imported
only when an expression is first compiled, and its debugging prints are silenced then."""
from __future__ import annotations

from functools import lru_cache

from asllint.jsonata.functions import SFN_FUNCTIONS, _install_sfn_functions


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

    j = Jsonata(expr, _linear_regex)
    j.set_output_convert_nulls(False)
    _install_sfn_functions(j)
    return j


def _linear_regex(pattern: str, flags):
    """The regex engine for JSONata regex literals. Python's `re` checks the pattern at parse
    time, as jsonata-python's default engine does (so ASL213 reports what it always did); the
    matching runs under RE2 in linear time (`asllint.bounded.linear_regex`)."""
    import re

    re.compile(pattern, (re.IGNORECASE if flags.case_insensitive else 0)
               | (re.MULTILINE if flags.multiline else 0))
    from asllint.bounded.linear_regex import LinearPattern

    return LinearPattern(pattern, ("i" if flags.case_insensitive else "")
                         + ("m" if flags.multiline else ""))


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
                        "refers to it; use $states.input instead", max(0, node.position - width)))

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
