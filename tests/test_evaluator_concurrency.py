"""Parallel branches and Map iterations run concurrently on the simulated clock (issue 12,
class 8).

AWS runs the branches of a Parallel at the same time, and a Map's iterations up to
MaxConcurrency at a time (0 = no limit, 1 = one after another in item order; inline mode at most
40): /work/shared/spec/asl-semantics.md ("Parallel", "Map") and spec/quotas.md ("Map /
Parallel"). So the elapsed time of a Parallel is its longest branch, not the sum of its branches:
three branches of `Wait 10` end after 10 s, within an execution `TimeoutSeconds` of 15. The
simulator used to run them back to back (30 s) and ended such executions TIMED_OUT.
"""

import json

from asllint.engine import Linter, Options
from asllint.evaluator import simulate
from asllint.evaluator.mocks import Outcome, StaticMock

WAIT_10 = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": True}}}


def _wait(seconds):
    return {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": seconds, "End": True}}}


def _timeline(result):
    """(type, seconds since the start) of every event, in history order."""
    return [(event["type"], event["timestamp"][17:23]) for event in result.history]


def test_three_parallel_branches_of_wait_10_finish_within_a_15_second_execution_timeout():
    definition = {"TimeoutSeconds": 15, "StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [WAIT_10, WAIT_10, WAIT_10], "End": True}}}
    result = simulate(definition, {"n": 1})
    assert (result.status, result.output, result.duration_seconds) == (
        "SUCCEEDED", [{"n": 1}, {"n": 1}, {"n": 1}], 10.0)
    # Each branch starts when the Parallel starts; history order stays branch order.
    assert _timeline(result) == [
        ("ExecutionStarted", "00.000"), ("ParallelStateEntered", "00.000"),
        ("ParallelStateStarted", "00.000"),
        ("WaitStateEntered", "00.000"), ("WaitStateExited", "10.000"),
        ("WaitStateEntered", "00.000"), ("WaitStateExited", "10.000"),
        ("WaitStateEntered", "00.000"), ("WaitStateExited", "10.000"),
        ("ParallelStateSucceeded", "10.000"), ("ParallelStateExited", "10.000"),
        ("ExecutionSucceeded", "10.000")]


def test_a_parallel_lasts_as_long_as_its_longest_branch():
    definition = {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [_wait(5), _wait(12), _wait(3)], "Next": "After"},
        "After": {"Type": "Pass", "End": True}}}
    result = simulate(definition, {})
    assert result.status == "SUCCEEDED"
    assert result.duration_seconds == 12.0
    assert [(t, s) for t, s in _timeline(result) if t.startswith("Wait")] == [
        ("WaitStateEntered", "00.000"), ("WaitStateExited", "05.000"),
        ("WaitStateEntered", "00.000"), ("WaitStateExited", "12.000"),
        ("WaitStateEntered", "00.000"), ("WaitStateExited", "03.000")]
    assert _timeline(result)[-5:] == [
        ("ParallelStateSucceeded", "12.000"), ("ParallelStateExited", "12.000"),
        ("PassStateEntered", "12.000"), ("PassStateExited", "12.000"),
        ("ExecutionSucceeded", "12.000")]


