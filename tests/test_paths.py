import glob
import json
import os

import pytest

from asllint.jsonpath import (
    PathNotFound,
    PathSyntaxError,
    ResultPathMatchFailure,
    VariableNotFound,
    is_reference_path,
    normalized,
    parse_path,
    path_root,
    reference_path_problem,
    select,
    select_all,
    set_at,
)
from tests.conftest import SHARED

CONFORMANCE = str(SHARED / "conformance")

DOC = {
    "a": {"b": [1, 2, {"x": 3}], "c": "s"},
    "detail-type": "Order Placed",
    "items": [{"x": 1, "s": "ok"}, {"x": 2, "s": "no"}, {"y": 1}],
    "é": 5,
    "a b": 7,
    "@timestamp": "t",
    "n": None,
}


# ----------------------------------------------------------------------------- accepted syntax

@pytest.mark.parametrize("text", [
    "$", "$.a.b", "$['a b']", '$["a b"]', "$.a[0]", "$.a[*]", "$.a[0,1]", "$.a[1:3]", "$.a[-1:]",
    "$.a[:2]", "$.a[::2]", "$..x", "$..*", "$..[0]", "$.a[?(@.x == 1)]", "$.a[?(@.x)]",
    "$.a[?(@.x > 1 && @.y != 'z' || !@.w)]", "$.a[?(@.name =~ /ab.*/i)]",
    "$.a[?(@.k in ['a', 'b'])]", "$.a[?(@.k nin [1,2])]", "$.a[?(@.tags size 2)]",
    "$.a[?(@.tags empty false)]", "$.a[?(@.v == $.limit)]", "$.a[?(@['odd key'] == \"q\")]",
    "$$", "$$.Execution.Id", "$$.Map.Item.Value", "$$.Task.Token", "$myVar", "$myVar.field",
    "$myVar[0]", "$_v", "$données.clé", "$.detail-type", "$.détail", "$.@timestamp",
    "$.a.length()", "$.a ", "$.['a']", "$.a:b", "$.a[ 0 ]", "$[0]", "$.0",
])
def test_accepts_what_aws_accepts(text):
    parse_path(text)


@pytest.mark.parametrize("text, message, offset", [
    ("", "A path must start with '$'.", 0),
    ("a.b", "A path must start with '$'.", 0),
    (" $.a", "A path must start with '$'; remove the leading blanks.", 0),
    ("$.", "A path must not end with '.'.", 1),
    ("$..", "A path must not end with '..'.", 3),
    ("$.a b", "Blanks are not allowed in a dot-notation key; use bracket notation ['my key'] instead.", 3),
    ("$[", "Missing ']' to close '['.", 1),
    ("$.a[]", "Empty brackets '[]' are not allowed; give an index, a quoted key, '*' or a filter.", 4),
    ("$['a", "Unterminated quoted key (missing closing ').", 2),
    ("$.a[0", "Missing ']' to close '['.", 3),
    ("$.a[x]", "Unexpected character 'x' in brackets; expected an index, a quoted key, '*' or a filter.", 4),
    ("$.a[?(@.x ==)]", "Unexpected character ')' in filter expression.", 12),
    ("$.a[?(@.x == 1]", "Missing ')' to close the filter expression.", 14),
    ("$.a[?@.x]", "Expected '(' after '?' in a filter expression.", 5),
    ("$x-y", "Unexpected character '-' in path; expected '.' or '['.", 2),
    ("$.a[1:2:0]", "A slice step must not be 0.", 4),
    ("$.a.length().b", "A path function such as length() must be the last part of the path.", 12),
    ("$.a[?(@.n =~ /(/)]", "Invalid regular expression: missing ), unterminated subpattern at position 0.", 13),
])
def test_syntax_errors(text, message, offset):
    with pytest.raises(PathSyntaxError) as exc:
        parse_path(text)
    assert exc.value.message == message
    assert exc.value.offset == offset
    assert isinstance(exc.value, ValueError)


def test_non_string_path():
    with pytest.raises(PathSyntaxError) as exc:
        parse_path(3)
    assert exc.value.offset is None


def test_parse_is_cached():
    assert parse_path("$.cached.path") is parse_path("$.cached.path")


