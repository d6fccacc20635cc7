"""Step Functions service integrations as data: which `Resource` URIs AWS recognizes.

An optimized integration is `arn:<partition>:states:::<service>:<action>[.<pattern>]`. The table
maps service -> action -> allowed integration patterns, where "" is Request Response, ".sync"
Run a Job, ".sync:2" Run a Job with JSON output (Step Functions only) and ".waitForTaskToken"
Wait for Callback.

Sources (AWS Step Functions Developer Guide): connect-supported-services.html and
integrate-optimized.html (service x pattern table), and each service's connect-*.html page for
its action list (connect-athena, connect-batch, connect-bedrock, connect-codebuild,
connect-ddb, connect-ecs, connect-eks, connect-emr, connect-emr-eks, connect-emr-serverless,
connect-eventbridge, connect-glue, connect-databrew, connect-lambda, connect-mediaconvert,
connect-sagemaker, connect-sns, connect-sqs, connect-stepfunctions, connect-api-gateway,
call-https-apis). Where the service table and a service page disagree (Bedrock and EKS are
marked "Wait for Callback: Standard" in the table, but their pages list no callback action), the
more permissive reading is kept so that no valid definition is reported.
"""

from __future__ import annotations

import re

from asllint.asl.text import is_jsonata

RR = ""
SYNC = ".sync"
SYNC2 = ".sync:2"
WAIT = ".waitForTaskToken"
PATTERNS = (RR, SYNC, SYNC2, WAIT)

PARTITIONS = ("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f",
              "aws-eusc")

_RW = frozenset((RR, WAIT))
_RS = frozenset((RR, SYNC))
_R = frozenset((RR,))
_RSW = frozenset((RR, SYNC, WAIT))

OPTIMIZED: dict[str, dict[str, frozenset]] = {
    "apigateway": {"invoke": _RW},
    "athena": {"startQueryExecution": _RS, "stopQueryExecution": _R,
               "getQueryExecution": _R, "getQueryResults": _R},
    "batch": {"submitJob": _RS},
    "bedrock": {"invokeModel": _RW, "createModelCustomizationJob": _RSW},
    "codebuild": {"startBuild": _RS, "stopBuild": _R, "batchDeleteBuilds": _R,
                  "batchGetReports": _R, "startBuildBatch": _RS, "stopBuildBatch": _R,
                  "retryBuildBatch": _RS, "deleteBuildBatch": _R},
    "dynamodb": {"getItem": _R, "putItem": _R, "updateItem": _R, "deleteItem": _R},
    "ecs": {"runTask": _RSW},
    "eks": {"createCluster": _RS, "deleteCluster": _RS, "createFargateProfile": _RS,
            "deleteFargateProfile": _RS, "createNodegroup": _RS, "deleteNodegroup": _RS,
            "runJob": _RSW, "call": _R},
    "elasticmapreduce": {"createCluster": _RS, "terminateCluster": _RS, "addStep": _RS,
                         "cancelStep": _R, "setClusterTerminationProtection": _R,
                         "modifyInstanceFleetByName": _R, "modifyInstanceGroupByName": _R},
    "emr-containers": {"createVirtualCluster": _R, "deleteVirtualCluster": _RS,
                       "startJobRun": _RS},
    "emr-serverless": {"createApplication": _RS, "startApplication": _RS,
                       "stopApplication": _RS, "deleteApplication": _RS,
                       "startJobRun": _RS, "cancelJobRun": _RS},
    "events": {"putEvents": _RW},
    "glue": {"startJobRun": _RS},
    "databrew": {"startJobRun": _RS},
    "http": {"invoke": _R},
    "lambda": {"invoke": _RW},
    "mediaconvert": {"createJob": _RS},
    "sagemaker": {"createEndpoint": _R, "createEndpointConfig": _R,
                  "createHyperParameterTuningJob": _RS, "createLabelingJob": _RS,
                  "createModel": _R, "createProcessingJob": _RS, "createTrainingJob": _RS,
                  "createTransformJob": _RS, "updateEndpoint": _R},
    "sns": {"publish": _RW},
    "sqs": {"sendMessage": _RW},
    "states": {"startExecution": frozenset((RR, SYNC, SYNC2, WAIT))},
}

# Resources of a Distributed Map's ItemReader / ResultWriter (not Task resources).
ITEM_READER = {"s3": {"getObject", "listObjectsV2"}}
RESULT_WRITER = {"s3": {"putObject"}}

SERVICE_NAMES = {
    "apigateway": "Amazon API Gateway", "athena": "Amazon Athena", "batch": "AWS Batch",
    "bedrock": "Amazon Bedrock", "codebuild": "AWS CodeBuild", "dynamodb": "Amazon DynamoDB",
    "ecs": "Amazon ECS", "eks": "Amazon EKS", "elasticmapreduce": "Amazon EMR",
    "emr-containers": "Amazon EMR on EKS", "emr-serverless": "Amazon EMR Serverless",
    "events": "Amazon EventBridge", "glue": "AWS Glue", "databrew": "AWS Glue DataBrew",
    "http": "HTTP Task", "lambda": "AWS Lambda", "mediaconvert": "AWS Elemental MediaConvert",
    "sagemaker": "Amazon SageMaker", "sns": "Amazon SNS", "sqs": "Amazon SQS",
    "states": "AWS Step Functions",
}

PATTERN_NAMES = {RR: "Request Response", SYNC: "Run a Job (.sync)",
                 SYNC2: "Run a Job (.sync:2)", WAIT: "Wait for Callback (.waitForTaskToken)"}

