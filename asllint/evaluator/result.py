"""What a simulation returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SimulationResult:
    """The end of a simulated execution.

    status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED".
    output: the execution output (parsed JSON) when it succeeded, else None.
    error, cause: as AWS reports them for a failed execution (either may be None).
    history: events shaped like GetExecutionHistory (id, previousEventId, timestamp, type,
        details), on the simulated clock.
    events: EventBridge events delivered, each with the state, attempt and entry index.
    assumptions: what the simulator had to assume (placeholders, unconfigured callbacks...).
    duration_seconds: simulated time from start to end.
    task_calls: every service call made ({state, resource, parameters, attempt}).
    child_executions: Distributed Map items ({map_state, index, status, input, output, ...}).
    """

    status: str
    output: object = None
    error: str | None = None
    cause: str | None = None
    history: list = field(default_factory=list)
    events: list = field(default_factory=list)
    assumptions: list = field(default_factory=list)
    duration_seconds: float = 0.0
    task_calls: list = field(default_factory=list)
    child_executions: list = field(default_factory=list)
    transitions: int = 0

    @property
    def succeeded(self) -> bool:
        return self.status == "SUCCEEDED"

    def event_types(self) -> list:
        return [event["type"] for event in self.history]

    def duplicate_events(self) -> dict:
        from asllint.eventbridge.bus import count_duplicates
        return count_duplicates(self.events)

    def to_dict(self, *, history: bool = False) -> dict:
        data = {"status": self.status, "output": self.output, "error": self.error,
                "cause": self.cause, "duration_seconds": self.duration_seconds,
                "transitions": self.transitions, "events": self.events,
                "assumptions": self.assumptions}
        if history:
            data["history"] = self.history
        return data
