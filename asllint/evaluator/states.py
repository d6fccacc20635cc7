"""The flow states (Pass, Wait, Choice, Succeed, Fail) and the dispatch to every state type."""

from __future__ import annotations

from asllint.evaluator import choice, jsonata_io, jsonpath_io, query
from asllint.evaluator.clock import parse_timestamp
from asllint.evaluator.errors import (
    DefinitionError, ExecutionHalt, StateFailure, runtime_error)
from asllint.evaluator.history import to_text
from asllint.evaluator.interpreter import Visit, enter, leave, next_of


def run_state(frame, name: str, state: dict, value):
    visit = Visit(frame, name, state, value)
    enter(visit)
    handler = HANDLERS.get(state.get("Type"))
    if handler is None:
        raise DefinitionError(f"The state '{name}' has an unknown Type {state.get('Type')!r}.")
    try:
        return handler(visit)
    except StateFailure as failure:
        visit.prefix_cause(failure)
        visit.record_evaluation_failure(failure)
        raise


def _effective_input(visit: Visit):
    return jsonpath_io.apply_input_path(visit.state.get("InputPath", "$"), visit.raw_input, visit)


# -- Pass -----------------------------------------------------------------------------------

def run_pass(visit: Visit):
    state = visit.state
    if visit.jsonata:
        assigned = visit.assign(state.get("Assign"))
        output = (jsonata_io.evaluate_field(state["Output"], "Output", visit, visit.states_var())
                  if "Output" in state else visit.raw_input)
    else:
        effective = _effective_input(visit)
        if "Parameters" in state:
            effective = jsonpath_io.resolve_template(state["Parameters"], effective, visit)
        result = state["Result"] if "Result" in state else effective
        assigned = visit.assign(state.get("Assign"), data=result)
        output = jsonpath_io.apply_result_path(state.get("ResultPath", "$"), visit.raw_input,
                                               result, visit)
        output = jsonpath_io.apply_output_path(state.get("OutputPath", "$"), output, visit)
    visit.apply_assignments(assigned)
    return leave(visit, output, next_of(state))


# -- Wait -----------------------------------------------------------------------------------

