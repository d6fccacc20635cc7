"""The functions Step Functions adds to JSONata (spec asl-semantics.md §4): ``$partition``,
``$range``, ``$hash``, ``$random([seed])``, ``$uuid`` and ``$parse``; ``$eval`` is removed
(calling it fails like any non-function, T1006).

Part of the JSONata support whose public facade is `asllint.jsonata.expr`. `_install_sfn_functions`
registers them on each compiled expression; `_LOCAL.rng` is the per-evaluation random source that
`evaluate` sets for ``$random`` and ``$uuid``."""
from __future__ import annotations

import json
import threading

from asllint.jsonata.values import QueryEvaluationError, _js, _plain


# Functions Step Functions adds to JSONata; they are not free variables.
SFN_FUNCTIONS = frozenset({"partition", "range", "hash", "random", "uuid", "parse"})
_HASH_ALGORITHMS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
                    "SHA-512": "sha512"}


_LOCAL = threading.local()  # per-evaluation rng for $random/$uuid


def _fail(cause: str):
    raise QueryEvaluationError(cause)


def _is_int(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer()


def _sfn_partition(array=None, size=None):
    if array is None:
        return None
    if not isinstance(array, list):
        array = [array]
    if not _is_int(size) or size <= 0:
        _fail(f"The second argument of $partition must be a positive integer, but was {_js(size)}.")
    size = int(size)
    return [list(array[i:i + size]) for i in range(0, len(array), size)]


def _sfn_range(start=None, end=None, step=1):
    from jsonata.utils import Utils

    for name, v in (("start", start), ("end", end), ("step", step)):
        if not _is_int(v):
            _fail(f"The {name} argument of $range must be an integer, but was {_js(v)}.")
    start, end, step = int(start), int(end), int(step)
    if step == 0:
        _fail("The step argument of $range must not be 0.")
    seq = Utils.create_sequence()
    # A sequence, so that one item collapses to that item as in JSONata (recorded:
    # $range(1, 9, 9) returned 1, not [1]).
    i = start
    while (step > 0 and i <= end) or (step < 0 and i >= end):
        seq.append(i)
        i += step
    return seq


def _sfn_hash(value=None, algorithm=None):
    if value is None:
        return None
    if algorithm not in _HASH_ALGORITHMS:
        _fail(f"The algorithm argument of $hash must be one of {', '.join(_HASH_ALGORITHMS)}, "
              f"but was {_js(algorithm)}.")
    text = value if isinstance(value, str) else json.dumps(_plain(value), separators=(",", ":"),
                                                           ensure_ascii=False)
    import hashlib  # deferred: only evaluation needs it, never linting

    return hashlib.new(_HASH_ALGORITHMS[algorithm], text.encode("utf-8", "surrogatepass")).hexdigest()


def _sfn_random(seed=None):
    import random as _random

    if seed is not None:
        if not _is_int(seed):
            _fail(f"The seed argument of $random must be an integer, but was {_js(seed)}.")
        return _random.Random(int(seed)).random()
    rng = getattr(_LOCAL, "rng", None)
    return (rng or _random).random()


def _sfn_uuid():
    import uuid as _uuid

    rng = getattr(_LOCAL, "rng", None)
    if rng is None:
        return str(_uuid.uuid4())
    return str(_uuid.UUID(int=rng.getrandbits(128), version=4))


def _sfn_parse(text=None):
    if text is None:
        return None
    if not isinstance(text, str):
        _fail(f"The argument of $parse must be a string, but was {_js(text)}.")
    try:
        return _to_jsonata(json.loads(text))
    except ValueError as e:
        _fail(f"$parse could not parse its argument as JSON: {_js(text)} ({e.args[0]}).")


def _to_jsonata(v):
    from jsonata.utils import Utils

    return Utils.NULL_VALUE if v is None else v


def _install_sfn_functions(j) -> None:
    j.register_lambda("partition", _sfn_partition)
    j.register_lambda("range", _sfn_range)
    j.register_lambda("hash", _sfn_hash)
    j.register_lambda("random", _sfn_random)
    j.register_lambda("uuid", _sfn_uuid)
    j.register_lambda("parse", _sfn_parse)
    # $eval is not available on AWS: a binding to "nothing" makes calls fail with T1006.
    j.register_function("eval", None)

