"""asllint's reference evaluator: simulate a Step Functions execution, offline.

    from asllint.evaluator import simulate
    result = simulate(definition, {"order": 1}, mocks={"Notify": {"ok": True}})
    result.status, result.output, result.error, result.cause, result.history

Everything runs on a simulated clock (Wait, Retry backoff and timeouts take no real time)
and every service call goes to a mock (`asllint.evaluator.mocks`); a Task no mock answers
fails with `asllint.NoMock`. PutEvents goes to a built-in EventBridge bus
(`asllint.eventbridge.bus.EventBridgeMock`) unless a mock is given for it.

Identifiers default to the placeholder forms AWS recordings were rewritten to
(`arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>`);
`context={"partition": "aws", "region": "eu-west-1", "state_machine_name": "Orders",
"execution_name": "run-1", "role_arn": "..."}` sets real-looking ones.

Importing this package is cheap: the interpreter and JSONata load on the first simulate().
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from asllint.evaluator.result import SimulationResult

__all__ = ["simulate", "SimulationResult", "DefinitionError"]


def __getattr__(name):
    # Loaded on first use: the linter imports this package (for confirmation) on every run.
    if name == "DefinitionError":
        from asllint.evaluator.errors import DefinitionError
        return DefinitionError
    if name == "SimulationResult":
        from asllint.evaluator.result import SimulationResult
        return SimulationResult
    raise AttributeError(f"module 'asllint.evaluator' has no attribute {name!r}")

_UNSET = object()


def simulate(definition, input=None, *, mocks=None, seed: int = 0,
             state_machine_type: str = "STANDARD", context: dict | None = None,
             substitutions: dict | None = None, max_transitions: int | None = None,
             history_limit=_UNSET, payload_limit=_UNSET, start_time=None,
             builtin_mocks: bool = True) -> "SimulationResult":
    """Simulate one execution of `definition` (a dict or JSON text) with `input`.

    mocks: a list of service mocks, a dict {state name: mock or canned response(s)}, or a
        `MockRegistry` (see asllint.evaluator.mocks).
    seed: seeds every random choice (JitterStrategy FULL, UUIDs, task tokens, $random).
    state_machine_type: "STANDARD" (1 year, 25,000 history events) or "EXPRESS" (5 minutes).
    context: identity overrides: partition, region, account, state_machine_name,
        execution_name, role_arn, state_machine_arn, execution_arn, redrive_count.
    substitutions: values for `${Name}` placeholders and Fn::Sub/Ref/GetAtt (templates).
    max_transitions: stop runaway loops (default 50,000 state transitions).
    history_limit / payload_limit: override the 25,000-event and 262,144-byte quotas
        (None disables the check).
    start_time: a datetime for the simulated clock's start (default 2025-01-01T00:00:00Z).
    builtin_mocks: False to disable the built-in EventBridge bus.

    Every simulation runs under a budget of steps, wall time and value sizes
    (asllint.bounded.budget); exceeding it ends the execution with asllint.BudgetExceeded.
    """
    from asllint.bounded import budget
    from asllint.evaluator.runner import run_simulation

    with budget.limit(steps=budget.SIMULATION_STEPS, seconds=budget.SIMULATION_SECONDS):
        return run_simulation(
            definition, input, mocks=mocks, seed=seed, machine_type=state_machine_type,
            context=context, substitutions=substitutions, max_transitions=max_transitions,
            history_limit=history_limit, payload_limit=payload_limit, start_time=start_time,
            builtin_mocks=builtin_mocks, unset=_UNSET)
