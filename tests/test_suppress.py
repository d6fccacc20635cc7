"""Every suppression form, and the unused-suppression finding (ASL002)."""

import pytest


def where(findings):
    """(code, line, state) of each finding: what a suppression changes."""
    return [(f.code, f.line, f.state) for f in findings]


FLOW = """{
  "Comment": "%s",
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "B", "Comment": "%s"},
    "B": {"Type": "Pass", "End": true}
  }
}"""


@pytest.fixture(autouse=True)
def _plugin(demo_plugin):
    yield


def test_no_suppression(lint):
    assert where(lint(FLOW % ("", ""), "XYZ001", name="f.asl.json")) == [("XYZ001", 5, "A"), ("XYZ001", 6, "B")]


def test_state_comment(lint):
    assert where(lint(FLOW % ("", "asllint: ignore[XYZ001]"), "XYZ001", name="f.asl.json")) == [("XYZ001", 6, "B")]


def test_state_comment_by_name_and_other_codes(lint):
    text = FLOW % ("", "legacy step; asllint: ignore[EB101, pass-state-found]")
    assert where(lint(text, "XYZ001", name="f.asl.json")) == [("XYZ001", 6, "B")]


def test_machine_comment_covers_the_whole_machine(lint):
    assert where(lint(FLOW % ("asllint: ignore[XYZ001]", ""), "XYZ001", name="f.asl.json")) == []


YAML = """StartAt: A
States:
  A:
    # asllint: ignore[XYZ001]
    Type: Pass
    Next: B
  B:
    Type: Pass  # asllint: ignore[XYZ001]
    Next: C
  C:
    Type: Pass
    End: true
"""


def test_yaml_comments_on_the_line_and_the_line_above(lint):
    assert where(lint(YAML, "XYZ001", name="f.asl.yaml")) == [("XYZ001", 11, "C")]


TEMPLATE = """Resources:
  Flow:
    Type: AWS::StepFunctions::StateMachine
    Metadata:
      asllint:
        ignore: [XYZ001]
    Properties:
      Definition:
        StartAt: A
        States:
          A: {Type: Pass, End: true}
  Other:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      Definition:
        StartAt: A
        States:
          A: {Type: Pass, End: true}
"""


def test_cloudformation_metadata(lint):
    assert where(lint(TEMPLATE, "XYZ001", name="template.yaml")) == [("XYZ001", 18, "A")]


def test_per_file_ignores_with_pointer(tmp_path, lint):
    (tmp_path / "legacy").mkdir()
    text = FLOW % ("", "")
    assert where(lint(text, "XYZ001", name="legacy/f.asl.json", per_file_ignores=[("legacy/*.json", "/States/B", ["XYZ001"])])) == [
        ("XYZ001", 5, "A")]
    assert where(lint(text, "XYZ001", name="legacy/g.asl.json", per_file_ignores=[("legacy/*", "", ["XYZ"])])) == []
    assert where(lint(text, "XYZ001", name="legacy/h.asl.json", per_file_ignores=[("other/*", "", ["XYZ001"])])) == [
        ("XYZ001", 5, "A"), ("XYZ001", 6, "B")]


def test_unused_suppressions_are_reported_when_selected(lint):
    assert lint(FLOW % ("", "asllint: ignore[EB101]"), "XYZ001,ASL002", name="f.asl.json") == [
        ("XYZ001", 5, 19, "state 'A' is a Pass state"),
        ("ASL002", 5, 51, "unused suppression: nothing here is reported as EB101"),
        ("XYZ001", 6, 19, "state 'B' is a Pass state"),
    ]


def test_used_suppressions_are_not_reported_as_unused(lint):
    assert [f.code for f in lint(YAML, "XYZ001,ASL002", name="f.asl.yaml")] == ["XYZ001"]
