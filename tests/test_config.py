"""Configuration files and rule selection, as a table of cases."""

import pytest

from asllint.config import ConfigError, find_config, load_config, parse_config
from asllint.selection import SelectionError, enabled_rules
from asllint.rule import rule


def _r(code, name, default=True):
    return rule(code, name, "warning", "s", default_enabled=default)(lambda m, o: ())


RULES = [_r("ASL101", "missing-required-field"), _r("ASL102", "field-not-allowed"),
         _r("ASL201", "invalid-path"), _r("ASL002", "unused-suppression", default=False),
         _r("EB101", "failed-entry-not-caught"), _r("EB108", "putevents-result-replaces-input", default=False)]


@pytest.mark.parametrize("select, extend, ignore, expected", [
    (None, [], [], ["ASL101", "ASL102", "ASL201", "EB101"]),           # default set
    (["EB"], [], [], ["EB101"]),                                        # prefix; off-by-default stays off
    (["EB108"], [], [], ["EB108"]),                                     # exact code turns it on
    (["ALL"], [], [], ["ASL101", "ASL102", "ASL201", "ASL002", "EB101", "EB108"]),
    (None, ["ASL002"], [], ["ASL101", "ASL102", "ASL201", "ASL002", "EB101"]),
    (None, [], ["ASL1"], ["ASL201", "EB101"]),                          # ignore a prefix
    (["ASL"], [], ["ASL1"], ["ASL201"]),
    (["ASL101"], [], ["ASL1"], ["ASL101"]),                             # more specific select wins
    (["ASL1"], [], ["ASL1"], []),                                       # a tie goes to ignore
    (["failed-entry-not-caught"], [], [], ["EB101"]),                   # by name
    (None, [], ["field-not-allowed"], ["ASL101", "ASL201", "EB101"]),
])
def test_selection_table(select, extend, ignore, expected):
    assert [r.code for r in enabled_rules(RULES, select, extend, ignore)] == expected


def test_unknown_selector_is_an_error():
    with pytest.raises(SelectionError, match="unknown rule code, prefix or name: 'EB9'"):
        enabled_rules(RULES, ["EB9"])


def test_pyproject_config_found_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.asllint]\nselect = ["EB"]\nignore = ["EB102"]\nexclude = ["generated/*"]\n'
        '[tool.asllint.per-file-ignores]\n"legacy/*.json#/States/Old" = ["EB101"]\n'
        '[tool.asllint.severity]\nEB101 = "error"\n'
        '[tool.asllint.rule-options.EB102]\nidempotency-keys = ["orderId"]\n')
    (tmp_path / "a" / "b").mkdir(parents=True)
    path = find_config(str(tmp_path / "a" / "b"))
    assert path == str(tmp_path / "pyproject.toml")
    cfg = load_config(path)
    assert cfg.select == ["EB"] and cfg.ignore == ["EB102"] and cfg.exclude == ["generated/*"]
    assert cfg.per_file_ignores == [("legacy/*.json", "/States/Old", ["EB101"])]
    assert cfg.severity == {"EB101": "error"}
    assert cfg.rule_options == {"EB102": {"idempotency-keys": ["orderId"]}}


def test_asllint_toml_beats_pyproject_without_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n")
    (tmp_path / ".asllint.toml").write_text('ignore = ["EB106"]\n')
    assert find_config(str(tmp_path)) == str(tmp_path / ".asllint.toml")
    assert load_config(find_config(str(tmp_path))).ignore == ["EB106"]


@pytest.mark.parametrize("raw, message", [
    ({"selekt": ["EB"]}, "unknown key `selekt`"),
    ({"select": "EB,ASL"}, None),
    ({"select": [1]}, "`select` must be a list of strings"),
    ({"severity": {"EB101": "fatal"}}, "severity.EB101 must be one of error, warning, info, not 'fatal'"),
    ({"per-file-ignores": {"x.json#States": ["EB101"]}}, "the part after # must be a JSON pointer"),
    ({"rule-options": {"EB102": 3}}, "`rule-options` must hold one table per rule code or name"),
])
def test_bad_config_messages(raw, message):
    if message is None:
        assert parse_config(raw, "cfg.toml").select == ["EB", "ASL"]
        return
    with pytest.raises(ConfigError) as e:
        parse_config(raw, "cfg.toml")
    assert message in str(e.value) and str(e.value).startswith("cfg.toml: ")


