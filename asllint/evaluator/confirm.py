"""Confirming findings by simulation: the evaluator's `asllint_confirm` implementation.

A rule is confirmable when it declares a scenario (`@rule(..., confirm=scenario)`): for each of
its findings this hook finds the state the finding is about and calls
`scenario(finding, machine, state)`, which builds a focused definition (`scenario.focus`),
simulates it (`run`) and returns a `verdict`: confirmed, refuted (something the rule did not
model handles it), or unknown (the simulation could not tell, with the reason). The scenarios
live with their rules (the EventBridge ones in `asllint.eventbridge.confirm`). Importing this
module is cheap: the interpreter loads only when a confirmable finding exists."""

from __future__ import annotations

from asllint.evaluator.errors import BUDGET_EXCEEDED
from asllint.hookspecs import hookimpl


@hookimpl
def asllint_confirm(finding, machine):
    from asllint.plugins import all_rules

    rule = all_rules().get(finding.code)
    scenario = rule.confirm if rule is not None else None
    if scenario is None:
        return None
    state = _find_state(machine, finding)
    if state is None:
        return verdict("unknown", "the finding names no state the simulation can run", [], None)
    from asllint.bounded import budget

    try:
        with budget.limit(seconds=budget.CONFIRMATION_SECONDS):
            return scenario(finding, machine, state)
    except _Stopped as stopped:
        return verdict("unknown", stopped.reason, [], None)
    except Exception as e:  # noqa: BLE001 - a simulation problem must not stop the lint run
        return verdict("unknown", f"the simulation could not run this state: {type(e).__name__}: {e}", [], None)


def confirmable_codes() -> list[str]:
    """The codes whose rules declare a confirmation scenario."""
    from asllint.plugins import all_rules

    return [code for code, rule in all_rules().items() if rule.confirm is not None]


def verdict(status, summary, trace, scenario) -> dict:
    """The shape of every verdict (the `asllint_confirm` hookspec)."""
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


def run(machine, scen, service_mock):
    """Simulate a focused scenario with `service_mock` first and every other task returning {}."""
    from asllint.bounded import budget
    from asllint.evaluator import simulate
    from asllint.evaluator.mocks import FunctionMock

    other_tasks = FunctionMock(lambda resource, parameters, ctx: {})
    source = machine.source
    result = simulate(scen.definition, scen.input, mocks=[service_mock, other_tasks],
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


# -- reading a result ---------------------------------------------------------------------

def trace(result, state_name: str) -> list:
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


def scenario_dict(scen, mock_description) -> dict:
    return {"input": scen.input, "mocks": mock_description, "assumptions": scen.assumptions}


def assumed(scen) -> str:
    return f" (assumed: {'; '.join(scen.assumptions)})" if scen.assumptions else ""


def attempts(result, state_name: str) -> int:
    return sum(1 for c in result.task_calls if c.get("state") == state_name)


def ended(result) -> str:
    if result.status == "SUCCEEDED":
        return "SUCCEEDED"
    return f"{result.status} with {result.error}"


def handled_by(result) -> str:
    """Whether the focused state's failure reached the Catch marker, or how the execution ended."""
    from asllint.evaluator.scenario import CAUGHT

    entered = [e.get("stateEnteredEventDetails", {}).get("name") for e in result.history if e["type"].endswith("StateEntered")]
    if CAUGHT in entered:
        return "a Catch handled the failure"
    return "the execution ended " + ended(result)
