"""The table of intrinsic functions: argument counts and kinds, AWS's limits, and the
helpers that describe values and counts in messages (shared by the static checks and the
runtime implementations)."""
from __future__ import annotations

import math
import re

from asllint.asl import quotas
from asllint.asl.wording import TYPE_WORDS
from asllint.document import json_type

MAX_NESTING = quotas.INTRINSIC_NESTING_MAX
# How deep the parser reads before it stops with a syntax error: far beyond MAX_NESTING (which
# the linter reports as ASL205 and the evaluator as States.Runtime), and far below Python's
# recursion limit. asllint's own bound, not an AWS quota.
MAX_PARSE_DEPTH = 100
MAX_RANGE_ITEMS = quotas.ARRAY_RANGE_MAX
MAX_ENCODE_CHARS = quotas.ENCODE_MAX_CHARS
HASH_ALGORITHMS = {
    "MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512",
}


class FunctionSpec:
    __slots__ = ("min_args", "max_args", "kinds", "names")

    def __init__(self, min_args: int, max_args: int | None, kinds: tuple = (), names: tuple = ()):
        self.min_args = min_args
        self.max_args = max_args  # None = unbounded
        # Expected kind per argument position (the last one repeats for variadic functions):
        # "string", "integer", "number", "boolean", "array", "object", "any", "path".
        self.kinds = kinds
        self.names = names        # argument names used in messages

    def kind_at(self, i: int) -> str:
        if not self.kinds:
            return "any"
        return self.kinds[i] if i < len(self.kinds) else self.kinds[-1]

    def name_at(self, i: int) -> str:
        if i < len(self.names):
            return self.names[i]
        return self.names[-1] if self.names else "value"


FUNCTIONS: dict[str, FunctionSpec] = {
    "States.Format": FunctionSpec(1, None, ("string", "any"), ("template", "value")),
    "States.StringToJson": FunctionSpec(1, 1, ("string",), ("string",)),
    "States.JsonToString": FunctionSpec(1, 1, ("path",), ("value",)),
    "States.Array": FunctionSpec(0, None, ("any",), ("value",)),
    "States.ArrayPartition": FunctionSpec(2, 2, ("array", "integer"), ("array", "chunk size")),
    "States.ArrayContains": FunctionSpec(2, 2, ("array", "any"), ("array", "value")),
    "States.ArrayRange": FunctionSpec(3, 3, ("integer", "integer", "integer"), ("start", "end", "step")),
    "States.ArrayGetItem": FunctionSpec(2, 2, ("array", "integer"), ("array", "index")),
    "States.ArrayLength": FunctionSpec(1, 1, ("array",), ("array",)),
    "States.ArrayUnique": FunctionSpec(1, 1, ("array",), ("array",)),
    "States.Base64Encode": FunctionSpec(1, 1, ("string",), ("data",)),
    "States.Base64Decode": FunctionSpec(1, 1, ("string",), ("data",)),
    "States.Hash": FunctionSpec(2, 2, ("any", "string"), ("data", "algorithm")),
    "States.JsonMerge": FunctionSpec(3, 3, ("object", "object", "boolean"), ("first object", "second object", "deep merge flag")),
    "States.MathRandom": FunctionSpec(2, 3, ("number", "number", "integer"), ("start", "end", "seed")),
    "States.MathAdd": FunctionSpec(2, 2, ("number", "number"), ("first number", "second number")),
    "States.StringSplit": FunctionSpec(2, 2, ("string", "string"), ("string", "delimiters")),
    "States.UUID": FunctionSpec(0, 0, (), ()),
}

# The words of asllint.asl.wording; the intrinsic-function messages have always said "a JSON object".
KIND_WORDS = {**TYPE_WORDS, "object": "a JSON object", "path": "a path"}


def kind_of(v) -> str:
    return json_type(v, integer=True)


def is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_int(v) -> bool:
    return is_num(v) and float(v).is_integer()


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def count_words(spec: FunctionSpec) -> str:
    lo, hi = spec.min_args, spec.max_args
    if hi is None:
        return f"at least {plural(lo, 'argument')}"
    if lo == hi:
        return "no arguments" if lo == 0 else f"exactly {plural(lo, 'argument')}"
    return f"{lo} to {hi} arguments"

def java_round(x) -> int:
    """Java ``Math.round``: half rounds towards positive infinity (-1.5 -> -1, 2.5 -> 3); NaN is
    0 and the infinities are the ends of Java's long range (a literal 1e400 reads as infinity)."""
    if not isinstance(x, float):
        return int(x)
    if math.isnan(x):
        return 0
    if math.isinf(x):
        return 2 ** 63 - 1 if x > 0 else -(2 ** 63)
    return math.floor(x + 0.5)

def range_count(start: int, end: int, step: int) -> int:
    if step == 0:
        return 0
    if (step > 0 and start > end) or (step < 0 and start < end):
        return 0
    return abs(end - start) // abs(step) + 1

def b64decode(s: str) -> str | None:
    import base64  # deferred: linting never needs it
    import binascii  # deferred: linting never needs it
    # MIME Base64 allows line breaks; padding is optional (as for Java's decoders). Other
    # characters outside the alphabet are rejected rather than skipped, to catch mistakes.
    body = re.sub(r"\s", "", s)
    cleaned = body.rstrip("=")
    if len(body) - len(cleaned) > 2 or not re.fullmatch(r"[A-Za-z0-9+/]*", cleaned):
        return None
    if len(cleaned) % 4 == 1:
        return None
    try:
        data = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    return data.decode("utf-8", errors="replace")


def nesting_problem(depth: int) -> str | None:
    """The sentence for calls nested deeper than AWS allows (None when within the limit)."""
    if depth <= MAX_NESTING:
        return None
    return (f"Intrinsic functions are nested {depth} levels deep; Step Functions allows at most "
            f"{MAX_NESTING} nested calls in one field.")
