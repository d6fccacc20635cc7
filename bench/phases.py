#!/usr/bin/env python3
"""Where one `asllint check` process spends its time, phase by phase, without a profiler's
overhead (each phase timed with perf_counter in a fresh process; medians over --runs).

usage: .venv/bin/python bench/phases.py [--runs N] [--confirm] FILES...

Run it with the bytecode cache as bench/run.py does:
  env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=bench/.out/pycache .venv/bin/python bench/phases.py FILE
Phases: interpreter start-up (python -c pass; includes site and the editable-install finder),
then, inside one process: importing asllint.cli, pluggy, each built-in plugin module in
plugins.BUILTIN_PLUGINS order, importlib.metadata, pm.load_setuptools_entrypoints (the
entry-point scan), all_rules(), Linter(), lint_paths() and formatting.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

CHILD = r'''
import sys, time, json
T = {}
t = time.perf_counter()
def lap(name):
    global t
    now = time.perf_counter(); T[name] = T.get(name, 0.0) + (now - t); t = now
import argparse; lap("import argparse")
import asllint.cli; lap("import asllint.cli")
from asllint import config as config_mod, discover, selection; lap("import asllint.config/discover/selection")
from asllint.engine import Linter, Options; lap("import asllint.engine (load, document, jsonpos)")
import pluggy; lap("import pluggy")
from asllint import hookspecs, plugins; lap("import asllint.plugins/hookspecs")
import importlib
for name in plugins.BUILTIN_PLUGINS:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name != name: raise
    lap("import " + name)
import importlib.metadata; lap("import importlib.metadata")
pm = pluggy.PluginManager("asllint"); pm.add_hookspecs(hookspecs)
for name in plugins.BUILTIN_PLUGINS:
    if name in sys.modules: pm.register(sys.modules[name], name)
lap("pm.register(built-ins)")
pm.load_setuptools_entrypoints("asllint"); lap("pm.load_setuptools_entrypoints (entry-point scan)")
pm.check_pending(); lap("pm.check_pending")
plugins.manager.cache_clear()
plugins.manager = lambda _pm=pm: _pm
rules = plugins.all_rules(); lap("plugins.all_rules()")
args = asllint.cli._parser().parse_args(["check"] + (["--no-confirm"] if sys.argv[1] == "0" else []) + sys.argv[2:])
cfg = config_mod.load_config(config_mod.find_config(args.paths[0])); lap("argparse + config")
files, _ = discover.expand(args.paths, cfg.exclude, cfg.root); lap("discover.expand")
linter = Linter(asllint.cli._options_from(args, cfg)); lap("Linter()")
report = linter.lint_paths(files, {}); lap("lint_paths")
fm = {}
for g in plugins.manager().hook.asllint_formatters(): fm.update(g or {})
text = fm["concise"](report, args); lap("format")
print(json.dumps(T))
'''


def main() -> int:
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--confirm", action="store_true")
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    rows: dict[str, list[float]] = {}
    start: list[float] = []
    for _ in range(a.runs + 1):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        start.append(time.perf_counter() - t)
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, "1" if a.confirm else "0", *a.files],
                             capture_output=True, text=True)
        total = time.perf_counter() - t
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        d = json.loads(out.stdout.strip().splitlines()[-1])
        d["(whole process)"] = total
        for k, v in d.items():
            rows.setdefault(k, []).append(v)
    # drop the first (warm-up) round
    start = start[1:]
    rows = {k: v[1:] for k, v in rows.items()}
    print(f"{'python -c pass (start-up floor)':60s} {statistics.median(start) * 1000:7.1f} ms")
    acc = 0.0
    for k, v in rows.items():
        m = statistics.median(v) * 1000
        if k != "(whole process)":
            acc += m
        print(f"{k:60s} {m:7.1f} ms")
    print(f"{'sum of in-process phases':60s} {acc:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
