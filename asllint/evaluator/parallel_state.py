"""The Parallel state: every branch gets the same input; the result is their outputs in order.

Branches run one after another, in definition order, so runs are deterministic, but each from
the moment the Parallel started on the simulated clock (`concurrency`). A failing branch fails
the Parallel with the branch's own error and cause (AWS-observed, not States.BranchFailed);
later branches are not started (on AWS they would be aborted).
"""

from __future__ import annotations

from asllint.evaluator.concurrency import run_concurrently
from asllint.evaluator.errors import DefinitionError
from asllint.evaluator.visit import StateResult, Visit


def run_parallel(visit: Visit) -> StateResult:
    """One attempt of the Parallel (the interpreter retries and catches)."""
    state = visit.state
    language = visit.language
    branch_input = language.parameters(visit, language.effective_input(visit))
    visit.record("ParallelStateStarted")
    branches = state.get("Branches")
    if not isinstance(branches, list):
        raise DefinitionError(f"The Parallel state '{visit.name}' has no Branches array.")
    frame = visit.frame
    history = visit.execution.history

    def branch_job(index, branch):
        def run():
            if not isinstance(branch, dict):
                raise DefinitionError(f"A branch of the Parallel state '{visit.name}' is not an object.")
            block = visit.execution.block_at(visit.node.field_pointer("Branches", index))
            return frame.run_nested(block, branch_input, frame.chain.fork())
        return run

    try:
        results = run_concurrently(visit.execution.clock,
                                   [branch_job(i, b) for i, b in enumerate(branches)])
    finally:
        frame.chain.last = history.last_id
    visit.record("ParallelStateSucceeded")
    return StateResult(*language.finish(visit, results))
