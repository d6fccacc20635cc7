"""How findings word what they found: a suggestion for a misspelt name, a value's JSON type, a
piece of the user's text. Every rule message (built-in rules, the expression checks, the
EventBridge pack) says these things through this module, so they read the same everywhere.

It sits in `asllint.asl` because the expression packages and the EventBridge domain word their
problems too, and they import only from `asl`, never from `rules`.

Message style (tested over every rule doc, tests/test_rule_specs.py): one line with no
trailing full stop, like ruff's and ESLint's; several clauses are joined with `;` or `:`."""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Iterable

from asllint.document import json_type

# How close a misspelling must be (difflib's ratio, 0..1) for a suggestion, for every rule.
# 0.6 is difflib's own default, low enough for a short name missing its ending ('Entry' ->
# 'Entries' is 0.67); names are compared in `_comparable` form, so case and separators never count.
SUGGESTION_CUTOFF = 0.6

_SEPARATORS = re.compile(r"[-_\s.]")


def _comparable(name: str, prefix: str) -> str:
    name = name.lower()
    if prefix and name.startswith(prefix.lower()):
        name = name[len(prefix):]
    return _SEPARATORS.sub("", name)


def closest(word: str, candidates: Iterable[str], *, shared_prefix: str = "") -> str | None:
    """The candidate `word` most likely meant, or None.

    Case and the separators `-`, `_`, `.` and blanks are ignored (`Detail-Type` -> `DetailType`,
    `result_path` -> `ResultPath`). A `shared_prefix` of the candidates is left out of the
    comparison, or it would make every name look close (`States.Fromat` -> `States.Format`;
    `Format` and `states.format` find it too)."""
    by_form: dict[str, str] = {}
    for name in candidates:
        by_form.setdefault(_comparable(name, shared_prefix), name)
    form = _comparable(word, shared_prefix)
    if form in by_form:
        return by_form[form]
    import difflib  # off the fast path: only a finding with a misspelt name gets here

    hits = difflib.get_close_matches(form, list(by_form), n=1, cutoff=SUGGESTION_CUTOFF)
    return by_form[hits[0]] if hits else None


def did_you_mean(word: str, candidates: Iterable[str], *, shown: Callable[[str], str] | None = None,
                 shared_prefix: str = "") -> str:
    """` (did you mean 'X'?)` to put right after the misspelt name in a message, or "".

    `shown` turns the suggested name into what the user should write (`lambda s: f"{s}:{action}"`)."""
    hit = closest(word, candidates, shared_prefix=shared_prefix)
    if hit is None or hit == word:
        return ""
    return f" (did you mean {quoted(shown(hit) if shown else hit)}?)"


# -- values --------------------------------------------------------------------------------

TYPE_WORDS = {"object": "an object", "array": "an array", "string": "a string", "integer": "an integer",
              "number": "a number", "boolean": "a boolean", "null": "null"}


def type_word(value: Any, *, integer: bool = False) -> str:
    """The JSON type of a value as a message says it: "an object", "a number", "null"...
    With `integer=True` a whole number is "an integer" (for fields that require one)."""
    return TYPE_WORDS[json_type(value, integer=integer)]


def quoted(value: Any) -> str:
    """Text from the user's file as a message shows it: a string in quotes with its control
    characters escaped (a definition must not be able to rewrite the terminal), anything
    else as JSON (`true`, `null`, not Python's `True`, `None`)."""
    if isinstance(value, str):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def longest_wait(definition) -> tuple[str, str]:
    """How long a task that never hears back can wait, and why: the machine's own top-level
    TimeoutSeconds when it sets one (a callback then waits until it ends the execution), else
    the longest a Standard execution runs (a year)."""
    timeout = definition.get("TimeoutSeconds") if isinstance(definition, dict) else None
    if isinstance(timeout, int) and not isinstance(timeout, bool) and timeout > 0:
        return f"{timeout:,} s", "its TimeoutSeconds"
    return "a year", "its maximum duration"
