"""What one running scope and one state visit carry; no control flow lives here.

A `Frame` is one running scope (the top level, a Parallel branch, a Map iteration or a
Distributed Map child execution). A `Visit` is one visit of one state: it carries what the
state's fields are evaluated against (input, context object, variables), its query language's
I/O object, and what the history needs (the id of the `...StateEntered` event, the causal
chain). A state handler gets a Visit and returns a `StateResult`; `interpreter` owns entering,
leaving, Retry/Catch and the transition.
"""

from __future__ import annotations

from asllint.evaluator.errors import QUERY_EVALUATION, StateFailure
from asllint.evaluator.history import Chain
from asllint.evaluator.jsonata_language import JSONATA
from asllint.evaluator.jsonpath_language import JSONPATH

# A handler's `next` when the state's own Next / End decides the transition.
FOLLOW_NEXT = object()


class StateResult:
    """What a state handler returns: its output, the variables it assigns, where it goes."""

    __slots__ = ("output", "assigned", "next")

    def __init__(self, output, assigned: dict | None = None, next=FOLLOW_NEXT):
        self.output = output
        self.assigned = assigned
        self.next = next  # a state name, None to end the scope, or FOLLOW_NEXT


class Frame:
    """One running `States` object."""

    def __init__(self, execution, block, scope, chain: Chain, *,
                 execution_context=None, state_machine_context=None, nested: bool = False):
        self.execution = execution
        self.block = block  # the `asllint.model.Scope` whose states run here
        self.scope = scope  # the variables (`asllint.evaluator.variables.Scope`)
        self.chain = chain
        self.execution_context = execution_context
        self.state_machine_context = state_machine_context
        self.nested = nested  # inside a Parallel branch or a Map iteration

    def run_nested(self, block, value, chain: Chain):
        """Run a Parallel branch or a Map iteration (`block`, a model Scope) with its own
        variable scope; its output.

        The scope runner is the execution's (`Execution.run_scope`), so the state handlers
        that need one do not import the interpreter that imports them."""
        child = Frame(self.execution, block, self.scope.child(), chain,
                      execution_context=self.execution_context,
                      state_machine_context=self.state_machine_context, nested=True)
        return self.execution.run_scope(child, block.start_at, value)


class Visit:
    """One visit of one state; the `view` that paths and expressions are evaluated in."""

    def __init__(self, frame: Frame, node, raw_input):
        self.frame = frame
        self.execution = frame.execution
        self.node = node  # the `asllint.model.State`
        self.name = node.name
        self.state = state = node.data
        self.raw_input = raw_input
        language = state.get("QueryLanguage") or frame.execution.default_query_language
        self.language = JSONATA if language == "JSONata" else JSONPATH
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

    # -- history -----------------------------------------------------------------------

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

    def apply_assignments(self, values: dict | None) -> None:
        if values:
            self.scope.assign(values)
            self.assigned = values
