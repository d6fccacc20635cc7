"""Variable rules (ASL250-ASL253): names, scopes and the reaching-definitions walk."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys

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
                           "that reaches this field fails. Assign 'q' in an earlier state (or in an enclosing scope "
                           "before the Parallel/Map state).")


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
    """Pass and Choice states with random edges, each edge assigning and each Pass reading a
    random subset of NAMES: cycles, joins, unreachable states and self-loops all occur."""
    count = rng.randint(1, 7)
    names = [f"S{i}" for i in range(count)]

    def some():
        return rng.sample(NAMES, rng.randint(0, 2))

    states = {}
    for name in names:
        assign = {n: 1 for n in some()}
        if rng.random() < 0.3:
            rules = [{"Variable": "$.x", "IsPresent": True, "Assign": {n: 1 for n in some()},
                      "Next": rng.choice(names)} for _ in range(rng.randint(1, 2))]
            states[name] = {"Type": "Choice", "Choices": rules, "Default": rng.choice(names), "Assign": assign}
        else:
            end = rng.random() < 0.2
            states[name] = {"Type": "Pass", "Parameters": {f"{n}.$": f"${n}" for n in some()},
                            "Assign": assign, **({"End": True} if end else {"Next": rng.choice(names)})}
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
    return {(name, key[:-len(".$")]) for name, names in entry.items()
            for key in d["States"][name].get("Parameters", {}) if key[:-len(".$")] not in names}


def test_reaching_definitions_match_the_plain_fixpoint(lint):
    # The condensed analysis must give exactly the findings of the simple set-per-state walk it
    # replaced (kept above as the oracle), on graphs with every shape of cycle and join.
    rng = random.Random(252)
    for _ in range(300):
        d = _random_machine(rng)
        found = lint(d, "ASL252")
        got = {re.match(r"\$(\w+) is read here, but no path from StartAt to state '(\w+)'", f.message).group(2, 1)
               for f in found}
        assert got == _undefined_reads(d), json.dumps(d)
        assert len(found) == len(got), json.dumps(d)  # one finding per read field


RING_SCRIPT = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
count = 10_000
states = {f"S{i}": {"Type": "Pass", "Assign": {f"v{i}": i}, "Parameters": {"prev.$": f"$v{(i - 1) % count}"},
                    "Next": f"S{(i + 1) % count}"} for i in range(count)}
states["S0"]["Parameters"]["never.$"] = "$never"
with open(sys.argv[1], "w") as f:
    json.dump({"StartAt": "S0", "States": states}, f, indent=1)
from asllint.cli import main
sys.exit(main(["check", "--no-cache", "--no-confirm", "--select", "ASL25", sys.argv[1]]))
"""


def test_ring_of_ten_thousand_assignments_lints_in_one_gib(tmp_path):
    # Issue 12, class 3: a set of names per state took 2.9 GB for 5,000 states and MemoryError for
    # 10,000. In the ring every variable read is maybe defined (the ring assigns it before coming
    # back), except $never; 1 GiB of address space is ample for a linear analysis.
    path = tmp_path / "ring.asl.json"
    r = subprocess.run([sys.executable, "-c", RING_SCRIPT, str(path)], capture_output=True, text=True,
                       timeout=120)
    assert r.stderr == ""
    assert r.stdout.splitlines() == [
        f"{path}:11:16: ASL252 $never is read here, but no path from StartAt to state 'S0' assigns it, so every "
        "execution that reaches this field fails. Assign 'never' in an earlier state (or in an enclosing scope "
        "before the Parallel/Map state).",
        "Found 1 finding (1 warning) in 1 file, 1 state machine."]
    assert r.returncode == 1
