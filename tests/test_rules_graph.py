"""Graph rules (ASL150-ASL157): exact codes, messages and positions."""

from __future__ import annotations


def test_missing_targets_with_suggestions(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "start", "States": {
          "Start": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}], "Next": "Chose"},
          "Choose": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "Zzz"}], "Default": "Fail"},
          "Fail": {"Type": "Fail"}}}
        """, "ASL15")]
    assert got == [
        "1:13 ASL150 StartAt names 'start' (did you mean 'Start'?), which is not a state at the top level",
        "3:63 ASL150 Catch Next names 'Failed' (did you mean 'Fail'?), which is not a state at the top level",
        "3:83 ASL150 Next names 'Chose' (did you mean 'Choose'?), which is not a state at the top level",
        "4:88 ASL150 Choice rule Next names 'Zzz', which is not a state at the top level",
    ]


def test_transition_out_of_and_into_a_branch(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "P", "States": {
          "P": {"Type": "Parallel", "Branches": [{"StartAt": "B1", "States": {
            "B1": {"Type": "Pass", "Next": "Done"}}}], "Next": "B1"},
          "Done": {"Type": "Succeed"}}}
        """, "ASL151")]
    assert got == [
        "3:36 ASL151 Next names 'Done', a state at the top level, but this transition is in branch 1 of Parallel "
        "state 'P': states may only transition to states of their own States object",
        "3:56 ASL151 Next names 'B1', a state in branch 1 of Parallel state 'P', but this transition is at the top "
        "level: states may only transition to states of their own States object",
    ]


def test_unreachable_chains_and_cycles(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "A", "States": {
          "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handler"}], "End": true},
          "Handler": {"Type": "Fail"},
          "Orphan": {"Type": "Pass", "Next": "O2"},
          "O2": {"Type": "Pass", "Next": "O3"},
          "O3": {"Type": "Succeed"},
          "Cyc1": {"Type": "Pass", "Next": "Cyc2"},
          "Cyc2": {"Type": "Pass", "Next": "Cyc1"}}}
        """, "ASL152")]
    assert got == [
        "5:3 ASL152 State 'Orphan' is unreachable: no path from StartAt 'A' leads to it (nor to 'O2', 'O3', reached "
        "only through it)",
        "8:3 ASL152 State 'Cyc1' is unreachable: no path from StartAt 'A' leads to it (nor to 'Cyc2', reached only "
        "through it)",
    ]


def test_typo_target_is_not_also_unreachable(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Next": "Finsh"},
          "Finish": {"Type": "Pass", "Next": "End"},
          "End": {"Type": "Succeed"}}}
        """, "ASL15")]
    assert got == ["2:33 ASL150 Next names 'Finsh' (did you mean 'Finish'?), which is not a state at the top level"]


def test_loops(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "Poll", "States": {
          "Poll": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Ready?"},
          "Ready?": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Spin"},
                                                   {"Variable": "$.ok", "BooleanEquals": false, "Next": "Done"}],
                     "Default": "Wait"},
          "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Poll"},
          "Spin": {"Type": "Pass", "Next": "Spin2"},
          "Spin2": {"Type": "Pass", "Next": "Spin"},
          "Done": {"Type": "Succeed"}}}
        """, "ASL153")]
    assert got == ["7:3 ASL153 No path from state 'Spin' leads to an end state (End: true, Succeed or Fail): an "
                   "execution entering it cycles through 'Spin', 'Spin2' until it times out"]


def test_polling_loop_with_exit_is_fine(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "Poll", "States": {
          "Poll": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Ready?",
                   "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Poll"}]},
          "Ready?": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Done"}],
                     "Default": "Wait"},
          "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Poll"},
          "Done": {"Type": "Succeed"}}}
        """, "ASL1")]
    assert got == []


def test_no_terminal_state(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Next": "B"},
          "B": {"Type": "Pass", "Next": "A"}}}
        """, "ASL15")]
    assert got == [
        "1:18 ASL154 No state at the top level ends the workflow: none has End: true and none is a Succeed or Fail state",
    ]


def test_missing_next_and_next_with_end(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Next": "M"},
          "B": {"Type": "Pass", "Next": "A"},
          "M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": false}}},
                "Next": "A", "End": true}}}
        """, "ASL154,ASL156,ASL157")]
    assert got == [
        "4:69 ASL157 Pass state 'I' has neither Next nor End: true (End is false); it must name the next state or end "
        "the workflow",
        "5:22 ASL156 Map state 'M' has both Next and End: true; a state either ends the workflow or names its next state",
    ]


def test_duplicate_names_across_scopes(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "P", "States": {
          "P": {"Type": "Parallel", "Branches": [
            {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}},
            {"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}], "Next": "X"},
          "X": {"Type": "Succeed"}}}
        """, "ASL155")]
    assert got == [
        "3:33 ASL155 State name 'X' is already used at the top level; state names must be unique in the whole state "
        "machine, including Parallel branches and Map processors",
        "4:33 ASL155 State name 'X' is already used at the top level; state names must be unique in the whole state "
        "machine, including Parallel branches and Map processors",
    ]


def test_placeholders_are_never_targets_errors(lint):
    got = [str(f) for f in lint("""\
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Next": "${NextState}"},
          "B": {"Type": "Succeed"}}}
        """, "ASL150,ASL151,ASL153,ASL154")]
    assert got == []
