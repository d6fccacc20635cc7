"""Structure rules (ASL100-ASL149): the fields of each object, their JSON types, value ranges and
cross-field constraints.

The fields each state type allows or requires, per query language, and their JSON types are
declared in `asllint/schemas/asl.json` (a JSON Schema, the source of truth). It is applied here
by a small interpreter of the keywords it uses (`$ref`, `type`, `const`, `enum`, `anyOf`,
`pattern`, `properties`, `required`, `additionalProperties`, `items`): each state is checked
against the definition for its `Type` and effective query language, so every error names one
field of one state and there is no import of jsonschema at start-up. A `${...}` placeholder (or a
leftover CloudFormation intrinsic object) stands for any value.
The structure of Choice rules is `asllint.rules.choice_rules`, checked in this schema pass (its
ASL114 and ASL115 are declared here with the other codes of the pass; ASL116 is there)."""

from __future__ import annotations

import json

from asllint.asl import quotas
from asllint.document import Problem
from asllint.hookspecs import hookimpl
from asllint.model import EXPRESS, JSONATA, JSONPATH, STATE_TYPES
from asllint.rule import is_placeholder, per_machine, rule
from asllint.asl.resources import SYNC, WAIT, parse_resource
from asllint.asl.states import JSONATA_ONLY, JSONPATH_ONLY
from asllint.asl.schema import _unknown, defs, validate
from asllint.asl.wording import did_you_mean, type_word
from asllint.rules.choice_rules import choice_state_problems

ONE_YEAR = quotas.STANDARD_MAX_DURATION
EXPRESS_MAX = quotas.EXPRESS_MAX_DURATION
MAX_NAME = quotas.NAME_MAX_CHARS


# -- turning schema errors into findings ------------------------------------------------------

# Types reported with their value ranges by other families (ASL406 retrier fields, ASL506 Map numbers).
_TYPE_ELSEWHERE_RETRY = ("IntervalSeconds", "MaxAttempts", "MaxDelaySeconds", "BackoffRate", "JitterStrategy")
_TYPE_ELSEWHERE_MAP = ("MaxConcurrency", "ToleratedFailurePercentage", "ToleratedFailureCount")


def _other_language_field(key: str, parent: list, kind_of_def) -> bool:
    """Fields of one query language in a state of the other are reported by ASL211/ASL212
    (data-flow family), not as ASL102: one defect, one code."""
    if not kind_of_def:
        return False
    ql = kind_of_def[1]
    if not parent:
        return key in (JSONPATH_ONLY if ql == JSONATA else JSONATA_ONLY)
    if len(parent) == 2 and parent[0] == "Catch":
        return key == ("ResultPath" if ql == JSONATA else "Output")
    return False


def _type_elsewhere(rel: list, kind_of_def) -> bool:
    if len(rel) == 3 and rel[0] == "Retry" and rel[2] in _TYPE_ELSEWHERE_RETRY:
        return True
    return bool(kind_of_def) and kind_of_def[0] == "Map" and len(rel) == 1 and rel[0] in _TYPE_ELSEWHERE_MAP


_KNOWN: set = set()


def _known_fields() -> set:
    """Every field name the schema's leaf definitions know (state types, scopes, retriers, catchers)."""
    if not _KNOWN:
        for d in defs().values():
            if d.get("additionalProperties") is False:
                _KNOWN.update(d.get("properties", {}))
    return _KNOWN


def _readable(rel: list[str]) -> str:
    out = ""
    for p in rel:
        out += f"[{p}]" if p.isdigit() else (("." if out else "") + p)
    return out


def _what(rel: list[str], owner: str) -> str:
    """Name of the object at a relative pointer: 'a Task state', 'a catcher', 'the state machine'."""
    if len(rel) >= 2 and rel[-2] == "Retry" and rel[-1].isdigit():
        return "a retrier (Retry entry)"
    if len(rel) >= 2 and rel[-2] == "Catch" and rel[-1].isdigit():
        return "a catcher (Catch entry)"
    return owner


