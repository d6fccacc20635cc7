"""AWS-flavoured JSONPath: parsing, static checks, evaluation and ResultPath merging.

Step Functions evaluates JSONPath with Jayway JsonPath (Java).  asllint implements that
dialect directly rather than going through jsonpath-ng, because the differences matter for both
users of these modules:

* the linter needs exact offsets and must not reject what AWS accepts (``$$``, ``$var``,
  ``$.detail-type``, ``@``-names, ``&&``/``||``/``=~``/``in`` filter operators, ``.length()``);
* the evaluator needs Jayway's results: a *definite* path returns one value or fails, an
  *indefinite* path (``..``, ``*``, unions, slices, filters) returns a list, even an empty one
  (AWS recorded ``$.items[*]`` on ``{}`` as ``[]``), and negative indices count from the end;
* evaluation sits on the hot path, so compiled paths are cached and plain dotted/indexed paths
  are walked with a tight loop.

This module is the public facade; the work is done by

* :mod:`asllint.jsonpath.errors` - the exceptions;
* :mod:`asllint.jsonpath.parser` - path syntax, CompiledPath and the static queries;
* :mod:`asllint.jsonpath.filter` - the syntax of filter expressions ``[?(...)]``;
* :mod:`asllint.jsonpath.evaluate` - ``select``/``select_all`` and ResultPath's ``set_at``.

Nothing heavy is imported at module import time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from asllint.jsonpath.errors import (
    PathNotFound,
    PathSyntaxError,
    ResultPathMatchFailure,
    VariableNotFound,
)
from asllint.jsonpath.parser import (
    CompiledPath,
    is_reference_path,
    normalized,
    parse_path,
    path_root,
    reference_path_problem,
)

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

if TYPE_CHECKING:  # loaded on first use, below
    from asllint.jsonpath.evaluate import select, select_all, set_at


def __getattr__(name):
    # Evaluation loads on first use: linting only parses paths.
    if name in ("select", "select_all", "set_at"):
        from asllint.jsonpath import evaluate as jsonpath_eval

        return getattr(jsonpath_eval, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
