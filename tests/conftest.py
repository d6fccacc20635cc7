import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
PLUGIN_DIR = FIXTURES / "plugin"
# The one place that knows where the shared material (corpus, conformance recordings, peer suites,
# schemas) lives: beside the checkout, as ../shared. Tests reach it through shared_path().
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the calling test is skipped, saying which path, when it is absent.

    For parametrising at collection time, where skipping is not possible, use `SHARED.joinpath(...)`
    and glob it: an absent folder gives an empty parameter set, which pytest reports as skipped."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not beside the checkout ({path})")
    return path


class Found(tuple):
    """One finding as (code, line, col, message), so a test compares it with a plain tuple.

    The other attributes of the engine's finding (state, location, confirmation...) read through,
    and `.finding` is the finding itself; they take no part in comparisons."""

    def __new__(cls, finding):
        start = finding.location.span.start
        self = super().__new__(cls, (finding.code, start.line, start.column, finding.message))
        self.finding = finding
        return self

    code = property(lambda self: self[0])
    line = property(lambda self: self[1])
    col = property(lambda self: self[2])
    message = property(lambda self: self[3])

    def __getattr__(self, name):
        """state, location, confirmation, severity... read through to the finding."""
        if name == "finding":  # not yet set (a copy being built): no recursion
            raise AttributeError(name)
        return getattr(self.finding, name)

    def __str__(self) -> str:
        """As the concise format prints it, without the path (the findings blocks of rule docs)."""
        return f"{self.line}:{self.col} {self.code} {self.message}"


@pytest.fixture
def lint(tmp_path):
    """Lint one document in this process with the selected rules; returns a list of `Found`.

        found = lint(definition, "ASL2")            # -> [("ASL201", 4, 17, "..."), ...]

    `source` is a definition (dict or list, written as indented JSON), text (dedented, so a test
    can indent a triple-quoted document), bytes (written as they are) or an existing Path (linted
    where it is); `name` is the file name it is written under (it decides JSON, YAML or a
    template). `select` is what `--select` takes: comma-separated codes, prefixes or names
    ("ASL2", "EB001,EB002"). Confirmation is off unless `confirm=True`; other keywords go to
    `asllint.engine.Options` (`show_refuted`, `rule_options`, `per_file_ignores`...)."""
    from asllint.engine import Linter, Options

    def run(source, select: str, *, name="m.asl.json", confirm=False, **options) -> list[Found]:
        if isinstance(source, Path):
            path = source
        else:
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(source, bytes):
                path.write_bytes(source)
            elif isinstance(source, str):
                path.write_text(textwrap.dedent(source), encoding="utf-8")
            else:
                path.write_text(json.dumps(source, indent=2), encoding="utf-8")
        options.setdefault("config_root", str(tmp_path))  # per-file ignores are relative to it
        linter = Linter(Options(select=select.split(","), confirm=confirm, **options))
        return [Found(f) for f in linter.lint_paths([str(path)]).findings]

    return run


def run_asllint(*args, cwd=None, stdin=None, plugin=True, env=None):
    """Run the installed CLI as a user does (a fresh process)."""
    e = dict(os.environ)
    if plugin:
        e["PYTHONPATH"] = str(PLUGIN_DIR) + os.pathsep + e.get("PYTHONPATH", "")
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "asllint", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, env=e, timeout=120)


@pytest.fixture
def shared():
    """../shared itself, for tests that read several parts of it."""
    return shared_path()


@pytest.fixture
def demo_plugin(monkeypatch):
    """Register the demo third-party plugin in this process, as its entry point would."""
    from asllint import plugins

    monkeypatch.syspath_prepend(str(PLUGIN_DIR))
    import asllint_demo_plugin

    pm = plugins.manager()
    if not pm.is_registered(asllint_demo_plugin):
        pm.register(asllint_demo_plugin, "demo")
    plugins.all_rules.cache_clear()
    yield
    pm.unregister(asllint_demo_plugin)
    plugins.all_rules.cache_clear()


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory):
    """Keep the tests' result cache out of the user's cache directory."""
    os.environ["ASLLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("asllint-cache"))
    yield
