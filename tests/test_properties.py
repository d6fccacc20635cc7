"""Property-based robustness (hypothesis): any JSON-like value anywhere in a definition, and any
text, is answered with findings located inside the file, never an exception or a rule crash."""

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asllint.engine import Linter, Options

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30) | st.sampled_from(["$.a", "$$.Task.Token", "States.Format('{}', $.x)", "{% $x %}",
                                             "${Param}", "arn:aws:states:::events:putEvents", "Task", "Map"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["Type", "Next", "End", "Resource", "Parameters", "Arguments", "Entries", "Detail",
                         "Retry", "Catch", "ErrorEquals", "Branches", "ItemProcessor", "States", "StartAt",
                         "Choices", "Assign", "Output", "ResultPath", "x.$", "Source"]) | st.text(max_size=8),
        children, max_size=5),
    max_leaves=25)

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
LINTER = None


def linter():
    global LINTER
    if LINTER is None:
        LINTER = Linter(Options(select=["ALL"], confirm=True))
    return LINTER


def check(tmp_path, name, raw: bytes):
    path = tmp_path / name
    path.write_bytes(raw)
    report = linter().lint_paths([str(path)])
    crashes = [f.message for f in report.findings if f.code == "ASL001"]
    assert not crashes, crashes
    lines = len(re.split(rb"\r\n|\r|\n", raw))  # line breaks as YAML and editors count them
    for f in report.findings:
        assert 1 <= f.location.span.start.line <= lines, (f.code, f.message)


@SETTINGS
@given(value=JSON, state_type=st.sampled_from(["Task", "Pass", "Choice", "Wait", "Map", "Parallel", "Fail"]))
def test_any_value_in_a_state(tmp_path, value, state_type):
    definition = {"StartAt": "S", "States": {"S": {"Type": state_type, "Resource": "arn:aws:states:::events:putEvents",
                                                    "Parameters": {"Entries": [{"Detail": value}]}, "X": value,
                                                    "End": True}}}
    check(tmp_path, "m.asl.json", json.dumps(definition, indent=1).encode())


@SETTINGS
@given(value=JSON)
def test_any_value_as_the_definition(tmp_path, value):
    check(tmp_path, "m.asl.json", json.dumps(value).encode())


@SETTINGS
@given(text=st.text(max_size=200))
def test_any_text_as_yaml(tmp_path, text):
    check(tmp_path, "m.asl.yaml", ("StartAt: A\nStates:\n" + text).encode("utf-8", "surrogatepass"))
