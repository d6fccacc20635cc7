"""Escaping of text that comes from a linted file, for every text output format.

File names, keys, state names, ARNs and messages that quote them are written by whoever wrote the
linted file, and asllint runs as a CI gate on pull requests from strangers: a raw newline followed by
`::error ...` becomes a GitHub workflow command, an escape sequence drives the terminal, a bidi
override makes a line read differently from what it holds. `printable` is the one function all text
formats use; `github_data` / `github_property` add GitHub's own escaping on top of it; `uri` is the
RFC 3986 form SARIF needs. JSON output needs none of this: `json.dumps` escapes control characters
and keeps the text exact for editors."""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# C0 controls, DEL, C1 controls, the Unicode line and paragraph separators (a new line to many
# terminals and editors), and the bidi embeddings, overrides and isolates (Trojan Source,
# CVE-2021-42574) with the invisible directional marks.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text) -> str:
    """`text` with every control, line-separator and bidi character shown as an escape (`\\n`,
    `\\x1b`, `\\u2028`); other text, backslashes included, unchanged."""
    text = str(text)
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def github_data(text: str) -> str:
    """The message part of a workflow command (after `::`), escaped as GitHub's runner unescapes it
    (actions/toolkit `escapeData`): a newline can then never start a new command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (`file=...,title=...`): `:` and `,` would end it
    (actions/toolkit `escapeProperty`). The text is made printable first."""
    return github_data(printable(text)).replace(":", "%3A").replace(",", "%2C")


def uri(path: str) -> str:
    """A file path as an RFC 3986 URI reference: relative paths stay relative, absolute ones become
    `file://` URIs; every byte outside the unreserved set and `/` is percent-encoded (UTF-8)."""
    import os
    from urllib.parse import quote  # only SARIF needs it

    posix = path.replace(os.sep, "/")
    prefix = "file://" if os.path.isabs(path) else ""
    if posix.startswith("./"):
        posix = posix[2:]
    try:  # a name that is not UTF-8 on disk reaches Python as surrogate escapes: its own bytes
        return prefix + quote(posix, safe="/", errors="surrogateescape")
    except UnicodeEncodeError:
        return prefix + quote(posix, safe="/", errors="surrogatepass")
