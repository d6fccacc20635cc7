"""The EventBridge PutEvents pack, the request (EB001-EB007, EB104): the integration's
parameters and each entry's fields, content and size. Facts and sources:
spec/eventbridge-putevents.md. Error handling, callbacks and results are in `eventbridge.py`.

Which forms each rule covers (see `asllint.eventbridge.putevents` for the forms):
EB001 (entry fields), EB003-EB007, EB104: every form; EB001 (top-level parameters): the optimized
forms (request-response and .waitForTaskToken)."""

from __future__ import annotations

import json

from asllint.asl import quotas
from asllint.asl.wording import did_you_mean, type_word
from asllint.eventbridge import confirm
from asllint.eventbridge import putevents as pe
from asllint.document import Problem
from asllint.hookspecs import hookimpl
from asllint.rule import rule


def _tasks(machine):
    return pe.tasks(machine)


def _entry_label(entry) -> str:
    return f"Entries[{entry.index}]"


def _rejected(task, whole: bool = False) -> str:
    """What happens at run time when EventBridge rejects an entry (or the whole request)."""
    if whole:
        return "EventBridge rejects the whole request, so the task fails every time it runs"
    if task.integration.sdk:
        return ("EventBridge rejects that entry every time it runs, and the aws-sdk integration "
                "does not fail on a failed entry: the event is lost silently")
    return "EventBridge rejects that entry, so the task fails with EventBridge.FailedEntry every time it runs"


def _static_str(f):
    return f is not None and f.kind == pe.STATIC and isinstance(f.value, str)


# ----------------------------------------------------------------------------- EB001

@rule("EB001", "putevents-unsupported-parameter", "error",
      "A putEvents parameter other than Entries, or an entry field PutEvents does not have")
def unsupported_parameter(machine, options):
    for task in _tasks(machine):
        if task.integration.optimized and isinstance(task.params, dict):
            for key in task.params:
                base = key[:-2] if (not task.jsonata and key.endswith(".$")) else key
                if base == "Entries":
                    continue
                hint = "" if base == "EndpointId" else did_you_mean(base, ["Entries"], shown=lambda name: name + key[len(base):])
                msg = (f'"{key}"{hint} is not a parameter of the optimized putEvents integration, which takes only '
                       f'"Entries": Step Functions rejects it ("The field \\"{base}\\" is not supported by Step Functions")')
                if base == "EndpointId":
                    msg += "; to send through a global endpoint use arn:aws:states:::aws-sdk:eventbridge:putEvents"
                yield Problem(msg, task.state.field_pointer(task.params_key, key), at="key",
                              data=task.data(key=key))
        for entry in task.entries or ():
            for key, pointer in entry.unknown_keys:
                suffix = ".$" if (not task.jsonata and key.endswith(".$")) else ""
                base = key[: len(key) - len(suffix)]
                hint = did_you_mean(base, pe.ENTRY_FIELDS, shown=lambda name: name + suffix)
                msg = (f'{_entry_label(entry)} has a field "{key}"{hint} that PutEvents entries do not have '
                       f'(they take {", ".join(pe.ENTRY_FIELDS)}): Step Functions rejects it')
                yield Problem(msg, pointer, at="key", data=task.data(entry=entry.index, key=key))


# ----------------------------------------------------------------------------- EB002

@rule("EB002", "putevents-unsupported-pattern", "error",
      "An integration pattern putEvents does not offer (.sync, an unknown suffix), or .waitForTaskToken in an EXPRESS machine")
def unsupported_pattern(machine, options):
    for task in _tasks(machine):
        integ = task.integration
        pointer = task.state.field_pointer("Resource")
        if not integ.supported:
            yield Problem(f'"putEvents.{integ.suffix}" is not an integration pattern EventBridge PutEvents offers '
                          f'(only request-response and .waitForTaskToken): AWS rejects the state machine definition',
                          pointer, data=task.data())
        elif integ.callback and task.state.scope.execution_type == "EXPRESS":
            who = ("an EXPRESS state machine" if machine.machine_type == "EXPRESS"
                   else "the EXPRESS child workflows of a distributed Map")
            yield Problem(f".waitForTaskToken is not supported in {who}, which runs only request-response "
                          "integrations: AWS rejects the definition", pointer, data=task.data())


