"""The EventBridge PutEvents pack, the handling (EB101, EB102, EB105-EB108, EB201): error
handling, retries, callbacks and results. Facts and sources: spec/eventbridge-putevents.md. The
request's parameters and entries (EB001-EB007, EB104) are in `eventbridge_entries.py`; EB201's
flow analysis is `asllint.eventbridge.sdk_results`.

Which forms each rule covers (see `asllint.eventbridge.putevents` for the forms):
EB101, EB102: the optimized forms (request-response and .waitForTaskToken); EB105, EB106: every
.waitForTaskToken form; EB107: every request-response form; EB201: the SDK request-response form."""

from __future__ import annotations

from asllint.eventbridge import confirm
from asllint.eventbridge import putevents as pe
from asllint.eventbridge import sdk_results as checks
from asllint.asl.wording import longest_wait
from asllint.document import Problem
from asllint.hookspecs import hookimpl
from asllint.rule import rule


def _tasks(machine):
    return pe.tasks(machine)


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
      "An optimized putEvents Task whose EventBridge.FailedEntry no Catch handles",
      confirm=confirm.failed_entry_not_caught)
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
        yield Problem(f"No Catch handles EventBridge.FailedEntry {where}: one failed entry (throttling, an internal "
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
      "A Retry on EventBridge.FailedEntry re-sends entries already delivered", confirm=confirm.retry_duplicates,
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
        yield Problem(f"This Retry on EventBridge.FailedEntry{via} re-sends {what}: the entries already delivered on "
                      f"the failed attempt are delivered again, {times}, and consumers receive duplicates",
                      task.state.field_pointer("Retry", index, "ErrorEquals"),
                      data=task.data(error=pe.ERROR, retrier=index, max_attempts=attempts))


# ----------------------------------------------------------------------------- EB105 / EB106 / EB107

def _token_refs(task):
    if task.entries_key is not None:
        return pe.task_token_refs({task.entries_key: task.entries_value},
                                  task.state.field_pointer(task.params_key), task.jsonata)
    if isinstance(task.params, str):
        return pe.task_token_refs(task.params, task.params_pointer, task.jsonata)
    return []


@rule("EB105", "callback-token-missing", "error",
      "A .waitForTaskToken putEvents whose entries never carry the task token",
      confirm=confirm.callback_never_completes)
def callback_token_missing(machine, options):
    for task in _tasks(machine):
        if not task.integration.callback or _token_refs(task):
            continue
        token = "$states.context.Task.Token" if task.jsonata else "$$.Task.Token"
        pointer = task.entries_pointer if task.entries_key else task.state.field_pointer("Resource")
        yield Problem(f"The task waits for a callback (.waitForTaskToken) but no entry carries the task token "
                      f"({token}): nobody can ever complete the task, so it waits until it times out",
                      pointer, data=task.data(token=token))


@rule("EB106", "callback-without-timeout", "warning",
      "A .waitForTaskToken putEvents without TimeoutSeconds or HeartbeatSeconds")
def callback_without_timeout(machine, options):
    for task in _tasks(machine):
        if not task.integration.callback or task.state.scope.execution_type == "EXPRESS":
            continue
        s = task.state
        if any(s.get(k) is not None for k in ("TimeoutSeconds", "HeartbeatSeconds", "TimeoutSecondsPath",
                                              "HeartbeatSecondsPath")):
            continue
        longest, why = longest_wait(machine.definition)
        yield Problem("A callback task without TimeoutSeconds or HeartbeatSeconds: if the callback never comes, "
                      f"the execution waits for up to {longest} ({why})", s.pointer, at="key",
                      data=task.data())


@rule("EB107", "task-token-without-callback", "warning",
      "The task token sent by a putEvents Task that does not wait for a callback")
def task_token_without_callback(machine, options):
    for task in _tasks(machine):
        if not task.integration.request_response:
            continue
        refs = _token_refs(task)
        if refs:
            yield Problem("An entry carries the task token but the task does not wait for a callback (no "
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
            what = "The callback's output" if task.integration.callback else "The PutEvents response (Entries, FailedEntryCount)"
            fix = "Output" if task.jsonata else "ResultPath"
            yield Problem(f"{what} replaces the state's data for \"{s.get('Next')}\": set {fix} to keep the input",
                          s.pointer, at="key", data=task.data())


# ----------------------------------------------------------------------------- EB201

@rule("EB201", "sdk-putevents-failures-unchecked", "warning",
      "An aws-sdk putEvents whose FailedEntryCount is never checked", confirm=confirm.sdk_failures_unchecked)
def sdk_failures_unchecked(machine, options):
    for task in _tasks(machine):
        if not (task.integration.sdk and task.integration.request_response):
            continue
        captured = checks.captured_variables(task.state, task.jsonata)
        if checks.reads_variable(machine, captured, task.state):
            continue
        dropped = checks.discarded(task)
        if dropped:
            fld, how = dropped
            yield Problem(f"The aws-sdk PutEvents result is discarded ({how}): the SDK integration does not fail on "
                          f"failed entries, so when FailedEntryCount > 0 those events are lost silently",
                          task.state.field_pointer(fld), data=task.data(reason="discarded", field=fld, error=None))
            continue
        if checks.downstream_checks(task):
            continue
        yield Problem("No state before the next Task or the end reads FailedEntryCount or the result's Entries: the "
                      "SDK integration does not fail on failed entries, so when FailedEntryCount > 0 those events "
                      "are lost silently", task.state.field_pointer("Resource"),
                      data=task.data(reason="unchecked", field=None, error=None))


@hookimpl
def asllint_rules():
    return [failed_entry_not_caught, failed_entry_retry_duplicates, callback_token_missing,
            callback_without_timeout, task_token_without_callback, result_replaces_input,
            sdk_failures_unchecked]
