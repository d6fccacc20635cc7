"""The plugin manager: built-in modules and installed entry points, registered alike."""

from __future__ import annotations

import functools

BUILTIN_PLUGINS = (
    # Container finders: pluggy calls the last registered first, so plain ASL is listed last
    # to be asked first (then CloudFormation/SAM, then Serverless).
    "asllint.sources.serverless",
    "asllint.sources.cloudformation",
    "asllint.sources.plain",
    "asllint.rules.engine_rules",
    "asllint.output.formatters",
    "asllint.rules.structure",
    "asllint.rules.choice_rules",
    "asllint.rules.graph",
    "asllint.rules.dataflow",
    "asllint.rules.jsonata",
    "asllint.rules.variables",
    "asllint.rules.tasks",
    "asllint.rules.errors",
    "asllint.rules.mapparallel",
    "asllint.eventbridge.entry_rules",
    "asllint.eventbridge.handling_rules",
    "asllint.eventbridge",
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
        _load_entry_points(pm, "asllint")
    except Exception as e:  # noqa: BLE001 - a broken third-party plugin must not crash the run
        raise PluginError(f"could not load an asllint plugin: {e}") from e
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as e:
        raise PluginError(f"invalid plugin hook implementation: {e}") from e
    return pm


def plugin_search_path() -> list[str]:
    """The sys.path entries where plugins are looked for: all but the current directory.

    `python -m asllint` (and `python -c`) put the current directory first on sys.path, and
    asllint usually runs from the root of the repository it lints: a `*.dist-info` folder
    committed there must not become a plugin that runs on the CI machine (issue 12, class 9).
    The current directory counts only when it is an installed site directory or the user named
    it in PYTHONPATH."""
    import os
    import site
    import sys

    try:
        here = os.path.realpath(os.getcwd())
    except OSError:  # the current directory was removed: nothing to exclude but ""
        here = None
    site_dirs = [*getattr(site, "getsitepackages", list)(), site.getusersitepackages()]
    chosen = {os.path.realpath(d) for d in site_dirs}
    chosen |= {os.path.realpath(d) for d in os.environ.get("PYTHONPATH", "").split(os.pathsep) if d}
    return [entry for entry in sys.path
            if entry and (os.path.realpath(entry) != here or here in chosen)]


def _load_entry_points(pm, group: str) -> None:
    """Register every entry point of `group` found on `plugin_search_path()`, as pluggy's
    load_setuptools_entrypoints does for the whole of sys.path."""
    path = plugin_search_path()
    if not _entry_points_declared(group, path):
        return
    import importlib.metadata

    for dist in importlib.metadata.distributions(path=path):
        for ep in dist.entry_points:
            if ep.group != group or pm.has_plugin(ep.name) or pm.is_blocked(ep.name):
                continue
            pm.register(ep.load(), name=ep.name)


def _entry_points_declared(group: str, path: list[str]) -> bool:
    """Whether any distribution in `path` declares an entry point in `group`.

    importlib.metadata costs about 20 ms and 3 MB to import, on every run; a scan of the
    `entry_points.txt` files costs about 1 ms, so the full loader runs only when there is a
    plugin to load."""
    import os

    header = f"[{group}]"
    for entry in path:
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(entry, name, "entry_points.txt"), encoding="utf-8") as f:
                        if header in f.read():
                            return True
                except OSError:
                    continue
    return False


@functools.lru_cache(maxsize=1)
def all_rules() -> dict:
    rules = {}
    for group in manager().hook.asllint_rules():
        for r in group or ():
            if r.code in rules:
                raise PluginError(f"rule code {r.code} is registered twice ({rules[r.code].name}, {r.name})")
            rules[r.code] = r
    return dict(sorted(rules.items()))
