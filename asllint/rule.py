"""What a rule is: a check function with its metadata, declared with `@rule(...)`.

    @rule("EB101", "failed-entry-not-caught", "warning", "summary in one line", confirmable=True)
    def failed_entry_not_caught(machine, options):
        yield Problem("message", state.field_pointer("Resource"))

A check receives the `model.Machine` (scopes, states, edges) and its options (defaults merged
with the user's config), and yields `Problem`s whose pointers are relative to the definition."""

from __future__ import annotations

import re
from typing import Callable, Iterable

from asllint.document import SEVERITIES, Problem

DOCS_URL = "https://github.com/asllint/asllint/blob/main/rules/{code}-{name}.md"


class Rule:
    """A rule's metadata and its check function; made by the `@rule(...)` decorator."""

    __slots__ = ("code", "name", "severity", "summary", "check", "options", "confirmable",
                 "default_enabled", "doc", "doc_url", "options_schema")

    def __init__(self, code: str, name: str, severity: str, summary: str,
                 check: Callable[..., Iterable[Problem]], options: dict | None = None,
                 confirmable: bool = False, default_enabled: bool = True, doc: str | None = None,
                 doc_url: str | None = None, options_schema: dict | None = None):
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.check = check
        self.options = options or {}
        self.confirmable = confirmable
        self.default_enabled = default_enabled
        self.doc = doc                      # a plugin's own rule doc (built-ins live in rules/)
        self.doc_url = doc_url
        # option name -> validator(value) returning what was expected, or None when the value is
        # fine; options not named here are checked against their default's type (asllint.config).
        self.options_schema = options_schema or {}

    def __repr__(self):
        return f"Rule({self.code}, {self.name})"

    @property
    def url(self) -> str | None:
        if self.doc_url:
            return self.doc_url
        if self.code.startswith(("ASL", "EB")):  # built-in rules are documented in rules/
            return DOCS_URL.format(code=self.code, name=self.name)
        return None

    def __call__(self, machine, options: dict | None = None):
        return self.check(machine, {**self.options, **(options or {})})


def rule(code: str, name: str, severity: str, summary: str, *, options: dict | None = None,
         confirmable: bool = False, default_enabled: bool = True, doc: str | None = None,
         url: str | None = None, options_schema: dict | None = None):
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: severity must be one of {SEVERITIES}")

    def wrap(fn: Callable[..., Iterable[Problem]]) -> Rule:
        return Rule(code, name, severity, summary, fn, dict(options or {}), confirmable, default_enabled, doc, url,
                    options_schema)

    return wrap


__all__ = ["Problem", "Rule", "rule"]


_PLACEHOLDER = re.compile(r"\$\{[^}]+\}")


def is_placeholder(value) -> bool:
    """A `${...}` template placeholder (SAM DefinitionSubstitutions, Fn::Sub, Serverless
    variables) or a string holding one: its value is unknown, so it is never an error.
    An unclosed `${name` is not a placeholder: it is a typo the deployment will not fix."""
    return isinstance(value, str) and "${" in value and _PLACEHOLDER.search(value) is not None


def is_jsonata(value) -> bool:
    return isinstance(value, str) and value.startswith("{%") and value.endswith("%}")
