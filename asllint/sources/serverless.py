"""Serverless Framework files: `stepFunctions.stateMachines.<name>.definition` (the
serverless-step-functions plugin)."""

from __future__ import annotations

from asllint.document import Document, join_pointer
from asllint.hookspecs import hookimpl
from asllint.sources.cloudformation import opaque_intrinsics
from asllint.sources.records import PrefixLocator, StateMachine


def find_serverless(document: Document) -> list:
    data = document.data
    if not isinstance(data, dict):
        return []
    sf = data.get("stepFunctions")
    machines = sf.get("stateMachines") if isinstance(sf, dict) else None
    if not isinstance(machines, dict):
        return []
    out = []
    for name, machine in machines.items():
        if not isinstance(machine, dict) or "definition" not in machine:
            continue
        pointer = join_pointer("stepFunctions", "stateMachines", name, "definition")
        mtype = machine.get("type")
        mtype = mtype.upper() if isinstance(mtype, str) and mtype.upper() in ("STANDARD", "EXPRESS") else None
        definition = machine["definition"]
        if isinstance(definition, dict):
            # serverless.yml resources take CloudFormation intrinsics too.
            definition = opaque_intrinsics(definition)
        label = machine.get("name") if isinstance(machine.get("name"), str) else name
        out.append(StateMachine(label, definition, document.path, pointer,
                                PrefixLocator(document, pointer), "serverless", mtype, document=document))
    return out


@hookimpl
def asllint_find_state_machines(document):
    return find_serverless(document)
