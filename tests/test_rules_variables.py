"""Variable rules (ASL250-ASL253): names, scopes and the reaching-definitions walk."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys

import pytest

def codes(findings):
    return [f[0] for f in findings]


def test_names(lint):
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {
        "ok.$": "$.x", "_ok": 1, "é": 2, "a-b": 3, "states": 4, "x" * 81: 5}, "End": True}}}
    found = [(c, line, col, msg.split(";")[0]) for c, line, col, msg in lint(d, "ASL25")]
    assert found == [
        ("ASL253", 10, 9, "The variable name 'a-b' contains '-'"),
        ("ASL250", 11, 9, "'states' is reserved for $states (input, result, context...) and cannot be assigned"),
        ("ASL250", 12, 9, "The variable name is 81 characters long"),
    ]


def test_undefined_and_maybe_defined(lint):
    d = {"StartAt": "A", "States": {
        "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": True, "Assign": {"r": 1}, "Next": "B"}],
              "Default": "B"},
        "B": {"Type": "Pass", "Parameters": {"r.$": "$r", "q.$": "States.Format('{}', $q)"}, "Next": "C"},
        "C": {"Type": "Pass", "Parameters": {"s.$": "$self"}, "Assign": {"self": 1}, "Next": "D"},
        "D": {"Type": "Pass", "Parameters": {"s.$": "$self"}, "End": True}}}
    found = lint(d, "ASL25")
    assert [(f[0], f[1], f[2]) for f in found] == [("ASL252", 22, 16), ("ASL252", 29, 16)]
    assert found[0][3] == ("$q is read here, but no path from StartAt to state 'B' assigns it, so every execution "
                           "that reaches this field fails: assign 'q' in an earlier state (or in an enclosing scope "
                           "before the Parallel/Map state)")


def test_loop_makes_variable_maybe_defined(lint):
    d = {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"n.$": "$n"}, "Next": "B"},
        "B": {"Type": "Pass", "Assign": {"n": 1}, "Next": "A"}}}
    assert lint(d, "ASL25") == []


def test_catch_edge_and_scopes(lint):
    d = {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Assign": {"ok": 1},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err.$": "$.Cause"}, "Next": "F"}], "Next": "M"},
        "M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {
            "I": {"Type": "Pass", "Parameters": {"ok.$": "$ok", "err.$": "$err"}, "Assign": {"ok": 2, "inner": 1},
                  "End": True}}},
              "Next": "After"},
        "After": {"Type": "Pass", "Parameters": {"i.$": "$inner"}, "End": True},
        "F": {"Type": "Fail", "CausePath": "$err"}}}
    assert codes(lint(d, "ASL25")) == ["ASL252", "ASL251", "ASL252"]


def test_jsonata_free_variables(lint):
    d = {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": "{% 1 %}"}, "Next": "B"},
        "B": {"Type": "Pass", "Output": {"a": "{% $x + $sum([1]) %}", "b": "{% ($l := 2; $l * $y) %}",
                                         "c": "{% $map([1], function($v) { $v }) %}"}, "End": True}}}
    found = lint(d, "ASL25")
    assert codes(found) == ["ASL252"] and found[0][3].startswith("$y is read here")


def test_unreachable_state_not_checked(lint):
    d = {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "End": True},
        "Orphan": {"Type": "Pass", "Parameters": {"x.$": "$nothing"}, "End": True}}}
    assert lint(d, "ASL25") == []


NAMES = "abcd"


def _random_machine(rng: random.Random) -> dict:
    """Pass, Choice and Parallel states with random edges, each edge assigning and each Pass
    reading a random subset of NAMES: cycles, joins, unreachable states, self-loops, and
    branches that read what is maybe defined on entry to their Parallel state all occur."""
    count = rng.randint(1, 7)
    names = [f"S{i}" for i in range(count)]

    def some():
        return rng.sample(NAMES, rng.randint(0, 2))

    def reads():
        return {f"{n}.$": f"${n}" for n in some()}

    def onward():
        return {"End": True} if rng.random() < 0.2 else {"Next": rng.choice(names)}

    states = {}
    for name in names:
        assign = {n: 1 for n in some()}
        kind = rng.random()
        if kind < 0.3:
            rules = [{"Variable": "$.x", "IsPresent": True, "Assign": {n: 1 for n in some()},
                      "Next": rng.choice(names)} for _ in range(rng.randint(1, 2))]
            states[name] = {"Type": "Choice", "Choices": rules, "Default": rng.choice(names), "Assign": assign}
        elif kind < 0.45:
            branch = {"StartAt": f"In{name}", "States": {
                f"In{name}": {"Type": "Pass", "Parameters": reads(), "End": True}}}
            states[name] = {"Type": "Parallel", "Branches": [branch], "Assign": assign, **onward()}
        else:
            states[name] = {"Type": "Pass", "Parameters": reads(), "Assign": assign, **onward()}
    return {"StartAt": "S0", "States": states}


def _undefined_reads(d: dict) -> set:
    """The ASL252 findings by the plain fixpoint (a set of names per state), as (state, name)."""
    def edges(state):
        top = set(state.get("Assign", {}))
        for r in state.get("Choices", []):
            yield r["Next"], set(r["Assign"])
        if "Default" in state:
            yield state["Default"], top
        if "Next" in state:
            yield state["Next"], top

    entry = {"S0": set()}
    work = ["S0"]
    while work:
        name = work.pop()
        for target, names in edges(d["States"][name]):
            new = entry[name] | names
            if target not in entry or not new <= entry[target]:
                entry[target] = entry.get(target, set()) | new
                work.append(target)
    read_at = {}  # state name -> (its Parameters, what is maybe defined on entry)
    for name, names in entry.items():
        state = d["States"][name]
        read_at[name] = (state.get("Parameters", {}), names)
        for branch in state.get("Branches", []):
            (inner, inner_state), = branch["States"].items()
            read_at[inner] = (inner_state["Parameters"], names)
    return {(name, key[:-len(".$")]) for name, (params, names) in read_at.items()
            for key in params if key[:-len(".$")] not in names}


def test_reaching_definitions_match_the_plain_fixpoint(lint):
    # The condensed analysis must give exactly the findings of the simple set-per-state walk it
    # replaced (kept above as the oracle), on graphs with every shape of cycle and join.
    rng = random.Random(252)
    scopes = 0  # machines where a branch reads an undefined variable
    for _ in range(300):
        d = _random_machine(rng)
        found = lint(d, "ASL252")
        got = {re.match(r"\$(\w+) is read here, but no path from StartAt to state '(\w+)'", f.message).group(2, 1)
               for f in found}
        scopes += "Parallel" in json.dumps(d) and any(state.startswith("In") for state, _ in got)
        assert got == _undefined_reads(d), json.dumps(d)
        assert len(found) == len(got), json.dumps(d)  # one finding per read field
    assert scopes  # the inner-scope case was exercised


BIG_MACHINE_SCRIPT = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
path, shape = sys.argv[1], sys.argv[2]
count = 10_000
states = {f"S{i}": {"Type": "Pass", "Assign": {f"v{i}": i}, "Parameters": {"prev.$": f"$v{(i - 1) % count}"},
                    "Next": f"S{(i + 1) % count}"} for i in range(count)}
states["S0"]["Parameters"] = {"never.$": "$never"}
if shape == "chain":
    del states[f"S{count - 1}"]["Next"]
    states[f"S{count - 1}"]["End"] = True
with open(path, "w") as f:
    json.dump({"StartAt": "S0", "States": states}, f, indent=1)
from asllint.cli import main
sys.exit(main(["check", "--no-cache", "--no-confirm", "--select", "ASL25", path]))
"""


@pytest.mark.parametrize("shape", ["ring", "chain"])
def test_ten_thousand_assignments_lint_in_one_gib(tmp_path, shape):
    # Issue 12, class 3: a set of names per state took 2.9 GB for a ring of 5,000 states and
    # MemoryError for 10,000; a chain keeps 5,000 names per state on average. Every state reads
    # the variable its predecessor assigns, which is maybe defined; only $never is not.
    path = tmp_path / f"{shape}.asl.json"
    r = subprocess.run([sys.executable, "-c", BIG_MACHINE_SCRIPT, str(path), shape], capture_output=True,
                       text=True, timeout=120)
    assert r.stderr == ""
    assert r.stdout.splitlines() == [
        f"{path}:10:16: ASL252 $never is read here, but no path from StartAt to state 'S0' assigns it, so every "
        "execution that reaches this field fails: assign 'never' in an earlier state (or in an enclosing scope "
        "before the Parallel/Map state)",
        "Found 1 finding (1 warning) in 1 file, 1 state machine."]
    assert r.returncode == 1
