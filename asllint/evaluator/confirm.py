"""Confirming findings by simulation: the evaluator's `asllint_confirm` implementation.

For each confirmable finding a scenario is built that should trigger what the rule predicts
(scenario.py reaches the state), the evaluator runs it with the EventBridge mock, and the
verdict says what happened: confirmed, refuted (something the rule did not model handles it),
or unknown (the simulation could not tell, with the reason). Importing this module is cheap:
the interpreter loads only when a confirmable finding exists."""

from __future__ import annotations

from asllint.evaluator.errors import BUDGET_EXCEEDED
from asllint.hookspecs import hookimpl

CONFIRMABLE = ("EB101", "EB102", "EB104", "EB105", "EB201")


@hookimpl
def asllint_confirm(finding, machine):
    scenario = _SCENARIOS.get(finding.code)
    if scenario is None:
        return None
    state = _find_state(machine, finding)
    if state is None:
        return verdict("unknown", "the finding names no state the simulation can run", [], None)
    from asllint.evaluator import budget

    try:
        with budget.limit(seconds=budget.CONFIRMATION_SECONDS):
            return scenario(finding, machine, state)
    except _Stopped as stopped:
        return verdict("unknown", stopped.reason, [], None)
    except Exception as e:  # noqa: BLE001 - a simulation problem must not stop the lint run
        return verdict("unknown", f"the simulation could not run this state: {type(e).__name__}: {e}", [], None)


def verdict(status, summary, trace, scenario) -> dict:
    return {"status": status, "summary": summary, "trace": trace, "scenario": scenario}


def _find_state(machine, finding):
    name = (finding.data or {}).get("state") or finding.state
    pointer = (finding.data or {}).get("state_pointer")
    for state in machine.states():
        if (pointer and state.pointer == pointer) or (not pointer and state.name == name):
            return state
    return None


# -- running ------------------------------------------------------------------------------

_CAPTURE: list | None = None   # set by replay(): the simulations a verdict was drawn from


def replay(finding, machine):
    """(verdict, [SimulationResult...]) of a finding's scenario, for `asllint simulate --scenario`."""
    global _CAPTURE
    _CAPTURE = []
    try:
        return asllint_confirm(finding, machine), list(_CAPTURE)
    finally:
        _CAPTURE = None


def _run(machine, scen, eb_mock):
    from asllint.evaluator import budget, simulate
    from asllint.evaluator.mocks import FunctionMock

    other_tasks = FunctionMock(lambda resource, parameters, ctx: {})
    source = machine.source
    result = simulate(scen.definition, scen.input, mocks=[eb_mock, other_tasks],
                      substitutions=getattr(source, "substitutions", None) or None,
                      context={"state_machine_name": machine.name or "StateMachine"},
                      max_transitions=2000)
    if _CAPTURE is not None:
        _CAPTURE.append(result)
    if result.error == BUDGET_EXCEEDED:
        # "The simulation exceeded its budget of 5 seconds." -> the verdict's reason
        raise _Stopped(result.cause[:1].lower() + result.cause[1:].rstrip("."))
    notes = budget.current().notes  # e.g. a regular expression RE2 cannot run
    if notes:
        raise _Stopped(notes[0])
    return result


