"""Serverless Framework files: `stepFunctions.stateMachines.<name>.definition` (the
serverless-step-functions plugin)."""

from __future__ import annotations

import os
import re

from asllint.document import Document, join_pointer
from asllint.hookspecs import hookimpl
from asllint.sources.cloudformation import opaque_intrinsics
from asllint.sources.records import Note, PrefixLocator, Reference, StateMachine

# `definition: ${file(path/to/flow.json)}`: the whole file is the definition, relative to the
# serverless.yml. (The `${file(...):key}` form and other variables are reported as ASL004, not read.)
_FILE_VARIABLE = re.compile(r"^\$\{file\(([^()]*)\)\}$")


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
        file_variable = _FILE_VARIABLE.match(definition) if isinstance(definition, str) else None
        if file_variable and file_variable.group(1).strip():
            target = os.path.normpath(os.path.join(os.path.dirname(document.path), file_variable.group(1).strip()))
            out.append(Reference(label, target, pointer, {"container": "serverless", "machine_type": mtype},
                                 definition, "definition"))
            continue
        if isinstance(definition, str) and "${" in definition:
            # `${file(flow.yml):key}`, `${self:custom.flow}`, `${file(flow.js):fn}`: a variable the
            # framework resolves at deploy time. Said, rather than linted as a string and silently
            # passed.
            out.append(Note("ASL004", f"the definition is a Serverless variable asllint does not resolve "
                                      f"({definition[:80]}); not linted", pointer, label))
            continue
        out.append(StateMachine(label, definition, document.path, pointer,
                                PrefixLocator(document, pointer), "serverless", mtype, document=document))
    return out


@hookimpl
def asllint_find_state_machines(document):
    return find_serverless(document)
