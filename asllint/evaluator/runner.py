"""One simulated execution from start to end: setup, the top-level scope, the final event."""

from __future__ import annotations

import json

from asllint import model
from asllint.asl import quotas as limits
from asllint.asl import resources
from asllint.evaluator.clock import SimulatedClock
from asllint.bounded.budget import BudgetExceeded
from asllint.evaluator.errors import (
    INVALID_DEFINITION, DefinitionError, ExecutionHalt, StateFailure)
from asllint.evaluator.execution import Execution, Identity, default_limits
from asllint.evaluator.history import error_details, payload_details
from asllint.evaluator.interpreter import run_scope
from asllint.evaluator.mocks import MockRegistry
from asllint.evaluator.result import SimulationResult
from asllint.evaluator.templates import Substituter, needs_substitution
from asllint.evaluator.variables import Scope
from asllint.evaluator.visit import Frame


def load_definition(definition) -> dict:
    if isinstance(definition, (bytes, bytearray)):
        definition = definition.decode("utf-8")
    if isinstance(definition, str):
        try:
            definition = json.loads(definition)
        except ValueError as bad:
            raise DefinitionError(f"The definition is not valid JSON: {bad}") from None
    if not isinstance(definition, dict):
        raise DefinitionError("A state machine definition must be a JSON object.")
    if not isinstance(definition.get("States"), dict) or not definition["States"]:
        raise DefinitionError("The definition has no States object.")
    if not isinstance(definition.get("StartAt"), str):
        raise DefinitionError("The definition has no StartAt.")
    if definition["StartAt"] not in definition["States"]:
        raise DefinitionError(f"StartAt names '{definition['StartAt']}', which is not a state.")
    return definition


def states_in_document_order(machine):
    """Every state of the model, each followed by the states nested in it (depth first)."""
    nested = {}
    for scope in machine.scopes[1:]:
        nested.setdefault(scope.parent.pointer, []).append(scope)

    def walk(scope):
        for state in scope.states.values():
            yield state
            for inner in nested.get(state.pointer, ()):
                yield from walk(inner)

    return walk(machine.top)


def express_problem(machine) -> str | None:
    """AWS refuses callback and .sync integrations in EXPRESS machines at creation time."""
    for state in states_in_document_order(machine):
        resource = state.get("Resource")
        parsed = resources.parse_resource(resource)
        if state.type == "Task" and parsed.integration and (
                parsed.pattern == resources.WAIT or parsed.pattern.startswith(resources.SYNC)):
            return (f"SCHEMA_VALIDATION_FAILED: Express state machine does not support "
                    f"'{resource.rsplit('.', 1)[-1]}' service integration at "
                    f"{state.field_pointer('Resource')} (AWS rejects this definition when it "
                    "is created).")
    return None


def _reads_identity(definition: dict) -> bool:
    text = json.dumps(definition)
    return "$$" in text or "states.context" in text or ":::events:putEvents" in text


def run_simulation(definition, input_value, *, mocks, seed, machine_type, context,
                   substitutions, max_transitions, history_limit, payload_limit, start_time,
                   builtin_mocks, unset) -> SimulationResult:
    machine_type = (machine_type or "STANDARD").upper()
    definition = load_definition(definition)
    if input_value is None:
        input_value = {}
    identity = Identity(context, machine_type)
    notes: list = []
    if needs_substitution(definition):
        definition = Substituter(substitutions, identity, notes).apply(definition)
        definition = load_definition(definition)
    quota = default_limits(machine_type)
    max_duration = quota["max_duration"]
    timeout = definition.get("TimeoutSeconds")
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > 0:
        max_duration = min(max_duration, float(timeout))
    execution = Execution(
        definition=definition, machine=model.build(definition, machine_type=machine_type),
        input_value=input_value, identity=identity,
        machine_type=machine_type, mocks=MockRegistry(mocks, builtins=builtin_mocks),
        seed=seed, clock=SimulatedClock(start_time),
        max_transitions=max_transitions or limits.DEFAULT_MAX_TRANSITIONS,
        history_limit=quota["history_limit"] if history_limit is unset else history_limit,
        payload_limit=limits.PAYLOAD_BYTES if payload_limit is unset else payload_limit,
        max_duration=max_duration, scope_runner=run_scope)
    execution.assumptions.extend(notes)
    if not context and _reads_identity(definition):
        execution.note("Execution and state machine identifiers are placeholders "
                       f"({identity.execution_arn}); pass context={{...}} for real ones.")
    history = execution.history
    chain = execution.root_chain
    started = payload_details(None, "input", input_value)
    started["roleArn"] = identity.role_arn
    history.add(chain, "ExecutionStarted", started)
    # AWS chains the first state's entered event to 0, not to ExecutionStarted.
    chain.last = 0

    status, output, error, cause = "SUCCEEDED", None, None, None
    try:
        problem = express_problem(execution.machine) if machine_type == "EXPRESS" else None
        if problem:
            raise DefinitionError(problem)
        if execution.too_large(input_value):
            raise StateFailure("States.DataLimitExceeded",
                               "The execution input exceeds the maximum number of bytes service limit.")
        frame = Frame(execution, execution.machine.top, Scope(), chain)
        output = run_scope(frame, definition["StartAt"], input_value)
        history.add(chain, "ExecutionSucceeded", payload_details(None, "output", output), final=True)
    except StateFailure as failure:
        status, error, cause = "FAILED", failure.error, failure.cause
        history.add(chain, "ExecutionFailed", error_details(error, cause), final=True)
    except (ExecutionHalt, BudgetExceeded) as halt:
        status, error, cause = halt.status, halt.error, halt.cause
        event = "ExecutionTimedOut" if halt.status == "TIMED_OUT" else (
            "ExecutionAborted" if halt.status == "ABORTED" else "ExecutionFailed")
        history.add(chain, event, error_details(error, cause), final=True)
    except DefinitionError as problem:
        status, error, cause = "FAILED", INVALID_DEFINITION, str(problem)
        history.add(chain, "ExecutionFailed", error_details(error, cause), final=True)
    if status != "SUCCEEDED":
        output = None
    return SimulationResult(
        status=status, output=output, error=error, cause=cause, history=history.events,
        events=execution.events, assumptions=execution.assumptions,
        duration_seconds=round(execution.clock.elapsed, 3), task_calls=execution.task_calls,
        child_executions=execution.child_executions, transitions=execution.transitions)


__all__ = ["run_simulation", "load_definition", "states_in_document_order"]
