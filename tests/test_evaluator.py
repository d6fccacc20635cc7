"""The reference evaluator: states, data flow, errors, retries, the clock, limits."""

import json
import time

import pytest

from asllint.evaluator import DefinitionError, simulate
from asllint.evaluator.mocks import FunctionMock, Outcome, StaticMock, TaskError
from tests.conftest import shared_path

LAMBDA = "arn:aws:lambda:us-east-1:111111111111:function:work"
INVOKE = "arn:aws:states:::lambda:invoke"


def machine(states, start=None, **top):
    return {"StartAt": start or next(iter(states)), "States": states, **top}


def task(resource=INVOKE, **fields):
    return {"Type": "Task", "Resource": resource, **fields}


# -- Pass, JSONPath data flow --------------------------------------------------------------

def test_pass_result_resultpath_and_history_shape():
    r = simulate(machine({
        "A": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "Next": "B"},
        "B": {"Type": "Succeed"},
    }), {"a": 1})
    assert (r.status, r.output, r.error, r.cause) == ("SUCCEEDED", {"a": 1, "r": {"x": 1}}, None, None)
    assert r.event_types() == ["ExecutionStarted", "PassStateEntered", "PassStateExited",
                               "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]
    first, entered = r.history[0], r.history[1]
    assert first["id"] == 1 and first["previousEventId"] == 0
    assert first["executionStartedEventDetails"]["input"] == '{"a":1}'
    assert entered["stateEnteredEventDetails"] == {
        "name": "A", "input": '{"a":1}', "inputDetails": {"truncated": False}}
    assert r.history[2]["stateExitedEventDetails"]["output"] == '{"a":1,"r":{"x":1}}'
    assert r.history[-1]["executionSucceededEventDetails"]["output"] == '{"a":1,"r":{"x":1}}'
    assert [e["id"] for e in r.history] == list(range(1, 7))


def test_input_path_parameters_result_selector_output_path():
    definition = machine({"T": task(
        InputPath="$.order", Parameters={"id.$": "$.id", "fixed": "v", "ctx.$": "$$.State.Name"},
        ResultSelector={"got.$": "$.Payload"}, ResultPath="$.result", OutputPath="$.result",
        End=True)})
    mock = StaticMock({"Payload": "done"})
    r = simulate(definition, {"order": {"id": 7}}, mocks={"T": mock})
    assert (r.status, r.output) == ("SUCCEEDED", {"got": "done"})
    assert mock.calls == [{"id": 7, "fixed": "v", "ctx": "T"}]


def test_null_input_and_output_paths():
    r = simulate(machine({"A": {"Type": "Pass", "InputPath": None, "Parameters": {"in.$": "$"},
                                "Next": "B"},
                          "B": {"Type": "Pass", "OutputPath": None, "End": True}}), {"x": 1})
    assert r.output == {}


def test_missing_path_in_parameters_is_states_runtime_and_not_caught():
    r = simulate(machine({"P": {"Type": "Pass", "Parameters": {"v.$": "$.missing"}, "End": True}}))
    assert r.status == "FAILED"
    assert r.error == "States.Runtime"
    assert r.cause == ("An error occurred while executing the state 'P' (entered at the event id "
                       "#2). The JSONPath '$.missing' specified for the field 'v.$' could not be "
                       "found in the input '{}'")
    r = simulate(machine({"T": task(OutputPath="$.nope", Catch=[
        {"ErrorEquals": ["States.ALL"], "Next": "C"}], End=True),
        "C": {"Type": "Pass", "End": True}}), mocks={"T": {}})
    assert (r.status, r.error) == ("FAILED", "States.Runtime")
    assert r.cause.endswith("Invalid path '$.nope' : No results for path: $['nope']")


def test_result_path_match_failure_is_catchable():
    r = simulate(machine({"T": task(ResultPath="$.a.b", Catch=[
        {"ErrorEquals": ["States.ResultPathMatchFailure"], "Next": "C"}], End=True),
        "C": {"Type": "Pass", "End": True}}), {"a": 5}, mocks={"T": {"r": 1}})
    assert r.status == "SUCCEEDED"
    assert r.output["Error"] == "States.ResultPathMatchFailure"


# -- Choice ----------------------------------------------------------------------------------

CHOICE = machine({
    "C": {"Type": "Choice", "Choices": [
        {"And": [{"Variable": "$.n", "NumericGreaterThan": 1},
                 {"Not": {"Variable": "$.s", "StringMatches": "a*z"}}], "Next": "Big"},
        {"Or": [{"Variable": "$.s", "StringEquals": "abz"},
                {"Variable": "$.t", "TimestampLessThan": "2020-01-01T00:00:00Z"}], "Next": "Match"},
        {"Variable": "$.flag", "IsPresent": True, "Next": "Flag"}],
        "Default": "Other"},
    "Big": {"Type": "Pass", "Result": "big", "End": True},
    "Match": {"Type": "Pass", "Result": "match", "End": True},
    "Flag": {"Type": "Pass", "Result": "flag", "End": True},
    "Other": {"Type": "Pass", "Result": "other", "End": True},
})


@pytest.mark.parametrize("data, expected", [
    ({"n": 2, "s": "abc"}, "big"),
    ({"n": 2, "s": "abz"}, "match"),
    ({"n": 0, "s": "x", "t": "2019-05-05T10:00:00+02:00"}, "match"),
    ({"n": 0, "s": "x", "t": "2021-01-01T00:00:00Z", "flag": None}, "flag"),
    ({"n": "2", "s": "x", "t": "not a time"}, "other"),
])
def test_choice_operators(data, expected):
    assert simulate(CHOICE, data).output == expected


def test_choice_on_missing_variable_fails_with_aws_message():
    r = simulate(CHOICE, {"s": "x"})
    assert r.error == "States.Runtime"
    assert r.cause == ("An error occurred while executing the state 'C' (entered at the event id "
                       "#2). Invalid path '$.n': The choice state's condition path references an "
                       "invalid value.")


def test_jsonata_choice_condition_output_and_assign():
    definition = machine({
        "C": {"Type": "Choice", "Choices": [
            {"Condition": "{% $states.input.v > 3 %}", "Next": "Done",
             "Output": {"big": "{% $states.input.v %}"}, "Assign": {"seen": "rule"}}],
            "Default": "Done", "Assign": {"seen": "default"}},
        "Done": {"Type": "Pass", "Output": {"out": "{% $states.input %}", "seen": "{% $seen %}"},
                 "End": True}}, QueryLanguage="JSONata")
    assert simulate(definition, {"v": 5}).output == {"out": {"big": 5}, "seen": "rule"}
    assert simulate(definition, {"v": 1}).output == {"out": {"v": 1}, "seen": "default"}


# -- Variables and JSONata -------------------------------------------------------------------

def test_assign_sees_values_as_of_state_entry_and_scopes():
    definition = machine({
        "Init": {"Type": "Pass", "Assign": {"x": 1, "items": [1, 2]}, "Next": "Swap"},
        "Swap": {"Type": "Pass", "Assign": {"x": 2, "old.$": "$x"}, "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$items", "ItemProcessor": {
            "StartAt": "In", "States": {"In": {"Type": "Pass", "Parameters": {
                "item.$": "$", "outer.$": "$old"}, "End": True}}}, "End": True}})
    r = simulate(definition)
    assert r.output == [{"item": 1, "outer": 1}, {"item": 2, "outer": 1}]
    exited = [e for e in r.history if e["type"] == "PassStateExited"][1]
    assert exited["stateExitedEventDetails"]["assignedVariables"] == {"x": "2", "old": "1"}


def test_jsonata_undefined_field_names_the_field():
    r = simulate(machine({"S": {"Type": "Pass", "Output": {"a": [1, "{% $nope %}"]}, "End": True}},
                         QueryLanguage="JSONata"))
    assert r.error == "States.QueryEvaluationError"
    assert r.cause == ("An error occurred while executing the state 'S' (entered at the event id "
                       "#2). The JSONata expression '$nope' specified for the field 'Output/a[1]' "
                       "returned nothing (undefined).")
    assert r.event_types() == ["ExecutionStarted", "PassStateEntered", "EvaluationFailed",
                               "ExecutionFailed"]
    assert r.history[2]["evaluationFailedEventDetails"]["location"] == "Output/a[1]"


def test_jsonata_task_arguments_output_and_catch_error_output():
    definition = machine({
        "T": task(Arguments={"n": "{% $states.input.n %}"},
                  Output={"r": "{% $states.result.v %}", "in": "{% $states.input.n %}"},
                  Catch=[{"ErrorEquals": ["States.ALL"], "Next": "C",
                          "Output": {"e": "{% $states.errorOutput.Error %}"}}], Next="D"),
        "D": {"Type": "Succeed"}, "C": {"Type": "Succeed"}}, QueryLanguage="JSONata")
    r = simulate(definition, {"n": 3}, mocks={"T": FunctionMock(lambda res, p, c: {"v": p["n"] * 2})})
    assert r.output == {"r": 6, "in": 3}
    r = simulate(definition, {"n": 3}, mocks={"T": StaticMock(TaskError("Custom", "why"))})
    assert r.output == {"e": "Custom"}


# -- Fail, Succeed ---------------------------------------------------------------------------

def test_fail_with_error_path_and_intrinsic_cause_path():
    r = simulate(machine({"F": {"Type": "Fail", "ErrorPath": "$.e",
                                "CausePath": "States.Format('bad {}', $.c)"}}), {"e": "E1", "c": 3})
    assert (r.status, r.error, r.cause) == ("FAILED", "E1", "bad 3")
    assert r.event_types() == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]
    assert r.history[-1]["executionFailedEventDetails"] == {"error": "E1", "cause": "bad 3"}


