"""The dispatch: which handler does the work of each state type."""

from __future__ import annotations

from asllint.evaluator.map_state import run_map
from asllint.evaluator.parallel_state import run_parallel
from asllint.evaluator.states import run_choice, run_fail, run_pass, run_succeed, run_wait
from asllint.evaluator.task_state import run_task

HANDLERS = {
    "Pass": run_pass, "Wait": run_wait, "Choice": run_choice, "Succeed": run_succeed,
    "Fail": run_fail, "Task": run_task, "Map": run_map, "Parallel": run_parallel,
}