class _Stopped(Exception):
    """A simulation behind the verdict stopped short or could not run something as AWS would:
    the verdict is unknown, with this reason."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _trace(result, state_name: str) -> list:
    """The events of the state in question, and the end of the execution."""
    out, current = [], None
    for event in result.history:
        etype = event["type"]
        if etype.endswith("StateEntered"):
            current = event.get("stateEnteredEventDetails", {}).get("name")
        if current == state_name or etype.startswith("Execution") and etype != "ExecutionStarted":
            out.append(event)
        if etype.endswith("StateExited"):
            current = None
    return out[:40]


def _scenario_dict(scen, mock_description) -> dict:
    return {"input": scen.input, "mocks": mock_description, "assumptions": scen.assumptions}


def _assumed(scen) -> str:
    return f" (assumed: {'; '.join(scen.assumptions)})" if scen.assumptions else ""


def _attempts(result, state_name: str) -> int:
    return sum(1 for c in result.task_calls if c.get("state") == state_name)


def _ended(result) -> str:
    if result.status == "SUCCEEDED":
        return "SUCCEEDED"
    return f"{result.status} with {result.error}"


def _handled_by(result, scen) -> str:
    from asllint.evaluator.scenario import CAUGHT

    entered = [e.get("stateEnteredEventDetails", {}).get("name") for e in result.history if e["type"].endswith("StateEntered")]
    if CAUGHT in entered:
        return "a Catch handled the failure"
    return "the execution ended " + _ended(result)


# -- the scenarios ------------------------------------------------------------------------

def _failed_entry_not_caught(finding, machine, state):
    from asllint.eventbridge.bus import EventBridgeMock
    from asllint.evaluator.scenario import focus

    scen = focus(machine, state)
    mock = EventBridgeMock(fail_always={0: "InternalFailure"})
    result = _run(machine, scen, mock)
    described = _scenario_dict(scen, {"eventbridge": {"fail_always": {"0": "InternalFailure"}}, "other tasks": "{}"})
    attempts = _attempts(result, state.name)
    if result.status == "FAILED" and result.error == "EventBridge.FailedEntry":
        return verdict("confirmed", f"PutEvents failed entry 0 on every attempt; after {attempts} attempt"
                       f"{'s' if attempts != 1 else ''} the execution FAILED with EventBridge.FailedEntry"
                       f"{_assumed(scen)}.", _trace(result, state.name), described)
    if attempts == 0:
        return verdict("unknown", f"the simulation did not reach state {state.name!r}: {_ended(result)}"
                       f" ({result.cause or ''})"[:300], _trace(result, state.name), described)
    return verdict("refuted", f"PutEvents failed entry 0 on every attempt, but {_handled_by(result, scen)}"
                   f"{_assumed(scen)}.", _trace(result, state.name), described)


def _retry_duplicates(finding, machine, state):
    from asllint.eventbridge.bus import EventBridgeMock
    from asllint.evaluator.scenario import focus

    scen = focus(machine, state)
    count = (finding.data or {}).get("entries") or 2
    last = max(count - 1, 1)
    mock = EventBridgeMock(fail={1: {last: "InternalFailure"}})
    result = _run(machine, scen, mock)
    described = _scenario_dict(scen, {"eventbridge": {"fail": {"1": {str(last): "InternalFailure"}}}, "other tasks": "{}"})
    dups = {k: v for k, v in result.duplicate_events().items() if v > 1}
    if dups:
        extra = sum(v - 1 for v in dups.values())
        return verdict("confirmed", f"entry {last} failed on the first attempt only; the retry re-sent the whole "
                       f"array and the bus received {extra} duplicate event{'s' if extra != 1 else ''}"
                       f"{_assumed(scen)}.", _trace(result, state.name), described)
    if _attempts(result, state.name) == 0:
        return verdict("unknown", f"the simulation did not reach state {state.name!r}: {_ended(result)}",
                       _trace(result, state.name), described)
    return verdict("refuted", f"entry {last} failed on the first attempt, but no entry was delivered twice "
                   f"({_handled_by(result, scen)}){_assumed(scen)}.", _trace(result, state.name), described)


def _payload_too_large(finding, machine, state):
    from asllint.eventbridge.bus import EventBridgeMock
    from asllint.evaluator.scenario import focus

    scen = focus(machine, state)
    result = _run(machine, scen, EventBridgeMock())
    described = _scenario_dict(scen, {"eventbridge": "as written", "other tasks": "{}"})
    cause = str(result.cause or "")
    if result.error == "States.DataLimitExceeded" or "size" in cause.lower() or "limit" in cause.lower():
        return verdict("confirmed", f"the task's payload as written is over the limit: the execution "
                       f"{_ended(result)}{_assumed(scen)}.", _trace(result, state.name), described)
    data = finding.data or {}
    limit = data.get("limit")
    if limit and limit < 262144:
        return verdict("unknown", f"the simulated bus accepts entries up to 256 KiB; the configured limit "
                       f"of {limit:,} bytes cannot be simulated", _trace(result, state.name), described)
    return verdict("refuted", f"the payload went through: the execution {_ended(result)}{_assumed(scen)}.",
                   _trace(result, state.name), described)


def _callback_never_completes(finding, machine, state):
    from asllint.eventbridge.bus import EventBridgeMock
    from asllint.evaluator.mocks import Outcome
    from asllint.evaluator.scenario import focus

    scen = focus(machine, state)
    result = _run(machine, scen, EventBridgeMock(callback=Outcome.never()))
    described = _scenario_dict(scen, {"eventbridge": {"callback": "never"}, "other tasks": "{}"})
    waited = result.duration_seconds
    trace = _trace(result, state.name)
    timed_out = any(e["type"] == "TaskTimedOut" for e in trace)
    if result.status == "TIMED_OUT" or timed_out or result.error in ("States.Timeout", "States.HeartbeatTimeout"):
        how = "the execution timed out" if result.status == "TIMED_OUT" else "the task failed with States.Timeout"
        then = "; a Catch took over from there" if timed_out and result.status == "SUCCEEDED" else ""
        return verdict("confirmed", f"no receiver can send the task token back, so the task waited until "
                       f"{how} after {_duration(waited)} of simulated time{then}{_assumed(scen)}.",
                       _trace(result, state.name), described)
    return verdict("refuted" if _attempts(result, state.name) else "unknown",
                   f"without a callback the execution still ended {_ended(result)}{_assumed(scen)}.",
                   _trace(result, state.name), described)


def _sdk_failures_unchecked(finding, machine, state):
    from asllint.eventbridge.bus import EventBridgeMock
    from asllint.evaluator.scenario import focus

    scen = focus(machine, state, keep_successors=True)
    ok = _run(machine, scen, EventBridgeMock())
    failing = _run(machine, scen, EventBridgeMock(fail_always={0: "InternalFailure"}))
    described = _scenario_dict(scen, {"eventbridge": {"fail_always": {"0": "InternalFailure"}}, "other tasks": "{}",
                                      "compared with": "the same run with every entry delivered"})
    if _attempts(failing, state.name) == 0:
        return verdict("unknown", f"the simulation did not reach state {state.name!r}: {_ended(failing)}",
                       _trace(failing, state.name), described)
    path_ok, path_failing = _path(ok), _path(failing)
    lost = sum(1 for c in failing.task_calls if c.get("state") == state.name) and not any(
        e.get("entry") == 0 and e.get("state") == state.name for e in failing.events)
    if failing.status == ok.status and path_ok == path_failing:
        return verdict("confirmed", f"PutEvents reported entry 0 as failed, yet the execution {_ended(failing)} "
                       f"through the same states as when every entry is delivered"
                       f"{'; the event was lost' if lost else ''}{_assumed(scen)}.", _trace(failing, state.name), described)
    return verdict("refuted", f"with a failed entry the execution took another way ({_ended(failing)} via "
                   f"{' -> '.join(path_failing[-4:])}): the definition reacts to FailedEntryCount"
                   f"{_assumed(scen)}.", _trace(failing, state.name), described)


def _path(result) -> list:
    return [e.get("stateEnteredEventDetails", {}).get("name") for e in result.history if e["type"].endswith("StateEntered")]


def _duration(seconds: float) -> str:
    if seconds >= 86400 * 300:
        return f"{seconds / (86400 * 365):.1f} years"
    if seconds >= 86400:
        return f"{seconds / 86400:.1f} days"
    return f"{seconds:g} seconds"


_SCENARIOS = {
    "EB101": _failed_entry_not_caught,
    "EB102": _retry_duplicates,
    "EB104": _payload_too_large,
    "EB105": _callback_never_completes,
    "EB201": _sdk_failures_unchecked,
}
