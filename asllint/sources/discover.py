"""Which files a run lints, and the folder each may read from (its linted tree).

Named files are always linted, even through a symbolic link: the user chose them. Named folders
are walked without leaving them: a linked folder that resolves outside the named folder, or to
a folder already walked (`loop -> ..`, `root -> /`), is not entered, and a linked file that
resolves outside it is listed as escaping (the engine reports it, never opens it). References
inside a file (SAM `DefinitionUri`) are read only inside the same tree (issue 12)."""

from __future__ import annotations

import fnmatch
import os
from typing import NamedTuple

SKIPPED_DIRS = {".git", "node_modules", ".aws-sam", "cdk.out", ".venv", "venv", "__pycache__", ".serverless", ".tox"}
CANDIDATE_SUFFIXES = (".json", ".yaml", ".yml", ".asl")


def is_inside(real_path: str, real_root: str) -> bool:
    """Whether a resolved path is the resolved folder `real_root` or below it."""
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


class LintedTrees:
    """The linted tree of each file of a run, and the walked links that leave theirs.

    A walked file's tree is the folder the user named. A named file's tree is the current
    folder when the file is inside it (pre-commit and CI name files from the repository root,
    and a template may name `../shared/flow.asl.json`), else the file's own folder."""

    def __init__(self):
        self._roots: dict[str, str] = {}   # walked path -> real path of the named folder
        self.escaping: set[str] = set()     # walked paths whose real path is outside their tree
        self.escaping_folders: set[str] = set()  # those of them that are folders (never walked)

    def add(self, path: str, real_root: str, escaping: bool = False, folder: bool = False) -> None:
        self._roots[path] = real_root
        if escaping:
            self.escaping.add(path)
            if folder:
                self.escaping_folders.add(path)

    def root_of(self, path: str) -> str:
        root = self._roots.get(path)
        if root is not None:
            return root
        here = os.path.realpath(os.getcwd())
        folder = os.path.realpath(os.path.dirname(os.path.abspath(path)))
        return here if is_inside(folder, here) else folder

    def escapes(self, path: str) -> bool:
        return path in self.escaping

    def holds(self, path: str, target: str) -> bool:
        """Whether `target` (named inside `path`) resolves inside `path`'s linted tree. Decided
        from the path alone: the answer never depends on whether the target exists."""
        return is_inside(os.path.realpath(target), self.root_of(path))


class Discovery(NamedTuple):
    files: list
    missing: list
    trees: LintedTrees


def _excluded(path: str, patterns, root: str) -> bool:
    if not patterns:
        return False
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) or fnmatch.fnmatch(rel, p.rstrip("/") + "/*")
               for p in patterns)


def discover(paths: list[str], exclude=(), root: str = ".") -> Discovery:
    """The files to lint, the paths that do not exist, and each file's linted tree."""
    files: list[str] = []
    missing: list[str] = []
    trees = LintedTrees()
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
        _walk(given, exclude, root, files, seen, trees)
    return Discovery(files, missing, trees)


def _walk(given: str, exclude, root: str, files: list, seen: set, trees: LintedTrees) -> None:
    tree = os.path.realpath(given)
    visited = {tree}
    for dirpath, dirnames, filenames in os.walk(given, followlinks=True):
        kept = []
        for d in sorted(dirnames):
            if d in SKIPPED_DIRS or _excluded(os.path.join(dirpath, d), exclude, root):
                continue
            real_dir = os.path.realpath(os.path.join(dirpath, d))
            # A link back to a folder already walked (`loop -> ..`): never entered again.
            if real_dir in visited:
                continue
            # A link out of the tree (`root -> /`): never entered, and said (ASL005).
            if not is_inside(real_dir, tree):
                path = os.path.join(dirpath, d)
                if given in (".", "./"):
                    path = os.path.relpath(path, ".")
                trees.add(path, tree, escaping=True, folder=True)
                files.append(path)
                continue
            visited.add(real_dir)
            kept.append(d)
        dirnames[:] = kept
        for name in sorted(filenames):
            if not name.lower().endswith(CANDIDATE_SUFFIXES):
                continue
            path = os.path.join(dirpath, name)
            if given in (".", "./"):  # report `src/x.json`, as users name it, not `./src/x.json`
                path = os.path.relpath(path, ".")
            if _excluded(path, exclude, root):
                continue
            real = os.path.realpath(path)
            if not is_inside(real, tree):
                trees.add(path, tree, escaping=True)
                files.append(path)
                continue
            if real in seen:
                continue
            seen.add(real)
            trees.add(path, tree)
            files.append(path)


def expand(paths: list[str], exclude=(), root: str = ".") -> tuple[list[str], list[str]]:
    """(files to lint, paths that do not exist): `discover` without the trees."""
    found = discover(paths, exclude, root)
    return found.files, found.missing
