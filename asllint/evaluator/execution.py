"""Everything one simulated execution shares: identity, clock, history, mocks, limits.

Identifiers default to the forms the conformance suite rewrote AWS's values to
(`arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>`, execution name
`<ExecArnPart_0idx>`, role `snf_role_arn`), so recorded cases compare equal and nobody mistakes
a simulated ARN for a real one. Pass `context={...}` to `simulate` for realistic values.
"""

from __future__ import annotations

import random

from asllint.asl import quotas as limits
from asllint.bounded import budget
from asllint.evaluator.clock import SimulatedClock, format_timestamp
from asllint.evaluator.errors import TRANSITION_LIMIT, ExecutionHalt
from asllint.evaluator.history import Chain, History, to_text

DEFAULT_IDENTITY = {
    "partition": "<partition>",
    "region": "<region>",
    "account": "111111111111",
    "state_machine_name": "<ArnPart_0idx>",
    "execution_name": "<ExecArnPart_0idx>",
    "role_arn": "snf_role_arn",
    "redrive_count": 0,
}


class Identity:
    """ARNs and names of the simulated state machine and execution."""

    def __init__(self, overrides: dict | None, machine_type: str):
        values = dict(DEFAULT_IDENTITY)
        values.update({k: v for k, v in (overrides or {}).items() if v is not None})
        self.values = values
        self.partition = values["partition"]
        self.region = values["region"]
        self.account = str(values["account"])
        self.state_machine_name = values["state_machine_name"]
        self.execution_name = values["execution_name"]
        self.role_arn = values["role_arn"]
        base = f"arn:{self.partition}:states:{self.region}:{self.account}"
        self.state_machine_arn = values.get("state_machine_arn") or \
            f"{base}:stateMachine:{self.state_machine_name}"
        if values.get("execution_arn"):
            self.execution_arn = values["execution_arn"]
        elif machine_type == "EXPRESS":
            self.execution_arn = (f"{base}:express:{self.state_machine_name}:"
                                  f"{self.execution_name}:00000000-0000-0000-0000-000000000000")
        else:
            self.execution_arn = f"{base}:execution:{self.state_machine_name}:{self.execution_name}"

    def child(self, name: str, execution_name: str) -> "Identity":
        """The identity of a Distributed Map child execution."""
        overrides = dict(self.values)
        overrides["state_machine_name"] = f"{self.state_machine_name}/{name}"
        overrides["execution_name"] = execution_name
        overrides.pop("state_machine_arn", None)
        overrides.pop("execution_arn", None)
        return Identity(overrides, "STANDARD")


