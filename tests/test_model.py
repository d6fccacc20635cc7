"""The definition model: scopes, states, edges and query languages, built once per machine."""

from asllint import model

DEFINITION = {
    "QueryLanguage": "JSONata",
    "StartAt": "Fan",
    "States": {
        "Fan": {"Type": "Parallel", "Next": "Loop", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Done"}],
                "Branches": [{"StartAt": "B1", "States": {"B1": {"Type": "Pass", "End": True}}}]},
        "Loop": {"Type": "Map", "ItemProcessor": {"StartAt": "I1", "States": {
            "I1": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}}}, "Next": "Pick"},
        "Pick": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "Done"}], "Default": "Loop"},
        "Done": {"Type": "Succeed"},
    },
}


def test_scopes_states_and_edges():
    m = model.build(DEFINITION, "flow")
    assert [(s.kind, s.pointer, list(s.states)) for s in m.scopes] == [
        ("machine", "", ["Fan", "Loop", "Pick", "Done"]),
        ("branch", "/States/Fan/Branches/0", ["B1"]),
        ("processor", "/States/Loop/ItemProcessor", ["I1"]),
    ]
    fan = m.top.states["Fan"]
    assert list(fan.transitions()) == [("Loop", "/States/Fan/Next"), ("Done", "/States/Fan/Catch/0/Next")]
    assert list(m.top.states["Pick"].transitions()) == [
        ("Loop", "/States/Pick/Default"), ("Done", "/States/Pick/Choices/0/Next")]
    b1 = m.scopes[1].states["B1"]
    assert [s.name for s in b1.scope.ancestors()] == ["Fan"]
    assert [s.name for s in m.states_of_type("Pass")] == ["B1", "I1"]


def test_query_language_per_state_defaults_to_the_machine():
    m = model.build(DEFINITION, "flow")
    assert {s.name: s.query_language for s in m.states()} == {
        "Fan": "JSONata", "Loop": "JSONata", "Pick": "JSONata", "Done": "JSONata", "B1": "JSONata", "I1": "JSONPath"}


def test_misplaced_query_language_is_one_finding(lint):
    found = lint('{"StartAt": "A", "States": {"QueryLanguage": "JSONata",\n'
                 ' "A": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}', "ALL")
    assert [(f.code, f.line) for f in found] == [("ASL117", 1)]


def _map(mode_config, inner_states):
    processor = {"StartAt": next(iter(inner_states)), "States": inner_states}
    if mode_config is not None:
        processor["ProcessorConfig"] = mode_config
    return {"Type": "Map", "ItemProcessor": processor, "End": True}


def test_execution_type_and_map_mode_of_nested_scopes():
    # A distributed Map's child workflows run as its ExecutionType; an inline Map inside them
    # runs in that child execution; an invalid ExecutionType leaves the type unknown.
    inner_inline = _map(None, {"Leaf": {"Type": "Pass", "End": True}})
    express = _map({"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, {"Inner": inner_inline})
    broken = _map({"Mode": "DISTRIBUTED", "ExecutionType": "EXPRES"}, {"B": {"Type": "Pass", "End": True}})
    definition = {"StartAt": "D", "States": {
        "D": {**express, "End": False, "Next": "X"}, "X": broken,
        "Old": {"Type": "Map", "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
                "End": True},
        "Odd": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "Bogus"}}, "End": True},
        "P": {"Type": "Pass", "End": True}}}
    m = model.build(definition, "flow", machine_type="STANDARD")
    types = {s.pointer: (s.execution_type, s.distributed_map and s.distributed_map.name) for s in m.scopes}
    assert types == {
        "": ("STANDARD", None),
        "/States/D/ItemProcessor": ("EXPRESS", "D"),
        "/States/D/ItemProcessor/States/Inner/ItemProcessor": ("EXPRESS", "D"),
        "/States/X/ItemProcessor": (None, "X"),
        "/States/Old/Iterator": ("STANDARD", None),
        "/States/Odd/ItemProcessor": ("STANDARD", None),
    }
    modes = {s.name: s.map_mode for s in m.states()}
    assert modes == {"D": "DISTRIBUTED", "X": "DISTRIBUTED", "Old": "INLINE", "Odd": None, "P": None,
                     "Inner": "INLINE", "Leaf": None, "B": None, "I": None}


def test_execution_type_follows_the_machine_type_set_after_build():
    # The scope reads the machine's type when asked, so it never disagrees with Machine.machine_type.
    m = model.build({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    assert m.top.execution_type is None
    m.machine_type = "EXPRESS"
    assert m.top.execution_type == "EXPRESS"


def test_edges_are_typed():
    m = model.build(DEFINITION, "flow")
    assert list(m.top.states["Pick"].edges()) == [
        model.Edge("Loop", "/States/Pick/Default", model.DEFAULT),
        model.Edge("Done", "/States/Pick/Choices/0/Next", model.CHOICE)]
    assert [e.kind for e in m.top.states["Fan"].edges()] == [model.NEXT, model.CATCH]
