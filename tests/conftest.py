import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
PLUGIN_DIR = FIXTURES / "plugin"
SHARED = ROOT.parent / "shared"


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
    if not SHARED.is_dir():
        pytest.skip("../shared (corpus, peer suites, conformance) is not beside the checkout")
    return SHARED


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
