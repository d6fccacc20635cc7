"""The simulated EventBridge bus behind events:putEvents and aws-sdk:eventbridge:putEvents."""

import json

import pytest

from asllint.evaluator import simulate
from asllint.eventbridge.bus import EventBridgeMock
from asllint.evaluator.mocks import Outcome, TaskError

OPTIMIZED = "arn:aws:states:::events:putEvents"
SDK = "arn:aws:states:::aws-sdk:eventbridge:putEvents"
CALLBACK = OPTIMIZED + ".waitForTaskToken"
SM_ARN = "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>"
EXEC_ARN = ("arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:"
            "<ExecArnPart_0idx>")


def publish(entries, resource=OPTIMIZED, **fields):
    return {"StartAt": "Publish", "States": {"Publish": {
        "Type": "Task", "Resource": resource, "Parameters": {"Entries": entries}, "End": True,
        **fields}}}


GOOD = {"Source": "app.orders", "DetailType": "OrderPlaced", "Detail": {"id": 1}}


def test_success_result_shape_and_resources_appended():
    r = simulate(publish([GOOD, dict(GOOD, Resources=["arn:x"], Detail='{"id": 2}')]))
    assert r.status == "SUCCEEDED"
    assert r.output["FailedEntryCount"] == 0
    assert [list(e) for e in r.output["Entries"]] == [["EventId"], ["EventId"]]
    assert [e["Detail"] for e in r.events] == [{"id": 1}, {"id": 2}]
    assert r.events[0]["Resources"] == [SM_ARN, EXEC_ARN]
    assert r.events[1]["Resources"] == ["arn:x", SM_ARN, EXEC_ARN]
    assert r.events[0]["EventBusName"] == "default"
    assert [e["EventId"] for e in r.events] == [e["EventId"] for e in r.output["Entries"]]


def test_malformed_entry_fails_task_but_good_entries_are_delivered():
    bad = dict(GOOD, Detail="not json")
    r = simulate(publish([GOOD, bad, dict(GOOD, DetailType="")]))
    assert (r.status, r.error) == ("FAILED", "EventBridge.FailedEntry")
    cause = json.loads(r.cause)
    assert cause["FailedEntryCount"] == 2
    assert cause["Entries"][1] == {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
    assert cause["Entries"][2] == {"ErrorCode": "InvalidArgument", "ErrorMessage":
                                   "Parameter DetailType is not valid. Reason: DetailType is a "
                                   "required argument."}
    assert len(r.events) == 1 and r.events[0]["entry_index"] == 0
    assert r.event_types()[-2:] == ["TaskFailed", "ExecutionFailed"]


@pytest.mark.parametrize("entry, code", [
    ({"DetailType": "t", "Detail": {}}, "InvalidArgument"),
    ({"Source": "s", "DetailType": "t"}, "InvalidArgument"),
    ({"Source": "s", "DetailType": "t", "Detail": "[1, 2]"}, "MalformedDetail"),
    ({"Source": "s", "DetailType": "t", "Detail": '"text"'}, "MalformedDetail"),
    ({"Source": "aws.s3", "DetailType": "t", "Detail": {}}, "NotAuthorizedForSourceException"),
])
def test_entry_validation(entry, code):
    r = simulate(publish([entry]))
    assert json.loads(r.cause)["Entries"][0]["ErrorCode"] == code
    assert r.events == []


def test_more_than_ten_entries_fails_the_whole_request():
    r = simulate(publish([GOOD] * 11))
    assert (r.status, r.error) == ("FAILED", "EventBridge.EventBridgeException")
    assert "Member must have length less than or equal to 10" in r.cause
    assert r.events == []


def test_sdk_form_returns_raw_response_and_does_not_fail():
    r = simulate(publish([GOOD, dict(GOOD, Detail=5)], resource=SDK))
    assert r.status == "SUCCEEDED"
    assert r.output["FailedEntryCount"] == 1
    assert r.output["Entries"][1]["ErrorCode"] == "MalformedDetail"
    assert r.events[0]["Resources"] == []


def test_retry_on_failed_entry_duplicates_good_entries():
    mock = EventBridgeMock(fail={1: {1: "ThrottlingException"}, 2: {1: "ThrottlingException"}})
    retry = [{"ErrorEquals": ["EventBridge.FailedEntry"], "IntervalSeconds": 2, "MaxAttempts": 2,
              "BackoffRate": 3.0, "MaxDelaySeconds": 5}]
    r = simulate(publish([GOOD, dict(GOOD, DetailType="Second")], Retry=retry), mocks=[mock])
    assert r.status == "SUCCEEDED"
    assert r.duration_seconds == 7.0
    assert [(e["attempt"], e["entry_index"]) for e in r.events] == [(1, 0), (2, 0), (3, 0), (3, 1)]
    assert r.duplicate_events() == {("Publish", 0, "app.orders", "OrderPlaced", '{"id":1}'): 3}
    assert mock.duplicates() == r.duplicate_events()


def test_fail_always_exhausts_retries():
    mock = EventBridgeMock(fail_always={0: "InternalFailure"})
    r = simulate(publish([GOOD], Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]),
                 mocks=[mock])
    assert (r.status, r.error) == ("FAILED", "EventBridge.FailedEntry")
    assert json.loads(r.cause) == {"Entries": [{"ErrorCode": "InternalFailure",
                                                "ErrorMessage": "An internal error occurred."}],
                                   "FailedEntryCount": 1}
    assert r.event_types().count("TaskFailed") == 3