def test_tasks_in_parallel_branches_wait_for_their_answers_at_the_same_time():
    """Under a Task's TimeoutSeconds and the execution's: each answer comes after 10 s."""
    task = {"StartAt": "Call", "States": {"Call": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 15,
        "End": True}}}
    definition = {"TimeoutSeconds": 15, "StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [task, task, task], "End": True}}}
    result = simulate(definition, {}, mocks=[StaticMock(Outcome.success({"ok": 1}, after=10))])
    assert (result.status, result.output, result.duration_seconds) == (
        "SUCCEEDED", [{"ok": 1}] * 3, 10.0)
    assert [s for t, s in _timeline(result) if t == "TaskSucceeded"] == ["10.000"] * 3


def _map(extra=None, items=3):
    state = {"Type": "Map", "ItemProcessor": WAIT_10, "End": True}
    state.update(extra or {})
    return {"TimeoutSeconds": 15, "StartAt": "M", "States": {"M": state}}, list(range(items))


def test_map_iterations_run_at_the_same_time_without_max_concurrency():
    definition, items = _map()
    result = simulate(definition, items)
    assert (result.status, result.output, result.duration_seconds) == (
        "SUCCEEDED", [0, 1, 2], 10.0)
    assert [(t, s) for t, s in _timeline(result) if t.startswith("MapIteration")] == [
        ("MapIterationStarted", "00.000"), ("MapIterationSucceeded", "10.000"),
        ("MapIterationStarted", "00.000"), ("MapIterationSucceeded", "10.000"),
        ("MapIterationStarted", "00.000"), ("MapIterationSucceeded", "10.000")]


def test_map_with_max_concurrency_1_runs_its_iterations_one_after_another():
    definition, items = _map({"MaxConcurrency": 1})
    result = simulate(definition, items)
    assert (result.status, result.error, result.cause, result.duration_seconds) == (
        "TIMED_OUT", "States.Timeout", "The execution timed out during the Wait state 'W'.",
        15.0)
    assert [(t, s) for t, s in _timeline(result) if t.startswith(("MapIteration", "Execution"))] == [
        ("ExecutionStarted", "00.000"),
        ("MapIterationStarted", "00.000"), ("MapIterationSucceeded", "10.000"),
        ("MapIterationStarted", "10.000"), ("ExecutionTimedOut", "15.000")]


def test_map_with_max_concurrency_2_starts_the_third_item_when_a_slot_frees():
    definition, items = _map({"MaxConcurrency": 2})
    definition["TimeoutSeconds"] = 25
    result = simulate(definition, items)
    assert (result.status, result.duration_seconds) == ("SUCCEEDED", 20.0)
    assert [s for t, s in _timeline(result) if t == "MapIterationStarted"] == [
        "00.000", "00.000", "10.000"]
    assert [s for t, s in _timeline(result) if t == "MapIterationSucceeded"] == [
        "10.000", "10.000", "20.000"]


def test_distributed_map_children_run_at_the_same_time():
    processor = dict(WAIT_10, ProcessorConfig={"Mode": "DISTRIBUTED",
                                               "ExecutionType": "STANDARD"})
    definition = {"TimeoutSeconds": 15, "StartAt": "M", "States": {
        "M": {"Type": "Map", "ItemProcessor": processor, "End": True}}}
    result = simulate(definition, [1, 2, 3])
    assert (result.status, result.output, result.duration_seconds) == (
        "SUCCEEDED", [1, 2, 3], 10.0)
    assert [[event["timestamp"][17:23] for event in child["history"]]
            for child in result.child_executions] == [["00.000", "10.000"]] * 3


def test_a_failing_branch_fails_the_parallel_at_its_own_moment():
    """The chosen simplification: branches before it in order have already run to their end
    (AWS would abort them), but the Parallel fails when the failing branch fails."""
    fail = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "c"}}}
    definition = {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [WAIT_10, fail], "End": True}}}
    result = simulate(definition, {})
    assert (result.status, result.error, result.cause, result.duration_seconds) == (
        "FAILED", "Boom", "c", 0.0)
    assert _timeline(result)[-3:] == [("FailStateEntered", "00.000"),
                                      ("ParallelStateFailed", "00.000"),
                                      ("ExecutionFailed", "00.000")]


def test_confirmation_runs_only_the_branch_of_the_state_so_siblings_never_delay_it(tmp_path):
    """Confirmation keeps only the branch holding the finding's state (scenario.focus), so the
    concurrent clock changes no verdict: EB105 is confirmed after the task's 600 s, as in a full
    simulation, where the sibling branch's Wait 650 no longer delays the callback Task."""
    ask = {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents.waitForTaskToken",
           "Parameters": {"Entries": [{"Source": "com.example", "DetailType": "D",
                                       "Detail": {"n": 1}}]},
           "TimeoutSeconds": 600, "End": True}
    definition = {"TimeoutSeconds": 700, "StartAt": "Fan", "States": {"Fan": {
        "Type": "Parallel", "End": True,
        "Branches": [_wait(650), {"StartAt": "Ask", "States": {"Ask": ask}}]}}}
    full = simulate(definition, {})
    assert (full.status, full.error, full.duration_seconds) == ("FAILED", "States.Timeout", 600.0)
    path = tmp_path / "fan.asl.json"
    path.write_text(json.dumps(definition))
    findings = Linter(Options(select=["EB105"], confirm=True, show_refuted=True)).lint_paths(
        [str(path)]).findings
    assert [(f.code, f.state, f.confirmation["status"]) for f in findings] == [
        ("EB105", "Ask", "confirmed")]
    assert findings[0].confirmation["summary"].startswith(
        "no receiver can send the task token back, so the task waited until the task failed "
        "with States.Timeout after 600 seconds of simulated time")
