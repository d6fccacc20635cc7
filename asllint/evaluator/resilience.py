"""Retry and Catch around one visit of a Task, Map or Parallel state (spec section 9).

Each attempt re-evaluates the state from its raw input ($$.State.RetryCount grows), waits
happen on the simulated clock, and a matched Catcher's ResultPath (JSONPath) or Output
(JSONata) shapes the Error Output passed to its Next state. States.Runtime is never retried
or caught.
"""

from __future__ import annotations

from asllint.evaluator import jsonata_io, jsonpath_io
from asllint.evaluator.errors import StateFailure
from asllint.evaluator.interpreter import Visit, leave, next_of
from asllint.evaluator.retry import RetryTracker, error_output, find_catcher
from asllint.evaluator.states import wait_on_clock


def run_resilient(visit: Visit, attempt, *, failed_event: str | None = None,
                  aborted_event: str | None = None):
    """Run `attempt(retry_count)` -> (output, assignments) until success, catch or failure."""
    state = visit.state
    execution = visit.execution
    tracker = RetryTracker(state.get("Retry"))
    while True:
        try:
            output, assigned = attempt(tracker.retries)
        except StateFailure as failure:
            visit.prefix_cause(failure)
            visit.record_evaluation_failure(failure)
            if not failure.catchable:
                raise
            delay = tracker.next_delay(failure, visit.rng)
            if delay is not None:
                wait_on_clock(execution, delay, f"the retry of the state '{visit.name}'")
                visit.set_retry_count(tracker.retries)
                continue
            if failed_event:
                visit.record(failed_event)
            caught = find_catcher(state.get("Catch"), failure)
            if caught is None:
                if aborted_event and visit.frame.nested:
                    visit.record(aborted_event)
                raise
            return _caught(visit, caught, failure)
        visit.apply_assignments(assigned)
        return leave(visit, output, next_of(state))


def _caught(visit: Visit, caught, failure: StateFailure):
    index, catcher = caught
    failure_output = error_output(failure)
    if visit.jsonata:
        states = visit.states_var(errorOutput=failure_output)
        assigned = visit.assign(catcher.get("Assign"), error_output=failure_output,
                                field=f"Catch[{index}]/Assign")
        output = (jsonata_io.evaluate_field(catcher["Output"], f"Catch[{index}]/Output", visit,
                                            states)
                  if "Output" in catcher else failure_output)
    else:
        assigned = visit.assign(catcher.get("Assign"), data=failure_output)
        output = jsonpath_io.apply_result_path(catcher.get("ResultPath", "$"), visit.raw_input,
                                               failure_output, visit)
    visit.apply_assignments(assigned)
    return leave(visit, output, catcher.get("Next"))
