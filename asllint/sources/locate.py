"""Finding the state machines in a document: plain ASL, CloudFormation, SAM, Serverless.

Each container format is a plugin of `asllint_find_state_machines`; the built-in finders below
are registered exactly like third-party ones."""

from __future__ import annotations

import os
import re
from typing import Any, NamedTuple

from asllint.document import Span, join_pointer
from asllint.sources.load import Document, LoadError, parse_json

STEP_FUNCTIONS_TYPE = "AWS::StepFunctions::StateMachine"
SAM_TYPE = "AWS::Serverless::StateMachine"


class StateMachine:
    """One definition to lint, and how its pointers map to positions in a file."""

    __slots__ = ("name", "definition", "path", "pointer", "locator", "container", "machine_type",
                 "substitutions", "ignores", "document", "model")

    def __init__(self, name: str, definition: Any, path: str, pointer: str, locator: Any,
                 container: str = "asl", machine_type: str | None = None, substitutions: dict | None = None,
                 ignores: tuple = (), document: Document | None = None):
        self.name = name
        self.definition = definition
        self.path = path                    # the file findings are reported in
        self.pointer = pointer              # pointer of the definition from that file's root
        self.locator = locator              # resolves pointers relative to the definition
        self.container = container          # asl, cloudformation, sam, serverless
        self.machine_type = machine_type    # STANDARD, EXPRESS or None when the container does not say
        self.substitutions = substitutions if substitutions is not None else {}
        self.ignores = ignores              # codes ignored through CloudFormation Metadata
        self.document = document
        self.model = None                   # the model.Machine, once built by the engine

    def span(self, pointer: str, at: str = "value") -> Span | None:
        return self.locator.span(pointer, at)


class Note(NamedTuple):
    """Something a finder wants reported that is not a rule finding (e.g. an S3 definition)."""

    code: str
    message: str
    pointer: str
    machine: str | None = None


class PrefixLocator:
    """Resolves definition-relative pointers in the containing document."""

    def __init__(self, document: Document, prefix: str):
        self.document = document
        self.prefix = prefix

    def span(self, pointer: str, at: str = "value") -> Span | None:
        return self.document.span(self.prefix + pointer, at)


def is_definition(data: Any) -> bool:
    return isinstance(data, dict) and "States" in data and "StartAt" in data


def machine_name_from_path(path: str) -> str:
    base = os.path.basename(path)
    return re.sub(r"(\.asl)?(\.(json|ya?ml|asl))?$", "", base, flags=re.I) or base


_CFN_FN = re.compile(r"^(Ref|Condition|Fn::[A-Za-z0-9]+)$")


def opaque_intrinsics(value: Any) -> Any:
    """CloudFormation intrinsics inside an inline Definition become `${...}` placeholders.

    Rules see a string that reads as a placeholder (never an error); `Fn::Sub` keeps its text."""
    if isinstance(value, dict):
        if len(value) == 1:
            (k, v), = value.items()
            if _CFN_FN.match(k):
                if k == "Fn::Sub":
                    return v if isinstance(v, str) else (v[0] if isinstance(v, list) and v and isinstance(v[0], str) else "${Fn::Sub}")
                if k == "Ref" and isinstance(v, str):
                    return "${" + v + "}"
                if k == "Fn::GetAtt":
                    target = ".".join(str(x) for x in v) if isinstance(v, list) else str(v)
                    return "${" + target + "}"
                return "${" + k + "}"
        return {k: opaque_intrinsics(v) for k, v in value.items()}
    if isinstance(value, list):
        return [opaque_intrinsics(v) for v in value]
    return value


def find_plain(document: Document) -> list:
    data = document.data
    named_asl = bool(re.search(r"\.asl(\.|$)", os.path.basename(document.path), re.I))
    if named_asl and not isinstance(data, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(data), "a number")
        return [Note("ASL000", f"a state machine definition must be a JSON object, not {kind}", "")]
    if is_definition(data) or (named_asl and isinstance(data, dict) and ("States" in data or "StartAt" in data)):
        return [StateMachine(machine_name_from_path(document.path), data, document.path, "",
                             PrefixLocator(document, ""), "asl", document=document)]
    return []


