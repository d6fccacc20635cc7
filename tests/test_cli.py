"""The command line as users run it: formats (stored expected output), exit codes, stdin, rules."""

import json

import pytest

from tests.conftest import FIXTURES, ROOT, run_asllint, shared_path

REPORT = FIXTURES / "report"
EXPECTED = FIXTURES / "expected"


@pytest.mark.parametrize("fmt", ["concise", "full", "json", "github", "sarif"])
def test_formatter_output_is_stored_exactly(fmt):
    r = run_asllint("check", "--select", "XYZ001", "--format", fmt, ".", cwd=REPORT)
    assert r.returncode == 1, r.stderr
    assert r.stderr == ""
    expected = (EXPECTED / f"report.{fmt}").read_text()
    if fmt in ("json", "sarif"):
        got, want = json.loads(r.stdout), json.loads(expected)
        for doc in (got, want):  # the version is not part of the contract under test
            doc.pop("asllint", None)
            for run in doc.get("runs", []):
                run["tool"]["driver"].pop("version", None)
                run["tool"]["driver"].pop("semanticVersion", None)
                for rule in run["tool"]["driver"]["rules"]:  # the docs' text is tested on its own
                    assert rule.pop("help", {"markdown": "---"})["markdown"].startswith("---")
        assert got == want
    else:
        assert r.stdout == expected


def test_json_report_matches_its_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "asllint" / "schemas" / "report.schema.json").read_text())
    out = json.loads((EXPECTED / "report.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(out)


def test_sarif_is_valid_sarif_2_1_0():
    schema_path = shared_path("schemas", "sarif-schema-2.1.0.json")
    jsonschema = pytest.importorskip("jsonschema")
    log = json.loads((EXPECTED / "report.sarif").read_text())
    errors = list(jsonschema.Draft7Validator(json.loads(schema_path.read_text())).iter_errors(log))
    assert errors == []
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["ASL000", "XYZ001", "XYZ001", "XYZ001"]
    assert log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 23, "endLine": 4, "endColumn": 29}


@pytest.mark.parametrize("args, code", [
    (["--select", "XYZ001"], 1),                         # warnings fail by default
    (["--select", "XYZ001", "--fail-on", "error"], 0),    # relaxed gate: only errors fail
    (["--select", "XYZ001", "--exit-zero"], 0),
    (["--select", "XYZ001", "--severity-not-an-option"], 2),
    (["--select", "NOPE"], 2),                            # unknown selector is a usage error
    (["--select", "XYZ002"], 2),                          # a crashing rule: exit 2, and an ASL001 finding
])
def test_exit_codes(args, code):
    r = run_asllint("check", *args, "flow.asl.json", cwd=REPORT)
    assert r.returncode == code, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr


def test_rule_crash_is_a_finding_and_other_rules_still_run():
    r = run_asllint("check", "--select", "XYZ001,XYZ002", "flow.asl.json", cwd=REPORT)
    assert r.returncode == 2
    assert r.stdout.splitlines()[:3] == [
        "flow.asl.json:1:1: ASL001 rule XYZ002 (always-crashes) crashed: RuntimeError: boom",
        "flow.asl.json:4:23: XYZ001 state 'First' is a Pass state",
        "flow.asl.json:5:24: XYZ001 state 'Second' is a Pass state",
    ]


def test_info_never_fails_by_default(tmp_path):
    (tmp_path / "t.json").write_text(json.dumps({"Resources": {"M": {
        "Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionS3Location": {"Bucket": "b", "Key": "k"}}}}}))
    r = run_asllint("check", "--select", "ASL004", "t.json", cwd=tmp_path)
    assert r.returncode == 0
    assert r.stdout.splitlines()[0] == "t.json:1:81: ASL004 the definition is in S3 (DefinitionS3Location); not linted"


def test_stdin_with_filename():
    text = (REPORT / "flow.asl.json").read_text()
    r = run_asllint("check", "--select", "XYZ001", "--stdin-filename", "piped.asl.json", "-", stdin=text)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0] == "piped.asl.json:4:23: XYZ001 state 'First' is a Pass state"


def test_bare_paths_mean_check_and_output_file(tmp_path):
    out = tmp_path / "report.txt"
    r = run_asllint("--select", "XYZ001", "-q", "--output", str(out), "flow.asl.yaml", cwd=REPORT)
    assert r.returncode == 1 and r.stdout == ""
    assert out.read_text() == "flow.asl.yaml:4:11: XYZ001 state 'Only' is a Pass state\n"


def test_statistics():
    r = run_asllint("check", "--select", "XYZ001", "--statistics", "-q", ".", cwd=REPORT)
    assert r.stdout.splitlines()[-2:] == ["    3  XYZ001  pass-state-found", "    1  ASL000  parse-error"]


def test_missing_path_is_a_usage_error():
    r = run_asllint("check", "no/such/file.json", cwd=REPORT)
    assert r.returncode == 2
    assert r.stderr == "asllint: no such file or folder: no/such/file.json\n"


