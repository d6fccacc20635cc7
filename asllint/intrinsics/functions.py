"""Runtime implementations of the States.* intrinsic functions (``evaluate``).

Where AWS's behaviour is recorded (``/work/shared/conformance/intrinsic_functions``) the results
match it exactly, e.g. ``States.MathAdd`` rounds each argument half-up (Java ``Math.round``),
``States.StringToJson('')`` is ``null``, ``States.JsonToString`` is compact JSON.

hashlib, base64, uuid, random and decimal are imported inside the functions that need them:
the linter imports this module on every run and never calls them.
"""
from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING, Any, Callable

from asllint.bounded import budget

if TYPE_CHECKING:
    import random

from asllint.intrinsics.spec import (
    FUNCTIONS,
    b64decode,
    java_round,
    range_count,
    HASH_ALGORITHMS,
    KIND_WORDS,
    MAX_ENCODE_CHARS,
    MAX_RANGE_ITEMS,
    count_words,
    is_int,
    is_num,
    kind_of,
    nesting_problem,
    plural,
)
from asllint.intrinsics.syntax import Arg, Call, Literal, PathArg, nesting_depth, parse


class IntrinsicFailure(Exception):
    """Runtime failure of an intrinsic; AWS reports it as ``States.IntrinsicFailure``."""

    error = "States.IntrinsicFailure"

    def __init__(self, cause: str):
        super().__init__(cause)
        self.cause = cause


class IntrinsicNestingError(IntrinsicFailure):
    """Calls nested deeper than AWS allows in one field (see `evaluate`)."""

    error = "States.Runtime"


def evaluate(text_or_call: str | Call, resolve: Callable[[str], Any], *,
             rng: "random.Random | None" = None) -> Any:
    """Evaluate an intrinsic call.

    ``resolve(path_text)`` returns the value of a path argument (the caller raises its own error
    when the path cannot be resolved). ``rng`` makes States.UUID and unseeded States.MathRandom
    deterministic. Raises IntrinsicSyntaxError for text that does not parse and IntrinsicFailure
    (``cause``) for runtime failures.
    """
    call = parse(text_or_call) if isinstance(text_or_call, str) else text_or_call
    too_deep = nesting_problem(nesting_depth(call))
    if too_deep:
        # AWS refuses such a field at creation (the linter's ASL205); what it would do at run
        # time is not recorded, so the simulation stops the state as it does for any field it
        # cannot evaluate: States.Runtime.
        raise IntrinsicNestingError(too_deep)
    result = _eval_call(call, resolve, rng)
    if budget.current() is not None:
        # Arguments are shared, not copied: `States.Array($.s, $.s, ...)` is cheap to build and
        # enormous to write out.
        budget.check_json_size(result, f"the result of {call.name}")
    return result


def _eval_arg(a: Arg, resolve, rng):
    if isinstance(a, Literal):
        return a.value
    if isinstance(a, PathArg):
        return resolve(a.text)
    return _eval_call(a, resolve, rng)


def _eval_call(call: Call, resolve, rng):
    budget.tick()
    spec = FUNCTIONS.get(call.name)
    if spec is None:
        raise IntrinsicFailure(f"The intrinsic function '{call.name}' does not exist.")
    n = len(call.args)
    if n < spec.min_args or (spec.max_args is not None and n > spec.max_args):
        raise IntrinsicFailure(f"{call.name} takes {count_words(spec)} but was given "
                               f"{plural(n, 'argument')}.")
    args = [_eval_arg(a, resolve, rng) for a in call.args]
    return _IMPL[call.name](call, args, rng)


def _need(call: Call, args: list, i: int, kind: str):
    v = args[i]
    spec = FUNCTIONS[call.name]
    ok = {
        "string": isinstance(v, str),
        "integer": is_int(v),
        "number": is_num(v),
        "boolean": isinstance(v, bool),
        "array": isinstance(v, list),
        "object": isinstance(v, dict),
    }[kind]
    if not ok:
        raise IntrinsicFailure(
            f"Argument {i + 1} ({spec.name_at(i)}) of {call.name} must be {KIND_WORDS[kind]}, "
            f"but was {kind_of(v)}: {_short_json(v)}.")
    if isinstance(v, float) and not math.isfinite(v):
        # 1e400 reads as infinity; Java's rounding would turn it into Long.MAX_VALUE, Python's
        # raises. AWS's answer is not recorded: fail the call like any unusable argument.
        raise IntrinsicFailure(
            f"Argument {i + 1} ({spec.name_at(i)}) of {call.name} must be a finite number, but "
            f"was {java_double_str(v)}.")
    return int(v) if kind == "integer" else v


def _short_json(v) -> str:
    s = to_json_text(v)
    return s if len(s) <= 200 else s[:197] + "..."




