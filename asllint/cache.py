"""A result cache, as ruff keeps one: findings of unchanged files are not computed again.

One JSON file per configuration fingerprint (asllint version, options, plugins) in the user's
cache directory (`--cache-dir`, `ASLLINT_CACHE_DIR`, `$XDG_CACHE_HOME/asllint` or
`~/.cache/asllint`), never beside the linted files. An entry is keyed on the file's absolute path
and holds the BLAKE2 digest of its bytes: any change to the file misses. Files whose result
depends on another file (SAM `DefinitionUri`) and standard input are never cached. A cache that
cannot be read or written is ignored: it only ever saves time."""

from __future__ import annotations

import json
import os

from asllint.document import Finding, Location, Position, Span

MAX_ENTRIES = 50_000

try:  # the C module behind hashlib.blake2b, without loading OpenSSL (3 ms, 3 MB)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b as _blake2b


def default_dir() -> str:
    explicit = os.environ.get("ASLLINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "asllint")


def digest(raw: bytes) -> str:
    return _blake2b(raw, digest_size=20).hexdigest()


class ResultCache:
    def __init__(self, directory: str, fingerprint: str):
        self.path = os.path.join(directory, f"results-{digest(fingerprint.encode())}.json")
        self.entries: dict = {}
        self.fresh: dict = {}       # entries added by this run (a forked worker hands them back)
        self.changed = False
        try:
            with open(self.path, encoding="utf-8") as f:
                data = json.load(f)
            if isinstance(data, dict):
                self.entries = data
        except (OSError, ValueError):
            self.entries = {}

    def get(self, path: str, sha: str):
        entry = self.entries.get(os.path.abspath(path))
        if not entry or entry.get("sha") != sha:
            return None
        return entry

    def put(self, path: str, sha: str, result, findings: list) -> None:
        entry = {"sha": sha, "machines": result.machines, "error": result.error,
                 "findings": [_dump(f) for f in findings]}
        self.entries[os.path.abspath(path)] = self.fresh[os.path.abspath(path)] = entry
        self.changed = True

    def merge(self, fresh: dict) -> None:
        self.entries.update(fresh)
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        if len(self.entries) > MAX_ENTRIES:  # keep the newest entries (dicts keep insertion order)
            self.entries = dict(list(self.entries.items())[-MAX_ENTRIES:])
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            tmp = f"{self.path}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(self.entries, f, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:
            pass


def _dump(f: Finding) -> list:
    (sl, sc), (el, ec) = f.location.span
    return [f.code, f.name, f.severity, f.message, f.location.pointer, sl, sc, el, ec, f.machine, f.state,
            f.url, f.confirmation]


def load_findings(entry: dict, path: str) -> list[Finding]:
    out = []
    for code, name, severity, message, pointer, sl, sc, el, ec, machine, state, url, confirmation in entry["findings"]:
        span = Span(Position(sl, sc), Position(el, ec))
        out.append(Finding(code, name, severity, message, Location(path, pointer, span), machine, state, url,
                           confirmation))
    return out