# A `${...}` placeholder may stand for the partition (`${AWS::Partition}`): it holds colons.
ARN = re.compile(r"^arn:(?P<partition>\$\{[^}]*\}|[^:]*):(?P<service>[^:]*):(?P<region>[^:]*):"
                 r"(?P<account>[^:]*):(?P<resource>.+)$", re.S)
_PATTERN_SUFFIX = re.compile(r"^(?P<action>[^.]*)(?P<pattern>\..*)?$", re.S)
_SDK = re.compile(r"^aws-sdk:(?P<service>[^:]*):(?P<rest>.*)$", re.S)


def split_arn(value: str):
    """The ARN's parts as a dict, or None when it is not `arn:p:s:r:a:resource`."""
    m = ARN.match(value)
    return m.groupdict() if m else None


def split_action(text: str) -> tuple[str, str]:
    """`runTask.sync` -> ("runTask", ".sync")."""
    m = _PATTERN_SUFFIX.match(text)
    return (m.group("action"), m.group("pattern") or "") if m else (text, "")


# What a Task's Resource names (Resource.kind).
UNKNOWN = "unknown"        # not a string, or a JSONata expression: known only at run time
NOT_ARN = "not-arn"        # a string that is not arn:partition:service:region:account:resource
OPTIMIZED_KIND = "optimized"  # arn:<p>:states:::<service>:<action>[.<pattern>]
SDK = "sdk"                # arn:<p>:states:::aws-sdk:<service>:<action>[.<pattern>]
ACTIVITY = "activity"      # arn:<p>:states:<region>:<account>:activity:<name>
STATES_OTHER = "states-other"  # another arn:<p>:states:... resource
LAMBDA = "lambda"          # arn:<p>:lambda:<region>:<account>:<rest> (a function ARN)
OTHER = "other"            # any other service's ARN


class Resource:
    """A Task's `Resource`, parsed once: what it names and, for an integration, the service,
    action and integration pattern. Parsing judges nothing: whether the partition, service or
    action exist is for the rules that read it."""

    __slots__ = ("text", "kind", "partition", "arn_service", "region", "account", "rest", "service",
                 "action", "pattern", "has_action", "sdk_rest")

    def __init__(self, text, kind: str, parts: dict | None = None, *, service: str = "", action: str = "",
                 pattern: str = "", has_action: bool = False, sdk_rest: str = ""):
        parts = parts or {}
        self.text = text
        self.kind = kind
        self.partition = parts.get("partition", "")
        self.arn_service = parts.get("service", "")   # the ARN's own service field ("states", "lambda")
        self.region = parts.get("region", "")
        self.account = parts.get("account", "")
        self.rest = parts.get("resource", "")          # everything after the account field
        self.service = service      # the integrated service: "lambda", "events", the SDK's "eventbridge"
        self.action = action        # "invoke", "putEvents"
        self.pattern = pattern      # "" (Request Response), ".sync", ".sync:2", ".waitForTaskToken" or other text
        self.has_action = has_action  # an optimized resource wrote "<service>:<action>", not "<service>" alone
        self.sdk_rest = sdk_rest    # an SDK resource's text after "aws-sdk:"... service (for messages)

    def __repr__(self):
        return f"Resource({self.text!r}, {self.kind})"

    @property
    def integration(self) -> bool:
        return self.kind in (OPTIMIZED_KIND, SDK)

    @property
    def regional(self) -> bool:
        """An integration ARN that spells a region or account (AWS expects `states:::`)."""
        return bool(self.region or self.account)

    @property
    def callback(self) -> bool:
        return self.integration and self.pattern == WAIT

    @property
    def known_pattern(self) -> bool:
        return self.pattern in PATTERNS

    @property
    def activity_name(self) -> str:
        return self.rest[len("activity:"):] if self.kind == ACTIVITY else ""

    @property
    def is_putevents(self) -> bool:
        """EventBridge PutEvents, optimized or through the SDK."""
        return ((self.kind == OPTIMIZED_KIND and self.service == "events" and self.action == "putEvents")
                or (self.kind == SDK and self.service == "eventbridge" and self.action == "putEvents"))


def parse_resource(value) -> Resource:
    """The one parser of Task Resource URIs (linter rules, EventBridge pack and evaluator)."""
    if not isinstance(value, str) or is_jsonata(value):
        return Resource(value, UNKNOWN)
    parts = split_arn(value)
    if parts is None:
        return Resource(value, NOT_ARN)
    rest = parts["resource"]
    if parts["service"] == "states":
        head = rest.split(":", 1)[0]
        if not (parts["region"] or parts["account"]) or head == "aws-sdk" or head in OPTIMIZED:
            m = _SDK.match(rest)
            if m:
                action, pattern = split_action(m.group("rest"))
                return Resource(value, SDK, parts, service=m.group("service"), action=action, pattern=pattern,
                                has_action=True, sdk_rest=m.group("rest"))
            service, sep, act = rest.partition(":")
            action, pattern = split_action(act)
            return Resource(value, OPTIMIZED_KIND, parts, service=service, action=action, pattern=pattern,
                            has_action=bool(sep))
        if rest.startswith("activity:"):
            return Resource(value, ACTIVITY, parts)
        return Resource(value, STATES_OTHER, parts)
    if parts["service"] == "lambda":
        return Resource(value, LAMBDA, parts)
    return Resource(value, OTHER, parts)



def pattern_label(pattern: str) -> str:
    return PATTERN_NAMES.get(pattern, pattern)