def _convert(errs, base: str, owner: str, kind_of_def: tuple | None, root) -> list:
    """(code, Problem) for schema errors found under `base` (the validated object's pointer)."""
    from asllint.document import split_pointer

    out = []
    for kind, ptr, detail in errs:
        rel = split_pointer(ptr[len(base):]) if ptr != base else []
        if kind == "required":
            what = _what(rel, owner)
            out.append(("ASL101", Problem(f"{what[0].upper() + what[1:]} is missing the required field '{detail}'",
                                          ptr, at="key" if ptr else "value")))
        elif kind == "additional":
            key, parent = rel[-1], rel[:-1]
            what = _what(parent, owner)
            if key == "QueryLanguage":
                out.append(("ASL117", Problem(f"QueryLanguage is not allowed in {what}; set it at the top level of the "
                                              "definition or on a state", ptr, at="key")))
                continue
            if _other_language_field(key, parent, kind_of_def):
                continue  # ASL211 / ASL212 (data-flow family) report fields of the other query language
            other = JSONATA if kind_of_def and kind_of_def[1] == JSONPATH else JSONPATH
            if kind_of_def and not parent and key in defs()[f"{kind_of_def[0]}.{other}"]["properties"]:
                msg = f"Field '{key}' is a {other} field, not allowed in a state that uses {kind_of_def[1]}"
            elif key in _known_fields():
                msg = f"Field '{key}' is not allowed in {what}"
            else:
                # The closest of every field the schema knows, the ones allowed here first
                # on a tie: 'Resouce' in a Pass state means Resource, not Result.
                hint = did_you_mean(key, [*detail, *sorted(_known_fields())])
                msg = f"Unknown field '{key}'{hint} in {what}"
            out.append(("ASL102", Problem(msg, ptr, at="key")))
        elif kind == "type":
            if _type_elsewhere(rel, kind_of_def):
                continue
            field = _readable(rel) if rel else None
            expected = " or ".join(detail)
            v = _value_at(root, ptr)
            if field is None:
                msg = f"{owner[0].upper() + owner[1:]} must be {expected}, not {type_word(v, integer=True)}"
            else:
                msg = f"{field} must be {expected}, not {type_word(v, integer=True)}"
            out.append(("ASL103", Problem(msg, ptr)))
        elif kind == "enum":
            field = rel[-1] if rel else "value"
            v = _value_at(root, ptr)
            opts = " or ".join(f"'{x}'" for x in detail)
            hint = did_you_mean(v, detail) if isinstance(v, str) else ""
            out.append(("ASL112", Problem(f"{field} must be {opts}, not {json.dumps(v)}{hint}", ptr)))
    return out


def _value_at(root, ptr: str):
    from asllint.document import split_pointer

    v = root
    for p in split_pointer(ptr):
        if isinstance(v, dict):
            v = v.get(p)
        elif isinstance(v, list):
            v = v[int(p)]
    return v


def _scope_owner(scope) -> str:
    if scope.kind == "machine":
        return "the state machine"
    if scope.kind == "branch":
        return f"a branch of Parallel state '{scope.parent.name}'"
    return f"the item processor of Map state '{scope.parent.name}'"


@per_machine
def schema_problems(machine) -> list:
    """Every (code, Problem) from the schema and the Choice rule structure, computed once per machine."""
    out: list = []
    d = defs()
    for scope in machine.scopes:
        if _unknown(scope.data) or (scope.kind != "machine" and not isinstance(scope.data, dict)):
            continue  # a branch or processor that is not an object: the owning state's type check says so
        errs: list = []
        validate(scope.data, d[scope.kind], scope.pointer, errs)
        out += _convert(errs, scope.pointer, _scope_owner(scope), None, machine.definition)
    misplaced_language = None
    top = machine.definition if isinstance(machine.definition, dict) else {}
    if top.get("QueryLanguage") is None and isinstance(top.get("States"), dict):
        v = top["States"].get("QueryLanguage")
        misplaced_language = v if v in (JSONPATH, JSONATA) else None
    for state in machine.states():
        if _unknown(state.data):
            continue
        if state.name == "QueryLanguage" and isinstance(state.data, str):
            out.append(("ASL117", Problem("QueryLanguage is inside States, where it reads as a state named "
                                          "'QueryLanguage'; move it to the top level of the definition",
                                          state.pointer, at="key")))
            continue
        if not isinstance(state.data, dict):
            out.append(("ASL103", Problem(f"State '{state.name}' must be an object, not {type_word(state.data, integer=True)}",
                                          state.pointer)))
            continue
        t = state.data.get("Type")
        if "Type" not in state.data:
            out.append(("ASL101", Problem(f"State '{state.name}' is missing the required field 'Type'", state.pointer, at="key")))
            continue
        if _unknown(t):
            continue
        if not isinstance(t, str):
            out.append(("ASL103", Problem(f"Type must be a string, not {type_word(t, integer=True)}", state.field_pointer("Type"))))
            continue
        if t not in STATE_TYPES:
            continue  # ASL104
        ql = state.query_language
        if misplaced_language and state.get("QueryLanguage") not in (JSONPATH, JSONATA):
            ql = misplaced_language  # what the author meant; ASL117 reports where it is
        errs = []
        validate(state.data, d[f"{t}.{ql}"], state.pointer, errs)
        out += _convert(errs, state.pointer, f"a {t} state", (t, ql), machine.definition)
        if t == "Wait" and not any(f in state.data for f in _WAIT_FIELDS):
            fields = "Seconds or Timestamp" if ql == JSONATA else "Seconds, Timestamp, SecondsPath or TimestampPath"
            out.append(("ASL101", Problem(f"A Wait state is missing its duration: it needs one of {fields}",
                                          state.pointer, at="key")))
        if t == "Choice":
            out += choice_state_problems(state, ql)
    return out


