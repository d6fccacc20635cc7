"""Variable rules (ASL250-ASL253): names, scopes and the reaching-definitions walk."""

from __future__ import annotations

import json

from asllint.engine import Linter, Options


def lint(tmp_path, definition, select=("ASL25",)):
    path = tmp_path / "m.asl.json"
    path.write_text(json.dumps(definition, indent=2), encoding="utf-8")
    report = Linter(Options(select=list(select), confirm=False)).lint_paths([str(path)])
    return [(f.code, f.location.span.start.line, f.location.span.start.column, f.message) for f in report.findings]


def codes(findings):
    return [f[0] for f in findings]


def test_names(tmp_path):
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {
        "ok.$": "$.x", "_ok": 1, "é": 2, "a-b": 3, "states": 4, "x" * 81: 5}, "End": True}}}
    found = [(c, line, col, msg.split(";")[0]) for c, line, col, msg in lint(tmp_path, d)]
    assert found == [
        ("ASL253", 10, 9, "The variable name 'a-b' contains '-'"),
        ("ASL250", 11, 9, "'states' is reserved for $states (input, result, context...) and cannot be assigned"),
        ("ASL250", 12, 9, "The variable name is 81 characters long"),
    ]


def test_undefined_and_maybe_defined(tmp_path):
    d = {"StartAt": "A", "States": {
        "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": True, "Assign": {"r": 1}, "Next": "B"}],
              "Default": "B"},
        "B": {"Type": "Pass", "Parameters": {"r.$": "$r", "q.$": "States.Format('{}', $q)"}, "Next": "C"},
        "C": {"Type": "Pass", "Parameters": {"s.$": "$self"}, "Assign": {"self": 1}, "Next": "D"},
        "D": {"Type": "Pass", "Parameters": {"s.$": "$self"}, "End": True}}}
    found = lint(tmp_path, d)
    assert [(f[0], f[1], f[2]) for f in found] == [("ASL252", 22, 16), ("ASL252", 29, 16)]
    assert found[0][3] == ("$q is read here, but no path from StartAt to state 'B' assigns it, so every execution "
                           "that reaches this field fails: assign 'q' in an earlier state (or in an enclosing scope "
                           "before the Parallel/Map state)")


def test_loop_makes_variable_maybe_defined(tmp_path):
    d = {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"n.$": "$n"}, "Next": "B"},
        "B": {"Type": "Pass", "Assign": {"n": 1}, "Next": "A"}}}
    assert lint(tmp_path, d) == []


def test_catch_edge_and_scopes(tmp_path):
    d = {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Assign": {"ok": 1},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err.$": "$.Cause"}, "Next": "F"}], "Next": "M"},
        "M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {
            "I": {"Type": "Pass", "Parameters": {"ok.$": "$ok", "err.$": "$err"}, "Assign": {"ok": 2, "inner": 1},
                  "End": True}}},
              "Next": "After"},
        "After": {"Type": "Pass", "Parameters": {"i.$": "$inner"}, "End": True},
        "F": {"Type": "Fail", "CausePath": "$err"}}}
    assert codes(lint(tmp_path, d)) == ["ASL252", "ASL251", "ASL252"]


def test_jsonata_free_variables(tmp_path):
    d = {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": "{% 1 %}"}, "Next": "B"},
        "B": {"Type": "Pass", "Output": {"a": "{% $x + $sum([1]) %}", "b": "{% ($l := 2; $l * $y) %}",
                                         "c": "{% $map([1], function($v) { $v }) %}"}, "End": True}}}
    found = lint(tmp_path, d)
    assert codes(found) == ["ASL252"] and found[0][3].startswith("$y is read here")


def test_unreachable_state_not_checked(tmp_path):
    d = {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "End": True},
        "Orphan": {"Type": "Pass", "Parameters": {"x.$": "$nothing"}, "End": True}}}
    assert lint(tmp_path, d) == []
