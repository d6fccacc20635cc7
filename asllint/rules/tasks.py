"""Task rules (ASL3xx): the Resource URI, integration patterns, callbacks, Credentials."""

from __future__ import annotations

import json
import re

from asllint.asl import quotas
from asllint.asl import resources as I
from asllint.asl.wording import did_you_mean, longest_wait, type_word
from asllint.document import Problem
from asllint.hookspecs import hookimpl
from asllint.rule import is_jsonata, is_placeholder, per_machine, rule

_LAMBDA_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_LAMBDA_QUALIFIER = re.compile(r"^(\$LATEST|[A-Za-z0-9_-]{1,128})$")
_ACTIVITY_NAME_BAD = re.compile(r"[\s?*<>{}\[\]\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]")
_ROLE_ARN = re.compile(r"^arn:(?P<partition>[^:]+):iam::(?P<account>\d{12})?:role/.+$")
_TOKEN_REF = re.compile(r"Task\.Token|\$\$(\.Task)?(?![.\w])|\$states\.context(\.Task)?(?![.\w])")


def _is_intrinsic(value) -> bool:
    """A CloudFormation intrinsic left in the definition (`{"Fn::GetAtt": ...}`, `{"Ref": ...}`)."""
    return isinstance(value, dict) and len(value) == 1 and (
        next(iter(value)).startswith("Fn::") or next(iter(value)) == "Ref")


def _unknown(value) -> bool:
    return is_placeholder(value) or is_jsonata(value) or _is_intrinsic(value)


class _Bad:
    """A Resource AWS rejects, with the reason."""
    kind = "bad"

    def __init__(self, message: str):
        self.message = message


def classify(resource):
    """What a Task's Resource names, shared by the task rules (cached per machine): the parsed
    `asllint.asl.resources.Resource`, or a `_Bad` (kind "bad", with `message`). Kinds: unknown
    (placeholder, JSONata, intrinsic), bad, optimized, sdk, activity, lambda, other."""
    if _unknown(resource) or not isinstance(resource, str):
        return I.Resource(resource, I.UNKNOWN)  # a non-string's type is the structure rules' (ASL103)
    parsed = I.parse_resource(resource)
    if parsed.kind == I.NOT_ARN:
        return _Bad(f'Resource "{resource}" is not an ARN '
                    "(arn:partition:service:region:account-id:resource)")
    partition = parsed.partition
    if partition not in I.PARTITIONS:
        return _Bad(f'Resource "{resource}" names an unknown partition '
                    f'"{partition}"{did_you_mean(partition, I.PARTITIONS)}')
    if not parsed.arn_service:
        return _Bad(f'Resource "{resource}" has no service')
    if parsed.kind == I.ACTIVITY:
        name = parsed.activity_name
        if not parsed.region or not parsed.account:
            return _Bad(f'Activity ARN "{resource}" needs both a Region '
                        "and an account ID")
        if not name or len(name) > quotas.NAME_MAX_CHARS or _ACTIVITY_NAME_BAD.search(name):
            return _Bad(f'Activity ARN "{resource}" has an invalid activity '
                        "name (1-80 characters, no whitespace, wildcards, brackets or punctuation such as : / ,)")
    elif parsed.kind == I.STATES_OTHER:
        return _Bad(f'Resource "{resource}" is neither a service integration '
                    "(arn:aws:states:::service:action) nor an activity "
                    "(arn:aws:states:region:account-id:activity:name)")
    return parsed


@per_machine
def _tasks(machine):
    return [(s, classify(s.get("Resource"))) for s in machine.states_of_type("Task") if "Resource" in s.data]


def _is_putevents(info) -> bool:
    """EventBridge PutEvents resources: the EB pack owns their pattern and callback checks."""
    return info.kind in ("optimized", "sdk") and info.is_putevents


@rule("ASL301", "invalid-resource-arn", "error",
      "A Task Resource that is not a well-formed ARN of a known partition")
