"""Issue 12 class 2: no hang and no unbounded memory in confirmation or in `asllint simulate`.

Every case states its exact outcome; bounded time is measured in simulated steps or checked with
a generous subprocess timeout (60 s), never with a tight wall-clock assertion.
"""
import json
import subprocess
import sys
import textwrap

import pytest

from asllint.bounded import budget
from asllint.evaluator import simulate
from asllint.bounded.linear_regex import LinearPattern, UnsupportedPattern, glob_match

from conftest import run_asllint

CATASTROPHIC = "/^(a+)+$/"
ALMOST = "a" * 60 + "b"  # Python's backtracking needs about 2**60 steps for this text


def jsonata_pass(expression: str) -> dict:
    return {"QueryLanguage": "JSONata", "StartAt": "P",
            "States": {"P": {"Type": "Pass", "Output": "{% " + expression + " %}", "End": True}}}


def jsonpath_pass(parameters: dict) -> dict:
    return {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": parameters, "End": True}}}


def publish(detail: str) -> dict:
    """An EB101 finding (no Catch for EventBridge.FailedEntry) whose Detail is `detail`."""
    return {"QueryLanguage": "JSONata", "StartAt": "Publish", "States": {"Publish": {
        "Type": "Task", "Resource": "arn:aws:states:::events:putEvents",
        "Arguments": {"Entries": [{"Source": "my.app", "DetailType": "Order", "Detail": detail}]},
        "End": True}}}


def run_cli(*args, cwd, stdin=None):
    return subprocess.run([sys.executable, "-m", "asllint", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=60)


# -- regular expressions run in linear time ------------------------------------------------------

@pytest.mark.parametrize("expression, output", [
    (f"$contains('{ALMOST}', {CATASTROPHIC})", False),
    (f"$match('{ALMOST}', {CATASTROPHIC})", None),  # no match: undefined, see below
    (f"$replace('{ALMOST}', {CATASTROPHIC}, 'x')", ALMOST),
    (f"$split('{ALMOST}', {CATASTROPHIC})", [ALMOST]),
    (f"$contains('{'a' * 60}', {CATASTROPHIC})", True),
])
def test_catastrophic_jsonata_regex_ends_with_the_answer(expression, output):
    result = simulate(jsonata_pass(expression))
    if output is None:
        # $match with no match is undefined, which AWS reports for the field.
        assert (result.status, result.error) == ("FAILED", "States.QueryEvaluationError")
        assert result.cause.endswith("returned nothing (undefined).")
    else:
        assert (result.status, result.output) == ("SUCCEEDED", output)


def test_jsonpath_filter_regex_on_definition_controlled_text():
    definition = jsonpath_pass({"matches.$": "$.items[?(@.s =~ /^(a+)+$/)]",
                                "all.$": "$.items[?(@.s =~ /a+b/)]"})
    result = simulate(definition, {"items": [{"s": ALMOST}]})
    assert result.status == "SUCCEEDED"
    assert result.output == {"matches": [], "all": [{"s": ALMOST}]}


def test_choice_string_matches_glob_never_backtracks():
    definition = {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [
            {"Variable": "$.s", "StringMatches": "*a*a*a*a*a*a*a*a*a*a*a*a*b*", "Next": "Yes"}],
            "Default": "No"},
        "Yes": {"Type": "Pass", "Result": "yes", "End": True},
        "No": {"Type": "Pass", "Result": "no", "End": True}}}
    assert simulate(definition, {"s": "a" * 100_000}).output == "no"
    assert simulate(definition, {"s": "a" * 100_000 + "b"}).output == "yes"


@pytest.mark.parametrize("pattern, text, matches", [
    ("*", "", True),
    ("a*c", "abbbc", True),
    ("a*c", "abbbd", False),
    ("ab*ba", "aba", False),          # prefix and suffix may not overlap
    ("a\\*c", "a*c", True),           # \* is a literal star (ASL spec, StringMatches)
    ("a\\*c", "abc", False),
    ("a\\\\*", "a\\xyz", True),       # \\ is a literal backslash, then a wildcard
    ("*.log", "app.log", True),
    ("log-*-*.txt", "log-2024-01.txt", True),
    ("*a*b", "ba", False),
])
def test_glob_match(pattern, text, matches):
    assert glob_match(pattern, text) is matches


