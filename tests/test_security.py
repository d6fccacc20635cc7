"""asllint never runs what it reads, never writes beside linted files, never opens the network."""

import os
import socket
import sys
from pathlib import Path

import pytest

from asllint.engine import Linter, Options
from tests.conftest import FIXTURES

CONSOLE_SCRIPT = Path(sys.executable).parent / "asllint"


def snapshot(folder: Path):
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_yaml_never_constructs_python_objects(tmp_path):
    marker = tmp_path / "pwned"
    (tmp_path / "evil.asl.yaml").write_text(
        f"StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: !!python/object/apply:os.system [\"touch {marker}\"]\n"
        "    End: true\n")
    report = Linter(Options(select=["ALL"], confirm=False)).lint_paths([str(tmp_path / "evil.asl.yaml")])
    assert not marker.exists()
    assert not report.crashed


def test_nothing_is_written_beside_linted_files(tmp_path):
    import shutil

    shutil.copytree(FIXTURES / "containers", tmp_path / "c")
    before = snapshot(tmp_path)
    Linter(Options(select=["ALL"])).lint_paths([str(p) for p in (tmp_path / "c").rglob("*") if p.is_file()])
    assert snapshot(tmp_path) == before


def test_no_network(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("asllint tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    report = Linter(Options(select=["ALL"])).lint_paths(
        [str(p) for p in (FIXTURES / "containers").rglob("*") if p.is_file()])
    assert not report.crashed


@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="the asllint console script is not installed in this environment")
def test_plugins_never_load_from_the_linted_repository(tmp_path):
    import subprocess

    marker = tmp_path / "imported"
    for name in ("asllint_plugin.py", "conftest.py", "asllint_evil.py"):
        (tmp_path / name).write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    (tmp_path / "asllint.toml").write_text('select = ["ALL"]\n')
    (tmp_path / "m.asl.json").write_text('{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}')
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    r = subprocess.run([str(CONSOLE_SCRIPT), "check", "."], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert r.returncode in (0, 1), r.stderr
    assert not marker.exists()