def _string_definition(document: Document, prop_pointer: str, value: Any):
    """(definition, locator, substitutions) for a DefinitionString, or a LoadError."""
    subs: dict = {}
    text = None
    raw_pointer = prop_pointer
    if isinstance(value, str):
        text = value
    elif isinstance(value, dict) and len(value) == 1:
        (fn, arg), = value.items()
        if fn == "Fn::Sub":
            raw_pointer = prop_pointer + join_pointer("Fn::Sub")
            if isinstance(arg, list) and arg and isinstance(arg[0], str):
                text = arg[0]
                raw_pointer += "/0"
                if len(arg) > 1 and isinstance(arg[1], dict):
                    subs = {k: v for k, v in arg[1].items() if isinstance(v, (str, int, float))}
            elif isinstance(arg, str):
                text = arg
        elif fn == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list):
            sep = arg[0] if isinstance(arg[0], str) else ""
            parts = [opaque_intrinsics(part) for part in arg[1]]
            text = sep.join(p if isinstance(p, str) else "${Fn::Join}" for p in parts)
    if text is None:
        return None
    from asllint.sources.embedded import (FixedLocator, ShiftedLocator, block_content_start,
                                  quote_bare_placeholders, restore_placeholders)

    quoted, restored = quote_bare_placeholders(text)
    inner = parse_json(document.path, quoted)
    definition = restore_placeholders(inner.data, restored)
    block = getattr(document.locator, "block_scalars", {}).get(raw_pointer)
    locator = None
    if block and block[0] == "|":
        start = block_content_start(document.text, block[1])
        if start:
            locator = ShiftedLocator(inner.locator, *start)
    if locator is None:
        locator = FixedLocator(document.span(prop_pointer))
    return definition, locator, subs, inner


def find_cloudformation(document: Document) -> list:
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        return []
    out: list = []
    for logical_id, resource in data["Resources"].items():
        if not isinstance(resource, dict):
            continue
        rtype = resource.get("Type")
        if rtype not in (STEP_FUNCTIONS_TYPE, SAM_TYPE):
            continue
        props = resource.get("Properties")
        if not isinstance(props, dict):
            continue
        base = join_pointer("Resources", logical_id, "Properties")
        container = "sam" if rtype == SAM_TYPE else "cloudformation"
        mtype = props.get("Type") if rtype == SAM_TYPE else props.get("StateMachineType")
        mtype = mtype.upper() if isinstance(mtype, str) and mtype.upper() in ("STANDARD", "EXPRESS") else None
        subs = props.get("DefinitionSubstitutions")
        subs = {k: v for k, v in subs.items()} if isinstance(subs, dict) else {}
        meta = resource.get("Metadata")
        ignores = ()
        if isinstance(meta, dict) and isinstance(meta.get("asllint"), dict):
            ig = meta["asllint"].get("ignore")
            ignores = tuple(str(c) for c in ig) if isinstance(ig, list) else ()
        common = dict(container=container, machine_type=mtype, substitutions=subs, ignores=ignores)
        if "Definition" in props:
            pointer = base + "/Definition"
            definition = opaque_intrinsics(props["Definition"])
            out.append(StateMachine(logical_id, definition, document.path, pointer,
                                    PrefixLocator(document, pointer), document=document, **common))
        elif "DefinitionString" in props:
            pointer = base + "/DefinitionString"
            try:
                found = _string_definition(document, pointer, props["DefinitionString"])
            except LoadError as e:
                out.append(Note("ASL000", f"DefinitionString is not valid JSON: {e.message}", pointer, logical_id))
                continue
            if found is None:
                out.append(Note("ASL004", "DefinitionString is built by an intrinsic function asllint cannot expand; not linted", pointer, logical_id))
                continue
            definition, locator, fsubs, inner = found
            common["substitutions"] = {**fsubs, **subs}
            out.append(StateMachine(logical_id, definition, document.path, pointer, locator, document=inner, **common))
        elif "DefinitionS3Location" in props:
            out.append(Note("ASL004", "the definition is in S3 (DefinitionS3Location); not linted", base + "/DefinitionS3Location", logical_id))
        elif "DefinitionUri" in props:
            uri = props["DefinitionUri"]
            if isinstance(uri, str) and not uri.startswith("s3://"):
                target = os.path.normpath(os.path.join(os.path.dirname(document.path), uri))
                out.append(Reference(logical_id, target, base + "/DefinitionUri", common, uri))
            else:
                out.append(Note("ASL004", "the definition is in S3 (DefinitionUri); not linted", base + "/DefinitionUri", logical_id))
    return out


class Reference(NamedTuple):
    """A SAM `DefinitionUri` naming a local file: linted with the template's substitutions."""

    name: str
    target: str
    pointer: str
    properties: dict
    uri: str = ""


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
            definition = opaque_intrinsics(definition)
        label = machine.get("name") if isinstance(machine.get("name"), str) else name
        out.append(StateMachine(label, definition, document.path, pointer,
                                PrefixLocator(document, pointer), "serverless", mtype, document=document))
    return out


from asllint.hookspecs import hookimpl  # noqa: E402  (after the finders it registers)


@hookimpl
def asllint_find_state_machines(document):
    return find_plain(document) + find_cloudformation(document) + find_serverless(document)
