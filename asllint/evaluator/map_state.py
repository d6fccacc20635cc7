"""The Map state, inline and distributed.

Iterations run one after another in item order (deterministic), each from the moment it would
start on the simulated clock: all at once, or MaxConcurrency at a time (`concurrency`; inline
mode runs at most 40 at once). Inline iterations write their events into this execution's history and fail
the Map with their own error. Distributed items are child executions: their events stay out
of this history, they start with no variables, and failures are counted against
ToleratedFailureCount/Percentage (States.ExceedToleratedFailureThreshold beyond them).
ItemReader and ResultWriter call mocks, like any Task.
"""

from __future__ import annotations

from asllint.asl import quotas as limits
from asllint.evaluator import jsonpath_io
from asllint.evaluator.child_execution import run_child
from asllint.evaluator.concurrency import run_concurrently
from asllint.evaluator.errors import DefinitionError, StateFailure, runtime_error
from asllint.evaluator.history import to_text
from asllint.evaluator.map_io import batch_items, read_items, write_results
from asllint.evaluator.visit import StateResult, Visit

# Without MaxConcurrency a Distributed Map runs up to 10,000 child executions at once
# (/work/shared/spec/quotas.md, "Map / Parallel", SFN-MAPI).
DISTRIBUTED_DEFAULT_CONCURRENCY = 10_000


def _processor(visit: Visit):
    """(the model Scope of ItemProcessor, or else of Iterator, whether DISTRIBUTED)."""
    execution, node = visit.execution, visit.node
    block = (execution.block_at(node.field_pointer("ItemProcessor"))
             or execution.block_at(node.field_pointer("Iterator")))
    if block is None or not isinstance(block.data, dict):
        raise DefinitionError("A Map state needs an ItemProcessor (or Iterator).")
    config = block.data.get("ProcessorConfig") or {}
    return block, config.get("Mode") == "DISTRIBUTED"


def run_map(visit: Visit) -> StateResult:
    """One attempt of the Map (the interpreter retries and catches)."""
    state = visit.state
    language = visit.language
    processor, distributed = _processor(visit)
    effective = language.effective_input(visit)
    states = language.states(visit)
    concurrency = _number(visit, "MaxConcurrency", effective, states, integer=True)
    reader = state.get("ItemReader")
    items = None if isinstance(reader, dict) else language.map_items(visit, effective, states)
    visit.record("MapStateStarted", {"length": 0 if items is None else len(items)})
    tolerated_count = _number(visit, "ToleratedFailureCount", effective, states, integer=True)
    tolerated_percentage = _number(visit, "ToleratedFailurePercentage", effective, states,
                                   integer=False)
    if tolerated_percentage is not None and not 0 <= tolerated_percentage <= 100:
        raise runtime_error("ToleratedFailurePercentage must be between 0 and 100.")
    if distributed:
        results = _run_distributed(visit, processor, items, effective, states,
                                   tolerated_count or 0, tolerated_percentage or 0,
                                   concurrency or DISTRIBUTED_DEFAULT_CONCURRENCY)
    else:
        results = _run_inline(visit, processor, items, effective, states,
                              min(concurrency or limits.INLINE_MAP_MAX_CONCURRENCY,
                                  limits.INLINE_MAP_MAX_CONCURRENCY))
    visit.record("MapStateSucceeded")
    return StateResult(*language.finish(visit, results))


# -- fields -------------------------------------------------------------------------------

def _number(visit: Visit, field: str, effective, states, *, integer: bool):
    """MaxConcurrency / ToleratedFailureCount / ToleratedFailurePercentage, literal or Path."""
    state = visit.state
    kind = "integer" if integer else "float"
    if field in state:
        value = state[field]
        value = visit.language.literal(visit, value, field, states)
        parsed = _parse_number(value, integer)
        if parsed is None:
            raise runtime_error(f"The {field} field refers to value {to_text(value)} which is "
                                f"not a valid {kind}")
        return parsed
    path = state.get(field + "Path")
    if not isinstance(path, str):
        return None
    value = jsonpath_io.select_reference(path, effective, visit)
    parsed = _parse_number(value, integer)
    if parsed is None or (integer and parsed < 0):
        raise runtime_error(f"The {field}Path field refers to value {to_text(value)} which is "
                            f"not a valid {kind}: {path}")
    return parsed


