"""A small interpreter of the JSON Schema keywords `asllint/schemas/asl.json` uses.

`$ref`, `type`, `const`, `enum`, `anyOf`, `pattern`, `properties`, `required`,
`additionalProperties`, `items`: enough for the ASL schema, with no import of jsonschema on the
start-up path. A `${...}` placeholder (or a leftover CloudFormation intrinsic object) stands for
any value. Errors come back as tuples the structure rules turn into findings."""

from __future__ import annotations

import json
import re
import os

from asllint.asl.wording import TYPE_WORDS
from asllint.document import join_pointer, json_type
from asllint.asl.text import is_placeholder

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "schemas", "asl.json")
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

def _json_type(v) -> str:
    return json_type(v, integer=True)


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
    return [TYPE_WORDS[x] for x in ([t] if isinstance(t, str) else t)]


def _ok(v, s: dict) -> bool:
    errs: list = []
    _compiled(s).check(v, "", (), errs)
    return not errs


def validate(v, s: dict, ptr: str, out: list) -> None:
    """Append (kind, pointer, detail) for each violation: kind is required, additional, type or enum."""
    _compiled(s).check(v, ptr, (), out)


_NODES: dict = {}
_PY_TYPES = {"string": (str,), "object": (dict,), "array": (list,), "boolean": (bool,), "null": (type(None),),
             "number": (int, float), "integer": (int,)}
_NOTHING = object()


def _compiled(s: dict) -> "_Node":
    """The schema object `s` compiled once: $refs resolved, keywords read into attributes."""
    node = _NODES.get(id(s))
    if node is None:
        node = _NODES[id(s)] = _Node()
        node.fill(s)
    return node


class _Node:
    __slots__ = ("schema", "anyof", "types", "exact", "pattern", "const", "enum", "required", "props",
                 "closed", "items")

    def fill(self, s: dict) -> None:
        s = _resolve(s)
        self.schema = s
        self.anyof = [_compiled(sub) for sub in s["anyOf"]] if "anyOf" in s else None
        t = s.get("type")
        self.types = None if t is None else ((t,) if isinstance(t, str) else tuple(t))
        # Python types that satisfy `type` outright (bool is not an integer; 2.0 is, below).
        self.exact = frozenset(x for name in (self.types or ()) for x in _PY_TYPES[name])
        self.pattern = re.compile(s["pattern"]) if "pattern" in s else None
        self.const = s.get("const", _NOTHING)
        self.enum = s.get("enum")
        self.required = tuple(s.get("required", ()))
        self.props = {k: _compiled(v) for k, v in s.get("properties", {}).items()}
        self.closed = s.get("additionalProperties") is False
        self.items = _compiled(s["items"]) if "items" in s else None

    def check(self, v, base: str, parts: tuple, out: list) -> None:
        # The pointer is kept as parts and joined only for a violation: most nodes have none.
        if isinstance(v, str):
            if "${" in v and is_placeholder(v):
                return
        elif isinstance(v, dict) and len(v) == 1 and _is_cfn_intrinsic(v):
            return
        if self.anyof is not None:
            if not any(_ok_node(v, sub) for sub in self.anyof):
                out.append(("type", base + join_pointer(*parts), _describe(self.schema)))
            return
        if self.types is not None and type(v) not in self.exact and not any(_has_type(v, x) for x in self.types):
            out.append(("type", base + join_pointer(*parts), _describe(self.schema)))
            return
        if self.pattern is not None and isinstance(v, str) and not self.pattern.search(v):
            out.append(("type", base + join_pointer(*parts), _describe(self.schema)))
            return
        if self.const is not _NOTHING and v != self.const:
            out.append(("enum", base + join_pointer(*parts), [self.const]))
        if self.enum is not None and v not in self.enum:
            out.append(("enum", base + join_pointer(*parts), list(self.enum)))
        if isinstance(v, dict):
            props = self.props
            for key in self.required:
                if key not in v:
                    out.append(("required", base + join_pointer(*parts), key))
            for key, value in v.items():
                sub = props.get(key)
                if sub is not None:
                    sub.check(value, base, parts + (key,), out)
                elif self.closed:
                    out.append(("additional", base + join_pointer(*parts, key), sorted(props)))
        elif self.items is not None and isinstance(v, list):
            items = self.items
            for i, item in enumerate(v):
                items.check(item, base, parts + (i,), out)


def _ok_node(v, node: _Node) -> bool:
    errs: list = []
    node.check(v, "", (), errs)
    return not errs
