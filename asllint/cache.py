"""A result cache, as ruff keeps one: findings of unchanged files are not computed again.

One JSON file per configuration fingerprint (asllint version, options, plugins) in the user's
cache directory (`--cache-dir`, `ASLLINT_CACHE_DIR`, `$XDG_CACHE_HOME/asllint` or
`~/.cache/asllint`), never beside the linted files. An entry is keyed on the file's absolute path
and holds the BLAKE2 digest of its bytes: any change to the file misses. Files whose result
depends on another file (SAM `DefinitionUri`) and standard input are never cached. A cache that
cannot be read or written is ignored: it only ever saves time.

The cache folder may be shared or planted (a CI cache restored from a pull request): the file is
read only if it is a regular file (never a FIFO, never through a symlink) of bounded size, every
entry is checked for its shape before use (a wrong one is a miss, and is rewritten), and the file
is written through an unpredictable temporary file created exclusively, then renamed."""

from __future__ import annotations

import json
import os
import stat

from asllint.document import SEVERITIES, Finding, Location, Position, Span

MAX_ENTRIES = 50_000
MAX_BYTES = 128 * 1024 * 1024   # far above MAX_ENTRIES of real entries; a larger file is ignored

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
        data = _read_json(self.path)
        if isinstance(data, dict):
            self.entries = data

    def get(self, path: str, sha: str):
        """The entry for this file content, or None: absent, stale, or not of the shape `put` writes
        (then the caller lints the file and `put` replaces it)."""
        entry = self.entries.get(os.path.abspath(path))
        if not _valid_entry(entry) or entry["sha"] != sha:
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
        import tempfile

        folder = os.path.dirname(self.path)
        try:
            os.makedirs(folder, exist_ok=True)
            # mkstemp: a random name opened with O_CREAT | O_EXCL (and O_NOFOLLOW), so nothing
            # planted in a shared folder is followed or overwritten; os.replace renames over the
            # old file (or a symlink in its place) without following it.
            fd, tmp = tempfile.mkstemp(prefix=os.path.basename(self.path) + ".", suffix=".tmp", dir=folder)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self.entries, f, separators=(",", ":"))
            os.replace(tmp, self.path)
        except (OSError, TypeError, ValueError):  # TypeError/ValueError: an entry json cannot write
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _read_json(path: str):
    """The JSON in `path` if it is a regular file of at most MAX_BYTES, else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with os.fdopen(fd, "rb") as f:
            fd = -1
            return json.loads(f.read(MAX_BYTES + 1))
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def _optional(value, kind) -> bool:
    return value is None or isinstance(value, kind)


def _position(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _valid_finding(row) -> bool:
    if not isinstance(row, list) or len(row) != 13:
        return False
    code, name, severity, message, pointer, sl, sc, el, ec, machine, state, url, confirmation = row
    return (all(isinstance(v, str) for v in (code, name, message, pointer)) and severity in SEVERITIES
            and all(_position(v) for v in (sl, sc, el, ec))
            and all(_optional(v, str) for v in (machine, state, url)) and _optional(confirmation, dict))


def _valid_entry(entry) -> bool:
    """Whether `entry` has exactly the shape `ResultCache.put` writes (see `_dump`)."""
    return (isinstance(entry, dict) and isinstance(entry.get("sha"), str)
            and isinstance(entry.get("machines"), int) and not isinstance(entry.get("machines"), bool)
            and _optional(entry.get("error"), str)
            and isinstance(entry.get("findings"), list) and all(_valid_finding(row) for row in entry["findings"]))


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