def invalid_resource_arn(machine, options):
    for state, info in _tasks(machine):
        if info.kind == "bad":
            yield Problem(f"{info.message}: AWS rejects the state machine", state.field_pointer("Resource"))


@rule("ASL302", "unknown-service-integration", "error",
      "An arn:aws:states::: Resource that names no service integration Step Functions knows",
      options={"extra-integrations": []})
def unknown_service_integration(machine, options):
    extra = _extra(options)
    for state, info in _tasks(machine):
        ptr = state.field_pointer("Resource")
        if info.kind == "optimized":
            msg = _optimized_problem(info, extra)
        elif info.kind == "sdk":
            msg = _sdk_problem(info)
        else:
            continue
        if msg:
            yield Problem(msg, ptr)


def _extra(options):
    """`extra-integrations = ["service:action", ...]` accepted on top of the table."""
    out: dict[str, set] = {}
    for item in options.get("extra-integrations") or ():
        svc, _, act = str(item).partition(":")
        out.setdefault(svc, set()).add(I.split_action(act)[0])
    return out


def _optimized_problem(info, extra):
    svc, act = info.service, info.action
    if svc in extra and (act in extra[svc] or "*" in extra[svc]):
        return None
    if not info.has_action or not act:
        return (f'Resource names "{svc}" without an action: a service integration is '
                "arn:aws:states:::service:action; AWS rejects the state machine")
    if svc not in I.OPTIMIZED:
        if svc in I.ITEM_READER or svc in I.RESULT_WRITER:
            return (f'"{svc}:{act}" is a Distributed Map ItemReader/ResultWriter resource, not a Task '
                    f'integration: call S3 from a Task with "arn:aws:states:::aws-sdk:{svc}:{act}"; '
                    "AWS rejects the state machine")
        hint = did_you_mean(svc, list(I.OPTIMIZED) + list(extra), shown=lambda s: f"{s}:{act}") or \
            f' (for other services use "arn:aws:states:::aws-sdk:{svc}:{act}")'
        return f'Unknown service integration "{svc}"{hint}: AWS rejects the state machine'
    actions = I.OPTIMIZED[svc]
    if act in actions:
        return None
    hint = did_you_mean(act, actions, shown=lambda a: f"{svc}:{a}")
    name = I.SERVICE_NAMES.get(svc, svc)
    if hint:
        return f'Unknown {name} action "{svc}:{act}"{hint}: AWS rejects the state machine'
    return (f'"{svc}:{act}" is not an optimized {name} integration (it has '
            f'{", ".join(sorted(actions))}); call other APIs with "arn:aws:states:::aws-sdk:{_sdk_name(svc)}:{act}": '
            "AWS rejects the state machine")


def _sdk_name(svc):
    return {"events": "eventbridge", "states": "sfn", "elasticmapreduce": "emr",
            "emr-containers": "emrcontainers", "emr-serverless": "emrserverless"}.get(svc, svc)


def _sdk_problem(info):
    svc, act = info.service, info.action
    if not svc or not re.fullmatch(r"[a-z0-9]+", svc):
        return (f'"aws-sdk:{info.sdk_rest}" is not an AWS SDK integration: the form is '
                "arn:aws:states:::aws-sdk:service:apiAction with a lowercase service name "
                "(no hyphens); AWS rejects the state machine")
    if not act or not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", act):
        return (f'"aws-sdk:{info.sdk_rest}" is not an AWS SDK integration: the form is '
                "arn:aws:states:::aws-sdk:service:apiAction; AWS rejects the state machine")
    if act[0].isupper():
        hint = did_you_mean(act, [act[0].lower() + act[1:]], shown=lambda fixed: f"aws-sdk:{svc}:{fixed}")
        return f'AWS SDK action "{act}" must be camelCase{hint}: AWS rejects the state machine'
    return None


