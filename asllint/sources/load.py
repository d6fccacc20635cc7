"""Reading a file into a Document: plain data, a locator for positions, and load problems."""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

from asllint.document import Document, Position, Span
from asllint.sources.json_positions import JsonLocator
from asllint.sources.limits import MAX_DEPTH, MAX_FILE_BYTES, integer_too_long  # noqa: F401 (re-exported)

_ASL_NAME = re.compile(r"\.asl(\.(json|ya?ml))?$", re.I)


class LoadError(Exception):
    """A file that cannot be read as a JSON or YAML document."""

    def __init__(self, message: str, position: Position | None = None):
        super().__init__(message)
        self.message = message
        self.position = position


def attach_source_lines(findings: list, texts: dict[str, str]) -> None:
    """Give each finding the text of its start line, taken from `texts` (path -> the text read
    and linted for it), so that no output format ever opens a file again."""
    lines_by_path: dict[str, list[str]] = {}
    for f in findings:
        path = f.location.path
        text = texts.get(path)
        if text is None:
            continue
        lines = lines_by_path.get(path)
        if lines is None:
            # Lines as positions count them (\r\n, \r, \n): str.splitlines() would also split on
            # \x0b, \x0c, \x85 and U+2028, shifting every later line.
            lines = lines_by_path[path] = re.split(r"\r\n|\r|\n", text.removesuffix("\n"))
        line = f.location.span.start.line
        if 0 < line <= len(lines):
            f.source_line = lines[line - 1]


def looks_like_state_machine(path: str, text: str | None) -> bool:
    """Whether an unreadable file should be reported rather than skipped."""
    if _ASL_NAME.search(path):
        return True
    return bool(text) and "StartAt" in text and "States" in text


def is_yaml_path(path: str) -> bool:
    return path.lower().endswith((".yaml", ".yml"))


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError("file is UTF-16 encoded; asllint reads UTF-8 text", Position(1, 1))
    if b"\x00" in raw[:8192]:
        raise LoadError("file is binary (it holds NUL bytes), not JSON or YAML text", Position(1, 1))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise LoadError(f"file is not valid UTF-8 text (byte 0x{raw[e.start]:02x})", Position(line, column)) from None


def read_bytes(path: str) -> bytes:
    import stat

    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            # A FIFO or a device would block or never end: never read one.
            raise LoadError("not a regular file; not read")
        size = st.st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit; not linted")
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise LoadError(f"cannot read file: {e.strerror or e}") from None


def read_text(path: str) -> str:
    return decode(read_bytes(path))


def parse(path: str, text: str) -> Document:
    """Parse text as JSON (by content) or YAML; raise LoadError with a position."""
    stripped = text.lstrip()
    if not is_yaml_path(path) and stripped[:1] in ("{", "["):
        return parse_json(path, text)
    if not is_yaml_path(path) and path.lower().endswith(".json"):
        return parse_json(path, text)
    from asllint.sources.yaml_reader import YamlError, load_yaml

    try:
        data, table, duplicates = load_yaml(text)
    except YamlError as e:
        raise LoadError(e.message, e.position) from None
    # yamlload bounds the depth itself while converting.
    return Document(path, text, data, "yaml", table, duplicates)


def parse_json(path: str, text: str, *, allow_nan: bool = False) -> Document:
    duplicates: list = []

    def pairs_hook(pairs):
        d = dict(pairs)
        if len(d) != len(pairs):
            seen = set()
            for k, _ in pairs:
                if k in seen:
                    duplicates.append(k)
                seen.add(k)
        return d

    try:
        data, scanned = _loads(text, pairs_hook, duplicates)
    except RecursionError:
        raise LoadError(f"nesting is too deep to read (over {MAX_DEPTH} levels)", Position(1, 1)) from None
    except ValueError:  # not a JSONDecodeError (_loads reports those): an integer too long to convert
        raise _number_too_long(text) from None
    check_depth(data, text)
    locator = JsonLocator(scanned)
    found = find_json_duplicates(scanned, locator) if duplicates else []
    return Document(path, text, data, "json", locator, found)


