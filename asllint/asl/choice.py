"""The Choice state's operators (ASL spec, "Choice Rules"; asl-semantics.md §8): the data-test
comparisons, their `...Path` forms, the type tests and the boolean combinators, with the JSON
type of each operator's operand in a JSONPath Choice rule."""

from __future__ import annotations

STRING_COMPARISONS = ("StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals",
                      "StringGreaterThanEquals")
NUMERIC_COMPARISONS = ("NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals",
                       "NumericGreaterThanEquals")
BOOLEAN_COMPARISONS = ("BooleanEquals",)
TIMESTAMP_COMPARISONS = ("TimestampEquals", "TimestampLessThan", "TimestampGreaterThan",
                         "TimestampLessThanEquals", "TimestampGreaterThanEquals")
# The comparisons that also have a `...Path` form (the operand is a path to the value).
COMPARISONS = STRING_COMPARISONS + NUMERIC_COMPARISONS + BOOLEAN_COMPARISONS + TIMESTAMP_COMPARISONS
PATH_COMPARISONS = tuple(c + "Path" for c in COMPARISONS)
# `*` wildcard matching; it has no Path form.
STRING_MATCHES = "StringMatches"
TYPE_TESTS = ("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp")
BOOLEAN_OPERATORS = ("And", "Or", "Not")

# Every data-test operator -> the JSON type its operand must have (a path is a string).
OPERAND_TYPES: dict[str, str] = {
    **{op: "string" for op in STRING_COMPARISONS + TIMESTAMP_COMPARISONS + (STRING_MATCHES,)},
    **{op: "number" for op in NUMERIC_COMPARISONS},
    **{op: "boolean" for op in BOOLEAN_COMPARISONS},
    **{op: "string" for op in tuple(c + "Path" for c in STRING_COMPARISONS + NUMERIC_COMPARISONS
                                    + TIMESTAMP_COMPARISONS + BOOLEAN_COMPARISONS)},
    **{op: "boolean" for op in TYPE_TESTS},
}
DATA_TEST_OPERATORS = tuple(OPERAND_TYPES)

# The fields of a JSONPath data-test rule: none of them exists in a JSONata Choice rule.
JSONPATH_RULE_FIELDS = ("Variable",) + COMPARISONS + PATH_COMPARISONS + (STRING_MATCHES,) + TYPE_TESTS
