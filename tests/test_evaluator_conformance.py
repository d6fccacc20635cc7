"""The evaluator against executions recorded on real AWS (../shared/conformance).

Each case that does not match AWS is listed below with its reason; every other case must match."""

import collections
import json
import os
from pathlib import Path

from asllint.evaluator import simulate
from asllint.evaluator.recorded import mocks_from_recording
from tests.conftest import shared_path


def _cases(service: bool):
    out = []
    for folder, _, files in os.walk(shared_path("conformance")):
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith(".json") and name != "index.json" and ("_service" in path) == service:
                out.append(path)
    return sorted(out)


def _as_json(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _matches(result, expected) -> bool:
    if result.status != expected["status"]:
        return False
    if expected["status"] == "SUCCEEDED":
        return _as_json(result.output) == _as_json(expected.get("output"))
    if expected["status"] == "FAILED":
        return (result.error == expected.get("error")
                and _as_json(result.cause) == _as_json(expected.get("cause")))
    return True


def _run(service: bool):
    """(case id, result matches AWS, history outline matches AWS or None when none was recorded)."""
    out = []
    for path in _cases(service):
        case = json.loads(Path(path).read_text())
        if service:
            definition, mocks = mocks_from_recording(case)
        else:
            definition, mocks = case["definition"], None
        result = simulate(definition, case["input"], mocks=mocks,
                          state_machine_type=case.get("state_machine_type", "STANDARD"))
        outline = [event[0] for event in case.get("expected_history_outline") or []]
        # Concurrent branches interleave differently on every run: compare as multisets.
        outline_ok = collections.Counter(outline) == collections.Counter(result.event_types()) if outline else None
        out.append((case["id"], _matches(result, case["expected"]), outline_ok))
    return out


_NO_PARALLEL_SUCCEEDED = ("AWS recorded no ParallelStateSucceeded event in this history; the evaluator "
                          "emits one when a Parallel state succeeds")
# Outlines that differ from AWS's, with why. Every other recorded outline must match.
KNOWN_OUTLINE_DIFFERENCES = {
    "TestBaseScenarios_test_parallel_state[PARALLEL_STATE]__get_execution_history": _NO_PARALLEL_SUCCEEDED,
    "TestBaseScenarios_test_parallel_state[PARALLEL_STATE_PARAMETERS]__get_execution_history":
        _NO_PARALLEL_SUCCEEDED,
    "TestBaseScenarios_test_parallel_state_nested__get_execution_history":
        _NO_PARALLEL_SUCCEEDED + " (two here), and no ParallelStateExited for the inner Parallel state",
}

_S3_READER = "the S3 objects its ItemReader reads were not recorded, so no mock can answer the reader"
# Service cases that cannot be replayed from what was recorded, with why. Every other one must match.
KNOWN_UNREPLAYABLE = {
    "TestActivities_test_activity_task_on_deleted__get_execution_history":
        "the recording masks the activity ARN as <TEST_RESOURCE>, and that the activity was deleted "
        "(States.Runtime) is not in the recorded task results",
    "TestAssignReferenceVariables_test_reference_in_map_state_max_items_path"
    "[MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH]__get_execution_history": _S3_READER,
    "TestAssignReferenceVariables_test_reference_in_map_state_max_items_path"
    "[MAP_STATE_REFERENCE_IN_MAX_PER_BATCH_PATH]__get_execution_history": _S3_READER,
    "TestBaseEvaluateJsonata_test_base_map[ITEMS]__get_execution_history":
        "the recording masks the Map state's Items array as the string <TEST_RESOURCE>",
    "TestBaseScenarios_test_map_state_lambda__get_execution_history":
        "the Lambda results of the Distributed Map's child executions were not recorded",
    "TestBaseScenarios_test_map_state_config_distributed_reentrant_lambda__get_execution_history":
        "the Lambda results of the Distributed Map's child executions were not recorded",
    "TestBaseScenarios_test_parallel_state_lambda__get_execution_history":
        "the recorded Lambda results are not matched to the Parallel branches' Task states",
    "TestBaseScenarios_test_map_item_batching_base_json_max_per_batch_jsonata__get_execution_history":
        _S3_READER,
    "TestBaseScenarios_test_map_item_reader_base_csv_headers_first_line__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_base_json_max_items_jsonata__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_base_json_with_items_path"
    "[VALID_ITEMS_PATH_FROM_ITEM_READER]__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_base_json_with_items_path"
    "[VALID_ITEMS_PATH_FROM_PREVIOUS]__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_base_list_objects_v2__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_csv_first_row_extra_fields__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_csv_headers_decl_duplicate_headers__get_execution_history":
        _S3_READER,
    "TestBaseScenarios_test_map_item_reader_csv_headers_decl_extra_fields__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_csv_max_items_paths[-1]__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_csv_max_items_paths[0]__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_csv_max_items_paths[100000000]__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_csv_max_items_paths[100000001]__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_csv_max_items_paths[2]__get_execution_history": _S3_READER,
    "TestBaseScenarios_test_map_item_reader_json_no_json_list_object__get_execution_history": _S3_READER,
}


def test_recorded_executions_match_aws():
    results = _run(service=False)
    assert results, "no recorded case found under ../shared/conformance"
    assert sorted(case_id for case_id, result_ok, _ in results if not result_ok) == []


def test_history_event_types_match_recorded_outlines():
    differing = sorted(case_id for case_id, _, outline_ok in _run(service=False) if outline_ok is False)
    assert differing == sorted(KNOWN_OUTLINE_DIFFERENCES)


def test_service_cases_replayed_from_recorded_results():
    failing = sorted(case_id for case_id, result_ok, _ in _run(service=True) if not result_ok)
    assert failing == sorted(KNOWN_UNREPLAYABLE)
