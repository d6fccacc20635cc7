"""Replay recorded service results: conformance cases under `_service/` as mocks.

Such a case carries `recorded_task_results`: for each Task attempt, the scheduling event
(resource, parameters) followed by what AWS got back (TaskSucceeded output, TaskFailed error
and cause, TaskTimedOut, and the LambdaFunction*/Activity* equivalents). Each state gets a
mock answering its recorded attempts in order; `<TEST_RESOURCE>` placeholders in the
definition take the recorded resource (or the recorded parameter at the same place).
"""

from __future__ import annotations

import json

from asllint.evaluator.errors import TaskError
from asllint.evaluator.mocks import Outcome, StaticMock

PLACEHOLDER = "<TEST_RESOURCE>"
_SCHEDULED = ("TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled")


def _payload(value):
    """Recorded outputs: objects are stored parsed, other JSON texts as text."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _cause(value, event: str):
    if value is None or isinstance(value, str):
        return value
    # A Lambda function ARN task passes the function's error payload through as the Python
    # runtime wrote it; the optimized integrations re-serialize it compactly.
    if event.startswith("LambdaFunction"):
        return json.dumps(value)
    return json.dumps(value, separators=(",", ":"))


def _answer(record: dict):
    event = record.get("event", "")
    if event.endswith("Succeeded"):
        return _payload(record.get("output"))
    if event.endswith("Failed"):
        return TaskError(record.get("error"), _cause(record.get("cause"), event))
    if event.endswith("TimedOut"):
        return Outcome.never()
    return None


def mocks_from_recording(case: dict) -> tuple[dict, dict]:
    """(definition with placeholders filled, {state name: mock}) for a recorded case."""
    answers: dict = {}
    scheduled: dict = {}
    for record in case.get("recorded_task_results") or []:
        state = record.get("state")
        if record.get("event") in _SCHEDULED:
            scheduled.setdefault(state, record)
            continue
        answer = _answer(record)
        if answer is not None:
            answers.setdefault(state, []).append(answer)
    families = _families_from_outline(case.get("expected_history_outline") or [])
    for state, family in families.items():
        if state not in scheduled:
            # No scheduling event was recorded (activities): the outline still says which
            # kind of resource AWS called, and whether the call timed out.
            scheduled[state] = {"resource": _placeholder_arn(family, state)}
            if state not in answers and family[1]:
                answers[state] = [Outcome.never()]
    mocks = {state: StaticMock(*items, repeat_last=False) for state, items in answers.items()}
    definition = _fill(case["definition"], scheduled)
    return definition, mocks


def _families_from_outline(outline: list) -> dict:
    """{state: (event family, timed out?)} for Task states in a recorded history outline."""
    families: dict = {}
    current = None
    for event in outline:
        kind = event[0]
        if kind == "TaskStateEntered" and len(event) > 1:
            current = event[1]
            continue
        if current is None:
            continue
        for family in ("Activity", "LambdaFunction", "Task"):
            if kind.startswith(family) and not kind.startswith("TaskState"):
                timed_out = kind.endswith("TimedOut")
                previous = families.get(current, (family, False))
                families[current] = (family, previous[1] or timed_out)
                break
    return families


def _placeholder_arn(family, state: str) -> str:
    kind = family[0]
    if kind == "Activity":
        return f"arn:aws:states:us-east-1:111111111111:activity:{state}"
    if kind == "LambdaFunction":
        return f"arn:aws:lambda:us-east-1:111111111111:function:{state}"
    return PLACEHOLDER


def _fill(definition, scheduled: dict):
    def walk_states(states):
        if not isinstance(states, dict):
            return states
        out = {}
        for name, state in states.items():
            if not isinstance(state, dict):
                out[name] = state
                continue
            state = dict(state)
            record = scheduled.get(name)
            if record is not None:
                if state.get("Resource") == PLACEHOLDER:
                    state["Resource"] = _resource(record)
                for field in ("Parameters", "Arguments"):
                    if field in state:
                        state[field] = _fill_from(state[field], record.get("parameters"))
            for nested in ("ItemProcessor", "Iterator"):
                if isinstance(state.get(nested), dict):
                    state[nested] = dict(state[nested], States=walk_states(state[nested].get("States")))
            if isinstance(state.get("Branches"), list):
                state["Branches"] = [dict(b, States=walk_states(b.get("States")))
                                     if isinstance(b, dict) else b for b in state["Branches"]]
            out[name] = state
        return out

    return dict(definition, States=walk_states(definition.get("States")))


def _resource(record: dict) -> str:
    resource = record.get("resource") or PLACEHOLDER
    kind = record.get("resourceType")
    if kind and not resource.startswith("arn:"):
        return f"arn:aws:states:::{kind}:{resource}"
    return resource


def _fill_from(template, recorded):
    """Replace placeholders in a template by the recorded value at the same place."""
    if template == PLACEHOLDER:
        return recorded if recorded is not None else template
    if isinstance(template, dict):
        return {k: _fill_from(v, recorded.get(k[:-2] if k.endswith(".$") else k)
                              if isinstance(recorded, dict) else None)
                for k, v in template.items()}
    return template