def test_empty_fail_has_no_error_or_cause():
    r = simulate(machine({"F": {"Type": "Fail"}}))
    assert (r.status, r.error, r.cause) == ("FAILED", None, None)
    assert r.history[-1]["executionFailedEventDetails"] == {}


# -- Retry and Catch -------------------------------------------------------------------------

def failing_then(n_failures, error="Boom", result=None):
    answers = [TaskError(error, f"failure {i + 1}") for i in range(n_failures)]
    return StaticMock(*answers, result if result is not None else {"ok": True})


def test_retry_backoff_on_simulated_clock(no_sleeping):
    definition = machine({"T": task(Retry=[{"ErrorEquals": ["Boom"], "IntervalSeconds": 2,
                                            "BackoffRate": 3, "MaxAttempts": 3}], End=True)})
    r = simulate(definition, mocks={"T": failing_then(3)})
    assert (r.status, r.output, r.duration_seconds) == ("SUCCEEDED", {"ok": True}, 2 + 6 + 18)
    scheduled = [e["timestamp"] for e in r.history if e["type"] == "TaskScheduled"]
    assert scheduled == ["2025-01-01T00:00:00.000Z", "2025-01-01T00:00:02.000Z",
                         "2025-01-01T00:00:08.000Z", "2025-01-01T00:00:26.000Z"]