def test_bad_config_is_exit_2_with_file_name(tmp_path):
    from tests.conftest import run_asllint

    (tmp_path / "asllint.toml").write_text("select = [\n")
    (tmp_path / "m.asl.json").write_text('{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}')
    r = run_asllint("check", "m.asl.json", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith(f"asllint: {tmp_path / 'asllint.toml'}: invalid TOML")


# -- rule options, checked against what each rule declares (issue 12, class 7) ----------------

def _opts_rule(code, name, options, schema=None):
    return rule(code, name, "warning", "s", options=options, options_schema=schema)(lambda m, o: ())


OPTION_RULES = {r.code: r for r in [
    _opts_rule("EB102", "failed-entry-retry-duplicates", {"idempotency-keys": []}),
    _opts_rule("EB104", "putevents-payload-too-large", {"max-entry-bytes": 262144}),
    _opts_rule("XYZ010", "mixed", {"strict": False, "ratio": 0.5, "label": "x", "ports": [80]},
               {"mode": lambda v: None if v in ("fast", "slow") else '"fast" or "slow"'}),
    _opts_rule("XYZ011", "no-options", {}),
]}


@pytest.mark.parametrize("options, message", [
    ({"EB102": {"idempotency-keys": ["eventId"]}}, None),
    ({"failed-entry-retry-duplicates": {"idempotency-keys": []}}, None),                 # by name
    ({"EB104": {"max-entry-bytes": 1000}}, None),
    ({"XYZ010": {"strict": True, "ratio": 2, "label": "y", "ports": [], "mode": "fast"}}, None),  # int for float
    ({"EB104": {"max-entry-bytes": "1000"}}, "rule-options.EB104.max-entry-bytes must be an integer, not a string"),
    ({"EB104": {"max-entry-bytes": True}}, "rule-options.EB104.max-entry-bytes must be an integer, not a boolean"),
    ({"EB102": {"idempotency-keys": "eventId"}}, "rule-options.EB102.idempotency-keys must be a list of strings, not a string"),
    ({"EB102": {"idempotency-keys": ["a", 1]}},
     "rule-options.EB102.idempotency-keys must be a list of strings, not an array holding a number and a string"),
    ({"XYZ010": {"strict": "yes"}}, "rule-options.XYZ010.strict must be true or false, not a string"),
    ({"XYZ010": {"ratio": "half"}}, "rule-options.XYZ010.ratio must be a number, not a string"),
    ({"XYZ010": {"ports": [80.5]}}, "rule-options.XYZ010.ports must be a list of integers, not an array holding a number"),
    ({"XYZ010": {"mode": "medium"}}, 'rule-options.XYZ010.mode must be "fast" or "slow", not a string'),
    ({"EB102": {"idempotency-key": ["x"]}},
     "rule-options.EB102.idempotency-key: EB102 has no option named 'idempotency-key' (its options: idempotency-keys)"),
    ({"XYZ011": {"x": 1}}, "rule-options.XYZ011.x: XYZ011 has no option named 'x' (its options: none)"),
    ({"EB999": {"x": 1}}, "rule-options.EB999: no rule has this code or name"),
])
def test_rule_options_against_the_rules_declaration(options, message):
    from asllint.config import check_rule_options

    cfg = parse_config({"rule-options": options}, "cfg.toml")
    if message is None:
        check_rule_options(cfg, OPTION_RULES)
        return
    with pytest.raises(ConfigError) as e:
        check_rule_options(cfg, OPTION_RULES)
    assert str(e.value) == f"cfg.toml: {message}"


def test_a_wrong_option_type_is_a_config_error_not_a_rule_crash(tmp_path):
    # Before, "lots" reached EB104 (`int("lots")`: ASL001 on any putEvents task) and the misspelt name below
    # was silently ignored.
    from tests.conftest import run_asllint

    (tmp_path / "m.asl.json").write_text('{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}')
    (tmp_path / "asllint.toml").write_text('[rule-options.EB104]\nmax-entry-bytes = "lots"\n')
    r = run_asllint("check", "m.asl.json", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"asllint: {tmp_path / 'asllint.toml'}: rule-options.EB104.max-entry-bytes must be an integer, not a string\n"
    (tmp_path / "asllint.toml").write_text('[rule-options.EB102]\nidempotency-key = ["eventId"]\n')
    r = run_asllint("check", "m.asl.json", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (2, f"asllint: {tmp_path / 'asllint.toml'}: rule-options.EB102.idempotency-key: "
                                           "EB102 has no option named 'idempotency-key' (its options: idempotency-keys)\n")
