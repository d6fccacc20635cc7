"""Issue 12, class 6: text from a linted file cannot inject GitHub workflow commands or terminal
escape sequences in any output format; SARIF URIs are percent-encoded; JSON stays exact JSON."""

import json

import pytest

from asllint.output.escape import github_property, printable, uri
from tests.conftest import run_asllint

EVIL_FILE = "a\n::error file=x::pwned.asl.json"
EVIL_NAME = "S\x1b[31m\n::warning::x"
EVIL_TYPE = "T\x1b[31m\n::warning::x"
SHOWN_FILE = "a\\n::error file=x::pwned.asl.json"
SHOWN_TYPE = "'T\\x1b[31m\\n::warning::x'"
TYPES = "(the types are Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map)"


@pytest.fixture
def hostile(tmp_path):
    # ASL104's message quotes the Type raw; the state name travels in the state/pointer fields.
    definition = {"StartAt": EVIL_NAME, "States": {EVIL_NAME: {"Type": EVIL_TYPE, "End": True}}}
    (tmp_path / EVIL_FILE).write_text(json.dumps(definition))
    return tmp_path


def check(cwd, fmt):
    r = run_asllint("check", "--no-cache", "--select", "ASL104", "--format", fmt, ".", cwd=cwd, plugin=False)
    assert r.returncode == 1, r.stderr
    return r.stdout


def test_concise_shows_control_characters_as_escapes(hostile):
    assert check(hostile, "concise").splitlines() == [
        f"{SHOWN_FILE}:1:91: ASL104 Unknown state type {SHOWN_TYPE} {TYPES}",
        "Found 1 finding (1 error) in 1 file, 1 state machine.",
    ]


def test_full_shows_control_characters_as_escapes(hostile):
    lines = check(hostile, "full").splitlines()
    assert lines[0] == f"{SHOWN_FILE}:1:91: ASL104 [error] Unknown state type {SHOWN_TYPE} {TYPES}"
    assert not any("\x1b" in line for line in lines)
    assert not any(line.startswith("::") for line in lines)


def test_full_source_line_is_escaped_and_the_caret_follows_the_escapes(tmp_path):
    # Raw ESC and a right-to-left override (U+202E) outside any string: an ASL000 at the ESC.
    (tmp_path / "b.asl.json").write_bytes(b'{"StartAt": "A",\n "States": \x1b[31m\xe2\x80\xae {}}\n')
    r = run_asllint("check", "--no-cache", "--format", "full", "b.asl.json", cwd=tmp_path, plugin=False)
    assert r.stdout.splitlines()[:3] == [
        "b.asl.json:2:12: ASL000 [error] invalid JSON: Expecting value",
        '    2 |  "States": \\x1b[31m\\u202e {}}',
        "      |            " + "^" * len("\\x1b[31m\\u202e {}}"),
    ]


def test_github_commands_cannot_be_injected(hostile):
    assert check(hostile, "github").splitlines() == [
        "::error file=a\\n%3A%3Aerror file=x%3A%3Apwned.asl.json,line=1,col=91,endLine=1,endColumn=118,"
        f"title=ASL104 unknown-state-type::Unknown state type {SHOWN_TYPE} {TYPES}",
    ]


def test_json_keeps_the_exact_text(hostile):
    out = json.loads(check(hostile, "json"))
    (f,) = out["findings"]
    assert (f["file"], f["state"], f["pointer"]) == (EVIL_FILE, EVIL_NAME, f"/States/{EVIL_NAME}/Type")
    assert f["message"] == f"Unknown state type '{EVIL_TYPE}' {TYPES}"


def test_sarif_uri_is_percent_encoded_and_message_printable(hostile):
    (result,) = json.loads(check(hostile, "sarif"))["runs"][0]["results"]
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "a%0A%3A%3Aerror%20file%3Dx%3A%3Apwned.asl.json"
    assert result["message"]["text"] == f"Unknown state type {SHOWN_TYPE} {TYPES}"
    assert location["logicalLocations"][0]["name"] == "S\\x1b[31m\\n::warning::x"
    assert result["properties"]["state"] == EVIL_NAME   # properties keep the exact text, like the JSON format