def test_retry_max_delay_and_full_jitter_is_seeded():
    retrier = {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "BackoffRate": 2,
               "MaxAttempts": 3, "MaxDelaySeconds": 15}
    definition = machine({"T": task(Retry=[retrier], End=True)})
    assert simulate(definition, mocks={"T": failing_then(3)}).duration_seconds == 10 + 15 + 15
    retrier["JitterStrategy"] = "FULL"
    one = simulate(definition, mocks={"T": failing_then(3)}, seed=7).duration_seconds
    again = simulate(definition, mocks={"T": failing_then(3)}, seed=7).duration_seconds
    other = simulate(definition, mocks={"T": failing_then(3)}, seed=8).duration_seconds
    assert one == again != other
    assert 0 <= one <= 40


def test_retry_counts_per_retrier_and_retry_count_in_context():
    seen = []

    def answer(resource, parameters, ctx):
        seen.append((ctx.attempt, parameters["retry"]))
        raise TaskError("A" if len(seen) < 3 else "B", "x")

    definition = machine({"T": task(Parameters={"retry.$": "$$.State.RetryCount"}, Retry=[
        {"ErrorEquals": ["A"], "MaxAttempts": 2, "IntervalSeconds": 1},
        {"ErrorEquals": ["B"], "MaxAttempts": 1, "IntervalSeconds": 1}], End=True)})
    r = simulate(definition, mocks={"T": FunctionMock(answer)})
    assert (r.status, r.error, r.cause) == ("FAILED", "B", "x")
    assert seen == [(0, 0), (1, 1), (2, 2), (3, 3)]


