"""JSONata support for JSONata-mode states: recognising ``{% ... %}`` strings, parse checks,
evaluation with ``$states`` and variables, and free-variable analysis for the linter.

jsonata-python (a port of jsonata-java) does the work; it is imported lazily because the linter
often never needs it. Compiled expressions are cached: the evaluator runs the same few
expressions thousands of times.

Step Functions differences from plain JSONata 2.0 (spec asl-semantics.md §4):
``$partition``, ``$range``, ``$hash``, ``$random([seed])``, ``$uuid``, ``$parse`` are added and
``$eval`` is removed (calling it fails like any non-function, T1006).

This module is the public facade; the work is split into `asllint.jsonata.values` (undefined,
the error, result conversion), `asllint.jsonata.functions` (the Step Functions additions) and
`asllint.jsonata.static` (compiling, parse check, free variables, implicit-input check).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from asllint.asl.text import is_jsonata as is_jsonata_string  # the one definition, under its old name here
from asllint.bounded import budget
from asllint.bounded.linear_regex import UnsupportedPattern
from asllint.jsonata.functions import _LOCAL, SFN_FUNCTIONS
from asllint.jsonata.static import (
    _compile,
    _message,
    free_variables,
    input_reference_problem,
    syntax_problem,
)
from asllint.jsonata.values import UNDEFINED, QueryEvaluationError, _js, _plain, json_type_name

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


# --------------------------------------------------------------------------- recognising


def expression_of(s: str) -> str:
    """The expression inside the delimiters, without surrounding blanks (as AWS quotes it in
    causes: ``{% {'foo': 'bar'} %}`` -> ``{'foo': 'bar'}``)."""
    if not is_jsonata_string(s):
        raise ValueError(f"Not a JSONata string (expected '{{% ... %}}'): {s!r}")
    return s[2:-2].strip()


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
    level = budget.current()
    if level is not None:
        bindings["__evaluate_entry"], bindings["__evaluate_exit"] = _budget_hooks(level)
    _LOCAL.rng = rng
    Jsonata.CURRENT.jsonata = j  # the port evaluates on the "current" instance of the thread
    try:
        result = j.evaluate(None, bindings)
    except QueryEvaluationError:
        raise
    except RecursionError:
        raise QueryEvaluationError("The JSONata expression recursed too deeply.") from None
    except Exception as err:
        if level is not None and level.exceeded is not None:
            raise level.exceeded from None  # perhaps wrapped by jsonata-python on its way out
        if isinstance(err, UnsupportedPattern):
            raise QueryEvaluationError(f"The JSONata expression could not be evaluated: {err}.")
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
    if level is not None:
        budget.check_json_size(result, "the value of a JSONata expression")
    return _plain(result)


# Nodes whose results cost nothing more: reading a value that exists, or calling a function
# (built-in functions count their results themselves, lambdas through the nodes they run).
_NOT_BUILDERS = frozenset({"path", "variable", "name", "string", "number", "value", "function",
                           "partial", "apply", "lambda"})


def _budget_hooks(level):
    """jsonata-python calls these around the evaluation of every node (as jsonata-js's
    timeboxExpression does): one step each, more for a large value a node builds
    (`budget.size_steps`), and no string or array over the size budget. Function results are counted in `asllint.jsonata.functions._budgeted`: a call
    in tail position returns through a trampoline that bypasses these hooks."""
    tick, limit, size_steps = level.tick, budget.MAX_VALUE_LENGTH, budget.size_steps

    def entry(expr, input, environment):
        tick()

    def exit(expr, input, environment, result):
        if type(result) is str or isinstance(result, list):
            length = len(result)
            if length > limit:
                budget.check_length(length, "a JSONata value")
            if length >= 8 and expr.type not in _NOT_BUILDERS:
                tick(size_steps(result))

    return entry, exit


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

