"""Running a `States` scope: the state loop, state visits, and the steps every state shares.

A `Frame` is one running scope (the top level, a Parallel branch, a Map iteration or a
Distributed Map child execution). A `Visit` is one visit of one state: it carries what the
state's fields are evaluated against (input, context object, variables) and what the
history needs (the id of the `...StateEntered` event, the causal chain).
"""

from __future__ import annotations

from asllint.evaluator import jsonata_io, jsonpath_io
from asllint.evaluator.errors import (
    QUERY_EVALUATION, DefinitionError, StateFailure, runtime_error)
from asllint.evaluator.history import Chain, payload_details, to_text

ENTERED_EVENT = {
    "Pass": "PassStateEntered", "Task": "TaskStateEntered", "Choice": "ChoiceStateEntered",
    "Wait": "WaitStateEntered", "Succeed": "SucceedStateEntered", "Fail": "FailStateEntered",
    "Parallel": "ParallelStateEntered", "Map": "MapStateEntered",
}


class Frame:
    """One running `States` object."""

    def __init__(self, execution, states: dict, scope, chain: Chain, *,
                 execution_context=None, state_machine_context=None, nested: bool = False):
        self.execution = execution
        self.states = states if isinstance(states, dict) else {}
        self.scope = scope
        self.chain = chain
        self.execution_context = execution_context
        self.state_machine_context = state_machine_context
        self.nested = nested  # inside a Parallel branch or a Map iteration

    def child(self, states: dict, scope, chain: Chain) -> "Frame":
        return Frame(self.execution, states, scope, chain,
                     execution_context=self.execution_context,
                     state_machine_context=self.state_machine_context, nested=True)


class Visit:
    """One visit of one state; the `view` that paths and expressions are evaluated in."""

    def __init__(self, frame: Frame, name: str, state: dict, raw_input):
        self.frame = frame
        self.execution = frame.execution
        self.name = name
        self.state = state
        self.raw_input = raw_input
        language = state.get("QueryLanguage") or frame.execution.default_query_language
        self.jsonata = language == "JSONata"
        self.entered_id = 0
        self.entered_time = ""
        self.retry_count = 0 if state.get("Type") in ("Task", "Map", "Parallel") else None
        self.extra: dict | None = None  # Task.Token, Map.Item for the field being evaluated
        self.rng = frame.execution.rng
        self.scope = frame.scope
        self._variables = None
        self._context = None
        self.assigned: dict | None = None

    # -- the evaluation view ------------------------------------------------------------

    def context(self) -> dict:
        if self._context is None:
            self._context = self.execution.context_object(
                self.name, self.entered_time, retry_count=self.retry_count, extra=self.extra,
                execution_context=self.frame.execution_context,
                state_machine_context=self.frame.state_machine_context)
        return self._context

    def set_extra(self, extra: dict | None) -> None:
        self.extra = extra
        self._context = None

    def set_retry_count(self, count: int) -> None:
        self.retry_count = count
        self._context = None

    def variables(self) -> dict:
        if self._variables is None:
            self._variables = self.scope.visible()
        return self._variables

    def states_var(self, **extra) -> dict:
        """`$states` for JSONata: input and context, plus result/errorOutput when given."""
        states = {"input": self.raw_input, "context": self.context()}
        states.update(extra)
        return states

    # -- shared steps -------------------------------------------------------------------

    def record(self, event_type: str, details: dict | None = None, **kwargs) -> int:
        return self.execution.history.add(self.frame.chain, event_type, details, **kwargs)

    def prefix_cause(self, failure: StateFailure) -> StateFailure:
        """AWS prefixes causes of interpreter-raised failures once, at the innermost state."""
        if failure.interpreter and not failure.prefixed:
            failure.cause = (f"An error occurred while executing the state '{self.name}' "
                             f"(entered at the event id #{self.entered_id}). {failure.cause}")
            failure.prefixed = True
        return failure

    def record_evaluation_failure(self, failure: StateFailure) -> None:
        if failure.error == QUERY_EVALUATION and not failure.recorded:
            failure.recorded = True
            details = {"error": failure.error, "cause": failure.cause}
            if getattr(failure, "location", None):
                details["location"] = failure.location
            details["state"] = self.name
            self.record("EvaluationFailed", details)

    def assign(self, field_value, *, result=None, error_output=None, data=None,
               field: str = "Assign") -> dict | None:
        """Compute a state's (or rule's, or catcher's) Assign; applied later, all at once."""
        if field_value is None:
            return None
        if not isinstance(field_value, dict):
            raise runtime_error("The Assign field must be an object.")
        if self.jsonata:
            extra = {}
            if result is not None:
                extra["result"] = result
            if error_output is not None:
                extra["errorOutput"] = error_output
            return jsonata_io.evaluate_field(field_value, field, self, self.states_var(**extra))
        return jsonpath_io.resolve_template(field_value, data, self)

    def apply_assignments(self, values: dict | None) -> None:
        if values:
            self.scope.assign(values)
            self.assigned = values


def run_scope(frame: Frame, start_at: str, value):
    """Run states from `start_at` until a terminal state; return its output."""
    from asllint.evaluator.states import run_state  # state handlers import this module

    execution = frame.execution
    name = start_at
    while True:
        state = frame.states.get(name)
        if not isinstance(state, dict):
            raise DefinitionError(f"The state '{name}' is not defined (a Next, Default, "
                                  "Catch or StartAt names a missing state).")
        execution.count_transition()
        execution.check_deadline()
        value, name = run_state(frame, name, state, value)
        if name is None:
            return value


def enter(visit: Visit) -> None:
    """Record `<Type>StateEntered` (the input was size-checked when it was produced)."""
    event_type = ENTERED_EVENT.get(visit.state.get("Type"), "StateEntered")
    visit.entered_time = visit.execution.clock.iso()
    visit.entered_id = visit.record(event_type, payload_details(visit.name, "input",
                                                                visit.raw_input))


def leave(visit: Visit, output, next_name: str | None):
    """Record `<Type>StateExited` and pass the output on."""
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
    return output, next_name


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