# ----------------------------------------------------------------------------- EB003

@rule("EB003", "putevents-entries-count", "error",
      "A literal Entries array with no entry or more than 10")
def entries_count(machine, options):
    for task in _tasks(machine):
        if task.entries is None:
            continue
        n = len(task.entries)
        if n == 0:
            yield Problem("Entries is empty; PutEvents needs 1 to 10 entries: EventBridge rejects the request, "
                          "so the task fails every time it runs", task.entries_pointer, data=task.data())
        elif n > pe.MAX_ENTRIES:
            yield Problem(f"Entries has {n} entries; PutEvents accepts at most {pe.MAX_ENTRIES} per request: "
                          "EventBridge rejects the whole request, so the task fails every time it runs",
                          task.entries_pointer, data=task.data())


# ----------------------------------------------------------------------------- EB004

@rule("EB004", "putevents-entry-missing-field", "error",
      "A literal entry without Source, DetailType or Detail")
def entry_missing_field(machine, options):
    for task in _tasks(machine):
        if not task.entries:
            continue
        incomplete = {}
        for entry in task.entries:
            if entry.computed:
                continue
            missing = [f for f in pe.REQUIRED_FIELDS if entry.get(f) is None]
            dt = entry.get("DetailType")
            empty_dt = dt is not None and dt.kind == pe.STATIC and dt.value == ""
            if missing or empty_dt:
                incomplete[entry.index] = (missing, empty_dt)
        whole = len(incomplete) == len(task.entries)
        for entry in task.entries:
            if entry.index not in incomplete:
                continue
            missing, empty_dt = incomplete[entry.index]
            parts = []
            if missing:
                parts.append("no " + " and no ".join(missing))
            if empty_dt:
                parts.append("an empty DetailType")
            msg = f"{_entry_label(entry)} has {', and '.join(parts)}: {_rejected(task, whole)}"
            pointer = entry.get("DetailType").pointer if (empty_dt and not missing) else entry.pointer
            yield Problem(msg, pointer, data=task.data(entry=entry.index, missing=missing + (["DetailType"] if empty_dt else [])))


# ----------------------------------------------------------------------------- EB005

@rule("EB005", "putevents-detail-not-object", "error",
      "A static Detail that is not a JSON object (MalformedDetail)")
def detail_not_object(machine, options):
    for task in _tasks(machine):
        for entry in task.entries or ():
            f = entry.get("Detail")
            if f is None or f.kind != pe.STATIC:
                continue
            value = f.value
            if isinstance(value, dict):
                continue
            if isinstance(value, str):
                try:
                    parsed = json.loads(value)
                except ValueError:
                    what = "a string that is not JSON"
                else:
                    if isinstance(parsed, dict):
                        continue
                    what = f"a string holding {type_word(parsed)}"
            else:
                what = type_word(value)
            yield Problem(f"{_entry_label(entry)} Detail is {what}, not a JSON object (MalformedDetail): {_rejected(task)}",
                          f.pointer, data=task.data(entry=entry.index))


# ----------------------------------------------------------------------------- EB006

@rule("EB006", "putevents-reserved-source", "error",
      "A static Source starting with aws., which is reserved for AWS services")
def reserved_source(machine, options):
    for task in _tasks(machine):
        for entry in task.entries or ():
            f = entry.get("Source")
            if f is not None and f.kind != pe.DYNAMIC and isinstance(f.value, str) and f.value.startswith("aws."):
                yield Problem(f'{_entry_label(entry)} Source "{f.value}" starts with "aws.", which is reserved for '
                              f"events from AWS services: {_rejected(task)}", f.pointer, data=task.data(entry=entry.index))


# ----------------------------------------------------------------------------- EB007