def test_backreference_is_a_named_failure_in_the_simulation():
    result = simulate(jsonata_pass("$contains('aa', /(a)\\1/)"))
    assert (result.status, result.error) == ("FAILED", "States.QueryEvaluationError")
    assert "the regular expression /(a)\\1/ cannot run in linear time" in result.cause
    assert "backreferences and lookaround are not supported" in result.cause


def test_lookaround_in_a_jsonpath_filter_is_states_runtime():
    definition = jsonpath_pass({"m.$": "$.items[?(@.s =~ /a(?=b)/)]"})
    result = simulate(definition, {"items": [{"s": "ab"}]})
    assert (result.status, result.error) == ("FAILED", "States.Runtime")
    assert "the regular expression /a(?=b)/ cannot run in linear time" in result.cause


def test_linear_pattern_replacement_templates_follow_javascript():
    pattern = LinearPattern("(a)(n)?")
    assert pattern.sub("[\\g<1>|\\g<2>]", "banana") == "b[a|n][a|n][a|]"
    assert pattern.sub("x", "banana", 1) == "bxana"
    assert simulate(jsonata_pass("$replace('banana', /(a)(n)/, '$2$1$$')")).output == "bna$na$a"
    # A backslash in the replacement is literal in JavaScript (Python's `re` would reject it).
    assert simulate(jsonata_pass("$replace('a-b', /-/, '\\\\')")).output == "a\\b"
    with pytest.raises(UnsupportedPattern):
        LinearPattern("a", "x").search("a")  # Java's COMMENTS flag: RE2 has none


# -- JSONata: steps and sizes --------------------------------------------------------------------

def test_endless_jsonata_recursion_ends_on_the_step_budget(monkeypatch):
    monkeypatch.setattr(budget, "SIMULATION_STEPS", 20_000)
    result = simulate(jsonata_pass("($f := function($x){ $f($x) }; $f(1))"))
    assert (result.status, result.error) == ("FAILED", "asllint.BudgetExceeded")
    assert result.cause == "The simulation exceeded its budget of 20,000 steps."
    assert result.history[-1]["type"] == "ExecutionFailed"
    assert result.history[-1]["executionFailedEventDetails"]["error"] == "asllint.BudgetExceeded"


def test_budget_inside_and_or_is_not_hidden_by_the_library(monkeypatch):
    # jsonata-python turns any error inside `and`/`or` into its own "Unexpected" error.
    monkeypatch.setattr(budget, "SIMULATION_STEPS", 20_000)
    result = simulate(jsonata_pass("($f := function($x){ $f($x) }; true and $f(1))"))
    assert (result.error, result.cause) == (
        "asllint.BudgetExceeded", "The simulation exceeded its budget of 20,000 steps.")


def test_deep_non_tail_recursion_is_a_query_evaluation_error():
    result = simulate(jsonata_pass(
        "($f := function($x){ $x = 0 ? 0 : 1 + $f($x - 1) }; $f(100000))"))
    assert (result.status, result.error) == ("FAILED", "States.QueryEvaluationError")
    assert result.cause.endswith("The JSONata expression recursed too deeply.")


@pytest.mark.parametrize("expression, what, length", [
    ("$count($range(1, 10000000000))", "$range", "10,000,000,000"),
    ("$length($pad('x', 10000000000))", "$pad", "10,000,000,000"),
    ("$count([1..9000000])", "a JSONata value", "9,000,001"),
    ("$length($join([$pad('x', 2000000), $pad('y', 2000000)]))", "$join", "4,000,000"),
])
def test_huge_values_are_refused_before_they_are_built(expression, what, length):
    result = simulate(jsonata_pass(expression))
    assert (result.status, result.error) == ("FAILED", "asllint.BudgetExceeded")
    assert result.cause == ("The simulation exceeded its budget of 2,097,152 characters or items "
                            f"for one value ({what} would have {length}).")


def test_many_large_strings_count_against_the_steps():
    # Each string is allowed; a thousand of them (1.9 GB) are not.
    result = simulate(jsonata_pass("$count($map([1..1000], function($v){ $pad('x', 2000000) }))"))
    assert (result.error, result.cause) == (
        "asllint.BudgetExceeded", "The simulation exceeded its budget of 1,000,000 steps.")


