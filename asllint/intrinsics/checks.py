"""Static checks of an intrinsic call for the linter (``check``): syntax, function names,
argument counts, literal argument types, nesting depth, and literal values AWS would reject."""
from __future__ import annotations

import json
from typing import NamedTuple

from asllint.asl.wording import did_you_mean, quoted, type_word
from asllint.intrinsics.spec import (
    b64decode,
    java_round,
    range_count,
    FUNCTIONS,
    HASH_ALGORITHMS,
    KIND_WORDS,
    MAX_ENCODE_CHARS,
    MAX_RANGE_ITEMS,
    count_words,
    is_int,
    is_num,
    nesting_problem,
    plural,
)
from asllint.intrinsics.syntax import (
    Arg, Call, IntrinsicSyntaxError, Literal, PathArg, nesting_depth, parse)


class Problem(NamedTuple):
    message: str
    offset: int | None


def _format_placeholders(raw: str) -> int:
    """Count unescaped ``{}`` in a literal template (``\\{`` and ``\\}`` are literal braces)."""
    count, i, n = 0, 0, len(raw)
    while i < n:
        c = raw[i]
        if c == "\\":
            i += 2
            continue
        if c == "{" and i + 1 < n and raw[i + 1] == "}":
            count += 1
            i += 2
            continue
        i += 1
    return count


def check(text: str) -> list[Problem]:
    """Static problems of an intrinsic call, as clear sentences with offsets."""
    try:
        call = parse(text)
    except IntrinsicSyntaxError as e:
        return [Problem(e.message, e.offset)]
    problems: list[Problem] = []
    too_deep = nesting_problem(nesting_depth(call))
    if too_deep:
        problems.append(Problem(too_deep, call.offset))
    _check_call(call, problems)
    return problems


def _check_call(call: Call, problems: list[Problem]) -> None:
    spec = FUNCTIONS.get(call.name)
    for a in call.args:
        if isinstance(a, Call):
            _check_call(a, problems)
    if spec is None:
        hint = did_you_mean(call.name, FUNCTIONS, shared_prefix="States.")
        msg = f"Unknown intrinsic function '{call.name}'{hint}"
        if hint:
            msg += "."
        elif call.name.startswith("States."):
            msg += ": it is not one of the intrinsic functions Step Functions provides."
        else:
            msg += ": intrinsic functions are named States.<Name>, e.g. States.Format."
        problems.append(Problem(msg, call.offset))
        return
    n = len(call.args)
    if n < spec.min_args or (spec.max_args is not None and n > spec.max_args):
        problems.append(Problem(f"{call.name} takes {count_words(spec)} but is given "
                                f"{plural(n, 'argument')}.", call.offset))
        return
    for i, a in enumerate(call.args):
        expected = spec.kind_at(i)
        if expected == "path" and not isinstance(a, PathArg):
            problems.append(Problem(
                f"The argument of {call.name} must be a path (such as $.data), not "
                f"{_describe_arg(a)}.", a.offset))
            continue
        if isinstance(a, Literal) and not _literal_fits(a.value, expected):
            problems.append(Problem(
                f"Argument {i + 1} ({spec.name_at(i)}) of {call.name} must be "
                f"{KIND_WORDS[expected]}, but the literal {_show_literal(a)} is "
                f"{type_word(a.value)}.", a.offset))
    _check_values(call, problems)


