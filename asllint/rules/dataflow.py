"""Data-flow rules (ASL2xx): JSONPath paths, payload templates, intrinsic functions, the context
object and JSONata expressions.

Every expression of a machine is found once by `expressions(machine)` (cached in
`machine.cache`) and parsed once (paths and intrinsics are cached by their modules); the variable
rules in `variables.py` reuse the same walk. The JSONata parser is imported only when a JSONata
string is present."""

from __future__ import annotations

import re

from asllint import intrinsics, paths
from asllint.document import Problem
from asllint.hookspecs import hookimpl
from asllint.model import JSONATA, JSONPATH
from asllint.rule import is_jsonata, is_placeholder, rule

# --------------------------------------------------------------------------- field tables

# JSONPath fields holding a path, by the kind of path they need.
#   "path": any JSONPath; "reference": a reference path (one node);
#   "result": a reference path into the input only; "reference-or-intrinsic": Fail ErrorPath/CausePath.
_STATE_PATH_FIELDS = {
    "InputPath": "path",
    "OutputPath": "path",
    "ResultPath": "result",
    "ItemsPath": "reference",
    "SecondsPath": "reference",
    "TimestampPath": "reference",
    "TimeoutSecondsPath": "reference",
    "HeartbeatSecondsPath": "reference",
    "MaxConcurrencyPath": "reference",
    "ToleratedFailureCountPath": "reference",
    "ToleratedFailurePercentagePath": "reference",
    "ErrorPath": "reference-or-intrinsic",
    "CausePath": "reference-or-intrinsic",
}
_NESTED_PATH_FIELDS = {
    ("ItemBatcher", "MaxItemsPerBatchPath"): "reference",
    ("ItemBatcher", "MaxInputBytesPerBatchPath"): "reference",
    ("ItemReader", "ReaderConfig", "MaxItemsPath"): "reference",
}
# JSONPath payload templates: (path parts from the state) -> name used in messages.
_TEMPLATES = (
    ("Parameters",),
    ("ResultSelector",),
    ("ItemSelector",),
    ("Credentials",),
    ("Assign",),
    ("ItemBatcher", "BatchInput"),
    ("ItemReader", "Parameters"),
    ("ResultWriter", "Parameters"),
)
_COMPARISONS = (
    "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals",
    "StringGreaterThanEquals", "NumericEquals", "NumericLessThan", "NumericGreaterThan",
    "NumericLessThanEquals", "NumericGreaterThanEquals", "BooleanEquals", "TimestampEquals",
    "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals",
    "TimestampGreaterThanEquals",
)
CHOICE_PATH_OPERATORS = tuple(c + "Path" for c in _COMPARISONS)
CHOICE_JSONPATH_FIELDS = ("Variable",) + _COMPARISONS + CHOICE_PATH_OPERATORS + (
    "StringMatches", "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp")

# Fields of one query language that the other rejects (ASL 2024-11-22, "Table of State Types
# and Fields"). Choice rule fields and Catcher fields are handled separately.
JSONPATH_ONLY = (
    "InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath", "ItemsPath",
    "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath",
    "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath",
    "CausePath",
)
JSONATA_ONLY = ("Arguments", "Output", "Items")
_JSONATA_INSTEAD = {
    "InputPath": "Arguments or $states.input", "Parameters": "Arguments", "ResultSelector": "Output",
    "ResultPath": "Output", "OutputPath": "Output", "ItemsPath": "Items",
    "MaxConcurrencyPath": "MaxConcurrency", "ToleratedFailureCountPath": "ToleratedFailureCount",
    "ToleratedFailurePercentagePath": "ToleratedFailurePercentage",
    "TimeoutSecondsPath": "TimeoutSeconds", "HeartbeatSecondsPath": "HeartbeatSeconds",
    "SecondsPath": "Seconds", "TimestampPath": "Timestamp", "ErrorPath": "Error", "CausePath": "Cause",
}