def test_whole_request_error_injection():
    mock = EventBridgeMock(request_errors={1: TaskError("EventBridge.InternalException", "down")})
    r = simulate(publish([GOOD], Retry=[{"ErrorEquals": ["States.ALL"]}]), mocks=[mock])
    assert r.status == "SUCCEEDED" and len(r.events) == 1 and r.events[0]["attempt"] == 2


def test_wait_for_task_token_outcomes():
    entries = [dict(GOOD, Detail={"token.$": "$$.Task.Token"})]
    ok = simulate(publish(entries, resource=CALLBACK),
                  mocks=[EventBridgeMock(callback=Outcome.success({"done": 1}, after=30))])
    assert (ok.status, ok.output, ok.duration_seconds) == ("SUCCEEDED", {"done": 1}, 30.0)
    assert ok.event_types()[2:7] == ["TaskScheduled", "TaskStarted", "TaskSubmitted",
                                     "TaskSucceeded", "TaskStateExited"]
    assert ok.events[0]["Detail"]["token"].startswith("AQB")
    failed = simulate(publish(entries, resource=CALLBACK),
                      mocks=[EventBridgeMock(callback=Outcome.failure("Rejected", "no"))])
    assert (failed.status, failed.error, failed.cause) == ("FAILED", "Rejected", "no")
    lost = simulate(publish(entries, resource=CALLBACK, HeartbeatSeconds=60, TimeoutSeconds=600))
    assert (lost.status, lost.error, lost.cause, lost.duration_seconds) == (
        "FAILED", "States.Timeout", None, 60.0)
    assert lost.event_types()[-2:] == ["TaskTimedOut", "ExecutionFailed"]
    forever = simulate(publish(entries, resource=CALLBACK))
    assert (forever.status, forever.duration_seconds) == ("TIMED_OUT", 31536000.0)
    assert "never came" in forever.cause
    assert any("callback" in note for note in forever.assumptions)


def test_heartbeats_keep_a_callback_alive_until_the_timeout():
    entries = [dict(GOOD, Detail={"token.$": "$$.Task.Token"})]
    mock = EventBridgeMock(callback=Outcome.success({"late": True}, after=500), heartbeat_every=30)
    r = simulate(publish(entries, resource=CALLBACK, HeartbeatSeconds=60, TimeoutSeconds=400),
                 mocks=[mock])
    assert (r.status, r.error, r.duration_seconds) == ("FAILED", "States.Timeout", 400.0)
    mock = EventBridgeMock(callback=Outcome.success({"late": True}, after=300), heartbeat_every=30)
    r = simulate(publish(entries, resource=CALLBACK, HeartbeatSeconds=60), mocks=[mock])
    assert (r.status, r.output) == ("SUCCEEDED", {"late": True})


def test_heartbeat_timeout_is_caught_by_heartbeat_and_timeout_matchers():
    definition = publish([dict(GOOD, Detail={"t.$": "$$.Task.Token"})], resource=CALLBACK,
                         HeartbeatSeconds=10)
    state = definition["States"]["Publish"]
    state.pop("End")
    state["Next"] = "Done"
    state["Catch"] = [{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "Done"}]
    definition["States"]["Done"] = {"Type": "Pass", "End": True}
    r = simulate(definition)
    assert r.output == {"Error": "States.Timeout", "Cause": ""}


def test_the_bus_is_a_service_mock_plugin_and_third_party_mocks_come_first():
    """The bus registers through `asllint_service_mocks`, as a third-party plugin would; a
    plugin registered later (entry points load after the built-ins) is consulted first, as the
    hook's documentation says, and builtin_mocks=False turns the whole hook off."""
    from asllint.hookspecs import hookimpl
    from asllint.plugins import manager

    class Recorder:
        @hookimpl
        def asllint_service_mocks(self):
            return [StaticMockForPutEvents()]

    class StaticMockForPutEvents:
        def matches(self, resource):
            return resource == OPTIMIZED

        def invoke(self, resource, parameters, ctx):
            return {"from": "third-party plugin"}

    assert any(isinstance(mock, EventBridgeMock)
               for group in manager().hook.asllint_service_mocks() for mock in group)
    answered_by_bus = simulate(publish([GOOD])).output
    assert answered_by_bus["FailedEntryCount"] == 0
    assert list(answered_by_bus["Entries"][0]) == ["EventId"]
    plugin = Recorder()
    manager().register(plugin, "test-third-party-mocks")
    try:
        assert simulate(publish([GOOD])).output == {"from": "third-party plugin"}
    finally:
        manager().unregister(plugin)
    result = simulate(publish([GOOD]), builtin_mocks=False)
    assert (result.status, result.error) == ("FAILED", "asllint.NoMock")