def _parse_number(value, integer: bool):
    """Numbers, and numeric strings (AWS parses "1" from a variable as 1)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = int(value.strip()) if integer else float(value.strip())
        except ValueError:
            return None
    if integer:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value if isinstance(value, int) else None
    return value if isinstance(value, (int, float)) else None


def _select_item(visit: Visit, index: int, item, effective, states):
    """The iteration input: ItemSelector (or legacy Parameters) with $$.Map.Item set."""
    state = visit.state
    selector_field = visit.language.item_selector_field(state)
    if selector_field is None:
        return item
    visit.set_extra({"Map": {"Item": {"Index": index, "Value": item}}})
    try:
        return visit.language.template(visit, state[selector_field], selector_field, effective)
    finally:
        visit.set_extra(None)


# -- inline -------------------------------------------------------------------------------

def _run_inline(visit: Visit, processor, items, effective, states, concurrency) -> list:
    if items is None:
        raise DefinitionError("An ItemReader needs a DISTRIBUTED ItemProcessor.")
    frame = visit.frame
    history = visit.execution.history

    def iteration(index, item):
        def run():
            iteration_input = _select_item(visit, index, item, effective, states)
            chain = frame.chain.fork()
            details = {"index": index, "name": visit.name}
            history.add(chain, "MapIterationStarted", details)
            try:
                output = frame.run_nested(processor, iteration_input, chain)
            except StateFailure:
                history.add(chain, "MapIterationFailed", details)
                frame.chain.last = history.last_id
                raise
            history.add(chain, "MapIterationSucceeded", details)
            frame.chain.last = history.last_id
            return output
        return run

    return run_concurrently(visit.execution.clock,
                            [iteration(index, item) for index, item in enumerate(items)],
                            concurrency)


# -- distributed ----------------------------------------------------------------------------

def _run_distributed(visit: Visit, processor, items, effective, states,
                     tolerated_count, tolerated_percentage, concurrency) -> list:
    execution = visit.execution
    execution.map_run_counter += 1
    label = visit.state.get("Label") or visit.name
    identity = execution.identity
    map_run_arn = (f"arn:{identity.partition}:states:{identity.region}:{identity.account}:"
                   f"mapRun:{identity.state_machine_name}/{label}:{execution.new_uuid()}")
    visit.record("MapRunStarted", {"mapRunArn": map_run_arn})
    try:
        if items is None:
            items = read_items(visit, visit.state["ItemReader"], effective, states)
        inputs = [_select_item(visit, index, item, effective, states)
                  for index, item in enumerate(items)]
        inputs = batch_items(visit, inputs, effective, states)
    except StateFailure as failure:
        visit.prefix_cause(failure)
        if failure.catchable:
            visit.record("MapRunFailed", {"error": failure.error, "cause": failure.cause})
        raise
    def child(index, child_input):
        return lambda: run_child(visit, processor, label, index, child_input)

    ended = run_concurrently(visit.execution.clock,
                             [child(index, child_input) for index, child_input in enumerate(inputs)],
                             concurrency)
    failures = sum(1 for status, _ in ended if status != "SUCCEEDED")
    results = [output for _, output in ended]
    if failures and _exceeds(failures, len(inputs), tolerated_count, tolerated_percentage):
        cause = (f"The Map Run failed: {failures} of {len(inputs)} item(s) failed, more than "
                 f"the tolerated {tolerated_count} item(s) / {tolerated_percentage}%.")
        visit.record("MapRunFailed", {"error": "States.ExceedToleratedFailureThreshold",
                                      "cause": cause})
        raise StateFailure("States.ExceedToleratedFailureThreshold", cause)
    if isinstance(visit.state.get("ResultWriter"), dict):
        output = write_results(visit, visit.state["ResultWriter"], results, map_run_arn, states)
        visit.record("MapRunSucceeded")
        return output
    visit.record("MapRunSucceeded")
    return results


def _exceeds(failures: int, total: int, count, percentage) -> bool:
    over_count = failures > count
    over_percentage = total > 0 and failures * 100.0 / total > percentage
    if count and percentage:
        return over_count or over_percentage
    if count:
        return over_count
    if percentage:
        return over_percentage
    return failures > 0

