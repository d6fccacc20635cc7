"""The errors of AWS-flavoured JSONPath (shared by the parser and the evaluator)."""
from __future__ import annotations

import json
from typing import Any

class PathSyntaxError(ValueError):
    """The text is not a valid JSONPath. ``offset`` is a 0-based index into the text."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message if offset is None else f"{message} (at offset {offset})")
        self.message = message
        self.offset = offset


class PathNotFound(LookupError):
    """A definite path matched nothing.

    ``detail`` mimics Jayway's message (AWS embeds it in its cause, e.g.
    ``Invalid path '$.x' : No results for path: $['x']``).
    """

    def __init__(self, path: str, detail: str | None = None):
        super().__init__(detail or f"No results for path: {path}")
        self.path = path
        self.detail = detail or f"No results for path: {path}"


class VariableNotFound(PathNotFound):
    """A ``$name`` path refers to a variable that has no value."""

    def __init__(self, path: str, name: str):
        super().__init__(path, f"No such variable: {name}")
        self.name = name


class ResultPathMatchFailure(ValueError):
    """A ResultPath cannot be applied to the document (AWS: States.ResultPathMatchFailure)."""

    def __init__(self, path: str, document: Any):
        # Wording as AWS reports it in forum posts ("Unable to apply ReferencePath ... to input
        # ..."); not covered by the conformance recordings.
        cause = f"Unable to apply ReferencePath {path} to input {compact(document)}"
        super().__init__(cause)
        self.path = path
        self.cause = cause


def compact(v) -> str:
    """Compact JSON text of ``v`` for messages (``repr`` when it is not JSON)."""
    try:
        return json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(v)
