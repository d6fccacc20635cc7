"""How rules are registered and share work: every built-in rule reaches the engine, the README's
plugin example runs as written, and per-machine analyses are computed once."""

import importlib
import pkgutil
import re
import textwrap

import asllint
from asllint import model, plugins
from asllint.rule import Rule, per_machine
from tests.conftest import ROOT, run_asllint


def _builtin_rules_defined() -> dict:
    """{code: (module name, Rule)} for every Rule object defined in any asllint module."""
    found = {}
    for info in pkgutil.walk_packages(asllint.__path__, "asllint."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, Rule) and value.check.__module__ == info.name:
                found[value.code] = (info.name, value)
    return found


def test_every_builtin_rule_is_returned_by_an_asllint_rules_hook():
    """Registration is explicit (each module's `asllint_rules` hook, as a plugin's would be):
    this test is what makes forgetting a rule in that list impossible to merge."""
    registered = plugins.all_rules()
    defined = _builtin_rules_defined()
    forgotten = sorted(f"{code} ({module})" for code, (module, r) in defined.items() if registered.get(code) is not r)
    assert forgotten == []
    assert "ASL101" in defined and "EB101" in defined  # the walk did find the rule modules


def test_the_readme_plugin_example_runs_unchanged(tmp_path):
    """The "Writing a plugin" section of README.md, installed as its pyproject.toml says."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Writing a plugin", 1)[1]
    name, target = re.search(r'```toml\n.*?\[project.entry-points.asllint\]\n(\w+) = "([\w.]+)"', section, re.S).groups()
    code = re.search(r"```python\n# asllint_mycompany/__init__.py\n(.*?)```", section, re.S).group(1)
    package = tmp_path / "asllint_mycompany"
    package.mkdir()
    (package / "__init__.py").write_text(code, encoding="utf-8")
    (package / "ACME001.md").write_text("# ACME001 task-without-timeout\n", encoding="utf-8")
    dist = tmp_path / "asllint_mycompany-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: asllint-mycompany\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[asllint]\n{name} = {target}\n", encoding="utf-8")
    (tmp_path / "m.asl.json").write_text(textwrap.dedent("""\
        {"StartAt": "Work",
         "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}
        """))
    r = run_asllint("check", "--select", "ACME001", "--no-cache", "m.asl.json", cwd=tmp_path, plugin=False,
                    env={"PYTHONPATH": str(tmp_path)})
    assert r.stderr == ""
    assert r.stdout.splitlines()[0] == "m.asl.json:2:30: ACME001 Task 'Work' has no TimeoutSeconds"
    assert r.returncode == 1


def test_per_machine_computes_once_per_machine_under_the_function():
    calls = []

    @per_machine
    def state_names(machine):
        calls.append(machine)
        return [s.name for s in machine.states()]

    first = model.build({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})
    second = model.build({"StartAt": "B", "States": {"B": {"Type": "Succeed"}}})
    first.cache["state_names"] = "a plugin's own string key"
    assert state_names(first) == ["A"] and state_names(first) is state_names(first)
    assert state_names(second) == ["B"]
    assert calls == [first, second]
    assert first.cache["state_names"] == "a plugin's own string key"
    assert state_names.__name__ == "state_names"