def _loads(text: str, pairs_hook, duplicates: list):
    """(data, the text positions are read from: the same length as the file's)."""
    try:
        return json.loads(text, object_pairs_hook=pairs_hook), text
    except json.JSONDecodeError as e:
        found = _with_bare_placeholders(text, pairs_hook, duplicates) if "${" in text else None
        if found is None:
            msg = "unexpected end of file" if not text[e.pos:].strip() else e.msg
            raise LoadError(f"invalid JSON: {msg}", Position(e.lineno, e.colno)) from None
        return found


# A JSON string (skipped) or number: only numbers without fraction or exponent go through int().
_STRING_OR_NUMBER = re.compile(r'"(?:[^"\\]|\\.)*"|-?([0-9]+)(\.[0-9]+)?([eE][-+]?[0-9]+)?')


def _number_too_long(text: str) -> LoadError:
    """json.loads converts integers with int(), which refuses more digits than
    sys.get_int_max_str_digits() (4,300 by default): one file's finding, not the run's end."""
    limit = sys.get_int_max_str_digits()
    for m in _STRING_OR_NUMBER.finditer(text):
        digits = m.group(1)
        if digits and not m.group(2) and not m.group(3) and len(digits) > limit:
            before = text[: m.start()]
            line = before.count("\n") + 1
            column = m.start() - (before.rfind("\n") + 1) + 1
            return LoadError(integer_too_long(len(digits)), Position(line, column))
    return LoadError(f"an integer has more digits than the {limit:,} asllint reads; not linted", Position(1, 1))



def _with_bare_placeholders(text: str, pairs_hook, duplicates: list):
    """A definition file for SAM's DefinitionSubstitutions may hold `"TimeoutSeconds": ${T}`:
    not JSON until deployment. Read each bare placeholder as a same-length string (positions stay
    exact) and give the placeholder back as the value: (data, the quoted text), or None when that
    does not help."""
    from asllint.sources.embedded import quote_bare_placeholders, restore_placeholders

    quoted, restored = quote_bare_placeholders(text)
    if not restored:
        return None
    duplicates.clear()
    try:
        return restore_placeholders(json.loads(quoted, object_pairs_hook=pairs_hook), restored), quoted
    except json.JSONDecodeError:
        return None


def check_depth(data: Any, text: str | None = None) -> None:
    """Bound nesting so that recursive rules never hit Python's recursion limit."""
    if text is not None and text.count("{") + text.count("[") <= MAX_DEPTH:
        return  # cannot nest deeper than it has brackets (the common case, at C speed)
    stack = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise LoadError(f"nesting is deeper than {MAX_DEPTH} levels; not linted", Position(1, 1))
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


def find_json_duplicates(text: str, locator: JsonLocator) -> list:
    """Pointers and spans of repeated keys, by a second pass that keeps every key."""
    from asllint.document import join_pointer

    out = []
    lines = locator.lines
    # A second, position-keeping pass runs only when json.loads saw a repeated key (rare):
    # a stack of open containers and the keys seen in each.
    string = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
    stack: list = []  # entries: [kind, keys_seen: dict, pointer, index, pending_key]
    i, n = 0, len(text)
    expect_key = False
    while i < n:
        c = text[i]
        if c == '"':
            end = string.match(text, i).end()
            if stack and stack[-1][0] == "{" and expect_key:
                key = json.loads(text[i:end])
                frame = stack[-1]
                span = Span(lines.position(i), lines.position(end))
                child = frame[2] + join_pointer(key)
                if key in frame[1]:
                    out.append((child, key, frame[1][key], span))
                else:
                    frame[1][key] = span
                frame[4] = key
                expect_key = False
            i = end
            continue
        if c in "{[":
            parent = stack[-1] if stack else None
            if parent is None:
                pointer = ""
            elif parent[0] == "{":
                pointer = parent[2] + join_pointer(parent[4])
            else:
                pointer = parent[2] + join_pointer(parent[3])
            stack.append([c, {}, pointer, 0, None])
            expect_key = c == "{"
        elif c in "}]":
            stack.pop()
        elif c == ",":
            if stack:
                if stack[-1][0] == "[":
                    stack[-1][3] += 1
                else:
                    expect_key = True
        i += 1
    return out