@rule("ASL303", "unsupported-integration-pattern", "error",
      "A service integration used with an integration pattern it does not support")
def unsupported_integration_pattern(machine, options):
    for state, info in _tasks(machine):
        if info.kind not in ("optimized", "sdk") or _is_putevents(info):
            continue
        pattern = info.pattern
        ptr = state.field_pointer("Resource")
        if pattern not in I.PATTERNS:
            hint = did_you_mean(pattern, [p for p in I.PATTERNS if p])
            yield Problem(f'Unknown integration pattern "{pattern}"{hint}: the patterns are '
                          ".sync, .sync:2 (Step Functions only) and .waitForTaskToken; "
                          "AWS rejects the state machine", ptr)
            continue
        if info.kind == "sdk":
            if pattern in (I.SYNC, I.SYNC2):
                yield Problem(f'AWS SDK integrations do not support the {I.pattern_label(pattern)} '
                              "pattern (only Request Response and .waitForTaskToken): "
                              "AWS rejects the state machine", ptr)
            continue
        allowed = I.OPTIMIZED.get(info.service, {}).get(info.action)
        if allowed is None or pattern in allowed:
            continue
        ok = ", ".join(I.pattern_label(p) for p in I.PATTERNS if p in allowed)
        yield Problem(f'"{info.service}:{info.action}" does not support the '
                      f"{I.pattern_label(pattern)} pattern (supported: {ok}): "
                      "AWS rejects the state machine", ptr)


@rule("ASL304", "callback-without-task-token", "warning",
      "A .waitForTaskToken task that does not pass the task token to the service")
def callback_without_task_token(machine, options):
    for state, info in _tasks(machine):
        if info.kind not in ("optimized", "sdk") or info.pattern != I.WAIT or _is_putevents(info):
            continue
        field = "Parameters" if "Parameters" in state.data else "Arguments" if "Arguments" in state.data else None
        payload = state.get(field) if field else None
        text = json.dumps(payload) if payload is not None else ""
        if _TOKEN_REF.search(text) or is_placeholder(text):
            continue
        where = (f"its {field}" if field else
                 ("Arguments" if state.query_language == "JSONata" else "Parameters") + " (there are none)")
        token = "$states.context.Task.Token" if state.query_language == "JSONata" else "$$.Task.Token"
        yield Problem(f"This callback task never passes the task token ({token}) in {where}: "
                      "nobody can call SendTaskSuccess, so the task waits until it times out",
                      state.field_pointer(field) if field else state.field_pointer("Resource"))


@rule("ASL305", "invalid-lambda-function-arn", "error",
      "A Lambda function ARN used as Resource whose function name or qualifier is malformed")
def invalid_lambda_function_arn(machine, options):
    for state, info in _tasks(machine):
        if info.kind != "lambda":
            continue
        rest = info.rest
        parts = rest.split(":")
        msg = None
        if parts[0] != "function" or len(parts) not in (2, 3):
            msg = ("is not a Lambda function ARN (arn:aws:lambda:region:account-id:function:name"
                   "[:version-or-alias])")
        elif not _LAMBDA_NAME.match(parts[1]):
            msg = f'has an invalid function name "{parts[1]}" (1-64 letters, digits, - or _)'
        elif len(parts) == 3 and not _LAMBDA_QUALIFIER.match(parts[2]):
            msg = (f'has an invalid version or alias "{parts[2]}" ($LATEST, a version number, or an '
                   "alias of letters, digits, - or _)")
        if msg:
            yield Problem(f'Resource "{state.get("Resource")}" {msg}: the function cannot be invoked',
                          state.field_pointer("Resource"))


@rule("ASL306", "activity-in-express", "error",
      "An activity Task in an EXPRESS state machine")
def activity_in_express(machine, options):
    for state, info in _tasks(machine):
        if info.kind == "activity" and state.scope.execution_type == "EXPRESS":
            yield Problem("Express workflows do not support activities: AWS rejects the state machine "
                          "(use a STANDARD workflow or a service integration)", state.field_pointer("Resource"))