class Execution:
    """Shared state of one run. Scopes (branches, iterations) hold a reference to it."""

    def __init__(self, *, definition: dict, machine, input_value, identity: Identity,
                 machine_type: str,
                 mocks, seed: int, clock: SimulatedClock, max_transitions: int,
                 history_limit: int | None, payload_limit: int | None,
                 max_duration: float | None, scope_runner=None):
        self.definition = definition
        self.machine = machine  # the `asllint.model.Machine` of the definition: what runs
        self._blocks = {scope.pointer: scope for scope in machine.scopes}
        self.input = input_value
        self.identity = identity
        self.machine_type = machine_type
        self.mocks = mocks
        self.rng = random.Random(seed)
        self.clock = clock
        self.history = History(clock, history_limit)
        self.root_chain = Chain()
        self.transitions = 0
        self.max_transitions = max_transitions
        self.payload_limit = payload_limit
        self.max_duration = max_duration
        self.events: list[dict] = []  # EventBridge events delivered, in order
        self.assumptions: list[str] = []
        self.task_calls: list[dict] = []  # every service call made, for reports and tests
        self.token_counter = 0
        self.start_time = format_timestamp(clock.start)
        self.execution_context = {
            "Id": identity.execution_arn,
            "Input": input_value,
            "Name": identity.execution_name,
            "RoleArn": identity.role_arn,
            "StartTime": self.start_time,
            "RedriveCount": identity.values.get("redrive_count", 0),
        }
        self.state_machine_context = {
            "Id": identity.state_machine_arn,
            "Name": identity.state_machine_name,
        }
        self.default_query_language = definition.get("QueryLanguage", "JSONPath")
        self.map_run_counter = 0
        self.child_executions: list[dict] = []
        self.invocations: dict = {}  # state name -> service calls made so far
        # Runs a nested scope (Frame.run_nested); given by the runner so that the state
        # handlers need not import the interpreter.
        self.run_scope = scope_runner

    # -- bookkeeping -------------------------------------------------------------------

    def note(self, assumption: str) -> None:
        if assumption not in self.assumptions:
            self.assumptions.append(assumption)

    def count_transition(self) -> None:
        self.transitions += 1
        budget.tick()
        if self.transitions > self.max_transitions:
            raise ExecutionHalt(
                "FAILED", TRANSITION_LIMIT,
                f"The simulation stopped after {self.max_transitions} state transitions "
                "(simulate(max_transitions=...)); the definition probably loops forever.")

    def check_deadline(self) -> None:
        """The execution's own TimeoutSeconds, or the service's maximum duration."""
        if self.max_duration is not None and self.clock.elapsed > self.max_duration:
            raise ExecutionHalt("TIMED_OUT", "States.Timeout", None)

    def block_at(self, pointer: str):
        """The model Scope (Parallel branch, Map processor) at `pointer`, or None."""
        return self._blocks.get(pointer)

    def remaining_seconds(self) -> float | None:
        if self.max_duration is None:
            return None
        return self.max_duration - self.clock.elapsed

    def wait(self, seconds: float, timed_out_cause: str) -> None:
        """Move the simulated clock: every wait (Wait states, Retry backoff, a Task waiting for
        its answer or timeout) goes through here. An execution deadline inside the wait ends
        the execution there, TIMED_OUT with `timed_out_cause`."""
        remaining = self.remaining_seconds()
        if remaining is not None and seconds > remaining:
            self.clock.advance(max(remaining, 0))
            raise ExecutionHalt("TIMED_OUT", "States.Timeout", timed_out_cause)
        self.clock.advance(seconds)

    def new_task_token(self) -> str:
        self.token_counter += 1
        return "AQB" + "".join(self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                               for _ in range(40)) + f"{self.token_counter:04d}"

    def new_uuid(self) -> str:
        value = self.rng.getrandbits(128)
        hex_text = f"{value:032x}"
        return (f"{hex_text[:8]}-{hex_text[8:12]}-4{hex_text[13:16]}-"
                f"{'89ab'[value % 4]}{hex_text[17:20]}-{hex_text[20:32]}")

    def context_object(self, state_name: str, entered_time: str, *, retry_count: int | None,
                       extra: dict | None = None, execution_context: dict | None = None,
                       state_machine_context: dict | None = None) -> dict:
        state = {"Name": state_name, "EnteredTime": entered_time}
        if retry_count is not None:
            state["RetryCount"] = retry_count
        ctx = {
            "Execution": execution_context or self.execution_context,
            "State": state,
            "StateMachine": state_machine_context or self.state_machine_context,
        }
        if extra:
            ctx.update(extra)
        return ctx

    # -- payload quota -----------------------------------------------------------------

    def too_large(self, value, text: str | None = None) -> bool:
        if self.payload_limit is None:
            return False
        if text is None:
            text = to_text(value)
        # Cheap test first: UTF-8 is at most 4 bytes per character.
        if len(text) * 4 <= self.payload_limit:
            return False
        return len(text.encode("utf-8", "surrogatepass")) > self.payload_limit


def default_limits(machine_type: str) -> dict:
    if machine_type == "EXPRESS":
        return {"history_limit": None, "max_duration": limits.EXPRESS_MAX_DURATION}
    return {"history_limit": limits.HISTORY_EVENTS, "max_duration": limits.STANDARD_MAX_DURATION}
