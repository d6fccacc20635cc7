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


def test_closest_ignores_case_and_separators():
    from asllint.asl.wording import closest
    from asllint.eventbridge.putevents import ENTRY_FIELDS

    assert closest("Detail-Type", ENTRY_FIELDS) == "DetailType"
    assert closest("detail_type", ENTRY_FIELDS) == "DetailType"
    assert closest("Sources", ENTRY_FIELDS) == "Source"
    assert closest("Foo", ENTRY_FIELDS) is None


def test_one_cut_off_for_every_suggestion():
    """0.6, difflib's default, everywhere: before, the structure and graph rules asked for 0.75,
    the intrinsics for 0.7 and the Resource and EventBridge rules for 0.6, so one typo got a
    suggestion in one field and none in another."""
    from asllint.asl.wording import SUGGESTION_CUTOFF, closest

    assert SUGGESTION_CUTOFF == 0.6
    assert closest("Entry", ["Entries"]) == "Entries"          # ratio 0.67: kept
    assert closest("Tsak", ["Task", "Pass"]) == "Task"
    assert closest("Wait", ["Parallel", "Succeed"]) is None


def test_a_shared_prefix_does_not_make_every_name_close():
    from asllint.asl.wording import closest

    functions = ["States.Format", "States.Hash", "States.MathAdd"]
    assert closest("States.Fromat", functions, shared_prefix="States.") == "States.Format"
    assert closest("Format", functions, shared_prefix="States.") == "States.Format"
    assert closest("states.format", functions, shared_prefix="States.") == "States.Format"
    assert closest("States.Nope", functions, shared_prefix="States.") is None


def test_did_you_mean_has_one_wording():
    from asllint.asl.wording import did_you_mean

    assert did_you_mean("Nxt", ["Next", "End"]) == " (did you mean 'Next'?)"
    assert did_you_mean("putEvnts", ["putEvents"], shown=lambda a: f"events:{a}") == " (did you mean 'events:putEvents'?)"
    assert did_you_mean("Next", ["Next"]) == ""                 # nothing to correct
    assert did_you_mean("Zzz", ["Next"]) == ""


def test_value_wording():
    from asllint.asl.wording import quoted, type_word

    assert [type_word(v) for v in ({}, [], "s", 1, 1.5, True, None)] == [
        "an object", "an array", "a string", "a number", "a number", "a boolean", "null"]
    assert type_word(3, integer=True) == "an integer"
    assert quoted("order-id") == "'order-id'"
    assert quoted("line\nbreak\x1b[2J") == "'line\\nbreak\\x1b[2J'"   # the terminal is not rewritten
    assert [quoted(v) for v in (True, None, 3)] == ["true", "null", "3"]
