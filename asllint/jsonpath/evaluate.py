"""Evaluation of compiled JSONPath the way AWS (Jayway) does it, and ResultPath merging.

``select`` returns one value for a definite path (or raises PathNotFound) and a list for an
indefinite one; plain key/index paths are walked with a tight loop because evaluation sits on
the evaluator's hot path. ``set_at`` applies a ResultPath without mutating the input.
"""
from __future__ import annotations

import math
import re
from typing import Any

from asllint.bounded import budget
from asllint.bounded.linear_regex import LinearPattern, UnsupportedPattern
from asllint.jsonpath.errors import (
    PathNotFound,
    PathSyntaxError,
    ResultPathMatchFailure,
    VariableNotFound,
    compact,
)
from asllint.jsonpath.parser import (
    CompiledPath,
    normalized,
    parse_path,
    reference_path_problem,
    root_text,
    segment_text,
)

__all__ = ["select", "select_all", "set_at"]

_UNDEF = object()  # a relative path in a filter that matched nothing

_JAYWAY_FUNCS = {
    "length", "size", "min", "max", "avg", "stddev", "sum", "keys", "first", "last",
    "concat", "append", "index",
}


def _root_value(c: CompiledPath, data, context, variables):
    if c.root == "context":
        return data if context is None else context
    if c.root == "variable":
        if variables is None:
            return data
        try:
            return variables[c.variable]
        except KeyError:
            raise VariableNotFound(c.text, c.variable) from None
    return data


def select(text: str, data: Any, *, multiple_as_list: bool = True,
           context: Any = None, variables: dict | None = None) -> Any:
    """Evaluate ``text`` against ``data``, the way AWS does.

    The root value is ``data``; for ``$$...`` paths ``context`` and for ``$name...`` paths
    ``variables[name]`` are used instead when given (a missing variable raises VariableNotFound).

    Definite paths return the single value or raise PathNotFound. Indefinite paths (``..``,
    ``*``, unions, slices, filters) return a list of matches, ``[]`` when nothing matches, as AWS
    does. With ``multiple_as_list=False`` an indefinite path is treated like a definite one: no
    match raises PathNotFound, one match returns that value, several return the list.
    """
    c = parse_path(text)
    root = _root_value(c, data, context, variables)
    steps = c.steps
    if steps is not None:
        cur = root
        for n, k in enumerate(steps):
            if k.__class__ is str:
                if isinstance(cur, dict) and k in cur:
                    cur = cur[k]
                    continue
            elif isinstance(cur, list):
                idx = k if k >= 0 else len(cur) + k
                if 0 <= idx < len(cur):
                    cur = cur[idx]
                    continue
            raise _not_found(c, n, cur)
        return cur
    results = _evaluate(c, root, root)
    if c.definite:
        if not results:
            raise PathNotFound(c.text, "No results for path: " + normalized(c.text))
        return results[0]
    if not multiple_as_list:
        if not results:
            raise PathNotFound(c.text, "No results for path: " + normalized(c.text))
        if len(results) == 1:
            return results[0]
    return results


def select_all(text: str, data: Any, *, context: Any = None, variables: dict | None = None) -> list:
    """All matches as a list (``[]`` when none), whatever the path's kind."""
    c = parse_path(text)
    root = _root_value(c, data, context, variables)
    return _evaluate(c, root, root)


def _not_found(c: CompiledPath, n: int, cur) -> PathNotFound:
    # Jayway: a missing leaf gives "No results for path: <whole path>"; a missing key in the
    # middle gives "Missing property in path <path up to that key>".
    norm = normalized(c.text)
    if n == len(c.steps) - 1:
        return PathNotFound(c.text, "No results for path: " + norm)
    prefix = root_text(c) + "".join(segment_text(s) for s in c.segments[: n + 1])
    if isinstance(cur, dict):
        return PathNotFound(c.text, "Missing property in path " + prefix)
    return PathNotFound(c.text, "No results for path: " + norm)


def _evaluate(c: CompiledPath, value, root) -> list:
    nodes = [value]
    last = len(c.segments) - 1
    for n, seg in enumerate(c.segments):
        if seg[0] == "keys" and n == last:
            # Jayway merges a multi-key leaf into one object per node: $['a','b'] -> {a:.., b:..}
            return [{k: x[k] for k in seg[1] if k in x} for x in nodes if isinstance(x, dict)]
        if seg[0] == "func":
            arg = nodes if not c.definite or len(nodes) != 1 else nodes[0]
            if c.definite and not nodes:
                return []
            out = _call_function(seg[1], seg[2], arg, c.text)
            return [] if out is _UNDEF else [out]
        nodes = _apply(seg, nodes, root)
        if not nodes:
            return nodes
    return nodes


