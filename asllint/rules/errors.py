"""Retry and Catch rules (ASL4xx): ErrorEquals, States.ALL, shadowed handlers, error names,
retrier fields, errors that cannot be handled."""

from __future__ import annotations

import json

from asllint.document import Problem
from asllint.hookspecs import hookimpl
from asllint.asl import quotas
from asllint.asl.errors import ALL, RUNTIME, STATES_ERRORS, TASK_FAILED, WILDCARDS, is_states_error, surely_matches
from asllint.asl.wording import did_you_mean
from asllint.rule import is_placeholder, per_machine, rule

HANDLING_STATES = ("Task", "Parallel", "Map")
MAX_INT = quotas.RETRY_FIELD_MAX


@per_machine
def _handlers(machine):
    """(state, "Retry"|"Catch", index, entry, [names] or None) for every well-formed entry."""
    out = []
    for state in machine.states_of_type(*HANDLING_STATES):
        for field in ("Retry", "Catch"):
            entries = state.get(field)
            if not isinstance(entries, list):
                continue
            for i, entry in enumerate(entries):
                if not isinstance(entry, dict):
                    continue
                names = entry.get("ErrorEquals")
                ok = isinstance(names, list) and names and all(isinstance(n, str) for n in names)
                out.append((state, field, i, entry, list(names) if ok else None))
    return out


def _label(field):
    return "retrier" if field == "Retry" else "catcher"


@rule("ASL401", "empty-error-equals", "error",
      "A retrier or catcher whose ErrorEquals is an empty array")
def empty_error_equals(machine, options):
    # A missing ErrorEquals or one of the wrong type is the structure rules' (ASL101, ASL103).
    for state, field, i, entry, names in _handlers(machine):
        if entry.get("ErrorEquals") == []:
            yield Problem(f"ErrorEquals is empty: this {_label(field)} matches no error, and AWS rejects "
                          "the state machine", state.field_pointer(field, i, "ErrorEquals"))


@rule("ASL402", "states-all-not-alone", "error",
      "States.ALL listed together with other error names")
def states_all_not_alone(machine, options):
    for state, field, i, entry, names in _handlers(machine):
        if names and ALL in names and len(names) > 1:
            j = names.index(ALL)
            yield Problem("States.ALL must appear alone in its ErrorEquals: AWS rejects the state machine",
                          state.field_pointer(field, i, "ErrorEquals", j))


@rule("ASL403", "states-all-not-last", "error",
      "A retrier or catcher on States.ALL that is not the last one")
def states_all_not_last(machine, options):
    for state, field, i, entry, names in _handlers(machine):
        if names and ALL in names and i < len(state.get(field)) - 1:
            yield Problem(f"The {_label(field)} on States.ALL must be the last in {field}: "
                          "AWS rejects the state machine",
                          state.field_pointer(field, i, "ErrorEquals", names.index(ALL)))


@rule("ASL404", "shadowed-error-handler", "warning",
      "A retrier or catcher that never runs because an earlier one matches all its errors")
def shadowed_error_handler(machine, options):
    by_list: dict = {}
    for state, field, i, entry, names in _handlers(machine):
        by_list.setdefault((id(state), field), (state, field, []))[2].append((i, names))
    for state, field, entries in by_list.values():
        earlier: list[tuple[int, list]] = []
        for i, names in entries:
            if names is None:
                continue
            if any(ALL in prev for _, prev in earlier):
                break  # ASL403 reports a States.ALL handler that is not last
            covered = {}
            for n in names:
                for j, prev in earlier:
                    if n in prev:
                        covered[n] = (j, n)
                        break
                    # A wildcard handles more than its own name, so only the same name covers it.
                    if n not in WILDCARDS and surely_matches(n, prev):
                        covered[n] = (j, TASK_FAILED)
                        break
            if names and len(covered) == len(set(names)):
                j = min(c[0] for c in covered.values())
                why = sorted({c[1] for c in covered.values()})
                yield Problem(f"This {_label(field)} never runs: the earlier {field}[{j}] "
                              f"({', '.join(why)}) already matches every error it lists",
                              state.field_pointer(field, i, "ErrorEquals"))
            earlier.append((i, names))


def _raised_by_fail_states(machine) -> set:
    """Error names that Fail states of the machine raise literally."""
    return {s.get("Error") for s in machine.states_of_type("Fail") if isinstance(s.get("Error"), str)}


@rule("ASL405", "unknown-states-error", "warning",
      "An error name in the reserved States. namespace that Step Functions never raises")
def unknown_states_error(machine, options):
    raised = _raised_by_fail_states(machine)
    for state, field, i, entry, names in _handlers(machine):
        for j, n in enumerate(names or ()):
            if n.startswith("States.") and not is_states_error(n) and n not in raised:
                yield Problem(f'Unknown error name "{n}"{did_you_mean(n, STATES_ERRORS)}: names starting with "States." are '
                              f"reserved and this one is never raised, so the {_label(field)} "
                              "never matches it",
                              state.field_pointer(field, i, "ErrorEquals", j))


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@rule("ASL406", "invalid-retry-field", "error",
      "A retrier field out of its range: IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds, JitterStrategy")
def invalid_retry_field(machine, options):
    for state, field, i, entry, names in _handlers(machine):
        if field != "Retry":
            continue

        def bad(key, text):
            return Problem(f"{key} {text}: AWS rejects the state machine",
                           state.field_pointer("Retry", i, key))

        for key, lo in (("IntervalSeconds", 1), ("MaxAttempts", 0), ("MaxDelaySeconds", 1)):
            if key not in entry or is_placeholder(entry[key]):
                continue
            v = entry[key]
            if not _is_int(v) and not (isinstance(v, float) and v.is_integer()):
                yield bad(key, f"must be an integer, not {json.dumps(v)}")
            elif v < lo:
                yield bad(key, f"must be {'a positive' if lo else 'a non-negative'} integer, not {json.dumps(v)}")
            elif key != "MaxDelaySeconds" and v > MAX_INT:
                yield bad(key, f"must be at most {MAX_INT}, not {json.dumps(v)}")
        if "BackoffRate" in entry and not is_placeholder(entry["BackoffRate"]):
            v = entry["BackoffRate"]
            if not _is_num(v):
                yield bad("BackoffRate", f"must be a number, not {json.dumps(v)}")
            elif v < 1.0:
                yield bad("BackoffRate", f"must be at least 1.0, not {json.dumps(v)}")
        if "JitterStrategy" in entry and not is_placeholder(entry["JitterStrategy"]):
            v = entry["JitterStrategy"]
            if v not in ("FULL", "NONE"):
                yield bad("JitterStrategy", f'must be "FULL" or "NONE", not {json.dumps(v)}{did_you_mean(str(v), ("FULL", "NONE"))}')


@rule("ASL407", "unhandleable-error", "warning",
      "A retrier or catcher on States.Runtime, which Step Functions never retries or catches")
def unhandleable_error(machine, options):
    for state, field, i, entry, names in _handlers(machine):
        if names and RUNTIME in names:
            what = "retried" if field == "Retry" else "caught"
            yield Problem(f"States.Runtime is never {what}: the execution fails at once, even with an "
                          f"explicit {_label(field)}; fix the path or expression that raises it instead",
                          state.field_pointer(field, i, "ErrorEquals", names.index(RUNTIME)))


@hookimpl
def asllint_rules():
    return [empty_error_equals, states_all_not_alone, states_all_not_last, shadowed_error_handler,
            unknown_states_error, invalid_retry_field, unhandleable_error]
