"""The command line: `asllint [check] PATHS`, `asllint rules`, `asllint rule CODE`, `asllint simulate`.

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage error, bad config, internal
error or a rule crash. No Python traceback reaches the terminal (set ASLLINT_DEBUG=1 to see one)."""

from __future__ import annotations

import argparse
import os
import sys

from asllint import __version__

COMMANDS = ("check", "rules", "rule", "simulate")
FORMATS = ("concise", "full", "json", "github", "sarif")


class UsageError(Exception):
    pass


class _Formatter(argparse.HelpFormatter):
    """argparse builds a formatter for every add_argument call, and its default width comes from
    shutil (2 ms to import on every run); os.get_terminal_size gives the same width."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            try:
                width = os.get_terminal_size().columns - 2
            except OSError:
                width = 78
        super().__init__(prog, indent_increment, max_help_position, width)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="asllint", formatter_class=_Formatter,
                                description="Lint AWS Step Functions state machines (Amazon States Language).")
    p.add_argument("--version", action="version", version=f"asllint {__version__}")
    # An explicit prog keeps argparse from building a help formatter (and importing shutil)
    # on every run.
    sub = p.add_subparsers(dest="command", prog="asllint")

    c = sub.add_parser("check", help="lint files and folders (the default command)", formatter_class=_Formatter)
    c.add_argument("paths", nargs="*", help="files or folders; '-' reads standard input")
    c.add_argument("--format", choices=FORMATS, default=None, help="output format (default: concise)")
    c.add_argument("--select", help="comma-separated codes, prefixes or names to enable (replaces the default set); ALL for every rule")
    c.add_argument("--extend-select", help="codes, prefixes or names to enable on top of the selection")
    c.add_argument("--ignore", help="codes, prefixes or names to disable")
    c.add_argument("--fail-on", choices=("error", "warning", "info"), default=None,
                   help="lowest severity that makes the exit code 1 (default: warning)")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    c.add_argument("--config", help="config file (default: asllint.toml, .asllint.toml or pyproject.toml found upward)")
    c.add_argument("--output", "-o", help="write the report to this file instead of standard output")
    c.add_argument("--no-confirm", action="store_true", help="do not confirm findings by simulation")
    c.add_argument("--show-refuted", action="store_true", help="also report findings the simulation refuted")
    c.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary line")
    c.add_argument("--statistics", action="store_true", help="print the number of findings per rule")
    c.add_argument("--stdin-filename", help="the name to report for '-' (standard input)")
    c.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    c.add_argument("--cache-dir", help="where the result cache lives (default: ASLLINT_CACHE_DIR, else ~/.cache/asllint)")
    c.add_argument("--jobs", "-j", type=int, default=None, help="worker processes for many files (default: the number of cores; 1 lints in this process)")

    sub.add_parser("rules", help="list every rule", formatter_class=_Formatter).add_argument("--format", choices=("text", "json"), default="text")
    r = sub.add_parser("rule", help="print a rule's documentation", formatter_class=_Formatter)
    r.add_argument("code", help="a rule code or name, e.g. EB101 or failed-entry-not-caught")

    s = sub.add_parser("simulate", help="run a state machine on the reference evaluator", formatter_class=_Formatter)
    s.add_argument("file")
    s.add_argument("--input", help="JSON file with the execution input, or '-' for standard input")
    s.add_argument("--mocks", help="mock config file (Step Functions Local MockConfigFile format)")
    s.add_argument("--test-case", help="test case name in the mock config")
    s.add_argument("--state-machine", help="which state machine, when the file holds several")
    s.add_argument("--scenario", help="replay the confirmation scenario of a finding code (e.g. EB101)")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.add_argument("--history", action="store_true", help="print the execution history")
    s.add_argument("--seed", type=int, default=0)
    return p


def _normalise_argv(argv: list[str]) -> list[str]:
    if not argv:
        return ["check"]
    first = argv[0]
    if first in COMMANDS or first in ("-h", "--help", "--version"):
        return argv
    return ["check", *argv]


def main(argv: list[str] | None = None) -> int:
    argv = _normalise_argv(list(sys.argv[1:] if argv is None else argv))
    for stream in (sys.stdout, sys.stderr):
        # A lone surrogate from a file (JSON allows "\ud800") must not crash the report.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:  # argparse already printed the usage message
        return 0 if e.code == 0 else 2
    try:
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "rule":
            return cmd_rule(args)
        if args.command == "simulate":
            from asllint.evaluator.cli import run

            return run(args)
        return cmd_check(args)
    except UsageError as e:
        from asllint.output.escape import printable  # a config key or path may come from the linted repo

        print(f"asllint: {printable(e)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("ASLLINT_DEBUG"):
            raise
        from asllint.output.escape import printable

        print(f"asllint: internal error: {type(e).__name__}: {printable(e)} (set ASLLINT_DEBUG=1 for details)",
              file=sys.stderr)
        return 2


def _options_from(args, cfg):
    from asllint.engine import Options
    from asllint.selection import split_list

    select = split_list(args.select) if args.select else cfg.select
    return Options(
        select=select,
        extend_select=cfg.extend_select + split_list(args.extend_select),
        ignore=cfg.ignore + split_list(args.ignore),
        severity=cfg.severity, rule_options=cfg.rule_options, per_file_ignores=cfg.per_file_ignores,
        config_root=cfg.root, confirm=not args.no_confirm, show_refuted=args.show_refuted,
        cache_dir=None if args.no_cache else (args.cache_dir or _default_cache_dir()),
    )


def _default_cache_dir() -> str:
    from asllint.cache import default_dir

    return default_dir()


def cmd_check(args) -> int:
    from asllint import config as config_mod
    from asllint import plugins, selection
    from asllint.sources import discover
    from asllint.document import SEVERITY_RANK
    from asllint.engine import Linter

    paths = args.paths or ["."]
    try:
        cfg_path = args.config or config_mod.find_config(next((p for p in paths if p != "-"), "."))
        cfg = config_mod.load_config(cfg_path)
    except config_mod.ConfigError as e:
        raise UsageError(str(e)) from None
    if args.config and not os.path.isfile(args.config):
        raise UsageError(f"config file not found: {args.config}")
    texts = {}
    if "-" in paths:
        name = args.stdin_filename or "stdin.json"
        texts[name] = _read_stdin()
        paths = [name if p == "-" else p for p in paths]
    found = discover.discover([p for p in paths if p not in texts], cfg.exclude, cfg.root)
    files, missing = found.files, found.missing
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    files = [p for p in paths if p in texts] + files
    try:
        config_mod.check_rule_options(cfg, plugins.all_rules())
        linter = Linter(_options_from(args, cfg))
    except (selection.SelectionError, plugins.PluginError, config_mod.ConfigError) as e:
        raise UsageError(str(e)) from None
    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    report = linter.lint_paths(files, texts, jobs=jobs, trees=found.trees)

    formatters = {}
    for group in plugins.manager().hook.asllint_formatters():
        formatters.update(group or {})
    fmt = args.format or "concise"
    text = formatters[fmt](report, args)
    if fmt in ("concise", "full") and not args.quiet:
        text += _summary_line(report)
    if args.statistics and fmt in ("concise", "full"):
        text += _statistics(report)
    if args.output:
        with open(args.output, "w", encoding="utf-8", errors="backslashreplace") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    if report.crashed:
        return 2
    if args.exit_zero:
        return 0
    threshold = SEVERITY_RANK[args.fail_on or cfg.fail_on or "warning"]
    return 1 if any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings) else 0


def _read_stdin() -> str:
    """Standard input under the same size limit as a file: at most limit + 1 bytes are read."""
    from asllint.sources.load import MAX_FILE_BYTES

    if sys.stdin is None:
        raise UsageError("'-' names standard input, but it is closed")
    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise UsageError(f"standard input is over the {MAX_FILE_BYTES:,}-byte limit; not linted")
    return raw.decode("utf-8", "replace")


def _summary_line(report) -> str:
    from collections import Counter

    n = len(report.findings)
    machines = sum(r.machines for r in report.files)
    files = len(report.files)
    where = f"{files} file{'s' if files != 1 else ''}, {machines} state machine{'s' if machines != 1 else ''}"
    if not n:
        return f"All checks passed ({where}).\n"
    sev = Counter(f.severity for f in report.findings)
    parts = ", ".join(f"{sev[k]} {k}{'s' if sev[k] != 1 else ''}" for k in ("error", "warning", "info") if sev[k])
    return f"Found {n} finding{'s' if n != 1 else ''} ({parts}) in {where}.\n"


def _statistics(report) -> str:
    from collections import Counter

    counts = Counter((f.code, f.name) for f in report.findings)
    return "".join(f"{n:>5}  {code:<7} {name}\n" for (code, name), n in counts.most_common())


def cmd_rules(args) -> int:
    import json

    from asllint import plugins

    rules = plugins.all_rules().values()
    if args.format == "json":
        print(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary,
                           "default": r.default_enabled, "confirmable": r.confirmable} for r in rules], indent=2))
        return 0
    for r in rules:
        flag = "" if r.default_enabled else "  (off by default)"
        print(f"{r.code:<7} {r.name:<40} {r.severity:<8} {r.summary}{flag}")
    return 0


def cmd_rule(args) -> int:
    from asllint import plugins
    from asllint.output.ruledocs import read_doc

    rules = plugins.all_rules()
    wanted = args.code.strip()
    match = rules.get(wanted.upper()) or next((r for r in rules.values() if r.name == wanted), None)
    if match is None:
        raise UsageError(f"unknown rule: {wanted!r} (see `asllint rules`)")
    doc = read_doc(match.code) or match.doc
    if doc is None:
        print(f"{match.code} {match.name} ({match.severity}): {match.summary}")
    else:
        sys.stdout.write(doc if doc.endswith("\n") else doc + "\n")
    return 0
