"""Whether anything checks an aws-sdk PutEvents result (the flow analysis behind EB201).

The aws-sdk putEvents integration does not fail when EventBridge rejects entries: the result's
FailedEntryCount and Entries (ErrorCode, ErrorMessage) are the only trace. These helpers find
whether the Task keeps that result, assigns it to variables that are read later, or a state on
the way to the next Task, Succeed, Fail or end reads it. They work on `asllint.model` states and
`asllint.eventbridge.putevents` tasks only."""

from __future__ import annotations

import re

from asllint.eventbridge import putevents as pe

_FAILURE_INFO = re.compile(r"FailedEntryCount|ErrorCode|ErrorMessage")
_ENTRIES = re.compile(r"\bEntries\b")


def _expressions(value, jsonata: bool):
    """The evaluated strings inside a value: `.$` values and JSONata expressions."""
    for s, _, k in pe.strings(value):
        if pe.is_evaluated(s, k, jsonata):
            yield s


_KEEPS_RESULT = re.compile(r"\$states\s*\.\s*result(?!\s*\.\s*(?!FailedEntryCount|Entries)\w)")


def captured_variables(state, jsonata: bool) -> list[str]:
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


def reads_variable(machine, names, skip_state) -> bool:
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


def discarded(task):
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


def downstream_checks(task) -> bool:
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
