"""The EventBridge pack (EB): every rule on its bad and good cases, in every container
(plain ASL JSON/YAML, CloudFormation JSON, CloudFormation `DefinitionString: !Sub |`, SAM,
Serverless), both query languages, at the top level and inside Parallel branches and Map
processors, with the exact pointer and line of each finding; then hand-written fixtures under
tests/fixtures/eventbridge/ and the recogniser and analysis helpers of asllint.eventbridge.putevents."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from asllint.eventbridge import putevents as pe
from tests.conftest import FIXTURES

EB_FIXTURES = FIXTURES / "eventbridge"
PUT = "arn:aws:states:::events:putEvents"
CALLBACK = PUT + ".waitForTaskToken"
SDK = "arn:aws:states:::aws-sdk:eventbridge:putEvents"
SDK_CALLBACK = SDK + ".waitForTaskToken"


# ----------------------------------------------------------------------------- building blocks

def entry(ql, **fields):
    e = {"Source": "com.example.orders", "DetailType": "OrderPlaced",
         "Detail": {"orderId.$": "$.id"} if ql == "JSONPath" else {"orderId": "{% $states.input.id %}"}}
    for k, v in fields.items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return e


def token_detail(ql):
    return {"token.$": "$$.Task.Token"} if ql == "JSONPath" else {"token": "{% $states.context.Task.Token %}"}


def params_key(ql):
    return "Parameters" if ql == "JSONPath" else "Arguments"


def task(ql, resource=PUT, entries=None, catch=True, **extra):
    t = {"Type": "Task", "Resource": resource,
         params_key(ql): {"Entries": entries if entries is not None else [entry(ql)]}}
    if catch:
        t["Catch"] = [{"ErrorEquals": ["EventBridge.FailedEntry"], "Next": "Failed"}]
    t.update(extra)
    if "Next" not in t:
        t["End"] = True
    return t


def with_params(t, ql, **extra):
    t[params_key(ql)].update(extra)
    return t


def scope(send, **others):
    states = {"Send": send, **others}
    states.setdefault("Failed", {"Type": "Fail", "Error": "PublishFailed"})
    return {"StartAt": "Send", "States": states}


def machine(ql, inner, where):
    """A definition holding the scope `inner` at the top level, in a Parallel branch or a Map."""
    if where == "top":
        d = dict(inner)
    elif where == "parallel":
        d = {"StartAt": "Fan", "States": {"Fan": {"Type": "Parallel", "Branches": [inner], "End": True}}}
    else:
        proc = {"ProcessorConfig": {"Mode": "INLINE"}, **inner}
        d = {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemProcessor": proc, "End": True}}}
    if ql == "JSONata":
        d = {"QueryLanguage": "JSONata", **d}
    return d


def state_pointer(where):
    return {"top": "/States/Send",
            "parallel": "/States/Fan/Branches/0/States/Send",
            "map": "/States/Each/ItemProcessor/States/Send"}[where]


# ----------------------------------------------------------------------------- containers

def _yaml(data, indent=0):
    y = YAML()
    y.default_flow_style = False
    y.width = 1_000_000
    buf = io.StringIO()
    y.dump(data, buf)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in buf.getvalue().splitlines(True))


def _sub_resources(data):
    """Every putEvents Resource as `Fn::Sub` with `${AWS::Partition}` (what templates write)."""
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            if k == "Resource" and isinstance(v, str) and v.startswith("arn:aws:states:::"):
                out[k] = {"Fn::Sub": v.replace("arn:aws:", "arn:${AWS::Partition}:", 1)}
            else:
                out[k] = _sub_resources(v)
        return out
    if isinstance(data, list):
        return [_sub_resources(v) for v in data]
    return data


def render(container, definition, tmp_path: Path, machine_type=None):
    """(path, pointer of the definition in the file)."""
    if container == "asl-json":
        p = tmp_path / "flow.asl.json"
        p.write_text(json.dumps(definition, indent=2))
        return p, ""
    if container == "asl-yaml":
        p = tmp_path / "flow.asl.yaml"
        p.write_text(_yaml(definition))
        return p, ""
    if container == "cfn-json":
        props = {"RoleArn": "arn:aws:iam::123456789012:role/r", "Definition": _sub_resources(definition)}
        if machine_type:
            props["StateMachineType"] = machine_type
        p = tmp_path / "template.json"
        p.write_text(json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
            "Flow": {"Type": "AWS::StepFunctions::StateMachine", "Properties": props}}}, indent=2))
        return p, "/Resources/Flow/Properties/Definition"
    if container == "cfn-sub":
        text = json.dumps(definition, indent=2).replace('"arn:aws:states:::', '"arn:${AWS::Partition}:states:::')
        body = "".join("        " + line + "\n" for line in text.splitlines())
        mt = f"      StateMachineType: {machine_type}\n" if machine_type else ""
        p = tmp_path / "template.yaml"
        p.write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Flow:\n"
                     "    Type: AWS::StepFunctions::StateMachine\n    Properties:\n"
                     f"      RoleArn: !GetAtt Role.Arn\n{mt}      DefinitionString: !Sub |\n{body}")
        return p, "/Resources/Flow/Properties/DefinitionString"
    if container == "sam":
        mt = f"      Type: {machine_type}\n" if machine_type else ""
        body = _yaml(definition, 8).replace("Resource: arn:aws:states:::", "Resource: !Sub arn:${AWS::Partition}:states:::")
        p = tmp_path / "template.yaml"
        p.write_text("AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
                     "Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                     f"{mt}      Definition:\n{body}")
        return p, "/Resources/Flow/Properties/Definition"
    if container == "serverless":
        mt = f"      type: {machine_type}\n" if machine_type else ""
        p = tmp_path / "serverless.yml"
        p.write_text("service: orders\nprovider:\n  name: aws\nstepFunctions:\n  stateMachines:\n    flow:\n"
                     f"{mt}      definition:\n{_yaml(definition, 8)}")
        return p, "/stepFunctions/stateMachines/flow/definition"
    raise ValueError(container)


CONTAINERS = ["asl-json", "asl-yaml", "cfn-json", "cfn-sub", "sam", "serverless"]
WHERE = ["top", "parallel", "map"]
QLS = ["JSONPath", "JSONata"]


# ----------------------------------------------------------------------------- the cases
# Each case: (bad scope builder, [(code, pointer suffix from the state, at, text on the line)],
#             good scope builder). The text is looked for on the reported line (None: not checked).

def _p(ql, *parts):
    return "/" + "/".join([params_key(ql), *map(str, parts)])


def _detail_key(ql, name):
    return f"{name}.$" if ql == "JSONPath" else name


CASES = {
    "EB001-parameter": (
        lambda ql: scope(with_params(task(ql), ql, EndpointId="abc.xyz")),
        lambda ql: [("EB001", _p(ql, "EndpointId"), "key", "EndpointId")],
        lambda ql: scope(task(ql)),
    ),
    "EB001-entry-field": (
        lambda ql: scope(task(ql, entries=[{**entry(ql), "Detail-Type": "OrderPlaced"}])),
        lambda ql: [("EB001", _p(ql, "Entries", 0, "Detail-Type"), "key", "Detail-Type")],
        lambda ql: scope(task(ql, entries=[{**entry(ql), "EventBusName": "orders", "Time": "2024-01-01T00:00:00Z",
                                             "TraceHeader": "Root=1-5759e988-bd862e3fe1be46a994272793",
                                             "Resources": ["arn:aws:s3:::orders"]}])),
    ),
    "EB002-sync": (
        lambda ql: scope(task(ql, resource=PUT + ".sync")),
        lambda ql: [("EB002", "/Resource", "value", "putEvents.sync")],
        lambda ql: scope(task(ql, resource=CALLBACK, entries=[entry(ql, Detail=token_detail(ql))],
                              HeartbeatSeconds=600)),
    ),
    "EB003": (
        lambda ql: scope(task(ql, entries=[entry(ql) for _ in range(11)])),
        lambda ql: [("EB003", _p(ql, "Entries"), "value", None)],
        lambda ql: scope(task(ql, entries=[entry(ql) for _ in range(10)])),
    ),
    "EB004": (
        lambda ql: scope(task(ql, entries=[entry(ql), entry(ql, Source=None)])),
        lambda ql: [("EB004", _p(ql, "Entries", 1), "value", None)],
        lambda ql: scope(task(ql, entries=[entry(ql), entry(ql, DetailType="x")])),
    ),
    "EB004-empty-detail-type": (
        lambda ql: scope(task(ql, entries=[entry(ql, DetailType="")])),
        lambda ql: [("EB004", _p(ql, "Entries", 0, "DetailType"), "value", "DetailType")],
        lambda ql: scope(task(ql, entries=[entry(ql, DetailType="OrderPlaced")])),
    ),
    "EB005": (
        lambda ql: scope(task(ql, entries=[entry(ql, Detail="[1, 2]")])),
        lambda ql: [("EB005", _p(ql, "Entries", 0, "Detail"), "value", "Detail")],
        lambda ql: scope(task(ql, entries=[entry(ql, Detail='{"a": 1}')])),
    ),
    "EB006": (
        lambda ql: scope(task(ql, entries=[entry(ql, Source="aws.orders")])),
        lambda ql: [("EB006", _p(ql, "Entries", 0, "Source"), "value", "aws.orders")],
        lambda ql: scope(task(ql, entries=[entry(ql, Source="awsome.orders")])),
    ),
    "EB007": (
        lambda ql: scope(task(ql, entries=[entry(ql, DetailType="T" * 129, EventBusName="orders bus")])),
        lambda ql: [("EB007", _p(ql, "Entries", 0, "DetailType"), "value", "TTTT"),
                    ("EB007", _p(ql, "Entries", 0, "EventBusName"), "value", "orders bus")],
        lambda ql: scope(task(ql, entries=[entry(ql, DetailType="T" * 128, EventBusName=(
            "arn:aws:events:eu-west-1:123456789012:event-bus/orders"))])),
    ),
    "EB101": (
        lambda ql: scope(task(ql, catch=False)),
        lambda ql: [("EB101", "", "key", "Send")],
        lambda ql: scope(task(ql, catch=False, Catch=[{"ErrorEquals": ["States.TaskFailed"], "Next": "Failed"}])),
    ),
    "EB102": (
        lambda ql: scope(task(ql, entries=[entry(ql), entry(ql)], Retry=[{"ErrorEquals": ["States.ALL"]}])),
        lambda ql: [("EB102", "/Retry/0/ErrorEquals", "value", None)],
        lambda ql: scope(task(ql, entries=[entry(ql), entry(ql)],
                              Retry=[{"ErrorEquals": ["EventBridge.FailedEntry"], "MaxAttempts": 0},
                                     {"ErrorEquals": ["States.ALL"]}])),
    ),
    "EB104": (
        lambda ql: scope(task(ql, entries=[entry(ql, Detail={"blob": "x" * 270_000})])),
        lambda ql: [("EB104", "/" + params_key(ql), "value", None)],
        lambda ql: scope(task(ql, entries=[entry(ql, Detail={"blob": "x" * 200_000})])),
    ),
    "EB105": (
        lambda ql: scope(task(ql, resource=CALLBACK, TimeoutSeconds=3600)),
        lambda ql: [("EB105", _p(ql, "Entries"), "value", None)],
        lambda ql: scope(task(ql, resource=CALLBACK, entries=[entry(ql, Detail=token_detail(ql))],
                              TimeoutSeconds=3600)),
    ),
    "EB106": (
        lambda ql: scope(task(ql, resource=CALLBACK, entries=[entry(ql, Detail=token_detail(ql))])),
        lambda ql: [("EB106", "", "key", "Send")],
        lambda ql: scope(task(ql, resource=CALLBACK, entries=[entry(ql, Detail=token_detail(ql))],
                              HeartbeatSeconds=300)),
    ),
    "EB107": (
        lambda ql: scope(task(ql, entries=[entry(ql, Detail=token_detail(ql))])),
        lambda ql: [("EB107", _p(ql, "Entries", 0, "Detail", _detail_key(ql, "token")), "value", "Task.Token")],
        lambda ql: scope(task(ql)),
    ),
    "EB201": (
        lambda ql: scope(task(ql, resource=SDK, catch=False)),
        lambda ql: [("EB201", "/Resource", "value", "aws-sdk:eventbridge:putEvents")],
        lambda ql: scope(task(ql, resource=SDK, catch=False, Next="Check"), Check={
            "Type": "Choice", "Default": "Failed",
            "Choices": [{"Variable": "$.FailedEntryCount", "NumericEquals": 0, "Next": "Done"}]
            if ql == "JSONPath" else [{"Condition": "{% $states.input.FailedEntryCount = 0 %}", "Next": "Done"}]},
            Done={"Type": "Succeed"}),
    ),
    "EB201-discarded": (
        lambda ql: scope(task(ql, resource=SDK, catch=False, **(
            {"ResultPath": None} if ql == "JSONPath" else {"Output": "{% $states.input %}"}))),
        lambda ql: [("EB201", "/ResultPath" if ql == "JSONPath" else "/Output", "value", None)],
        lambda ql: scope(task(ql, resource=SDK, catch=False, **(
            {"ResultPath": "$.put"} if ql == "JSONPath" else
            {"Output": "{% $merge([$states.input, {'put': $states.result}]) %}"}), Next="Check"), Check={
            "Type": "Choice", "Default": "Failed",
            "Choices": [{"Variable": "$.put.FailedEntryCount", "NumericEquals": 0, "Next": "Done"}]
            if ql == "JSONPath" else [{"Condition": "{% $states.input.put.FailedEntryCount = 0 %}", "Next": "Done"}]},
            Done={"Type": "Succeed"}),
    ),
}


def _line(path: Path, n: int) -> str:
    return path.read_text().splitlines()[n - 1]


def _check(path, base, where, expected, findings, case):
    got = sorted((f.code, f.location.pointer) for f in findings)
    want = sorted((code, base + state_pointer(where) + suffix) for code, suffix, _, _ in expected)
    assert got == want, f"{case}: {got} != {want}"
    for code, suffix, at, text in expected:
        (f,) = [f for f in findings if f.location.pointer == base + state_pointer(where) + suffix and f.code == code]
        if text is not None:
            span = f.location.span
            lines = path.read_text().splitlines()[span.start.line - 1:max(span.end.line, span.start.line)]
            assert any(text in line for line in lines), f"{case}: {code} reported at {span}: {lines!r}"


@pytest.mark.parametrize("container", CONTAINERS)
@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("ql", QLS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_matrix(case, ql, where, container, tmp_path, lint):
    bad, expected, good = CASES[case]
    path, base = render(container, machine(ql, bad(ql), where), tmp_path / "bad")
    _check(path, base, where, expected(ql), lint(path, "EB"), case)
    path, base = render(container, machine(ql, good(ql), where), tmp_path / "good")
    assert [(f.code, f.location.pointer) for f in lint(path, "EB")] == []


@pytest.fixture(autouse=True)
def _dirs(tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "good").mkdir()


# ----------------------------------------------------------------------------- EXPRESS (EB002)

@pytest.mark.parametrize("container", ["cfn-json", "cfn-sub", "sam", "serverless"])
@pytest.mark.parametrize("resource", [CALLBACK, SDK_CALLBACK])
def test_callback_in_express(container, resource, tmp_path, lint):
    d = machine("JSONPath", scope(task("JSONPath", resource=resource, entries=[
        entry("JSONPath", Detail=token_detail("JSONPath"))], HeartbeatSeconds=60)), "top")
    path, base = render(container, d, tmp_path / "bad", machine_type="EXPRESS")
    findings = lint(path, "EB")
    assert [(f.code, f.location.pointer) for f in findings] == [("EB002", base + "/States/Send/Resource")]
    span = findings[0].location.span
    assert "putEvents" in "".join(path.read_text().splitlines()[span.start.line - 1:span.end.line])
    path, _ = render(container, d, tmp_path / "good", machine_type="STANDARD")
    assert lint(path, "EB") == []


def test_callback_in_express_child_of_distributed_map(tmp_path, lint):
    d = {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": True, "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
        **scope(task("JSONPath", resource=CALLBACK, entries=[entry("JSONPath", Detail=token_detail("JSONPath"))]))}}}}
    path, _ = render("asl-json", d, tmp_path)
    assert [f.code for f in lint(path, "EB")] == ["EB002"]


# ----------------------------------------------------------------------------- more rule detail

def test_eb001_suggests_and_keeps_path_suffix(lint):
    e = {"Source": "s", "Detail-Type.$": "$.t", "Detail": {}, "EventBus": "b", "Bus": "b"}
    (a, b, c) = lint(scope(task("JSONPath", entries=[e])), "EB001", name="flow.asl.json")
    assert "(did you mean 'DetailType.$'?)" in a.message
    assert "(did you mean 'EventBusName'?)" in b.message
    assert '"Bus"' in c.message and "did you mean" not in c.message
    (d,) = lint(scope(with_params(task("JSONPath"), "JSONPath", Entry=[])), "EB001", name="flow.asl.json")
    assert "(did you mean 'Entries'?)" in d.message and d.location.pointer == "/States/Send/Parameters/Entry"


def test_eb001_sdk_takes_endpoint_id(lint):
    t = task("JSONPath", resource=SDK, Next="Check")
    t["Parameters"]["EndpointId"] = "abc.xyz"
    assert lint(scope(t, Check={"Type": "Choice", "Default": "Failed", "Choices": [
        {"Variable": "$.FailedEntryCount", "NumericGreaterThan": 0, "Next": "Failed"}]}), "EB001", name="flow.asl.json") == []


def test_eb004_whole_request_message(lint):
    (f,) = lint(scope(task("JSONPath", entries=[{"Source": "s", "Detail": {}}])), "EB004", name="flow.asl.json")
    assert "whole request" in f.message and "no DetailType" in f.message


def test_eb004_sdk_message_says_lost(lint):
    t = task("JSONPath", resource=SDK, entries=[entry("JSONPath"), entry("JSONPath", Detail=None)])
    (f,) = lint(scope(t), "EB004", name="flow.asl.json")
    assert "lost silently" in f.message


@pytest.mark.parametrize("detail,bad", [
    (5, True), ([1], True), (None, True), ("not json", True), ('"a string"', True), ("{}", False),
    ({"a": 1}, False), ("${Detail}", False)])
def test_eb005_values(lint, detail, bad):
    t = task("JSONPath", entries=[{"Source": "s", "DetailType": "t", "Detail": detail}])
    assert bool(lint(scope(t), "EB005", name="flow.asl.json")) == bad


def test_eb005_dynamic_detail_is_silent(lint):
    t = task("JSONPath", entries=[{"Source": "s", "DetailType": "t", "Detail.$": "$.body"}])
    assert lint(scope(t), "EB005", name="flow.asl.json") == []


@pytest.mark.parametrize("fields,n", [
    ({"TraceHeader": ""}, 1), ({"TraceHeader": "x" * 501}, 1), ({"TraceHeader": "Root=1-abc"}, 0),
    ({"Resources": ["a" * 2049, 3]}, 2), ({"Resources": "arn:aws:s3:::b"}, 1), ({"Resources": []}, 0),
    ({"EventBusName": "aws.partner/saas.com/123/orders"}, 1),
    ({"EventBusName": "arn:aws:events:us-east-1:123456789012:event-bus/aws.partner/x/y"}, 1),
    ({"EventBusName": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/x"}, 0),
    ({"EventBusName": "default"}, 0), ({"EventBusName.$": "$.bus"}, 0), ({"EventBusName": "<EventBusARN>"}, 1)])
def test_eb007_fields(lint, fields, n):
    t = task("JSONPath", entries=[{**entry("JSONPath"), **fields}])
    assert len(lint(scope(t), "EB007", name="flow.asl.json")) == n


def test_eb101_enclosing_catch_covers(lint):
    d = machine("JSONPath", scope(task("JSONPath", catch=False)), "parallel")
    d["States"]["Fan"]["Catch"] = [{"ErrorEquals": ["States.ALL"], "Next": "Gone"}]
    d["States"]["Gone"] = {"Type": "Fail"}
    assert lint(d, "EB101", name="flow.asl.json") == []


@pytest.mark.parametrize("errors", [["States.Timeout"], ["EventBridge.Other"], ["States.Runtime"]])
def test_eb101_other_catches_do_not_cover(lint, errors):
    t = task("JSONPath", catch=False, Catch=[{"ErrorEquals": errors, "Next": "Failed"}])
    (f,) = lint(scope(t), "EB101", name="flow.asl.json")
    assert f.data["error"] == "EventBridge.FailedEntry" and f.data["form"] == "optimized"


def test_eb101_not_for_sdk(lint):
    assert lint(scope(task("JSONPath", resource=SDK, catch=False, ResultPath="$.r")), "EB101", name="flow.asl.json") == []


def test_eb101_callback_form(lint):
    t = task("JSONPath", resource=CALLBACK, catch=False, entries=[entry("JSONPath", Detail=token_detail("JSONPath"))],
             HeartbeatSeconds=60)
    (f,) = lint(scope(t), "EB101", name="flow.asl.json")
    assert f.data["form"] == "callback"


def _retry_task(ql, detail, **kw):
    return task(ql, entries=[entry(ql, Detail=detail), entry(ql, Detail=detail)],
                Retry=[{"ErrorEquals": ["EventBridge.FailedEntry"], "MaxAttempts": 2}], **kw)


def test_eb102_idempotency_key_from_execution(lint):
    assert lint(scope(_retry_task("JSONPath", {"id.$": "$$.Execution.Id", "a": 1})), "EB102", name="flow.asl.json") == []
    jd = {"id": "{% $states.context.Execution.Name & '-' & $string($states.input.n) %}"}
    assert lint(machine("JSONata", scope(_retry_task("JSONata", jd)), "top"), "EB102", name="flow.asl.json") == []


def test_eb102_in_a_map_needs_entered_time(lint):
    d = machine("JSONPath", scope(_retry_task("JSONPath", {"id.$": "$$.Execution.Id"})), "map")
    (f,) = lint(d, "EB102", name="flow.asl.json")
    assert f.data["max_attempts"] == 2 and f.data["entries"] == 2
    d = machine("JSONPath", scope(_retry_task("JSONPath", {
        "id.$": "States.Format('{}/{}', $$.Execution.Id, $$.State.EnteredTime)"})), "map")
    assert lint(d, "EB102", name="flow.asl.json") == []


def test_eb102_business_key_needs_the_option(lint):
    d = scope(_retry_task("JSONPath", {"orderId.$": "$.orderId"}))
    assert len(lint(d, "EB102", name="flow.asl.json")) == 1
    assert lint(d, "EB102", rule_options={"EB102": {"idempotency-keys": ["orderId"]}}, name="flow.asl.json") == []


def test_eb102_single_entry_and_computed_entries(lint):
    one = task("JSONPath", Retry=[{"ErrorEquals": ["States.ALL"]}])
    assert lint(scope(one), "EB102", name="flow.asl.json") == []
    computed = {**one, "Parameters": {"Entries.$": "$.events"}}
    (f,) = lint(scope(computed), "EB102", name="flow.asl.json")
    assert "computed Entries" in f.message and f.data["entries"] is None
    jsonata = {**task("JSONata", Retry=[{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 5}]),
               "Arguments": {"Entries": "{% $states.input.events %}"}}
    (f,) = lint(machine("JSONata", scope(jsonata), "top"), "EB102", name="flow.asl.json")
    assert "States.TaskFailed" in f.message and "5 more times" in f.message


def test_eb102_first_matching_retrier_decides(lint):
    t = task("JSONPath", entries=[entry("JSONPath")] * 2, Retry=[
        {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 0}, {"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 0},
        {"ErrorEquals": ["States.ALL"], "MaxAttempts": 3}])
    assert lint(scope(t), "EB102", name="flow.asl.json") == []


def test_eb104_entry_limit_option_and_arns(lint):
    t = task("JSONPath", entries=[entry("JSONPath", Detail={"blob": "x" * 1000})])
    assert lint(scope(t), "EB104", name="flow.asl.json") == []
    (f,) = lint(scope(t), "EB104", rule_options={"EB104": {"max-entry-bytes": 1000}}, name="flow.asl.json")
    arns = pe.appended_arns_bytes("flow")
    size = len("com.example.orders") + len("OrderPlaced") + len('{"blob":"' + "x" * 1000 + '"}') + arns
    assert f.data["size"] == size and f.data["arn_bytes"] == arns and f"{size:,} bytes" in f.message
    sdk = task("JSONPath", resource=SDK, entries=t["Parameters"]["Entries"], ResultPath="$.r")
    (f,) = lint(scope(sdk), "EB104", rule_options={"EB104": {"max-entry-bytes": 1000}}, name="flow.asl.json")
    assert f.data["arn_bytes"] == 0


def test_eb105_token_in_intrinsic_and_context_object(lint):
    t = task("JSONPath", resource=CALLBACK, entries=[entry("JSONPath", Detail={
        "msg.$": "States.Format('token {}', $$.Task.Token)"})], HeartbeatSeconds=60)
    assert lint(scope(t), "EB105", name="flow.asl.json") == []
    t = task("JSONPath", resource=CALLBACK, entries=[entry("JSONPath", Detail={"token": "$$.Task.Token"})],
             HeartbeatSeconds=60)  # a literal string, not a path: no token is sent
    assert [f.code for f in lint(scope(t), "EB105", name="flow.asl.json")] == ["EB105"]


def test_eb105_sdk_callback(lint):
    t = task("JSONPath", resource=SDK_CALLBACK, HeartbeatSeconds=60)
    (f,) = lint(scope(t), "EB105", name="flow.asl.json")
    assert f.data["form"] == "sdk" and f.data["pattern"] == "waitForTaskToken"


def test_eb106_path_forms_count(lint):
    t = task("JSONPath", resource=CALLBACK, entries=[entry("JSONPath", Detail=token_detail("JSONPath"))],
             TimeoutSecondsPath="$.timeout")
    assert lint(scope(t), "EB106", name="flow.asl.json") == []


def test_eb108_off_by_default_and_selectable(lint):
    t = task("JSONPath", Next="Done")
    d = scope(t, Done={"Type": "Succeed"})
    assert lint(d, "EB", name="flow.asl.json") == []
    (f,) = lint(d, "EB108", name="flow.asl.json")
    assert f.location.pointer == "/States/Send" and "ResultPath" in f.message
    t["ResultPath"] = None
    assert lint(d, "EB108", name="flow.asl.json") == []


def test_eb201_variable_read_later(lint):
    t = task("JSONata", resource=SDK, catch=False, Next="Other",
             Assign={"failed": "{% $states.result.FailedEntryCount %}"}, Output="{% $states.input %}")
    d = machine("JSONata", scope(t, Other={"Type": "Pass", "Next": "Check"}, Check={
        "Type": "Choice", "Default": "Failed", "Choices": [{"Condition": "{% $failed = 0 %}", "Next": "Done"}]},
        Done={"Type": "Succeed"}), "top")
    assert lint(d, "EB201", name="flow.asl.json") == []
    d["States"]["Check"]["Choices"][0]["Condition"] = "{% $other = 0 %}"
    (f,) = lint(d, "EB201", name="flow.asl.json")
    assert f.data["reason"] == "discarded" and f.location.pointer == "/States/Send/Output"


def test_eb201_checked_after_enclosing_parallel(lint):
    d = machine("JSONPath", scope(task("JSONPath", resource=SDK, catch=False)), "parallel")
    d["States"]["Fan"].pop("End")
    d["States"]["Fan"]["Next"] = "Check"
    d["States"]["Check"] = {"Type": "Choice", "Default": "Gone", "Choices": [
        {"Variable": "$[0].FailedEntryCount", "NumericEquals": 0, "Next": "Gone"}]}
    d["States"]["Gone"] = {"Type": "Succeed"}
    assert lint(d, "EB201", name="flow.asl.json") == []


def test_eb201_next_task_ends_the_search(lint):
    t = task("JSONPath", resource=SDK, catch=False, Next="Then")
    d = scope(t, Then={"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                       "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "Next": "Check"},
              Check={"Type": "Choice", "Default": "Failed", "Choices": [
                  {"Variable": "$.FailedEntryCount", "NumericEquals": 0, "Next": "Done"}]},
              Done={"Type": "Succeed"})
    assert len(lint(d, "EB201", name="flow.asl.json")) == 1


def test_eb201_not_for_sdk_callback(lint):
    t = task("JSONPath", resource=SDK_CALLBACK, entries=[entry("JSONPath", Detail=token_detail("JSONPath"))],
             HeartbeatSeconds=60, catch=False)
    assert lint(scope(t), "EB201", name="flow.asl.json") == []


# ----------------------------------------------------------------------------- hand-written fixtures

FIXTURE_FINDINGS = {
    "orders.asl.json": [
        (13, 9, "EB001"), (20, 5, "EB101"), (28, 23, "EB005"), (29, 29, "EB007"), (40, 25, "EB102"),
    ],
    "orders-jsonata.asl.yaml": [
        (17, 17, "EB004"), (19, 25, "EB006"), (27, 9, "EB106"), (50, 28, "EB107"),
    ],
    "template-sub.yaml": [
        (15, 27, "EB002"), (18, 28, "EB105"), (39, 35, "EB201"),
    ],
    "sam-template.yaml": [
        (17, 19, "EB101"), (34, 32, "EB003"),
    ],
    "serverless.yml": [
        (17, 19, "EB001"), (36, 25, "EB201"),
    ],
}


@pytest.mark.parametrize("name", sorted(FIXTURE_FINDINGS))
def test_fixture_files(name, lint):
    findings = lint(EB_FIXTURES / name, "EB")
    got = [(f.location.span.start.line, f.location.span.start.column, f.code) for f in findings]
    assert got == FIXTURE_FINDINGS[name], "\n".join(f"{a}:{b} {c} {f.message}" for (a, b, c), f in zip(got, findings))


# ----------------------------------------------------------------------------- the recogniser

@pytest.mark.parametrize("resource,form,pattern,supported", [
    ("arn:aws:states:::events:putEvents", "optimized", "request-response", True),
    ("arn:aws-cn:states:::events:putEvents.waitForTaskToken", "callback", "waitForTaskToken", True),
    ("arn:aws-us-gov:states:::aws-sdk:eventbridge:putEvents", "sdk", "request-response", True),
    ("arn:${AWS::Partition}:states:::events:putEvents", "optimized", "request-response", True),
    ("arn:${Partition}:states:::aws-sdk:eventbridge:putEvents.waitForTaskToken", "sdk", "waitForTaskToken", True),
    ("arn:aws:states:::events:putEvents.sync", "optimized", "sync", False),
    ("arn:aws:states:::aws-sdk:eventbridge:putEvents.sync", "sdk", "sync", False),
])
def test_parse_resource(resource, form, pattern, supported):
    i = pe.parse_resource(resource)
    assert (i.form, i.pattern, i.supported) == (form, pattern, supported)


@pytest.mark.parametrize("resource", [
    "arn:aws:states:::events:putEvnts", "arn:aws:states:::sqs:sendMessage", "${PutEventsArn}",
    "arn:aws:states:::aws-sdk:events:putEvents", "arn:aws:lambda:us-east-1:123456789012:function:f", None])
def test_parse_resource_ignores_others(resource):
    assert pe.parse_resource(resource) is None


def test_covers():
    assert pe.covers(["States.ALL"]) and pe.covers(["States.TaskFailed"]) and pe.covers(["EventBridge.FailedEntry"])
    assert not pe.covers(["States.Timeout"]) and not pe.covers("States.ALL")


def test_eb201_result_selector_alias(lint):
    t = task("JSONPath", resource=SDK, catch=False, ResultSelector={"failed.$": "$.FailedEntryCount"},
             ResultPath="$.put", Next="Check")
    d = scope(t, Check={"Type": "Choice", "Default": "Done", "Choices": [
        {"Variable": "$.put.failed", "NumericGreaterThan": 0, "Next": "Failed"}]}, Done={"Type": "Succeed"})
    assert lint(d, "EB201", name="flow.asl.json") == []
    t["ResultSelector"] = {"ids.$": "$.Entries[*].EventId"}
    d["States"]["Check"]["Choices"][0]["Variable"] = "$.put.other"
    (f,) = lint(d, "EB201", name="flow.asl.json")
    assert f.data["reason"] == "unchecked"


def test_eb106_names_the_machines_own_timeout(lint):
    d = {"TimeoutSeconds": 3600, "StartAt": "Send", "States": {"Send": {
        "Type": "Task", "Resource": "arn:aws:states:::events:putEvents.waitForTaskToken",
        "Parameters": {"Entries": [{"Source": "a", "DetailType": "b",
                                    "Detail": {"token.$": "$$.Task.Token"}}]},
        "End": True}}}
    assert [f[3] for f in lint(d, "EB106")] == [
        "A callback task without TimeoutSeconds or HeartbeatSeconds: if the callback never comes, "
        "the execution waits for up to 3,600 s (its TimeoutSeconds)"]