# ----------------------------------------------------------------------------- roots, reference paths

@pytest.mark.parametrize("text, root", [
    ("$", ("input", None)),
    ("$.a", ("input", None)),
    ("$[0]", ("input", None)),
    ("$$", ("context", None)),
    ("$$.Execution.Input", ("context", None)),
    ("$myVar", ("variable", "myVar")),
    ("$myVar.field[0]", ("variable", "myVar")),
    ("$données", ("variable", "données")),
])
def test_path_root(text, root):
    assert path_root(text) == root


@pytest.mark.parametrize("text, problem", [
    ("$", None),
    ("$.a.b[0]['c d']", None),
    ("$$.Execution.Id", None),
    ("$var.x", None),
    ("$.a.length()", None),
    ("$..a", "A reference path must identify a single node, but '..' (recursive descent) can match several nodes (at offset 1)."),
    ("$.a[*]", "A reference path must identify a single node, but '*' (wildcard) can match several nodes (at offset 4)."),
    ("$.a.*", "A reference path must identify a single node, but '*' (wildcard) can match several nodes (at offset 4)."),
    ("$.a[0,1]", "A reference path must identify a single node, but ',' (union) can match several nodes (at offset 5)."),
    ("$['a','b']", "A reference path must identify a single node, but ',' (union) can match several nodes (at offset 5)."),
    ("$.a[1:2]", "A reference path must identify a single node, but ':' (slice) can match several nodes (at offset 5)."),
    ("$.a[?(@.x)]", "A reference path must identify a single node, but '?' (filter) can match several nodes (at offset 4)."),
    ("$.", "A path must not end with '.'."),
])
def test_reference_path_problem(text, problem):
    assert reference_path_problem(text) == problem
    assert is_reference_path(text) is (problem is None)


def test_keys_with_operator_characters_are_still_reference_paths():
    # Jayway reads '@', ':' and '-' as part of a dot-notation key.
    assert is_reference_path("$.@timestamp")
    assert is_reference_path("$.a:b")
    assert is_reference_path("$.detail-type")


def test_normalized():
    assert normalized("$.a.b[0]") == "$['a']['b'][0]"
    assert normalized("$.NoSuchInputPath") == "$['NoSuchInputPath']"
    assert normalized("$$.Execution.Id") == "$$['Execution']['Id']"
    assert normalized("$..x[*]") == "$..['x'][*]"


# ----------------------------------------------------------------------------- select

@pytest.mark.parametrize("text, expected", [
    ("$", DOC),
    ("$.a.b", [1, 2, {"x": 3}]),
    ("$['a b']", 7),
    ("$.a.b[0]", 1),
    ("$.a.b[-1].x", 3),
    ("$.detail-type", "Order Placed"),
    ("$.é", 5),
    ("$.@timestamp", "t"),
    ("$.n", None),
    ("$.a['b'][1]", 2),
    ("$.a.b.length()", 3),
    ("$['a','detail-type']", {"a": DOC["a"], "detail-type": "Order Placed"}),
])
def test_select_definite(text, expected):
    assert select(text, DOC) == expected


@pytest.mark.parametrize("text, expected", [
    ("$.items[*].x", [1, 2]),
    ("$.a.b[0,1]", [1, 2]),
    ("$.a.b[1:3]", [2, {"x": 3}]),
    ("$.a.b[-2:]", [2, {"x": 3}]),
    ("$.a.b[::2]", [1, {"x": 3}]),
    ("$..x", [3, 1, 2]),
    ("$.items[?(@.x == 1)]", [{"x": 1, "s": "ok"}]),
    ("$.items[?(@.x)]", [{"x": 1, "s": "ok"}, {"x": 2, "s": "no"}]),
    ("$.items[?(!@.x)]", [{"y": 1}]),
    ("$.items[?(@.x > 1 && @.s == 'no')].s", ["no"]),
    ("$.items[?(@.x < 2 || @.y == 1)].s", ["ok"]),
    ("$.items[?(@.s =~ /O.*/i)].x", [1]),
    ("$.items[?(@.s in ['ok', 'zz'])].x", [1]),
    ("$.items[?(@.s nin ['ok'])].x", [2]),
    ("$.items[?(@.x == $.items[0].x)].s", ["ok"]),
    ("$.items[0:1]", [{"x": 1, "s": "ok"}]),
    ("$.a.*", [[1, 2, {"x": 3}], "s"]),
    ("$.items[*].missing", []),
])
def test_select_indefinite_returns_list(text, expected):
    assert select(text, DOC) == expected


