"""Service mocks: what a Task state's service call answers in a simulation.

A mock is any object with `matches(resource, ctx) -> bool` and
`invoke(resource, parameters, ctx)`, which returns the task result, raises
`TaskError(error, cause)`, or returns an `Outcome` / `Callback` when timing matters:

- `Outcome.success(result, after=seconds)`: the call answers after `seconds` of simulated
  time (a Task's TimeoutSeconds applies); `Outcome.failure(error, cause, after=...)`;
  `Outcome.never()`: no answer at all (the task times out).
- `Callback(submitted=api_response, outcome=Outcome..., heartbeat_every=None)` for
  `.waitForTaskToken` resources: the API call answered `submitted` (recorded as TaskSubmitted),
  then the callback `outcome` arrives (SendTaskSuccess/SendTaskFailure), or never.
  A plain result from a mock for a callback resource is taken as the callback's output, as
  Step Functions Local does.

For `.sync` and `.waitForTaskToken` resources a raised `TaskError` is the job's or the
callback's failure (after TaskSubmitted); raise `RequestRejected` for a request the service
refused outright.

`simulate(mocks=...)` accepts a list of mocks, a dict `{state name: mock or response(s)}`,
or a `MockRegistry`. A Task no mock answers fails with `asllint.NoMock`.
"""

from __future__ import annotations

from asllint.evaluator.errors import NO_MOCK, RequestRejected, TaskError

__all__ = ["TaskError", "RequestRejected", "Outcome", "Callback", "TaskContext", "ServiceMock", "StaticMock",
           "FunctionMock", "MockRegistry", "load_mock_config", "MockConfigError"]


class MockConfigError(ValueError):
    """A Step Functions Local mock configuration that cannot be used."""


class Outcome:
    """A timed answer of a service call (or of a task token callback)."""

    def __init__(self, kind: str, result=None, error=None, cause=None, after: float = 0.0):
        self.kind = kind  # "success" | "failure" | "never"
        self.result = result
        self.error = error
        self.cause = cause
        self.after = after

    @classmethod
    def success(cls, result=None, *, after: float = 0.0) -> "Outcome":
        return cls("success", result=result, after=after)

    @classmethod
    def failure(cls, error: str, cause: str | None = None, *, after: float = 0.0) -> "Outcome":
        return cls("failure", error=error, cause=cause, after=after)

    @classmethod
    def never(cls) -> "Outcome":
        return cls("never")

    def __repr__(self):
        return f"Outcome({self.kind!r}, result={self.result!r}, error={self.error!r})"


class Callback:
    """What a `.waitForTaskToken` call does: the API's answer, then the token's fate."""

    def __init__(self, submitted=None, outcome: Outcome | None = None, *,
                 heartbeat_every: float | None = None):
        self.submitted = submitted
        self.outcome = outcome if outcome is not None else Outcome.never()
        self.heartbeat_every = heartbeat_every


class TaskContext:
    """What a mock knows about the call it answers."""

    def __init__(self, *, execution, state_name: str, attempt: int, invocation: int,
                 task_token: str | None, resource: str, pattern: str | None):
        self.execution = execution
        self.state_name = state_name
        self.attempt = attempt  # retries so far in this visit of the state (0 = first try)
        self.invocation = invocation  # calls of this state so far in the execution
        self.task_token = task_token
        self.resource = resource
        self.pattern = pattern  # None, "sync", "sync:2" or "waitForTaskToken"
        self.execution_arn = execution.identity.execution_arn
        self.state_machine_arn = execution.identity.state_machine_arn
        self.region = execution.identity.region
        self.account = execution.identity.account
        self.partition = execution.identity.partition

    @property
    def now(self) -> str:
        return self.execution.clock.iso()

    def note(self, assumption: str) -> None:
        self.execution.note(assumption)

    def new_id(self) -> str:
        return self.execution.new_uuid()


