"""`${...}` template placeholders (SAM DefinitionSubstitutions, Fn::Sub, Serverless variables):
where they are in a text, found in linear time.

The regular expression `\\$\\{[^}]*\\}` finds the same matches, but on text with many `${` and
no `}` every attempt scans to the end: 160 KB took 111 s (issue 12). Here each `}` is looked
for once."""

from __future__ import annotations

from typing import Iterator


def placeholder_spans(text: str, allow_empty: bool = True) -> Iterator[tuple[int, int]]:
    """(start, end) of each `${...}`, left to right, as `re.finditer(r"\\$\\{[^}]*\\}")` gives
    them (`[^}]+`, no `${}`, when `allow_empty` is false)."""
    i = text.find("${")
    while i >= 0:
        close = text.find("}", i + 2)
        if close < 0:
            return  # no later `${` can close either
        if allow_empty or close > i + 2:
            yield i, close + 1
            i = text.find("${", close + 1)
        else:
            i = text.find("${", i + 1)


def has_placeholder(text: str) -> bool:
    """Whether `text` holds a non-empty `${name}`; an unclosed `${name` is not one."""
    return "${" in text and next(placeholder_spans(text, allow_empty=False), None) is not None


def without_placeholders(text: str) -> str:
    """`text` with every `${...}` removed."""
    out = []
    last = 0
    for start, end in placeholder_spans(text):
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out)
