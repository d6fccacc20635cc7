"""Finding state machines in each container, and exact positions inside them."""

import pytest

from asllint import plugins
from asllint.sources.load import parse, read_text
from asllint.sources.records import Note, Reference, StateMachine
from tests.conftest import FIXTURES

C = FIXTURES / "containers"


def machines(name):
    doc = parse(str(C / name), read_text(str(C / name)))
    return [m for group in plugins.manager().hook.asllint_find_state_machines(document=doc) for m in group]


def where(sm, pointer, at="value"):
    s = sm.span(pointer, at)
    return (s.start.line, s.start.column, s.end.line, s.end.column)


def test_plain_json_positions():
    (sm,) = machines("plain.asl.json")
    assert (sm.name, sm.pointer, sm.container, sm.machine_type) == ("plain", "", "asl", None)
    assert where(sm, "/StartAt") == (3, 14, 3, 21)
    assert where(sm, "/States/Hello", "key") == (5, 5, 5, 12)
    assert where(sm, "/States/Hello/Result/greeting") == (7, 30, 7, 34)


def test_plain_yaml_positions():
    (sm,) = machines("plain.asl.yaml")
    assert where(sm, "/StartAt") == (2, 10, 2, 15)
    assert where(sm, "/States/Hello/Type", "key")[:2] == (5, 5)
    assert where(sm, "/States/Hello/Type")[:2] == (5, 11)


def test_cloudformation_block_scalar_maps_to_template_lines():
    (sm,) = machines("template-block.yaml")
    assert (sm.name, sm.container, sm.machine_type) == ("Flow", "cloudformation", "EXPRESS")
    assert sm.pointer == "/Resources/Flow/Properties/DefinitionString"
    assert where(sm, "/StartAt", "key")[:2] == (12, 11)
    assert where(sm, "/States/Notify/Resource")[:2] == (16, 27)
    assert sm.definition["States"]["Notify"]["Resource"] == "arn:${AWS::Partition}:states:::events:putEvents"


def test_cloudformation_one_line_string_points_at_the_property():
    found = machines("template-oneline.json")
    flow, joined, note = found
    assert where(flow, "/States/A/Type")[:2] == (6, 29)
    assert joined.definition["States"]["A"]["Resource"] == "${Fn.Arn}"
    assert isinstance(note, Note) and note.code == "ASL004"


def test_sam_inline_and_definition_uri():
    inline, ref = machines("sam.yaml")
    assert isinstance(inline, StateMachine) and inline.container == "sam" and inline.machine_type == "EXPRESS"
    assert inline.definition["States"]["Call"]["Resource"] == "${Fn.Arn}"
    assert where(inline, "/States/Call/Resource")[:2] == (12, 23)
    assert isinstance(ref, Reference) and ref.target.endswith("statemachine/flow.asl.json")
    assert ref.properties["substitutions"] == {"TopicArn": "arn:aws:sns:us-east-1:111111111111:topic"}


def test_serverless():
    (sm,) = machines("serverless.yml")
    assert (sm.name, sm.container, sm.machine_type) == ("ordersFlow", "serverless", "EXPRESS")
    assert where(sm, "/States/Wait/Seconds")[:2] == (13, 22)


@pytest.mark.parametrize("text", ["{}", "[]", "{\"Resources\": {}}", "a: 1\n", "\"StartAt States\""])
def test_files_without_machines(tmp_path, text):
    p = tmp_path / "x.yaml"
    p.write_text(text)
    doc = parse(str(p), text)
    assert [m for g in plugins.manager().hook.asllint_find_state_machines(document=doc) for m in g] == []


def test_getatt_with_a_nested_intrinsic_is_an_opaque_value(tmp_path):
    from asllint.engine import Linter, Options

    p = tmp_path / "t.json"
    p.write_text('{"Resources": {"M": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"Definition": '
                 '{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": {"Fn::GetAtt": [{"Ref": "X"}, "Arn"]},'
                 ' "End": true}}}}}}}')
    report = Linter(Options(select=["ALL"], confirm=False)).lint_paths([str(p)])
    assert not report.crashed
    assert [f.code for f in report.findings if f.code.startswith("ASL0")] == []


def test_each_container_is_a_finder_plugin_of_its_own():
    pm = plugins.manager()
    finders = [impl.plugin_name for impl in pm.hook.asllint_find_state_machines.get_hookimpls()]
    assert [name for name in finders if name.startswith("asllint.")] == [
        "asllint.sources.serverless", "asllint.sources.cloudformation", "asllint.sources.plain"]


def test_records_keep_the_import_path_third_party_finders_use():
    """`asllint.locate` is an alias kept for plugins written before the sources package."""
    import asllint.locate
    import asllint.sources.records as records
    from asllint.document import Document

    assert (asllint.locate.StateMachine, asllint.locate.Note, asllint.locate.Reference) == (
        records.StateMachine, records.Note, records.Reference)
    assert isinstance(parse(str(C / "sam.yaml"), read_text(str(C / "sam.yaml"))), Document)


def test_a_serverless_variable_as_definition_is_said_not_linted(lint):
    # `${file(x):key}` and `${self:...}` are resolved by the framework at deploy time; they were
    # counted as a state machine and silently passed (seen in public serverless.yml files).
    found = lint("""\
        service: x
        stepFunctions:
          stateMachines:
            one:
              definition: ${file(./defs.yml):mydef}
            two:
              definition: ${self:custom.flow}
        """, "ASL004", name="serverless.yml")
    assert found == [
        ("ASL004", 5, 7, "the definition is a Serverless variable asllint does not resolve "
                         "(${file(./defs.yml):mydef}); not linted"),
        ("ASL004", 7, 7, "the definition is a Serverless variable asllint does not resolve "
                         "(${self:custom.flow}); not linted")]
