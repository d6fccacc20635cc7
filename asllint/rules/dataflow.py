"""Data-flow rules (ASL201-ASL210, ASL218, ASL219): JSONPath paths, payload templates, intrinsic
functions and the context object.

The expressions are found and parsed once by `asllint.rules.expressions`, shared with the JSONata rules
(`jsonata.py`) and the variable rules (`variables.py`)."""

from __future__ import annotations

import re

from asllint import intrinsics
from asllint.asl import choice
from asllint.asl.wording import did_you_mean, quoted, type_word
from asllint.document import Problem
from asllint.rules.expressions import Expr, expressions, parsed, path_args
from asllint.hookspecs import hookimpl
from asllint.model import JSONATA, JSONPATH
from asllint.rule import is_jsonata, is_placeholder, per_machine, rule

# The context object's documented fields (spec section 6). None = anything below is data.
CONTEXT_FIELDS = {
    "Execution": {"Id": {}, "Input": None, "Name": {}, "RoleArn": {}, "StartTime": {},
                  "RedriveCount": {}, "RedriveTime": {}},
    "State": {"EnteredTime": {}, "Name": {}, "RetryCount": {}},
    "StateMachine": {"Id": {}, "Name": {}},
    "Task": {"Token": {}},
    "Map": {"Item": {"Index": {}, "Value": None}},
}


def _describe(e: Expr) -> str:
    return f"'{e.field}'" if e.kind == "template" else e.field


# --------------------------------------------------------------------------- JSONPath rules


@rule("ASL201", "invalid-path", "error", "A path field or a `.$` value is not a valid JSONPath")
def invalid_path(machine, options):
    for p in parsed(machine):
        if p.error is not None and p.path is None and p.call is None and not p.intrinsic_problems:
            where = f" (at character {p.error_offset + 1})" if p.error_offset is not None else ""
            yield Problem(f"{_describe(p.expr)} is not a valid JSONPath: {p.error.rstrip('.')}{where}; "
                          f"Step Functions rejects the definition",
                          p.expr.pointer, data={"offset": p.error_offset})


@rule("ASL202", "not-a-reference-path", "error",
      "A field that needs a reference path (one node: ResultPath, ItemsPath, Choice Variable...) "
      "holds a path that can select several")
def not_a_reference_path(machine, options):
    for p in parsed(machine):
        e = p.expr
        if p.path is None or e.kind not in ("reference", "result", "reference-or-intrinsic"):
            continue
        rp = p.path.reference_problem
        if rp is not None:
            offset, what = rp
            yield Problem(f"{e.field} must be a reference path that identifies a single node, but "
                          f"{what} (at character {offset + 1}); Step Functions rejects the definition",
                          e.pointer, data={"offset": offset})


@rule("ASL203", "result-path-not-input", "error",
      "ResultPath starts with `$$` or names a variable: it can only point into the state's input")
def result_path_not_input(machine, options):
    for p in parsed(machine):
        e = p.expr
        if p.path is None or e.kind != "result":
            continue
        if p.path.root == "context":
            yield Problem(f"ResultPath {quoted(e.text)} points into the context object ($$), which is "
                          "read-only; ResultPath must start with '$' and point into the state's input: "
                          "Step Functions rejects the definition", e.pointer)
        elif p.path.root == "variable":
            yield Problem(f"ResultPath {quoted(e.text)} names the variable ${p.path.variable}; ResultPath "
                          "can only point into the state's input, so Step Functions rejects the definition; "
                          f"to store the result in a variable, use \"Assign\": {{\"{p.path.variable}.$\": \"$\"}}",
                          e.pointer)


@rule("ASL204", "template-value-not-expression", "error",
      "A `.$` key whose value is neither a path nor an intrinsic function call")
def template_value_not_expression(machine, options):
    for p in parsed(machine):
        e = p.expr
        if not p.not_expression:
            continue
        if e.kind == "template":
            name = e.pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
            shown = _show(e.text)
            yield Problem(f"The value of '{name}' is {shown}, but a key ending in '.$' needs a path "
                          f"(starting with '$') or an intrinsic function call such as "
                          f"States.Format(...); Step Functions rejects the definition; for a literal "
                          f"value, remove '.$' from the key", e.pointer)
        elif e.kind == "reference-or-intrinsic":
            yield Problem(f"{e.field} must be a reference path or an intrinsic function call, "
                          f"not {_show(e.text)}", e.pointer)


def _show(v) -> str:
    import json

    if isinstance(v, str):
        return f"the text {quoted(v)}"
    if isinstance(v, (dict, list)):
        return type_word(v)
    return f"the literal {json.dumps(v)}"


@rule("ASL205", "invalid-intrinsic", "error",
      "An intrinsic function call that does not parse, names an unknown function, or has wrong arguments")