def test_max_attempts_zero_never_retries():
    r = simulate(machine({"T": task(Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 0}],
                                    End=True)}), mocks={"T": failing_then(1)})
    assert (r.status, r.error, r.cause) == ("FAILED", "Boom", "failure 1")
    assert r.event_types().count("TaskScheduled") == 1


def test_catch_order_task_failed_and_result_path():
    definition = machine({
        "T": task(Catch=[{"ErrorEquals": ["Other"], "Next": "Wrong"},
                         {"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.err",
                          "Next": "Handled"}], End=True),
        "Wrong": {"Type": "Fail"}, "Handled": {"Type": "Pass", "End": True}})
    r = simulate(definition, {"in": 1}, mocks={"T": failing_then(1)})
    assert r.output == {"in": 1, "err": {"Error": "Boom", "Cause": "failure 1"}}
    assert r.event_types() == ["ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                               "TaskStarted", "TaskFailed", "TaskStateExited", "PassStateEntered",
                               "PassStateExited", "ExecutionSucceeded"]


def test_task_failed_does_not_match_timeout_but_all_does():
    definition = machine({
        "T": task(TimeoutSeconds=5, Catch=[{"ErrorEquals": ["States.TaskFailed"], "Next": "X"},
                                           {"ErrorEquals": ["States.ALL"], "Next": "Y"}], End=True),
        "X": {"Type": "Pass", "Result": "taskfailed", "End": True},
        "Y": {"Type": "Pass", "Result": "all", "End": True}})
    r = simulate(definition, mocks={"T": Outcome.success({}, after=60)})
    assert r.output == "all"
    assert r.duration_seconds == 5
    assert "TaskTimedOut" in r.event_types()


# -- Wait and time ---------------------------------------------------------------------------

def test_wait_of_a_year_finishes_instantly(no_sleeping):
    r = simulate(machine({"W": {"Type": "Wait", "Seconds": 365 * 24 * 3600, "Next": "D"},
                          "D": {"Type": "Succeed"}}))
    assert (r.status, r.duration_seconds) == ("SUCCEEDED", 31536000.0)
    assert r.history[-1]["timestamp"] == "2026-01-01T00:00:00.000Z"


def test_wait_forms():
    definition = machine({
        "A": {"Type": "Wait", "SecondsPath": "$.s", "Next": "B"},
        "B": {"Type": "Wait", "TimestampPath": "$.t", "Next": "C"},
        "C": {"Type": "Wait", "Timestamp": "2000-01-01T00:00:00Z", "End": True}})
    r = simulate(definition, {"s": 30, "t": "2025-01-01T01:00:00Z"})
    assert (r.status, r.duration_seconds) == ("SUCCEEDED", 3600.0)
    r = simulate(definition, {"s": -1, "t": ""})
    assert r.cause.endswith("The SecondsPath parameter references a negative value: $.s == -1")


