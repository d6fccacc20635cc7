"""The one place that talks to the shared query modules (paths, intrinsics, JSONata).

The evaluator never parses JSONPath, intrinsic calls or JSONata itself: `asllint.jsonpath`,
`asllint.intrinsics` and `asllint.jsonata.expr` do. Imports are deferred so that importing
`asllint.evaluator` stays light (JSONata in particular is only loaded by JSONata machines).
"""

from __future__ import annotations

from asllint.asl.text import is_jsonata  # noqa: F401  (callers ask query.is_jsonata)

_intrinsics = None
_jsonata = None


def paths():
    import asllint.jsonpath as module
    return module


def intrinsics():
    global _intrinsics
    if _intrinsics is None:
        import asllint.intrinsics as module
        _intrinsics = module
    return _intrinsics


def jsonata():
    global _jsonata
    if _jsonata is None:
        import asllint.jsonata.expr as module
        _jsonata = module
    return _jsonata


def looks_like_intrinsic(text: str) -> bool:
    # Cheap pre-check first: every intrinsic call starts with its name and has a '('.
    if not text or text[0] == "$" or "(" not in text:
        return False
    return intrinsics().looks_like_intrinsic(text)