@rule("ASL307", "invalid-credentials", "error",
      "A Task Credentials object whose RoleArn is not a usable IAM role ARN")
def invalid_credentials(machine, options):
    for state in machine.states_of_type("Task"):
        if "Credentials" not in state.data:
            continue
        cred = state.get("Credentials")
        if _unknown(cred):
            continue
        if not isinstance(cred, dict):
            continue  # its type is the structure rules' (ASL103)
        if "RoleArn" in cred and "RoleArn.$" in cred:
            yield Problem('Credentials has both "RoleArn" and "RoleArn.$": give one of them',
                          state.field_pointer("Credentials", "RoleArn.$"), at="key")
        if "RoleArn" in cred:
            role = cred["RoleArn"]
            if _unknown(role):
                continue
            if not isinstance(role, str):
                yield Problem(f"Credentials.RoleArn must be a string, not {type_word(role)}",
                              state.field_pointer("Credentials", "RoleArn"))
            elif not _ROLE_ARN.match(role):
                yield Problem(f'Credentials.RoleArn "{role}" is not an IAM role ARN '
                              "(arn:aws:iam::account-id:role/name): the task cannot assume it",
                              state.field_pointer("Credentials", "RoleArn"))
        elif "RoleArn.$" in cred and not isinstance(cred["RoleArn.$"], str):
            yield Problem("Credentials.RoleArn.$ must be a path string",
                          state.field_pointer("Credentials", "RoleArn.$"))


@rule("ASL308", "credentials-without-role-arn", "warning",
      "A Task Credentials object without RoleArn")
def credentials_without_role_arn(machine, options):
    for state in machine.states_of_type("Task"):
        cred = state.get("Credentials")
        if isinstance(cred, dict) and not _is_intrinsic(cred) and "RoleArn" not in cred and "RoleArn.$" not in cred:
            yield Problem("Credentials has no RoleArn: Step Functions assumes the role named by "
                          "Credentials.RoleArn (or RoleArn.$) and has nothing else to use",
                          state.field_pointer("Credentials"))


@rule("ASL309", "callback-without-timeout", "info",
      "A callback or activity task with neither HeartbeatSeconds nor TimeoutSeconds")
def callback_without_timeout(machine, options):
    for state, info in _tasks(machine):
        callback = info.kind in ("optimized", "sdk") and info.pattern == I.WAIT and not _is_putevents(info)
        if not (callback or info.kind == "activity"):
            continue
        if any(k in state.data for k in ("HeartbeatSeconds", "HeartbeatSecondsPath",
                                          "TimeoutSeconds", "TimeoutSecondsPath")):
            continue
        what = "callback task" if callback else "activity task"
        longest, _ = longest_wait(machine.definition)
        yield Problem(f"This {what} has no HeartbeatSeconds or TimeoutSeconds: if no answer ever comes "
                      f"it waits until the execution times out (up to {longest})",
                      state.field_pointer("Resource"))


@rule("ASL311", "integration-arn-with-region", "info",
      "A service integration Resource that spells out a Region or account ID")
def integration_arn_with_region(machine, options):
    for state, info in _tasks(machine):
        if info.kind in ("optimized", "sdk") and info.regional:
            fixed = f'arn:{info.partition}:states:::{info.rest}'
            yield Problem("Service integration ARNs leave the Region and account empty; Step Functions "
                          f'takes both from the state machine: write "{fixed}"',
                          state.field_pointer("Resource"))


@hookimpl
def asllint_rules():
    return [invalid_resource_arn, unknown_service_integration, unsupported_integration_pattern,
            callback_without_task_token, invalid_lambda_function_arn, activity_in_express,
            invalid_credentials, credentials_without_role_arn, callback_without_timeout,
            integration_arn_with_region]
