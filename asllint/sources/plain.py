"""Plain ASL files: a JSON or YAML document that is itself a state machine definition."""

from __future__ import annotations

import os
import re
from typing import Any

from asllint.document import Document
from asllint.hookspecs import hookimpl
from asllint.sources.records import Note, PrefixLocator, StateMachine

_ASL_IN_NAME = re.compile(r"\.asl(\.|$)", re.I)


def is_definition(data: Any) -> bool:
    return isinstance(data, dict) and "States" in data and "StartAt" in data


def machine_name_from_path(path: str) -> str:
    base = os.path.basename(path)
    return re.sub(r"(\.asl)?(\.(json|ya?ml|asl))?$", "", base, flags=re.I) or base


def find_plain(document: Document) -> list:
    data = document.data
    named_asl = bool(_ASL_IN_NAME.search(os.path.basename(document.path)))
    if named_asl and not isinstance(data, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(data), "a number")
        return [Note("ASL000", f"a state machine definition must be a JSON object, not {kind}", "")]
    if is_definition(data) or (named_asl and isinstance(data, dict) and ("States" in data or "StartAt" in data)):
        return [StateMachine(machine_name_from_path(document.path), data, document.path, "",
                             PrefixLocator(document, ""), "asl", document=document)]
    return []


@hookimpl
def asllint_find_state_machines(document):
    return find_plain(document)