@pytest.mark.parametrize("expression", [
    # Each call reads 2,000,000 items: 250,000 steps, so the fifth call is over the budget.
    "($big := [1..2000000]; $count($map([1..100000], function($v){ $sum($big) })))",
    # jsonata-python's $distinct compares every pair: charged before it runs.
    "$count($distinct($map([1..1000000], function($v){ $v })))",
])
def test_builtin_calls_are_charged_for_what_they_read(expression):
    result = simulate(jsonata_pass(expression))
    assert (result.error, result.cause) == (
        "asllint.BudgetExceeded", "The simulation exceeded its budget of 1,000,000 steps.")


def test_every_simulation_has_a_wall_time_backstop(monkeypatch):
    monkeypatch.setattr(budget, "SIMULATION_SECONDS", 0)  # any clock reading is too late
    result = simulate(jsonata_pass("($f := function($x){ $f($x) }; $f(1))"))
    assert (result.error, result.cause) == (
        "asllint.BudgetExceeded", "The simulation exceeded its budget of 0 seconds.")


def test_shared_parts_cannot_make_an_exponential_text():
    expression = "($a := $pad('x', 1000); " + "".join(
        "$a := {'l': $a, 'r': $a}; " for _ in range(40)) + "$string($a))"
    result = simulate(jsonata_pass(expression))
    assert (result.status, result.error) == ("FAILED", "asllint.BudgetExceeded")
    assert result.cause == ("The simulation exceeded its budget of 2,097,152 characters for one "
                            "value (the argument of $string is longer as JSON text).")


def test_a_value_just_over_the_payload_quota_is_still_data_limit_exceeded():
    # 300,000 characters is within the size budget: the state's own quota check answers, as AWS.
    result = simulate(jsonata_pass("$pad('x', 300000)"))
    assert (result.status, result.error) == ("FAILED", "States.DataLimitExceeded")


def test_huge_array_stays_within_a_memory_limit(tmp_path):
    """With the address space limited to 1 GiB, `$range` of 10**10 items ends with the budget
    error instead of a MemoryError (or the machine's memory)."""
    (tmp_path / "m.asl.json").write_text(json.dumps(jsonata_pass("$count($range(1, 10000000000))")))
    script = textwrap.dedent("""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from asllint.cli import main
        sys.exit(main(["simulate", "m.asl.json", "--format", "json"]))
    """)
    r = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout)["error"] == "asllint.BudgetExceeded"
    assert "Traceback" not in r.stderr


# -- intrinsic functions ----------------------------------------------------------------------------

def _nested_format(levels: int) -> str:
    text = "'x'"
    for _ in range(levels):
        text = f"States.Format('{{}}', {text})"
    return text


def test_intrinsics_nested_40_deep_are_states_runtime():
    result = simulate(jsonpath_pass({"r.$": _nested_format(40)}))
    assert (result.status, result.error) == ("FAILED", "States.Runtime")
    assert result.cause.endswith("Intrinsic functions are nested 40 levels deep; Step Functions "
                                 "allows at most 10 nested calls in one field.")
    assert simulate(jsonpath_pass({"r.$": _nested_format(10)})).output == {"r": "x"}


def test_intrinsics_nested_beyond_the_parser_bound_are_a_clear_error(tmp_path):
    (tmp_path / "m.asl.json").write_text(json.dumps(jsonpath_pass({"r.$": _nested_format(5000)})))
    r = run_cli("check", "--no-cache", "m.asl.json", cwd=tmp_path)
    out = r.stdout.decode()
    assert r.returncode == 1 and "Traceback" not in r.stderr.decode()
    assert "ASL205" in out and "nested more than 100 levels deep; not read further" in out


def test_math_add_of_an_infinite_number_is_an_intrinsic_failure(tmp_path):
    result = simulate(jsonpath_pass({"r.$": "States.MathAdd(1e400, 1)"}))
    assert (result.status, result.error) == ("FAILED", "States.IntrinsicFailure")
    assert result.cause.endswith("Argument 1 (first number) of States.MathAdd must be a finite "
                                 "number, but was Infinity.")
    (tmp_path / "m.asl.json").write_text(json.dumps(jsonpath_pass({"r.$": "States.MathAdd(1e400, 1)"})))
    r = run_cli("simulate", "m.asl.json", cwd=tmp_path)
    assert r.returncode == 1 and b"States.IntrinsicFailure" in r.stdout and not r.stderr


