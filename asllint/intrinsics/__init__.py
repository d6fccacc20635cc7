"""Amazon States Language intrinsic functions (``States.Format(...)`` and friends).

One hand-written parser serves both users: the linter (``check``: syntax, names, argument
counts, literal argument types, nesting depth) and the evaluator (``evaluate``). Path arguments
are validated with :mod:`asllint.jsonpath` but resolved by the caller, who knows which document
(input, context object, variables) a path refers to.

Where AWS's behaviour is recorded (``/work/shared/conformance/intrinsic_functions``) the results
match it exactly, e.g. ``States.MathAdd`` rounds each argument half-up (Java ``Math.round``),
``States.StringToJson('')`` is ``null``, ``States.JsonToString`` is compact JSON.

This module is the public facade; the work is done by

* :mod:`asllint.intrinsics.spec` - the function table (FUNCTIONS) and AWS's limits;
* :mod:`asllint.intrinsics.syntax` - the call syntax: ``parse``, the Call/Literal/PathArg nodes;
* :mod:`asllint.intrinsics.checks` - the linter's static ``check``;
* :mod:`asllint.intrinsics.functions` - ``evaluate`` and the States.* implementations.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from asllint.intrinsics.checks import Problem, check
from asllint.intrinsics.spec import (
    FUNCTIONS,
    HASH_ALGORITHMS,
    MAX_ENCODE_CHARS,
    MAX_NESTING,
    MAX_RANGE_ITEMS,
    FunctionSpec,
)
from asllint.intrinsics.syntax import (
    Arg,
    Call,
    IntrinsicSyntaxError,
    Literal,
    PathArg,
    iter_paths,
    looks_like_intrinsic,
    parse,
)

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
    # Module-level names before the split, listed so that they stay importable from here.
    "Arg",
    "HASH_ALGORITHMS",
    "MAX_ENCODE_CHARS",
    "MAX_RANGE_ITEMS",
    "java_double_str",
]

if TYPE_CHECKING:  # loaded on first use, below
    from asllint.intrinsics.functions import IntrinsicFailure, evaluate, format_value, java_double_str, to_json_text

_RUNTIME = {"IntrinsicFailure", "evaluate", "format_value", "java_double_str", "to_json_text"}


def __getattr__(name):
    # The runtime implementations load on first use: linting only parses and checks.
    if name in _RUNTIME:
        from asllint.intrinsics import functions as intrinsic_functions

        return getattr(intrinsic_functions, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
