"""JSONPath states: InputPath -> Parameters -> the state's work -> ResultSelector ->
ResultPath (merged into the raw input) -> OutputPath (spec section 3)."""

from __future__ import annotations

from asllint.evaluator import choice, jsonpath_io, query
from asllint.evaluator.errors import runtime_error
from asllint.evaluator.history import to_text
from asllint.evaluator.language import (
    QueryLanguageIO, assignment_present, checked_wait_seconds, wait_until)


class JSONPathIO(QueryLanguageIO):
    name = "JSONPath"

    def effective_input(self, visit):
        return jsonpath_io.apply_input_path(visit.state.get("InputPath", "$"), visit.raw_input,
                                            visit)

    def parameters(self, visit, effective):
        state = visit.state
        if "Parameters" in state:
            return jsonpath_io.resolve_template(state["Parameters"], effective, visit)
        return effective

    def template(self, visit, value, field, effective, states=None):
        return jsonpath_io.resolve_template(value, effective, visit)

    def arguments_of(self, visit, spec, field, effective, states=None):
        return jsonpath_io.resolve_template(spec.get("Parameters", {}), effective, visit)

    def assign(self, visit, field_value, *, result=None, error_output=None, data=None,
               field="Assign"):
        if not assignment_present(field_value):
            return None
        return jsonpath_io.resolve_template(field_value, data, visit)

    def pass_output(self, visit):
        state = visit.state
        # InputPath and Parameters are evaluated (and can fail) even when Result replaces them.
        effective = self.parameters(visit, self.effective_input(visit))
        result = state["Result"] if "Result" in state else effective
        assigned = self.assign(visit, state.get("Assign"), data=result)
        output = jsonpath_io.apply_result_path(state.get("ResultPath", "$"), visit.raw_input,
                                               result, visit)
        return jsonpath_io.apply_output_path(state.get("OutputPath", "$"), output, visit), assigned

    def flow_output(self, visit, effective, source=None, prefix=""):
        return jsonpath_io.apply_output_path(visit.state.get("OutputPath", "$"), effective, visit)

    def finish(self, visit, result):
        state = visit.state
        assigned = self.assign(visit, state.get("Assign"), data=result)
        if "ResultSelector" in state:
            result = jsonpath_io.resolve_template(state["ResultSelector"], result, visit)
        output = jsonpath_io.apply_result_path(state.get("ResultPath", "$"), visit.raw_input,
                                               result, visit)
        return jsonpath_io.apply_output_path(state.get("OutputPath", "$"), output, visit), assigned

    def caught(self, visit, catcher, index, error_output):
        assigned = self.assign(visit, catcher.get("Assign"), data=error_output)
        output = jsonpath_io.apply_result_path(catcher.get("ResultPath", "$"), visit.raw_input,
                                               error_output, visit)
        return output, assigned

    def condition(self, visit, rule, index, effective):
        return choice.rule_matches(rule, effective, visit)

    def wait_seconds(self, visit, effective):
        state = visit.state
        if "Seconds" in state:
            return checked_wait_seconds(state["Seconds"])
        if "SecondsPath" in state:
            path = state["SecondsPath"]
            value = _wait_path(visit, path, effective, "SecondsPath")
            return float(_seconds_from_path(path, value))
        if "Timestamp" in state:
            return wait_until(visit, state["Timestamp"], "Timestamp", None)
        if "TimestampPath" in state:
            path = state["TimestampPath"]
            value = _wait_path(visit, path, effective, "TimestampPath")
            return wait_until(visit, value, "TimestampPath", path)
        return 0.0

    def credentials(self, visit, effective):
        if "Credentials" in visit.state:
            jsonpath_io.resolve_template(visit.state["Credentials"], effective, visit)
            visit.execution.note("Task Credentials are evaluated but not used: mocks answer "
                                 "every call.")

    def task_seconds(self, visit, field, effective):
        given, path = _given_or_path(visit.state, field)
        if path is None:
            return given
        value = jsonpath_io.select_reference(path, effective, visit)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise runtime_error(f"The {field}Path field refers to value {to_text(value)} which "
                                f"is not a valid positive integer: {path}")
        return value

    def map_items(self, visit, effective, states):
        path = visit.state.get("ItemsPath", "$")
        value = effective if path == "$" else jsonpath_io.select_reference(path, effective, visit)
        if not isinstance(value, list):
            raise runtime_error(f"Map state input must be an array but was: {to_text(value)}")
        return value

    def item_selector_field(self, state):
        if "ItemSelector" in state:
            return "ItemSelector"
        return "Parameters" if "Parameters" in state else None  # the legacy name

    def fail_field(self, visit, name):
        given, path = _given_or_path(visit.state, name)
        if path is None:
            return given
        if path.startswith("$"):
            value = jsonpath_io.select_reference(path, visit.raw_input, visit)
        else:
            value = jsonpath_io.evaluate_intrinsic(path, visit.raw_input, visit, name + "Path")
        if not isinstance(value, str):
            raise runtime_error(f"The {name}Path '{path}' must select a string, but selected "
                                f"{to_text(value)}")
        return value


def _given_or_path(state: dict, field: str):
    """(the field's value, None) when given; (None, path) for its `Path` form; else (None, None)."""
    if field in state:
        return state[field], None
    path = state.get(field + "Path")
    return None, path if isinstance(path, str) else None


def _wait_path(visit, path, effective, field):
    try:
        return jsonpath_io.select(path, effective, visit)
    except query.paths().PathNotFound:
        raise runtime_error(f"The {field} parameter does not reference an input value: "
                            f"{path}") from None


def _seconds_from_path(path, value):
    if isinstance(value, bool) or not isinstance(value, int):
        shown = value if isinstance(value, (int, float)) else to_text(value)
        raise runtime_error(f"The SecondsPath parameter cannot be parsed as a long value: "
                            f"{path} == {shown}")
    if value < 0:
        raise runtime_error(f"The SecondsPath parameter references a negative value: "
                            f"{path} == {value}")
    return value


JSONPATH = JSONPathIO()