def _f_format(call, args, rng):
    first = call.args[0]
    template = args[0]
    if not isinstance(template, str):
        raise IntrinsicFailure(f"The template of States.Format must be a string, but was "
                               f"{kind_of(template)}: {_short_json(template)}.")
    if isinstance(first, Literal):
        pieces = _split_literal_template(first.raw or "")
    else:
        pieces = template.split("{}")
    values = args[1:]
    if len(pieces) - 1 != len(values):
        raise IntrinsicFailure(
            f"The States.Format template has {plural(len(pieces) - 1, 'placeholder')} but "
            f"{plural(len(values), 'value')} {'was' if len(values) == 1 else 'were'} given.")
    out = [pieces[0]]
    for v, piece in zip(values, pieces[1:]):
        out.append(format_value(v))
        out.append(piece)
    if budget.current() is not None:
        budget.check_length(sum(len(part) for part in out), "the result of States.Format")
    return "".join(out)


def _split_literal_template(raw: str) -> list[str]:
    pieces, cur, i, n = [], [], 0, len(raw)
    while i < n:
        c = raw[i]
        if c == "\\" and i + 1 < n:
            nxt = raw[i + 1]
            cur.append(nxt if nxt in "'{}\\" else "\\" + nxt)
            i += 2
            continue
        if c == "{" and i + 1 < n and raw[i + 1] == "}":
            pieces.append("".join(cur))
            cur = []
            i += 2
            continue
        cur.append(c)
        i += 1
    pieces.append("".join(cur))
    return pieces


def format_value(v) -> str:
    """How States.Format renders a value: strings bare, null/true/false, Java number text;
    arrays/objects in Java collection style (``{Arg1=1, Arg2=[]}``) as LocalStack observed."""
    if isinstance(v, str):
        return v
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return java_double_str(v)
    if isinstance(v, list):
        return "[" + ", ".join(format_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}={format_value(x)}" for k, x in v.items()) + "}"
    return str(v)


def java_double_str(x: float) -> str:
    """Java ``Double.toString``: plain between 1e-3 and 1e7, else ``d.dddE±n``."""
    from decimal import Decimal  # deferred: linting never needs it
    if x != x:
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    a = abs(x)
    if 1e-3 <= a < 1e7:
        s = format(Decimal(repr(x)), "f")
        return s if "." in s else s + ".0"
    sign, digits, exp = Decimal(repr(x)).normalize().as_tuple()
    ds = "".join(map(str, digits))
    e = exp + len(ds) - 1
    mant = ds[0] + "." + (ds[1:] or "0")
    return ("-" if sign else "") + mant + "E" + str(e)


