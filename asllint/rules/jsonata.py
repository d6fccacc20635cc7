"""JSONata and query-language rules (ASL211-ASL217): fields of the other query language, and
`{% %}` JSONata expressions that do not parse, call intrinsics, read an implicit input, are
badly delimited, or sit under `.$` keys.

The expressions are found and parsed once by `asllint.rules.expressions`; the JSONata parser is
imported only when a JSONata string is present."""

from __future__ import annotations

import re

from asllint.asl import choice
from asllint.asl.states import JSONATA_ONLY, JSONPATH_ONLY
from asllint.document import Problem
from asllint.rules.expressions import expressions, jsonata_exprs, jsonata_module, jsonata_syntax
from asllint.hookspecs import hookimpl
from asllint.model import JSONATA, JSONPATH
from asllint.rule import is_jsonata, is_placeholder, rule

_JSONATA_INSTEAD = {
    "InputPath": "Arguments or $states.input", "Parameters": "Arguments", "ResultSelector": "Output",
    "ResultPath": "Output", "OutputPath": "Output", "ItemsPath": "Items",
    "MaxConcurrencyPath": "MaxConcurrency", "ToleratedFailureCountPath": "ToleratedFailureCount",
    "ToleratedFailurePercentagePath": "ToleratedFailurePercentage",
    "TimeoutSecondsPath": "TimeoutSeconds", "HeartbeatSecondsPath": "HeartbeatSeconds",
    "SecondsPath": "Seconds", "TimestampPath": "Timestamp", "ErrorPath": "Error", "CausePath": "Cause",
}


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
                        if k in choice.JSONPATH_RULE_FIELDS or k in choice.BOOLEAN_OPERATORS:
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
            hint = f": use {instead} with a JSONata expression instead" if instead else ""
            yield Problem(f"{k} is a JSONPath field, but {_ql_origin(state)} JSONata; Step Functions "
                          f"rejects the definition{hint}", state.field_pointer(*parts), at="key")


@rule("ASL212", "jsonata-field-in-jsonpath-state", "error",
      "A JSONata-only field (Arguments, Output, Items, Condition) in a JSONPath state")
def jsonata_field_in_jsonpath_state(machine, options):
    for state in machine.states():
        if not isinstance(state.data, dict) or state.query_language != JSONPATH:
            continue
        for parts, k, _ in _ql_fields(state):
            yield Problem(f"{k} is a JSONata field, but {_ql_origin(state)} JSONPath; Step Functions "
                          f"rejects the definition: set \"QueryLanguage\": \"JSONata\" on the state "
                          "(or the machine), or use the JSONPath fields",
                          state.field_pointer(*parts), at="key")


# --------------------------------------------------------------------------- JSONata


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
            hint = ("; this looks like JSONPath: in JSONata read the input as $states.input "
                    "(e.g. $states.input.field)")
        yield Problem(f"{message.rstrip('.')}{where}; Step Functions rejects the definition{hint}",
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
                          "call it, so every evaluation fails: use the JSONata function instead "
                          f"({_JSONATA_EQUIV.get(name, 'see the JSONata function library')})",
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
    if not jsonata_exprs(machine):
        return  # no JSONata here: the JSONata support is never loaded
    syntax = jsonata_syntax(machine)
    mod = jsonata_module()
    if mod is None:
        return
    for e, inner, base in jsonata_exprs(machine):
        if syntax.get(id(e)) is not None or _INTRINSIC_IN_JSONATA.search(_strip_strings(inner)):
            continue  # ASL213 / ASL214 already report it
        found = mod.input_reference_problem(inner)
        if found:
            message, off = found
            yield Problem(f"{message.rstrip('.')}; the expression fails at run time", e.pointer,
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
                          "Step Functions takes the whole string as literal text: remove the blanks "
                          "before '{%' and after '%}'", e.pointer)
        elif s.startswith("{%"):
            yield Problem("This string starts with '{%' but does not end with '%}', so Step Functions "
                          "takes it as literal text instead of a JSONata expression: close it with ' %}'",
                          e.pointer)
        elif s.endswith("%}") and ("{" not in s[:2]):
            yield Problem("This string ends with '%}' but does not start with '{%', so Step Functions "
                          "takes it as literal text instead of a JSONata expression: open it with '{% '",
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
                              f"its value is not evaluated as a path or intrinsic function; name the "
                              f"key '{k[:-2]}' and give it a JSONata expression ('{{% ... %}}')",
                              p, at="key")
            else:
                yield from _dollar_keys(state, sub, p, area)
    elif isinstance(v, list):
        for i, sub in enumerate(v):
            yield from _dollar_keys(state, sub, f"{pointer}/{i}", area)


RULES = [
    jsonpath_field_in_jsonata_state, jsonata_field_in_jsonpath_state, invalid_jsonata,
    intrinsic_in_jsonata, jsonata_implicit_input, malformed_jsonata_delimiters,
    dollar_key_in_jsonata_state,
]


@hookimpl
def asllint_rules():
    return RULES
