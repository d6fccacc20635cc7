"""Task rules (ASL3xx): exact codes, messages and positions."""

from __future__ import annotations

import pytest


def task(resource, **fields):
    state = {"Type": "Task", "Resource": resource, **fields, "End": True}
    return {"StartAt": "T", "States": {"T": state}}


@pytest.mark.parametrize("resource", [
    "arn:aws:states:::lambda:invoke",
    "arn:aws:states:::states:startExecution.sync:2",
    "arn:aws:states:::ecs:runTask.waitForTaskToken",
    "arn:aws:states:::aws-sdk:s3:getObject",
    "arn:aws-us-gov:states:::sqs:sendMessage",
    "arn:aws-iso-f:states:::glue:startJobRun.sync",
    "arn:aws-eusc:lambda:eusc-de-east-1:123456789012:function:f",
    "arn:aws:lambda:::function:publish",
    "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST",
    "arn:aws:states:us-east-1:123456789012:activity:worker",
    "arn:aws:swf:us-east-1:123456789012:task:X",
    "${LambdaArn}",
    "arn:aws:states:::${Service}:invoke",
])
def test_valid_resources_have_no_error(resource, lint):
    found = lint(task(resource, TimeoutSeconds=60), "ASL301,ASL302,ASL303,ASL305")
    assert found == []


def test_cfn_intrinsic_resource_is_skipped(lint):
    assert lint(task({"Fn::GetAtt": ["Fn", "Arn"]}), "ASL3") == []


def test_not_an_arn(lint):
    assert lint(task("lambda:invoke"), "ASL301") == [
        ("ASL301", 6, 19, 'Resource "lambda:invoke" is not an ARN (arn:partition:service:region:account-id:resource): '
                          "AWS rejects the state machine")]


def test_unknown_partition_suggests(lint):
    [(code, line, col, msg)] = lint(task("arn:aws-gov:states:::lambda:invoke"), "ASL301")
    assert (code, line, col) == ("ASL301", 6, 19)
    assert 'unknown partition "aws-gov" (did you mean \'aws-us-gov\'?)' in msg


def test_resource_not_string_is_left_to_structure(lint):
    assert lint(task(42), "ASL3") == []


def test_regional_integration_arn_is_info_not_error(lint):
    found = lint(task("arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject"), "ASL3")
    assert [f[0] for f in found] == ["ASL311"]
    assert found[0][3].endswith('write "arn:aws:states:::aws-sdk:s3:getObject"')


def test_putevents_typo_did_you_mean(lint):
    assert lint(task("arn:aws:states:::events:putEvnts"), "ASL302") == [
        ("ASL302", 6, 19, 'Unknown Amazon EventBridge action "events:putEvnts" (did you mean \'events:putEvents\'?): '
                          "AWS rejects the state machine")]


def test_unknown_service_did_you_mean(lint):
    [(code, _, _, msg)] = lint(task("arn:aws:states:::lamda:invoke"), "ASL302")
    assert code == "ASL302" and "(did you mean 'lambda:invoke'?)" in msg


def test_unknown_service_without_close_match_points_to_sdk(lint):
    [(_, _, _, msg)] = lint(task("arn:aws:states:::textract:analyzeDocument"), "ASL302")
    assert '(for other services use "arn:aws:states:::aws-sdk:textract:analyzeDocument")' in msg


def test_item_reader_resource_as_task(lint):
    [(_, _, _, msg)] = lint(task("arn:aws:states:::s3:getObject"), "ASL302")
    assert "ItemReader/ResultWriter resource" in msg and "aws-sdk:s3:getObject" in msg


def test_sdk_pascal_case_action(lint):
    assert lint(task("arn:aws:states:::aws-sdk:s3:GetObject"), "ASL302") == [
        ("ASL302", 6, 19, 'AWS SDK action "GetObject" must be camelCase (did you mean \'aws-sdk:s3:getObject\'?): '
                          "AWS rejects the state machine")]


def test_extra_integrations_option(lint):
    d = task("arn:aws:states:::bedrock:startAsyncInvoke")
    assert [f[0] for f in lint(d, "ASL302")] == ["ASL302"]
    opts = {"ASL302": {"extra-integrations": ["bedrock:startAsyncInvoke"]}}
    assert lint(d, "ASL302", rule_options=opts) == []


def test_pattern_not_supported(lint):
    assert lint(task("arn:aws:states:::dynamodb:putItem.waitForTaskToken"), "ASL303") == [
        ("ASL303", 6, 19, '"dynamodb:putItem" does not support the Wait for Callback (.waitForTaskToken) pattern '
                          "(supported: Request Response): AWS rejects the state machine")]


def test_sdk_sync(lint):
    [(code, _, _, msg)] = lint(task("arn:aws:states:::aws-sdk:glue:startJobRun.sync"), "ASL303")
    assert code == "ASL303" and msg.startswith("AWS SDK integrations do not support the Run a Job (.sync) pattern")


