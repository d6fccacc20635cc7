"""Bad input gets a clear ASL000 finding with a position, never a traceback."""

import json
import os

import pytest


@pytest.mark.parametrize("name, data, expected", [
    ("bad.asl.json", b'{"StartAt": "A",\n "States": {]}', [("ASL000", 2, 13, "invalid JSON: Expecting property name enclosed in double quotes")]),
    ("cut.asl.json", b'{"StartAt": "A",\n', [("ASL000", 2, 1, "invalid JSON: unexpected end of file")]),
    ("u16.asl.json", '{"StartAt": "A"}'.encode("utf-16"), [("ASL000", 1, 1, "file is UTF-16 encoded; asllint reads UTF-8 text")]),
    ("latin.asl.json", b'{"StartAt": "A",\n "Comment": "caf\xe9"}', [("ASL000", 2, 17, "file is not valid UTF-8 text (byte 0xe9)")]),
    ("bin.asl", b"\x00\x01\x02StartAt", [("ASL000", 1, 1, "file is binary (it holds NUL bytes), not JSON or YAML text")]),
    ("tabs.asl.yaml", b"StartAt: A\nStates:\n\tA: 1\n", [("ASL000", 3, 1, "invalid YAML: found character '\\t' that cannot start any token")]),
])
def test_unreadable_state_machine_files(lint, name, data, expected):
    assert lint(data, "ASL", name=name) == expected


def test_unrelated_broken_files_are_skipped(lint):
    assert lint(b"replicas: {{ .Values.n }}\n", "ASL", name="chart.yaml") == []
    assert lint(b"{oops", "ASL", name="data.json") == []


def test_broken_file_mentioning_start_at_and_states_is_reported(lint):
    assert lint(b'{"StartAt": "A", "States": }', "ASL", name="flow.json") == [
        ("ASL000", 1, 28, "invalid JSON: Expecting value")]


def test_utf8_bom_is_accepted(lint):
    text = '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}'
    assert lint(b"\xef\xbb\xbf" + text.encode(), "ASL", name="bom.asl.json") == []


def test_yaml_alias_bomb_is_bounded(lint):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    lines.append("StartAt: A\nStates: {A: {Type: Succeed, Comment: *a8}}")
    got = lint("\n".join(lines).encode(), "ASL", name="bomb.asl.yaml")
    assert len(got) == 1 and got[0][0] == "ASL000"
    assert got[0][3] == "YAML aliases expand to more than 1,000,000 nodes (a YAML bomb?); not read"


@pytest.mark.parametrize("name", ["deep.asl.json", "deep.asl.yaml"])
def test_deep_nesting_is_reported(lint, name):
    data = ("[" * 10000 + "]" * 10000) if name.endswith("json") else ("- " * 10000 + "x")
    got = lint(data.encode(), "ASL", name=name)
    assert len(got) == 1 and got[0][0] == "ASL000"
    assert "nesting" in got[0][3]


def test_large_file_is_reported_not_read(lint):
    big = '{"StartAt": "A", "States": {"A": {"Type": "Succeed", "Comment": "' + "x" * (6 * 1024 * 1024) + '"}}}'
    got = lint(big.encode(), "ASL", name="big.asl.json")
    assert got == [("ASL000", 1, 1, f"file is {len(big):,} bytes, over the 5,242,880-byte limit; not linted")]


def test_state_machine_that_is_not_an_object(lint):
    got = lint(json.dumps(["StartAt", "States"]).encode(), "ASL", name="list.asl.json")
    assert got == [("ASL000", 1, 1, "a state machine definition must be a JSON object, not an array")]
    assert lint(b"42\n", "ASL", name="n.asl.yaml") == [
        ("ASL000", 1, 1, "a state machine definition must be a JSON object, not a number")]


def test_yaml_folded_scalar_has_no_fold_markers():
    from asllint.sources.yaml_reader import load_yaml

    data, _, _ = load_yaml("a: >\n  one\n  two\n\n  three\nb: |\n  x\n  y\n")
    assert data == {"a": "one two\nthree\n", "b": "x\ny\n"}


def test_fifo_is_never_read(tmp_path, lint):
    import os

    fifo = tmp_path / "pipe.asl.json"
    os.mkfifo(fifo)
    assert [(f.code, f.message) for f in lint(fifo, "ASL")] == [("ASL000", "not a regular file; not read")]


def test_broken_symlink_is_reported(tmp_path, lint):
    (tmp_path / "flow.asl.json").symlink_to(tmp_path / "missing.json")
    assert [(f.code, f.message) for f in lint(tmp_path / "flow.asl.json", "ASL")] == [
        ("ASL000", "cannot read file: No such file or directory")]


def test_directory_symlink_loop_is_walked_once(tmp_path):
    from asllint.sources.discover import expand

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "m.asl.json").write_text('{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}')
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    files, missing = expand([str(tmp_path)])
    assert [os.path.relpath(f, tmp_path) for f in files] == ["a/m.asl.json"] and missing == []


def test_lone_surrogate_in_json_is_linted_and_printed(tmp_path):
    from tests.conftest import run_asllint

    (tmp_path / "s.asl.json").write_text(
        '{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents",'
        ' "Parameters": {"Entries": [{"Source": "a", "DetailType": "\\ud800", "Detail": {}}]}, "Nxt": "\\ud800",'
        ' "End": true}}}')
    r = run_asllint("check", "--no-confirm", "--format", "json", "s.asl.json", cwd=tmp_path, plugin=False)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    codes = [f["code"] for f in json.loads(r.stdout)["findings"]]
    assert "ASL001" not in codes and "ASL102" in codes


def test_jsonata_engine_prints_nothing(capsys):
    from asllint.jsonata.expr import QueryEvaluationError, evaluate

    try:
        evaluate("$f(1)", states={}, variables={"f": {"a": 1}})
    except QueryEvaluationError:
        pass
    assert capsys.readouterr().out == ""


def test_bare_placeholders_of_a_definition_file_are_values(lint):
    """SAM substitutes `${Name}` in a DefinitionUri file before parsing it: `"TimeoutSeconds":
    ${T}` is not JSON on disk, yet the deployed definition is valid."""
    text = ('{"StartAt": "A", "TimeoutSeconds": ${totalTimeout},\n'
            ' "States": {"A": {"Type": "Wait", "Seconds": ${waitSeconds}, "Nxt": "B", "End": true}}}')
    assert lint(text, "ALL") == [
        ("ASL102", 2, 62, "Unknown field 'Nxt' (did you mean 'Next'?) in a Wait state")]
    from asllint.sources.load import parse_json

    assert parse_json("m.asl.json", text).data["States"]["A"]["Seconds"] == "${waitSeconds}"


def test_broken_json_with_a_placeholder_is_still_a_parse_error(lint):
    found = lint('{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": ${x} "End": true}}}', "ALL")
    assert [(f.code, f.col, f.message) for f in found] == [
        ("ASL000", 61, "invalid JSON: Expecting value")]