# The context object's documented fields (spec section 6). None = anything below is data.
CONTEXT_FIELDS = {
    "Execution": {"Id": {}, "Input": None, "Name": {}, "RoleArn": {}, "StartTime": {},
                  "RedriveCount": {}, "RedriveTime": {}},
    "State": {"EnteredTime": {}, "Name": {}, "RetryCount": {}},
    "StateMachine": {"Id": {}, "Name": {}},
    "Task": {"Token": {}},
    "Map": {"Item": {"Index": {}, "Value": None}},
}


# --------------------------------------------------------------------------- the walk


class Expr:
    """One expression of a state.

    kind: "path" | "reference" | "result" | "reference-or-intrinsic" (a path field),
    "template" (the value of a `.$` key), "jsonata" (a `{% %}` string)."""

    __slots__ = ("state", "pointer", "text", "kind", "field", "area", "catcher")

    def __init__(self, state: object, pointer: str, text: object, kind: str, field: str,
                 area: str = "", catcher: bool = False):
        self.state = state
        self.pointer = pointer
        self.text = text
        self.kind = kind
        self.field = field        # the field as shown in messages ("ResultPath", "Parameters.a.$")
        self.area = area          # the top-level field of the state holding it ("Parameters", ...)
        self.catcher = catcher    # inside a Catcher (its Assign sees the error output)


class Walk:
    __slots__ = ("exprs", "templates", "assigns")

    def __init__(self, exprs: list | None = None, templates: list | None = None,
                 assigns: list | None = None):
        self.exprs = [] if exprs is None else exprs
        # payload-template objects: (state, pointer, dict, area)
        self.templates = [] if templates is None else templates
        # Assign objects: (state, pointer, dict, where) where = "state" | "choice" | "catch"
        self.assigns = [] if assigns is None else assigns


def expressions(machine) -> Walk:
    walk = machine.cache.get("dataflow.walk")
    if walk is None:
        walk = Walk()
        for state in machine.states():
            if isinstance(state.data, dict):
                _walk_state(state, walk)
        machine.cache["dataflow.walk"] = walk
    return walk


def _walk_state(state, walk: Walk) -> None:
    d = state.data
    ql = state.query_language
    for key, where in (("Assign", "state"),):
        if isinstance(d.get(key), dict):
            walk.assigns.append((state, state.field_pointer(key), d[key], where))
    choices = d.get("Choices") if state.type == "Choice" else None
    if isinstance(choices, list):
        for i, r in enumerate(choices):
            if isinstance(r, dict) and isinstance(r.get("Assign"), dict):
                walk.assigns.append((state, state.field_pointer("Choices", i, "Assign"), r["Assign"], "choice"))
    catch = d.get("Catch")
    if isinstance(catch, list):
        for i, c in enumerate(catch):
            if isinstance(c, dict) and isinstance(c.get("Assign"), dict):
                walk.assigns.append((state, state.field_pointer("Catch", i, "Assign"), c["Assign"], "catch"))
    if ql == JSONATA:
        _walk_jsonata(state, d, state.pointer, walk, "", False, 0)
        return
    for key, kind in _STATE_PATH_FIELDS.items():
        if key in d and isinstance(d[key], str):
            walk.exprs.append(Expr(state, state.field_pointer(key), d[key], kind, key, key))
    for parts, kind in _NESTED_PATH_FIELDS.items():
        v = _dig(d, parts)
        if isinstance(v, str):
            walk.exprs.append(Expr(state, state.field_pointer(*parts), v, kind, ".".join(parts), parts[0]))
    for parts in _TEMPLATES:
        v = _dig(d, parts)
        if isinstance(v, (dict, list)):
            _walk_template(state, v, state.field_pointer(*parts), walk, ".".join(parts), parts[0], False)
    if isinstance(choices, list):
        for i, r in enumerate(choices):
            _walk_choice_rule(state, r, ("Choices", i), walk)
    if isinstance(catch, list):
        for i, c in enumerate(catch):
            if not isinstance(c, dict):
                continue
            if isinstance(c.get("ResultPath"), str):
                walk.exprs.append(Expr(state, state.field_pointer("Catch", i, "ResultPath"), c["ResultPath"],
                                       "result", "ResultPath", "Catch", True))
            if isinstance(c.get("Assign"), (dict, list)):
                _walk_template(state, c["Assign"], state.field_pointer("Catch", i, "Assign"), walk,
                               "Assign", "Catch", True)


