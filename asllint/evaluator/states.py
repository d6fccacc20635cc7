"""The flow states: Pass, Wait, Choice, Succeed and Fail. Each returns its `StateResult`."""

from __future__ import annotations

from asllint.evaluator.errors import StateFailure
from asllint.evaluator.visit import StateResult, Visit


def run_pass(visit: Visit) -> StateResult:
    output, assigned = visit.language.pass_output(visit)
    return StateResult(output, assigned)


def run_wait(visit: Visit) -> StateResult:
    language = visit.language
    effective = language.effective_input(visit)
    seconds = language.wait_seconds(visit, effective)
    assigned = language.assign(visit, visit.state.get("Assign"), data=effective)
    output = language.flow_output(visit, effective)
    visit.execution.wait(seconds, f"The execution timed out during the Wait state "
                                  f"'{visit.name}'.")
    return StateResult(output, assigned)


def run_choice(visit: Visit) -> StateResult:
    state = visit.state
    language = visit.language
    rules = state.get("Choices") if isinstance(state.get("Choices"), list) else []
    effective = language.effective_input(visit)
    matched = None
    for index, rule in enumerate(rules):
        if isinstance(rule, dict) and language.condition(visit, rule, index, effective):
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
    assigned = language.assign(visit, source.get("Assign"), data=effective,
                               field=prefix + "Assign")
    output = language.flow_output(visit, effective, source, prefix)
    return StateResult(output, assigned, next_name)


def run_succeed(visit: Visit) -> StateResult:
    language = visit.language
    return StateResult(language.flow_output(visit, language.effective_input(visit)), None, None)


def run_fail(visit: Visit):
    error = visit.language.fail_field(visit, "Error")
    cause = visit.language.fail_field(visit, "Cause")
    raise StateFailure(error, cause)
