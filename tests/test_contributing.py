"""CONTRIBUTING.md's rule example runs as written, and is not one of asllint's own rules."""

import re
import types

import pytest

from asllint import plugins
from tests.conftest import ROOT

EXAMPLE = re.search(r"^## A rule\n.*?^```python\n(.*?)^```", (ROOT / "CONTRIBUTING.md").read_text(),
                    re.S | re.M).group(1)


@pytest.fixture
def example_plugin():
    module = types.ModuleType("contributing_example")
    exec(compile(EXAMPLE, "CONTRIBUTING.md", "exec"), module.__dict__)
    pm = plugins.manager()
    pm.register(module, "contributing-example")
    plugins.all_rules.cache_clear()
    yield module
    pm.unregister(module)
    plugins.all_rules.cache_clear()


def test_example_is_a_new_rule_with_a_plugin_code():
    # It once reused ASL108's name under another ASL code: an example must not look like a rule
    # that exists, and a plugin's code has its own prefix.
    builtin = plugins.all_rules().values()
    assert re.search(r'@rule\("(\w+)", "([\w-]+)"', EXAMPLE).groups() == ("ACME002", "task-without-comment")
    assert "ACME002" not in {r.code for r in builtin}
    assert "task-without-comment" not in {r.name for r in builtin}


def test_example_rule_reports_what_it_says(example_plugin, lint):
    found = lint({"StartAt": "Call", "States": {
        "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Noted"},
        "Noted": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Comment": "why", "End": True}}},
        "ACME002")
    assert found == [("ACME002", 4, 5, "Task state 'Call' has no Comment; ACME documents every call to another "
                                       "service where it is made")]
