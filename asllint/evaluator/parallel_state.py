"""The Parallel state: every branch gets the same input; the result is their outputs in order.

Branches run one after another, in definition order, so runs are deterministic. A failing
branch fails the Parallel with the branch's own error and cause (AWS-observed, not
States.BranchFailed); later branches are not started (on AWS they would be aborted).
"""

from __future__ import annotations

from asllint.evaluator import jsonata_io, jsonpath_io
from asllint.evaluator.errors import DefinitionError
from asllint.evaluator.interpreter import Visit, run_scope
from asllint.evaluator.resilience import run_resilient
from asllint.evaluator.state_output import finish


def run_parallel(visit: Visit):
    return run_resilient(visit, lambda retries: _attempt(visit), failed_event="ParallelStateFailed")


def _attempt(visit: Visit):
    state = visit.state
    if visit.jsonata:
        branch_input = (jsonata_io.evaluate_field(state["Arguments"], "Arguments", visit,
                                                  visit.states_var())
                        if "Arguments" in state else visit.raw_input)
    else:
        effective = jsonpath_io.apply_input_path(state.get("InputPath", "$"), visit.raw_input, visit)
        branch_input = (jsonpath_io.resolve_template(state["Parameters"], effective, visit)
                        if "Parameters" in state else effective)
    visit.record("ParallelStateStarted")
    branches = state.get("Branches")
    if not isinstance(branches, list):
        raise DefinitionError(f"The Parallel state '{visit.name}' has no Branches array.")
    frame = visit.frame
    history = visit.execution.history
    results = []
    try:
        for branch in branches:
            if not isinstance(branch, dict):
                raise DefinitionError(f"A branch of the Parallel state '{visit.name}' is not an object.")
            child = frame.child(branch.get("States"), frame.scope.child(), frame.chain.fork())
            results.append(run_scope(child, branch.get("StartAt"), branch_input))
    finally:
        frame.chain.last = history.last_id
    visit.record("ParallelStateSucceeded")
    return finish(visit, results)
