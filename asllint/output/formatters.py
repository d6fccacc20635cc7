"""Output formats: concise (default), full, json, github; sarif lives in its own module."""

from __future__ import annotations

import json
from collections import Counter

from asllint import __version__
from asllint.hookspecs import hookimpl
from asllint.output.escape import github_data, github_property, printable

JSON_FORMAT_VERSION = 1


def _confirmation_line(f) -> str | None:
    c = f.confirmation
    if not c:
        return None
    return printable(f"  {c.get('status', 'unknown')} by simulation: {c.get('summary', '')}")


def concise(report, options=None) -> str:
    out = []
    for f in report.findings:
        s = f.location.span.start
        out.append(printable(f"{f.location.path}:{s.line}:{s.column}: {f.code} {f.message}"))
        line = _confirmation_line(f)
        if line:
            out.append(line)
    return "\n".join(out) + ("\n" if out else "")


def full(report, options=None) -> str:
    out = []
    for f in report.findings:
        s, e = f.location.span
        out.append(printable(f"{f.location.path}:{s.line}:{s.column}: {f.code} [{f.severity}] {f.message}"))
        # Only the line the engine read and linted: never a file opened again (issue 12).
        if f.source_line is not None:
            raw = f.source_line.replace("\t", " ")
            # Escapes widen the line: the caret is placed on the escaped text.
            src, before = printable(raw), len(printable(raw[:s.column - 1]))
            if e.line == s.line and e.column > s.column:
                width = len(printable(raw[s.column - 1:e.column - 1]))
            else:
                width = max(1, len(src) - before)
            gutter = f"{s.line:>5} | "
            out.append(gutter + src)
            out.append(" " * (len(gutter) - 2) + "| " + " " * before + "^" * max(1, width))
        line = _confirmation_line(f)
        if line:
            out.append(line)
        if f.url:
            out.append(f"  = help: {f.url}")
        out.append("")
    return "\n".join(out)


def summary(report) -> dict:
    sev = Counter(f.severity for f in report.findings)
    return {
        "files": len(report.files),
        "machines": sum(r.machines for r in report.files),
        "findings": len(report.findings),
        "by_severity": {k: sev.get(k, 0) for k in ("error", "warning", "info")},
        "by_code": dict(sorted(Counter(f.code for f in report.findings).items())),
    }


def finding_dict(f) -> dict:
    s, e = f.location.span
    return {
        "code": f.code, "name": f.name, "severity": f.severity, "message": f.message,
        "file": f.location.path, "machine": f.machine, "state": f.state, "pointer": f.location.pointer,
        "start": {"line": s.line, "column": s.column}, "end": {"line": e.line, "column": e.column},
        "url": f.url, "confirmation": f.confirmation,
    }


def as_json(report, options=None) -> str:
    doc = {
        "version": JSON_FORMAT_VERSION,
        "asllint": __version__,
        "findings": [finding_dict(f) for f in report.findings],
        "files": [{"path": r.path, "machines": r.machines} for r in report.files],
        "summary": summary(report),
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def github(report, options=None) -> str:
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for f in report.findings:
        s, e = f.location.span
        props = (f"file={github_property(f.location.path)},line={s.line},col={s.column},"
                 f"endLine={e.line},endColumn={e.column},title={github_property(f.code + ' ' + f.name)}")
        msg = printable(f.message)
        c = f.confirmation
        if c:  # the one deliberate line break, which GitHub shows inside the annotation
            msg += "\n" + printable(f"{c.get('status')} by simulation: {c.get('summary', '')}")
        out.append(f"::{level[f.severity]} {props}::{github_data(msg)}")
    return "\n".join(out) + ("\n" if out else "")


def sarif(report, options=None) -> str:
    from asllint.output.sarif import render

    return render(report)


@hookimpl
def asllint_formatters():
    return {"concise": concise, "full": full, "json": as_json, "github": github, "sarif": sarif}
