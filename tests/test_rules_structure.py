"""Structure rules (ASL101-ASL117): exact codes, messages and positions; the schema interpreter
agrees with jsonschema; no false findings on valid modern definitions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_path


def test_fields_types_and_typos(lint):
    got = [str(f) for f in lint("""\
        {
          "StartAt": "A",
          "TimeOutSeconds": 5,
          "States": {
            "A": {"Type": "Pass", "Resouce": "x", "ResultSelector": {}, "Next": "B"},
            "B": {"Type": "Task", "End": "true"},
            "C": {"Type": "Succeed", "Next": "A"}
          }
        }
        """, "ASL101,ASL102,ASL103")]
    assert got == [
        "3:3 ASL102 Unknown field 'TimeOutSeconds' (did you mean 'TimeoutSeconds'?) in the state machine",
        "5:27 ASL102 Unknown field 'Resouce' (did you mean 'Resource'?) in a Pass state",
        "5:43 ASL102 Field 'ResultSelector' is not allowed in a Pass state",
        "6:5 ASL101 A Task state is missing the required field 'Resource'",
        "6:34 ASL103 End must be a boolean, not a string",
        "7:30 ASL102 Field 'Next' is not allowed in a Succeed state",
    ]


def test_retrier_catcher_and_branch_structure(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "P", "States": {
          "P": {"Type": "Parallel", "Branches": [[]], "Retry": [{"Error Equals": ["X"]}],
                "Catch": [{"ErrorEquals": [true], "Next": "D"}], "Next": "D"},
          "D": {"Type": "Succeed"}}}
        """, "ASL101,ASL102,ASL103")]
    assert got == [
        "2:42 ASL103 Branches[0] must be an object, not an array",
        "2:57 ASL101 A retrier (Retry entry) is missing the required field 'ErrorEquals'",
        "2:58 ASL102 Unknown field 'Error Equals' (did you mean 'ErrorEquals'?) in a retrier (Retry entry)",
        "3:36 ASL103 Catch[0].ErrorEquals[0] must be a string, not a boolean",
    ]


def test_choice_rules(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [
            {"Variable": "$.a", "StringEqual": "x", "Next": "D"},
            {"Variable": "$.a", "StringEquals": "x", "NumericEquals": 1, "Next": "D"},
            {"Or": [], "Next": "D"},
            {"Not": {"Variable": "$.b", "IsPresent": true, "Next": "D"}, "Next": "D"},
            {"StringEquals": 3, "Next": "D"},
            {"Variable": "$.a", "IsNull": true, "End": true},
            {"Variable": "$.a", "IsNull": true}
          ]},
          "D": {"Type": "Succeed"}}}
        """, "ASL1")]
    assert got == [
        "3:25 ASL102 Field 'StringEqual' is not allowed in a Choice rule (did you mean 'StringEquals'?)",
        "4:5 ASL114 A Choice rule has 2 comparison operators (StringEquals, NumericEquals); a data-test has exactly one",
        "5:12 ASL114 Or must hold at least one rule",
        "6:52 ASL115 A nested Choice rule (inside And, Or or Not) must not have Next: only top-level rules transition",
        "7:5 ASL114 A Choice rule with StringEquals has no Variable to compare",
        "7:22 ASL103 StringEquals must be a string, not an integer",
        "8:41 ASL102 Field 'End' is not allowed in a Choice rule: a Choice state cannot end the workflow; give the rule "
        "a Next naming a state (a Succeed state to end)",
        "9:5 ASL101 A Choice rule is missing the required field 'Next'",
    ]


def test_jsonata_choice_and_empty_choices(lint):
    got = [str(f) for f in lint("""\
        {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [{"Next": "D"}, {"Condition": "yes", "Next": "D"}], "Default": "E"},
          "E": {"Type": "Choice", "Choices": [], "Default": "D"},
          "D": {"Type": "Succeed"}}}
        """, "ASL1")]
    assert got == [
        "2:39 ASL101 A Choice rule is missing the required field 'Condition'",
        "2:68 ASL103 Condition must be a boolean or a JSONata expression {% ... %}, not a string",
        "3:38 ASL116 Choices is empty; a Choice state needs at least one rule",
    ]


def test_hand_written_value_rules(lint):
    name = "N" * 81
    got = [str(f) for f in lint("""\
        {"StartAt": "T", "TimeoutSeconds": 0, "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 10,
                "HeartbeatSeconds": 10, "TimeoutSecondsPath": "$.t", "Next": "W"},
          "W": {"Type": "Wait", "Seconds": -1, "Timestamp": "2030-01-01T00:00:00Z", "Next": "L"},
          "L": {"Type": "Wait", "Seconds": 40000000, "Next": "X"},
          "X": {"Type": "task", "Next": "F"},
          "F": {"Type": "Fail", "Cause": "c", "CausePath": "$.c", "QueryLanguage": "jsonata"},
          "%s": {"Type": "Succeed"}}}
        """ % name, "ASL10,ASL11")]
    assert got == [
        "1:36 ASL107 The state machine's TimeoutSeconds must be a positive integer, not 0",
        "3:29 ASL108 HeartbeatSeconds (10) must be smaller than TimeoutSeconds (10)",
        "3:33 ASL105 Task state sets both TimeoutSeconds and TimeoutSecondsPath; use one of them",
        "4:36 ASL109 Wait Seconds must not be negative (-1); every execution reaching it fails",
        "4:40 ASL105 Wait state sets Seconds and Timestamp; it must have exactly one of Seconds, Timestamp, "
        "SecondsPath, TimestampPath",
        "5:36 ASL110 Wait of 40000000 seconds is longer than one year (31536000), the longest a standard execution may "
        "run: every execution reaching it times out",
        "6:17 ASL104 Unknown state type 'task' (did you mean 'Task'?) (the types are Task, Pass, Choice, Wait, Succeed, "
        "Fail, Parallel, Map)",
        "7:39 ASL105 Fail state sets both Cause and CausePath; use one of them",
        "7:76 ASL112 QueryLanguage must be 'JSONPath' or 'JSONata', not \"jsonata\" (did you mean 'JSONata'?)",
        "8:3 ASL106 State name is 81 characters long; state names are limited to 80",
    ]


def test_query_language_placement(lint):
    got = [str(f) for f in lint("""\
        {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
          "A": {"Type": "Pass", "QueryLanguage": "JSONPath", "Next": "P"},
          "P": {"Type": "Parallel", "Branches": [{"QueryLanguage": "JSONata", "StartAt": "B",
                "States": {"B": {"Type": "Pass", "End": true}}}], "End": true}}}
        """, "ASL1")]
    assert got == [
        "2:42 ASL111 QueryLanguage JSONPath is not allowed in a state machine whose QueryLanguage is JSONata; set "
        "JSONPath at the top level and JSONata on the states that use it instead",
        "3:43 ASL117 QueryLanguage is not allowed in a branch of Parallel state 'P'; set it at the top level of the "
        "definition or on a state",
    ]


def test_query_language_inside_states_is_one_finding(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "A", "States": {
          "QueryLanguage": "JSONata",
          "A": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}
        """, "ASL1")]
    assert got == ["2:3 ASL117 QueryLanguage is inside States, where it reads as a state named 'QueryLanguage'; "
                   "move it to the top level of the definition"]