def _apply(seg, nodes: list, root) -> list:
    kind = seg[0]
    out: list = []
    if kind == "key":
        k = seg[1]
        for n in nodes:
            if isinstance(n, dict) and k in n:
                out.append(n[k])
    elif kind == "index":
        i = seg[1]
        for n in nodes:
            if isinstance(n, list):
                j = i if i >= 0 else len(n) + i
                if 0 <= j < len(n):
                    out.append(n[j])
    elif kind == "keys":
        ks = seg[1]
        for n in nodes:
            if isinstance(n, dict):
                # A union of keys keeps the order of the keys in the path.
                out.extend(n[k] for k in ks if k in n)
    elif kind == "indices":
        for n in nodes:
            if isinstance(n, list):
                ln = len(n)
                for i in seg[1]:
                    j = i if i >= 0 else ln + i
                    if 0 <= j < ln:
                        out.append(n[j])
    elif kind == "slice":
        s = slice(seg[1], seg[2], seg[3])
        for n in nodes:
            if isinstance(n, list):
                out.extend(n[s])
    elif kind == "wild":
        for n in nodes:
            if isinstance(n, dict):
                out.extend(n.values())
            elif isinstance(n, list):
                out.extend(n)
    elif kind == "script":
        m = re.fullmatch(r"@\.length\s*-\s*(\d+)", seg[1])
        for n in nodes:
            if m and isinstance(n, list) and 0 <= len(n) - int(m.group(1)) < len(n):
                out.append(n[len(n) - int(m.group(1))])
    elif kind == "filter":
        pred = seg[1]
        for n in nodes:
            if isinstance(n, list):
                out.extend(x for x in n if _truth(pred, x, root))
            elif isinstance(n, dict) and _truth(pred, n, root):
                out.append(n)
    elif kind == "desc":
        inner = seg[1]
        for n in nodes:
            if inner[0] == "wild":
                _descendants(n, out)
            elif inner[0] == "filter":
                everything = [n]
                _descendants(n, everything)
                out.extend(x for x in everything if isinstance(x, dict) and _truth(inner[1], x, root))
            else:
                everything = [n]
                _descendants(n, everything)
                out.extend(_apply(inner, everything, root))
    return out


def _descendants(n, out: list):
    """Pre-order list of every value below ``n`` (not ``n`` itself)."""
    if isinstance(n, dict):
        children = n.values()
    elif isinstance(n, list):
        children = n
    else:
        return
    for ch in children:
        out.append(ch)
        _descendants(ch, out)


def _operand(node, item, root):
    if node[0] == "lit":
        return node[1]
    _, base, compiled = node
    res = _evaluate(compiled, item if base == "@" else root, root)
    if compiled.definite:
        return res[0] if res else _UNDEF
    return res if res else _UNDEF


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _json_equal(a, b) -> bool:
    if _is_num(a) and _is_num(b):
        return a == b
    if type(a) is not type(b) and not (_is_num(a) and _is_num(b)):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return a == b


def _truth(node, item, root) -> bool:
    budget.tick()  # nested filters over descendants grow polynomially with the data
    kind = node[0]
    if kind == "and":
        return _truth(node[1], item, root) and _truth(node[2], item, root)
    if kind == "or":
        return _truth(node[1], item, root) or _truth(node[2], item, root)
    if kind == "not":
        return not _truth(node[1], item, root)
    if kind == "exists":
        v = _operand(node[1], item, root)
        return v is not _UNDEF
    op, left, right = node[1], _operand(node[2], item, root), _operand(node[3], item, root)
    if op == "exists" and isinstance(right, bool):
        return (left is not _UNDEF) == right
    if left is _UNDEF or right is _UNDEF:
        return op in ("!=", "!==") and not (left is _UNDEF and right is _UNDEF)
    if op in ("==", "==="):
        return _json_equal(left, right)
    if op in ("!=", "!=="):
        return not _json_equal(left, right)
    if op in ("<", "<=", ">", ">="):
        if (_is_num(left) and _is_num(right)) or (isinstance(left, str) and isinstance(right, str)):
            return {"<": left < right, "<=": left <= right,
                    ">": left > right, ">=": left >= right}[op]
        return False
    if op == "=~":
        if not (isinstance(left, str) and isinstance(right, LinearPattern)):
            return False
        try:
            return right.fullmatch(left) is not None
        except UnsupportedPattern as problem:  # States.Runtime, as a path that cannot be read
            raise PathSyntaxError(f"The filter cannot be evaluated: {problem}.") from None
    if op in ("in", "nin"):
        inside = isinstance(right, list) and any(_json_equal(left, r) for r in right)
        return inside if op == "in" else not inside
    if op in ("subsetof", "anyof", "noneof"):
        if not (isinstance(left, list) and isinstance(right, list)):
            return False
        hits = [any(_json_equal(x, r) for r in right) for x in left]
        return all(hits) if op == "subsetof" else (any(hits) if op == "anyof" else not any(hits))
    if op == "size":
        return isinstance(left, (str, list)) and _is_num(right) and len(left) == right
    if op == "all":
        return (isinstance(left, list) and isinstance(right, list)
                and all(any(_json_equal(x, r) for x in left) for r in right))
    if op == "exists":
        return isinstance(right, bool) and right
    if op == "empty":
        return isinstance(left, (str, list)) and isinstance(right, bool) and (len(left) == 0) == right
    if op == "contains":
        if isinstance(left, str) and isinstance(right, str):
            return right in left
        return isinstance(left, list) and any(_json_equal(x, right) for x in left)
    return False


