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

ARN = re.compile(r"^arn:(?P<partition>[^:]*):(?P<service>[^:]*):(?P<region>[^:]*):"
                 r"(?P<account>[^:]*):(?P<resource>.+)$", re.S)
_PATTERN_SUFFIX = re.compile(r"^(?P<action>[^.]*)(?P<pattern>\..*)?$", re.S)


def split_arn(value: str):
    """The ARN's parts as a dict, or None when it is not `arn:p:s:r:a:resource`."""
    m = ARN.match(value)
    return m.groupdict() if m else None


def split_action(text: str) -> tuple[str, str]:
    """`runTask.sync` -> ("runTask", ".sync")."""
    m = _PATTERN_SUFFIX.match(text)
    return (m.group("action"), m.group("pattern") or "") if m else (text, "")


def pattern_label(pattern: str) -> str:
    return PATTERN_NAMES.get(pattern, pattern)
