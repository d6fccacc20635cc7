"""JSONata fields: `{% ... %}` strings evaluated wherever they sit in a field's value.

Any JSONata string inside an object or array is replaced by its value; other strings are
literals (spec section 4). A field that evaluates to nothing fails the state with
`States.QueryEvaluationError`, naming the field the AWS way: `/` before each object key and
`[i]` for each array index (`Output/a/b[0]`, `Arguments/FunctionName`, `Items`).
"""

from __future__ import annotations

from asllint.evaluator import query
from asllint.evaluator.errors import query_error
from asllint.evaluator.history import to_text


def evaluate_field(value, field: str, view, states: dict):
    """The value of a JSONata-language field (a template or a single expression)."""
    if isinstance(value, str):
        if query.is_jsonata(value):
            return evaluate_expression(value, field, view, states)
        return value
    if isinstance(value, dict):
        return {key: evaluate_field(item, f"{field}/{key}", view, states)
                for key, item in value.items()}
    if isinstance(value, list):
        return [evaluate_field(item, f"{field}[{index}]", view, states)
                for index, item in enumerate(value)]
    return value


_JSON_TYPES = (type(None), bool, int, float, str, list, dict)


def evaluate_expression(text: str, field: str, view, states: dict):
    module = query.jsonata()
    expression = module.expression_of(text)
    try:
        result = module.evaluate(expression, states=states, variables=view.variables(),
                                 rng=view.rng)
    except module.QueryEvaluationError as failure:
        raise _located(query_error(_threw(expression, field, failure)), field) from None
    if result is module.UNDEFINED:
        raise _located(query_error(
            f"The JSONata expression '{expression}' specified for the field '{field}' returned "
            "nothing (undefined)."), field)
    if not isinstance(result, _JSON_TYPES):  # a function, for one
        raise _located(query_error(
            f"The JSONata expression '{expression}' specified for the field '{field}' returned "
            "an unsupported result type."), field)
    return result


def _threw(expression: str, field: str, failure) -> str:
    cause = getattr(failure, "cause", None) or str(failure)
    code = getattr(failure, "code", None)
    if code:
        suffix = f" (JSONata error {code})."
        message = cause[: -len(suffix)] if cause.endswith(suffix) else cause
        detail = f"{code}: {message}"
    else:
        detail = cause
    return (f"The JSONata expression '{expression}' specified for the field '{field}' threw an "
            f"error during evaluation. {detail}")


def _located(failure, field: str):
    failure.location = field
    return failure


def json_type(value) -> str:
    from asllint.document import json_type as plain_json_type

    return plain_json_type(value)


def expect_type(value, expected: str, text, field: str):
    """AWS's check of a JSONata field's result type (Items must be an array, ...)."""
    if json_type(value) == expected:
        return value
    expression = query.jsonata().expression_of(text) if query.is_jsonata(text) else to_text(text)
    raise _located(query_error(
        f"The JSONata expression '{expression}' specified for the field '{field}' returned an "
        f"unexpected result type. Expected '{expected}', but was '{json_type(value)}' for "
        f"value: {to_text(value)}"), field)
