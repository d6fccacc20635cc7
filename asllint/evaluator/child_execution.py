"""Distributed Map items run as child executions: own identity, history and variables."""

from __future__ import annotations

from asllint.asl import quotas as limits
from asllint.bounded.budget import BudgetExceeded
from asllint.evaluator.errors import BUDGET_EXCEEDED, TRANSITION_LIMIT, ExecutionHalt, StateFailure
from asllint.evaluator.history import Chain, History
from asllint.evaluator.retry import error_output
from asllint.evaluator.variables import Scope
from asllint.evaluator.visit import Frame


class ChildExecution:
    """Shares the parent's clock, mocks, counters and delivered events; owns its history."""

    def __init__(self, parent, identity, child_input):
        self._parent = parent
        self.identity = identity
        self.input = child_input
        self.history = History(parent.clock, limits.HISTORY_EVENTS)
        self.execution_context = {
            "Id": identity.execution_arn, "Input": child_input, "Name": identity.execution_name,
            "RoleArn": identity.role_arn, "StartTime": parent.clock.iso(), "RedriveCount": 0,
        }
        self.state_machine_context = {"Id": identity.state_machine_arn,
                                      "Name": identity.state_machine_name}

    def __getattr__(self, name):
        return getattr(self._parent, name)


def run_child(visit, processor, label: str, index: int, child_input):
    """Run one item through `processor` (a model Scope); (status, output or error output)."""
    parent = visit.execution
    name = parent.new_uuid()
    identity = parent.identity.child(label, name)
    child = ChildExecution(parent, identity, child_input)
    frame = Frame(child, processor, Scope(), Chain(),
                  execution_context=child.execution_context,
                  state_machine_context=child.state_machine_context)
    record = {"map_state": visit.name, "index": index, "execution_arn": identity.execution_arn,
              "input": child_input, "history": child.history.events}
    try:
        output = parent.run_scope(frame, processor.start_at, child_input)
        status = "SUCCEEDED"
    except StateFailure as failure:
        status, output = "FAILED", error_output(failure)
    except (ExecutionHalt, BudgetExceeded) as halt:
        if halt.error in (TRANSITION_LIMIT, BUDGET_EXCEEDED):  # the whole simulation stops
            raise
        status, output = halt.status, {"Error": halt.error or "", "Cause": halt.cause or ""}
    record.update(status=status, output=output)
    parent.child_executions.append(record)
    return status, output
