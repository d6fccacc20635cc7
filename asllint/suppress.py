"""Suppressions: config per-file-ignores, YAML comments, ASL `Comment` fields, CFN Metadata.

Codes are always named. Each suppression remembers whether it silenced something, so the unused
ones can be reported (ASL002, off by default)."""

from __future__ import annotations

import fnmatch
import os
import re

from asllint.document import Finding, Location, Position, Span

_MARK = re.compile(r"asllint:\s*ignore\[([A-Za-z0-9_,\s-]*)\]")
_YAML_COMMENT = re.compile(r"#\s*asllint:\s*ignore\[([A-Za-z0-9_,\s-]*)\]")


class Suppression:
    __slots__ = ("codes", "path", "span", "pointer", "prefix", "lines", "used")

    def __init__(self, codes: tuple, path: str, span: Span, pointer: str, prefix: str | None = None,
                 lines: tuple = ()):
        self.codes = codes
        self.path = path
        self.span = span
        self.pointer = pointer
        # what it covers: a pointer prefix, or a set of lines
        self.prefix = prefix
        self.lines = lines
        self.used = False

    def covers(self, f: Finding) -> bool:
        if not any(_matches(c, f) for c in self.codes):
            return False
        if f.location.path != self.path:
            return False
        if self.lines:
            return f.location.span.start.line in self.lines
        return self.prefix is None or f.location.pointer == self.prefix or f.location.pointer.startswith(self.prefix + "/")


def _matches(selector: str, f: Finding) -> bool:
    return selector in ("ALL", f.code, f.name) or f.code.startswith(selector)


def _codes(text: str) -> tuple:
    return tuple(c.strip() for c in text.split(",") if c.strip())


def collect(doc, machines) -> list[Suppression]:
    out: list[Suppression] = []
    if doc.format == "yaml":
        for n, line in enumerate(doc.text.splitlines(), start=1):
            if "asllint" not in line:
                continue
            m = _YAML_COMMENT.search(line)
            if m:
                col = m.start() + 1
                span = Span(Position(n, col), Position(n, m.end() + 1))
                # A comment alone on its line covers the next line; after code, its own line.
                lines = (n, n + 1) if line[: m.start()].strip() == "" else (n,)
                out.append(Suppression(_codes(m.group(1)), doc.path, span, "", lines=lines))
    for sm in machines:
        definition = sm.definition
        if not isinstance(definition, dict):
            continue
        if isinstance(definition.get("Comment"), str):
            m = _MARK.search(definition["Comment"])
            if m:
                out.append(Suppression(_codes(m.group(1)), sm.path, sm.span("/Comment") or _whole(sm),
                                       sm.pointer + "/Comment", prefix=sm.pointer))
        from asllint import model

        built = sm.model or model.build(definition, sm.name)
        for state in built.states():
            comment = state.get("Comment")
            if isinstance(comment, str) and "asllint" in comment:
                m = _MARK.search(comment)
                if m:
                    cp = state.field_pointer("Comment")
                    out.append(Suppression(_codes(m.group(1)), sm.path, sm.span(cp) or _whole(sm),
                                           sm.pointer + cp, prefix=sm.pointer + state.pointer))
        if sm.ignores:
            out.append(Suppression(tuple(sm.ignores), sm.path, _whole(sm), sm.pointer, prefix=sm.pointer))
    return out


def _whole(sm) -> Span:
    return sm.span("") or Span(Position(1, 1), Position(1, 1))


def _per_file(f: Finding, options) -> bool:
    if not options.per_file_ignores:
        return False
    rel = os.path.relpath(os.path.abspath(f.location.path), options.config_root).replace(os.sep, "/")
    for glob, pointer, codes in options.per_file_ignores:
        if fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(f.location.path.replace(os.sep, "/"), glob):
            if pointer and not (f.location.pointer == pointer or f.location.pointer.startswith(pointer + "/")):
                continue
            if any(_matches(c, f) for c in codes):
                return True
    return False


def apply(findings: list[Finding], doc, machines, options, enabled) -> list[Finding]:
    sups = collect(doc, machines)
    kept = []
    for f in findings:
        if _per_file(f, options):
            continue
        hit = False
        for s in sups:
            if s.covers(f):
                s.used = True
                hit = True
        if not hit:
            kept.append(f)
    if "ASL002" in enabled:
        from asllint.plugins import all_rules

        rule = all_rules()["ASL002"]
        for s in sups:
            if not s.used:
                sev = options.severity.get("ASL002") or options.severity.get(rule.name) or rule.severity
                kept.append(Finding("ASL002", rule.name, sev,
                                    f"unused suppression: nothing here is reported as {', '.join(s.codes)}",
                                    Location(s.path, s.pointer, s.span), None, None, rule.url))
    return kept