def invalid_intrinsic(machine, options):
    for p in parsed(machine):
        e = p.expr
        for prob in p.intrinsic_problems:
            where = f" (at character {prob.offset + 1})" if prob.offset else ""
            yield Problem(f"{_describe(e)}: {prob.message.rstrip('.')}{where}", e.pointer,
                          data={"offset": prob.offset})


def _context_problem(segments, extra, root="$$") -> str | None:
    """A sentence when the key segments name no documented context-object field."""
    node = CONTEXT_FIELDS
    walked: list = []
    for seg in segments:
        if seg[0] != "key" or node is None:
            return None
        name = seg[1]
        full = ".".join(walked + [name])
        if any(full == x or full.startswith(x + ".") for x in extra):
            return None
        if name not in node:
            at = "the context object" if not walked else root + "." + ".".join(walked)
            hint = did_you_mean(name, node)
            if hint:
                return f"{at} has no field {quoted(name)}{hint}"
            return f"{at} has no field {quoted(name)} (it has {', '.join(node)})"
        walked.append(name)
        node = node[name]
    return None


@per_machine
def context_uses(machine):
    """(Expr, segments as tuples, text) for every `$$` path and `$states.context` reference."""
    out = []
    for p in parsed(machine):
        if p.expr.kind == "result":
            continue  # ASL203 reports `$$` in ResultPath
        for c in path_args(p):
            if c.root == "context":
                out.append((p.expr, c.segments, c.text))
    for e in expressions(machine).exprs:
        if e.kind == "jsonata" and is_jsonata(e.text) and "$states.context" in e.text:
            for m in _STATES_CONTEXT.finditer(e.text):
                segs = tuple(("key", s) for s in m.group(1).split(".") if s)
                out.append((e, segs, "$states.context" + m.group(1)))
    return out


_STATES_CONTEXT = re.compile(r"\$states\.context((?:\.[A-Za-z_][A-Za-z0-9_]*)*)")


@rule("ASL206", "unknown-context-field", "error",
      "A `$$` path (or `$states.context`) names a field the context object does not have",
      options={"extra-fields": []})
def unknown_context_field(machine, options):
    extra = [str(f).removeprefix("$$.") for f in options.get("extra-fields") or ()]
    for e, segs, text in context_uses(machine):
        msg = _context_problem(segs, extra, "$states.context" if text.startswith("$states") else "$$")
        if msg:
            if text.startswith("$states"):
                yield Problem(f"{quoted(text)}: {msg}; it evaluates to nothing (undefined)", e.pointer)
            else:
                yield Problem(f"{quoted(text)}: {msg}; the path matches nothing, so every execution that "
                              "reaches this field fails", e.pointer)


def _is_map_item_selector(e: Expr) -> bool:
    return e.state.type == "Map" and e.area in ("ItemSelector", "Parameters")


@rule("ASL207", "map-item-outside-item-selector", "error",
      "`$$.Map.Item` is read outside a Map state's ItemSelector (or Parameters)")
def map_item_outside_item_selector(machine, options):
    for e, segs, text in context_uses(machine):
        if segs and segs[0] == ("key", "Map") and not _is_map_item_selector(e):
            where = "ItemSelector" if e.state.query_language == JSONATA else "ItemSelector (or Parameters)"
            yield Problem(f"{quoted(text)} exists only while a Map state builds each item's input in its "
                          f"{where}; here it matches nothing and every execution that reaches this "
                          "field fails: select the item in the Map's ItemSelector and pass it on",
                          e.pointer)


@rule("ASL208", "task-token-outside-task", "warning",
      "`$$.Task.Token` is read outside a Task state's Parameters (or Arguments), where it is null")
def task_token_outside_task(machine, options):
    for e, segs, text in context_uses(machine):
        if segs[:2] == (("key", "Task"), ("key", "Token")) and not (
                e.state.type == "Task" and e.area in ("Parameters", "Arguments")):
            where = f"a {e.state.type} state" if e.state.type != "Task" else f"this Task's {e.area or e.field}"
            yield Problem(f"{quoted(text)} is null in {where}; the token exists only in a Task "
                          "state's Parameters (Arguments in JSONata), for .waitForTaskToken callbacks",
                          e.pointer)


@rule("ASL209", "template-duplicate-key", "error",
      "A payload template holds both `key` and `key.$`: the same field twice")
def template_duplicate_key(machine, options):
    for state, pointer, obj, area, label in expressions(machine).templates:
        keys = [k for k in obj if isinstance(k, str)]
        plain = set(keys)
        for k in keys:
            if k.endswith(".$") and k[:-2] in plain:
                yield Problem(f"'{k}' and '{k[:-2]}' both set the field '{k[:-2]}' of {area}; "
                              "Step Functions rejects a payload template whose keys collide after "
                              "'.$' is removed: keep one of them",
                              pointer + "/" + k.replace("~", "~0").replace("/", "~1"), at="key")


