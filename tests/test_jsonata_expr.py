import glob
import hashlib
import json
import os
import random

import pytest

from asllint.jsonata.expr import (
    UNDEFINED,
    QueryEvaluationError,
    evaluate,
    expression_of,
    free_variables,
    input_reference_problem,
    is_jsonata_string,
    json_type_name,
    syntax_problem,
    type_mismatch_cause,
    undefined_cause,
)
from tests.conftest import SHARED

CONFORMANCE = str(SHARED / "conformance")


# ----------------------------------------------------------------------------- recognising

@pytest.mark.parametrize("s, expected", [
    ("{% $states.input %}", True),
    ("{%$x%}", True),
    ("{% %}", True),
    ("{%%}", True),
    (" {% states.input %} ", False),  # recorded on AWS as a plain literal
    ("{% 1 %} ", False),
    ("{% 1", False),
    ("{%", False),
    ("%}", False),
    ("$.a", False),
    (None, False),
    (1, False),
])
def test_is_jsonata_string(s, expected):
    assert is_jsonata_string(s) is expected


def test_expression_of():
    assert expression_of("{% {'foo': 'bar'} %}") == "{'foo': 'bar'}"
    assert expression_of("{%$x%}") == "$x"
    assert expression_of("{%\n  $a\n%}") == "$a"
    with pytest.raises(ValueError):
        expression_of(" {% 1 %}")


# ----------------------------------------------------------------------------- syntax

@pytest.mark.parametrize("expr, problem", [
    ("$states.input.a", None),
    ("$contains('hello$world', /^hello\\ /)", None),
    ("($x := 1; function($v){ $v + $x })(2)", None),
    ("$states.input.items[price > 10].name ~> $join(', ')", None),
    ("", ("The JSONata expression is empty.", 0)),
    ("  ", ("The JSONata expression is empty.", 0)),
    ("1 +", ("Invalid JSONata expression: Unexpected end of expression (JSONata error S0207).", 3)),
    ("{'a': 1", ("Invalid JSONata expression: Expected } before end of expression (JSONata error S0203).", 7)),
    ("$states.input.", ("Invalid JSONata expression: Unexpected end of expression (JSONata error S0207).", 14)),
    ('"abc', ("Invalid JSONata expression: String literal must be terminated by a matching quote (JSONata error S0101).", 4)),
    ("1 = = 2", ("Invalid JSONata expression: The symbol = cannot be used as a unary operator (JSONata error S0211).", 5)),
    (3, ("A JSONata expression must be a string.", 0)),
])
def test_syntax_problem(expr, problem):
    assert syntax_problem(expr) == problem


# ----------------------------------------------------------------------------- evaluation

@pytest.mark.parametrize("expr, states, variables, expected", [
    ("$states.input.a + 1", {"input": {"a": 1}}, None, 2),
    ("$states.input", {"input": {"a": None, "b": [1, None]}}, None, {"a": None, "b": [1, None]}),
    ("$states.input.a", {"input": {"a": None}}, None, None),
    ("$states.context.Execution.Id", {"context": {"Execution": {"Id": "arn"}}}, None, "arn"),
    ("$states.result.Payload", {"result": {"Payload": [1]}}, None, [1]),
    ("$states.errorOutput.Error", {"errorOutput": {"Error": "E"}}, None, "E"),
    ("$x", None, {"x": None}, None),
    ("$x.y", None, {"x": {"y": "z"}}, "z"),
    # JSONata flattens arrays coming from expressions in an array constructor
    ("[$x, $y]", None, {"x": [1, None], "y": {"k": None}}, [1, None, {"k": None}]),
    ("$count($x)", None, {"x": [1, 2, 3]}, 3),
    ("1.5 * 2", None, None, 3),
    ("$string(1.0)", None, None, "1"),
    ("$variable := 1", None, None, 1),
    ("$merge([$states.input.p1, $states.input.p2])", {"input": {"p1": {"h": "w"}, "p2": {"f": "b"}}}, None, {"h": "w", "f": "b"}),
    ("{'a': $nothing, 'b': 1}", None, None, {"b": 1}),
    ("$states.input.items[x > 1].x", {"input": {"items": [{"x": 1}, {"x": 2}, {"x": 3}]}}, None, [2, 3]),
    ("$states.input.items[x > 2].x", {"input": {"items": [{"x": 1}, {"x": 2}, {"x": 3}]}}, None, 3),
    # Step Functions additions
    ("$partition([0, 1, 2, 3], 3)", None, None, [[0, 1, 2], [3]]),
    ("$partition([0], 1)", None, None, [[0]]),
    ("$partition([], 2)", None, None, []),
    ("$range(0, 9, 3)", None, None, [0, 3, 6, 9]),
    ("$range(0, 10, 3)", None, None, [0, 3, 6, 9]),
    ("$range(1, 9, 9)", None, None, 1),  # recorded: singleton collapses
    ("$range(5, 1, -2)", None, None, [5, 3, 1]),
    ("$hash('input data', 'SHA-256')", None, None, hashlib.sha256(b"input data").hexdigest()),
    ("$hash('input data', 'MD5')", None, None, hashlib.md5(b"input data").hexdigest()),
    ("$parse('{\"a\": [1, null]}')", None, None, {"a": [1, None]}),
    ("$parse('1.1')", None, None, 1.1),
    ("$parse('null')", None, None, None),
    ("$parse('\"HelloWorld\"')", None, None, "HelloWorld"),
])
def test_evaluate(expr, states, variables, expected):
    result = evaluate(expr, states=states, variables=variables)
    assert result == expected
    assert type(result) is type(expected)


