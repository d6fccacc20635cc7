"""The execution history, shaped like AWS GetExecutionHistory events.

Each event is a plain dict: `id`, `previousEventId`, `timestamp` (ISO 8601 on the simulated
clock), `type`, and the details object AWS uses for that type (`stateEnteredEventDetails`,
`taskScheduledEventDetails`, ...). Inputs and outputs in details are JSON text, as in AWS.
"""

from __future__ import annotations

import json

from asllint.bounded import budget
from asllint.evaluator.errors import HISTORY_LIMIT, ExecutionHalt


def details_key(event_type: str) -> str:
    if event_type.endswith("StateEntered"):
        return "stateEnteredEventDetails"
    if event_type.endswith("StateExited"):
        return "stateExitedEventDetails"
    return event_type[0].lower() + event_type[1:] + "EventDetails"


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def to_text(value) -> str:
    """Compact JSON text, the way AWS writes payloads into history and causes."""
    # Values share parts (a Map's results, a template reading `$.big` twice): the text can be
    # exponentially longer than the value's memory, so its length is bounded before writing.
    budget.check_json_size(value, "a payload")
    return _ENCODER.encode(value)


class Chain:
    """One line of causality (the top level, a Parallel branch, a Map iteration)."""

    __slots__ = ("last",)

    def __init__(self, last: int = 0):
        self.last = last

    def fork(self) -> "Chain":
        return Chain(self.last)


class History:
    def __init__(self, clock, limit: int | None):
        self.clock = clock
        self.limit = limit
        self.events: list[dict] = []

    @property
    def last_id(self) -> int:
        return len(self.events)

    def add(self, chain: Chain, event_type: str, details: dict | None = None, *,
            final: bool = False) -> int:
        """Record an event and return its id. `final` events may pass the limit."""
        if self.limit is not None and len(self.events) >= self.limit and not final:
            raise ExecutionHalt(
                "FAILED", HISTORY_LIMIT,
                f"The execution reached the maximum number of history events ({self.limit}). "
                "AWS fails Standard executions at this quota; the definition probably loops "
                "without end or fans out too much.")
        event_id = len(self.events) + 1
        event = {"id": event_id, "previousEventId": chain.last,
                 "timestamp": self.clock.iso(), "type": event_type}
        if details is not None:
            event[details_key(event_type)] = details
        self.events.append(event)
        chain.last = event_id
        return event_id


def payload_details(name: str | None, key: str, value) -> dict:
    """stateEntered/stateExited style details: name plus input or output as JSON text."""
    details = {} if name is None else {"name": name}
    details[key] = to_text(value)
    details[key + "Details"] = {"truncated": False}
    return details


def error_details(error, cause) -> dict:
    """AWS leaves error and cause out of failure details when they are absent."""
    details = {}
    if error is not None:
        details["error"] = error
    if cause is not None:
        details["cause"] = cause
    return details