@pytest.mark.parametrize("text, shown", [
    ("plain café \\ text", "plain café \\ text"),            # backslashes and non-ASCII letters unchanged
    ("a\tb\rc\nd", "a\\tb\\rc\\nd"),
    ("\x00\x1f\x7f\x85\x9f", "\\x00\\x1f\\x7f\\x85\\x9f"),   # C0, DEL, C1 (NEL)
    ("x\u2028y\u2029z", "x\\u2028y\\u2029z"),                # line and paragraph separators
    ("\u202egnp.exe\u202c \u2066\u2069 \u200f", "\\u202egnp.exe\\u202c \\u2066\\u2069 \\u200f"),  # bidi
])
def test_printable(text, shown):
    assert printable(text) == shown


def test_github_property_escapes_percent_colon_comma():
    assert github_property("50%,a:b\r\n") == "50%25%2Ca%3Ab\\r\\n"


@pytest.mark.parametrize("path, encoded", [
    ("./dir/a b#c?.json", "dir/a%20b%23c%3F.json"),
    ("/abs/ü%.json", "file:///abs/%C3%BC%25.json"),
    ("x\udcff.json", "x%FF.json"),                            # a non-UTF-8 byte on disk: the byte itself
])
def test_sarif_uri(path, encoded):
    assert uri(path) == encoded


def test_config_error_naming_a_hostile_key_is_escaped(tmp_path):
    (tmp_path / "asllint.toml").write_text('"x\\n::error::pwned" = 1\n')
    (tmp_path / "m.asl.json").write_text('{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}')
    r = run_asllint("check", "m.asl.json", cwd=tmp_path, plugin=False)
    assert r.returncode == 2
    assert r.stderr.startswith(f"asllint: {tmp_path / 'asllint.toml'}: unknown key `x\\n::error::pwned` in [tool.asllint]")
    assert "\n::" not in r.stderr


def test_a_state_name_quoted_raw_in_a_message_is_escaped_in_concise_and_github(tmp_path):
    # ASL103 quotes the state name as written: the newline must not start a workflow command.
    (tmp_path / EVIL_FILE).write_text(json.dumps({"StartAt": EVIL_NAME, "States": {EVIL_NAME: 1}}))
    args = ("check", "--no-cache", "--select", "ASL103", ".")
    concise = run_asllint(*args, cwd=tmp_path, plugin=False).stdout.splitlines()
    assert concise[0] == f"{SHOWN_FILE}:1:82: ASL103 State 'S\\x1b[31m\\n::warning::x' must be an object, not an integer"
    github = run_asllint(*args[:-1], "--format", "github", ".", cwd=tmp_path, plugin=False).stdout.splitlines()
    assert github == ["::error file=a\\n%3A%3Aerror file=x%3A%3Apwned.asl.json,line=1,col=82,endLine=1,endColumn=83,"
                      "title=ASL103 invalid-field-type::State 'S\\x1b[31m\\n::warning::x' must be an object, not an integer"]


def test_simulate_text_output_escapes_what_the_definition_says(tmp_path):
    # A Fail state's Cause and a state name reach the terminal through `asllint simulate`: no
    # escape sequence and no line that GitHub could read as a workflow command.
    definition = {"StartAt": "Red\x1b[31m", "States": {
        "Red\x1b[31m": {"Type": "Fail", "Error": "Boom", "Cause": "x\n::error file=a::pwned"}}}
    path = tmp_path / "m.asl.json"
    path.write_text(json.dumps(definition))
    r = run_asllint("simulate", str(path), "--history", plugin=False)
    assert r.returncode == 1, r.stderr
    assert "\x1b" not in r.stdout and "\n::error" not in r.stdout
    lines = r.stdout.splitlines()
    assert lines[:3] == ["m: FAILED after 1 transition(s), 0 s simulated", "error: Boom",
                         "cause: x\\n::error file=a::pwned"]
