"""The EventBridge rules' confirmation scenarios (EB101, EB102, EB104, EB105, EB201).

Each scenario is the `confirm=` of its rule: it focuses the definition on the finding's state
(`asllint.evaluator.scenario.focus`), runs it with the EventBridge bus mock set up to trigger
what the rule predicts, and reads the verdict from the result. The generic machinery (running,
traces, the verdict's shape, the `asllint_confirm` hook) is `asllint.evaluator.confirm`.
Importing this module is cheap: the evaluator loads only when a scenario runs."""

from __future__ import annotations

from asllint.asl import quotas
from asllint.evaluator.confirm import assumed, attempts, ended, handled_by, run, scenario_dict, trace, verdict

_PLAUSIBLE_ENTRY = {"Source": "com.example.simulation", "DetailType": "Simulated", "Detail": {"simulated": True}}


def plausible_value(key: str):
    """A value a PutEvents request would hold under `key`, for the synthesized input."""
    k = key.lower()
    if k.startswith("entries"):
        return [dict(_PLAUSIBLE_ENTRY), dict(_PLAUSIBLE_ENTRY, DetailType="Simulated2")]
    if k in ("source", "detailtype", "eventbusname", "traceheader") or k.endswith(("name", "id", "type")):
        return "simulated"
    if k == "time":
        return "2025-01-01T00:00:00Z"
    if k == "resources":
        return []
    return {"simulated": True}


def _focus(machine, state, **kwargs):
    from asllint.evaluator.scenario import focus

    return focus(machine, state, plausible=plausible_value, **kwargs)


def failed_entry_not_caught(finding, machine, state):
    from asllint.eventbridge.bus import EventBridgeMock

    scen = _focus(machine, state)
    result = run(machine, scen, EventBridgeMock(fail_always={0: "InternalFailure"}))
    described = scenario_dict(scen, {"eventbridge": {"fail_always": {"0": "InternalFailure"}}, "other tasks": "{}"})
    tried = attempts(result, state.name)
    if result.status == "FAILED" and result.error == "EventBridge.FailedEntry":
        return verdict("confirmed", f"PutEvents failed entry 0 on every attempt; after {tried} attempt"
                       f"{'s' if tried != 1 else ''} the execution FAILED with EventBridge.FailedEntry"
                       f"{assumed(scen)}.", trace(result, state.name), described)
    if tried == 0:
        return verdict("unknown", f"the simulation did not reach state {state.name!r}: {ended(result)}"
                       f" ({result.cause or ''})"[:300], trace(result, state.name), described)
    return verdict("refuted", f"PutEvents failed entry 0 on every attempt, but {handled_by(result)}"
                   f"{assumed(scen)}.", trace(result, state.name), described)


def retry_duplicates(finding, machine, state):
    from asllint.eventbridge.bus import EventBridgeMock

    scen = _focus(machine, state)
    count = (finding.data or {}).get("entries") or 2
    last = max(count - 1, 1)
    result = run(machine, scen, EventBridgeMock(fail={1: {last: "InternalFailure"}}))
    described = scenario_dict(scen, {"eventbridge": {"fail": {"1": {str(last): "InternalFailure"}}}, "other tasks": "{}"})
    dups = {k: v for k, v in result.duplicate_events().items() if v > 1}
    if dups:
        extra = sum(v - 1 for v in dups.values())
        return verdict("confirmed", f"entry {last} failed on the first attempt only; the retry re-sent the whole "
                       f"array and the bus received {extra} duplicate event{'s' if extra != 1 else ''}"
                       f"{assumed(scen)}.", trace(result, state.name), described)
    if attempts(result, state.name) == 0:
        return verdict("unknown", f"the simulation did not reach state {state.name!r}: {ended(result)}",
                       trace(result, state.name), described)
    return verdict("refuted", f"entry {last} failed on the first attempt, but no entry was delivered twice "
                   f"({handled_by(result)}){assumed(scen)}.", trace(result, state.name), described)


