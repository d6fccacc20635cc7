"""JSONata values as the evaluator sees them: *undefined* (no value, distinct from JSON null),
the ``States.QueryEvaluationError`` failure, conversion of jsonata-python results to plain
JSON-like Python, and their JSON rendering in AWS-style causes.

Part of the JSONata support whose public facade is `asllint.jsonata.expr`. jsonata-python is
imported only inside the functions that need it."""
from __future__ import annotations

import json
from typing import Any


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


def _plain(v):
    """JSONata values -> plain JSON-like Python (JList -> list, NULL_VALUE -> None).

    Containers that need no change are returned as they are (no copy): results are often
    large parts of the input, and this runs on every evaluation. Scalars are checked inline
    rather than through a call, which keeps the walk cheap.
    """
    from jsonata.utils import Utils

    null = Utils.NULL_VALUE

    def conv(x):
        # Copy-on-write: a container is copied only when something inside it changes; a JSONata
        # JList (a list subclass) always becomes a plain list.
        is_dict = type(x) is dict
        new = None if is_dict or type(x) is list else list(x)
        for k, item in (x.items() if is_dict else enumerate(x)):
            if item is null:
                c = None
            elif type(item) is dict or isinstance(item, list):
                c = conv(item)
                if c is item:
                    continue
            else:
                continue
            if new is None:
                new = dict(x) if is_dict else list(x)
            new[k] = c
        return x if new is None else new

    if v is null:
        return None
    if type(v) is dict or isinstance(v, list):
        return conv(v)
    return v


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