def _by_code(code):
    def check(machine, options):
        for c, p in schema_problems(machine):
            if c == code:
                yield p
    return check


missing_required_field = rule("ASL101", "missing-required-field", "error",
                              "A state, Choice rule, retrier, catcher or States scope lacks a field it requires")(_by_code("ASL101"))
field_not_allowed = rule("ASL102", "field-not-allowed", "error",
                         "A field the object's type or query language does not allow, or an unknown (misspelt) field")(_by_code("ASL102"))
invalid_field_type = rule("ASL103", "invalid-field-type", "error",
                          "A field whose value has the wrong JSON type")(_by_code("ASL103"))
invalid_query_language = rule("ASL112", "invalid-query-language", "error",
                              "QueryLanguage is neither \"JSONPath\" nor \"JSONata\"")(_by_code("ASL112"))
misplaced_query_language = rule("ASL117", "misplaced-query-language", "error",
                                "QueryLanguage set where it is not a field: inside States, a branch, a processor, a retrier or a catcher")(_by_code("ASL117"))
invalid_choice_rule = rule("ASL114", "invalid-choice-rule", "error",
                           "A Choice rule that is not exactly one data-test or one boolean expression")(_by_code("ASL114"))
nested_choice_rule_with_next = rule("ASL115", "nested-choice-rule-with-next", "error",
                                    "A Choice rule inside And, Or or Not has a Next field")(_by_code("ASL115"))


# -- hand-written rules -------------------------------------------------------------------


@rule("ASL104", "unknown-state-type", "error", "A state whose Type is not one of the eight state types")
def unknown_state_type(machine, options):
    for state in machine.states():
        t = state.get("Type")
        if isinstance(t, str) and t not in STATE_TYPES and not _unknown(t):
            yield Problem(f"Unknown state type '{t}'{did_you_mean(t, STATE_TYPES)} (the types are "
                          f"{', '.join(STATE_TYPES)})", state.field_pointer("Type"))


_EXCLUSIVE = (("Error", "ErrorPath"), ("Cause", "CausePath"), ("TimeoutSeconds", "TimeoutSecondsPath"),
              ("HeartbeatSeconds", "HeartbeatSecondsPath"))   # Map's pairs are ASL505
_WAIT_FIELDS = ("Seconds", "Timestamp", "SecondsPath", "TimestampPath")


@rule("ASL105", "mutually-exclusive-fields", "error",
      "A state sets both a field and its Path form, or more than one of the Wait duration fields")
def mutually_exclusive_fields(machine, options):
    for state in machine.states():
        d = state.data
        if not isinstance(d, dict) or state.type not in STATE_TYPES:
            continue
        for a, b in _EXCLUSIVE:
            if a in d and b in d:
                yield Problem(f"{state.type} state sets both {a} and {b}; use one of them", state.field_pointer(b), at="key")
        if state.type == "Wait":
            present = [f for f in _WAIT_FIELDS if f in d]
            if len(present) > 1:
                yield Problem(f"Wait state sets {' and '.join(present)}; it must have exactly one of "
                              f"{', '.join(_WAIT_FIELDS)}", state.field_pointer(present[1]), at="key")


@rule("ASL106", "state-name-too-long", "error", "A state name longer than 80 characters")
def state_name_too_long(machine, options):
    for state in machine.states():
        if len(state.name) > MAX_NAME and not is_placeholder(state.name):
            yield Problem(f"State name is {len(state.name)} characters long; state names are limited to {MAX_NAME}",
                          state.pointer, at="key")


