"""Findings confirmed (or refuted) by simulation: the verdicts, and what each output shows."""

import json

import pytest

from tests.conftest import FIXTURES, run_asllint

C = FIXTURES / "confirm"


def verdicts(findings):
    return [(f.code, f.state, f.confirmation["status"] if f.confirmation else None) for f in findings]


def test_confirmed_in_a_parallel_branch_sdk_and_callback(lint):
    found = lint(C / "confirmed.asl.json", "EB", confirm=True, show_refuted=True)
    assert verdicts(found) == [
        ("EB101", "Publish", "confirmed"),
        ("EB102", "Publish", "confirmed"),
        ("EB201", "Sdk", "confirmed"),
        ("EB105", "Ask", "confirmed"),
    ]
    by_code = {f.code: f.confirmation for f in found}
    assert by_code["EB101"]["summary"].startswith(
        "PutEvents failed entry 0 on every attempt; after 3 attempts the execution FAILED with EventBridge.FailedEntry")
    assert by_code["EB102"]["summary"].startswith(
        "entry 1 failed on the first attempt only; the retry re-sent the whole array and the bus received 1 duplicate event")
    assert by_code["EB105"]["summary"].startswith(
        "no receiver can send the task token back, so the task waited until the task failed with States.Timeout "
        "after 600 seconds of simulated time")
    assert by_code["EB201"]["summary"].startswith(
        "PutEvents reported entry 0 as failed, yet the execution SUCCEEDED through the same states")
    # The scenario is reported so a user can replay it; the trace keeps the state's own events.
    assert by_code["EB101"]["scenario"]["input"] == {"order": {"simulated": True}}
    assert by_code["EB101"]["scenario"]["mocks"]["eventbridge"] == {"fail_always": {"0": "InternalFailure"}}
    assert [e["type"] for e in by_code["EB101"]["trace"]][:3] == ["TaskStateEntered", "TaskScheduled", "TaskStarted"]
    assert by_code["EB101"]["trace"][-1]["type"] == "ExecutionFailed"


def test_eb101_refuted_when_a_substituted_catch_handles_it(lint):
    (f,) = lint(C / "eb101.yaml", "EB", confirm=True, show_refuted=True)
    assert (f.code, f.confirmation["status"]) == ("EB101", "refuted")
    assert f.confirmation["summary"] == "PutEvents failed entry 0 on every attempt, but a Catch handled the failure."
    assert lint(C / "eb101.yaml", "EB", show_refuted=False, confirm=True) == []


def test_eb102_refuted_when_the_retrier_never_retries(lint):
    (f,) = lint(C / "eb102.yaml", "EB", confirm=True, show_refuted=True)
    assert (f.code, f.confirmation["status"]) == ("EB102", "refuted")
    assert "no entry was delivered twice" in f.confirmation["summary"]


def test_eb105_refuted_when_the_task_fails_before_waiting(lint):
    found = {f.code: f for f in lint(C / "eb105.asl.json", "EB105", confirm=True, show_refuted=True)}
    assert found["EB105"].confirmation["status"] == "refuted"
    assert found["EB105"].confirmation["summary"] == (
        "without a callback the execution still ended FAILED with EventBridge.FailedEntry.")


def test_eb201_refuted_when_a_later_state_checks_the_count(lint):
    (f,) = lint(C / "eb201.asl.json", "EB", confirm=True, show_refuted=True)
    assert (f.code, f.confirmation["status"]) == ("EB201", "refuted")
    assert f.confirmation["summary"] == ("with a failed entry the execution took another way (FAILED with PublishFailed "
                                         "via Publish -> Audit -> Check -> Failed): the definition reacts to FailedEntryCount.")


def test_no_confirm_leaves_confirmation_null(lint):
    findings = lint(C / "eb101.yaml", "EB")
    assert [(f.code, f.confirmation) for f in findings] == [("EB101", None)]


