"""Failures inside a simulated execution.

Three kinds, because AWS treats them differently:

- `TaskError` is what a service mock raises: an error name and a cause, exactly like a
  failed service call. It goes through Retry and Catch like on AWS.
- `StateFailure` is a failure of a state as the interpreter sees it (a task error, a Fail
  state, a JSONata evaluation error, States.Runtime...). `catchable` is False for
  `States.Runtime`, which AWS never retries or catches (spec section 9.1).
- `ExecutionHalt` ends the whole execution at once whatever scope it is raised in: a
  timeout of the execution, the history limit, the transition cap.
"""

from __future__ import annotations

from asllint.bounded import BUDGET_EXCEEDED  # noqa: F401  (evaluator modules import it from here)
from asllint.asl.errors import QUERY_EVALUATION, RUNTIME, TIMEOUT  # noqa: F401  (evaluator modules import them from here)

# Error names the simulator itself invents for situations AWS has no name for.
# They never start with "States." so nobody mistakes them for AWS error names.
NO_MOCK = "asllint.NoMock"
TRANSITION_LIMIT = "asllint.TransitionLimitExceeded"
HISTORY_LIMIT = "asllint.HistoryLimitExceeded"
INVALID_DEFINITION = "asllint.InvalidDefinition"
MOCK_CONFIG = "asllint.MockConfigError"


class TaskError(Exception):
    """Raised by a service mock: the service call failed with `error` and `cause`."""

    def __init__(self, error: str, cause: str | None = None):
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause


class RequestRejected(TaskError):
    """Raised by a mock when the service rejected the request itself.

    Only matters for `.sync` and `.waitForTaskToken` resources: a plain TaskError there is
    the outcome of the job or of the callback (recorded after TaskSubmitted), whereas a
    rejected request fails the task before anything was submitted."""


class StateFailure(Exception):
    """A state failed with an AWS error name and cause.

    `prefixed` marks causes that already carry AWS's "An error occurred while executing the
    state ..." prefix, which AWS adds once, at the innermost state, to failures the
    interpreter raises itself (never to a Fail state's cause or a service's cause).
    """

    def __init__(self, error: str | None, cause: str | None = None, *, catchable: bool = True,
                 interpreter: bool = False):
        super().__init__(f"{error}: {cause}")
        self.error = error
        self.cause = cause
        self.catchable = catchable
        self.interpreter = interpreter
        self.prefixed = False
        # The history event type to record when the failure ends the execution at the top
        # level; set by whoever knows better (a timeout is "ExecutionFailed" too on AWS).
        self.recorded = False


def runtime_error(cause: str) -> StateFailure:
    """States.Runtime: not retried, not caught (AWS-observed, spec section 9.1)."""
    return StateFailure(RUNTIME, cause, catchable=False, interpreter=True)


def query_error(cause: str) -> StateFailure:
    """States.QueryEvaluationError: a JSONata field failed; catchable on Task/Map/Parallel."""
    return StateFailure(QUERY_EVALUATION, cause, interpreter=True)


class ExecutionHalt(Exception):
    """Ends the whole execution immediately with this status, error and cause."""

    def __init__(self, status: str, error: str | None, cause: str | None):
        super().__init__(f"{status} {error}: {cause}")
        self.status = status
        self.error = error
        self.cause = cause


class DefinitionError(ValueError):
    """The definition cannot be simulated (not JSON, no States, a Next to a missing state...)."""