def _check_values(call: Call, problems: list[Problem]) -> None:
    a = call.args
    lit = [x.value if isinstance(x, Literal) else _NOLIT for x in a]
    name = call.name
    if name == "States.Format" and isinstance(a[0], Literal) and isinstance(a[0].value, str):
        holes = _format_placeholders(a[0].raw or "")
        if holes != len(a) - 1:
            problems.append(Problem(
                f"The States.Format template has {plural(holes, 'placeholder')} '{{}}' but "
                f"{plural(len(a) - 1, 'value')} {'is' if len(a) - 1 == 1 else 'are'} given; "
                "the counts must match.", a[0].offset))
    elif name == "States.ArrayRange":
        if is_int(lit[2]) and lit[2] == 0:
            problems.append(Problem("The step of States.ArrayRange must not be 0.", a[2].offset))
        elif all(is_int(v) for v in lit):
            count = range_count(int(lit[0]), int(lit[1]), int(lit[2]))
            if count > MAX_RANGE_ITEMS:
                problems.append(Problem(
                    f"States.ArrayRange would produce {count} items; at most {MAX_RANGE_ITEMS} are "
                    "allowed.", call.offset))
    elif name == "States.ArrayPartition":
        if is_int(lit[1]) and lit[1] <= 0:
            problems.append(Problem("The chunk size of States.ArrayPartition must be a positive "
                                    "integer.", a[1].offset))
    elif name == "States.ArrayGetItem":
        if is_int(lit[1]) and lit[1] < 0:
            problems.append(Problem("The index of States.ArrayGetItem must not be negative.",
                                    a[1].offset))
    elif name == "States.JsonMerge":
        if lit[2] is True:
            problems.append(Problem(
                "States.JsonMerge supports only shallow merging on AWS: its third argument must be "
                "false.", a[2].offset))
    elif name == "States.Hash":
        if isinstance(lit[1], str) and lit[1] not in HASH_ALGORITHMS:
            msg = (f"Unknown hash algorithm {quoted(lit[1])}{did_you_mean(lit[1], HASH_ALGORITHMS)} for "
                   "States.Hash; use one of " + ", ".join(HASH_ALGORITHMS) + ".")
            problems.append(Problem(msg, a[1].offset))
        if isinstance(lit[0], str) and len(lit[0]) > MAX_ENCODE_CHARS:
            problems.append(Problem(f"The data of States.Hash is longer than {MAX_ENCODE_CHARS} "
                                    "characters.", a[0].offset))
    elif name in ("States.Base64Encode", "States.Base64Decode"):
        if isinstance(lit[0], str):
            if len(lit[0]) > MAX_ENCODE_CHARS:
                problems.append(Problem(f"The input of {name} is longer than {MAX_ENCODE_CHARS} "
                                        "characters.", a[0].offset))
            elif name == "States.Base64Decode" and b64decode(lit[0]) is None:
                problems.append(Problem(f"The literal {_show_literal(a[0])} is not valid Base64 "
                                        "text.", a[0].offset))
    elif name == "States.StringToJson":
        if isinstance(lit[0], str) and lit[0].strip():
            try:
                json.loads(lit[0])
            except ValueError:
                problems.append(Problem(f"The literal {_show_literal(a[0])} is not valid JSON.",
                                        a[0].offset))
    elif name == "States.MathRandom":
        if is_num(lit[0]) and is_num(lit[1]) and java_round(lit[0]) > java_round(lit[1]):
            problems.append(Problem("The start of States.MathRandom is greater than its end.",
                                    a[0].offset))


_NOLIT = object()


def _literal_fits(value, expected: str) -> bool:
    if expected == "any":
        return True
    if expected == "string":
        return isinstance(value, str)
    if expected == "integer":
        return is_int(value)
    if expected == "number":
        return is_num(value)
    if expected == "boolean":
        return isinstance(value, bool)
    return False  # arrays/objects/paths have no literal form


def _show_literal(a: Literal) -> str:
    v = a.value
    if isinstance(v, str):
        s = v if len(v) <= 40 else v[:37] + "..."
        return "'" + s + "'"
    return "null" if v is None else (("true" if v else "false") if isinstance(v, bool) else str(v))


def _describe_arg(a: Arg) -> str:
    if isinstance(a, Literal):
        return f"the literal {_show_literal(a)}"
    if isinstance(a, Call):
        return f"a call of {a.name}"
    return "a path"
