"""JSONPath input/output processing: InputPath, payload templates, ResultPath, OutputPath.

AWS order for a JSONPath state (spec section 3): InputPath -> Parameters (payload template) ->
the state's work -> ResultSelector -> ResultPath (merged into the *raw* state input) ->
OutputPath. A path that matches nothing is `States.Runtime` (AWS-observed), which no Retry
or Catch handles; the causes reproduce AWS's wording.

Payloads are never mutated in place: selected values are shared, containers on the way to a
ResultPath are copied by `asllint.jsonpath.set_at`.
"""

from __future__ import annotations

from asllint.evaluator.errors import RUNTIME, StateFailure, runtime_error
from asllint.evaluator.history import to_text
from asllint.evaluator import query


def select(path: str, data, view):
    """Evaluate a path against `data` ($), the context object ($$) or variables ($name)."""
    paths = query.paths()
    return paths.select(path, data, context=view.context(), variables=view.scope)


def _select_fast(path: str, data, view):
    # `$` alone is by far the most common path; skip the machinery for it.
    if path == "$":
        return data
    return select(path, data, view)


def apply_input_path(path, raw_input, view):
    """InputPath: null gives {} (ASL); a miss is States.Runtime with Jayway's message."""
    if path is None:
        return {}
    return select_reference(path, raw_input, view)


def apply_output_path(path, output, view):
    if path is None:
        return {}
    return select_reference(path, output, view)


def select_reference(path, data, view):
    """A path field's value; a path that matches nothing is AWS's States.Runtime failure."""
    if path == "$":
        return data
    paths = query.paths()
    try:
        return select(path, data, view)
    except paths.PathNotFound as miss:
        raise runtime_error(f"Invalid path '{path}' : {miss.detail}") from None
    except paths.PathSyntaxError as bad:
        raise runtime_error(f"Invalid path '{path}' : {bad.message}") from None


def apply_result_path(path, raw_input, result, view, *, missing=object()):
    """ResultPath: null keeps the input, `$` replaces it, `$.a.b` merges the result in."""
    if path is None:
        return raw_input
    if path == "$":
        return result
    paths = query.paths()
    try:
        return paths.set_at(path, raw_input, result)
    except paths.ResultPathMatchFailure as failure:
        raise StateFailure("States.ResultPathMatchFailure", failure.cause, interpreter=True) from None
    except paths.PathSyntaxError as bad:
        raise runtime_error(f"Invalid path '{path}' : {bad.message}") from None


def resolve_template(template, data, view, *, intrinsics_allowed: bool = True):
    """A payload template (Parameters, ResultSelector, ItemSelector, JSONPath Assign).

    Keys ending in `.$` take their value from a path or an intrinsic function; every other
    value is copied literally, nested objects and arrays included (their `.$` keys resolved).
    """
    if isinstance(template, dict):
        out = {}
        for key, value in template.items():
            if key.endswith(".$") and isinstance(value, str):
                out[key[:-2]] = _dynamic(key, value, data, view, intrinsics_allowed)
            else:
                out[key] = resolve_template(value, data, view,
                                            intrinsics_allowed=intrinsics_allowed)
        return out
    if isinstance(template, list):
        return [resolve_template(item, data, view, intrinsics_allowed=intrinsics_allowed)
                for item in template]
    return template


def _dynamic(field: str, expression: str, data, view, intrinsics_allowed: bool):
    if expression.startswith("$"):
        paths = query.paths()
        try:
            return _select_fast(expression, data, view)
        except paths.PathNotFound:
            raise runtime_error(
                f"The JSONPath '{expression}' specified for the field '{field}' could not be "
                f"found in the input '{to_text(data)}'") from None
        except paths.PathSyntaxError as bad:
            raise runtime_error(
                f"The JSONPath '{expression}' specified for the field '{field}' is not a valid "
                f"path: {bad.message}") from None
    if intrinsics_allowed and query.looks_like_intrinsic(expression):
        return evaluate_intrinsic(expression, data, view, field)
    # AWS rejects such a definition when it is created; at run time treat it as a bad path.
    raise runtime_error(
        f"The value '{expression}' of the field '{field}' is neither a JSONPath nor an "
        "intrinsic function.")


_PARSED: dict = {}


def _parsed(intrinsics, expression: str):
    call = _PARSED.get(expression)
    if call is None:
        call = intrinsics.parse(expression)
        if len(_PARSED) < 4096:
            _PARSED[expression] = call
    return call


def evaluate_intrinsic(expression: str, data, view, field: str | None = None):
    intrinsics = query.intrinsics()
    paths = query.paths()

    def resolve(path_text):
        try:
            return _select_fast(path_text, data, view)
        except paths.PathNotFound:
            where = f" specified for the field '{field}'" if field else ""
            raise runtime_error(
                f"The JSONPath '{path_text}'{where} could not be found in the input "
                f"'{to_text(data)}'") from None

    try:
        return intrinsics.evaluate(_parsed(intrinsics, expression), resolve, rng=view.rng)
    except intrinsics.IntrinsicFailure as failure:
        cause = getattr(failure, "cause", None) or str(failure)
        if failure.error == RUNTIME:  # nested deeper than AWS allows
            raise runtime_error(cause) from None
        raise StateFailure("States.IntrinsicFailure", cause, interpreter=True) from None
    except StateFailure:
        raise
    except getattr(intrinsics, "IntrinsicSyntaxError", ()) as bad:  # noqa: B030
        raise StateFailure("States.IntrinsicFailure", str(bad), interpreter=True) from None