def test_unknown_pattern_suffix(lint):
    [(code, _, _, msg)] = lint(task("arn:aws:states:::lambda:invoke.waitForTaskTokens"), "ASL303")
    assert code == "ASL303" and msg.startswith('Unknown integration pattern ".waitForTaskTokens" (did you mean \'.waitForTaskToken\'?)')


def test_putevents_patterns_left_to_eventbridge_pack(lint):
    for r in ("arn:aws:states:::events:putEvents.sync", "arn:aws:states:::events:putEvents.waitForTaskToken",
              "arn:aws:states:::aws-sdk:eventbridge:putEvents.sync"):
        assert lint(task(r, Parameters={"Entries": []}), "ASL3") == []


def test_callback_without_token(lint):
    d = task("arn:aws:states:::sns:publish.waitForTaskToken", Parameters={"TopicArn": "t", "Message.$": "$"},
             HeartbeatSeconds=60)
    assert lint(d, "ASL304") == [
        ("ASL304", 7, 21, "This callback task never passes the task token ($$.Task.Token) in its Parameters: nobody "
                          "can call SendTaskSuccess, so the task waits until it times out")]


def test_callback_with_token_in_intrinsic(lint):
    d = task("arn:aws:states:::sns:publish.waitForTaskToken",
             Parameters={"TopicArn": "t", "Message.$": "States.Format('{}', $$.Task.Token)"}, HeartbeatSeconds=60)
    assert lint(d, "ASL304") == []


def test_callback_without_parameters_points_at_resource(lint):
    [(code, line, col, msg)] = lint(task("arn:aws:states:::lambda:invoke.waitForTaskToken"), "ASL304")
    assert (code, line, col) == ("ASL304", 6, 19) and "Parameters (there are none)" in msg


def test_lambda_arn_bad_qualifier(lint):
    assert lint(task("arn:aws:lambda:us-east-1:123456789012:function:f:$*#"), "ASL305") == [
        ("ASL305", 6, 19, 'Resource "arn:aws:lambda:us-east-1:123456789012:function:f:$*#" has an invalid version or '
                          'alias "$*#" ($LATEST, a version number, or an alias of letters, digits, - or _): the '
                          "function cannot be invoked")]


def test_activity_in_express_template(lint):
    tpl = """Resources:
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineType: EXPRESS
      Definition:
        StartAt: Work
        States:
          Work:
            Type: Task
            Resource: arn:aws:states:us-east-1:123456789012:activity:worker
            End: true
"""
    found = lint(tpl, "ASL306", name="template.yaml")
    assert found == [("ASL306", 11, 23, "Express workflows do not support activities: AWS rejects the state machine "
                                        "(use a STANDARD workflow or a service integration)")]


def test_credentials(lint):
    d = task("arn:aws:states:::lambda:invoke", Credentials=None)
    assert lint(d, "ASL307,ASL308") == []  # the structure rules' (ASL103)
    d = task("arn:aws:states:::lambda:invoke", Credentials={"RoleArn": "arn:aws:iam::123456789012:policy/p"})
    assert lint(d, "ASL307") == [
        ("ASL307", 8, 20, 'Credentials.RoleArn "arn:aws:iam::123456789012:policy/p" is not an IAM role ARN '
                          "(arn:aws:iam::account-id:role/name): the task cannot assume it")]
    d = task("arn:aws:states:::lambda:invoke", Credentials={"flag": True})
    assert [f[:3] for f in lint(d, "ASL307,ASL308")] == [("ASL308", 7, 22)]
    d = task("arn:aws:states:::lambda:invoke", Credentials={"RoleArn": "arn:aws:iam::123456789012:role/x"})
    assert lint(d, "ASL307,ASL308") == []


def test_callback_without_timeout_info(lint):
    d = task("arn:aws:states:::sqs:sendMessage.waitForTaskToken", Parameters={"MessageBody": {"t.$": "$$.Task.Token"}})
    assert [f[:3] for f in lint(d, "ASL309")] == [("ASL309", 6, 19)]


def test_activity_in_express_distributed_map_child(lint):
    inner = {"StartAt": "W", "States": {"W": {"Type": "Task", "TimeoutSeconds": 60, "End": True,
                                              "Resource": "arn:aws:states:us-east-1:123456789012:activity:w"}}}
    for et, want in (("EXPRESS", ["ASL306"]), ("STANDARD", [])):
        proc = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": et}, **inner}
        d = {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": proc, "End": True}}}
        assert [f[0] for f in lint(d, "ASL306")] == want


def test_callback_without_timeout_names_the_machines_own_timeout(lint):
    # A machine-level TimeoutSeconds ends the wait sooner than a year (seen in a public sample
    # with TimeoutSeconds 172800): the message says so.
    d = {"TimeoutSeconds": 172800, "StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sns:publish.waitForTaskToken",
        "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message.$": "$$.Task.Token"},
        "End": True}}}
    assert [f[3] for f in lint(d, "ASL309")] == [
        "This callback task has no HeartbeatSeconds or TimeoutSeconds: if no answer ever comes it waits "
        "until the execution times out (up to 172,800 s)"]