def test_machine_timeout_seconds_times_out():
    r = simulate(machine({"W": {"Type": "Wait", "Seconds": 100, "End": True}}, TimeoutSeconds=10))
    assert (r.status, r.error, r.duration_seconds) == ("TIMED_OUT", "States.Timeout", 10.0)
    assert r.event_types()[-1] == "ExecutionTimedOut"


def test_express_machine_times_out_after_five_minutes():
    r = simulate(machine({"W": {"Type": "Wait", "Seconds": 301, "End": True}}),
                 state_machine_type="EXPRESS")
    assert (r.status, r.duration_seconds) == ("TIMED_OUT", 300.0)


# -- Parallel and Map ------------------------------------------------------------------------

def test_parallel_outputs_in_order_and_branch_error_propagates():
    branch = lambda name, state: {"StartAt": name, "States": {name: state}}  # noqa: E731
    definition = machine({"P": {"Type": "Parallel", "Branches": [
        branch("A", {"Type": "Pass", "Result": 1, "End": True}),
        branch("B", {"Type": "Pass", "Parameters": {"x.$": "$.x"}, "End": True})],
        "ResultSelector": {"first.$": "$[0]", "second.$": "$[1].x"}, "End": True}})
    r = simulate(definition, {"x": 9})
    assert r.output == {"first": 1, "second": 9}
    assert r.event_types() == ["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted",
                               "PassStateEntered", "PassStateExited", "PassStateEntered",
                               "PassStateExited", "ParallelStateSucceeded", "ParallelStateExited",
                               "ExecutionSucceeded"]
    failing = machine({"P": {"Type": "Parallel", "Branches": [
        branch("F", {"Type": "Fail", "Error": "E", "Cause": "c"})], "End": True}})
    r = simulate(failing)
    assert (r.status, r.error, r.cause) == ("FAILED", "E", "c")


def test_inline_map_item_selector_and_context():
    definition = machine({"M": {"Type": "Map", "ItemsPath": "$.xs", "ItemSelector": {
        "i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "k.$": "$.k"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
        "End": True}})
    r = simulate(definition, {"xs": ["a", "b"], "k": 0})
    assert r.output == [{"i": 0, "v": "a", "k": 0}, {"i": 1, "v": "b", "k": 0}]
    assert r.event_types().count("MapIterationStarted") == 2
    started = next(e for e in r.history if e["type"] == "MapStateStarted")
    assert started["mapStateStartedEventDetails"] == {"length": 2}


def test_distributed_map_tolerated_failures_and_batches():
    processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.Items[0]", "NumericEquals": 3,
                                             "Next": "Bad"}], "Default": "Ok"},
        "Bad": {"Type": "Fail", "Error": "Three"}, "Ok": {"Type": "Pass", "End": True}}}
    definition = machine({"M": {"Type": "Map", "ItemBatcher": {"MaxItemsPerBatch": 2},
                                "ItemProcessor": processor, "ToleratedFailureCount": 1,
                                "End": True}})
    r = simulate(definition, [1, 2, 3, 4])
    assert r.status == "SUCCEEDED"
    assert r.output == [{"Items": [1, 2]}, {"Error": "Three", "Cause": ""}]
    assert "MapIterationStarted" not in r.event_types()
    definition["States"]["M"]["ToleratedFailureCount"] = 0
    r = simulate(definition, [1, 2, 3, 4])
    assert r.error == "States.ExceedToleratedFailureThreshold"


# -- limits ----------------------------------------------------------------------------------

def test_infinite_loop_terminates_with_a_clear_result():
    loop = machine({"A": {"Type": "Pass", "Next": "A"}})
    r = simulate(loop)
    assert (r.status, r.error) == ("FAILED", "asllint.HistoryLimitExceeded")
    assert len(r.history) == 25001
    r = simulate(loop, state_machine_type="EXPRESS", max_transitions=1000)
    assert (r.status, r.error, r.transitions) == ("FAILED", "asllint.TransitionLimitExceeded", 1001)


