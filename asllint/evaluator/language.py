"""The interface every query language's I/O object offers a state visit.

A visit picks its language once (`asllint.evaluator.visit.Visit.language`); state handlers
then ask it for the steps whose wording or order differs between JSONPath and JSONata, and
never test the language themselves. `effective` is the value a state's fields are evaluated
against: the InputPath result for JSONPath, the raw input for JSONata (which has no
InputPath). `states` is JSONata's `$states` when a caller already built it, else None.
"""

from __future__ import annotations

from asllint.evaluator.clock import parse_timestamp
from asllint.evaluator.errors import runtime_error
from asllint.evaluator.history import to_text


class QueryLanguageIO:
    name = ""

    def effective_input(self, visit):
        """The state input after input processing (InputPath for JSONPath)."""
        raise NotImplementedError

    def states(self, visit):
        """JSONata's `$states` for the visit as it is now; None for JSONPath."""
        return None

    def parameters(self, visit, effective):
        """What a Task or Parallel hands on: Parameters (JSONPath) or Arguments (JSONata)."""
        raise NotImplementedError

    def template(self, visit, value, field: str, effective, states=None):
        """A payload template (ItemSelector, BatchInput...) evaluated in the language."""
        raise NotImplementedError

    def literal(self, visit, value, field: str, states=None):
        """A field that holds a value, or in JSONata may hold an expression instead."""
        return value

    def arguments_of(self, visit, spec: dict, field: str, effective, states=None):
        """An ItemReader's or ResultWriter's call parameters."""
        raise NotImplementedError

    def assign(self, visit, field_value, *, result=None, error_output=None, data=None,
               field: str = "Assign"):
        """A state's (or a Choice rule's, or a catcher's) Assign; applied later, all at once."""
        raise NotImplementedError

    def pass_output(self, visit):
        """(output, assignments) of a Pass state."""
        raise NotImplementedError

    def flow_output(self, visit, effective, source=None, prefix: str = ""):
        """The output of a Wait, Choice or Succeed state (`source`: the matched Choice rule)."""
        raise NotImplementedError

    def finish(self, visit, result):
        """(output, assignments) of a Task, Parallel or Map from its result, in AWS's order."""
        raise NotImplementedError

    def caught(self, visit, catcher: dict, index: int, error_output: dict):
        """(output, assignments) when `catcher` caught the failure."""
        raise NotImplementedError

    def condition(self, visit, rule: dict, index: int, effective) -> bool:
        """Whether a Choice rule matches."""
        raise NotImplementedError

    def wait_seconds(self, visit, effective) -> float:
        """How long a Wait state waits, from now."""
        raise NotImplementedError

    def credentials(self, visit, effective) -> None:
        """Evaluate a Task's Credentials (the simulation does not use them)."""

    def task_seconds(self, visit, field: str, effective):
        """A Task's TimeoutSeconds or HeartbeatSeconds (None when absent)."""
        raise NotImplementedError

    def map_items(self, visit, effective, states) -> list:
        """The items of an inline Map (Items / ItemsPath)."""
        raise NotImplementedError

    def item_selector_field(self, state: dict):
        """The Map field that shapes each item's input, or None."""
        return "ItemSelector" if "ItemSelector" in state else None

    def fail_field(self, visit, name: str):
        """A Fail state's Error or Cause (None when absent)."""
        raise NotImplementedError


def assignment_present(field_value) -> bool:
    """Whether an Assign field is there to evaluate; one that is not an object fails."""
    if field_value is None:
        return False
    if not isinstance(field_value, dict):
        raise runtime_error("The Assign field must be an object.")
    return True


def wait_until(visit, text, field: str, path) -> float:
    """Seconds from now to a Wait's timestamp (never negative)."""
    moment = parse_timestamp(text)
    if moment is None:
        shown = f"{path} == {text}" if path else f"'{text}'"
        raise runtime_error(f"The {field} parameter does not reference a valid ISO-8601 "
                            f"extended offset date-time format string: {shown}")
    return max(0.0, visit.execution.clock.seconds_until(moment))


def checked_wait_seconds(seconds) -> float:
    """A Wait's Seconds value, whichever language produced it."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
        raise runtime_error(f"The Seconds field must be a non-negative integer, but was: "
                            f"{to_text(seconds)}")
    return float(seconds)