def test_nulls_inside_constructed_values_become_none():
    assert evaluate("{'c': [null, {'d': null}], 'e': $states.input}", states={"input": {"f": None}}) == {
        "c": [None, {"d": None}], "e": {"f": None}}


def test_input_subtrees_are_returned_without_copying():
    data = {"items": [{"a": 1}], "x": {"y": [1, 2]}}
    assert evaluate("$states.input", states={"input": data}) is data
    assert evaluate("$states.input.x", states={"input": data}) is data["x"]
    assert evaluate("$v", variables={"v": data}) is data


def test_results_are_plain_python():
    result = evaluate("$states.input.items.x", states={"input": {"items": [{"x": 1}, {"x": 2}]}})
    assert type(result) is list
    nested = evaluate("{'a': [[1], [2]]}")
    assert type(nested["a"]) is list and type(nested["a"][0]) is list


@pytest.mark.parametrize("expr, variables", [
    ("$doesNotExist", None),
    ("$states.input.nope", None),
    ("$x.missing", {"x": {}}),
    ("$filter([1, 2], function($v){ $v > 5 })", None),
])
def test_undefined(expr, variables):
    result = evaluate(expr, states={"input": {}}, variables=variables)
    assert result is UNDEFINED
    assert not result
    assert repr(result) == "UNDEFINED"


def test_random_and_uuid():
    assert evaluate("$random(5)") == random.Random(5).random()
    assert evaluate("$random(5)") == evaluate("$random(5)")
    a = evaluate("$random()", rng=random.Random(9))
    assert a == random.Random(9).random()
    assert 0 <= evaluate("$random()") < 1
    u1 = evaluate("$uuid()", rng=random.Random(1))
    assert u1 == evaluate("$uuid()", rng=random.Random(1))
    assert len(u1) == 36 and u1[14] == "4"
    assert evaluate("$uuid()") != evaluate("$uuid()")


@pytest.mark.parametrize("expr, cause, code", [
    ("$eval('1')", "Attempted to invoke a non-function (JSONata error T1006).", "T1006"),
    ("$randomSeeded(1)", "Attempted to invoke a non-function (JSONata error T1006).", "T1006"),
    ("'a' + 1", "The left side of the + operator must evaluate to a number (JSONata error T2001).", "T2001"),
    ("$sum(['a'])", "Argument 1 of function sum must be an array of numbers (JSONata error T0412).", "T0412"),
    ("1/0", "Number out of range (JSONata error D1001).", "D1001"),
    ("$number('x')", "Unable to cast value to a number (JSONata error D3030).", "D3030"),
    ("$range(1, 2, 0)", "The step argument of $range must not be 0.", None),
    ("$range(1, 'a')", "The end argument of $range must be an integer, but was \"a\".", None),
    ("$partition([1], 0)", "The second argument of $partition must be a positive integer, but was 0.", None),
    ("$hash('a', 'md5')", "The algorithm argument of $hash must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, but was \"md5\".", None),
    ("$parse('x')", "$parse could not parse its argument as JSON: \"x\" (Expecting value: line 1 column 1 (char 0)).", None),
    ("1 +", "Invalid JSONata expression: Unexpected end of expression (JSONata error S0207).", None),
])
def test_evaluation_errors(expr, cause, code):
    with pytest.raises(QueryEvaluationError) as exc:
        evaluate(expr)
    assert exc.value.cause == cause
    assert exc.value.code == code
    assert exc.value.error == "States.QueryEvaluationError"


def test_compiled_expressions_are_cached():
    from asllint.jsonata.expr import _compile

    expr = "$states.input.a + $counter"
    for i in range(100):
        assert evaluate(expr, states={"input": {"a": i}}, variables={"counter": 1}) == i + 1
    assert _compile(expr) is _compile(expr)


def test_variables_do_not_leak_between_evaluations():
    assert evaluate("$v", variables={"v": 1}) == 1
    assert evaluate("$v") is UNDEFINED


# ----------------------------------------------------------------------------- causes

@pytest.mark.parametrize("value, name", [
    (None, "null"), (True, "boolean"), (1, "number"), (1.5, "number"), ("s", "string"),
    ([], "array"), ({}, "object"), (UNDEFINED, "undefined"),
])
def test_json_type_name(value, name):
    assert json_type_name(value) == name


def test_cause_helpers_match_recorded_wording():
    assert undefined_cause("$doesNotExist", "Output/result") == (
        "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned "
        "nothing (undefined).")
    assert type_mismatch_cause("{'foo': 'bar'}", "Items", "array", {"foo": "bar"}) == (
        "The JSONata expression '{'foo': 'bar'}' specified for the field 'Items' returned an "
        "unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}")


