"""The Task state: input processing, the mocked service call, timeouts and the result.

History events follow the resource kind, as on AWS: optimized and SDK integrations record
TaskScheduled/TaskStarted/[TaskSubmitted]/TaskSucceeded|TaskFailed|TaskTimedOut; a Lambda
function ARN records the LambdaFunction* family; an activity ARN the Activity* family.
"""

from __future__ import annotations

import math

from asllint.asl import quotas as limits
from asllint.asl import resources
from asllint.evaluator.errors import (
    RUNTIME, TIMEOUT, RequestRejected, StateFailure, TaskError)
from asllint.evaluator.history import error_details, to_text
from asllint.evaluator.mocks import Callback, MockRegistry, Outcome, TaskContext
from asllint.evaluator.visit import StateResult, Visit

# The integration patterns the simulator runs; another suffix names no integration it knows.
_SIMULATED_PATTERNS = {resources.RR: None, resources.SYNC: "sync", resources.SYNC2: "sync:2",
                       resources.WAIT: "waitForTaskToken"}


class ResourceKind:
    def __init__(self, resource: str):
        self.resource = resource
        self.pattern = None
        parsed = resources.parse_resource(resource)
        if (parsed.integration and parsed.partition and not parsed.regional and parsed.service
                and parsed.action and parsed.pattern in _SIMULATED_PATTERNS):
            self.family = "Task"
            self.resource_type = ("aws-sdk:" if parsed.kind == resources.SDK else "") + parsed.service
            self.short = parsed.action + parsed.pattern
            self.pattern = _SIMULATED_PATTERNS[parsed.pattern]
        elif parsed.kind == resources.LAMBDA and parsed.partition and parsed.rest.startswith("function:"):
            self.family, self.resource_type, self.short = "LambdaFunction", None, resource
        elif parsed.kind == resources.ACTIVITY and parsed.partition:
            self.family, self.resource_type, self.short = "Activity", None, resource
            self.pattern = "waitForTaskToken"  # a worker answers with the token
        else:
            self.family, self.resource_type, self.short = "Task", "unknown", str(resource)

    @property
    def waits_for_callback(self) -> bool:
        return self.pattern == "waitForTaskToken"

    @property
    def submits(self) -> bool:
        """Integrations that record TaskSubmitted, then wait for a job or a callback."""
        return self.family == "Task" and self.pattern is not None

    def details(self, **fields) -> dict:
        base = {} if self.family != "Task" else {"resourceType": self.resource_type,
                                                 "resource": self.short}
        base.update({k: v for k, v in fields.items() if v is not None})
        return base

    def label(self) -> str:
        """How AWS names the task in a DataLimitExceeded cause."""
        return self.resource_type if self.family == "Task" else self.resource


def run_task(visit: Visit) -> StateResult:
    """One attempt of the Task (the interpreter retries and catches)."""
    state = visit.state
    language = visit.language
    kind = ResourceKind(state.get("Resource"))
    # The service model: "task tokens are generated ... in the context object when a workflow
    # enters a task state" - every Task, not only callbacks (EB107 relies on it).
    token = visit.execution.new_task_token()
    visit.set_extra({"Task": {"Token": token}})
    effective = language.effective_input(visit)
    parameters = language.parameters(visit, effective)
    language.credentials(visit, effective)
    timeout = language.task_seconds(visit, "TimeoutSeconds", effective)
    heartbeat = language.task_seconds(visit, "HeartbeatSeconds", effective)
    visit.set_extra(None)

    result = _call(visit, kind, parameters, visit.retry_count, token, timeout, heartbeat)
    return StateResult(*language.finish(visit, result))


