"""Configuration: `[tool.asllint]` in pyproject.toml, or asllint.toml / .asllint.toml.

Found upward from the first linted path (or given with --config). A bad config is a usage
error (exit 2) with a message naming the file and the key."""

from __future__ import annotations

import os

from asllint.document import SEVERITIES

KNOWN_KEYS = {"select", "extend-select", "ignore", "exclude", "per-file-ignores", "severity",
              "rule-options", "fail-on"}
CONFIG_NAMES = ("asllint.toml", ".asllint.toml", "pyproject.toml")


class ConfigError(ValueError):
    pass


class Config:
    __slots__ = ("path", "root", "select", "extend_select", "ignore", "exclude", "per_file_ignores",
                 "severity", "rule_options", "fail_on")

    def __init__(self, path: str | None = None, root: str = "."):
        self.path = path
        self.root = root
        self.select: list | None = None
        self.extend_select: list = []
        self.ignore: list = []
        self.exclude: list = []
        self.per_file_ignores: list = []    # (glob, pointer or "", [codes])
        self.severity: dict = {}
        self.rule_options: dict = {}
        self.fail_on: str | None = None


def _load_toml(path: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None


def find_config(start: str) -> str | None:
    d = os.path.abspath(start)
    if not os.path.isdir(d):
        d = os.path.dirname(d)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(d, name)
            if os.path.isfile(candidate):
                if name != "pyproject.toml" or _has_tool_section(candidate):
                    return candidate
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _has_tool_section(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return b"[tool.asllint" in f.read()
    except OSError:
        return False


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    raw = _load_toml(path)
    if os.path.basename(path) == "pyproject.toml":
        raw = raw.get("tool", {}).get("asllint", {})
    elif "tool" in raw and "asllint" in raw.get("tool", {}):
        raw = raw["tool"]["asllint"]
    return parse_config(raw, path)


def _strings(value, path, key) -> list[str]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: `{key}` must be a list of strings")
    return [v.strip() for v in value if v.strip()]


def parse_config(raw: dict, path: str = "<config>") -> Config:
    unknown = sorted(set(raw) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key `{unknown[0]}` in [tool.asllint] (known: {', '.join(sorted(KNOWN_KEYS))})")
    cfg = Config(path=path, root=os.path.dirname(os.path.abspath(path)))
    if "select" in raw:
        cfg.select = _strings(raw["select"], path, "select")
    cfg.extend_select = _strings(raw.get("extend-select", []), path, "extend-select")
    cfg.ignore = _strings(raw.get("ignore", []), path, "ignore")
    cfg.exclude = _strings(raw.get("exclude", []), path, "exclude")
    pfi = raw.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{path}: `per-file-ignores` must be a table of glob = [codes]")
    for pattern, codes in pfi.items():
        glob, _, pointer = pattern.partition("#")
        if pointer and not pointer.startswith("/"):
            raise ConfigError(f"{path}: per-file-ignores key {pattern!r}: the part after # must be a JSON pointer starting with /")
        cfg.per_file_ignores.append((glob, pointer, _strings(codes, path, f"per-file-ignores.{pattern}")))
    sev = raw.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(f"{path}: `severity` must be a table of CODE = \"error\"|\"warning\"|\"info\"")
    for code, level in sev.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{path}: severity.{code} must be one of {', '.join(SEVERITIES)}, not {level!r}")
        cfg.severity[code] = level
    opts = raw.get("rule-options", {})
    if not isinstance(opts, dict) or not all(isinstance(v, dict) for v in opts.values()):
        raise ConfigError(f"{path}: `rule-options` must hold one table per rule code or name")
    cfg.rule_options = opts
    if "fail-on" in raw:
        if raw["fail-on"] not in SEVERITIES:
            raise ConfigError(f"{path}: `fail-on` must be one of {', '.join(SEVERITIES)}")
        cfg.fail_on = raw["fail-on"]
    return cfg


# -- rule options --------------------------------------------------------------------------

def _json_type(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        kinds = sorted({_json_type(item) for item in value})
        return "an array holding " + " and ".join(kinds) if kinds else "an empty array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _expected_like(default, value) -> str | None:
    """What `value` should have been, judged by the type of the rule's `default`, or None if it fits.

    A list default takes a list of items of its items' types; an empty one (items unseen) takes a
    list of strings, the only kind the built-in rules declare. A rule whose options need more
    declares `options_schema`."""
    if default is None:
        return None
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "true or false"
    if _is_int(default):
        return None if _is_int(value) else "an integer"
    if isinstance(default, float):
        return None if _is_int(value) or isinstance(value, float) else "a number"
    if isinstance(default, str):
        return None if isinstance(value, str) else "a string"
    if isinstance(default, dict):
        return None if isinstance(value, dict) else "a table"
    if isinstance(default, (list, tuple)):
        kinds = {type(item) for item in default} or {str}
        if len(kinds) == 1 and isinstance(value, list):
            (kind,) = kinds
            if all(type(item) is kind or (kind is float and _is_int(item)) for item in value):
                return None
        names = {str: "strings", int: "integers", float: "numbers", bool: "booleans"}
        return "a list of " + "/".join(sorted(names.get(k, k.__name__) for k in kinds))
    return None


def check_rule_options(cfg: Config, rules: dict) -> None:
    """`[tool.asllint.rule-options.CODE]` checked against the options each rule declares (by code
    or name): an unknown rule, an unknown option or a value of the wrong type is a ConfigError
    naming the file and the key, instead of a crash of the rule (ASL001) or a silent no-op."""
    by_name = {r.name: r for r in rules.values()}
    for key, options in cfg.rule_options.items():
        r = rules.get(key) or by_name.get(key)
        if r is None:
            raise ConfigError(f"{cfg.path}: rule-options.{key}: no rule has this code or name")
        for option, value in options.items():
            where = f"{cfg.path}: rule-options.{key}.{option}"
            validator = r.options_schema.get(option)
            if validator is None and option not in r.options:
                known = ", ".join(sorted({*r.options, *r.options_schema})) or "none"
                raise ConfigError(f"{where}: {r.code} has no option named {option!r} (its options: {known})")
            expected = validator(value) if validator is not None else _expected_like(r.options[option], value)
            if expected:
                raise ConfigError(f"{where} must be {expected}, not {_json_type(value)}")