def test_filter_type_rules():
    data = {"v": [1, 1.0, "1", True, None, [1], {"a": 1}]}
    assert select("$.v[?(@ == 1)]", data) == [1, 1.0]
    assert select("$.v[?(@ == '1')]", data) == ["1"]
    assert select("$.v[?(@ == true)]", data) == [True]
    assert select("$.v[?(@ == null)]", data) == [None]
    assert select("$.v[?(@ > 0)]", data) == [1, 1.0]
    assert select("$.v[?(@ size 1)]", data) == ["1", [1]]


def test_indefinite_path_with_no_match_is_empty_list_like_aws():
    # Recorded on AWS (base/TestSnfBase_test_json_path_array_wildcard_or_slice_with_no_input).
    assert select("$.item.items[*]", {}) == []
    assert select("$.items[:1].itemValue", {}) == []
    with pytest.raises(PathNotFound):
        select("$.item.items[*]", {}, multiple_as_list=False)
    assert select("$.items[*].x", {"items": [{"x": 1}]}, multiple_as_list=False) == 1
    assert select("$.items[*].x", {"items": [{"x": 1}, {"x": 2}]}, multiple_as_list=False) == [1, 2]


@pytest.mark.parametrize("text, detail", [
    ("$.NoSuchInputPath", "No results for path: $['NoSuchInputPath']"),
    ("$.a.zz.b", "Missing property in path $['a']['zz']"),
    ("$.a.c.d", "No results for path: $['a']['c']['d']"),
    ("$.items[10]", "No results for path: $['items'][10]"),
    ("$.a[0]", "No results for path: $['a'][0]"),
    ("$['a','b'].x", None),
])
def test_select_not_found(text, detail):
    with pytest.raises(PathNotFound) as exc:
        select(text, DOC, multiple_as_list=False) if detail is None else select(text, DOC)
    assert exc.value.path == text
    if detail is not None:
        assert exc.value.detail == detail
        assert str(exc.value) == detail


def test_select_context_and_variables():
    ctx = {"Execution": {"Id": "arn:x"}, "Map": {"Item": {"Value": {"k": 1}}}}
    assert select("$$.Execution.Id", {"ignored": 1}, context=ctx) == "arn:x"
    assert select("$$.Map.Item.Value.k", {}, context=ctx) == 1
    assert select("$v.f[1]", None, variables={"v": {"f": [0, 9]}}) == 9
    assert select("$v", None, variables={"v": None}) is None
    with pytest.raises(VariableNotFound) as exc:
        select("$nope.x", {}, variables={"v": 1})
    assert exc.value.name == "nope"
    assert exc.value.detail == "No such variable: nope"
    # Without a separate root, data is the root for every kind of path.
    assert select("$$.a", {"a": 1}) == 1


def test_select_all():
    assert select_all("$.a.c", DOC) == ["s"]
    assert select_all("$.zz", DOC) == []
    assert select_all("$.items[*].x", DOC) == [1, 2]


def test_select_does_not_confuse_bool_and_index():
    assert select("$.a[1]", {"a": [10, 20]}) == 20
    with pytest.raises(PathNotFound):
        select("$.a[0]", {"a": {"0": 1}})
    assert select("$.a.0", {"a": {"0": 1}}) == 1


# ----------------------------------------------------------------------------- set_at (ResultPath)

def test_set_at_replaces_root():
    assert set_at("$", {"a": 1}, [1]) == [1]
    assert set_at("$", "str", None) is None


