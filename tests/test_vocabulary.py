"""The ASL vocabulary (`asllint.asl`): each fact defined once, and the decisions taken where the
copies it replaced disagreed. Each test names the copy that changed and the source of the choice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from asllint import model, rule
from asllint.asl import errors, text
from asllint.evaluator import simulate
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


# ----------------------------------------------------------------------------- error_matches

@pytest.mark.parametrize("error, error_equals, expected", [
    ("Lambda.Unknown", ["Lambda.Unknown"], True),
    ("Lambda.Unknown", ["Other"], False),
    ("Lambda.Unknown", ["States.ALL"], True),
    # States.ALL catches an oversize result: recorded on AWS against SFN-ERR (open-questions 28).
    ("States.DataLimitExceeded", ["States.ALL"], True),
    # States.Runtime escapes every handler, even one naming it (asl-semantics.md §9.1, LS-SNAP
    # test_catch_states_runtime). Changed: putevents.covers and the evaluator let States.ALL
    # match it when a Fail state raised that name.
    ("States.Runtime", ["States.ALL"], False),
    ("States.Runtime", ["States.Runtime"], False),
    ("States.Runtime", ["States.TaskFailed"], False),
    # States.TaskFailed matches every error but States.Timeout (SFN-ERR, open-questions 7).
    # Changed: putevents.covers matched names outside "States." only, against its own docstring.
    ("States.Permissions", ["States.TaskFailed"], True),
    ("Lambda.Unknown", ["States.TaskFailed"], True),
    ("States.Timeout", ["States.TaskFailed"], False),
    ("States.Timeout", ["States.HeartbeatTimeout"], False),
    (None, ["States.ALL"], True),        # a Fail state without Error
    (None, ["None"], False),
    ("X", "States.ALL", False),          # a malformed ErrorEquals matches nothing
])
def test_error_matches(error, error_equals, expected):
    assert errors.error_matches(error, error_equals) is expected


def test_heartbeat_timeout_matches_a_missed_heartbeat_reported_as_timeout():
    # AWS reports a missed heartbeat as States.Timeout (open-questions 6).
    assert errors.error_matches("States.Timeout", ["States.HeartbeatTimeout"], heartbeat=True)
    assert not errors.error_matches("States.Timeout", ["States.TaskFailed"], heartbeat=True)


def test_surely_matches_leaves_out_the_unrecorded_task_failed_case():
    # The linter's ASL404 claims a handler is shadowed only when both readings agree.
    assert errors.surely_matches("Lambda.Unknown", ["States.TaskFailed"])
    assert errors.surely_matches("States.Permissions", ["States.Permissions"])
    assert not errors.surely_matches("States.Permissions", ["States.TaskFailed"])
    assert not errors.surely_matches("States.Runtime", ["States.Runtime"])


def test_first_match_is_the_handler_step_functions_applies():
    handlers = [{"ErrorEquals": ["A"]}, "not a handler", {"ErrorEquals": ["States.TaskFailed"]},
                {"ErrorEquals": ["States.ALL"]}]
    assert errors.first_match(handlers, "B") == (2, handlers[2])
    assert errors.first_match(handlers, "States.Timeout") == (3, handlers[3])
    assert errors.first_match(handlers, "States.Runtime") is None
    assert errors.first_match("nope", "A") is None


@pytest.mark.parametrize("name, expected", [
    ("States.ALL", True), ("States.DataLimitExceeded", True), ("States.Http.StatusCode.404", True),
    ("States.Http.StatusCode.4x", False), ("States.Unknown", False), ("Lambda.Unknown", False),
])
def test_is_states_error(name, expected):
    assert errors.is_states_error(name) is expected


def test_eventbridge_covers_is_error_matches():
    assert pe.covers(["States.TaskFailed"], "States.Permissions")
    assert not pe.covers(["States.ALL"], "States.Runtime")
    assert pe.first_matching([{"ErrorEquals": ["States.Timeout"]}, {"ErrorEquals": ["States.TaskFailed"]}]) == (
        1, {"ErrorEquals": ["States.TaskFailed"]})


def _branch_fails_with(error: str, catch: list) -> dict:
    branch = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": error, "Cause": "c"}}}
    return {"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Branches": [branch], "End": True,
              "Catch": [{"ErrorEquals": catch, "Next": "Caught"}]},
        "Caught": {"Type": "Succeed"}}}


@pytest.mark.parametrize("error, catch, status, reported", [
    # Changed: the evaluator's States.ALL caught this; SFN-ERR says States.ALL never matches it.
    ("States.Runtime", ["States.ALL"], "FAILED", "States.Runtime"),
    ("States.DataLimitExceeded", ["States.ALL"], "SUCCEEDED", None),
    ("States.Permissions", ["States.TaskFailed"], "SUCCEEDED", None),
    ("States.Timeout", ["States.TaskFailed"], "FAILED", "States.Timeout"),
])
def test_evaluator_catches_by_error_matches(error, catch, status, reported):
    result = simulate(_branch_fails_with(error, catch))
    assert (result.status, result.error) == (status, reported)


# ----------------------------------------------------------------------------- quotas

def test_the_payload_quota_is_written_once():
    package = Path(__file__).resolve().parent.parent / "asllint"
    spelled = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                     if re.search(r"\b262_?144\b|256 \* 1024", p.read_text(encoding="utf-8")))
    assert spelled == ["asl/quotas.py"]


def test_quotas_read_by_the_rules_are_the_table():
    from asllint.eventbridge import bus
    from asllint.intrinsics import spec
    from asllint.rules import structure

    assert (pe.SFN_PAYLOAD_LIMIT, pe.MAX_ENTRIES, bus.MAX_REQUEST_BYTES) == (262_144, 10, 262_144)
    assert (structure.ONE_YEAR, structure.EXPRESS_MAX, structure.MAX_NAME) == (31_536_000, 300, 80)
    assert (spec.MAX_NESTING, spec.MAX_RANGE_ITEMS, spec.MAX_ENCODE_CHARS) == (10, 1000, 10_000)


# ----------------------------------------------------------------------------- Choice operators

def test_the_evaluator_implements_exactly_the_choice_operators():
    from asllint.asl import choice
    from asllint.evaluator import choice as evaluator_choice

    assert set(evaluator_choice.COMPARATORS) == set(choice.COMPARISONS) | {"StringMatches"}
    assert set(evaluator_choice.TYPE_TESTS) | {"IsPresent"} == set(choice.TYPE_TESTS)


def test_choice_operand_types():
    from asllint.asl import choice

    assert len(choice.OPERAND_TYPES) == 16 + 16 + 1 + 6   # comparisons, their Path forms, StringMatches, type tests
    assert (choice.OPERAND_TYPES["NumericEquals"], choice.OPERAND_TYPES["NumericEqualsPath"],
            choice.OPERAND_TYPES["TimestampEquals"], choice.OPERAND_TYPES["BooleanEquals"],
            choice.OPERAND_TYPES["IsPresent"]) == ("number", "string", "string", "boolean", "boolean")
    assert "StringMatchesPath" not in choice.OPERAND_TYPES   # StringMatches has no Path form
    assert set(choice.JSONPATH_RULE_FIELDS) == {"Variable", *choice.OPERAND_TYPES}


# ----------------------------------------------------------------------------- state types and fields

def test_state_types_are_the_schemas():
    from asllint.asl import states
    from asllint.asl.schema import defs

    in_schema = {name.split(".")[0] for name in defs() if name.endswith(".JSONPath") and name[0].isupper()}
    assert in_schema == set(states.STATE_TYPES)


def test_query_language_only_fields_are_the_schemas():
    from asllint.asl import states

    jsonpath = set().union(*(states.fields(t, states.JSONPATH) for t in states.STATE_TYPES))
    jsonata = set().union(*(states.fields(t, states.JSONATA) for t in states.STATE_TYPES))
    # Pass's Result is JSONPath-only too, but ASL102 reports it with its own message.
    assert set(states.JSONPATH_ONLY) == jsonpath - jsonata - {"Result"}
    assert set(states.JSONATA_ONLY) == jsonata - jsonpath
    assert states.fields("Wait", states.JSONATA) == (
        "Type", "Comment", "QueryLanguage", "Output", "Seconds", "Timestamp", "Assign", "Next", "End")


# ----------------------------------------------------------------------------- Resource

def _resource_view(text):
    from asllint.asl.resources import parse_resource

    r = parse_resource(text)
    return (r.kind, r.partition, r.service, r.action, r.pattern, r.region, r.account)


@pytest.mark.parametrize("text, view", [
    ("arn:aws:states:::lambda:invoke", ("optimized", "aws", "lambda", "invoke", "", "", "")),
    ("arn:aws-cn:states:::ecs:runTask.sync", ("optimized", "aws-cn", "ecs", "runTask", ".sync", "", "")),
    ("arn:aws:states:::states:startExecution.sync:2",
     ("optimized", "aws", "states", "startExecution", ".sync:2", "", "")),
    ("arn:aws:states:::aws-sdk:eventbridge:putEvents.waitForTaskToken",
     ("sdk", "aws", "eventbridge", "putEvents", ".waitForTaskToken", "", "")),
    ("arn:${AWS::Partition}:states:::events:putEvents",
     ("optimized", "${AWS::Partition}", "events", "putEvents", "", "", "")),
    ("arn:aws:states:us-east-1:123456789012:lambda:invoke",
     ("optimized", "aws", "lambda", "invoke", "", "us-east-1", "123456789012")),
    ("arn:aws:states:us-east-1:123456789012:activity:Review",
     ("activity", "aws", "", "", "", "us-east-1", "123456789012")),
    ("arn:aws:states:us-east-1:123456789012:stateMachine:x", ("states-other", "aws", "", "", "", "us-east-1",
                                                              "123456789012")),
    ("arn:aws:lambda:us-east-1:123456789012:function:f", ("lambda", "aws", "", "", "", "us-east-1", "123456789012")),
    ("arn:aws:sns:us-east-1:123456789012:topic", ("other", "aws", "", "", "", "us-east-1", "123456789012")),
    ("lambda:invoke", ("not-arn", "", "", "", "", "", "")),
    ("{% $states.input.arn %}", ("unknown", "", "", "", "", "", "")),
    (None, ("unknown", "", "", "", "", "", "")),
])
def test_parse_resource(text, view):
    assert _resource_view(text) == view


def test_every_resource_reader_uses_parse_resource():
    from asllint.evaluator.task_state import ResourceKind
    from asllint.rules.tasks import classify

    sync = "arn:aws:states:::aws-sdk:s3:getObject.sync:2"
    assert classify(sync).kind == "sdk" and classify(sync).pattern == ".sync:2"
    kind = ResourceKind(sync)
    assert (kind.family, kind.resource_type, kind.short, kind.pattern) == ("Task", "aws-sdk:s3", "getObject.sync:2",
                                                                           "sync:2")
    kind = ResourceKind("arn:aws:states:us-east-1:123456789012:activity:Review")
    assert (kind.family, kind.pattern) == ("Activity", "waitForTaskToken")
    integration = pe.parse_resource(PUT + ".waitForTaskToken")
    assert (integration.form, integration.pattern) == ("callback", "waitForTaskToken")


def test_a_blank_padded_putevents_resource_is_not_putevents():
    # Changed: putevents.parse_resource stripped blanks, so the EB rules analysed a Resource that
    # AWS rejects and ASL301 reports as not an ARN; every other reader took it as written.
    from asllint.rules.tasks import classify

    assert pe.parse_resource(" " + PUT) is None
    assert classify(" " + PUT).kind == "bad"


def test_express_rejects_every_sync_pattern_in_the_simulator():
    # Changed: the runner looked for ".sync" after the last colon, so `.sync:2` slipped through;
    # EXPRESS supports Request Response only (quotas.md, "Integration patterns").
    definition = {"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": True}}}
    result = simulate(definition, state_machine_type="EXPRESS", mocks={"T": {}})
    assert (result.status, result.error, result.cause) == (
        "FAILED", "asllint.InvalidDefinition",
        "SCHEMA_VALIDATION_FAILED: Express state machine does not support 'sync:2' service integration at "
        "/States/T/Resource (AWS rejects this definition when it is created).")


def test_eventbridge_reads_only_exact_jsonata_strings_as_evaluated():
    # Changed: the EB flow analysis (putevents, sdk_results) took any string containing "{%" for an
    # expression; AWS evaluates exactly "{% ... %}" (see test_is_jsonata_is_exact).
    assert pe.is_evaluated("{% $states.result %}", None, True)
    assert not pe.is_evaluated("see {% $states.result %}", None, True)
    assert pe.is_evaluated("$.x", "Detail.$", False) and not pe.is_evaluated("$.x", "Detail", False)


def test_asl113_reads_the_pattern_of_integrations_only(tmp_path):
    # Changed: ASL113 matched ".sync" at the end of any Resource; an activity named "job.sync" is
    # an activity (ASL306 reports it in EXPRESS), not a .sync integration.
    import json

    from asllint.engine import Linter, Options

    definition = {"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:job.sync", "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "End": True}}}
    path = tmp_path / "m.asl.json"
    path.write_text(json.dumps(definition))
    linter = Linter(Options(select=["ASL113", "ASL306"], confirm=False, rule_options={}))
    linter_findings = linter.lint_paths([str(path)]).findings
    assert linter_findings == []   # STANDARD: nothing to say
    template = {"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
        "StateMachineType": "EXPRESS", "Definition": definition}}}}
    path = tmp_path / "template.json"
    path.write_text(json.dumps(template))
    found = sorted((f.code, f.state) for f in linter.lint_paths([str(path)]).findings)
    assert found == [("ASL113", "B"), ("ASL306", "A")]
