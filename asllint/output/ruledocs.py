"""The rule docs (`rules/CODE-name.md`): found in the source tree or in the installed wheel."""

from __future__ import annotations

import functools
import os

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # asllint/


@functools.lru_cache(maxsize=1)
def docs_dir() -> str | None:
    for candidate in (os.path.join(_PACKAGE, "_ruledocs"), os.path.join(os.path.dirname(_PACKAGE), "rules")):
        if os.path.isdir(candidate):
            return candidate
    return None


@functools.lru_cache(maxsize=None)
def doc_path(code: str) -> str | None:
    d = docs_dir()
    if d is None:
        return None
    for name in os.listdir(d):
        if name.startswith(code + "-") and name.endswith(".md"):
            return os.path.join(d, name)
    return None


def read_doc(code: str) -> str | None:
    path = doc_path(code)
    if path is None:
        return None
    with open(path, encoding="utf-8") as f:
        return f.read()