def _call_function(name: str, argtext: str, value, text: str):
    """Jayway's tail functions (``$.items.length()``). Whether AWS supports them is unverified;
    they are accepted so that the linter does not flag them."""
    nums = None
    if isinstance(value, list) and name in ("min", "max", "avg", "sum", "stddev"):
        nums = [v for v in value if _is_num(v)]
        if not nums:
            raise PathNotFound(text, "Aggregation function attempted to calculate value using empty array")
    if name in ("length", "size"):
        if isinstance(value, (list, dict, str)):
            return len(value)
        raise PathNotFound(text, f"Function {name}() cannot be applied to {compact(value)}")
    if nums is not None:
        if name == "min":
            return min(nums)
        if name == "max":
            return max(nums)
        if name == "sum":
            return sum(nums)
        avg = sum(nums) / len(nums)
        if name == "avg":
            return avg
        return math.sqrt(sum((x - avg) ** 2 for x in nums) / len(nums))
    if name == "keys" and isinstance(value, dict):
        return list(value.keys())
    if name in ("first", "last") and isinstance(value, list):
        if not value:
            return _UNDEF
        return value[0] if name == "first" else value[-1]
    if name == "index" and isinstance(value, list):
        try:
            i = int(argtext)
        except ValueError:
            raise PathNotFound(text, "Function index() needs an integer argument") from None
        return value[i] if -len(value) <= i < len(value) else _UNDEF
    if name not in _JAYWAY_FUNCS:
        raise PathNotFound(text, f"Function with name: {name} does not exist.")
    raise PathNotFound(text, f"Function {name}() cannot be applied to {compact(value)}")


# --------------------------------------------------------------------------- ResultPath


_MISSING = object()


def set_at(text: str, document: Any, value: Any) -> Any:
    """Merge ``value`` into ``document`` at ResultPath ``text`` and return the new document.

    ``$`` replaces the document; ``$.a.b`` overwrites ``b``, creating missing intermediate
    objects. Only the containers on the way are copied (the input is never mutated). Raises
    ResultPathMatchFailure when an existing node on the way is not an object (or, for an index,
    not an array with that index), and PathSyntaxError when the path is not a valid ResultPath.
    """
    c = parse_path(text)
    if c.root != "input":
        raise PathSyntaxError("A ResultPath must start with '$', not '$$' or a variable.", 0)
    if c.steps is None:
        problem = reference_path_problem(text) or "A ResultPath must be a reference path."
        raise PathSyntaxError(problem, c.reference_problem[0] if c.reference_problem else None)
    steps = c.steps
    if not steps:
        return value

    def put(node, n):
        if n == len(steps):
            return value
        k = steps[n]
        if k.__class__ is str:
            if node is _MISSING:
                node = {}
            elif not isinstance(node, dict):
                raise ResultPathMatchFailure(text, document)
            new = dict(node)
            new[k] = put(node.get(k, _MISSING), n + 1)
            return new
        if not isinstance(node, list):
            raise ResultPathMatchFailure(text, document)
        j = k if k >= 0 else len(node) + k
        if not 0 <= j < len(node):
            raise ResultPathMatchFailure(text, document)
        new = list(node)
        new[j] = put(node[j], n + 1)
        return new

    if not isinstance(document, (dict, list)):
        raise ResultPathMatchFailure(text, document)
    return put(document, 0)
