"""The data model every other module speaks: positions, locations, problems and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class Position(NamedTuple):
    """1-based line and column."""

    line: int
    column: int


class Span(NamedTuple):
    start: Position
    end: Position


def escape_pointer_part(part: Any) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def join_pointer(*parts: Any) -> str:
    """RFC 6901 pointer from parts (each part unescaped)."""
    return "".join("/" + escape_pointer_part(p) for p in parts)


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]


@dataclass(frozen=True)
class Problem:
    """What a rule reports: a message and where, as a JSON pointer relative to the definition.

    `at` says whether the key or the value at the pointer is meant. `data` carries what the
    evaluator needs to confirm the finding (which state, which entries, which error)."""

    message: str
    pointer: str = ""
    at: str = "value"
    data: dict | None = None


@dataclass(frozen=True)
class Location:
    path: str
    pointer: str
    span: Span


@dataclass
class Finding:
    code: str
    name: str
    severity: str
    message: str
    location: Location
    machine: str | None = None
    state: str | None = None
    url: str | None = None
    confirmation: dict | None = None
    data: dict | None = field(default=None, repr=False, compare=False)

    def sort_key(self):
        s = self.location.span.start
        return (self.location.path, s.line, s.column, self.code, self.message)