def _walk_choice_rule(state, r, parts: tuple, walk: Walk) -> None:
    if not isinstance(r, dict):
        return
    if isinstance(r.get("Variable"), str):
        walk.exprs.append(Expr(state, state.field_pointer(*parts, "Variable"), r["Variable"], "reference",
                               "Variable", "Choices"))
    for op in CHOICE_PATH_OPERATORS:
        if isinstance(r.get(op), str):
            walk.exprs.append(Expr(state, state.field_pointer(*parts, op), r[op], "reference", op, "Choices"))
    for op in ("And", "Or"):
        if isinstance(r.get(op), list):
            for j, sub in enumerate(r[op]):
                _walk_choice_rule(state, sub, parts + (op, j), walk)
    if isinstance(r.get("Not"), dict):
        _walk_choice_rule(state, r["Not"], parts + ("Not",), walk)
    if isinstance(r.get("Assign"), (dict, list)):
        _walk_template(state, r["Assign"], state.field_pointer(*parts, "Assign"), walk, "Assign", "Choices", False)


def _walk_template(state, v, pointer: str, walk: Walk, label: str, area: str, catcher: bool) -> None:
    if isinstance(v, dict):
        walk.templates.append((state, pointer, v, area, label))
        for k, sub in v.items():
            p = pointer + "/" + str(k).replace("~", "~0").replace("/", "~1")
            if isinstance(k, str) and k.endswith(".$"):
                walk.exprs.append(Expr(state, p, sub, "template", f"{label}.{k}" if label else k, area, catcher))
            else:
                _walk_template(state, sub, p, walk, f"{label}.{k}", area, catcher)
    elif isinstance(v, list):
        for i, sub in enumerate(v):
            _walk_template(state, sub, f"{pointer}/{i}", walk, f"{label}[{i}]", area, catcher)


_NOT_EXPRESSIONS = {"Comment", "Type", "Next", "End", "Default", "QueryLanguage", "StartAt"}


def _walk_jsonata(state, v, pointer: str, walk: Walk, area: str, catcher: bool, depth: int) -> None:
    if isinstance(v, str):
        walk.exprs.append(Expr(state, pointer, v, "jsonata", area or "value", area, catcher))
    elif isinstance(v, dict):
        for k, sub in v.items():
            if depth == 0 and k in ("Branches", "ItemProcessor", "Iterator"):
                continue
            if k in _NOT_EXPRESSIONS or k == "ErrorEquals":
                continue
            p = pointer + "/" + str(k).replace("~", "~0").replace("/", "~1")
            a = k if depth == 0 else area
            _walk_jsonata(state, sub, p, walk, a, catcher or (depth == 0 and k == "Catch"), depth + 1)
    elif isinstance(v, list):
        for i, sub in enumerate(v):
            _walk_jsonata(state, sub, f"{pointer}/{i}", walk, area, catcher, depth + 1)


def _dig(d, parts):
    for p in parts:
        if not isinstance(d, dict):
            return None
        d = d.get(p)
    return d


def _cfn_intrinsic(v) -> bool:
    return isinstance(v, dict) and len(v) == 1 and next(iter(v)) in ("Ref", "Condition") or (
        isinstance(v, dict) and len(v) == 1 and str(next(iter(v))).startswith("Fn::"))


# --------------------------------------------------------------------------- parsed expressions


class Parsed:
    """What one path/template expression is: a path, an intrinsic call, or neither."""

    __slots__ = ("expr", "path", "call", "error", "error_offset", "intrinsic_problems", "not_expression")

    def __init__(self, expr: Expr, path: object = None, call: object = None, error: str | None = None,
                 error_offset: int | None = None, intrinsic_problems: list | None = None,
                 not_expression: bool = False):
        self.expr = expr
        self.path = path                  # CompiledPath
        self.call = call                  # intrinsics.Call
        self.error = error                # a syntax problem (already a sentence)
        self.error_offset = error_offset
        self.intrinsic_problems = [] if intrinsic_problems is None else intrinsic_problems
        self.not_expression = not_expression  # a `.$` value that is neither path nor intrinsic


