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
