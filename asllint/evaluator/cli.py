"""`asllint simulate FILE [--input JSON_FILE|-] [--mocks FILE] [--test-case NAME]
[--state-machine NAME] [--format text|json] [--history] [--seed N]`.

Exit codes: 0 the execution succeeded, 1 it failed or timed out, 2 bad usage or a definition
that cannot be simulated.
"""

from __future__ import annotations

import json
import sys

from asllint.output.escape import printable  # text from a definition or a mock file, shown in a terminal


class _Usage(Exception):
    pass


def run(args) -> int:
    try:
        machine = _pick_machine(args.file, getattr(args, "state_machine", None))
        input_value = _read_input(getattr(args, "input", None))
        mocks = _read_mocks(getattr(args, "mocks", None), getattr(args, "test_case", None),
                            getattr(args, "state_machine", None) or machine["name"])
        if getattr(args, "scenario", None):
            return _replay_scenario(args, machine)
    except _Usage as problem:
        print(printable(f"asllint simulate: {problem}"), file=sys.stderr)
        return 2

    from asllint.evaluator import DefinitionError, simulate
    try:
        result = simulate(machine["definition"], input_value, mocks=mocks,
                          seed=getattr(args, "seed", 0) or 0,
                          state_machine_type=machine["type"] or "STANDARD",
                          substitutions=machine["substitutions"],
                          context={"state_machine_name": machine["name"]})
    except DefinitionError as problem:
        print(printable(f"asllint simulate: {args.file}: {problem}"), file=sys.stderr)
        return 2
    if result.error == "asllint.InvalidDefinition":
        print(printable(f"asllint simulate: {args.file}: {result.cause}"), file=sys.stderr)
        return 2
    if getattr(args, "format", "text") == "json":
        print(json.dumps(result.to_dict(history=bool(getattr(args, "history", False))),
                         indent=2, ensure_ascii=False, default=str))
    else:
        _print_text(result, machine["name"], bool(getattr(args, "history", False)))
    return 0 if result.status == "SUCCEEDED" else 1


# -- replaying a finding's confirmation ------------------------------------------------------

def _replay_scenario(args, machine) -> int:
    """Lint the file for one code, then run each finding's confirmation scenario step by step."""
    from asllint import model
    from asllint.engine import Linter, Options
    from asllint.evaluator.confirm import confirmable_codes, replay
    from asllint.sources.locate import StateMachine

    code = args.scenario.strip().upper()
    confirmable = confirmable_codes()
    if code not in confirmable:
        raise _Usage(f"--scenario takes a confirmable rule code ({', '.join(confirmable)}), not {args.scenario!r}.")
    report = Linter(Options(select=[code], confirm=False)).lint_paths([args.file])
    findings = [f for f in report.findings if f.code == code and f.machine == machine["name"]]
    if not findings:
        print(printable(f"{args.file}: no {code} finding in state machine {machine['name']!r}: nothing to replay."))
        return 0
    source = StateMachine(machine["name"], machine["definition"], args.file, "", None,
                          machine_type=machine["type"], substitutions=machine["substitutions"])
    m = model.build(machine["definition"], machine["name"], machine["type"], source=source)
    worst = 0
    for f in findings:
        s = f.location.span.start
        print(printable(f"{f.location.path}:{s.line}:{s.column}: {f.code} {f.message}"))
        verdict, runs = replay(f, m)
        if verdict is None:
            continue
        print(printable(f"{verdict['status']} by simulation: {verdict['summary']}"))
        scenario = verdict.get("scenario") or {}
        print(printable("scenario input: " + json.dumps(scenario.get("input"), ensure_ascii=False)))
        print(printable("scenario mocks: " + json.dumps(scenario.get("mocks"), ensure_ascii=False)))
        for n, result in enumerate(runs, start=1):
            label = f"run {n} of {len(runs)}" if len(runs) > 1 else "run"
            print(f"-- {label} --")
            _print_text(result, machine["name"], True)
        worst = max(worst, 1 if verdict["status"] == "confirmed" else 0)
        print()
    return worst


# -- inputs -----------------------------------------------------------------------------------

def _pick_machine(path: str, wanted: str | None) -> dict:
    machines = _machines_in(path)
    if not machines:
        raise _Usage(f"{path}: no state machine found in this file.")
    if wanted:
        for machine in machines:
            if machine["name"] == wanted:
                return machine
        raise _Usage(f"{path}: no state machine named '{wanted}' (found: "
                     f"{', '.join(m['name'] for m in machines)}).")
    if len(machines) > 1:
        raise _Usage(f"{path} holds {len(machines)} state machines; choose one with "
                     f"--state-machine ({', '.join(m['name'] for m in machines)}).")
    return machines[0]