def parsed(machine) -> list:
    """Every JSONPath-side expression parsed once (cached): list of Parsed."""
    out = machine.cache.get("dataflow.parsed")
    if out is not None:
        return out
    out = []
    for e in expressions(machine).exprs:
        if e.kind == "jsonata":
            continue
        t = e.text
        p = Parsed(e)
        if is_placeholder(t) or _cfn_intrinsic(t):
            continue
        if not isinstance(t, str):
            p.not_expression = True
        elif e.kind in ("template", "reference-or-intrinsic") and not t.startswith("$") \
                and intrinsics.looks_like_intrinsic(t):
            p.intrinsic_problems = [x for x in intrinsics.check(t) if not _in_filter(t, x)]
            try:
                p.call = intrinsics.parse(t)
            except intrinsics.IntrinsicSyntaxError:
                p.call = None
        elif e.kind == "template" and not t.startswith("$"):
            p.not_expression = True
        else:
            try:
                p.path = paths.parse_path(t)
            except paths.PathSyntaxError as err:
                if not _in_filter(t, err):
                    p.error, p.error_offset = err.message, err.offset
        out.append(p)
    machine.cache["dataflow.parsed"] = out
    return out


def _in_filter(text: str, err) -> bool:
    """A syntax error inside a `[?( )]` filter. AWS accepts filters the shared parser rejects
    (unquoted literals such as `[?(@.Type==VENDOR_NAME)]` in deployed samples), so these are
    not reported: the Jayway filter dialect is not known well enough to call them errors."""
    off = err.offset
    if off is None:
        return "filter" in err.message
    return text.rfind("[?", 0, off + 1) > text.rfind("]", 0, off)


def path_args(p: Parsed):
    """(CompiledPath, text) of the expression's path and of every path argument of its intrinsic."""
    if p.path is not None:
        yield p.path
    elif p.call is not None:
        for a in intrinsics.iter_paths(p.call):
            try:
                yield paths.parse_path(a.text)
            except paths.PathSyntaxError:
                pass


def _describe(e: Expr) -> str:
    return f"'{e.field}'" if e.kind == "template" else e.field


# --------------------------------------------------------------------------- JSONPath rules


@rule("ASL201", "invalid-path", "error", "A path field or a `.$` value is not a valid JSONPath")
def invalid_path(machine, options):
    for p in parsed(machine):
        if p.error is not None and p.path is None and p.call is None and not p.intrinsic_problems:
            where = f" (at character {p.error_offset + 1})" if p.error_offset is not None else ""
            yield Problem(f"{_describe(p.expr)} is not a valid JSONPath: {p.error.rstrip('.')}{where}. "
                          f"Step Functions rejects the definition.",
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
                          f"{what} (at character {offset + 1}); Step Functions rejects the definition.",
                          e.pointer, data={"offset": offset})


@rule("ASL203", "result-path-not-input", "error",
      "ResultPath starts with `$$` or names a variable: it can only point into the state's input")
def result_path_not_input(machine, options):
    for p in parsed(machine):
        e = p.expr
        if p.path is None or e.kind != "result":
            continue
        if p.path.root == "context":
            yield Problem(f"ResultPath {e.text!r} points into the context object ($$), which is "
                          "read-only; ResultPath must start with '$' and point into the state's input. "
                          "Step Functions rejects the definition.", e.pointer)
        elif p.path.root == "variable":
            yield Problem(f"ResultPath {e.text!r} names the variable ${p.path.variable}; ResultPath "
                          "can only point into the state's input. To store the result in a variable, "
                          f"use \"Assign\": {{\"{p.path.variable}.$\": \"$\"}}. Step Functions "
                          "rejects the definition.", e.pointer)


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
                          f"States.Format(...); Step Functions rejects the definition. For a literal "
                          f"value, remove '.$' from the key.", e.pointer)
        elif e.kind == "reference-or-intrinsic":
            yield Problem(f"{e.field} must be a reference path or an intrinsic function call, "
                          f"not {_show(e.text)}.", e.pointer)