def _call(visit: Visit, kind: ResourceKind, parameters, retries: int, token, timeout, heartbeat):
    """Schedule, run and finish the service call; return its result or raise."""
    execution = visit.execution
    text = to_text(parameters)
    family = kind.family
    if family == "Task":
        visit.record("TaskScheduled", kind.details(
            region=execution.identity.region, parameters=text,
            timeoutInSeconds=timeout, heartbeatInSeconds=heartbeat))
        visit.record("TaskStarted", kind.details())
    else:
        visit.record(f"{family}Scheduled", {"resource": kind.resource, "input": text,
                                            "inputDetails": {"truncated": False},
                                            **({"timeoutInSeconds": timeout} if timeout else {}),
                                            **({"heartbeatInSeconds": heartbeat} if heartbeat else {})})
        visit.record(f"{family}Started",
                     {"workerName": "asllint-simulated-worker"} if family == "Activity" else None)
    if execution.too_large(None, text):
        _fail(visit, kind, "States.DataLimitExceeded",
              f"The state/task '{kind.label()}' has an input with a size exceeding the maximum "
              "number of bytes service limit.")

    invocations = execution.invocations
    invocation = invocations.get(visit.name, 0)
    invocations[visit.name] = invocation + 1
    ctx = TaskContext(execution=execution, state_name=visit.name, attempt=retries,
                      invocation=invocation, task_token=token, resource=kind.resource,
                      pattern=kind.pattern)
    execution.task_calls.append({"state": visit.name, "resource": kind.resource,
                                 "parameters": parameters, "attempt": retries})
    registry: MockRegistry = execution.mocks
    mock = registry.find(kind.resource, ctx)
    try:
        if mock is None:
            raise MockRegistry.no_mock(kind.resource, visit.name)
        answer = mock.invoke(kind.resource, parameters, ctx)
    except TaskError as error:
        cause = error.cause if error.cause is None or isinstance(error.cause, str) else to_text(error.cause)
        if mock is None or isinstance(error, RequestRejected) or not kind.submits:
            _fail(visit, kind, error.error, cause, catchable=mock is not None)
        # The job (.sync) or the callback (.waitForTaskToken) failed, after submission.
        answer = Callback(submitted={}, outcome=Outcome.failure(error.error, cause))

    outcome, submitted, heartbeat_every = _normalise(answer, kind)
    if submitted is not _NOTHING:
        visit.record("TaskSubmitted", kind.details(output=to_text(submitted),
                                                   outputDetails={"truncated": False}))
    _wait_for(visit, kind, outcome, timeout, heartbeat, heartbeat_every)
    if outcome.kind == "failure":
        _fail(visit, kind, outcome.error, outcome.cause)
    result = outcome.result
    result_text = to_text(result)
    if execution.too_large(None, result_text):
        _fail(visit, kind, "States.DataLimitExceeded",
              f"The state/task '{kind.label()}' returned a result with a size exceeding the "
              "maximum number of bytes service limit.")
    visit.record(f"{family}Succeeded", kind.details(output=result_text,
                                                    outputDetails={"truncated": False}))
    return result


_NOTHING = object()


def _normalise(answer, kind: ResourceKind):
    """(outcome, submitted API response or _NOTHING, heartbeat interval) of a mock answer."""
    if isinstance(answer, Callback):
        submitted = answer.submitted if answer.submitted is not None else {}
        return answer.outcome, submitted, answer.heartbeat_every
    outcome = answer if isinstance(answer, Outcome) else Outcome.success(answer)
    if kind.submits:
        return outcome, {}, None
    return outcome, _NOTHING, None


def _wait_for(visit: Visit, kind: ResourceKind, outcome: Outcome, timeout, heartbeat,
              heartbeat_every) -> None:
    """Move the clock to the answer, or to the timeout that comes first."""
    arrival = math.inf if outcome.kind == "never" else max(float(outcome.after or 0), 0.0)
    limit = float(timeout) if timeout else float(limits.TASK_DEFAULT_TIMEOUT)
    heartbeat_limit = math.inf
    if heartbeat and (kind.waits_for_callback or kind.family == "Activity"):
        if heartbeat_every is None or heartbeat_every > heartbeat:
            heartbeat_limit = float(heartbeat)
    deadline = min(limit, heartbeat_limit)
    if arrival <= deadline:
        _advance(visit, arrival, kind)
        return
    _advance(visit, deadline, kind)
    failure = StateFailure(TIMEOUT, None)
    failure.heartbeat = heartbeat_limit < limit
    visit.record(f"{kind.family}TimedOut", kind.details(error=TIMEOUT))
    raise failure


def _advance(visit: Visit, seconds: float, kind: ResourceKind) -> None:
    what = ("a callback that never came" if kind.waits_for_callback
            else "a service call that did not answer")
    visit.execution.wait(seconds, f"The Task state '{visit.name}' waited for {what}; the "
                                  "execution reached its maximum duration first (no "
                                  "TimeoutSeconds or HeartbeatSeconds bounded the wait).")


def _fail(visit: Visit, kind: ResourceKind, error, cause, *, catchable: bool = True):
    visit.record(f"{kind.family}Failed", kind.details(**error_details(error, cause)))
    # States.Runtime is never retried or caught, whoever raises it (spec section 9.1).
    raise StateFailure(error, cause, catchable=catchable and error != RUNTIME)
