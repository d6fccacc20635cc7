"""The EventBridge PutEvents pack (EB): the integration's parameters, entries, error handling,
callbacks and results. Facts and sources: spec/eventbridge-putevents.md.

Which forms each rule covers (see `asllint.putevents` for the forms):
EB001 (entry fields), EB003-EB007, EB104: every form; EB001 (top-level parameters), EB101, EB102:
the optimized forms (request-response and .waitForTaskToken); EB105, EB106: every
.waitForTaskToken form; EB107: every request-response form; EB201: the SDK request-response form."""

from __future__ import annotations

import json
import re

from asllint import putevents as pe
from asllint.document import Problem
from asllint.hookspecs import hookimpl
from asllint.rule import rule

_FAILURE_INFO = re.compile(r"FailedEntryCount|ErrorCode|ErrorMessage")
_ENTRIES = re.compile(r"\bEntries\b")


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
                msg = (f'"{key}" is not a parameter of the optimized putEvents integration, which takes only '
                       f'"Entries": Step Functions rejects it ("The field \\"{base}\\" is not supported by Step Functions")')
                if base == "EndpointId":
                    msg += "; to send through a global endpoint use arn:aws:states:::aws-sdk:eventbridge:putEvents"
                else:
                    hint = pe.closest(base, ["Entries"])
                    if hint:
                        msg += f'; did you mean "{hint}{key[len(base):]}"?'
                yield Problem(msg, task.state.field_pointer(task.params_key, key), at="key",
                              data=task.data(key=key))
        for entry in task.entries or ():
            for key, pointer in entry.unknown_keys:
                suffix = ".$" if (not task.jsonata and key.endswith(".$")) else ""
                base = key[: len(key) - len(suffix)]
                msg = (f'{_entry_label(entry)} has a field "{key}" that PutEvents entries do not have '
                       f'(they take {", ".join(pe.ENTRY_FIELDS)}): Step Functions rejects it')
                hint = pe.closest(base, pe.ENTRY_FIELDS)
                if hint:
                    msg += f'; did you mean "{hint}{suffix}"?'
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
        elif integ.callback and pe.execution_type(machine, task.state) == "EXPRESS":
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

