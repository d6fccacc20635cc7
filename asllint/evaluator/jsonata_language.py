"""JSONata states: no paths; `Arguments`, `Output`, `Assign` and `Condition` are templates of
`{% %}` expressions over `$states` (input, context, result, errorOutput) and the variables."""

from __future__ import annotations

from asllint.evaluator import choice
from asllint.evaluator.errors import query_error, runtime_error
from asllint.evaluator.history import to_text
from asllint.evaluator.jsonata_io import evaluate_field, expect_type
from asllint.evaluator.language import (
    QueryLanguageIO, assignment_present, checked_wait_seconds, wait_until)


class JSONataIO(QueryLanguageIO):
    name = "JSONata"

    def effective_input(self, visit):
        return visit.raw_input

    def states(self, visit):
        return visit.states_var()

    def parameters(self, visit, effective):
        state = visit.state
        if "Arguments" in state:
            return evaluate_field(state["Arguments"], "Arguments", visit, visit.states_var())
        return visit.raw_input

    def template(self, visit, value, field, effective, states=None):
        return evaluate_field(value, field, visit, states if states is not None
                              else visit.states_var())

    def literal(self, visit, value, field, states=None):
        if isinstance(value, str):
            return evaluate_field(value, field, visit, states)
        return value

    def arguments_of(self, visit, spec, field, effective, states=None):
        if "Arguments" not in spec:
            return {}
        return evaluate_field(spec["Arguments"], f"{field}/Arguments", visit, states)

    def assign(self, visit, field_value, *, result=None, error_output=None, data=None,
               field="Assign"):
        if not assignment_present(field_value):
            return None
        extra = {}
        if result is not None:
            extra["result"] = result
        if error_output is not None:
            extra["errorOutput"] = error_output
        return evaluate_field(field_value, field, visit, visit.states_var(**extra))

    def pass_output(self, visit):
        assigned = self.assign(visit, visit.state.get("Assign"))
        return self.flow_output(visit, visit.raw_input), assigned

    def flow_output(self, visit, effective, source=None, prefix=""):
        source = visit.state if source is None else source
        if "Output" not in source:
            return visit.raw_input
        return evaluate_field(source["Output"], prefix + "Output", visit, visit.states_var())

    def finish(self, visit, result):
        state = visit.state
        assigned = self.assign(visit, state.get("Assign"), result=result)
        if "Output" not in state:
            return result, assigned
        return evaluate_field(state["Output"], "Output", visit,
                              visit.states_var(result=result)), assigned

    def caught(self, visit, catcher, index, error_output):
        states = visit.states_var(errorOutput=error_output)
        assigned = self.assign(visit, catcher.get("Assign"), error_output=error_output,
                               field=f"Catch[{index}]/Assign")
        if "Output" not in catcher:
            return error_output, assigned
        return evaluate_field(catcher["Output"], f"Catch[{index}]/Output", visit,
                              states), assigned

    def condition(self, visit, rule, index, effective):
        return choice.condition_matches(rule, index, visit, visit.states_var())

    def wait_seconds(self, visit, effective):
        state = visit.state
        if "Seconds" in state:
            return checked_wait_seconds(
                evaluate_field(state["Seconds"], "Seconds", visit, visit.states_var()))
        moment = evaluate_field(state.get("Timestamp"), "Timestamp", visit, visit.states_var())
        return wait_until(visit, moment, "Timestamp", None)

    def task_seconds(self, visit, field, effective):
        if field not in visit.state:
            return None
        value = evaluate_field(visit.state[field], field, visit, visit.states_var())
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise runtime_error(f"The {field} field must be a positive integer, but was: "
                                f"{to_text(value)}")
        return int(value)

    def map_items(self, visit, effective, states):
        state = visit.state
        if "Items" in state:
            value = evaluate_field(state["Items"], "Items", visit, states)
            return expect_type(value, "array", state["Items"], "Items")
        if not isinstance(visit.raw_input, list):
            raise query_error(f"Map state input must be an array but was: "
                              f"{to_text(visit.raw_input)}")
        return visit.raw_input

    def fail_field(self, visit, name):
        if name not in visit.state:
            return None
        value = evaluate_field(visit.state[name], name, visit, visit.states_var())
        return value if isinstance(value, str) or value is None else to_text(value)


JSONATA = JSONataIO()