def test_payload_quota_on_task_result_is_catchable():
    definition = machine({"T": task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "C"}], End=True),
                          "C": {"Type": "Pass", "End": True}})
    r = simulate(definition, mocks={"T": {"big": "x" * 300_000}})
    assert r.output == {"Error": "States.DataLimitExceeded", "Cause": (
        "The state/task 'lambda' returned a result with a size exceeding the maximum number of "
        "bytes service limit.")}


def test_task_without_mock_fails_clearly():
    r = simulate(machine({"T": task(LAMBDA, Catch=[{"ErrorEquals": ["States.ALL"], "Next": "C"}],
                                    End=True), "C": {"Type": "Pass", "End": True}}))
    assert (r.status, r.error) == ("FAILED", "asllint.NoMock")
    assert "'T'" in r.cause and LAMBDA in r.cause
    assert r.event_types()[-3:] == ["LambdaFunctionStarted", "LambdaFunctionFailed", "ExecutionFailed"]


def test_definition_errors():
    with pytest.raises(DefinitionError):
        simulate("{not json")
    with pytest.raises(DefinitionError):
        simulate({"StartAt": "X", "States": {"Y": {"Type": "Pass", "End": True}}})
    r = simulate(machine({"A": {"Type": "Pass", "Next": "Nowhere"}}))
    assert (r.status, r.error) == ("FAILED", "asllint.InvalidDefinition")


def test_definition_as_json_text_and_context_identity():
    definition = json.dumps(machine({"A": {"Type": "Pass", "Parameters": {
        "id.$": "$$.Execution.Id", "sm.$": "$$.StateMachine.Name"}, "End": True}}))
    r = simulate(definition)
    assert r.output == {"id": "arn:<partition>:states:<region>:111111111111:execution:"
                              "<ArnPart_0idx>:<ExecArnPart_0idx>", "sm": "<ArnPart_0idx>"}
    r = simulate(definition, context={"partition": "aws", "region": "eu-west-1",
                                      "state_machine_name": "Orders", "execution_name": "run1"})
    assert r.output == {"id": "arn:aws:states:eu-west-1:111111111111:execution:Orders:run1",
                        "sm": "Orders"}


def test_placeholders_are_substituted_or_invented():
    definition = machine({"T": task("${WorkFunctionArn}", Parameters={"Queue": "${QueueUrl}",
                                                                   "Bus": "${BusName}"}, End=True)})
    mock = StaticMock({"ok": 1})
    r = simulate(definition, mocks=[mock], substitutions={"BusName": "orders"})
    assert r.status == "SUCCEEDED"
    assert mock.calls == [{"Queue": "https://sqs.<region>.amazonaws.com/111111111111/queue",
                           "Bus": "orders"}]
    assert r.task_calls[0]["resource"] == \
        "arn:<partition>:lambda:<region>:111111111111:function:work-function"
    assert len(r.assumptions) == 2 and all("synthetic" in a for a in r.assumptions)


@pytest.mark.parametrize("name", ["loop_1000.json", "loop_1000_jsonata.json"])
def test_loop_of_1000_iterations_runs_to_the_end(name):
    definition = json.loads(shared_path("peers", "samples", name).read_text())
    # Its speed is measured by bench/run.py against LocalStack; here, that it runs to the end.
    r = simulate(definition)
    assert r.status == "SUCCEEDED"
    assert (r.output, r.transitions) == ({"i": 1000}, 2002)


@pytest.fixture
def no_sleeping(monkeypatch):
    """The simulated clock never sleeps for real."""
    def refuse(seconds):
        raise AssertionError(f"time.sleep({seconds}) called")

    monkeypatch.setattr(time, "sleep", refuse)
