"""A small interpreter of the JSON Schema keywords `asllint/schemas/asl.json` uses.

`$ref`, `type`, `const`, `enum`, `anyOf`, `pattern`, `properties`, `required`,
`additionalProperties`, `items`: enough for the ASL schema, with no import of jsonschema on the
start-up path. A `${...}` placeholder (or a leftover CloudFormation intrinsic object) stands for
any value. Errors come back as tuples the structure rules turn into findings."""

from __future__ import annotations

import json
import re
from pathlib import Path

from asllint.document import join_pointer
from asllint.rule import is_placeholder

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "asl.json"
_SCHEMA: dict | None = None


def schema() -> dict:
    global _SCHEMA
    if _SCHEMA is None:
        with open(SCHEMA_PATH, encoding="utf-8") as f:
            _SCHEMA = json.load(f)
    return _SCHEMA


def defs() -> dict:
    return schema()["$defs"]


# -- a tiny interpreter of the schema's keywords -------------------------------------------

_TYPE_WORDS = {"object": "an object", "array": "an array", "string": "a string", "integer": "an integer",
               "number": "a number", "boolean": "a boolean", "null": "null"}


def _json_type(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def _has_type(v, t: str) -> bool:
    if t == "integer":
        return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return _json_type(v) == t


def _is_cfn_intrinsic(v) -> bool:
    """A CloudFormation intrinsic object ({"Ref": ...}, {"Fn::GetAtt": ...}) left in a plain definition."""
    if not (isinstance(v, dict) and len(v) == 1):
        return False
    key = next(iter(v))
    return key in ("Ref", "Condition") or key.startswith("Fn::")


def _unknown(v) -> bool:
    return is_placeholder(v) or _is_cfn_intrinsic(v)


def _resolve(s: dict) -> dict:
    while "$ref" in s:
        s = defs()[s["$ref"].rsplit("/", 1)[-1]]
    return s


def _describe(s: dict) -> list[str]:
    """What a schema accepts, in words (for type errors)."""
    s = _resolve(s)
    if "anyOf" in s:
        out = []
        for sub in s["anyOf"]:
            out += [w for w in _describe(sub) if w not in out]
        return out
    if "pattern" in s and s.get("type") == "string":
        return ["a JSONata expression {% ... %}"]
    t = s.get("type")
    if t is None:
        return ["any value"]
    return [_TYPE_WORDS[x] for x in ([t] if isinstance(t, str) else t)]


def _ok(v, s: dict) -> bool:
    errs: list = []
    validate(v, s, "", errs)
    return not errs


def validate(v, s: dict, ptr: str, out: list) -> None:
    """Append (kind, pointer, detail) for each violation: kind is required, additional, type or enum."""
    _validate(v, s, ptr, (), out)


def _validate(v, s: dict, base: str, parts: tuple, out: list) -> None:
    # The pointer is kept as parts and joined only for a violation: most nodes have none.
    if _unknown(v):
        return
    s = _resolve(s)
    if "anyOf" in s:
        if not any(_ok(v, sub) for sub in s["anyOf"]):
            out.append(("type", base + join_pointer(*parts), _describe(s)))
        return
    t = s.get("type")
    if t is not None:
        types = [t] if isinstance(t, str) else t
        if not any(_has_type(v, x) for x in types):
            out.append(("type", base + join_pointer(*parts), _describe(s)))
            return
    if "pattern" in s and isinstance(v, str) and not re.search(s["pattern"], v):
        out.append(("type", base + join_pointer(*parts), _describe(s)))
        return
    if "const" in s and v != s["const"]:
        out.append(("enum", base + join_pointer(*parts), [s["const"]]))
    if "enum" in s and v not in s["enum"]:
        out.append(("enum", base + join_pointer(*parts), list(s["enum"])))
    if isinstance(v, dict):
        props = s.get("properties", {})
        for key in s.get("required", ()):
            if key not in v:
                out.append(("required", base + join_pointer(*parts), key))
        closed = s.get("additionalProperties") is False
        for key, value in v.items():
            if key in props:
                _validate(value, props[key], base, parts + (key,), out)
            elif closed:
                out.append(("additional", base + join_pointer(*parts, key), sorted(props)))
    elif isinstance(v, list) and "items" in s:
        items = s["items"]
        for i, item in enumerate(v):
            _validate(item, items, base, parts + (i,), out)
