"""The evaluator always terminates, with a clear result, and never touches the network."""

import socket

from asllint.evaluator import simulate


def test_jsonata_recursion_is_stopped():
    d = {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {
        "Type": "Pass", "Output": "{% ($f := function($x){ $f($x) + 1 }; $f(1)) %}", "End": True}}}
    r = simulate(d)
    assert (r.status, r.error) == ("FAILED", "States.QueryEvaluationError")


def test_huge_intrinsic_array_is_refused():
    d = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {
        "x.$": "States.ArrayRange(1, 100000000, 1)"}, "End": True}}}
    r = simulate(d)
    assert (r.status, r.error) == ("FAILED", "States.IntrinsicFailure")


def test_map_over_a_huge_array_stops_at_the_history_quota():
    d = {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {
        "Type": "Map", "Items": "{% [1..100000] %}",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}}}
    r = simulate(d)
    assert (r.status, r.error) == ("FAILED", "asllint.HistoryLimitExceeded")
    assert len(r.history) <= 25001


def test_express_machine_is_bounded_by_five_minutes():
    d = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 600, "End": True}}}
    r = simulate(d, state_machine_type="EXPRESS")
    assert (r.status, r.error) == ("TIMED_OUT", "States.Timeout")
    assert r.duration_seconds == 300


def test_simulation_opens_no_socket(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the evaluator tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    d = {"StartAt": "Put", "States": {"Put": {
        "Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
        "Parameters": {"Entries": [{"Source": "a", "DetailType": "b", "Detail": {}}]},
        "Next": "Sdk"}, "Sdk": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                "Parameters": {"FunctionName": "f"}, "End": True}}}
    r = simulate(d)
    assert (r.status, r.error) == ("FAILED", "asllint.NoMock")
    assert len(r.events) == 1
