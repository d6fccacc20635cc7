"""The data model every other module speaks: positions, documents, locations, problems and findings."""

from __future__ import annotations

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


def json_type(value: Any, *, integer: bool = False) -> str:
    """The JSON type of a plain value: null, boolean, number (or integer, when asked), string,
    array or object. One definition for the schema, the intrinsics and the JSONata causes."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer" if integer else "number"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def escape_pointer_part(part: Any) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def join_pointer(*parts: Any) -> str:
    """RFC 6901 pointer from parts (each part unescaped)."""
    out = ""
    for p in parts:
        p = p if isinstance(p, str) else str(p)
        if "~" in p or "/" in p:
            p = p.replace("~", "~0").replace("/", "~1")
        out += "/" + p
    return out


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]



class Document:
    """A file read into plain data: its text (the only text ever printed from it), the data, a
    locator from JSON pointers to spans, and the repeated keys the reader saw."""

    __slots__ = ("path", "text", "data", "format", "locator", "duplicates")

    def __init__(self, path: str, text: str, data: Any, format: str, locator: Any, duplicates: list | None = None):
        self.path = path
        self.text = text
        self.data = data
        self.format = format                # "json" or "yaml"
        self.locator = locator
        self.duplicates = duplicates or []  # (pointer, key, first_span, dup_key_span)

    def span(self, pointer: str, at: str = "value") -> Span | None:
        return self.locator.span(pointer, at)

# Plain classes with __slots__ rather than dataclasses: a dataclass costs about half a
# millisecond to create, and start-up time is what a pre-commit hook feels.
class Problem:
    """What a rule reports: a message and where, as a JSON pointer relative to the definition.

    `at` says whether the key or the value at the pointer is meant. `data` carries what the
    evaluator needs to confirm the finding (which state, which entries, which error)."""

    __slots__ = ("message", "pointer", "at", "data")

    def __init__(self, message: str, pointer: str = "", at: str = "value", data: dict | None = None):
        self.message = message
        self.pointer = pointer
        self.at = at
        self.data = data

    def __eq__(self, other):
        return isinstance(other, Problem) and (self.message, self.pointer, self.at, self.data) == (
            other.message, other.pointer, other.at, other.data)

    __hash__ = None

    def __repr__(self):
        return f"Problem({self.message!r}, {self.pointer!r}, at={self.at!r})"


class Location(NamedTuple):
    path: str
    pointer: str
    span: Span


class Finding:
    __slots__ = ("code", "name", "severity", "message", "location", "machine", "state", "url",
                 "confirmation", "data", "source_line")

    def __init__(self, code: str, name: str, severity: str, message: str, location: Location,
                 machine: str | None = None, state: str | None = None, url: str | None = None,
                 confirmation: dict | None = None, data: dict | None = None):
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.location = location
        self.machine = machine
        self.state = state
        self.url = url
        self.confirmation = confirmation
        self.data = data
        # The text of the start line, from the text the engine read and linted: `full` prints
        # it and never opens the file again (issue 12). None when there is no such text.
        self.source_line: str | None = None

    def __repr__(self):
        return f"Finding({self.code}, {self.location.path}:{self.location.span.start}, {self.message!r})"

    def sort_key(self):
        s = self.location.span.start
        return (self.location.path, s.line, s.column, self.code, self.message)


class FileResult:
    """One linted file: how many state machines it held, or why it could not be linted."""

    __slots__ = ("path", "machines", "error")

    def __init__(self, path: str, machines: int = 0, error: str | None = None):
        self.path = path
        self.machines = machines
        self.error = error


class Report:
    """What a run found: the findings, the files, and the rules that were known."""

    __slots__ = ("findings", "files", "rules", "crashed")

    def __init__(self, findings=None, files=None, rules=None, crashed: bool = False):
        self.findings: list = findings if findings is not None else []
        self.files: list = files if files is not None else []
        self.rules: dict = rules if rules is not None else {}   # every known rule by code
        self.crashed = crashed                                   # a rule raised: exit 2
