"""Data-flow rules (ASL201-ASL219): exact codes, messages and positions."""

from __future__ import annotations

import json

import pytest

from asllint.engine import Linter, Options


def lint(tmp_path, definition, select=("ASL2",), name="m.asl.json"):
    path = tmp_path / name
    text = definition if isinstance(definition, str) else json.dumps(definition, indent=2)
    path.write_text(text, encoding="utf-8")
    report = Linter(Options(select=list(select), confirm=False)).lint_paths([str(path)])
    return [(f.code, f.location.span.start.line, f.location.span.start.column, f.message) for f in report.findings]


def codes(findings):
    return [f[0] for f in findings]


VALID_PATHS = ["$", "$.a", "$..x", "$.items[?(@.x > 1)].y", "$.items[1:3]", "$.detail-type", "$['a b']",
               "$.a[-1]", "$.items[*].id", "$$.Execution.Id", "$$.Execution.Input.x.y", "$.a.length()",
               "$.items[?(@.Type==VENDOR_NAME)].Value"]


@pytest.mark.parametrize("path", VALID_PATHS)
def test_valid_paths_pass(tmp_path, path):
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": path}, "InputPath": path, "End": True}}}
    assert lint(tmp_path, d) == []


def test_invalid_result_path_position(tmp_path):
    text = '{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",\n' \
           '  "ResultPath": ".guid", "End": true}}}'
    assert lint(tmp_path, text) == [
        ("ASL201", 2, 17, "ResultPath is not a valid JSONPath: A path must start with '$' (at character 1); "
                          "Step Functions rejects the definition")]


def test_reference_and_result_path(tmp_path):
    d = {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": "$.r[*]", "Next": "U"},
        "U": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": "$$.x",
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$v", "Next": "V"}], "Next": "V"},
        "V": {"Type": "Pass", "ResultPath": None, "End": True}}}
    assert codes(lint(tmp_path, d)) == ["ASL202", "ASL203", "ASL203"]


def test_template_rules(tmp_path):
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
        "a": 1, "a.$": "$.a", "lit.$": "ipsum", "noDollar": "$.x", "price": "$100",
        "ok.$": "States.Format('{}', $.x)", "bad.$": "States.MathAdd(1,'-1')", "ph.$": "${Placeholder}"},
        "End": True}}}
    found = lint(tmp_path, d)
    assert codes(found) == ["ASL209", "ASL204", "ASL210", "ASL205"]
    assert found[3][3] == ("'Parameters.bad.$': Argument 2 (second number) of States.MathAdd must be a number, "
                           "but the literal '-1' is a string (at character 18)")


def test_context_fields(tmp_path):
    d = {"StartAt": "M", "States": {
        "M": {"Type": "Map", "ItemsPath": "$.items",
              "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
              "ItemProcessor": {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                        "Parameters": {"t.$": "$$.Task.Token", "v.$": "$$.Map.Item.Value"}, "End": True}}},
              "Next": "P"},
        "P": {"Type": "Pass", "Parameters": {"t.$": "$$.Task.Token", "x.$": "$$.Execution.Nme"}, "End": True}}}
    assert codes(lint(tmp_path, d)) == ["ASL207", "ASL208", "ASL206"]


def test_context_extra_fields_option(tmp_path):
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$$.Execution.NewThing"}, "End": True}}}
    path = tmp_path / "m.asl.json"
    path.write_text(json.dumps(d))
    opts = Options(select=["ASL206"], confirm=False, rule_options={"ASL206": {"extra-fields": ["Execution.NewThing"]}})
    assert Linter(opts).lint_paths([str(path)]).findings == []


def test_query_language_fields(tmp_path):
    d = {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass", "OutputPath": "$.x", "Next": "Q"},
        "Q": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}}}
    assert codes(lint(tmp_path, d)) == ["ASL211"]
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% 1 %}", "End": True}}}
    assert lint(tmp_path, d) == [("ASL212", 6, 7, "Output is a JSONata field, but the state uses the default "
                                  "query language, JSONPath; Step Functions rejects the definition: set "
                                  "\"QueryLanguage\": \"JSONata\" on the state (or the machine), or use the JSONPath fields")]


def test_jsonata_rules(tmp_path):
    d = {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {
        "a": "{% 10 + * 2 %}", "b": "{% States.Format('{}', 1) %}", "c": "{% $.x %}", "d": "{% 1 %",
        "e.$": "$.x", "f": "{% $states.input.x %}", "g": "{% 'States.Format(' %}", "h": "${Sub}",
        "i": "{% $match($states.input.s, /^a$/) %}"}, "End": True}}}
    found = lint(tmp_path, d)
    assert codes(found) == ["ASL213", "ASL214", "ASL215", "ASL216", "ASL217"]
    assert found[0][3].startswith("Invalid JSONata expression: Syntax error")


def test_pass_result_and_literal_fields(tmp_path):
    d = {"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Result": {"a.$": "$.x", "b": "$.y", "c": "$5"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Not": {"Variable": "$.s", "StringEquals": "$.t"}, "Next": "F"}], "Default": "F"},
        "F": {"Type": "Fail", "Error": "$.e"}}}
    assert codes(lint(tmp_path, d)) == ["ASL218", "ASL218", "ASL219", "ASL219"]


def test_yaml_block_scalar_jsonata(tmp_path):
    text = ("StartAt: P\nQueryLanguage: JSONata\nStates:\n  P:\n    Type: Pass\n    Output:\n"
            "      a: '{% $sum($states.input.x %}'\n    End: true\n")
    assert lint(tmp_path, text, name="m.asl.yaml") == [
        ("ASL213", 7, 10, "Invalid JSONata expression: Expected ) before end of expression (JSONata error S0203) "
                          "(at character 25 of the string); Step Functions rejects the definition")]
