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
