"""The visit of a state, for every state type: enter, run the handler (with Retry and Catch
for Task, Map and Parallel), apply the assignments, leave, and choose the transition.

State handlers (`handlers.HANDLERS`) only do their state's work and return a `StateResult`;
like LocalStack's `CommonStateField`, this module is the one place that records
`<Type>StateEntered` / `<Type>StateExited`, retries, catches and follows `Next`.
"""

from __future__ import annotations

from asllint.evaluator.errors import DefinitionError, StateFailure
from asllint.evaluator.handlers import HANDLERS
from asllint.evaluator.history import payload_details, to_text
from asllint.evaluator.retry import RetryTracker, error_output, find_catcher
from asllint.evaluator.visit import FOLLOW_NEXT, StateResult, Visit

ENTERED_EVENT = {
    "Pass": "PassStateEntered", "Task": "TaskStateEntered", "Choice": "ChoiceStateEntered",
    "Wait": "WaitStateEntered", "Succeed": "SucceedStateEntered", "Fail": "FailStateEntered",
    "Parallel": "ParallelStateEntered", "Map": "MapStateEntered",
}

# State types with Retry and Catch: (event when retries are exhausted, event when an
# uncaught failure aborts it inside a branch or iteration).
RESILIENT = {
    "Task": (None, "TaskStateAborted"),
    "Map": ("MapStateFailed", None),
    "Parallel": ("ParallelStateFailed", None),
}


def run_scope(frame, start_at: str, value):
    """Run states from `start_at` until a terminal state; return its output."""
    execution = frame.execution
    name = start_at
    while True:
        node = frame.block.states.get(name) if isinstance(name, str) else None
        if node is None or not isinstance(node.data, dict):
            raise DefinitionError(f"The state '{name}' is not defined (a Next, Default, "
                                  "Catch or StartAt names a missing state).")
        execution.count_transition()
        execution.check_deadline()
        value, name = run_state(frame, node, value)
        if name is None:
            return value


def run_state(frame, node, value):
    """One visit of `node` (a model State): (output, the next state's name or None at the end
    of the scope)."""
    visit = Visit(frame, node, value)
    name, state = visit.name, visit.state
    state_type = state.get("Type")
    # A Type that is not a string (a list, an object) is no key of the table: refused like any
    # unknown type, before anything is recorded.
    handler = HANDLERS.get(state_type) if isinstance(state_type, str) else None
    if handler is None:
        raise DefinitionError(f"The state '{name}' has an unknown Type {state_type!r}.")
    enter(visit)
    try:
        if state_type in RESILIENT:
            result = _with_retry_and_catch(visit, handler, *RESILIENT[state_type])
        else:
            result = handler(visit)
        visit.apply_assignments(result.assigned)
        next_name = next_of(state) if result.next is FOLLOW_NEXT else result.next
        return leave(visit, result.output), next_name
    except StateFailure as failure:
        visit.prefix_cause(failure)
        visit.record_evaluation_failure(failure)
        raise


def _with_retry_and_catch(visit: Visit, attempt, failed_event, aborted_event) -> StateResult:
    """Run `attempt(visit)` until success, a matching Catcher or an unhandled failure.

    Each attempt re-evaluates the state from its raw input ($$.State.RetryCount grows); the
    backoff waits on the simulated clock. States.Runtime is never retried or caught."""
    state = visit.state
    tracker = RetryTracker(state.get("Retry"))
    while True:
        try:
            return attempt(visit)
        except StateFailure as failure:
            visit.prefix_cause(failure)
            visit.record_evaluation_failure(failure)
            if not failure.catchable:
                raise
            delay = tracker.next_delay(failure, visit.rng)
            if delay is not None:
                visit.execution.wait(delay, "The execution timed out during the retry of the "
                                            f"state '{visit.name}'.")
                visit.set_retry_count(tracker.retries)
                continue
            if failed_event:
                visit.record(failed_event)
            caught = find_catcher(state.get("Catch"), failure)
            if caught is None:
                if aborted_event and visit.frame.nested:
                    visit.record(aborted_event)
                raise
            index, catcher = caught
            output, assigned = visit.language.caught(visit, catcher, index,
                                                     error_output(failure))
            return StateResult(output, assigned, catcher.get("Next"))


def enter(visit: Visit) -> None:
    """Record `<Type>StateEntered` (the input was size-checked when it was produced)."""
    event_type = ENTERED_EVENT.get(visit.state.get("Type"), "StateEntered")
    visit.entered_time = visit.execution.clock.iso()
    visit.entered_id = visit.record(event_type, payload_details(visit.name, "input",
                                                                visit.raw_input))


def leave(visit: Visit, output):
    """Record `<Type>StateExited`; the output, size-checked, goes on."""
    text = to_text(output)
    if visit.execution.too_large(None, text):
        raise StateFailure(
            "States.DataLimitExceeded",
            f"The state/task '{visit.name}' returned a result with a size exceeding the "
            "maximum number of bytes service limit.")
    event_type = ENTERED_EVENT.get(visit.state.get("Type"), "StateEntered")[:-7] + "Exited"
    details = {"name": visit.name, "output": text, "outputDetails": {"truncated": False}}
    if visit.assigned:
        details["assignedVariables"] = {k: to_text(v) for k, v in visit.assigned.items()}
        details["assignedVariablesDetails"] = {"truncated": False}
    visit.record(event_type, details)
    return output


def next_of(state: dict):
    """The state's Next, or None when it ends its scope."""
    if state.get("End") is True:
        return None
    following = state.get("Next")
    if isinstance(following, str):
        return following
    if state.get("Type") in ("Succeed", "Fail"):
        return None
    raise DefinitionError("A state has neither Next nor End: true.")
