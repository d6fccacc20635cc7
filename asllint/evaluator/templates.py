"""Definitions taken from templates: `${...}` placeholders and CloudFormation functions.

SAM `DefinitionSubstitutions`, CDK tokens and `Fn::Sub` leave `${Name}` placeholders (and
sometimes `Fn::Sub`/`Ref`/`Fn::GetAtt` objects) in a definition. Known names take the
values given in `substitutions`; unknown ones get plausible synthetic values (an ARN of the
service the name suggests, or a name), and every replacement is listed as an assumption.
"""

from __future__ import annotations

import re

from asllint.asl import quotas

# Fields that take numbers: a placeholder standing for the whole value gets a plausible one.
_NUMERIC_FIELDS = {
    "Seconds": 60, "TimeoutSeconds": 300, "HeartbeatSeconds": 60, "IntervalSeconds": 1,
    "MaxAttempts": 3, "BackoffRate": 2, "MaxDelaySeconds": 60, "MaxConcurrency": 0,
    "ToleratedFailureCount": 0, "ToleratedFailurePercentage": 0, "MaxItemsPerBatch": 10,
    "MaxInputBytesPerBatch": quotas.MAP_BATCH_MAX_BYTES, "MaxItems": 100,
}
_PLACEHOLDER = re.compile(r"\$\{(!?)([A-Za-z0-9_:.\-]+)\}")


class Substituter:
    def __init__(self, substitutions: dict | None, identity, notes: list):
        self.values = dict(substitutions or {})
        self.identity = identity
        self.notes = notes
        self.synthetic: dict = {}

    # -- walking ------------------------------------------------------------------------------

    def apply(self, value, key: str | None = None):
        if isinstance(value, str):
            return self.text(value, key) if "${" in value else value
        if isinstance(value, list):
            return [self.apply(item, key) for item in value]
        if isinstance(value, dict):
            if len(value) == 1:
                (name, arg), = value.items()
                if name == "Fn::Sub":
                    return self._fn_sub(arg, key)
                if name == "Ref" and isinstance(arg, str):
                    return self.lookup(arg, key)
                if name == "Fn::GetAtt":
                    parts = arg.split(".") if isinstance(arg, str) else list(arg)
                    return self.lookup(".".join(str(p) for p in parts), key)
            return {k: self.apply(v, k) for k, v in value.items()}
        return value

    def _fn_sub(self, arg, key):
        if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
            local = Substituter({**self.values, **{k: self.apply(v) for k, v in arg[1].items()}},
                                self.identity, self.notes)
            local.synthetic = self.synthetic
            return local.text(arg[0], key) if isinstance(arg[0], str) else arg[0]
        return self.text(arg, key) if isinstance(arg, str) else arg

    def text(self, text: str, key: str | None) -> str:
        whole = _PLACEHOLDER.fullmatch(text)

        def replace(match):
            if match.group(1):  # ${!Literal} is Fn::Sub's escape for a literal ${Literal}
                return "${" + match.group(2) + "}"
            value = self.lookup(match.group(2), key, whole=bool(whole))
            return value if isinstance(value, str) else str(value)

        if whole and not whole.group(1):
            return self.lookup(whole.group(2), key, whole=True)
        return _PLACEHOLDER.sub(replace, text)

    # -- values -------------------------------------------------------------------------------

    def lookup(self, name: str, key: str | None = None, whole: bool = True):
        if name in self.values:
            return self.values[name]
        if name in self.synthetic:
            return self.synthetic[name]
        value = self._invent(name, key, whole)
        self.synthetic[name] = value
        self.notes.append(f"Placeholder ${{{name}}} replaced by the synthetic value {value!r} "
                          "(pass substitutions={...} for the real one).")
        return value

    def _invent(self, name: str, key: str | None, whole: bool):
        if whole and key in _NUMERIC_FIELDS:
            return _NUMERIC_FIELDS[key]
        ident = self.identity
        pseudo = {"AWS::Region": ident.region, "AWS::AccountId": ident.account,
                  "AWS::Partition": ident.partition, "AWS::StackName": "simulated-stack",
                  "AWS::URLSuffix": "amazonaws.com", "AWS::StackId":
                  f"arn:{ident.partition}:cloudformation:{ident.region}:{ident.account}:"
                  "stack/simulated-stack/00000000-0000-0000-0000-000000000000"}
        if name in pseudo:
            return pseudo[name]
        base = name.split(".")[0]
        lowered = name.lower()
        slug = re.sub(r"(?<!^)(?=[A-Z])", "-", re.sub(r"[^A-Za-z0-9]", "", base)).lower() or "value"
        slug = re.sub(r"-?(arn|name|url|id)$", "", slug) or slug
        wants_arn = lowered.endswith("arn") or key == "Resource"
        prefix = f"arn:{ident.partition}"
        region, account = ident.region, ident.account
        if "queue" in lowered and ("url" in lowered or not wants_arn):
            return f"https://sqs.{region}.amazonaws.com/{account}/{slug}"
        if not wants_arn:
            if "bus" in lowered:
                return slug
            return f"simulated-{slug}"
        for words, arn in (
            (("statemachine",), f"{prefix}:states:{region}:{account}:stateMachine:{slug}"),
            (("activity",), f"{prefix}:states:{region}:{account}:activity:{slug}"),
            (("queue",), f"{prefix}:sqs:{region}:{account}:{slug}"),
            (("topic",), f"{prefix}:sns:{region}:{account}:{slug}"),
            (("bus", "eventbus"), f"{prefix}:events:{region}:{account}:event-bus/{slug}"),
            (("table",), f"{prefix}:dynamodb:{region}:{account}:table/{slug}"),
            (("bucket",), f"{prefix}:s3:::{slug}"),
            (("role",), f"{prefix}:iam::{account}:role/{slug}"),
            (("secret",), f"{prefix}:secretsmanager:{region}:{account}:secret:{slug}"),
        ):
            if any(word in lowered for word in words):
                return arn
        return f"{prefix}:lambda:{region}:{account}:function:{slug}"


def needs_substitution(definition) -> bool:
    """Cheap test: is there anything for the Substituter to do?"""
    stack = [definition]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "${" in value:
                return True
        elif isinstance(value, dict):
            if len(value) == 1 and next(iter(value)) in ("Fn::Sub", "Ref", "Fn::GetAtt"):
                return True
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False
