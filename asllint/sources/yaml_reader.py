"""YAML to plain data plus a position table, through ruamel.yaml's composer.

Working from the node graph (never from constructed Python objects) keeps loading safe, gives
exact start and end marks for every key and value, sees duplicate keys instead of silently
keeping one, turns CloudFormation short tags into their `Fn::` long forms, and bounds alias
expansion (YAML bombs)."""

from __future__ import annotations

import math
import re
import sys

from asllint.document import Position, Span, join_pointer

from asllint.sources.limits import MAX_DEPTH, MAX_EXPANDED_NODES, integer_too_long

# CloudFormation short-form tags and the long form each stands for.
_CFN_TAGS = {
    "!Ref": "Ref", "!Condition": "Condition", "!GetAZs": "Fn::GetAZs", "!GetAtt": "Fn::GetAtt",
}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_HEX = re.compile(r"^0x[0-9a-fA-F_]+$")
_OCT = re.compile(r"^0o[0-7_]+$")


class YamlError(Exception):
    def __init__(self, message: str, position: Position | None):
        super().__init__(message)
        self.message = message
        self.position = position


class YamlTable:
    """Spans of keys and values by JSON pointer, plus the style of block scalars."""

    def __init__(self):
        self.values: dict[str, Span] = {}
        self.keys: dict[str, Span] = {}
        self.block_scalars: dict[str, tuple[str, Position]] = {}

    def span(self, pointer: str, at: str = "value") -> Span | None:
        if at == "key" and pointer in self.keys:
            return self.keys[pointer]
        return self.values.get(pointer)


def _span(node) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(Position(s.line + 1, s.column + 1), Position(e.line + 1, e.column + 1))


def _scalar(node):
    tag = node.tag
    value = node.value
    if node.style == ">":
        # ruamel's composer marks fold points with BEL; the folded text has none.
        return value.replace("\a", "")
    if tag.endswith(":str") or node.style in ("|", "'", '"'):
        return value
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return value.lower() in ("true", "yes", "on")
    if tag.endswith(":int"):
        v = value.replace("_", "")
        try:
            if _HEX.match(value):
                return int(v, 16)
            if _OCT.match(value):
                return int(v[2:], 8)
            if 0 < sys.get_int_max_str_digits() < len(v.lstrip("+-")):
                # int() refuses it; read as a string it would mislead every rule (as in JSON).
                raise YamlError(integer_too_long(len(v.lstrip("+-"))),
                                Position(node.start_mark.line + 1, node.start_mark.column + 1))
            return int(v)
        except ValueError:
            return value
    if tag.endswith(":float"):
        low = value.lower()
        if low in (".inf", "+.inf"):
            return math.inf
        if low == "-.inf":
            return -math.inf
        if low == ".nan":
            return math.nan
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


def _cfn_long_form(tag: str) -> str | None:
    if tag in _CFN_TAGS:
        return _CFN_TAGS[tag]
    if tag.startswith("!") and len(tag) > 1 and tag[1].isupper():
        return "Fn::" + tag[1:]
    return None


def load_yaml(text: str):
    """Returns (data, table, duplicates) where duplicates lists (pointer, key, first_span)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    import warnings

    yaml = YAML(typ="rt", pure=True)
    try:
        with warnings.catch_warnings():
            # ruamel warns on stderr about reused anchors and the like: never shown to users.
            warnings.simplefilter("ignore")
            root = yaml.compose(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        pos = Position(mark.line + 1, mark.column + 1) if mark else None
        problem = e.problem or e.context or "invalid YAML"
        raise YamlError(f"invalid YAML: {problem}", pos) from None
    except (YAMLError, ValueError) as e:
        raise YamlError(f"invalid YAML: {e}", None) from None
    except RecursionError:
        raise YamlError("invalid YAML: nesting is too deep to read", None) from None
    table = YamlTable()
    duplicates: list = []
    if root is None:
        return None, table, duplicates
    table.values[""] = _span(root)
    try:
        size = _expanded_size(root, {})
    except RecursionError:
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels; not read", None) from None
    if size > MAX_EXPANDED_NODES:
        # Measured on the node graph, where each alias is one shared node: a bomb is caught
        # before anything is expanded.
        raise YamlError(f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (a YAML bomb?); not read",
                        Position(root.start_mark.line + 1, root.start_mark.column + 1))
    budget = [MAX_EXPANDED_NODES]
    seen_aliases: dict[int, object] = {}
    data = _convert(root, "", table, duplicates, budget, seen_aliases, 0)
    return data, table, duplicates


def _expanded_size(node, memo: dict) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a recursive alias counts once instead of looping
    value = node.value
    total = 1
    if isinstance(value, list):
        for item in value:
            if isinstance(item, tuple):
                total += _expanded_size(item[0], memo) + _expanded_size(item[1], memo)
            else:
                total += _expanded_size(item, memo)
            if total > MAX_EXPANDED_NODES:
                break
    memo[key] = total
    return total


def _convert(node, pointer, table, duplicates, budget, done, depth):
    from ruamel.yaml.nodes import ScalarNode

    budget[0] -= 1
    if budget[0] < 0:
        raise YamlError(
            f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} nodes (a YAML bomb?); not read",
            Position(node.start_mark.line + 1, node.start_mark.column + 1))
    if depth > MAX_DEPTH:
        raise YamlError(f"nesting deeper than {MAX_DEPTH} levels; not read",
                        Position(node.start_mark.line + 1, node.start_mark.column + 1))
    long_form = _cfn_long_form(node.tag) if node.tag.startswith("!") else None
    if long_form:
        # `!Sub |` and friends: the tagged node's value goes under the long-form key.
        inner_pointer = join_pointer_part(pointer, long_form)
        table.values[inner_pointer] = _span(node)
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            table.block_scalars[inner_pointer] = (node.style, Position(node.start_mark.line + 1, node.start_mark.column + 1))
        value = _plain(node, inner_pointer, table, duplicates, budget, done, depth)
        if long_form == "Fn::GetAtt" and isinstance(value, str) and "." in value:
            value = value.split(".", 1)
        return {long_form: value}
    return _plain(node, pointer, table, duplicates, budget, done, depth)


def join_pointer_part(pointer: str, part) -> str:
    return pointer + join_pointer(part)


def _plain(node, pointer, table, duplicates, budget, done, depth):
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, MappingNode):
        out = {}
        first: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = _convert(value_node, pointer, YamlTable(), duplicates, budget, done, depth + 1)
                for m in merged if isinstance(merged, list) else [merged]:
                    if isinstance(m, dict):
                        for k, v in m.items():
                            out.setdefault(k, v)
                continue
            key = _scalar(key_node) if not hasattr(key_node.value, "__iter__") or isinstance(key_node.value, str) else str(key_node.value)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            child = join_pointer_part(pointer, key)
            if key in first:
                duplicates.append((child, key, first[key], _span(key_node)))
                continue  # ruamel and AWS's YAML readers keep the first occurrence
            first[key] = _span(key_node)
            table.keys[child] = _span(key_node)
            table.values[child] = _span(value_node)
            if getattr(value_node, "style", None) in ("|", ">"):
                table.block_scalars[child] = (value_node.style, Position(value_node.start_mark.line + 1, value_node.start_mark.column + 1))
            out[key] = _convert(value_node, child, table, duplicates, budget, done, depth + 1)
        return out
    if isinstance(node, SequenceNode):
        out = []
        for i, item in enumerate(node.value):
            child = join_pointer_part(pointer, i)
            table.values[child] = _span(item)
            out.append(_convert(item, child, table, duplicates, budget, done, depth + 1))
        return out
    return _scalar(node)