def _machines_in(path: str) -> list:
    try:
        from asllint.sources import locate
    except ImportError:  # pragma: no cover - the package always has locate
        locate = None
    finder = getattr(locate, "find_state_machines_in_file", None) if locate else None
    try:
        if finder is not None:
            found = finder(path)
        else:
            from asllint.sources import load
            document = load.parse(path, load.read_text(path))
            found = locate.asllint_find_state_machines(document)
    except OSError as problem:
        raise _Usage(f"{path}: {problem.strerror or problem}") from None
    except Exception as problem:  # noqa: BLE001 - a file that does not load is a usage error
        raise _Usage(f"{path}: {getattr(problem, 'message', None) or problem}") from None
    machines = []
    for item in found or []:
        definition = getattr(item, "definition", None)
        if definition is None:
            continue  # finder notes (e.g. a definition stored in S3)
        machines.append({"name": getattr(item, "name", "StateMachine"), "definition": definition,
                         "type": getattr(item, "machine_type", None),
                         "substitutions": getattr(item, "substitutions", None) or {}})
    return machines


def _read_json(path: str, what: str):
    """An --input or --mocks file, with the linter's bounds: a regular file (or standard input)
    of at most MAX_FILE_BYTES, UTF-8, nested at most MAX_DEPTH levels. A FIFO or a device would
    block or never end; deep nesting would exhaust Python's stack."""
    from asllint.sources import load

    try:
        if path == "-":
            raw = sys.stdin.buffer.read(load.MAX_FILE_BYTES + 1)
            if len(raw) > load.MAX_FILE_BYTES:
                raise load.LoadError(f"over the {load.MAX_FILE_BYTES:,}-byte limit; not read")
        else:
            raw = load.read_bytes(path)
        text = load.decode(raw)
    except load.LoadError as problem:
        raise _Usage(f"cannot read the {what} {path}: {problem.message}") from None
    try:
        value = json.loads(text)
        load.check_depth(value, text)
    except RecursionError:
        raise _Usage(f"the {what} {path} is nested too deeply (over {load.MAX_DEPTH} levels)") from None
    except load.LoadError as problem:
        raise _Usage(f"the {what} {path}: {problem.message}") from None
    except ValueError as problem:
        raise _Usage(f"the {what} {path} is not valid JSON: {problem}") from None
    return value


def _read_input(path: str | None):
    return {} if not path else _read_json(path, "input")


def _read_mocks(path: str | None, test_case: str | None, machine_name: str):
    if not path:
        if test_case:
            raise _Usage("--test-case needs --mocks.")
        return None
    from asllint.evaluator.mocks import MockConfigError, load_mock_config
    data = _read_json(path, "mock config")
    if not test_case:
        cases = (((data.get("StateMachines") or {}).get(machine_name) or {}).get("TestCases")
                 if isinstance(data, dict) else None)
        if isinstance(cases, dict) and len(cases) == 1:
            test_case = next(iter(cases))
        else:
            raise _Usage("--mocks needs --test-case NAME (the test case to run).")
    try:
        return load_mock_config(data, machine_name, test_case)
    except MockConfigError as problem:
        raise _Usage(f"{path}: {problem}") from None


# -- output -----------------------------------------------------------------------------------

def _print_text(result, name: str, history: bool) -> None:
    lines = [f"{name}: {result.status} after {result.transitions} transition(s), "
             f"{result.duration_seconds:g} s simulated"]
    if result.status == "SUCCEEDED":
        lines.append("output: " + json.dumps(result.output, ensure_ascii=False))
    else:
        lines.append(f"error: {result.error}")
        if result.cause is not None:
            lines.append(f"cause: {result.cause}")
    if result.events:
        lines.append(f"EventBridge events delivered: {len(result.events)}")
        for (state, index, source, detail_type, _detail), count in result.duplicate_events().items():
            lines.append(f"  duplicate: entry {index} of '{state}' ({source} / {detail_type}) "
                         f"delivered {count} times")
    if result.assumptions:
        lines.append("assumptions:")
        lines.extend(f"  - {text}" for text in result.assumptions)
    if history:
        lines.append("history:")
        for event in result.history:
            details = {k: v for k, v in event.items()
                       if k not in ("id", "previousEventId", "timestamp", "type")}
            lines.append(f"  {event['id']:>4} {event['timestamp']} {event['type']}"
                         + (f" {json.dumps(details, ensure_ascii=False)}" if details else ""))
    print("\n".join(printable(line) for line in lines))
