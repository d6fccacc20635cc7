"""The evaluator against executions recorded on real AWS (/work/shared/conformance)."""

import collections
import json
import os
from pathlib import Path

import pytest

from asllint.evaluator import simulate
from asllint.evaluator.recorded import mocks_from_recording

CONFORMANCE = Path(__file__).parents[1].parent / "shared" / "conformance"
pytestmark = pytest.mark.skipif(not CONFORMANCE.is_dir(),
                                reason=f"the conformance suite is absent ({CONFORMANCE})")


def _cases(service: bool):
    if not CONFORMANCE.is_dir():
        return []
    out = []
    for folder, _, files in os.walk(CONFORMANCE):
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
    passed, failed, outline_ok, outlines = 0, [], 0, 0
    for path in _cases(service):
        case = json.loads(Path(path).read_text())
        if service:
            definition, mocks = mocks_from_recording(case)
        else:
            definition, mocks = case["definition"], None
        result = simulate(definition, case["input"], mocks=mocks,
                          state_machine_type=case.get("state_machine_type", "STANDARD"))
        if _matches(result, case["expected"]):
            passed += 1
        else:
            failed.append(case["id"])
        outline = [event[0] for event in case.get("expected_history_outline") or []]
        if outline:
            outlines += 1
            # Concurrent branches interleave differently on every run: compare as multisets.
            outline_ok += collections.Counter(outline) == collections.Counter(result.event_types())
    return passed, failed, outline_ok, outlines


def test_recorded_executions_match_aws():
    passed, failed, _, _ = _run(service=False)
    total = passed + len(failed)
    assert total > 400
    assert passed / total >= 0.98, f"{passed}/{total} match AWS; failing: {failed}"


def test_history_event_types_match_recorded_outlines():
    _, _, outline_ok, outlines = _run(service=False)
    assert outlines > 200
    assert outline_ok / outlines >= 0.98, f"{outline_ok}/{outlines} outlines match"


def test_service_cases_replayed_from_recorded_results():
    passed, failed, _, _ = _run(service=True)
    total = passed + len(failed)
    assert total > 100
    # Cases whose service data was not recorded (S3 item readers, Distributed Map children,
    # activities) cannot be replayed; the rest must match.
    assert passed / total >= 0.8, f"{passed}/{total} match AWS; failing: {failed}"
