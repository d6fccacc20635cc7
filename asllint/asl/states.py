"""State types, query languages, execution types and Map modes, and which fields belong to which
query language. The fields of each state type per language are those of asllint/schemas/asl.json
(`fields`); the two lists below are checked against it by tests/test_vocabulary.py."""

from __future__ import annotations

JSONPATH = "JSONPath"
JSONATA = "JSONata"
QUERY_LANGUAGES = (JSONPATH, JSONATA)
STATE_TYPES = ("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
STANDARD = "STANDARD"
EXPRESS = "EXPRESS"
EXECUTION_TYPES = (STANDARD, EXPRESS)
INLINE = "INLINE"
DISTRIBUTED = "DISTRIBUTED"
MAP_MODES = (INLINE, DISTRIBUTED)

# State fields of one query language that a state of the other rejects (ASL 2024-11-22, "Table of
# State Types and Fields"): the schema's JSONPath-only and JSONata-only fields, less Pass's
# `Result`, which ASL102 reports with its own message. Choice rule and Catcher fields are apart.
JSONPATH_ONLY = ("InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath", "ItemsPath",
                 "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath",
                 "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath", "ErrorPath",
                 "CausePath")
JSONATA_ONLY = ("Arguments", "Output", "Items")


def fields(state_type: str, query_language: str) -> tuple[str, ...]:
    """The fields a state of this type may have in this query language, from the schema."""
    from asllint.asl.schema import _resolve, defs  # the schema is read on first use only

    return tuple(_resolve(defs()[f"{state_type}.{query_language}"]).get("properties", ()))
