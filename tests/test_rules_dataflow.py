"""Data-flow rules (ASL201-ASL219): exact codes, messages and positions."""

from __future__ import annotations

import pytest


def codes(findings):
    return [f[0] for f in findings]


VALID_PATHS = ["$", "$.a", "$..x", "$.items[?(@.x > 1)].y", "$.items[1:3]", "$.detail-type", "$['a b']",
               "$.a[-1]", "$.items[*].id", "$$.Execution.Id", "$$.Execution.Input.x.y", "$.a.length()",
               "$.items[?(@.Type==VENDOR_NAME)].Value"]


@pytest.mark.parametrize("path", VALID_PATHS)
def test_valid_paths_pass(lint, path):
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": path}, "InputPath": path, "End": True}}}
    assert lint(d, "ASL2") == []


def test_invalid_result_path_position(lint):
    text = '{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",\n' \
           '  "ResultPath": ".guid", "End": true}}}'
    assert lint(text, "ASL2") == [
        ("ASL201", 2, 17, "ResultPath is not a valid JSONPath: A path must start with '$' (at character 1); "
                          "Step Functions rejects the definition")]


def test_reference_and_result_path(lint):
    d = {"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": "$.r[*]", "Next": "U"},
        "U": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "ResultPath": "$$.x",
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$v", "Next": "V"}], "Next": "V"},
        "V": {"Type": "Pass", "ResultPath": None, "End": True}}}
    assert codes(lint(d, "ASL2")) == ["ASL202", "ASL203", "ASL203"]


def test_template_rules(lint):
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
        "a": 1, "a.$": "$.a", "lit.$": "ipsum", "noDollar": "$.x", "price": "$100",
        "ok.$": "States.Format('{}', $.x)", "bad.$": "States.MathAdd(1,'-1')", "ph.$": "${Placeholder}"},
        "End": True}}}
    found = lint(d, "ASL2")
    assert codes(found) == ["ASL209", "ASL204", "ASL210", "ASL205"]
    assert found[3][3] == ("'Parameters.bad.$': Argument 2 (second number) of States.MathAdd must be a number, "
                           "but the literal '-1' is a string (at character 18)")


def test_context_fields(lint):
    d = {"StartAt": "M", "States": {
        "M": {"Type": "Map", "ItemsPath": "$.items",
              "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
              "ItemProcessor": {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                        "Parameters": {"t.$": "$$.Task.Token", "v.$": "$$.Map.Item.Value"}, "End": True}}},
              "Next": "P"},
        "P": {"Type": "Pass", "Parameters": {"t.$": "$$.Task.Token", "x.$": "$$.Execution.Nme"}, "End": True}}}
    assert codes(lint(d, "ASL2")) == ["ASL207", "ASL208", "ASL206"]


def test_context_extra_fields_option(lint):
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$$.Execution.NewThing"}, "End": True}}}
    assert codes(lint(d, "ASL206")) == ["ASL206"]
    assert lint(d, "ASL206", rule_options={"ASL206": {"extra-fields": ["Execution.NewThing"]}}) == []


def test_query_language_fields(lint):
    d = {"QueryLanguage": "JSONata", "StartAt": "P", "States": {
        "P": {"Type": "Pass", "OutputPath": "$.x", "Next": "Q"},
        "Q": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}}}
    assert codes(lint(d, "ASL2")) == ["ASL211"]
    d = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% 1 %}", "End": True}}}
    assert lint(d, "ASL2") == [("ASL212", 6, 7, "Output is a JSONata field, but the state uses the default "
                                  "query language, JSONPath; Step Functions rejects the definition: set "
                                  "\"QueryLanguage\": \"JSONata\" on the state (or the machine), or use the JSONPath fields")]


def test_jsonata_rules(lint):
    d = {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {
        "a": "{% 10 + * 2 %}", "b": "{% States.Format('{}', 1) %}", "c": "{% $.x %}", "d": "{% 1 %",
        "e.$": "$.x", "f": "{% $states.input.x %}", "g": "{% 'States.Format(' %}", "h": "${Sub}",
        "i": "{% $match($states.input.s, /^a$/) %}"}, "End": True}}}
    found = lint(d, "ASL2")
    assert codes(found) == ["ASL213", "ASL214", "ASL215", "ASL216", "ASL217"]
    assert found[0][3].startswith("Invalid JSONata expression: Syntax error")


def test_pass_result_and_literal_fields(lint):
    d = {"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Result": {"a.$": "$.x", "b": "$.y", "c": "$5"}, "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Not": {"Variable": "$.s", "StringEquals": "$.t"}, "Next": "F"}], "Default": "F"},
        "F": {"Type": "Fail", "Error": "$.e"}}}
    assert codes(lint(d, "ASL2")) == ["ASL218", "ASL218", "ASL219", "ASL219"]


def test_yaml_block_scalar_jsonata(lint):
    text = ("StartAt: P\nQueryLanguage: JSONata\nStates:\n  P:\n    Type: Pass\n    Output:\n"
            "      a: '{% $sum($states.input.x %}'\n    End: true\n")
    assert lint(text, "ASL2", name="m.asl.yaml") == [
        ("ASL213", 7, 10, "Invalid JSONata expression: Expected ) before end of expression (JSONata error S0203) "
                          "(at character 25 of the string); Step Functions rejects the definition")]