def test_cause_helpers_against_recordings():
    files = sorted(glob.glob(os.path.join(CONFORMANCE, "scenarios", "*items_eval_jsonata_fail*.json")))
    if not files:
        pytest.skip("recordings scenarios/*items_eval_jsonata_fail* not present")
    for f in files:
        case = json.load(open(f))
        state = case["definition"]["States"]["MapIterateState"]
        expr = expression_of(state["Items"])
        value = evaluate(expr, states={"input": case["input"]})
        assert case["expected"]["cause"].endswith(type_mismatch_cause(expr, "Items", "array", value)), case["id"]


# ----------------------------------------------------------------------------- static analysis

@pytest.mark.parametrize("expr, names", [
    ("$a + $b", {"a", "b"}),
    ("$states.input.x", set()),
    ("$states.context.Execution.Id", set()),
    ("($a := 1; $a + $c)", {"c"}),
    ("($a := $a + 1; $a)", {"a"}),  # the right-hand side sees the outer $a
    ("$map($states.input, function($v){ $v + $w })", {"w"}),
    ("$sum($x) + $count($y)", {"x", "y"}),
    ("$partition($arr, 2) ~> $join(',')", {"arr"}),
    ("$states.input.items@$it#$i.{'k': $it, 'i': $i, 'z': $z}", {"z"}),
    ("$states.input.items[price > $lim].name", {"lim"}),
    ("$f($y)", {"f", "y"}),
    ("$varname.varfield", {"varname"}),
    ("$exists($status) ? 'completed' : 'running'", {"status"}),
    ("$variable := 1", set()),
    ("{'k': $v, 'l': [$w]}", {"v", "w"}),
    ("$states.input.items^($sortKey)", {"sortKey"}),
    ("$states.input{$k: $v}", {"k", "v"}),
    ("not valid (", set()),
])
def test_free_variables(expr, names):
    assert free_variables(expr) == names


@pytest.mark.parametrize("expr, problem", [
    ("$states.input.a.b", None),
    ("$states.input.items[price > 1]", None),
    ("$states.input.items.(price * 2)", None),
    ("$map($states.input.x, function($v){ $v.a })", None),
    ("$x + 1", None),
    ("1 +", None),
    ("foo", ("JSONata expressions in Step Functions have no implicit input: the field name 'foo' refers to it; use $states.input instead", 0)),
    ("$.foo", ("JSONata expressions in Step Functions have no implicit input: '$' refers to it; use $states.input instead", 0)),
    ("$$", ("JSONata expressions in Step Functions have no implicit input: '$$' refers to it; use $states.input instead", 0)),
    ("1 + $", ("JSONata expressions in Step Functions have no implicit input: '$' refers to it; use $states.input instead", 4)),
    ("$sum(price)", ("JSONata expressions in Step Functions have no implicit input: the field name 'price' refers to it; use $states.input instead", 5)),
    ("[1, foo]", ("JSONata expressions in Step Functions have no implicit input: the field name 'foo' refers to it; use $states.input instead", 4)),
    ("($a := 1; bar)", ("JSONata expressions in Step Functions have no implicit input: the field name 'bar' refers to it; use $states.input instead", 10)),
])
def test_input_reference_problem(expr, problem):
    assert input_reference_problem(expr) == problem


# ----------------------------------------------------------------------------- conformance recordings

def test_conformance_single_pass_output_expressions():
    files = sorted(glob.glob(os.path.join(CONFORMANCE, "*", "*.json")))
    if not files:
        pytest.skip(f"conformance recordings not found under {CONFORMANCE}")
    checked = 0
    for f in files:
        case = json.load(open(f))
        states = case["definition"]["States"]
        if len(states) != 1:
            continue
        state = next(iter(states.values()))
        if state["Type"] != "Pass" or not is_jsonata_string(state.get("Output")):
            continue
        if set(state) - {"Type", "Output", "End", "QueryLanguage", "Comment"}:
            continue
        expr = expression_of(state["Output"])
        assert syntax_problem(expr) is None
        result = evaluate(expr, states={"input": case["input"], "context": {}})
        assert case["expected"]["status"] == "SUCCEEDED", case["id"]
        assert json.dumps(result, sort_keys=True) == json.dumps(case["expected"]["output"], sort_keys=True), case["id"]
        checked += 1
    assert checked >= 15


def test_conformance_expressions_parse_without_false_errors():
    files = glob.glob(os.path.join(CONFORMANCE, "**", "*.json"), recursive=True)
    if not files:
        pytest.skip(f"conformance recordings not found under {CONFORMANCE}")
    exprs = set()

    def walk(o):
        if isinstance(o, dict):
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
        elif is_jsonata_string(o):
            exprs.add(expression_of(o))

    for f in files:
        walk(json.load(open(f))["definition"])
    assert len(exprs) >= 40
    for e in exprs:
        assert syntax_problem(e) is None, e
        assert input_reference_problem(e) is None, e
