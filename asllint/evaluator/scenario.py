"""Scenarios that reach one state: a focused definition, a synthesized input, a fallback mock.

Confirmation simulates the state a finding is about, not the whole workflow before it: the
definition is cut down to that state and the Parallel/Map states around it (each scope starts
where the path to the state goes, Parallel keeps only the branch holding it, Map runs one item),
and what follows the state ends the execution at once, in one of two marker states, so the
result says whether the state's outcome escaped or was handled. The input holds a plausible
value at every input path the state reads; every variable it reads is set by a first Pass
state. Each of these is an assumption the confirmation summary reports."""

from __future__ import annotations

import copy
import re

DONE = "asllint:completed"
CAUGHT = "asllint:caught"
SETUP = "asllint:setup"
ITEMS = "asllintItems"

_INPUT_PATH = re.compile(r"^\$((?:\.[A-Za-z_][\w-]*|\['[^']+'\])+)")
_JSONATA_INPUT = re.compile(r"\$states\.input((?:\.[A-Za-z_]\w*)+)")
_VAR = re.compile(r"(?<![\w$])\$([A-Za-z_]\w*)")


class Scenario:
    def __init__(self, definition: dict, input_value, assumptions: list[str]):
        self.definition = definition
        self.input = input_value
        self.assumptions = assumptions


def _segments(path_tail: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in re.finditer(r"\.([A-Za-z_][\w-]*)|\['([^']+)'\]", path_tail)]


def _nothing_known(key: str):
    """The plausible value of a field no scenario knows more about."""
    return {"simulated": True}


def _put(doc: dict, segments: list[str], value) -> None:
    for seg in segments[:-1]:
        nxt = doc.get(seg)
        if not isinstance(nxt, dict):
            nxt = doc[seg] = {}
        doc = nxt
    if segments and segments[-1] not in doc:
        doc[segments[-1]] = value


def synthesize_input(state_data: dict, plausible=_nothing_known) -> dict:
    """An input with a plausible value at every input path the state reads; `plausible(key)` is
    the value for a path ending in `key` (a service's scenario knows its request's fields)."""
    doc: dict = {}
    base: list[str] = []
    input_path = state_data.get("InputPath")
    if isinstance(input_path, str):
        m = _INPUT_PATH.match(input_path)
        base = _segments(m.group(1)) if m else []

    def walk(value, key: str):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            name = key[:-2] if key.endswith(".$") else key
            if key.endswith(".$"):
                for path in re.findall(r"(?<![\w$])\$(?:\.[A-Za-z_][\w-]*|\['[^']+'\])+", value):
                    segs = _segments(path[1:])
                    if segs:
                        _put(doc, base + segs, plausible(name if path == value else segs[-1]))
            for m in _JSONATA_INPUT.finditer(value):
                segs = _segments(m.group(1))
                _put(doc, segs, plausible(name if value.strip("{}% ").endswith(m.group(0)) else segs[-1]))

    for field in ("Parameters", "Arguments", "ItemSelector", "Items", "ItemsPath", "Credentials"):
        if field in state_data:
            walk(state_data[field], field)
    if base and not _get(doc, base):
        _put(doc, base, {})
    return doc


def _get(doc, segments):
    for seg in segments:
        if not isinstance(doc, dict) or seg not in doc:
            return None
        doc = doc[seg]
    return doc


def variables_read(state_data) -> set[str]:
    """Variables the state reads: `$name` in JSONPath values, free variables of JSONata ones
    (never a JSONata function such as `$string`, which a variable of that name would hide)."""
    from asllint.jsonata.expr import expression_of, free_variables, is_jsonata_string

    names: set[str] = set()

    def walk(v):
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            if is_jsonata_string(v):
                try:
                    names.update(free_variables(expression_of(v)))
                except Exception:  # noqa: BLE001 - a bad expression is another rule's finding
                    pass
            elif "$" in v:
                names.update(_VAR.findall(v))

    walk(state_data)
    return names - {"states"}


_DROP_AFTER = ("ResultSelector", "ResultPath", "OutputPath", "Output", "Assign")


def focus(machine, state, *, keep_successors: bool = False, plausible=_nothing_known) -> Scenario:
    """A definition that runs `state` first (inside its Parallel/Map states, if any)."""
    definition = copy.deepcopy(machine.definition)
    assumptions: list[str] = []
    chain = [state, *state.scope.ancestors()]          # innermost first
    item_input = synthesize_input(state.data, plausible)
    if item_input:
        assumptions.append(f"the input of state {state.name!r} holds a plausible value at every path it reads")
    # Walk from the top down, rewriting each scope on the way to the state.
    scope_data = definition
    for depth, member in enumerate(reversed(chain)):
        scope_data["StartAt"] = member.name
        states = scope_data["States"]
        node = states[member.name]
        is_target = member is state
        if not keep_successors or not is_target:
            marker_done = {"Type": "Succeed"}
            states.setdefault(DONE, marker_done)
            states.setdefault(CAUGHT, {"Type": "Succeed"})
            if "Next" in node:
                node["Next"] = DONE
            for catcher in node.get("Catch") or []:
                if isinstance(catcher, dict):
                    catcher["Next"] = CAUGHT
                    for k in ("Assign", "Output", "ResultPath"):
                        catcher.pop(k, None)
            if not is_target:
                for k in _DROP_AFTER + ("InputPath", "Parameters", "Arguments"):
                    node.pop(k, None)
            else:
                for k in _DROP_AFTER:
                    node.pop(k, None)
        if is_target:
            break
        inner = chain[len(chain) - 2 - depth]
        if member.type == "Parallel":
            branches = node.get("Branches") or []
            kept = next(b for b in branches if isinstance(b, dict) and inner.name in (b.get("States") or {}))
            node["Branches"] = [kept]
            scope_data = kept
        else:  # Map: one item, the synthesized input of what runs inside
            for k in ("ItemsPath", "Items", "ItemSelector", "ItemReader", "ItemBatcher", "ResultWriter",
                      "ToleratedFailureCount", "ToleratedFailurePercentage", "MaxConcurrencyPath"):
                node.pop(k, None)
            if member.query_language == "JSONata":
                node["Items"] = "{% $states.input." + ITEMS + " %}"
            else:
                node["ItemsPath"] = "$." + ITEMS
            key = "ItemProcessor" if "ItemProcessor" in node else "Iterator"
            proc = node[key]
            if isinstance(proc.get("ProcessorConfig"), dict):
                proc["ProcessorConfig"] = {"Mode": "INLINE"}
            scope_data = proc
            assumptions.append(f"Map state {member.name!r} runs one item")
    # Build the execution input from the inside out.
    value = item_input
    for member in chain[1:]:
        if member.type == "Map":
            value = {ITEMS: [value]}
    names = variables_read(state.data)
    if names:
        top = definition["StartAt"]
        definition["States"][SETUP] = {"Type": "Pass", "Assign": {n: {"simulated": True} for n in sorted(names)},
                                       "Next": top}
        definition["StartAt"] = SETUP
        assumptions.append("variables " + ", ".join(f"${n}" for n in sorted(names)) + " hold plausible values")
    if chain[-1] is not state or machine.top.start_at != state.name:
        assumptions.append(f"the execution reaches state {state.name!r} (the simulation starts there)")
    return Scenario(definition, value, assumptions)