def test_version_and_module_entry():
    from asllint import __version__

    r = run_asllint("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"asllint {__version__}"


def test_rules_list_and_rule_doc():
    r = run_asllint("rules")
    lines = r.stdout.splitlines()
    assert any(line.startswith("XYZ001  pass-state-found") for line in lines)
    assert any(line.startswith("ASL002  unused-suppression") and line.endswith("(off by default)") for line in lines)
    doc = run_asllint("rule", "XYZ001")
    assert doc.stdout.startswith("---\ncode: XYZ001\n")
    assert run_asllint("rule", "pass-state-found").stdout == doc.stdout
    assert run_asllint("rule", "ZZZ999").returncode == 2


def test_builtin_rule_docs_are_shipped_and_printed():
    r = run_asllint("rule", "ASL000")
    assert r.returncode == 0
    assert r.stdout.startswith("---\ncode: ASL000\nname: parse-error\n")


def test_walk_skips_dependency_folders_but_named_paths_are_linted(tmp_path):
    flow = (REPORT / "flow.asl.json").read_text()
    for d in ("node_modules/pkg", "cdk.out", ".aws-sam/build", "src"):
        (tmp_path / d).mkdir(parents=True)
        (tmp_path / d / "m.asl.json").write_text(flow)
    r = run_asllint("check", "--select", "XYZ001", "-q", ".", cwd=tmp_path)
    assert sorted({line.split(":")[0] for line in r.stdout.splitlines()}) == ["src/m.asl.json"]
    r = run_asllint("check", "--select", "XYZ001", "-q", "cdk.out", cwd=tmp_path)
    assert sorted({line.split(":")[0] for line in r.stdout.splitlines()}) == ["cdk.out/m.asl.json"]


def test_definition_uri_file_is_reported_once_with_substitutions(tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "containers", tmp_path / "c")
    r = run_asllint("check", "--select", "XYZ001,ASL", "--format", "json", ".", cwd=tmp_path / "c")
    out = json.loads(r.stdout)
    paths = [f["path"] for f in out["files"]]
    assert paths.count("statemachine/flow.asl.json") == 1
    by_path = {f["path"]: f["machines"] for f in out["files"]}
    assert by_path["sam.yaml"] == 1 and by_path["statemachine/flow.asl.json"] == 1
    assert by_path["template-oneline.json"] == 2 and by_path["serverless.yml"] == 1


def test_parallel_jobs_give_the_same_report_as_one_process(tmp_path):
    import shutil

    for i in range(10):
        shutil.copytree(FIXTURES / "containers", tmp_path / f"p{i:02}")
    one = run_asllint("check", "--select", "ASL,EB,XYZ001", "--no-confirm", "--format", "json", "--jobs", "1", ".", cwd=tmp_path)
    two = run_asllint("check", "--select", "ASL,EB,XYZ001", "--no-confirm", "--format", "json", "--jobs", "2", ".", cwd=tmp_path)
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    assert a["summary"]["files"] == 10 * 11
    assert (a["findings"], a["files"]) == (b["findings"], b["files"])
    assert one.returncode == two.returncode == 1


def test_a_misspelled_plugin_hook_is_a_usage_error(tmp_path):
    pkg = tmp_path / "asllint_typo_plugin"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        "from asllint.hookspecs import hookimpl\n\n@hookimpl\ndef asllint_rule():\n    return []\n")
    dist = tmp_path / "asllint_typo_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: asllint-typo-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[asllint]\ntypo = asllint_typo_plugin\n")
    r = run_asllint("check", "flow.asl.json", cwd=REPORT, plugin=False, env={"PYTHONPATH": str(tmp_path)})
    assert r.returncode == 2
    assert r.stderr.startswith("asllint: invalid plugin hook implementation:")
    assert "asllint_rule" in r.stderr and "Traceback" not in r.stderr


def _plant_plugin(folder, marker):
    """A plugin in `folder` that leaves `marker` and raises as soon as it is imported."""
    (folder / "asllint_planted.py").write_text(f"open({str(marker)!r}, 'w').write('x')\nraise SystemExit('pwned')\n")
    dist = folder / "asllint_planted-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: asllint-planted\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[asllint]\nplanted = asllint_planted\n")


def test_python_m_never_loads_a_plugin_from_the_current_directory(tmp_path):
    # Issue 12, class 9: `python -m` puts the current directory on sys.path; a repository that
    # commits a *.dist-info folder must not get its code run by the linter.
    marker = tmp_path / "imported"
    _plant_plugin(tmp_path, marker)
    (tmp_path / "m.asl.json").write_text('{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}')
    r = run_asllint("check", "--no-cache", "m.asl.json", cwd=tmp_path, plugin=False)
    assert (r.returncode, r.stdout, r.stderr) == (0, "All checks passed (1 file, 1 state machine).\n", "")
    assert not marker.exists()


def test_plugin_search_path_leaves_out_the_current_directory(tmp_path, monkeypatch):
    from asllint.plugins import plugin_search_path

    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend("")
    path = plugin_search_path()
    assert "" not in path and str(tmp_path) not in path
    import sys

    assert [p for p in sys.path if "site-packages" in p] == [p for p in path if "site-packages" in p]
