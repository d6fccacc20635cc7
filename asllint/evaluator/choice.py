"""Choice rules: JSONPath data tests and boolean combinators, and JSONata `Condition`s.

Spec section 8: a type mismatch makes a comparison false, strings compare by code point,
`IsPresent` never fails, any other test on a path that matches nothing is `States.Runtime`
("Invalid path '$.x': The choice state's condition path references an invalid value.", the
message AWS writes).
"""

from __future__ import annotations

from asllint.asl import choice
from asllint.evaluator import jsonpath_io, query
from asllint.evaluator.clock import parse_timestamp
from asllint.evaluator.errors import runtime_error
from asllint.evaluator.jsonata_io import evaluate_field, expect_type
from asllint.bounded.linear_regex import glob_match

_ABSENT = object()


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _string_cmp(op):
    def compare(variable, value):
        return isinstance(variable, str) and isinstance(value, str) and op(variable, value)
    return compare


def _numeric_cmp(op):
    def compare(variable, value):
        return _is_number(variable) and _is_number(value) and op(variable, value)
    return compare


def _timestamp_cmp(op):
    def compare(variable, value):
        left, right = parse_timestamp(variable), parse_timestamp(value)
        return left is not None and right is not None and op(left, right)
    return compare


def _boolean_equals(variable, value):
    return isinstance(variable, bool) and isinstance(value, bool) and variable == value


def _string_matches(variable, pattern):
    # A linear glob matcher: a regex translation backtracks polynomially on `*a*a*a*b`.
    return isinstance(variable, str) and isinstance(pattern, str) and glob_match(pattern, variable)


# The relation each comparison name ends with (the names are asllint.asl.choice's).
_RELATIONS = {
    "Equals": lambda a, b: a == b,
    "LessThan": lambda a, b: a < b,
    "GreaterThan": lambda a, b: a > b,
    "LessThanEquals": lambda a, b: a <= b,
    "GreaterThanEquals": lambda a, b: a >= b,
}


def _family(names, prefix, make):
    return {name: make(_RELATIONS[name[len(prefix):]]) for name in names}


COMPARATORS = {
    **_family(choice.STRING_COMPARISONS, "String", _string_cmp),
    choice.STRING_MATCHES: _string_matches,
    **_family(choice.NUMERIC_COMPARISONS, "Numeric", _numeric_cmp),
    "BooleanEquals": _boolean_equals,
    **_family(choice.TIMESTAMP_COMPARISONS, "Timestamp", _timestamp_cmp),
}

TYPE_TESTS = {
    "IsNull": lambda v: v is None,
    "IsNumeric": _is_number,
    "IsString": lambda v: isinstance(v, str),
    "IsBoolean": lambda v: isinstance(v, bool),
    "IsTimestamp": lambda v: parse_timestamp(v) is not None,
}


def _lookup(path, data, view):
    paths = query.paths()
    try:
        return jsonpath_io.select(path, data, view)
    except paths.PathNotFound:
        return _ABSENT


def rule_matches(rule: dict, data, view) -> bool:
    """Evaluate one JSONPath Choice rule (boolean expression or data test)."""
    if "And" in rule:
        return all(rule_matches(sub, data, view) for sub in rule["And"])
    if "Or" in rule:
        return any(rule_matches(sub, data, view) for sub in rule["Or"])
    if "Not" in rule:
        return not rule_matches(rule["Not"], data, view)
    variable_path = rule.get("Variable")
    variable = _lookup(variable_path, data, view) if isinstance(variable_path, str) else _ABSENT
    if "IsPresent" in rule:
        return (variable is not _ABSENT) == bool(rule["IsPresent"])
    if variable is _ABSENT:
        raise runtime_error(f"Invalid path '{variable_path}': The choice state's condition path "
                            "references an invalid value.")
    for test, check in TYPE_TESTS.items():
        if test in rule:
            expected = rule[test]
            return check(variable) == expected if isinstance(expected, bool) else False
    for operator, compare in COMPARATORS.items():
        if operator in rule:
            return compare(variable, rule[operator])
        path_operator = operator + "Path"
        if path_operator in rule and operator != choice.STRING_MATCHES:
            value_path = rule[path_operator]
            value = _lookup(value_path, data, view)
            if value is _ABSENT:
                raise runtime_error(f"Invalid path '{value_path}': The choice state's comparison "
                                    "path references an invalid value.")
            return compare(variable, value)
    raise runtime_error("The Choice rule has no comparison operator.")


def condition_matches(rule: dict, index: int, view, states: dict) -> bool:
    """A JSONata Choice rule: `Condition` must evaluate to a boolean."""
    condition = rule.get("Condition")
    field = f"Choices[{index}]/Condition"
    value = evaluate_field(condition, field, view, states)
    expect_type(value, "boolean", condition, field)
    return value
