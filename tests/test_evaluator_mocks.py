"""Service mocks: Step Functions Local mock files, canned answers, recorded results, the CLI."""

import argparse
import json

import pytest

from asllint.evaluator import simulate
from asllint.evaluator.cli import run
from asllint.evaluator.mocks import (
    Callback, FunctionMock, MockConfigError, Outcome, StaticMock, TaskError, load_mock_config)
from asllint.evaluator.recorded import mocks_from_recording

LAMBDA = "arn:aws:lambda:us-east-1:111111111111:function:charge"
DEFINITION = {"StartAt": "Charge", "States": {
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": LAMBDA, "Payload.$": "$"},
               "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 2,
                          "IntervalSeconds": 1}],
               "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Refund"}], "Next": "Done"},
    "Refund": {"Type": "Pass", "Result": "refunded", "End": True},
    "Done": {"Type": "Pass", "OutputPath": "$.Payload", "End": True}}}

MOCK_FILE = {
    "StateMachines": {"Orders": {"TestCases": {
        "HappyPath": {"Charge": "ChargeOk"},
        "Throttled": {"Charge": "ChargeThrottledThenOk"},
        "Broken": {"Charge": "ChargeFails"}}}},
    "MockedResponses": {
        "ChargeOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": True}}}},
        "ChargeThrottledThenOk": {
            "0-1": {"Throw": {"Error": "Lambda.TooManyRequestsException", "Cause": "slow down"}},
            "2": {"Return": {"StatusCode": 200, "Payload": {"charged": "late"}}}},
        "ChargeFails": {"0": {"Throw": {"Error": "Card.Declined", "Cause": "no funds"}}}},
}


@pytest.mark.parametrize("case, output, duration", [
    ("HappyPath", {"charged": True}, 0.0),
    ("Throttled", {"charged": "late"}, 3.0),
    ("Broken", "refunded", 0.0),
])
def test_step_functions_local_mock_config(case, output, duration):
    r = simulate(DEFINITION, {"n": 1}, mocks=load_mock_config(MOCK_FILE, "Orders", case))
    assert (r.status, r.output, r.duration_seconds) == ("SUCCEEDED", output, duration)


def test_mock_config_errors_name_the_problem():
    with pytest.raises(MockConfigError, match="no test case 'Nope'.*Broken, HappyPath, Throttled"):
        load_mock_config(MOCK_FILE, "Orders", "Nope")
    with pytest.raises(MockConfigError, match="no state machine 'Other'"):
        load_mock_config(MOCK_FILE, "Other", "HappyPath")
    bad = {"StateMachines": MOCK_FILE["StateMachines"],
           "MockedResponses": {"ChargeOk": {"zero": {"Return": 1}}}}
    with pytest.raises(MockConfigError, match="bad invocation key"):
        load_mock_config(bad, "Orders", "HappyPath")


def test_invocation_without_a_mocked_response_fails():
    config = {"StateMachines": {"M": {"TestCases": {"T": {"Charge": "Once"}}}},
              "MockedResponses": {"Once": {"0": {"Throw": {"Error": "Lambda.TooManyRequestsException"}}}}}
    r = simulate(DEFINITION, mocks=load_mock_config(config, "M", "T"))
    # As in Step Functions Local: States.Runtime, which no Catch handles.
    assert (r.status, r.error) == ("FAILED", "States.Runtime")
    assert r.cause == "The mocked response 'Once' has no entry for invocation 1 of the state 'Charge'."
    assert [c["attempt"] for c in r.task_calls] == [0, 1]


def test_mocks_by_resource_function_and_context():
    seen = {}

    def answer(resource, parameters, ctx):
        seen.update(state=ctx.state_name, attempt=ctx.attempt, arn=ctx.execution_arn,
                    resource=resource)
        return {"Payload": parameters["Payload"]}

    r = simulate(DEFINITION, {"x": 1}, mocks=[FunctionMock(answer, resource="lambda:invoke")])
    assert r.output == {"x": 1}
    assert seen == {"state": "Charge", "attempt": 0, "resource": "arn:aws:states:::lambda:invoke",
                    "arn": "arn:<partition>:states:<region>:111111111111:execution:"
                           "<ArnPart_0idx>:<ExecArnPart_0idx>"}


