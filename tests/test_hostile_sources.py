"""Hostile input to the sources (issue 12): nothing read outside the linted tree, walks that
end, positions and placeholders in linear time, one bad file never loses the run.

Time bounds are a generous subprocess timeout (run_asllint: 120 s), never a tight assertion:
the slow versions took from 80 s to hours, the linear ones well under a second."""

import builtins
import json
import os
import re

import pytest

from asllint.engine import Linter, Options
from asllint.output import formatters
from asllint.sources.discover import discover
from tests.conftest import run_asllint

FLOW = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Nxt": "B", "End": true}}}\n'
FLOW_FINDING = "1:51: ASL102 Unknown field 'Nxt' (did you mean 'Next'?) in a Pass state"
SECRET = "aws_secret_access_key: SECRET-do-not-print"


@pytest.fixture
def opened(monkeypatch):
    """The real paths of every file opened through builtins.open while the test runs."""
    seen = []
    real_open = builtins.open

    def recording_open(file, *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)):
            seen.append(os.path.realpath(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    return seen


def _tree_with_links_out(tmp_path):
    """tree/ with one real definition and two links named like definitions leading out of it."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "m.asl.json").write_text(FLOW)
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "credentials").write_text(SECRET + "\nStartAt: A\nStates: {}\n")
    (tree / "creds.asl.yaml").symlink_to(outside / "credentials")
    (tree / "env.asl.json").symlink_to("/proc/self/environ")
    return tree, outside


# -- 1. secrets: links and references that leave the linted tree ------------------------------

def test_walked_links_out_of_the_tree_are_reported_and_never_opened(tmp_path, opened):
    tree, outside = _tree_with_links_out(tmp_path)
    found = discover([str(tree)])
    report = Linter(Options(select=["ALL"], confirm=False)).lint_paths(found.files, trees=found.trees)
    assert [(os.path.basename(f.location.path), f.code, f.severity, f.message) for f in report.findings] == [
        ("creds.asl.yaml", "ASL005", "warning", "symbolic link to a file outside the linted folder; not followed"),
        ("env.asl.json", "ASL005", "warning", "symbolic link to a file outside the linted folder; not followed"),
        ("m.asl.json", "ASL102", "error", "Unknown field 'Nxt' (did you mean 'Next'?) in a Pass state")]
    assert str(outside / "credentials") not in opened and not [p for p in opened if p.startswith("/proc/")]
    assert sorted(os.path.basename(r.path) for r in report.files) == ["creds.asl.yaml", "env.asl.json", "m.asl.json"]


def test_full_format_of_a_walk_prints_no_secret(tmp_path):
    tree, _ = _tree_with_links_out(tmp_path)
    r = run_asllint("check", "--no-cache", "--no-confirm", "--format", "full", "tree", cwd=tmp_path,
                    env={"ASLLINT_TEST_MARKER": "ENV-SECRET-do-not-print"}, plugin=False)
    assert r.returncode == 1, r.stderr
    assert "SECRET" not in r.stdout and "Traceback" not in r.stderr
    assert re.findall(r"^\S+: ASL\d+ .*$", r.stdout, re.M) == [
        "tree/creds.asl.yaml:1:1: ASL005 [warning] symbolic link to a file outside the linted folder; not followed",
        "tree/env.asl.json:1:1: ASL005 [warning] symbolic link to a file outside the linted folder; not followed",
        "tree/m.asl.json:1:51: ASL102 [error] Unknown field 'Nxt' (did you mean 'Next'?) in a Pass state"]


def test_a_link_named_on_the_command_line_is_the_users_choice(tmp_path):
    """Only links met while walking are refused: a file the user names is read through its link."""
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "flow.json").write_text(FLOW)
    (tmp_path / "here").mkdir()
    (tmp_path / "here" / "link.asl.json").symlink_to(tmp_path / "real" / "flow.json")
    r = run_asllint("check", "--no-cache", "--no-confirm", "-q", "link.asl.json", cwd=tmp_path / "here", plugin=False)
    assert (r.returncode, r.stdout) == (1, f"link.asl.json:{FLOW_FINDING}\n")


def test_named_link_to_proc_environ_prints_nothing_of_it(tmp_path):
    (tmp_path / "env.asl.json").symlink_to("/proc/self/environ")
    r = run_asllint("check", "--no-cache", "--no-confirm", "--format", "full", "-q", "env.asl.json", cwd=tmp_path,
                    env={"ASLLINT_TEST_MARKER": "ENV-SECRET-do-not-print"}, plugin=False)
    assert (r.returncode, r.stdout) == (
        1, "env.asl.json:1:1: ASL000 [error] file is binary (it holds NUL bytes), not JSON or YAML text\n"
           "  = help: https://github.com/asllint/asllint/blob/main/rules/ASL000-parse-error.md\n")


def _sam_template(uri):
    return ("Resources:\n  Flow:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
            f"      DefinitionUri: {uri}\n")


def test_definition_uri_outside_the_tree_is_never_opened_and_never_tells_existence(tmp_path, opened):
    tree, outside = tmp_path / "repo", tmp_path / "home"
    tree.mkdir()
    outside.mkdir()
    (outside / "flow.asl.json").write_text(SECRET)
    (tree / "exists.yaml").write_text(_sam_template("../home/flow.asl.json"))
    (tree / "missing.yaml").write_text(_sam_template("../home/nothing.asl.json"))
    (tree / "linked").symlink_to(outside, target_is_directory=True)
    (tree / "via-link.yaml").write_text(_sam_template("linked/flow.asl.json"))
    found = discover([str(tree)])
    report = Linter(Options(select=["ALL"], confirm=False)).lint_paths(found.files, trees=found.trees)
    assert [(os.path.basename(f.location.path), f.location.span.start, f.code, f.message) for f in report.findings] == [
        ("exists.yaml", (5, 22), "ASL005", "DefinitionUri ../home/flow.asl.json leads outside the linted folder; not read"),
        ("linked", (1, 1), "ASL005", "symbolic link to a folder outside the linted folder; not walked"),
        ("missing.yaml", (5, 22), "ASL005", "DefinitionUri ../home/nothing.asl.json leads outside the linted folder; not read"),
        ("via-link.yaml", (5, 22), "ASL005", "DefinitionUri linked/flow.asl.json leads outside the linted folder; not read")]
    assert not [p for p in opened if p.startswith(str(outside))]


def test_definition_uri_of_a_named_template_stays_in_the_current_folder(tmp_path):
    """A template named from the repository root (pre-commit, CI) may name a definition in a
    sibling folder of the repository; one level further up leaves it."""
    (tmp_path / "repo" / "app").mkdir(parents=True)
    (tmp_path / "repo" / "shared").mkdir()
    (tmp_path / "repo" / "shared" / "flow.asl.json").write_text(FLOW)
    (tmp_path / "repo" / "app" / "template.yaml").write_text(_sam_template("../shared/flow.asl.json"))
    (tmp_path / "repo" / "app" / "escape.yaml").write_text(_sam_template("../../outside.asl.json"))
    r = run_asllint("check", "--no-cache", "--no-confirm", "-q", "app/template.yaml", "app/escape.yaml",
                    cwd=tmp_path / "repo", plugin=False)
    assert (r.returncode, r.stdout) == (1, (
        "app/escape.yaml:5:22: ASL005 DefinitionUri ../../outside.asl.json leads outside the linted folder; not read\n"
        f"shared/flow.asl.json:{FLOW_FINDING}\n"))


def test_full_format_prints_the_text_that_was_linted_not_the_file_now(tmp_path, opened):
    path = tmp_path / "m.asl.json"
    path.write_text(FLOW)
    report = Linter(Options(select=["ALL"], confirm=False)).lint_paths([str(path)])
    path.write_text(SECRET + "\n")  # changed (or swapped for a link) after the lint
    before = len(opened)
    text = formatters.full(report)
    assert opened[before:] == []
    assert text.splitlines()[1:3] == [
        "    1 | " + FLOW.rstrip("\n"),
        "      | " + " " * 50 + "^^^^^"]


def test_full_format_never_opens_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe.asl.json")
    r = run_asllint("check", "--no-cache", "--format", "full", "-q", "pipe.asl.json", cwd=tmp_path, plugin=False)
    assert (r.returncode, r.stdout) == (
        1, "pipe.asl.json:1:1: ASL000 [error] not a regular file; not read\n"
           "  = help: https://github.com/asllint/asllint/blob/main/rules/ASL000-parse-error.md\n")


# -- 2. walks that end --------------------------------------------------------------------------

def test_walk_with_links_to_the_root_and_to_an_ancestor_ends(tmp_path):
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "m.asl.json").write_text(FLOW)
    (tree / "loop").symlink_to("..", target_is_directory=True)        # the tree's parent: outside
    (tree / "sub" / "up").symlink_to("..", target_is_directory=True)  # the tree itself: a cycle
    (tree / "root").symlink_to("/", target_is_directory=True)
    r = run_asllint("check", "--no-cache", "--no-confirm", "tree", cwd=tmp_path, plugin=False)
    # The links out of the tree are said, never entered; the cycle is neither entered nor said.
    assert (r.returncode, r.stdout) == (1, (
        "tree/loop:1:1: ASL005 symbolic link to a folder outside the linted folder; not walked\n"
        "tree/root:1:1: ASL005 symbolic link to a folder outside the linted folder; not walked\n"
        f"tree/sub/m.asl.json:{FLOW_FINDING}\n"
        "Found 3 findings (1 error, 2 warnings) in 1 file, 1 state machine.\n"))


def test_walk_enters_a_link_that_stays_inside_the_tree_once(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "m.asl.json").write_text(FLOW)
    (tmp_path / "b").symlink_to(tmp_path / "a", target_is_directory=True)
    found = discover([str(tmp_path)])
    assert [os.path.relpath(f, tmp_path) for f in found.files] == ["a/m.asl.json"]
    assert found.trees.escaping == set()


# -- 3. positions and placeholders in linear time -----------------------------------------------

def test_two_thousand_findings_get_their_positions_in_one_pass(tmp_path):
    states = {f"S{i}": {"Type": "Pass", "Bogus": i, **({"Next": f"S{i + 1}"} if i < 1999 else {"End": True})}
              for i in range(2000)}
    text = json.dumps({"StartAt": "S0", "States": states}, separators=(",", ":"))
    (tmp_path / "many.asl.json").write_text(text)
    assert 80_000 < len(text) < 110_000
    r = run_asllint("check", "--no-cache", "--no-confirm", "--format", "json", "many.asl.json", cwd=tmp_path, plugin=False)
    findings = json.loads(r.stdout)["findings"]
    assert r.returncode == 1 and len(findings) == 2000
    assert {f["code"] for f in findings} == {"ASL102"}
    first = text.index('"Bogus"')
    second = text.index('"Bogus"', first + 1)
    last = text.rindex('"Bogus"')
    assert [(f["state"], f["start"]["column"], f["end"]["column"]) for f in (findings[0], findings[1], findings[-1])] == [
        ("S0", first + 1, first + 8), ("S1", second + 1, second + 8), ("S1999", last + 1, last + 8)]


@pytest.mark.parametrize("text, expected", [
    # 160 KB of `${` without `}`: bare placeholders are looked for, none closes.
    ('{"StartAt": "A", "States": ' + "${" * 80_000, "1:28: ASL000 invalid JSON: Expecting value"),
    # an unterminated string of escaped quotes: the placeholder quoting scans it once.
    ('{"StartAt": ${x}, "States": "' + '\\"' * 80_000, "1:13: ASL000 invalid JSON: Expecting value"),
])
def test_unterminated_placeholders_and_strings_are_read_in_linear_time(tmp_path, text, expected):
    (tmp_path / "m.asl.json").write_text(text)
    r = run_asllint("check", "--no-cache", "--no-confirm", "-q", "m.asl.json", cwd=tmp_path, plugin=False)
    assert (r.returncode, r.stdout) == (1, f"m.asl.json:{expected}\n")


def test_a_value_of_unclosed_placeholders_is_checked_in_linear_time(tmp_path):
    """`is_placeholder` runs on every string value: 160 KB of `${` is not a placeholder."""
    definition = {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${" * 80_000, "End": True}}}
    (tmp_path / "m.asl.json").write_text(json.dumps(definition))
    r = run_asllint("check", "--no-cache", "--no-confirm", "--format", "json", "m.asl.json", cwd=tmp_path, plugin=False)
    assert r.returncode == 1, r.stderr
    assert [(f["code"], f["pointer"]) for f in json.loads(r.stdout)["findings"]] == [("ASL301", "/States/A/Resource")]


def test_placeholder_spans_are_the_regular_expressions_matches():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from asllint.asl.placeholders import placeholder_spans

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="${}ab", max_size=40))
    def same(text):
        assert list(placeholder_spans(text)) == [m.span() for m in re.finditer(r"\$\{[^}]*\}", text)]
        assert list(placeholder_spans(text, allow_empty=False)) == [m.span() for m in re.finditer(r"\$\{[^}]+\}", text)]

    same()


# -- 5. one file never loses the run ------------------------------------------------------------

@pytest.mark.parametrize("name, text, where", [
    ("a-big.asl.json", '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Comment": "' + "8" * 5000 + '",\n'
                       '  "Result": ' + "9" * 5000 + ', "End": true}}}', "2:13"),
    ("a-big.asl.yaml", "StartAt: A\nStates:\n  A:\n    Type: Wait\n    Seconds: " + "9" * 5000 + "\n    End: true\n",
     "5:14"),
])
def test_an_integer_too_long_to_convert_is_that_files_finding(tmp_path, name, text, where):
    """Python's int() refuses more than 4,300 decimal digits: that ended the whole run as an
    internal error (JSON), or turned the number into a string every rule misread (YAML)."""
    (tmp_path / name).write_text(text)
    (tmp_path / "b.asl.json").write_text(FLOW)
    r = run_asllint("check", "--no-cache", "--no-confirm", "-q", ".", cwd=tmp_path, plugin=False)
    assert (r.returncode, r.stdout) == (1, (
        f"{name}:{where}: ASL000 an integer has 5,000 digits, more than the 4,300 asllint reads; not linted\n"
        f"b.asl.json:{FLOW_FINDING}\n"))

def _serverless(definition):
    return f"service: s\nstepFunctions:\n  stateMachines:\n    flow:\n      definition: {definition}\n"


def test_serverless_file_variable_is_read_only_inside_the_tree(tmp_path, opened):
    """serverless-step-functions reads `definition: ${file(flow.json)}` relative to serverless.yml
    (new: such definitions were not linted at all); one outside the tree is refused like a SAM
    DefinitionUri, with the same words whether the target exists or not."""
    repo, outside = tmp_path / "repo", tmp_path / "home"
    (repo / "a").mkdir(parents=True)
    (repo / "b").mkdir()
    outside.mkdir()
    (outside / "flow.asl.json").write_text(SECRET)
    (repo / "a" / "flow.json").write_text(FLOW)
    (repo / "a" / "serverless.yml").write_text(_serverless("${file(flow.json)}"))
    (repo / "b" / "serverless.yml").write_text(_serverless("${file(../../home/flow.asl.json)}"))
    (repo / "b" / "serverless.yaml").write_text(_serverless("${file(/no/such/flow.json)}"))
    found = discover([str(repo)])
    report = Linter(Options(select=["ALL"], confirm=False)).lint_paths(found.files, trees=found.trees)
    assert [(os.path.relpath(f.location.path, repo), f.location.span.start, f.code, f.machine, f.message)
            for f in report.findings] == [
        ("a/flow.json", (1, 51), "ASL102", "flow", "Unknown field 'Nxt' (did you mean 'Next'?) in a Pass state"),
        ("b/serverless.yaml", (5, 19), "ASL005", "flow",
         "definition ${file(/no/such/flow.json)} leads outside the linted folder; not read"),
        ("b/serverless.yml", (5, 19), "ASL005", "flow",
         "definition ${file(../../home/flow.asl.json)} leads outside the linted folder; not read")]
    assert not [p for p in opened if p.startswith(str(outside))]
    assert sorted((os.path.relpath(r.path, repo), r.machines) for r in report.files) == [
        ("a/flow.json", 1), ("a/serverless.yml", 0), ("b/serverless.yaml", 0), ("b/serverless.yml", 0)]


def test_thousands_of_definition_string_blocks_are_placed_in_one_split(tmp_path):
    blocks = "".join(f"  F{i}:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n"
                     f"      DefinitionString: !Sub |\n        {FLOW}" for i in range(3000))
    (tmp_path / "template.yaml").write_text("Resources:\n" + blocks)
    r = run_asllint("check", "--no-cache", "--no-confirm", "--format", "json", "template.yaml", cwd=tmp_path, plugin=False)
    findings = json.loads(r.stdout)["findings"]
    assert r.returncode == 1 and len(findings) == 3000
    # Resource i's block line is 6 + 5i; the field sits 8 columns in (the block's indent).
    assert [(f["machine"], f["code"], f["start"]["line"], f["start"]["column"]) for f in (findings[0], findings[-1])] == [
        ("F0", "ASL102", 6, 59), ("F2999", "ASL102", 6 + 5 * 2999, 59)]