def test_infinite_literals_do_not_crash_the_linter(tmp_path):
    # 1e400 reads as infinity; Java's Math.round makes it Long.MAX_VALUE, so start == end here.
    (tmp_path / "m.asl.json").write_text(json.dumps(jsonpath_pass(
        {"r.$": "States.MathRandom(1e400, 1e401)", "s.$": "States.MathRandom(1e401, -1e400)"})))
    r = run_cli("check", "--no-cache", "--no-confirm", "m.asl.json", cwd=tmp_path)
    assert r.returncode == 1 and not r.stderr
    assert r.stdout.decode().splitlines()[0] == (
        "m.asl.json:1:115: ASL205 'Parameters.s.$': The start of States.MathRandom is greater "
        "than its end (at character 19)")


def test_states_array_of_shared_payloads_is_bounded():
    args = ", ".join(["$.s"] * 20)
    result = simulate(jsonpath_pass({"r.$": f"States.Array({args})"}), {"s": "x" * 200_000})
    assert (result.status, result.error) == ("FAILED", "asllint.BudgetExceeded")
    assert result.cause == ("The simulation exceeded its budget of 2,097,152 characters for one "
                            "value (the result of States.Array is longer as JSON text).")


def test_payload_template_reading_one_value_many_times_is_bounded():
    parameters = {f"k{i}.$": "$.s" for i in range(20_000)}  # 4 GB of JSON text, 200 KB of memory
    result = simulate(jsonpath_pass(parameters), {"s": "x" * 200_000})
    assert (result.status, result.error) == ("FAILED", "asllint.BudgetExceeded")
    assert result.cause == ("The simulation exceeded its budget of 2,097,152 characters for one "
                            "value (a payload is longer as JSON text).")


def test_map_results_sharing_one_value_are_bounded():
    definition = {"StartAt": "M", "States": {"M": {
        "Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"v.$": "$.big"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
        "End": True}}}
    result = simulate(definition, {"big": "x" * 200_000, "items": [1] * 100})
    # 20 MB of output: AWS fails it with States.DataLimitExceeded; the simulation stops before
    # writing it out, over eight times the quota, and says so.
    assert (result.status, result.error) == ("FAILED", "asllint.BudgetExceeded")
    assert result.cause == ("The simulation exceeded its budget of 2,097,152 characters for one "
                            "value (a payload is longer as JSON text).")


# -- asllint simulate: input files ---------------------------------------------------------------

@pytest.fixture
def machine_dir(tmp_path):
    (tmp_path / "m.asl.json").write_text(json.dumps(jsonpath_pass({"a.$": "$"})))
    return tmp_path


@pytest.mark.parametrize("option", ["--input", "--mocks"])
def test_deeply_nested_input_is_a_usage_error(machine_dir, option):
    (machine_dir / "deep.json").write_text("[" * 100_000)
    r = run_cli("simulate", "m.asl.json", option, "deep.json", cwd=machine_dir)
    what = "input" if option == "--input" else "mock config"
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.decode() == (f"asllint simulate: the {what} deep.json is nested too deeply "
                                 "(over 400 levels)\n")


def test_input_from_a_fifo_is_refused_without_blocking(machine_dir):
    import os

    os.mkfifo(machine_dir / "fifo")
    r = run_cli("simulate", "m.asl.json", "--input", "fifo", cwd=machine_dir)
    assert r.returncode == 2
    assert r.stderr.decode() == ("asllint simulate: cannot read the input fifo: not a regular "
                                 "file; not read\n")


def test_input_from_dev_zero_is_refused(machine_dir):
    r = run_cli("simulate", "m.asl.json", "--input", "/dev/zero", cwd=machine_dir)
    assert r.returncode == 2
    assert r.stderr.decode() == ("asllint simulate: cannot read the input /dev/zero: not a "
                                 "regular file; not read\n")