class ServiceMock:
    """Base class; subclasses override `matches` and `invoke`."""

    def matches(self, resource: str, ctx: TaskContext | None = None) -> bool:
        return True

    def invoke(self, resource: str, parameters, ctx: TaskContext):
        raise NotImplementedError


def _as_answer(response):
    """A canned response: a value, an Outcome, a Callback or an exception to raise."""
    if isinstance(response, BaseException):
        raise response
    return response


class StaticMock(ServiceMock):
    """Canned answers, one per call, the last one repeating.

    `resource` restricts the mock to resources containing that text (None: any resource).
    Responses may be values, `TaskError`s, `Outcome`s or `Callback`s.
    """

    def __init__(self, *responses, resource: str | None = None, repeat_last: bool = True):
        self.responses = list(responses) if responses else [{}]
        self.resource = resource
        self.repeat_last = repeat_last
        self.calls: list = []

    def matches(self, resource, ctx=None) -> bool:
        return self.resource is None or self.resource in resource

    def invoke(self, resource, parameters, ctx):
        index = len(self.calls)
        self.calls.append(parameters)
        if index >= len(self.responses):
            if not self.repeat_last:
                raise TaskError("States.Runtime", f"No mocked response for call {index + 1} of "
                                f"the state '{ctx.state_name}'.")
            index = len(self.responses) - 1
        return _as_answer(self.responses[index])


class FunctionMock(ServiceMock):
    """A mock written as a function `(resource, parameters, ctx) -> answer`."""

    def __init__(self, function, resource: str | None = None):
        self.function = function
        self.resource = resource

    def matches(self, resource, ctx=None) -> bool:
        return self.resource is None or self.resource in resource

    def invoke(self, resource, parameters, ctx):
        return self.function(resource, parameters, ctx)


class MockRegistry:
    """Mocks by state name first, then mocks by resource, then the built-in services."""

    def __init__(self, mocks=None, *, builtins: bool = True):
        self.by_state: dict = {}
        self.general: list = []
        self.builtins = builtins
        self._builtin_instances: list | None = None
        if isinstance(mocks, MockRegistry):
            self.by_state, self.general = dict(mocks.by_state), list(mocks.general)
            self.builtins = mocks.builtins and builtins
        elif isinstance(mocks, dict):
            for state, mock in mocks.items():
                self.by_state[state] = _coerce(mock)
        elif mocks is not None:
            for mock in (mocks if isinstance(mocks, (list, tuple)) else [mocks]):
                self.general.append(_coerce(mock))

    def add(self, mock, state: str | None = None) -> None:
        if state is None:
            self.general.append(_coerce(mock))
        else:
            self.by_state[state] = _coerce(mock)

    def find(self, resource: str, ctx: TaskContext):
        mock = self.by_state.get(ctx.state_name)
        if mock is not None:
            return mock
        for mock in self.general:
            if _matches(mock, resource, ctx):
                return mock
        if self.builtins:
            for mock in self._builtin():
                if _matches(mock, resource, ctx):
                    return mock
        return None

    def _builtin(self) -> list:
        """Mocks of the hook `asllint_service_mocks`: third-party plugins' first (pluggy calls
        the last registered first), then the built-in EventBridge bus (`asllint.eventbridge.bus`)."""
        if self._builtin_instances is None:
            self._builtin_instances = _plugin_mocks()
        return self._builtin_instances

    @staticmethod
    def no_mock(resource: str, state_name: str) -> TaskError:
        return TaskError(NO_MOCK, f"No mock answers the Task state '{state_name}' (Resource "
                                  f"'{resource}'). Give simulate() a mock for this state or "
                                  "resource (see asllint.evaluator.mocks).")


def _matches(mock, resource: str, ctx) -> bool:
    # The hook spec documents `matches(resource)`; the evaluator's own mocks also take ctx.
    try:
        return bool(mock.matches(resource, ctx))
    except TypeError:
        return bool(mock.matches(resource))


