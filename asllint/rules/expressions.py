"""The model of a machine's expressions, shared by the data-flow, JSONata and variable rules.

Every expression of a machine is found once by `expressions(machine)` (`@per_machine`):
path fields, payload-template `.$` values, Choice rule paths, Assign objects and
`{% %}` JSONata strings. `parsed(machine)` parses the JSONPath-side ones once (paths and
intrinsics are cached by their modules); `jsonata_exprs(machine)` and `jsonata_syntax(machine)`
do the same for JSONata. The JSONata parser is imported only when a JSONata string is present."""

from __future__ import annotations

from asllint import intrinsics
from asllint.asl import choice
from asllint import jsonpath as paths
from asllint.model import JSONATA
from asllint.rule import is_jsonata, is_placeholder, per_machine

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


@per_machine
def expressions(machine) -> Walk:
    walk = Walk()
    for state in machine.states():
        if isinstance(state.data, dict):
            _walk_state(state, walk)
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
        if parts[0] not in d:
            continue  # most states have few of these fields: skip the dig
        v = _dig(d, parts)
        if isinstance(v, str):
            walk.exprs.append(Expr(state, state.field_pointer(*parts), v, kind, ".".join(parts), parts[0]))
    for parts in _TEMPLATES:
        if parts[0] not in d:
            continue
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
    for op in choice.PATH_COMPARISONS:
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


@per_machine
def parsed(machine) -> list:
    """Every JSONPath-side expression parsed once: list of Parsed."""
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


# --------------------------------------------------------------------------- JSONata


@per_machine
def jsonata_exprs(machine):
    """(Expr, inner expression text, offset of the inner text in the string) for every
    well-delimited JSONata string of a JSONata state (placeholders skipped)."""
    out = []
    for e in expressions(machine).exprs:
        if e.kind == "jsonata" and is_jsonata(e.text) and not is_placeholder(e.text):
            out.append((e, e.text[2:-2], 2))
    return out


def jsonata_module():
    try:
        from asllint.jsonata import expr as jsonata_expr
    except ImportError:  # the shared module is not there yet
        return None
    return jsonata_expr


@per_machine
def jsonata_syntax(machine):
    """{id(Expr): (message, offset) or None}, parsed once."""
    out = {}
    exprs = jsonata_exprs(machine)
    mod = jsonata_module() if exprs else None
    for e, inner, base in exprs:
        out[id(e)] = _syntax(mod, inner) if mod else None
    return out


def _syntax(mod, inner):
    r = mod.syntax_problem(inner)
    if r is None:
        return None
    if isinstance(r, tuple):
        return r[0], r[1]
    return getattr(r, "message", str(r)), getattr(r, "offset", None)