def to_json_text(v) -> str:
    """Compact JSON as AWS writes it (States.JsonToString): no blanks, non-ASCII kept, doubles
    in Java notation outside [1e-3, 1e7) (``1.0E20``)."""
    if isinstance(v, float) and not isinstance(v, bool):
        if v == 0 or 1e-3 <= abs(v) < 1e7:
            return repr(v)
        return java_double_str(v)
    if isinstance(v, list):
        return "[" + ",".join(to_json_text(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(str(k), ensure_ascii=False) + ":" + to_json_text(x)
                              for k, x in v.items()) + "}"
    return json.dumps(v, ensure_ascii=False)


def _f_string_to_json(call, args, rng):
    s = _need(call, args, 0, "string")
    if not s.strip():
        return None  # recorded: States.StringToJson('') -> null
    try:
        return json.loads(s)
    except ValueError as e:
        raise IntrinsicFailure(f"States.StringToJson could not parse its argument as JSON: "
                               f"{_short_json(s)} ({e.msg} at position {e.pos}).") from None


def _f_json_to_string(call, args, rng):
    return to_json_text(args[0])


def _f_array(call, args, rng):
    return list(args)


def _f_array_partition(call, args, rng):
    arr = _need(call, args, 0, "array")
    size = _need(call, args, 1, "integer")
    if size <= 0:
        raise IntrinsicFailure(f"The chunk size of States.ArrayPartition must be a positive "
                               f"integer, but was {_short_json(args[1])}.")
    return [arr[i:i + size] for i in range(0, len(arr), size)]


def _canon(v) -> str:
    # JSON equality as Jackson sees it: key order ignored, 1 and 1.0 differ, true and 1 differ.
    return json.dumps(v, sort_keys=True, separators=(",", ":"))


def _f_array_contains(call, args, rng):
    arr = _need(call, args, 0, "array")
    key = _canon(args[1])
    return any(_canon(x) == key for x in arr)




def _f_array_range(call, args, rng):
    start = _need(call, args, 0, "integer")
    end = _need(call, args, 1, "integer")
    step = _need(call, args, 2, "integer")
    if step == 0:
        raise IntrinsicFailure("The step of States.ArrayRange must not be 0.")
    count = range_count(start, end, step)
    if count > MAX_RANGE_ITEMS:
        raise IntrinsicFailure(f"States.ArrayRange would produce {count} items; at most "
                               f"{MAX_RANGE_ITEMS} are allowed.")
    return [start + i * step for i in range(count)]


def _f_array_get_item(call, args, rng):
    arr = _need(call, args, 0, "array")
    idx = _need(call, args, 1, "integer")
    if not 0 <= idx < len(arr):
        raise IntrinsicFailure(f"The index {idx} is out of bounds for States.ArrayGetItem on an "
                               f"array of length {len(arr)}.")
    return arr[idx]


def _f_array_length(call, args, rng):
    return len(_need(call, args, 0, "array"))


def _f_array_unique(call, args, rng):
    arr = _need(call, args, 0, "array")
    seen, out = set(), []
    for x in arr:
        k = _canon(x)
        if k not in seen:
            seen.add(k)
            out.append(x)
    return out


def _f_base64_encode(call, args, rng):
    import base64  # deferred: linting never needs it
    s = _need(call, args, 0, "string")
    if len(s) > MAX_ENCODE_CHARS:
        raise IntrinsicFailure(f"The input of States.Base64Encode is longer than "
                               f"{MAX_ENCODE_CHARS} characters.")
    return base64.b64encode(s.encode("utf-8", "surrogatepass")).decode("ascii")




def _f_base64_decode(call, args, rng):
    s = _need(call, args, 0, "string")
    if len(s) > MAX_ENCODE_CHARS:
        raise IntrinsicFailure(f"The input of States.Base64Decode is longer than "
                               f"{MAX_ENCODE_CHARS} characters.")
    out = b64decode(s)
    if out is None:
        raise IntrinsicFailure(f"States.Base64Decode could not decode {_short_json(s)} as Base64 "
                               "text.")
    return out


def _f_hash(call, args, rng):
    import hashlib  # deferred: linting never needs it
    data = args[0]
    alg = _need(call, args, 1, "string")
    if alg not in HASH_ALGORITHMS:
        raise IntrinsicFailure(f"Unknown hash algorithm {alg!r} for States.Hash; use one of "
                               + ", ".join(HASH_ALGORITHMS) + ".")
    text = data if isinstance(data, str) else to_json_text(data)
    if len(text) > MAX_ENCODE_CHARS:
        raise IntrinsicFailure(f"The data of States.Hash is longer than {MAX_ENCODE_CHARS} "
                               "characters.")
    return hashlib.new(HASH_ALGORITHMS[alg], text.encode("utf-8", "surrogatepass")).hexdigest()


def _f_json_merge(call, args, rng):
    a = _need(call, args, 0, "object")
    b = _need(call, args, 1, "object")
    deep = _need(call, args, 2, "boolean")
    if deep:
        raise IntrinsicFailure("States.JsonMerge supports only shallow merging; its third "
                               "argument must be false.")
    merged = dict(a)
    merged.update(b)
    return merged


def _f_math_random(call, args, rng):
    import random  # deferred: linting never needs it
    start = java_round(_need(call, args, 0, "number"))
    end = java_round(_need(call, args, 1, "number"))
    if start > end:
        raise IntrinsicFailure(f"The start ({start}) of States.MathRandom is greater than its end "
                               f"({end}).")
    if len(args) == 3:
        seed = java_round(_need(call, args, 2, "number"))
        gen = random.Random(seed)  # same seed, same value (ASL spec)
    else:
        gen = rng or random
    # End inclusive, like LocalStack; AWS's bound is not recorded.
    return gen.randint(start, end)


def _f_math_add(call, args, rng):
    a = _need(call, args, 0, "number")
    b = _need(call, args, 1, "number")
    # Recorded on AWS: each argument is rounded half-up first (-1.5 -> -1, 2.5 -> 3, 1.5+1.51 -> 4).
    return java_round(a) + java_round(b)


def _f_string_split(call, args, rng):
    s = _need(call, args, 0, "string")
    delims = _need(call, args, 1, "string")
    if not delims:
        return [s] if s else []
    parts = re.split("[" + re.escape(delims) + "]", s)
    return [p for p in parts if p]


def _f_uuid(call, args, rng):
    import uuid as _uuid  # deferred: linting never needs it
    if rng is None:
        return str(_uuid.uuid4())
    return str(_uuid.UUID(int=rng.getrandbits(128), version=4))


_IMPL = {
    "States.Format": _f_format,
    "States.StringToJson": _f_string_to_json,
    "States.JsonToString": _f_json_to_string,
    "States.Array": _f_array,
    "States.ArrayPartition": _f_array_partition,
    "States.ArrayContains": _f_array_contains,
    "States.ArrayRange": _f_array_range,
    "States.ArrayGetItem": _f_array_get_item,
    "States.ArrayLength": _f_array_length,
    "States.ArrayUnique": _f_array_unique,
    "States.Base64Encode": _f_base64_encode,
    "States.Base64Decode": _f_base64_decode,
    "States.Hash": _f_hash,
    "States.JsonMerge": _f_json_merge,
    "States.MathRandom": _f_math_random,
    "States.MathAdd": _f_math_add,
    "States.StringSplit": _f_string_split,
    "States.UUID": _f_uuid,
}
