"""CloudFormation and SAM templates: `AWS::StepFunctions::StateMachine` (Definition,
DefinitionString with Fn::Sub / Fn::Join, DefinitionS3Location) and
`AWS::Serverless::StateMachine` (Definition, DefinitionUri + DefinitionSubstitutions)."""

from __future__ import annotations

import os
import re
from typing import Any

from asllint.document import Document, join_pointer
from asllint.hookspecs import hookimpl
from asllint.sources.embedded import (FixedLocator, ShiftedLocator, block_content_start,
                                      quote_bare_placeholders, restore_placeholders)
from asllint.sources.load import LoadError, parse_json
from asllint.sources.records import Note, PrefixLocator, Reference, StateMachine

STEP_FUNCTIONS_TYPE = "AWS::StepFunctions::StateMachine"
SAM_TYPE = "AWS::Serverless::StateMachine"


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


@hookimpl
def asllint_find_state_machines(document):
    return find_cloudformation(document)