def _fmt(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _int(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return None


@rule("ASL107", "timeout-not-positive", "error", "TimeoutSeconds or HeartbeatSeconds is zero or negative")
def timeout_not_positive(machine, options):
    top = machine.definition if isinstance(machine.definition, dict) else {}
    v = _int(top.get("TimeoutSeconds"))
    if v is not None and v <= 0:
        yield Problem(f"The state machine's TimeoutSeconds must be a positive integer, not {v}", "/TimeoutSeconds")
    for state in machine.states_of_type("Task"):
        for f in ("TimeoutSeconds", "HeartbeatSeconds"):
            v = _int(state.get(f))
            if v is not None and v <= 0:
                yield Problem(f"{f} must be a positive integer, not {v}", state.field_pointer(f))


@rule("ASL108", "heartbeat-not-below-timeout", "error", "HeartbeatSeconds is not smaller than TimeoutSeconds")
def heartbeat_not_below_timeout(machine, options):
    for state in machine.states_of_type("Task"):
        hb, to = _int(state.get("HeartbeatSeconds")), _int(state.get("TimeoutSeconds"))
        if hb is not None and to is not None and 0 < to <= hb:
            yield Problem(f"HeartbeatSeconds ({hb}) must be smaller than TimeoutSeconds ({to})",
                          state.field_pointer("HeartbeatSeconds"))


@rule("ASL109", "wait-seconds-negative", "error", "A Wait state's Seconds is negative")
def wait_seconds_negative(machine, options):
    for state in machine.states_of_type("Wait"):
        v = state.get("Seconds")
        if isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
            yield Problem(f"Wait Seconds must not be negative ({_fmt(v)}); every execution reaching it fails",
                          state.field_pointer("Seconds"))


def _who(scope) -> str:
    if scope.distributed_map is not None:
        return f"the EXPRESS child workflows of distributed Map '{scope.distributed_map.name}'"
    return "an EXPRESS state machine"


@rule("ASL110", "wait-exceeds-execution-limit", "error",
      "A Wait longer than the longest execution allowed (1 year; 5 minutes for EXPRESS)")
def wait_exceeds_execution_limit(machine, options):
    for state in machine.states_of_type("Wait"):
        v = state.get("Seconds")
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            continue
        if state.scope.execution_type == EXPRESS:
            if v > EXPRESS_MAX:
                yield Problem(f"Wait of {_fmt(v)} seconds in {_who(state.scope)}, whose executions last at most "
                              f"{EXPRESS_MAX} seconds: every execution reaching it times out", state.field_pointer("Seconds"))
        elif v > ONE_YEAR:
            yield Problem(f"Wait of {_fmt(v)} seconds is longer than one year ({ONE_YEAR}), the longest a standard execution "
                          "may run: every execution reaching it times out", state.field_pointer("Seconds"))


@rule("ASL111", "jsonpath-state-in-jsonata-machine", "error",
      "A state sets QueryLanguage JSONPath inside a machine whose QueryLanguage is JSONata")
def jsonpath_state_in_jsonata_machine(machine, options):
    if machine.query_language != JSONATA:
        return
    for state in machine.states():
        if state.get("QueryLanguage") == JSONPATH and state.scope.distributed_map is None:
            yield Problem("QueryLanguage JSONPath is not allowed in a state machine whose QueryLanguage is JSONata; "
                          "set JSONPath at the top level and JSONata on the states that use it instead",
                          state.field_pointer("QueryLanguage"))


@rule("ASL113", "express-unsupported-integration-pattern", "error",
      "An EXPRESS workflow uses the .sync or .waitForTaskToken integration pattern")
def express_unsupported_integration_pattern(machine, options):
    for state in machine.states_of_type("Task"):
        res = parse_resource(state.get("Resource"))
        if not res.integration or res.is_putevents:
            continue  # putEvents: the EventBridge pack reports it
        if not (res.pattern == WAIT or res.pattern == SYNC or res.pattern.startswith(SYNC + ":")):
            continue
        if state.scope.execution_type != EXPRESS:
            continue
        pattern = res.pattern.split(":")[0]
        yield Problem(f"{pattern} is not supported in {_who(state.scope)} (Express workflows support only "
                      "Request Response integrations); AWS rejects the definition", state.field_pointer("Resource"))


@hookimpl
def asllint_rules():
    return [missing_required_field, field_not_allowed, invalid_field_type, unknown_state_type,
            mutually_exclusive_fields, state_name_too_long, timeout_not_positive, heartbeat_not_below_timeout,
            wait_seconds_negative, wait_exceeds_execution_limit, jsonpath_state_in_jsonata_machine,
            invalid_query_language, express_unsupported_integration_pattern, misplaced_query_language,
            invalid_choice_rule, nested_choice_rule_with_next]
