"""The plugin manager: built-in modules and installed entry points, registered alike."""

from __future__ import annotations

import functools

BUILTIN_PLUGINS = (
    "asllint.locate",
    "asllint.rules.engine_rules",
    "asllint.formatters",
    "asllint.rules.structure",
    "asllint.rules.graph",
    "asllint.rules.dataflow",
    "asllint.rules.variables",
    "asllint.rules.tasks",
    "asllint.rules.errors",
    "asllint.rules.mapparallel",
    "asllint.rules.eventbridge",
    "asllint.evaluator.confirm",
)


class PluginError(Exception):
    pass


@functools.lru_cache(maxsize=1)
def manager():
    import importlib

    import pluggy

    from asllint import hookspecs

    pm = pluggy.PluginManager("asllint")
    pm.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:  # a family not built yet
                continue
            raise
        pm.register(module, name)
    try:
        pm.load_setuptools_entrypoints("asllint")
    except Exception as e:  # noqa: BLE001 - a broken third-party plugin must not crash the run
        raise PluginError(f"could not load an asllint plugin: {e}") from e
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as e:
        raise PluginError(f"invalid plugin hook implementation: {e}") from e
    return pm


@functools.lru_cache(maxsize=1)
def all_rules() -> dict:
    rules = {}
    for group in manager().hook.asllint_rules():
        for r in group or ():
            if r.code in rules:
                raise PluginError(f"rule code {r.code} is registered twice ({rules[r.code].name}, {r.name})")
            rules[r.code] = r
    return dict(sorted(rules.items()))