def test_standard_input_is_read_up_to_the_file_limit(machine_dir):
    r = run_cli("simulate", "m.asl.json", "--input", "-", cwd=machine_dir,
                stdin=b" " * (5 * 1024 * 1024 + 1))
    assert r.returncode == 2
    assert r.stderr.decode() == ("asllint simulate: cannot read the input -: over the 5,242,880-byte "
                                 "limit; not read\n")
    ok = run_cli("simulate", "m.asl.json", "--input", "-", "--format", "json", cwd=machine_dir,
                 stdin=b'{"k": [1, 2]}')
    assert ok.returncode == 0 and json.loads(ok.stdout)["output"] == {"a": {"k": [1, 2]}}


def test_simulate_reports_the_budget_error_with_exit_1(tmp_path):
    (tmp_path / "m.asl.json").write_text(json.dumps(jsonata_pass(
        "($f := function($x){ $f($x) }; $f(1))")))
    r = run_cli("simulate", "m.asl.json", "--history", cwd=tmp_path)
    out = r.stdout.decode()
    assert r.returncode == 1 and not r.stderr
    assert "error: asllint.BudgetExceeded" in out
    assert "cause: The simulation exceeded its budget of 1,000,000 steps." in out
    assert '"error": "asllint.BudgetExceeded"' in out  # the ExecutionFailed history event


# -- confirmation ends as unknown, with the reason ------------------------------------------------

def _confirm(tmp_path, definition):
    from asllint.engine import Linter, Options

    (tmp_path / "m.asl.json").write_text(json.dumps(definition))
    report = Linter(Options(select=["EB101"], confirm=True)).lint_paths(
        [str(tmp_path / "m.asl.json")])
    [finding] = report.findings
    return finding.confirmation


def test_confirmation_stops_on_the_step_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "SIMULATION_STEPS", 20_000)
    monkeypatch.setattr(budget, "CONFIRMATION_SECONDS", 1e9)
    verdict = _confirm(tmp_path, publish("{% {'ok': ($f := function($x){ $f($x) }; $f(1))} %}"))
    assert (verdict["status"], verdict["summary"]) == (
        "unknown", "the simulation exceeded its budget of 20,000 steps")


def test_confirmation_stops_on_the_wall_time_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "CONFIRMATION_SECONDS", 0)  # any clock reading is too late
    verdict = _confirm(tmp_path, publish("{% {'ok': ($f := function($x){ $f($x) }; $f(1))} %}"))
    assert (verdict["status"], verdict["summary"]) == (
        "unknown", "the simulation exceeded its budget of 0 seconds")


def test_confirmation_with_an_unsupported_regex_is_unknown(tmp_path):
    verdict = _confirm(tmp_path, publish("{% {'ok': $contains('aa', /(a)\\1/)} %}"))
    assert verdict["status"] == "unknown"
    assert verdict["summary"] == ("the regular expression /(a)\\1/ cannot run in linear time "
                                  "(invalid escape sequence: \\1; backreferences and lookaround "
                                  "are not supported)")


def test_confirmation_with_a_catastrophic_regex_still_confirms(tmp_path):
    verdict = _confirm(tmp_path, publish(f"{{% {{'ok': $contains('{ALMOST}', {CATASTROPHIC})}} %}}"))
    assert verdict["status"] == "confirmed"


def test_plain_check_of_an_endless_expression_ends(tmp_path):
    (tmp_path / "m.asl.json").write_text(json.dumps(
        publish("{% {'ok': ($f := function($x){ $f($x) }; $f(1))} %}")))
    r = run_cli("check", "--no-cache", "--select", "EB101", "--format", "json", "m.asl.json",
                cwd=tmp_path)
    [finding] = json.loads(r.stdout)["findings"]
    assert r.returncode == 1 and not r.stderr
    assert finding["confirmation"]["status"] == "unknown"
    # Which budget runs out first depends on the machine's speed; both say so in these words.
    assert finding["confirmation"]["summary"] in (
        "the simulation exceeded its budget of 5 seconds",
        "the simulation exceeded its budget of 1,000,000 steps")


def test_a_state_type_that_is_not_a_string_is_a_definition_error(tmp_path):
    # Found by bench/fuzz.py's simulate pass: a list as Type was an internal error (unhashable).
    path = tmp_path / "m.asl.json"
    path.write_text('{"StartAt": "A", "States": {"A": {"Type": ["Pass"], "End": true}}}')
    r = run_asllint("simulate", str(path), plugin=False)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"asllint simulate: {path}: The state 'A' has an unknown Type ['Pass'].\n"
