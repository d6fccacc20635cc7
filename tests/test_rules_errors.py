"""Retry/Catch rules (ASL4xx): exact codes, messages and positions."""

from __future__ import annotations


def task(retry=None, catch=None):
    state = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke"}
    if retry is not None:
        state["Retry"] = retry
    if catch is not None:
        state["Catch"] = catch
    state["End"] = True
    return {"StartAt": "T", "States": {"T": state, "F": {"Type": "Fail", "Error": "X"}}}


def test_empty_error_equals(lint):
    d = task(retry=[{"ErrorEquals": []}], catch=[{"Next": "F"}, {"ErrorEquals": [True], "Next": "F"}])
    # missing or mistyped ErrorEquals are the structure rules' (ASL101, ASL103)
    assert lint(d, "ASL401") == [
        ("ASL401", 9, 26, "ErrorEquals is empty: this retrier matches no error, and AWS rejects the state machine")]


def test_states_all_not_alone_and_not_last(lint):
    d = task(retry=[{"ErrorEquals": ["States.ALL", "Lambda.Unknown"]}, {"ErrorEquals": ["X"]}])
    assert lint(d, "ASL402,ASL403,ASL404") == [
        ("ASL402", 10, 13, "States.ALL must appear alone in its ErrorEquals: AWS rejects the state machine"),
        ("ASL403", 10, 13, "The retrier on States.ALL must be the last in Retry: AWS rejects the state machine")]


def test_shadowed_by_same_name(lint):
    d = task(catch=[{"ErrorEquals": ["A", "B"], "Next": "F"}, {"ErrorEquals": ["B"], "Next": "F"}])
    assert lint(d, "ASL404") == [
        ("ASL404", 16, 26, "This catcher never runs: the earlier Catch[0] (B) already matches every error it lists")]


def test_task_failed_shadows_custom_names_only(lint):
    d = task(retry=[{"ErrorEquals": ["States.TaskFailed"]}, {"ErrorEquals": ["States.Timeout"]},
                    {"ErrorEquals": ["States.Permissions"]}, {"ErrorEquals": ["Lambda.Unknown"]}])
    found = lint(d, "ASL404")
    assert [(c, m) for c, _, _, m in found] == [
        ("ASL404", "This retrier never runs: the earlier Retry[0] (States.TaskFailed) already matches every error it lists")]


def test_partial_overlap_not_reported(lint):
    d = task(retry=[{"ErrorEquals": ["A"]}, {"ErrorEquals": ["A", "B"]}])
    assert lint(d, "ASL404") == []


def test_unknown_states_error(lint):
    d = task(retry=[{"ErrorEquals": ["States.TaskFailedId"]}])
    assert lint(d, "ASL405") == [
        ("ASL405", 10, 13, 'Unknown error name "States.TaskFailedId" (did you mean \'States.TaskFailed\'?): names '
                          'starting with "States." are reserved and this one is never raised, so the retrier '
                          "never matches it")]


def test_known_and_fail_raised_states_errors_not_reported(lint):
    d = task(catch=[{"ErrorEquals": ["States.Http.StatusCode.404", "States.Http.Socket", "States.QuorumMet",
                                     "States.DataLimitExceeded", "States.ExceedToleratedFailureThreshold"],
                     "Next": "F"}])
    d["States"]["F"]["Error"] = "States.QuorumMet"
    assert lint(d, "ASL405") == []


def test_retry_fields(lint):
    d = task(retry=[{"ErrorEquals": ["X"], "IntervalSeconds": 1.5, "MaxAttempts": -1, "BackoffRate": 1,
                     "MaxDelaySeconds": 0, "JitterStrategy": "SOME"}])
    assert lint(d, "ASL406") == [
        ("ASL406", 12, 30, "IntervalSeconds must be an integer, not 1.5: AWS rejects the state machine"),
        ("ASL406", 13, 26, "MaxAttempts must be a non-negative integer, not -1: AWS rejects the state machine"),
        ("ASL406", 15, 30, "MaxDelaySeconds must be a positive integer, not 0: AWS rejects the state machine"),
        ("ASL406", 16, 29, 'JitterStrategy must be "FULL" or "NONE", not "SOME": AWS rejects the state machine')]


def test_retry_field_upper_bound_and_valid_values(lint):
    d = task(retry=[{"ErrorEquals": ["X"], "MaxAttempts": 100000000}])
    assert [f[3] for f in lint(d, "ASL406")] == [
        "MaxAttempts must be at most 99999999, not 100000000: AWS rejects the state machine"]
    d = task(retry=[{"ErrorEquals": ["X"], "IntervalSeconds": 3, "MaxAttempts": 0, "BackoffRate": 2,
                     "MaxDelaySeconds": 10, "JitterStrategy": "FULL"}])
    assert lint(d, "ASL406") == []


def test_states_runtime(lint):
    d = task(retry=[{"ErrorEquals": ["States.Runtime"]}])
    assert lint(d, "ASL407") == [
        ("ASL407", 10, 13, "States.Runtime is never retried: the execution fails at once, even with an explicit "
                          "retrier; fix the path or expression that raises it instead")]


def test_data_limit_exceeded_is_not_claimed_uncatchable(lint):
    d = task(catch=[{"ErrorEquals": ["States.DataLimitExceeded"], "Next": "F"}, {"ErrorEquals": ["States.ALL"], "Next": "F"}])
    assert lint(d, "ASL4") == []
