"""What a Task, Parallel or Map state outputs from its result: JSONata `Assign` and `Output`,
or JSONPath `Assign`, `ResultSelector`, `ResultPath` and `OutputPath`, in AWS's order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from asllint.evaluator import jsonata_io, jsonpath_io

if TYPE_CHECKING:
    from asllint.evaluator.interpreter import Visit


def finish(visit: Visit, result):
    """(state output, assigned variables) from the state's result."""
    state = visit.state
    if visit.jsonata:
        assigned = visit.assign(state.get("Assign"), result=result)
        output = (jsonata_io.evaluate_field(state["Output"], "Output", visit,
                                            visit.states_var(result=result))
                  if "Output" in state else result)
        return output, assigned
    assigned = visit.assign(state.get("Assign"), data=result)
    if "ResultSelector" in state:
        result = jsonpath_io.resolve_template(state["ResultSelector"], result, visit)
    output = jsonpath_io.apply_result_path(state.get("ResultPath", "$"), visit.raw_input, result, visit)
    output = jsonpath_io.apply_output_path(state.get("OutputPath", "$"), output, visit)
    return output, assigned
