"""The functions Step Functions adds to JSONata (spec asl-semantics.md §4): ``$partition``,
``$range``, ``$hash``, ``$random([seed])``, ``$uuid`` and ``$parse``; ``$eval`` is removed
(calling it fails like any non-function, T1006).

Part of the JSONata support whose public facade is `asllint.jsonata.expr`. `_install_sfn_functions`
registers them on each compiled expression; `_LOCAL.rng` is the per-evaluation random source that
`evaluate` sets for ``$random`` and ``$uuid``."""
from __future__ import annotations

import json
import math
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
    from asllint.bounded import budget

    if (step > 0 and start <= end) or (step < 0 and start >= end):
        budget.check_length((end - start) // step + 1, "$range")
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


def _check_pad(args) -> None:
    from asllint.bounded import budget

    width = args[1] if len(args) > 1 else None
    if isinstance(width, (int, float)) and not isinstance(width, bool) and math.isfinite(width):
        budget.check_length(abs(int(width)), "$pad")


def _check_join(args) -> None:
    from asllint.bounded import budget

    strings = args[0] if args else None
    separator = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
    if isinstance(strings, list):
        budget.check_length(sum(len(item) for item in strings if isinstance(item, str))
                            + len(separator) * max(len(strings) - 1, 0), "$join")


def _check_string(args) -> None:
    from asllint.bounded import budget

    if args and isinstance(args[0], (dict, list)):
        budget.check_json_size(args[0], "the argument of $string")


# Built-in functions whose result can be far larger than their arguments (quadratically for
# $join, exponentially for $string of a value that shares its parts): checked before they run.
_PRECHECKS = {"pad": _check_pad, "join": _check_join, "string": _check_string}

_BUDGETED_FRAME = None


def _budgeted_frame():
    """A frame between each expression's own and jsonata-python's static frame, holding a
    budgeted copy of every built-in function (built once). A copy keeps the signature checks;
    its call counts one step plus the size of what it reads and returns, refuses a
    result over the size budget, and runs the prechecks above."""
    global _BUDGETED_FRAME
    if _BUDGETED_FRAME is None:
        from jsonata import Jsonata

        frame = Jsonata.Frame(Jsonata.static_frame)
        for name, function in Jsonata.static_frame.bindings.items():
            if isinstance(function, Jsonata.JNativeFunction):
                frame.bindings[name] = _budgeted(name, function)
        _BUDGETED_FRAME = frame
    return _BUDGETED_FRAME


def _work(name: str, args) -> int:
    """Steps a built-in call costs before it runs: the size of what it reads
    (`$sum` of a lazy `[1..2000000]` in a loop would otherwise cost one step a call), and its
    superlinear part: jsonata-python's `$distinct` compares every pair, `$sort` is n log n."""
    from asllint.bounded.budget import size_steps

    work = 1 + sum(size_steps(arg) for arg in args)
    first = args[0] if args else None
    if isinstance(first, list) and name in _SUPERLINEAR:
        work += _SUPERLINEAR[name](len(first)) >> 3
    return work


_SUPERLINEAR = {"distinct": lambda n: n * n, "sort": lambda n: n * n.bit_length()}


def _budgeted(name: str, function):
    import copy

    from asllint.bounded import budget

    budgeted = copy.copy(function)
    precheck = _PRECHECKS.get(name)
    what = f"the result of ${name}"

    def call(input, args):
        level = budget.current()
        if level is None:  # not in a simulation
            return function.call(input, args)
        args = args or ()
        if precheck is not None:
            precheck(args)
        level.tick(_work(name, args))
        result = function.call(input, args)
        if type(result) is str or isinstance(result, list):
            budget.check_length(len(result), what)
        level.tick(1 + budget.size_steps(result))
        return result

    budgeted.call = call
    return budgeted


def _install_sfn_functions(j) -> None:
    j.register_lambda("partition", _sfn_partition)
    j.register_lambda("range", _sfn_range)
    j.register_lambda("hash", _sfn_hash)
    j.register_lambda("random", _sfn_random)
    j.register_lambda("uuid", _sfn_uuid)
    j.register_lambda("parse", _sfn_parse)
    # $eval is not available on AWS: a binding to "nothing" makes calls fail with T1006.
    j.register_function("eval", None)
    j.environment.parent = _budgeted_frame()

