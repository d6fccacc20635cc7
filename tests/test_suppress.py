"""Every suppression form, and the unused-suppression finding (ASL002)."""

import pytest

from asllint.engine import Linter, Options


def lint(tmp_path, name, text, **opts):
    p = tmp_path / name
    p.write_text(text)
    options = Options(select=["XYZ001"], confirm=False, config_root=str(tmp_path), **opts)
    return [(f.code, f.location.span.start.line, f.state) for f in Linter(options).lint_paths([str(p)]).findings]


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


def test_no_suppression(tmp_path):
    assert lint(tmp_path, "f.asl.json", FLOW % ("", "")) == [("XYZ001", 5, "A"), ("XYZ001", 6, "B")]


def test_state_comment(tmp_path):
    assert lint(tmp_path, "f.asl.json", FLOW % ("", "asllint: ignore[XYZ001]")) == [("XYZ001", 6, "B")]


def test_state_comment_by_name_and_other_codes(tmp_path):
    text = FLOW % ("", "legacy step; asllint: ignore[EB101, pass-state-found]")
    assert lint(tmp_path, "f.asl.json", text) == [("XYZ001", 6, "B")]


def test_machine_comment_covers_the_whole_machine(tmp_path):
    assert lint(tmp_path, "f.asl.json", FLOW % ("asllint: ignore[XYZ001]", "")) == []


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


def test_yaml_comments_on_the_line_and_the_line_above(tmp_path):
    assert lint(tmp_path, "f.asl.yaml", YAML) == [("XYZ001", 11, "C")]


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


def test_cloudformation_metadata(tmp_path):
    assert lint(tmp_path, "template.yaml", TEMPLATE) == [("XYZ001", 18, "A")]


def test_per_file_ignores_with_pointer(tmp_path):
    (tmp_path / "legacy").mkdir()
    text = FLOW % ("", "")
    assert lint(tmp_path, "legacy/f.asl.json", text, per_file_ignores=[("legacy/*.json", "/States/B", ["XYZ001"])]) == [
        ("XYZ001", 5, "A")]
    assert lint(tmp_path, "legacy/g.asl.json", text, per_file_ignores=[("legacy/*", "", ["XYZ"])]) == []
    assert lint(tmp_path, "legacy/h.asl.json", text, per_file_ignores=[("other/*", "", ["XYZ001"])]) == [
        ("XYZ001", 5, "A"), ("XYZ001", 6, "B")]


def test_unused_suppressions_are_reported_when_selected(tmp_path):
    p = tmp_path / "f.asl.json"
    p.write_text(FLOW % ("", "asllint: ignore[EB101]"))
    report = Linter(Options(select=["XYZ001", "ASL002"], confirm=False)).lint_paths([str(p)])
    got = [(f.code, f.location.span.start.line, f.location.span.start.column, f.message) for f in report.findings]
    assert got == [
        ("XYZ001", 5, 19, "state 'A' is a Pass state"),
        ("ASL002", 5, 51, "unused suppression: nothing here is reported as EB101"),
        ("XYZ001", 6, 19, "state 'B' is a Pass state"),
    ]


def test_used_suppressions_are_not_reported_as_unused(tmp_path):
    p = tmp_path / "f.asl.yaml"
    p.write_text(YAML)
    report = Linter(Options(select=["XYZ001", "ASL002"], confirm=False)).lint_paths([str(p)])
    assert [f.code for f in report.findings] == ["XYZ001"]