def test_express_patterns_and_wait(lint):
    got = [str(f) for f in lint("""\
        Resources:
          Flow:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              StateMachineType: EXPRESS
              Definition:
                StartAt: A
                States:
                  A: {Type: Task, Resource: "arn:aws:states:::ecs:runTask.sync", Next: B}
                  B: {Type: Task, Resource: "arn:aws:states:::states:startExecution.sync:2", Next: C}
                  C: {Type: Task, Resource: "arn:aws:states:::events:putEvents.waitForTaskToken", Next: D}
                  D: {Type: Task, Resource: "arn:aws:states:::aws-sdk:eventbridge:putEvents.waitForTaskToken", Next: E}
                  E: {Type: Wait, Seconds: 301, End: true}
        """, "ASL1", name="template.yaml")]
    assert got == [
        "9:37 ASL113 .sync is not supported in an EXPRESS state machine (Express workflows support only Request "
        "Response integrations); AWS rejects the definition",
        "10:37 ASL113 .sync is not supported in an EXPRESS state machine (Express workflows support only Request "
        "Response integrations); AWS rejects the definition",
        "13:36 ASL110 Wait of 301 seconds in an EXPRESS state machine, whose executions last at most 300 seconds: "
        "every execution reaching it times out",
    ]


def test_express_child_workflows_of_distributed_map(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {
          "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "T",
          "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "End": true}}},
          "End": true}}}
        """, "ASL1")]
    assert got == ["3:48 ASL113 .waitForTaskToken is not supported in the EXPRESS child workflows of distributed Map "
                   "'M' (Express workflows support only Request Response integrations); AWS rejects the definition"]


MODERN = """\
{
  "Comment": "modern features", "Version": "1.0", "TimeoutSeconds": 3600, "QueryLanguage": "JSONata",
  "StartAt": "T",
  "States": {
    "T": {"Type": "Task", "Comment": "c", "Resource": "${FnArn}", "Arguments": "{% $states.input %}",
          "Output": {"x": "{% $states.result %}"}, "Assign": {"v": 1}, "TimeoutSeconds": "{% $t %}",
          "HeartbeatSeconds": "{% $h %}", "Credentials": {"RoleArn": "arn:aws:iam::1:role/r"},
          "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": 2, "MaxDelaySeconds": 5, "JitterStrategy": "FULL"}],
          "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Assign": {}, "Next": "F"}],
          "Next": "W"},
    "W": {"Type": "Wait", "Seconds": "{% $states.input.n %}", "Next": "C"},
    "C": {"Type": "Choice", "Choices": [{"Condition": "{% $v = 1 %}", "Output": {}, "Assign": {}, "Next": "M"}],
          "Default": "M", "Output": "{% $states.input %}"},
    "M": {"Type": "Map", "Items": "{% [1, 2] %}", "ItemSelector": {"i": "{% $states.context.Map.Item.Value %}"},
          "MaxConcurrency": "{% 2 %}", "ToleratedFailurePercentage": "{% 5 %}", "ToleratedFailureCount": 1,
          "Label": "m", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "Arguments": {}},
          "ItemBatcher": {"MaxItemsPerBatch": 2}, "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject"},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "I",
                            "States": {"I": {"Type": "Pass", "End": true}}},
          "Next": "P"},
    "P": {"Type": "Parallel", "Arguments": {}, "Branches": [{"StartAt": "B", "Comment": "b",
          "States": {"B": {"Type": "Pass", "QueryLanguage": "JSONata", "End": true}}}], "Next": "S"},
    "S": {"Type": "Succeed", "Output": 1},
    "F": {"Type": "Fail", "Error": "{% 'E' %}", "Cause": "x"}
  }
}
"""

LEGACY = """\
{
  "StartAt": "T",
  "States": {
    "T": {"Type": "Task", "Resource": {"Fn::GetAtt": ["F", "Arn"]}, "InputPath": null, "Parameters": ["a"],
          "ResultSelector": {"a.$": "$.a"}, "ResultPath": null, "OutputPath": "$", "TimeoutSecondsPath": "$.t",
          "HeartbeatSeconds": 5, "Retry": [{"ErrorEquals": ["X"], "IntervalSeconds": 1, "MaxAttempts": 0, "BackoffRate": 1}],
          "Assign": {"a.$": "$.a"}, "Next": "M"},
    "M": {"Type": "Map", "ItemsPath": "$.items", "Parameters": {"v.$": "$$.Map.Item.Value"}, "MaxConcurrency": 0,
          "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Result": 1, "End": true}}}, "Next": "C"},
    "C": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.a", "IsPresent": true},
          {"Not": {"Variable": "$.b", "StringMatches": "x*"}}], "Assign": {"x": 1}, "Next": "W"}], "Default": "W"},
    "W": {"Type": "Wait", "TimestampPath": "$.t", "Next": "Poll"},
    "Poll": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "S"}],
             "Default": "Again"},
    "Again": {"Type": "Wait", "Seconds": "${Delay}", "Next": "Poll"},
    "S": {"Type": "Succeed", "InputPath": "$", "OutputPath": "$"}
  }
}
"""


@pytest.mark.parametrize("text", [MODERN, LEGACY], ids=["jsonata", "jsonpath"])
def test_valid_definitions_have_no_findings(text, lint):
    assert [str(f) for f in lint(text, "ASL1")] == []


def test_schema_interpreter_agrees_with_jsonschema():
    """The whole-document schema, run by jsonschema, accepts exactly what asllint's per-object
    interpreter accepts (on the peer suite; placeholders and CloudFormation intrinsics excluded)."""
    import jsonschema

    from asllint import model
    from asllint.rules import structure

    from asllint.asl.schema import SCHEMA_PATH

    schema = json.loads(open(SCHEMA_PATH, encoding="utf-8").read())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(str(f) for f in shared_path("peer-suites", "asl-validator").glob("*.json"))
    checked = 0
    for f in files:
        if f.endswith("cases.json"):
            continue
        text = Path(f).read_text()
        if "${" in text or "Fn::" in text or '"Ref"' in text:
            continue
        d = json.loads(text)
        if isinstance(d.get("States"), dict) and "QueryLanguage" in d["States"]:
            continue
        m = model.build(d)
        ours = [c for c, p in structure.schema_problems(m)
                if c in ("ASL101", "ASL102", "ASL103", "ASL112") and "/Choices/" not in p.pointer]  # rules: by hand
        # what asllint leaves to other families (ASL211/212, ASL406, ASL506) jsonschema still sees
        theirs = list(validator.iter_errors(d))
        if not theirs:
            assert not ours, f
        checked += 1
    assert checked > 50


def test_no_jsonschema_import_at_start_up():
    code = "import sys, asllint.rules.structure, asllint.rules.graph; print('jsonschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
