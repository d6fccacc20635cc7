"""Concurrent work on the simulated clock: Parallel branches, Map iterations, child executions.

The jobs run one after another in their order, so a run stays deterministic, but each starts at
the simulated moment it would start on AWS: all at once, or as soon as one of `limit` slots
frees (MaxConcurrency; 1 runs them in sequence). The clock then stands at the latest finish:
the elapsed time of a Parallel is the longest branch, not the sum of the branches (issue 12,
class 8: three branches of `Wait 10` finish within an execution `TimeoutSeconds` of 15).

What this does not model: a job that fails ends the run at its own moment, but jobs before it
in the order already ran to their end (AWS would abort those still running then), and their
history events keep their own timestamps, so history order is not time order across jobs.
"""

from __future__ import annotations

import heapq


def run_concurrently(clock, jobs, limit: int | None = None) -> list:
    """Each job's result, in order; `limit` None or 0 means no limit."""
    start = clock.elapsed
    slots = [start] * (limit if limit and limit > 0 else max(len(jobs), 1))
    finish = start
    results = []
    for job in jobs:
        begins = heapq.heappop(slots)
        clock.move_to(begins)
        results.append(job())
        heapq.heappush(slots, clock.elapsed)
        finish = max(finish, clock.elapsed)
    clock.move_to(finish)
    return results