def _plugin_mocks() -> list:
    try:
        from asllint.plugins import manager
        groups = manager().hook.asllint_service_mocks()
    except Exception:  # noqa: BLE001 - no plugin system, or a broken plugin: run without
        return []
    return [mock for group in groups or () for mock in (group or ())]


def _coerce(mock):
    if isinstance(mock, ServiceMock) or (hasattr(mock, "invoke") and hasattr(mock, "matches")):
        return mock
    if callable(mock):
        return FunctionMock(mock)
    if isinstance(mock, list):
        return StaticMock(*mock)
    return StaticMock(mock)


# -- Step Functions Local mock configuration ---------------------------------------------------

class _NumberedResponses(ServiceMock):
    """A MockedResponses entry: answers keyed by invocation number ("0", "1-2", ...)."""

    def __init__(self, name: str, spec: dict):
        if not isinstance(spec, dict):
            raise MockConfigError(f"MockedResponses['{name}'] must be an object.")
        self.name = name
        self.ranges = []
        for key, answer in spec.items():
            try:
                low, _, high = str(key).partition("-")
                low_n, high_n = int(low), int(high) if high else int(low)
            except ValueError:
                raise MockConfigError(f"MockedResponses['{name}'] has a bad invocation key "
                                      f"{key!r} (use \"0\", \"1\" or a range \"1-2\").") from None
            if not isinstance(answer, dict) or ("Return" in answer) == ("Throw" in answer):
                raise MockConfigError(f"MockedResponses['{name}']['{key}'] needs exactly one of "
                                      "Return or Throw.")
            if "Throw" in answer and not isinstance(answer["Throw"], dict):
                raise MockConfigError(f"MockedResponses['{name}']['{key}'].Throw must be an object.")
            self.ranges.append((low_n, high_n, answer))
        self.count = 0

    def invoke(self, resource, parameters, ctx):
        number = self.count
        self.count += 1
        for low, high, answer in self.ranges:
            if low <= number <= high:
                if "Return" in answer:
                    return answer["Return"]
                thrown = answer["Throw"]
                raise TaskError(thrown.get("Error"), thrown.get("Cause"))
        # Step Functions Local fails the execution when an invocation has no response.
        raise TaskError("States.Runtime", f"The mocked response '{self.name}' has no entry for "
                        f"invocation {number} of the state '{ctx.state_name}'.")


def load_mock_config(data, state_machine: str, test_case: str) -> dict:
    """Mocks `{state name: mock}` for one test case of a Step Functions Local MockConfigFile."""
    if isinstance(data, str):
        import json
        data = json.loads(data)
    if not isinstance(data, dict):
        raise MockConfigError("A mock configuration must be a JSON object.")
    machines = data.get("StateMachines")
    responses = data.get("MockedResponses")
    if not isinstance(machines, dict) or not isinstance(responses, dict):
        raise MockConfigError("A mock configuration needs StateMachines and MockedResponses objects.")
    machine = machines.get(state_machine)
    if not isinstance(machine, dict):
        raise MockConfigError(f"The mock configuration has no state machine '{state_machine}' "
                              f"(it has: {', '.join(sorted(machines)) or 'none'}).")
    cases = machine.get("TestCases")
    case = cases.get(test_case) if isinstance(cases, dict) else None
    if not isinstance(case, dict):
        known = ", ".join(sorted(cases)) if isinstance(cases, dict) else "none"
        raise MockConfigError(f"The state machine '{state_machine}' has no test case "
                              f"'{test_case}' (it has: {known}).")
    mocks = {}
    for state, response_name in case.items():
        if response_name not in responses:
            raise MockConfigError(f"Test case '{test_case}' names the mocked response "
                                  f"'{response_name}', which MockedResponses does not define.")
        mocks[state] = _NumberedResponses(response_name, responses[response_name])
    return mocks