def test_set_at_sets_and_creates_intermediates_without_mutating():
    doc = {"a": {"c": 1}, "k": [1]}
    out = set_at("$.a.b", doc, 5)
    assert out == {"a": {"c": 1, "b": 5}, "k": [1]}
    assert doc == {"a": {"c": 1}, "k": [1]}
    assert out["k"] is doc["k"]  # untouched branches are shared, not copied
    assert set_at("$.x.y.z", {}, 1) == {"x": {"y": {"z": 1}}}
    assert set_at("$['a b']", {}, 1) == {"a b": 1}
    assert set_at("$.k[0]", doc, 9) == {"a": {"c": 1}, "k": [9]}
    assert set_at("$.k[-1]", doc, 9) == {"a": {"c": 1}, "k": [9]}
    assert doc["k"] == [1]


@pytest.mark.parametrize("path, doc, cause", [
    ("$.x", "str", 'Unable to apply ReferencePath $.x to input "str"'),
    ("$.x", None, "Unable to apply ReferencePath $.x to input null"),
    ("$.a.b", {"a": "s"}, 'Unable to apply ReferencePath $.a.b to input {"a":"s"}'),
    ("$.a[3]", {"a": [1]}, 'Unable to apply ReferencePath $.a[3] to input {"a":[1]}'),
    ("$.a[0]", {}, "Unable to apply ReferencePath $.a[0] to input {}"),
    ("$.x", [1], "Unable to apply ReferencePath $.x to input [1]"),
])
def test_set_at_failures(path, doc, cause):
    with pytest.raises(ResultPathMatchFailure) as exc:
        set_at(path, doc, 1)
    assert exc.value.cause == cause


@pytest.mark.parametrize("path", ["$$.x", "$var.x", "$.a[*]", "$..a", "$.a.length()"])
def test_set_at_rejects_non_result_paths(path):
    with pytest.raises(PathSyntaxError):
        set_at(path, {}, 1)


# ----------------------------------------------------------------------------- conformance recordings

def _cases(area):
    files = sorted(glob.glob(os.path.join(CONFORMANCE, area, "*.json")))
    if not files:
        pytest.skip(f"conformance recordings not found under {CONFORMANCE}/{area}")
    return [json.load(open(f)) for f in files]


def test_conformance_pass_parameter_paths():
    """Single Pass states whose Parameters hold plain `.$` paths (base/ area)."""
    checked = 0
    for case in _cases("base"):
        states = case["definition"]["States"]
        if len(states) != 1 or case["expected"]["status"] != "SUCCEEDED":
            continue
        state = next(iter(states.values()))
        params = state.get("Parameters")
        if state["Type"] != "Pass" or not params or "InputPath" in state or "OutputPath" in state:
            continue
        if not all(k.endswith(".$") and v.startswith("$.") for k, v in params.items()):
            continue
        out = {k[:-2]: select(v, case["input"]) for k, v in params.items()}
        assert out == case["expected"]["output"], case["id"]
        checked += 1
    assert checked >= 5


def test_conformance_invalid_input_path_detail():
    cases = [c for c in _cases("scenarios") if "INVALID_JSONPATH_IN_INPUTPATH" in c["id"]]
    if not cases:
        pytest.skip("recording test_invalid_jsonpath[INVALID_JSONPATH_IN_INPUTPATH] not present")
    case = cases[0]
    state = case["definition"]["States"][case["definition"]["StartAt"]]
    with pytest.raises(PathNotFound) as exc:
        select(state["InputPath"], case["input"])
    assert case["expected"]["cause"].endswith(
        f"Invalid path '{state['InputPath']}' : {exc.value.detail}")


def test_script_expression_is_accepted_and_length_minus_n_evaluates():
    from asllint.jsonpath import parse_path, reference_path_problem, select

    assert parse_path("$[(@.length-1)].bar").definite is False
    assert select("$[(@.length-1)].bar", [{"bar": 1}, {"bar": 2}]) == [2]
    assert reference_path_problem("$[(@.length-1)]") is not None


def test_backslash_in_quoted_key_is_kept_unless_it_escapes_the_quote():
    from asllint.jsonpath import select

    # Recorded on AWS (conformance base/escape sequences): the backslash stays in the key.
    path = r"""$['Test\""Name"']"""
    assert select(path, {r'Test\""Name"': 1}) == 1
    assert select("$['it\\'s']", {"it's": 2}) == 2