def _looks_like_path_value(v) -> bool:
    if not isinstance(v, str) or is_placeholder(v):
        return False
    if v.startswith(("$.", "$$.", "$[", "$$[")):
        return True
    return v.startswith("States.") and intrinsics.looks_like_intrinsic(v) and v.rstrip().endswith(")")


@rule("ASL210", "path-value-without-dollar-key", "warning",
      "A payload-template value looks like a path or intrinsic call but its key does not end in `.$`")
def path_value_without_dollar_key(machine, options):
    for state, pointer, obj, area, label in expressions(machine).templates:
        for k, v in obj.items():
            if isinstance(k, str) and not k.endswith(".$") and _looks_like_path_value(v):
                what = "an intrinsic function call" if v.startswith("States.") else "a path"
                yield Problem(f"The value of '{k}' looks like {what}, but the key does not end in "
                              f"'.$', so Step Functions passes the text {quoted(v)} literally: rename the "
                              f"key to '{k}.$' to evaluate it",
                              pointer + "/" + k.replace("~", "~0").replace("/", "~1"), at="key")


# --------------------------------------------------------------------------- static values


@rule("ASL218", "path-in-pass-result", "warning",
      "A Pass state's Result holds a path or a `.$` key, but Result is static: nothing is evaluated")
def path_in_pass_result(machine, options):
    for state in machine.states_of_type("Pass"):
        if state.query_language != JSONPATH or "Result" not in state.data:
            continue
        yield from _static_paths(state.data["Result"], state.field_pointer("Result"))


def _static_paths(v, pointer):
    if isinstance(v, dict):
        for k, sub in v.items():
            p = pointer + "/" + str(k).replace("~", "~0").replace("/", "~1")
            if isinstance(k, str) and k.endswith(".$"):
                yield Problem(f"'{k}' is inside a Pass state's Result, which is static: the key keeps "
                              "its '.$' and the value is not evaluated; use Parameters to build the "
                              "output from paths and intrinsic functions", p, at="key")
            else:
                yield from _static_paths(sub, p)
    elif isinstance(v, list):
        for i, sub in enumerate(v):
            yield from _static_paths(sub, f"{pointer}/{i}")
    elif _looks_like_path_value(v):
        yield Problem(f"{quoted(v)} is inside a Pass state's Result, which is static: it is passed as "
                      "literal text, not evaluated; use Parameters with a key ending in '.$' to "
                      "select a value", pointer)


_NO_PATH_OPERATORS = choice.STRING_COMPARISONS + choice.TIMESTAMP_COMPARISONS + (choice.STRING_MATCHES,)


@rule("ASL219", "path-in-literal-field", "warning",
      "A path in a field that takes a literal (StringEquals, Timestamp, Error...) where the `...Path` "
      "form was meant")
def path_in_literal_field(machine, options):
    for state in machine.states():
        if not isinstance(state.data, dict) or state.query_language != JSONPATH:
            continue
        d = state.data
        if state.type == "Choice" and isinstance(d.get("Choices"), list):
            for i, r in enumerate(d["Choices"]):
                yield from _literal_ops(state, r, ("Choices", i))
        for k in ("Error", "Cause") if state.type == "Fail" else ("Timestamp",) if state.type == "Wait" else ():
            v = d.get(k)
            if _looks_like_path_value(v):
                yield Problem(f"{k} holds {quoted(v)}, which is taken as literal text; to read it from the "
                              f"input use {k}Path", state.field_pointer(k))


def _literal_ops(state, r, parts):
    if not isinstance(r, dict):
        return
    for op in _NO_PATH_OPERATORS:
        v = r.get(op)
        if _looks_like_path_value(v) and not v.startswith("States."):
            instead = f" use {op}Path" if op != "StringMatches" else " StringMatches has no Path form"
            yield Problem(f"{op} compares with the literal text {quoted(v)}; to compare with a value from "
                          f"the input,{instead}", state.field_pointer(*parts, op))
    for op in ("And", "Or"):
        if isinstance(r.get(op), list):
            for j, sub in enumerate(r[op]):
                yield from _literal_ops(state, sub, parts + (op, j))
    if isinstance(r.get("Not"), dict):
        yield from _literal_ops(state, r["Not"], parts + ("Not",))


RULES = [
    invalid_path, not_a_reference_path, result_path_not_input, template_value_not_expression,
    invalid_intrinsic, unknown_context_field, map_item_outside_item_selector,
    task_token_outside_task, template_duplicate_key, path_value_without_dollar_key,
    path_in_pass_result, path_in_literal_field,
]


@hookimpl
def asllint_rules():
    return RULES
