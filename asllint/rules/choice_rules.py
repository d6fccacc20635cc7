"""Choice rule structure (ASL114-ASL116): each rule of a Choice state is exactly one data-test
(Variable and one comparison operator) or one boolean expression (And, Or, Not); nested rules
do not transition; Choices is not empty. The fields and JSON types of Choice rules (ASL101-ASL103)
are checked here too, by hand rather than from the schema.

`choice_state_problems` runs inside the shared schema pass of `asllint.rules.structure`
(`schema_problems`), which computes every finding once per machine; the ASL114 and ASL115 rules
are declared there, beside the other rules that select their codes from that pass, so this
module does not import the one that imports it."""

from __future__ import annotations

from asllint.asl import choice
from asllint.document import Problem, join_pointer
from asllint.hookspecs import hookimpl
from asllint.model import JSONATA
from asllint.rule import is_jsonata, rule
from asllint.asl.schema import _has_type, _unknown
from asllint.asl.wording import TYPE_WORDS, did_you_mean, type_word

# Operator -> operand type, and the combinators: the vocabulary's tables under local names.
OPERATORS = choice.OPERAND_TYPES
_BOOL_OPS = choice.BOOLEAN_OPERATORS


def _choice_rule(r: dict, ptr: str, ql: str, top: bool) -> list:
    out = []
    what = "A Choice rule" if top else "A nested Choice rule"
    if ql == JSONATA:
        allowed = {"Condition", "Next", "Comment", "Assign", "Output"}
        for key in r:
            if key not in allowed:
                if key == "Variable" or key in OPERATORS or key in _BOOL_OPS:
                    continue  # ASL211
                msg = f"Field '{key}' is not allowed in a Choice rule" + did_you_mean(key, allowed)
                out.append(("ASL102", Problem(msg, ptr + join_pointer(key), at="key")))
        jsonpath_rule = any(k == "Variable" or k in OPERATORS or k in _BOOL_OPS for k in r)
        for key in ("Condition", "Next"):
            if key not in r and not (key == "Condition" and jsonpath_rule):
                out.append(("ASL101", Problem(f"{what} is missing the required field '{key}'", ptr, at="key")))
        c = r.get("Condition")
        if "Condition" in r and not (isinstance(c, bool) or is_jsonata(c) or _unknown(c)):
            out.append(("ASL103", Problem(f"Condition must be a boolean or a JSONata expression {{% ... %}}, not {type_word(c, integer=True)}",
                                          ptr + join_pointer("Condition"))))
        out += _types(r, ptr, {"Next": "string", "Comment": "string", "Assign": "object"})
        return out
    allowed = {"Variable", "Comment", *OPERATORS, *_BOOL_OPS} | ({"Next", "Assign"} if top else set())
    unknown = False
    for key in r:
        if key in allowed:
            continue
        if key == "End" and top and "Next" not in r:
            out.append(("ASL102", Problem("Field 'End' is not allowed in a Choice rule: a Choice state cannot end the "
                                          "workflow; give the rule a Next naming a state (a Succeed state to end)",
                                          ptr + join_pointer(key), at="key")))
            unknown = True
            continue
        if key == "Next" and not top:
            out.append(("ASL115", Problem("A nested Choice rule (inside And, Or or Not) must not have Next: only top-level rules "
                                          "transition", ptr + join_pointer("Next"), at="key")))
            continue
        unknown = True
        if key in ("Condition", "Output"):
            if top:
                continue  # ASL212
            msg = f"Field '{key}' is not allowed in a nested Choice rule"
        elif key == "Assign":
            msg = "Field 'Assign' is not allowed in a nested Choice rule"
        else:
            msg = f"Field '{key}' is not allowed in a Choice rule" + did_you_mean(key, allowed)
        out.append(("ASL102", Problem(msg, ptr + join_pointer(key), at="key")))
    if top and "Next" not in r and "End" not in r:
        out.append(("ASL101", Problem(f"{what} is missing the required field 'Next'", ptr, at="key")))
    out += _types(r, ptr, {"Next": "string", "Comment": "string", "Assign": "object", "Variable": "string",
                           "And": "array", "Or": "array", "Not": "object", **OPERATORS})
    ops = [k for k in r if k in OPERATORS]
    bools = [k for k in r if k in _BOOL_OPS]
    if bools:
        if len(bools) > 1 or ops or "Variable" in r:
            others = [k for k in r if k in OPERATORS or k in _BOOL_OPS or k == "Variable"]
            out.append(("ASL114", Problem(f"{what} combines {', '.join(others)}: a rule is either one boolean expression "
                                          "(And, Or or Not) or one data-test (Variable and one comparison operator)",
                                          ptr, at="key")))
            return out
        b = bools[0]
        v = r[b]
        if b in ("And", "Or") and isinstance(v, list):
            if not v:
                out.append(("ASL114", Problem(f"{b} must hold at least one rule", ptr + join_pointer(b))))
            for i, sub in enumerate(v):
                if isinstance(sub, dict):
                    out += _choice_rule(sub, ptr + join_pointer(b, i), ql, top=False)
                elif not _unknown(sub):
                    out.append(("ASL103", Problem(f"{b}[{i}] must be an object, not {type_word(sub, integer=True)}",
                                                  ptr + join_pointer(b, i))))
        elif b == "Not" and isinstance(v, dict):
            out += _choice_rule(v, ptr + join_pointer(b), ql, top=False)
        return out
    if unknown and not ops:
        return out  # a misspelt operator was reported as ASL102
    if not ops:
        out.append(("ASL114", Problem(f"{what} has no comparison operator (such as StringEquals or IsPresent) and no And, "
                                      "Or or Not", ptr, at="key")))
    elif len(ops) > 1:
        out.append(("ASL114", Problem(f"{what} has {len(ops)} comparison operators ({', '.join(ops)}); a data-test "
                                      "has exactly one", ptr, at="key")))
    if ops and "Variable" not in r:
        out.append(("ASL114", Problem(f"{what} with {ops[0]} has no Variable to compare", ptr, at="key")))
    return out


def choice_state_problems(state, ql: str) -> list:
    """(code, Problem) for each rule of a Choice state's Choices, in the language `ql` it uses."""
    out: list = []
    if isinstance(state.data.get("Choices"), list):
        for i, r in enumerate(state.data["Choices"]):
            if isinstance(r, dict):
                out += _choice_rule(r, state.field_pointer("Choices", i), ql, top=True)
    return out


def _types(r: dict, ptr: str, types: dict) -> list:
    out = []
    for key, t in types.items():
        if key in r and not _unknown(r[key]) and not _has_type(r[key], t):
            out.append(("ASL103", Problem(f"{key} must be {TYPE_WORDS[t]}, not {type_word(r[key], integer=True)}",
                                          ptr + join_pointer(key))))
    return out


@rule("ASL116", "empty-choices", "error", "A Choice state whose Choices array is empty")
def empty_choices(machine, options):
    for state in machine.states_of_type("Choice"):
        if state.get("Choices") == []:
            yield Problem("Choices is empty; a Choice state needs at least one rule", state.field_pointer("Choices"))


@hookimpl
def asllint_rules():
    return [empty_choices]
