"""The pre-commit hook: its entry run with several filenames, as pre-commit does."""

import shlex

from tests.conftest import FIXTURES, ROOT, run_asllint


def hook():
    from ruamel.yaml import YAML

    (entry,) = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    return entry


def test_hook_definition():
    h = hook()
    assert h["id"] == "asllint" and h["types_or"] == ["json", "yaml"] and h["language"] == "python"
    assert shlex.split(h["entry"])[0] == "asllint"


def test_hook_entry_with_filenames(tmp_path):
    args = shlex.split(hook()["entry"])[1:]
    (tmp_path / "chart.yaml").write_text("replicas: {{ .Values.n }}\n")      # not a state machine: skipped
    (tmp_path / "package.json").write_text('{"name": "x"}')
    (tmp_path / "flow.asl.json").write_text((FIXTURES / "report" / "flow.asl.json").read_text())
    r = run_asllint(*args, "--select", "XYZ001", "chart.yaml", "package.json", "flow.asl.json", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "flow.asl.json:4:23: XYZ001 state 'First' is a Pass state",
        "flow.asl.json:5:24: XYZ001 state 'Second' is a Pass state",
        "Found 2 findings (2 warnings) in 3 files, 1 state machine.",
    ]
    clean = run_asllint(*args, "chart.yaml", "package.json", cwd=tmp_path)
    assert clean.returncode == 0 and clean.stdout == "All checks passed (2 files, 0 state machines).\n"
