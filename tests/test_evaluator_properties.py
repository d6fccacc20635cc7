"""Properties of the evaluator that hold for any input: determinism, no mutation, templates."""

import copy
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from asllint.evaluator import simulate

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12)

DEFINITION = {"StartAt": "Keep", "States": {
    "Keep": {"Type": "Pass", "Parameters": {"whole.$": "$", "const": [1, {"a": None}]},
             "ResultPath": "$.copy", "Next": "Map"},
    "Map": {"Type": "Map", "ItemsPath": "$.copy.const", "ItemProcessor": {
        "StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 5, "End": True}}},
        "ResultPath": "$.mapped", "Retry": [{"ErrorEquals": ["States.ALL"],
                                            "JitterStrategy": "FULL"}], "Next": "Out"},
    "Out": {"Type": "Pass", "OutputPath": "$.copy.whole", "End": True}}}


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=5), json_values, max_size=5))
def test_output_is_input_and_input_is_not_mutated(value):
    before = copy.deepcopy(value)
    result = simulate(DEFINITION, value)
    assert result.status == "SUCCEEDED"
    assert result.output == before
    assert value == before
    # The Map's two iterations wait their 5 s at the same time (tests/test_evaluator_concurrency.py).
    assert result.duration_seconds == 5.0


@settings(max_examples=20, deadline=None)
@given(json_values, st.integers(0, 3))
def test_same_seed_same_history(value, seed):
    definition = {"StartAt": "U", "States": {"U": {"Type": "Pass", "Parameters": {
        "id.$": "States.UUID()", "in.$": "$"}, "End": True}}}
    one = simulate(definition, value, seed=seed)
    two = simulate(definition, value, seed=seed)
    assert json.dumps(one.history) == json.dumps(two.history)


def test_cloudformation_functions_and_numeric_placeholders():
    definition = {"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": "${ReminderSeconds}", "Next": "P"},
        "P": {"Type": "Pass", "Parameters": {
            "topic": {"Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:t"},
            "table": {"Ref": "OrdersTable"}, "literal": "${!NotAPlaceholder}"}, "End": True}}}
    r = simulate(definition, context={"partition": "aws", "region": "eu-west-1"})
    assert r.status == "SUCCEEDED"
    assert r.duration_seconds == 60.0
    assert r.output == {"topic": "arn:aws:sns:eu-west-1:111111111111:t",
                        "table": "simulated-orders-table", "literal": "${NotAPlaceholder}"}
    assert len(r.assumptions) == 5