@pytest.mark.parametrize("fmt", ["json", "sarif", "concise"])
def test_confirmation_in_every_format(fmt):
    r = run_asllint("check", "--select", "EB101", "--format", fmt, "confirmed.asl.json", cwd=C, plugin=False)
    if fmt == "json":
        (f,) = json.loads(r.stdout)["findings"]
        assert f["confirmation"]["status"] == "confirmed"
    elif fmt == "sarif":
        (res,) = json.loads(r.stdout)["runs"][0]["results"]
        assert res["properties"]["confirmation"]["status"] == "confirmed"
    else:
        assert r.stdout.splitlines()[1].startswith("  confirmed by simulation: PutEvents failed entry 0 on every attempt")


def test_simulate_scenario_replays_a_finding():
    r = run_asllint("simulate", "eb101.yaml", "--scenario", "EB101", cwd=C, plugin=False)
    lines = r.stdout.splitlines()
    assert r.returncode == 0  # refuted: nothing confirmed
    assert lines[1] == "refuted by simulation: PutEvents failed entry 0 on every attempt, but a Catch handled the failure."
    assert lines[2] == 'scenario input: {}'
    assert "history:" in lines
    bad = run_asllint("simulate", "eb101.yaml", "--scenario", "ASL101", cwd=C, plugin=False)
    assert bad.returncode == 2 and "confirmable rule code" in bad.stderr


@pytest.mark.parametrize("code", ["EB101", "EB102", "EB104", "EB105", "EB201"])
def test_rule_doc_examples_are_confirmed(code, lint):
    """Every finding of the confirmable rules' own examples is confirmed by simulation."""
    from tests.test_rule_specs import DOCS, parse_doc

    (doc,) = DOCS.glob(f"{code}-*.md")
    _, blocks = parse_doc(doc.read_text())
    statuses = []
    for i, (section, lang, title, body, _expected, _span) in enumerate(blocks):
        if section != "Example":
            continue
        name = title or ("example.asl.json" if lang == "json" else "example.asl.yaml")
        found = lint(body.encode(), code, name=name, confirm=True, show_refuted=True)
        statuses += [(i, f.confirmation["status"]) for f in found]
    assert statuses and all(status == "confirmed" for _, status in statuses), statuses


def test_confirmable_is_declared_once_on_the_rule():
    """`confirm=scenario` on `@rule` is the only declaration: `Rule.confirmable` and the codes
    `simulate --scenario` accepts are derived from it."""
    from asllint.eventbridge import confirm
    from asllint.evaluator.confirm import confirmable_codes
    from asllint.plugins import all_rules

    rules = all_rules()
    assert {code: r.confirm for code, r in rules.items() if r.confirm} == {
        "EB101": confirm.failed_entry_not_caught, "EB102": confirm.retry_duplicates,
        "EB104": confirm.payload_too_large, "EB105": confirm.callback_never_completes,
        "EB201": confirm.sdk_failures_unchecked}
    assert [code for code, r in rules.items() if r.confirmable] == confirmable_codes() == [
        "EB101", "EB102", "EB104", "EB105", "EB201"]


def test_a_plugin_rule_can_still_say_confirmable_without_a_scenario():
    """A third-party rule written with `confirmable=True` confirms its findings in its own
    `asllint_confirm` hook: the evaluator's hook leaves such a finding alone (None)."""
    from types import SimpleNamespace

    from asllint.evaluator.confirm import asllint_confirm
    from asllint.rule import rule

    @rule("XYZ900", "plugin-rule", "warning", "a plugin's rule", confirmable=True)
    def plugin_rule(machine, options):
        return []

    assert (plugin_rule.confirmable, plugin_rule.confirm) == (True, None)
    assert asllint_confirm(SimpleNamespace(code="XYZ900"), machine=None) is None


def test_simulate_scenario_lists_the_confirmable_codes():
    bad = run_asllint("simulate", "eb101.yaml", "--scenario", "EB106", cwd=C, plugin=False)
    assert bad.returncode == 2
    assert bad.stderr.strip() == ("asllint simulate: --scenario takes a confirmable rule code "
                                  "(EB101, EB102, EB104, EB105, EB201), not 'EB106'.")