def _json_kind(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "an object"


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
                    what = f"a string holding {_json_kind(parsed)}"
            else:
                what = _json_kind(value)
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
                    if pe.has_placeholder(item) or pe.is_jsonata(item):
                        continue
                    if len(item) > pe.RESOURCE_ITEM_MAX:
                        yield f"Resources[{i}] is {len(item)} characters long; the limit is {pe.RESOURCE_ITEM_MAX}", p
                elif not isinstance(item, (dict, list)):
                    yield f"Resources[{i}] is {_json_kind(item)}; Resources items must be ARN strings", p
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


# ----------------------------------------------------------------------------- EB101

def _catch_covering(state):
    """(state covering EventBridge.FailedEntry, how) or None: the Task's own Catch, an enclosing
    Parallel/Map's Catch, or an enclosing Map that tolerates failed items."""
    if pe.first_matching(state.get("Catch")):
        return state, "Catch"
    for anc in state.scope.ancestors():
        if pe.first_matching(anc.get("Catch")):
            return anc, "Catch"
        if anc.type == "Map":
            for key in ("ToleratedFailurePercentage", "ToleratedFailureCount"):
                v = anc.get(key)
                if (isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0) or isinstance(v, str) \
                        or anc.get(key + "Path") is not None:
                    return anc, key
    return None


@rule("EB101", "failed-entry-not-caught", "warning",
      "An optimized putEvents Task whose EventBridge.FailedEntry no Catch handles", confirmable=True)
def failed_entry_not_caught(machine, options):
    for task in _tasks(machine):
        if not task.integration.raises_failed_entry:
            continue
        state = task.state
        if _catch_covering(state):
            continue
        retry = pe.first_matching(state.get("Retry"))
        enclosing = [a.name for a in state.scope.ancestors()]
        where = "on this Task or an enclosing Parallel/Map" if enclosing else "on this Task"
        after = " after its retries" if retry and retry[1].get("MaxAttempts", 3) != 0 else ""
        yield Problem(f"no Catch handles EventBridge.FailedEntry {where}: one failed entry (throttling, an internal "
                      f"error) fails the whole execution{after}",
                      state.pointer, at="key",
                      data=task.data(error=pe.ERROR, enclosing=enclosing, retrier=retry[0] if retry else None))


# ----------------------------------------------------------------------------- EB102

def _entries_idempotent(task, keys) -> bool:
    if task.entries is None or not task.entries:
        return False
    need_entered_time = pe.runs_more_than_once(task.state)
    for entry in task.entries:
        detail = entry.get("Detail")
        if entry.computed or detail is None:
            return False
        if keys and detail.kind == pe.STATIC and pe.has_field_named(detail.value, keys, task.jsonata):
            continue
        if pe.reads_execution_identity({detail.key: detail.value}, task.jsonata, need_entered_time):
            continue
        return False
    return True


@rule("EB102", "failed-entry-retry-duplicates", "warning",
      "A Retry on EventBridge.FailedEntry re-sends entries already delivered", confirmable=True,
      options={"idempotency-keys": []})
def failed_entry_retry_duplicates(machine, options):
    keys = options.get("idempotency-keys") or []
    for task in _tasks(machine):
        if not task.integration.raises_failed_entry or not task.may_send_several:
            continue
        found = pe.first_matching(task.state.get("Retry"))
        if not found:
            continue
        index, retrier = found
        attempts = retrier.get("MaxAttempts", 3)
        if attempts == 0:
            continue
        if _entries_idempotent(task, keys):
            continue
        errs = retrier.get("ErrorEquals")
        via = "" if pe.ERROR in errs else f' (matched by {", ".join(e for e in errs if e in ("States.ALL", "States.TaskFailed"))})'
        n = task.entry_count
        what = f"all {n} entries" if n is not None else "every entry of the computed Entries array"
        times = f"up to {attempts} more times" if isinstance(attempts, int) else "on every attempt"
        yield Problem(f"this Retry on EventBridge.FailedEntry{via} re-sends {what}: the entries already delivered on "
                      f"the failed attempt are delivered again, {times}, and consumers receive duplicates",
                      task.state.field_pointer("Retry", index, "ErrorEquals"),
                      data=task.data(error=pe.ERROR, retrier=index, max_attempts=attempts))


# ----------------------------------------------------------------------------- EB104

@rule("EB104", "putevents-payload-too-large", "error",
      "Static putEvents content over the Step Functions payload limit or the PutEvents entry limit",
      confirmable=True, options={"max-entry-bytes": 262144})
def payload_too_large(machine, options):
    limit = int(options.get("max-entry-bytes") or 262144)
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


# ----------------------------------------------------------------------------- EB105 / EB106 / EB107

def _token_refs(task):
    if task.entries_key is not None:
        return pe.task_token_refs({task.entries_key: task.entries_value},
                                  task.state.field_pointer(task.params_key), task.jsonata)
    if isinstance(task.params, str):
        return pe.task_token_refs(task.params, task.params_pointer, task.jsonata)
    return []


@rule("EB105", "callback-token-missing", "error",
      "A .waitForTaskToken putEvents whose entries never carry the task token", confirmable=True)
def callback_token_missing(machine, options):
    for task in _tasks(machine):
        if not task.integration.callback or _token_refs(task):
            continue
        token = "$states.context.Task.Token" if task.jsonata else "$$.Task.Token"
        pointer = task.entries_pointer if task.entries_key else task.state.field_pointer("Resource")
        yield Problem(f"the task waits for a callback (.waitForTaskToken) but no entry carries the task token "
                      f"({token}): nobody can ever complete the task, so it waits until it times out",
                      pointer, data=task.data(token=token))


@rule("EB106", "callback-without-timeout", "warning",
      "A .waitForTaskToken putEvents without TimeoutSeconds or HeartbeatSeconds")
def callback_without_timeout(machine, options):
    for task in _tasks(machine):
        if not task.integration.callback or pe.execution_type(machine, task.state) == "EXPRESS":
            continue
        s = task.state
        if any(s.get(k) is not None for k in ("TimeoutSeconds", "HeartbeatSeconds", "TimeoutSecondsPath",
                                              "HeartbeatSecondsPath")):
            continue
        yield Problem("a callback task without TimeoutSeconds or HeartbeatSeconds: if the callback never comes, "
                      "the execution waits for up to a year (its maximum duration)", s.pointer, at="key",
                      data=task.data())


@rule("EB107", "task-token-without-callback", "warning",
      "The task token sent by a putEvents Task that does not wait for a callback")
def task_token_without_callback(machine, options):
    for task in _tasks(machine):
        if not task.integration.request_response:
            continue
        refs = _token_refs(task)
        if refs:
            yield Problem("an entry carries the task token but the task does not wait for a callback (no "
                          ".waitForTaskToken): the receiver's SendTaskSuccess or SendTaskFailure has nothing to complete",
                          refs[0], data=task.data())


# ----------------------------------------------------------------------------- EB108

@rule("EB108", "putevents-result-replaces-input", "info",
      "A putEvents Task whose response replaces the state's data", default_enabled=False)
def result_replaces_input(machine, options):
    for task in _tasks(machine):
        s = task.state
        if not isinstance(s.get("Next"), str) or not task.integration.supported:
            continue
        if task.jsonata and "Output" not in s.data or not task.jsonata and "ResultPath" not in s.data:
            what = "the callback's output" if task.integration.callback else "the PutEvents response (Entries, FailedEntryCount)"
            fix = "Output" if task.jsonata else "ResultPath"
            yield Problem(f"{what} replaces the state's data for \"{s.get('Next')}\": set {fix} to keep the input",
                          s.pointer, at="key", data=task.data())


# ----------------------------------------------------------------------------- EB201

def _expressions(value, jsonata: bool):
    """The evaluated strings inside a value: `.$` values and JSONata expressions."""
    for s, _, k in pe.strings(value):
        if (jsonata and "{%" in s) or (not jsonata and k is not None and k.endswith(".$")):
            yield s


_KEEPS_RESULT = re.compile(r"\$states\s*\.\s*result(?!\s*\.\s*(?!FailedEntryCount|Entries)\w)")


def _captured_variables(state, jsonata: bool) -> list[str]:
    """Variables a Task's own Assign sets from its PutEvents result."""
    assign = state.get("Assign")
    out = []
    if not isinstance(assign, dict):
        return out
    for key, value in assign.items():
        name = key[:-2] if (not jsonata and key.endswith(".$")) else key
        exprs = list(_expressions({key: value}, jsonata))
        if jsonata:
            if any(_KEEPS_RESULT.search(e) for e in exprs):
                out.append(name)
        elif any(_FAILURE_INFO.search(e) or _ENTRIES.search(e) or e.strip() == "$" for e in exprs):
            out.append(name)
    return out


def _reads_variable(machine, names, skip_state) -> bool:
    if not names:
        return False
    pattern = re.compile(r"\$(?:" + "|".join(re.escape(n) for n in names) + r")\b")
    for s in machine.states():
        data = s.data
        if s is skip_state and isinstance(data, dict):
            data = {k: v for k, v in data.items() if k != "Assign"}
        for text, _, _ in pe.strings(data):
            if pattern.search(text):
                return True
    return False


def _discarded(task):
    """(field, how) when the Task itself drops FailedEntryCount and Entries, else None."""
    s = task.state
    if task.jsonata:
        if "Output" in s.data:
            out = s.get("Output")
            if not any(_KEEPS_RESULT.search(e) for e in _expressions({"Output": out}, True)):
                return "Output", "its Output does not keep $states.result"
        return None
    if "ResultSelector" in s.data:
        sel = s.get("ResultSelector")
        exprs = list(_expressions(sel, False)) if isinstance(sel, dict) else []
        if not any(_FAILURE_INFO.search(e) or _ENTRIES.search(e) or e.strip() == "$" for e in exprs):
            return "ResultSelector", "its ResultSelector keeps neither FailedEntryCount nor Entries"
    if "ResultPath" in s.data and s.get("ResultPath") is None:
        return "ResultPath", "ResultPath is null"
    return None


def _aliases(task) -> list[str]:
    """Names under which the Task's ResultSelector (JSONPath) or Output object (JSONata) keeps
    FailedEntryCount or the result entries (`{"failed.$": "$.FailedEntryCount"}` -> `failed`)."""
    s = task.state
    shaped = s.get("Output") if task.jsonata else s.get("ResultSelector")
    out = []
    if isinstance(shaped, dict):
        for key, value in shaped.items():
            name = key[:-2] if (not task.jsonata and key.endswith(".$")) else key
            exprs = list(_expressions({key: value}, task.jsonata))
            if any(_FAILURE_INFO.search(e) or _ENTRIES.search(e) for e in exprs):
                out.append(name)
    return out


def _checks(state, aliases=()) -> bool:
    """Whether a state reads the failure information (FailedEntryCount, the result entries, or a
    name the Task kept them under)."""
    jsonata = state.query_language == "JSONata"
    data = state.data if isinstance(state.data, dict) else {}
    info = _FAILURE_INFO
    if aliases:
        info = re.compile(_FAILURE_INFO.pattern + "|" + "|".join(r"\b" + re.escape(a) + r"\b" for a in aliases))
    if state.type == "Choice":
        for text, _, _ in pe.strings(data.get("Choices")):
            if info.search(text) or _ENTRIES.search(text):
                return True
    for key, value in data.items():
        if key in ("Branches", "ItemProcessor", "Iterator", "Choices"):
            continue
        for text in _expressions({key: value}, jsonata):
            if info.search(text):
                return True
        if not jsonata and key in ("InputPath", "OutputPath", "ItemsPath", "ResultPath") and isinstance(value, str):
            if info.search(value):
                return True
    return False


def _downstream_checks(task) -> bool:
    """Whether a state on the way from the Task to the next Task, Succeed, Fail or End reads it."""
    start = task.state
    aliases = _aliases(task)
    seen = set()
    todo = []

    def follow(state):
        if state.is_terminal():
            parent = state.scope.parent
            if parent is not None and state.type != "Fail":
                todo.append(("parent", parent))
            return
        for target, _ in state.transitions():
            if target in state.scope.states and not _is_catch_target(state, target):
                todo.append(("state", state.scope.states[target]))

    follow(start)
    while todo:
        kind, s = todo.pop()
        if id(s) in seen:
            continue
        seen.add(id(s))
        if kind == "parent":
            # the branch's output reaches the enclosing Parallel/Map's result
            if _checks(s, aliases):
                return True
            follow(s)
            continue
        if _checks(s, aliases):
            return True
        if s.type in ("Task", "Succeed", "Fail", "Parallel", "Map"):
            continue
        follow(s)
    return False


def _is_catch_target(state, target) -> bool:
    nexts = {c.get("Next") for c in (state.get("Catch") or []) if isinstance(c, dict)}
    plain = {state.get("Next"), state.get("Default")} | {
        c.get("Next") for c in (state.get("Choices") or []) if isinstance(c, dict)}
    return target in nexts and target not in plain


@rule("EB201", "sdk-putevents-failures-unchecked", "warning",
      "An aws-sdk putEvents whose FailedEntryCount is never checked", confirmable=True)
def sdk_failures_unchecked(machine, options):
    for task in _tasks(machine):
        if not (task.integration.sdk and task.integration.request_response):
            continue
        captured = _captured_variables(task.state, task.jsonata)
        if _reads_variable(machine, captured, task.state):
            continue
        dropped = _discarded(task)
        if dropped:
            fld, how = dropped
            yield Problem(f"the aws-sdk PutEvents result is discarded ({how}): the SDK integration does not fail on "
                          f"failed entries, so when FailedEntryCount > 0 those events are lost silently",
                          task.state.field_pointer(fld), data=task.data(reason="discarded", field=fld, error=None))
            continue
        if _downstream_checks(task):
            continue
        yield Problem("no state before the next Task or the end reads FailedEntryCount or the result's Entries: the "
                      "SDK integration does not fail on failed entries, so when FailedEntryCount > 0 those events "
                      "are lost silently", task.state.field_pointer("Resource"),
                      data=task.data(reason="unchecked", field=None, error=None))


@hookimpl
def asllint_rules():
    return [unsupported_parameter, unsupported_pattern, entries_count, entry_missing_field, detail_not_object,
            reserved_source, entry_field_invalid, failed_entry_not_caught, failed_entry_retry_duplicates,
            payload_too_large, callback_token_missing, callback_without_timeout, task_token_without_callback,
            result_replaces_input, sdk_failures_unchecked]