def _seconds_from_path(path, value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise runtime_error(f"The SecondsPath parameter cannot be parsed as a long value: "
                            f"{path} == {to_text(value) if not isinstance(value, (int, float)) else value}")
    if value < 0:
        raise runtime_error(f"The SecondsPath parameter references a negative value: "
                            f"{path} == {value}")
    return value


def _wait_seconds(visit: Visit, effective) -> float:
    state = visit.state
    paths = query.paths()
    if visit.jsonata:
        if "Seconds" in state:
            seconds = jsonata_io.evaluate_field(state["Seconds"], "Seconds", visit, visit.states_var())
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
                raise runtime_error(f"The Seconds field must be a non-negative integer, but was: "
                                    f"{to_text(seconds)}")
            return float(seconds)
        moment = jsonata_io.evaluate_field(state.get("Timestamp"), "Timestamp", visit,
                                           visit.states_var())
        return _until(visit, moment, "Timestamp", None)
    if "Seconds" in state:
        seconds = state["Seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise runtime_error(f"The Seconds field must be a non-negative integer, but was: "
                                f"{to_text(seconds)}")
        return float(seconds)
    if "SecondsPath" in state:
        path = state["SecondsPath"]
        try:
            value = jsonpath_io.select(path, effective, visit)
        except paths.PathNotFound:
            raise runtime_error(f"The SecondsPath parameter does not reference an input value: "
                                f"{path}") from None
        return float(_seconds_from_path(path, value))
    if "Timestamp" in state:
        return _until(visit, state["Timestamp"], "Timestamp", None)
    if "TimestampPath" in state:
        path = state["TimestampPath"]
        try:
            value = jsonpath_io.select(path, effective, visit)
        except paths.PathNotFound:
            raise runtime_error(f"The TimestampPath parameter does not reference an input value: "
                                f"{path}") from None
        return _until(visit, value, "TimestampPath", path)
    return 0.0


def _until(visit: Visit, text, field: str, path) -> float:
    moment = parse_timestamp(text)
    if moment is None:
        shown = f"{path} == {text}" if path else f"'{text}'"
        raise runtime_error(f"The {field} parameter does not reference a valid ISO-8601 "
                            f"extended offset date-time format string: {shown}")
    return max(0.0, visit.execution.clock.seconds_until(moment))


def wait_on_clock(execution, seconds: float, what: str) -> None:
    """Move the clock; an execution deadline inside the wait ends the execution there."""
    remaining = execution.remaining_seconds()
    if remaining is not None and seconds > remaining:
        execution.clock.advance(max(remaining, 0))
        raise ExecutionHalt("TIMED_OUT", "States.Timeout",
                            f"The execution timed out during {what}.")
    execution.clock.advance(seconds)


def run_wait(visit: Visit):
    state = visit.state
    if visit.jsonata:
        seconds = _wait_seconds(visit, visit.raw_input)
        assigned = visit.assign(state.get("Assign"))
        output = (jsonata_io.evaluate_field(state["Output"], "Output", visit, visit.states_var())
                  if "Output" in state else visit.raw_input)
    else:
        effective = _effective_input(visit)
        seconds = _wait_seconds(visit, effective)
        assigned = visit.assign(state.get("Assign"), data=effective)
        output = jsonpath_io.apply_output_path(state.get("OutputPath", "$"), effective, visit)
    wait_on_clock(visit.execution, seconds, f"the Wait state '{visit.name}'")
    visit.apply_assignments(assigned)
    return leave(visit, output, next_of(state))


# -- Choice ---------------------------------------------------------------------------------

def run_choice(visit: Visit):
    state = visit.state
    rules = state.get("Choices") if isinstance(state.get("Choices"), list) else []
    effective = visit.raw_input if visit.jsonata else _effective_input(visit)
    matched = None
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict):
            continue
        if visit.jsonata:
            hit = choice.condition_matches(rule, index, visit, visit.states_var())
        else:
            hit = choice.rule_matches(rule, effective, visit)
        if hit:
            matched = index, rule
            break
    if matched is not None:
        index, rule = matched
        next_name = rule.get("Next")
        source, prefix = rule, f"Choices[{index}]/"
    elif isinstance(state.get("Default"), str):
        next_name = state["Default"]
        source, prefix = state, ""
    else:
        raise StateFailure("States.NoChoiceMatched", "No Matches!", interpreter=True)
    if visit.jsonata:
        assigned = visit.assign(source.get("Assign"), field=prefix + "Assign")
        output = (jsonata_io.evaluate_field(source["Output"], prefix + "Output", visit,
                                            visit.states_var())
                  if "Output" in source else visit.raw_input)
    else:
        assigned = visit.assign(source.get("Assign"), data=effective)
        output = jsonpath_io.apply_output_path(state.get("OutputPath", "$"), effective, visit)
    visit.apply_assignments(assigned)
    return leave(visit, output, next_name)


# -- Succeed and Fail -----------------------------------------------------------------------

def run_succeed(visit: Visit):
    state = visit.state
    if visit.jsonata:
        output = (jsonata_io.evaluate_field(state["Output"], "Output", visit, visit.states_var())
                  if "Output" in state else visit.raw_input)
    else:
        effective = _effective_input(visit)
        output = jsonpath_io.apply_output_path(state.get("OutputPath", "$"), effective, visit)
    return leave(visit, output, None)


def _fail_field(visit: Visit, name: str):
    state = visit.state
    if visit.jsonata:
        if name not in state:
            return None
        value = jsonata_io.evaluate_field(state[name], name, visit, visit.states_var())
        return value if isinstance(value, str) or value is None else to_text(value)
    if name in state:
        return state[name]
    path = state.get(name + "Path")
    if not isinstance(path, str):
        return None
    if path.startswith("$"):
        value = jsonpath_io.select_reference(path, visit.raw_input, visit)
    else:
        value = jsonpath_io.evaluate_intrinsic(path, visit.raw_input, visit, name + "Path")
    if not isinstance(value, str):
        raise runtime_error(f"The {name}Path '{path}' must select a string, but selected "
                            f"{to_text(value)}")
    return value


def run_fail(visit: Visit):
    error = _fail_field(visit, "Error")
    cause = _fail_field(visit, "Cause")
    raise StateFailure(error, cause)


def _task(visit):
    from asllint.evaluator.task_state import run_task
    return run_task(visit)


def _map(visit):
    from asllint.evaluator.map_state import run_map
    return run_map(visit)


def _parallel(visit):
    from asllint.evaluator.parallel_state import run_parallel
    return run_parallel(visit)


HANDLERS = {
    "Pass": run_pass, "Wait": run_wait, "Choice": run_choice, "Succeed": run_succeed,
    "Fail": run_fail, "Task": _task, "Map": _map, "Parallel": _parallel,
}
