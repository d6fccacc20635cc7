"""The ASL vocabulary (`asllint.asl`): each fact defined once, and the decisions taken where the
copies it replaced disagreed. Each test names the copy that changed and the source of the choice."""

from __future__ import annotations

import pytest

from asllint import model, rule
from asllint.asl import text
from asllint.eventbridge import putevents as pe
from asllint.evaluator import query
from asllint.jsonata import expr

PUT = "arn:aws:states:::events:putEvents"


# ----------------------------------------------------------------------------- is_jsonata

@pytest.mark.parametrize("value, expected", [
    ("{% $states.input %}", True),
    ("{%%}", True),
    # Blanks outside the delimiters make literal text: AWS returned " {% states.input %} "
    # unchanged (conformance outputdecl BASE_LITERALS, `constant_not_jsonata`); asl-semantics.md §4.
    (" {% $states.input %}", False),
    ("{% $states.input %} ", False),
    ("\n{% $states.input %}\n", False),
    # Overlapping delimiters are not a pair (the evaluator's copy already said so; the linter's did not).
    ("{%}", False),
    ("{% x", False),
    (1, False),
])
def test_is_jsonata_is_exact(value, expected):
    assert text.is_jsonata(value) is expected


def test_every_copy_of_is_jsonata_is_the_one_definition():
    assert rule.is_jsonata is text.is_jsonata          # plugins import it from asllint.rule
    assert rule.is_placeholder is text.is_placeholder
    assert query.is_jsonata is text.is_jsonata         # the evaluator
    assert expr.is_jsonata_string is text.is_jsonata   # the JSONata package's old name
    assert pe.is_jsonata is text.is_jsonata            # the EventBridge analysis


def _put_events_entry(entry: dict):
    definition = {"QueryLanguage": "JSONata", "StartAt": "Send", "States": {"Send": {
        "Type": "Task", "Resource": PUT, "Arguments": {"Entries": [entry]}, "End": True}}}
    task = pe.analyse_task(model.build(definition).top.states["Send"])
    return task.entries[0]


def test_eventbridge_reads_a_blank_padded_jsonata_string_as_literal_text():
    # Changed: putevents.is_jsonata stripped blanks, so EB rules took " {% ... %}" for an
    # expression while ASL216 says AWS sends it as text (same source as above).
    entry = _put_events_entry({"Source": " {% $states.input.source %}", "DetailType": "{% $x %}"})
    assert entry.get("Source").kind == pe.STATIC
    assert entry.get("DetailType").kind == pe.DYNAMIC


@pytest.mark.parametrize("value, expected", [
    ("${Bus}", True), ("arn:${AWS::Partition}:events", True),
    # An unclosed `${name` is a typo the deployment will not fill in.
    ("${Bus", False), ("plain", False), (None, False),
])
def test_is_placeholder(value, expected):
    assert text.is_placeholder(value) is expected


def test_eventbridge_takes_an_unclosed_placeholder_as_literal_text():
    # Changed: putevents.has_placeholder counted any "${" as a placeholder; the linter's
    # is_placeholder (asllint.rule, now asl.text) does not, so one typo reads the same everywhere.
    entry = _put_events_entry({"Source": "${Source", "DetailType": "${DetailType}"})
    assert entry.get("Source").kind == pe.STATIC
    assert entry.get("DetailType").kind == pe.UNKNOWN
