"""What a rule is: a check function with its metadata, declared with `@rule(...)`.

    @rule("EB101", "failed-entry-not-caught", "warning", "summary in one line",
          confirm=confirm.failed_entry_not_caught)
    def failed_entry_not_caught(machine, options):
        yield Problem("message", state.field_pointer("Resource"))

A check receives the `model.Machine` (scopes, states, edges) and its options (defaults merged
with the user's config), and yields `Problem`s whose pointers are relative to the definition.

`confirm=scenario` makes a rule confirmable: the evaluator's `asllint_confirm` implementation
calls `scenario(finding, machine, state)` for each finding (see `asllint.evaluator.confirm`).
`confirmable=True` without a scenario is for a plugin that confirms its findings in its own
`asllint_confirm` hook."""

from __future__ import annotations

import functools
from typing import Callable, Iterable

# Plugins import is_jsonata and is_placeholder from here; they are defined in asllint.asl.text.
from asllint.asl.text import is_jsonata, is_placeholder  # noqa: F401
from asllint.document import SEVERITIES, Problem

DOCS_URL = "https://github.com/asllint/asllint/blob/main/rules/{code}-{name}.md"


class Rule:
    """A rule's metadata and its check function; made by the `@rule(...)` decorator."""

    __slots__ = ("code", "name", "severity", "summary", "check", "options", "confirm",
                 "_confirmed_elsewhere", "default_enabled", "doc", "doc_url", "options_schema")

    def __init__(self, code: str, name: str, severity: str, summary: str,
                 check: Callable[..., Iterable[Problem]], options: dict | None = None,
                 confirmable: bool = False, default_enabled: bool = True, doc: str | None = None,
                 doc_url: str | None = None, confirm: Callable | None = None,
                 options_schema: dict | None = None):
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.check = check
        self.options = options or {}
        self.confirm = confirm              # scenario(finding, machine, state) -> verdict dict
        self._confirmed_elsewhere = confirmable
        self.default_enabled = default_enabled
        self.doc = doc                      # a plugin's own rule doc (built-ins live in rules/)
        self.doc_url = doc_url
        # option name -> validator(value) returning what was expected, or None when the value is
        # fine; options not named here are checked against their default's type (asllint.config).
        self.options_schema = options_schema or {}

    def __repr__(self):
        return f"Rule({self.code}, {self.name})"

    @property
    def confirmable(self) -> bool:
        """Derived from `confirm` (kept for plugins and `asllint rules --format json`)."""
        return self.confirm is not None or self._confirmed_elsewhere

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
         url: str | None = None, confirm: Callable | None = None, options_schema: dict | None = None):
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: severity must be one of {SEVERITIES}")

    def wrap(fn: Callable[..., Iterable[Problem]]) -> Rule:
        return Rule(code, name, severity, summary, fn, dict(options or {}), confirmable, default_enabled, doc, url,
                    confirm=confirm, options_schema=options_schema)

    return wrap


def per_machine(analysis: Callable):
    """Compute `analysis(machine)` once per machine, for every rule that asks.

    The result is kept in `machine.cache` under the function itself, so two analyses can
    never share a key by accident and a plugin's own string keys stay free."""

    @functools.wraps(analysis)
    def once(machine):
        try:
            return machine.cache[analysis]
        except KeyError:
            result = machine.cache[analysis] = analysis(machine)
            return result

    return once


__all__ = ["Problem", "Rule", "per_machine", "rule"]