def _field_problems(entry):
    """(message, pointer) for each static field value outside the documented limits."""
    dt = entry.get("DetailType")
    if _static_str(dt) and len(dt.value) > pe.DETAIL_TYPE_MAX:
        yield f"DetailType is {len(dt.value)} characters long; the limit is {pe.DETAIL_TYPE_MAX}", dt.pointer
    th = entry.get("TraceHeader")
    if _static_str(th) and not 1 <= len(th.value) <= pe.TRACE_HEADER_MAX:
        yield (f"TraceHeader is {len(th.value)} characters long; it must be 1 to {pe.TRACE_HEADER_MAX}", th.pointer)
    res = entry.get("Resources")
    if res is not None and res.kind == pe.STATIC:
        if not isinstance(res.value, list):
            yield "Resources must be an array of ARN strings", res.pointer
        else:
            for i, item in enumerate(res.value):
                p = res.pointer + f"/{i}"
                if isinstance(item, str):
                    if pe.is_placeholder(item) or pe.is_jsonata(item):
                        continue
                    if len(item) > pe.RESOURCE_ITEM_MAX:
                        yield f"Resources[{i}] is {len(item)} characters long; the limit is {pe.RESOURCE_ITEM_MAX}", p
                elif not isinstance(item, (dict, list)):
                    yield f"Resources[{i}] is {type_word(item)}; Resources items must be ARN strings", p
    bus = entry.get("EventBusName")
    if _static_str(bus):
        name = bus.value
        if name.startswith("aws.partner/") or ":event-bus/aws.partner/" in name:
            yield (f'EventBusName "{name}" is a partner event bus; PutEvents cannot send to a partner bus', bus.pointer)
        elif not 1 <= len(name) <= pe.EVENT_BUS_NAME_MAX or not pe.EVENT_BUS_PATTERN.fullmatch(name):
            yield (f'EventBusName "{name}" is not an event bus name or ARN (pattern '
                   f"[arn:aws:events:<region>:<account>:event-bus/]<name of letters, digits, . - _>)", bus.pointer)


@rule("EB007", "putevents-entry-field-invalid", "error",
      "A static entry field outside the documented limits (DetailType, TraceHeader, Resources, EventBusName)")
def entry_field_invalid(machine, options):
    for task in _tasks(machine):
        for entry in task.entries or ():
            if entry.computed:
                continue
            for message, pointer in _field_problems(entry):
                yield Problem(f"{_entry_label(entry)} {message}: EventBridge rejects it every time", pointer,
                              data=task.data(entry=entry.index))


# ----------------------------------------------------------------------------- EB104

@rule("EB104", "putevents-payload-too-large", "error",
      "Static putEvents content over the Step Functions payload limit or the PutEvents entry limit",
      confirm=confirm.payload_too_large, options={"max-entry-bytes": quotas.PUTEVENTS_REQUEST_BYTES})
def payload_too_large(machine, options):
    limit = int(options.get("max-entry-bytes") or quotas.PUTEVENTS_REQUEST_BYTES)
    for task in _tasks(machine):
        params = pe.min_params_bytes(task)
        if params > pe.SFN_PAYLOAD_LIMIT:
            yield Problem(f"{task.params_key} hold at least {params:,} bytes, over the Step Functions payload limit of "
                          f"{pe.SFN_PAYLOAD_LIMIT:,} bytes: the task fails with States.DataLimitExceeded every time it runs",
                          task.params_pointer,
                          data=task.data(error="States.DataLimitExceeded", size=params, limit=pe.SFN_PAYLOAD_LIMIT,
                                         limit_kind="task-input"))
            continue
        arns = 0 if task.integration.sdk else pe.appended_arns_bytes(machine.name)
        for entry in task.entries or ():
            size = pe.min_entry_bytes(entry, task.jsonata)
            if size + arns > limit:
                with_arns = (f" (with the {arns} bytes of the two ARNs Step Functions appends to Resources)"
                             if arns else "")
                yield Problem(f"{_entry_label(entry)} is at least {size + arns:,} bytes by EventBridge's size formula"
                              f"{with_arns}, over the PutEvents entry limit of {limit:,} bytes: EventBridge rejects it "
                              f"every time it runs", entry.pointer,
                              data=task.data(entry=entry.index, size=size + arns, arn_bytes=arns, limit=limit,
                                             limit_kind="entry"))


@hookimpl
def asllint_rules():
    return [unsupported_parameter, unsupported_pattern, entries_count, entry_missing_field, detail_not_object,
            reserved_source, entry_field_invalid, payload_too_large]