def payload_too_large(finding, machine, state):
    from asllint.eventbridge.bus import EventBridgeMock

    scen = _focus(machine, state)
    result = run(machine, scen, EventBridgeMock())
    described = scenario_dict(scen, {"eventbridge": "as written", "other tasks": "{}"})
    cause = str(result.cause or "")
    if result.error == "States.DataLimitExceeded" or "size" in cause.lower() or "limit" in cause.lower():
        return verdict("confirmed", f"the task's payload as written is over the limit: the execution "
                       f"{ended(result)}{assumed(scen)}.", trace(result, state.name), described)
    limit = (finding.data or {}).get("limit")
    if limit and limit < quotas.PUTEVENTS_REQUEST_BYTES:
        return verdict("unknown", f"the simulated bus accepts entries up to 256 KiB; the configured limit "
                       f"of {limit:,} bytes cannot be simulated", trace(result, state.name), described)
    return verdict("refuted", f"the payload went through: the execution {ended(result)}{assumed(scen)}.",
                   trace(result, state.name), described)


def callback_never_completes(finding, machine, state):
    from asllint.eventbridge.bus import EventBridgeMock
    from asllint.evaluator.mocks import Outcome

    scen = _focus(machine, state)
    result = run(machine, scen, EventBridgeMock(callback=Outcome.never()))
    described = scenario_dict(scen, {"eventbridge": {"callback": "never"}, "other tasks": "{}"})
    events = trace(result, state.name)
    timed_out = any(e["type"] == "TaskTimedOut" for e in events)
    if result.status == "TIMED_OUT" or timed_out or result.error in ("States.Timeout", "States.HeartbeatTimeout"):
        how = "the execution timed out" if result.status == "TIMED_OUT" else "the task failed with States.Timeout"
        then = "; a Catch took over from there" if timed_out and result.status == "SUCCEEDED" else ""
        return verdict("confirmed", f"no receiver can send the task token back, so the task waited until "
                       f"{how} after {_duration(result.duration_seconds)} of simulated time{then}{assumed(scen)}.",
                       events, described)
    return verdict("refuted" if attempts(result, state.name) else "unknown",
                   f"without a callback the execution still ended {ended(result)}{assumed(scen)}.",
                   events, described)


def sdk_failures_unchecked(finding, machine, state):
    from asllint.eventbridge.bus import EventBridgeMock

    scen = _focus(machine, state, keep_successors=True)
    ok = run(machine, scen, EventBridgeMock())
    failing = run(machine, scen, EventBridgeMock(fail_always={0: "InternalFailure"}))
    described = scenario_dict(scen, {"eventbridge": {"fail_always": {"0": "InternalFailure"}}, "other tasks": "{}",
                                     "compared with": "the same run with every entry delivered"})
    if attempts(failing, state.name) == 0:
        return verdict("unknown", f"the simulation did not reach state {state.name!r}: {ended(failing)}",
                       trace(failing, state.name), described)
    path_ok, path_failing = _path(ok), _path(failing)
    lost = sum(1 for c in failing.task_calls if c.get("state") == state.name) and not any(
        e.get("entry") == 0 and e.get("state") == state.name for e in failing.events)
    if failing.status == ok.status and path_ok == path_failing:
        return verdict("confirmed", f"PutEvents reported entry 0 as failed, yet the execution {ended(failing)} "
                       f"through the same states as when every entry is delivered"
                       f"{'; the event was lost' if lost else ''}{assumed(scen)}.", trace(failing, state.name), described)
    return verdict("refuted", f"with a failed entry the execution took another way ({ended(failing)} via "
                   f"{' -> '.join(path_failing[-4:])}): the definition reacts to FailedEntryCount"
                   f"{assumed(scen)}.", trace(failing, state.name), described)


def _path(result) -> list:
    return [e.get("stateEnteredEventDetails", {}).get("name") for e in result.history if e["type"].endswith("StateEntered")]


def _duration(seconds: float) -> str:
    if seconds >= 86400 * 300:
        return f"{seconds / (86400 * 365):.1f} years"
    if seconds >= 86400:
        return f"{seconds / 86400:.1f} days"
    return f"{seconds:g} seconds"