def _show(v) -> str:
    import json

    if isinstance(v, str):
        return f"the text {v!r}"
    if isinstance(v, (dict, list)):
        return "an object" if isinstance(v, dict) else "an array"
    return f"the literal {json.dumps(v)}"


@rule("ASL205", "invalid-intrinsic", "error",
      "An intrinsic function call that does not parse, names an unknown function, or has wrong arguments")
def invalid_intrinsic(machine, options):
    for p in parsed(machine):
        e = p.expr
        for prob in p.intrinsic_problems:
            where = f" (at character {prob.offset + 1})" if prob.offset else ""
            yield Problem(f"{_describe(e)}: {prob.message.rstrip('.')}{where}.", e.pointer,
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
            hint = next((k for k in node if k.lower() == name.lower()), None)
            if hint:
                return f"{at} has no field {name!r} (did you mean {hint!r}?)"
            return f"{at} has no field {name!r} (it has {', '.join(node)})"
        walked.append(name)
        node = node[name]
    return None


def context_uses(machine):
    """(Expr, segments as tuples, text) for every `$$` path and `$states.context` reference."""
    cached = machine.cache.get("dataflow.context")
    if cached is not None:
        return cached
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
    machine.cache["dataflow.context"] = out
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
                yield Problem(f"{text!r}: {msg}. It evaluates to nothing (undefined).", e.pointer)
            else:
                yield Problem(f"{text!r}: {msg}. The path matches nothing, so every execution that "
                              "reaches this field fails.", e.pointer)


def _is_map_item_selector(e: Expr) -> bool:
    return e.state.type == "Map" and e.area in ("ItemSelector", "Parameters")


@rule("ASL207", "map-item-outside-item-selector", "error",
      "`$$.Map.Item` is read outside a Map state's ItemSelector (or Parameters)")
def map_item_outside_item_selector(machine, options):
    for e, segs, text in context_uses(machine):
        if segs and segs[0] == ("key", "Map") and not _is_map_item_selector(e):
            where = "ItemSelector" if e.state.query_language == JSONATA else "ItemSelector (or Parameters)"
            yield Problem(f"{text!r} exists only while a Map state builds each item's input in its "
                          f"{where}; here it matches nothing and every execution that reaches this "
                          "field fails. Select the item in the Map's ItemSelector and pass it on.",
                          e.pointer)


@rule("ASL208", "task-token-outside-task", "warning",
      "`$$.Task.Token` is read outside a Task state's Parameters (or Arguments), where it is null")
def task_token_outside_task(machine, options):
    for e, segs, text in context_uses(machine):
        if segs[:2] == (("key", "Task"), ("key", "Token")) and not (
                e.state.type == "Task" and e.area in ("Parameters", "Arguments")):
            where = f"a {e.state.type} state" if e.state.type != "Task" else f"this Task's {e.area or e.field}"
            yield Problem(f"{text!r} is null in {where}; the token exists only in a Task "
                          "state's Parameters (Arguments in JSONata), for .waitForTaskToken callbacks.",
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
                              "'.$' is removed. Keep one of them.",
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
                              f"'.$', so Step Functions passes the text {v!r} literally. Rename the "
                              f"key to '{k}.$' to evaluate it.",
                              pointer + "/" + k.replace("~", "~0").replace("/", "~1"), at="key")


# --------------------------------------------------------------------------- query-language fields


def _ql_fields(state):
    """(key pointer parts, key, wrong query language) for fields of the other language."""
    d = state.data
    if state.query_language == JSONATA:
        for k in JSONPATH_ONLY:
            if k in d:
                yield (k,), k, JSONPATH
        if state.type == "Choice" and isinstance(d.get("Choices"), list):
            for i, r in enumerate(d["Choices"]):
                if isinstance(r, dict):
                    for k in r:
                        if k in CHOICE_JSONPATH_FIELDS or k in ("And", "Or", "Not"):
                            yield ("Choices", i, k), k, JSONPATH
        if isinstance(d.get("Catch"), list):
            for i, c in enumerate(d["Catch"]):
                if isinstance(c, dict) and "ResultPath" in c:
                    yield ("Catch", i, "ResultPath"), "ResultPath", JSONPATH
    else:
        for k in JSONATA_ONLY:
            if k in d:
                yield (k,), k, JSONATA
        if state.type == "Choice" and isinstance(d.get("Choices"), list):
            for i, r in enumerate(d["Choices"]):
                if isinstance(r, dict):
                    for k in ("Condition", "Output"):
                        if k in r:
                            yield ("Choices", i, k), k, JSONATA
        if isinstance(d.get("Catch"), list):
            for i, c in enumerate(d["Catch"]):
                if isinstance(c, dict) and "Output" in c:
                    yield ("Catch", i, "Output"), "Output", JSONATA


def _ql_origin(state) -> str:
    if "QueryLanguage" in state.data:
        return "this state's QueryLanguage is"
    states = state.scope.data.get("States") if isinstance(state.scope.data, dict) else None
    if state.query_language == JSONPATH and isinstance(states, dict) and states.get("QueryLanguage") == JSONATA:
        return ("\"QueryLanguage\": \"JSONata\" is inside States, where it does not apply (move it "
                "next to StartAt), so the state uses")
    return "the state machine's QueryLanguage is" if state.query_language == JSONATA else \
        "the state uses the default query language,"


@rule("ASL211", "jsonpath-field-in-jsonata-state", "error",
      "A JSONPath-only field (InputPath, Parameters, ResultPath, Variable...) in a JSONata state")
def jsonpath_field_in_jsonata_state(machine, options):
    for state in machine.states():
        if not isinstance(state.data, dict) or state.query_language != JSONATA:
            continue
        for parts, k, _ in _ql_fields(state):
            instead = _JSONATA_INSTEAD.get(k)
            if parts[0] == "Choices":
                instead = "Condition"
            elif parts[0] == "Catch":
                instead = "Output"
            hint = f" Use {instead} with a JSONata expression instead." if instead else ""
            yield Problem(f"{k} is a JSONPath field, but {_ql_origin(state)} JSONata; Step Functions "
                          f"rejects the definition.{hint}", state.field_pointer(*parts), at="key")


@rule("ASL212", "jsonata-field-in-jsonpath-state", "error",
      "A JSONata-only field (Arguments, Output, Items, Condition) in a JSONPath state")
def jsonata_field_in_jsonpath_state(machine, options):
    for state in machine.states():
        if not isinstance(state.data, dict) or state.query_language != JSONPATH:
            continue
        for parts, k, _ in _ql_fields(state):
            yield Problem(f"{k} is a JSONata field, but {_ql_origin(state)} JSONPath; Step Functions "
                          f"rejects the definition. Set \"QueryLanguage\": \"JSONata\" on the state "
                          "(or the machine), or use the JSONPath fields.",
                          state.field_pointer(*parts), at="key")


# --------------------------------------------------------------------------- JSONata


def jsonata_exprs(machine):
    """(Expr, inner expression text, offset of the inner text in the string) for every
    well-delimited JSONata string of a JSONata state (placeholders skipped)."""
    out = machine.cache.get("dataflow.jsonata")
    if out is not None:
        return out
    out = []
    for e in expressions(machine).exprs:
        if e.kind == "jsonata" and is_jsonata(e.text) and not is_placeholder(e.text):
            out.append((e, e.text[2:-2], 2))
    machine.cache["dataflow.jsonata"] = out
    return out


def _jsonata_module():
    try:
        from asllint import jsonata_expr
    except ImportError:  # the shared module is not there yet
        return None
    return jsonata_expr


def jsonata_syntax(machine):
    """{id(Expr): (message, offset) or None}, parsed once."""
    out = machine.cache.get("dataflow.jsonata.syntax")
    if out is not None:
        return out
    out = {}
    mod = _jsonata_module()
    for e, inner, base in jsonata_exprs(machine):
        out[id(e)] = _syntax(mod, inner) if mod else None
    machine.cache["dataflow.jsonata.syntax"] = out
    return out


def _syntax(mod, inner):
    r = mod.syntax_problem(inner)
    if r is None:
        return None
    if isinstance(r, tuple):
        return r[0], r[1]
    return getattr(r, "message", str(r)), getattr(r, "offset", None)


@rule("ASL213", "invalid-jsonata", "error", "A `{% ... %}` JSONata expression that does not parse")
def invalid_jsonata(machine, options):
    syntax = jsonata_syntax(machine)
    for e, inner, base in jsonata_exprs(machine):
        r = syntax.get(id(e))
        if r is None:
            continue
        message, offset = r
        where = ""
        if isinstance(offset, int):
            where = f" (at character {offset + base + 1} of the string)"
        hint = ""
        if inner.strip().startswith(("$.", "$$.", "$[")):
            hint = (" This looks like JSONPath; in JSONata read the input as $states.input "
                    "(e.g. $states.input.field).")
        yield Problem(f"{message.rstrip('.')}{where}. Step Functions rejects the definition.{hint}",
                      e.pointer,
                      data={"offset": None if offset is None else offset + base})


_INTRINSIC_IN_JSONATA = re.compile(r"\bStates\.[A-Z][A-Za-z0-9]*\s*\(")


@rule("ASL214", "intrinsic-in-jsonata", "error",
      "A `States.*` intrinsic function called inside a JSONata expression")
def intrinsic_in_jsonata(machine, options):
    for e, inner, base in jsonata_exprs(machine):
        m = _INTRINSIC_IN_JSONATA.search(_strip_strings(inner))
        if m:
            name = m.group().rstrip("( \t")
            yield Problem(f"{name}() is a JSONPath intrinsic function; JSONata expressions cannot "
                          "call it, so every evaluation fails. Use the JSONata function instead "
                          f"({_JSONATA_EQUIV.get(name, 'see the JSONata function library')}).",
                          e.pointer, data={"offset": m.start() + base})


_JSONATA_EQUIV = {
    "States.Format": "string concatenation with &",
    "States.StringToJson": "$parse()", "States.JsonToString": "$string()",
    "States.Array": "an array constructor [...]", "States.ArrayPartition": "$partition()",
    "States.ArrayContains": "the 'in' operator", "States.ArrayRange": "$range()",
    "States.ArrayGetItem": "array[index]", "States.ArrayLength": "$count()",
    "States.ArrayUnique": "$distinct()", "States.Base64Encode": "$base64encode()",
    "States.Base64Decode": "$base64decode()", "States.Hash": "$hash()",
    "States.JsonMerge": "$merge()", "States.MathRandom": "$random()",
    "States.MathAdd": "the + operator", "States.StringSplit": "$split()", "States.UUID": "$uuid()",
}


def _strip_strings(text: str) -> str:
    """The expression with string literals blanked (same length), so searches skip them."""
    out = []
    quote = None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                out.append("  ")
                i += 2
                continue
            out.append(" " if c != quote else c)
            if c == quote:
                quote = None
        else:
            if c in "'\"":
                quote = c
            out.append(c)
        i += 1
    return "".join(out)[:len(text)]


@rule("ASL215", "jsonata-implicit-input", "error",
      "A JSONata expression reads `$`, `$$` or a bare field name at top level; Step Functions "
      "provides no input document")
def jsonata_implicit_input(machine, options):
    syntax = jsonata_syntax(machine)
    mod = _jsonata_module()
    if mod is None:
        return
    for e, inner, base in jsonata_exprs(machine):
        if syntax.get(id(e)) is not None or _INTRINSIC_IN_JSONATA.search(_strip_strings(inner)):
            continue  # ASL213 / ASL214 already report it
        found = mod.input_reference_problem(inner)
        if found:
            message, off = found
            yield Problem(f"{message.rstrip('.')}. The expression fails at run time.", e.pointer,
                          data={"offset": off + base})


# An error: the string is taken as literal text on every execution, which nobody intends.
@rule("ASL216", "malformed-jsonata-delimiters", "error",
      "A string in a JSONata state that looks like a JSONata expression but is not exactly `{% ... %}`")
def malformed_jsonata_delimiters(machine, options):
    for e in expressions(machine).exprs:
        t = e.text
        if e.kind != "jsonata" or not isinstance(t, str) or is_jsonata(t) or is_placeholder(t):
            continue
        s = t.strip()
        if is_jsonata(s):
            yield Problem("This JSONata expression has blanks outside its '{%' '%}' delimiters, so "
                          "Step Functions takes the whole string as literal text. Remove the blanks "
                          "before '{%' and after '%}'.", e.pointer)
        elif s.startswith("{%"):
            yield Problem("This string starts with '{%' but does not end with '%}', so Step Functions "
                          "takes it as literal text instead of a JSONata expression. Close it with ' %}'.",
                          e.pointer)
        elif s.endswith("%}") and ("{" not in s[:2]):
            yield Problem("This string ends with '%}' but does not start with '{%', so Step Functions "
                          "takes it as literal text instead of a JSONata expression. Open it with '{% '.",
                          e.pointer)


@rule("ASL217", "dollar-key-in-jsonata-state", "warning",
      "A key ending in `.$` in a JSONata state, where `.$` has no meaning")
def dollar_key_in_jsonata_state(machine, options):
    for state in machine.states():
        if not isinstance(state.data, dict) or state.query_language != JSONATA:
            continue
        for key in ("Arguments", "Output", "Assign", "ItemSelector", "Credentials"):
            yield from _dollar_keys(state, state.get(key), state.field_pointer(key), key)
        for arr in ("Catch", "Choices"):
            items = state.get(arr)
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if isinstance(item, dict):
                        for key in ("Output", "Assign"):
                            yield from _dollar_keys(state, item.get(key),
                                                    state.field_pointer(arr, i, key), key)


def _dollar_keys(state, v, pointer, area):
    if isinstance(v, dict):
        for k, sub in v.items():
            p = pointer + "/" + str(k).replace("~", "~0").replace("/", "~1")
            if isinstance(k, str) and k.endswith(".$"):
                yield Problem(f"In a JSONata state '{k}' is an ordinary key: it is not stripped and "
                              f"its value is not evaluated as a path or intrinsic function. Name the "
                              f"key '{k[:-2]}' and give it a JSONata expression ('{{% ... %}}').",
                              p, at="key")
            else:
                yield from _dollar_keys(state, sub, p, area)
    elif isinstance(v, list):
        for i, sub in enumerate(v):
            yield from _dollar_keys(state, sub, f"{pointer}/{i}", area)


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
                              "its '.$' and the value is not evaluated. Use Parameters to build the "
                              "output from paths and intrinsic functions.", p, at="key")
            else:
                yield from _static_paths(sub, p)
    elif isinstance(v, list):
        for i, sub in enumerate(v):
            yield from _static_paths(sub, f"{pointer}/{i}")
    elif _looks_like_path_value(v):
        yield Problem(f"{v!r} is inside a Pass state's Result, which is static: it is passed as "
                      "literal text, not evaluated. Use Parameters with a key ending in '.$' to "
                      "select a value.", pointer)


_NO_PATH_OPERATORS = tuple(c for c in _COMPARISONS if c.startswith(("String", "Timestamp"))) + ("StringMatches",)


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
                yield Problem(f"{k} holds {v!r}, which is taken as literal text; to read it from the "
                              f"input use {k}Path.", state.field_pointer(k))


def _literal_ops(state, r, parts):
    if not isinstance(r, dict):
        return
    for op in _NO_PATH_OPERATORS:
        v = r.get(op)
        if _looks_like_path_value(v) and not v.startswith("States."):
            instead = f" use {op}Path" if op != "StringMatches" else " StringMatches has no Path form"
            yield Problem(f"{op} compares with the literal text {v!r}; to compare with a value from "
                          f"the input,{instead}.", state.field_pointer(*parts, op))
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
    jsonpath_field_in_jsonata_state, jsonata_field_in_jsonpath_state, invalid_jsonata,
    intrinsic_in_jsonata, jsonata_implicit_input, malformed_jsonata_delimiters,
    dollar_key_in_jsonata_state, path_in_pass_result, path_in_literal_field,
]


@hookimpl
def asllint_rules():
    return RULES
