"""Which files a run lints: named files always; folders walked for candidate files."""

from __future__ import annotations

import fnmatch
import os

SKIPPED_DIRS = {".git", "node_modules", ".aws-sam", "cdk.out", ".venv", "venv", "__pycache__", ".serverless", ".tox"}
CANDIDATE_SUFFIXES = (".json", ".yaml", ".yml", ".asl")


def _excluded(path: str, patterns, root: str) -> bool:
    if not patterns:
        return False
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*")
               for p in patterns)


def expand(paths: list[str], exclude=(), root: str = ".") -> tuple[list[str], list[str]]:
    """(files to lint, paths that do not exist). Symlinked folders are followed once."""
    files: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()
    for given in paths:
        if given == "-":
            files.append(given)
            continue
        if os.path.isfile(given) or (os.path.exists(given) and not os.path.isdir(given)):
            real = os.path.realpath(given)
            if real not in seen:
                seen.add(real)
                files.append(given)
            continue
        if not os.path.isdir(given):
            missing.append(given)
            continue
        visited: set[str] = set()
        for dirpath, dirnames, filenames in os.walk(given, followlinks=True):
            real_dir = os.path.realpath(dirpath)
            if real_dir in visited:  # a symlink loop: walk each real folder once
                dirnames[:] = []
                continue
            visited.add(real_dir)
            dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS
                                 and not _excluded(os.path.join(dirpath, d), exclude, root))
            for name in sorted(filenames):
                if not name.lower().endswith(CANDIDATE_SUFFIXES):
                    continue
                path = os.path.join(dirpath, name)
                if given in (".", "./"):  # report `src/x.json`, as users name it, not `./src/x.json`
                    path = os.path.relpath(path, ".")
                if _excluded(path, exclude, root):
                    continue
                real = os.path.realpath(path)
                if real in seen:
                    continue
                seen.add(real)
                files.append(path)
    return files, missing
