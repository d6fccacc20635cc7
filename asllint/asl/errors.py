"""The `States.*` error names and how a Retrier's or Catcher's ErrorEquals matches an error.

Sources: asl-semantics.md §9.1 (ASL spec Appendix A, SFN-ERR, LS-SNAP recordings) and
open-questions.md 6, 7 and 28. Where the AWS documentation and AWS's recorded behaviour
disagree, the recorded behaviour wins; where nothing was recorded, the documentation does."""

from __future__ import annotations

ALL = "States.ALL"
TASK_FAILED = "States.TaskFailed"
TIMEOUT = "States.Timeout"
HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout"
RUNTIME = "States.Runtime"
DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded"
QUERY_EVALUATION = "States.QueryEvaluationError"
HTTP_STATUS_PREFIX = "States.Http.StatusCode."

# Every `States.*` name Step Functions defines (asl-semantics.md §9.1), plus the
# `States.Http.StatusCode.<digits>` family that `is_states_error` accepts.
STATES_ERRORS = (
    ALL, HEARTBEAT_TIMEOUT, TIMEOUT, TASK_FAILED,
    "States.Permissions", "States.ResultPathMatchFailure", "States.ParameterPathFailure",
    QUERY_EVALUATION, "States.BranchFailed", "States.NoChoiceMatched",
    "States.IntrinsicFailure", "States.ExceedToleratedFailureThreshold",
    "States.ItemReaderFailed", "States.ResultWriterFailed", RUNTIME,
    DATA_LIMIT_EXCEEDED, "States.Http.Socket",
)

# Never retried or caught, not even by a handler naming it: AWS failed the execution although a
# Catcher listed States.Runtime (LS-SNAP `test_catch_states_runtime`).
UNCATCHABLE = frozenset((RUNTIME,))

# Names that, in ErrorEquals, match errors other than themselves.
WILDCARDS = frozenset((ALL, TASK_FAILED, HEARTBEAT_TIMEOUT))


def is_states_error(name: str) -> bool:
    """Whether `name` is an error name Step Functions defines in its reserved namespace."""
    if name in STATES_ERRORS:
        return True
    if name.startswith(HTTP_STATUS_PREFIX):
        return name[len(HTTP_STATUS_PREFIX):].isdigit()
    return False


def error_matches(error: str | None, error_equals, *, heartbeat: bool = False) -> bool:
    """Whether a Retrier/Catcher with this ErrorEquals handles `error`.

    - `States.Runtime` is matched by nothing (see UNCATCHABLE);
    - `States.ALL` matches every other error, `States.DataLimitExceeded` included: AWS caught an
      oversize Task result with it although SFN-ERR says otherwise (open-questions 28);
    - `States.TaskFailed` matches every error except `States.Timeout` (SFN-ERR; open-questions 7
      chose the documentation over LocalStack's "only names outside States.");
    - `States.HeartbeatTimeout` matches a missed heartbeat (`heartbeat`), which AWS reports as
      `States.Timeout` (open-questions 6);
    - any other name matches itself only.
    A malformed ErrorEquals (not a list) matches nothing. A failure without an error name (a Fail
    state without Error) is matched by the wildcards only."""
    if not isinstance(error_equals, list) or error in UNCATCHABLE:
        return False
    for name in error_equals:
        if (name == error and error is not None) or name == ALL:
            return True
        if name == TASK_FAILED and error not in (TIMEOUT, HEARTBEAT_TIMEOUT):
            return True
        if name == HEARTBEAT_TIMEOUT and heartbeat:
            return True
    return False


def surely_matches(error: str, error_equals) -> bool:
    """`error_matches` without the one unrecorded case: `States.TaskFailed` matching another
    `States.*` error (SFN-ERR says it does, LocalStack says it does not, and no AWS recording
    decides; open-questions 7). A lint finding claiming a match uses this, so it holds either way."""
    if not error_matches(error, error_equals):
        return False
    if error in error_equals or ALL in error_equals or not error.startswith("States."):
        return True
    return False


def first_match(handlers, error: str, *, heartbeat: bool = False) -> tuple[int, dict] | None:
    """(index, handler) of the first Retrier/Catcher in `handlers` that matches `error`: the one
    Step Functions applies."""
    if not isinstance(handlers, list):
        return None
    for index, handler in enumerate(handlers):
        if isinstance(handler, dict) and error_matches(error, handler.get("ErrorEquals"), heartbeat=heartbeat):
            return index, handler
    return None
