"""The EventBridge PutEvents domain, built as a third-party plugin would be: the PutEvents model
(`putevents`, `sdk_results`), its rules (`entry_rules`, `handling_rules`), the bus mock for the
evaluator (`bus`) and the confirmation scenarios."""

from asllint.hookspecs import hookimpl


@hookimpl
def asllint_service_mocks():
    """The bus answers PutEvents in every simulation, as a third-party plugin's mock would.

    A fresh bus per call: each simulation's registry asks once, and the bus counts attempts.
    The bus (and the evaluator it builds on) is imported here, when a simulation asks, so that
    registering this plugin costs a lint run nothing."""
    from asllint.eventbridge.bus import EventBridgeMock

    return [EventBridgeMock()]