def test_static_mock_sequences_and_outcomes():
    mock = StaticMock(TaskError("Lambda.TooManyRequestsException", "x"),
                      Outcome.success({"Payload": 5}, after=42))
    r = simulate(DEFINITION, mocks={"Charge": mock})
    assert (r.output, r.duration_seconds) == (5, 43.0)
    assert len(mock.calls) == 2


def test_callback_for_an_sqs_wait_for_task_token():
    definition = {"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}},
        "TimeoutSeconds": 100, "End": True}}}
    answer = Callback(submitted={"MessageId": "m-1"}, outcome=Outcome.success("yes", after=10))
    r = simulate(definition, mocks={"Ask": answer})
    assert (r.status, r.output) == ("SUCCEEDED", "yes")
    submitted = next(e for e in r.history if e["type"] == "TaskSubmitted")
    assert submitted["taskSubmittedEventDetails"]["output"] == '{"MessageId":"m-1"}'
    slow = Callback(submitted={}, outcome=Outcome.success("late", after=101))
    r = simulate(definition, mocks={"Ask": slow})
    assert (r.status, r.error, r.cause, r.duration_seconds) == (
        "FAILED", "States.Timeout", None, 100.0)


def test_recorded_service_results_become_mocks():
    case = {
        "definition": {"StartAt": "T", "States": {"T": {
            "Type": "Task", "Resource": "<TEST_RESOURCE>",
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1}], "End": True}}},
        "recorded_task_results": [
            {"state": "T", "event": "LambdaFunctionScheduled", "resource": LAMBDA, "parameters": {}},
            {"state": "T", "event": "LambdaFunctionFailed", "error": "Exception",
             "cause": {"errorMessage": "boom"}},
            {"state": "T", "event": "LambdaFunctionScheduled", "resource": LAMBDA, "parameters": {}},
            {"state": "T", "event": "LambdaFunctionSucceeded", "output": "[1, 2]"}],
    }
    definition, mocks = mocks_from_recording(case)
    assert definition["States"]["T"]["Resource"] == LAMBDA
    r = simulate(definition, mocks=mocks)
    assert (r.status, r.output) == ("SUCCEEDED", [1, 2])
    failed = next(e for e in r.history if e["type"] == "LambdaFunctionFailed")
    assert failed["lambdaFunctionFailedEventDetails"] == {"error": "Exception",
                                                          "cause": '{"errorMessage": "boom"}'}


def _args(tmp_path, **extra):
    path = tmp_path / "orders.asl.json"
    path.write_text(json.dumps(DEFINITION))
    values = dict(file=str(path), input=None, mocks=None, test_case=None, state_machine=None,
                  scenario=None, format="json", history=False, seed=0)
    values.update(extra)
    return argparse.Namespace(**values)


def test_cli_exit_codes_and_json_output(tmp_path, capsys):
    mock_path = tmp_path / "mocks.json"
    mock_path.write_text(json.dumps({"StateMachines": {"orders": MOCK_FILE["StateMachines"]["Orders"]},
                                     "MockedResponses": MOCK_FILE["MockedResponses"]}))
    input_path = tmp_path / "input.json"
    input_path.write_text('{"n": 1}')
    code = run(_args(tmp_path, mocks=str(mock_path), test_case="HappyPath", input=str(input_path)))
    printed = json.loads(capsys.readouterr().out)
    assert (code, printed["status"], printed["output"]) == (0, "SUCCEEDED", {"charged": True})
    assert run(_args(tmp_path)) == 1  # no mock: asllint.NoMock fails the execution
    assert "asllint.NoMock" in capsys.readouterr().out
    assert run(_args(tmp_path, mocks=str(mock_path), test_case="Nope")) == 2
    assert "no test case 'Nope'" in capsys.readouterr().err
    (tmp_path / "bad.json").write_text('{"StartAt": "X", "States": {}}')
    assert run(_args(tmp_path, file=str(tmp_path / "bad.json"))) == 2
