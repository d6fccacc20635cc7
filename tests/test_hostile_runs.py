"""Issue 12, classes 4 and 5: one file, or one worker, never loses the whole run."""

import json

import pytest

from asllint.engine import Linter, Options
from tests.conftest import run_asllint

OK = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}'
OK_FINDINGS = [
    "ok.asl.json:1:18: ASL154 No state at the top level ends the workflow: none has End: true and none is a Succeed or Fail state",
    "ok.asl.json:1:59: ASL150 Next names 'B', which is not a state at the top level",
]
HUGE_INT = "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Wait\", \"Seconds\": " + "9" * 5000 + ", \"End\": true}}}"


def test_a_file_the_loader_refuses_is_that_files_finding_and_the_run_goes_on(tmp_path):
    # A 5,000-digit integer ended the whole run as one internal error before (issue 12, class 5).
    (tmp_path / "big.asl.json").write_text(HUGE_INT)
    (tmp_path / "ok.asl.json").write_text(OK)
    r = run_asllint("check", "--no-cache", "--select", "ASL", ".", cwd=tmp_path, plugin=False)
    assert r.returncode == 1, r.stderr
    assert r.stdout.splitlines() == [
        "big.asl.json:1:62: ASL000 an integer has 5,000 digits, more than the 4,300 asllint reads; not linted",
        *OK_FINDINGS,
        "Found 3 findings (3 errors) in 2 files, 1 state machine.",
    ]
    assert r.stderr == ""


@pytest.mark.parametrize("target, needle", [
    ("asllint.model.build", "bad"),                   # the model of the machine
    ("asllint.suppress.apply", "bad"),                # suppression comments
    ("asllint.sources.plain.find_plain", "flows"),   # reading the file a DefinitionUri names
])
def test_any_per_file_exception_is_an_asl001_finding_for_that_file(tmp_path, monkeypatch, target, needle):
    import importlib

    module_name, _, attr = target.rpartition(".")
    module = importlib.import_module(module_name)
    real = getattr(module, attr)

    def explode_on_bad(*args, **kwargs):
        seen = repr(args) + repr(kwargs) + str(getattr(args[0] if args else None, "path", ""))
        if needle in seen:
            raise KeyError("planted")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, attr, explode_on_bad)
    bad = tmp_path / "bad.asl.json"
    if target.endswith("find_plain"):
        (tmp_path / "flows").mkdir()
        (tmp_path / "flows" / "bad.asl.json").write_text(OK)
        bad = tmp_path / "bad.yaml"
        bad.write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  M:\n    Type: AWS::Serverless::StateMachine\n"
                       "    Properties:\n      DefinitionUri: flows/bad.asl.json\n")
    else:
        bad.write_text(OK.replace('"B"', '"bad"'))
    ok = tmp_path / "ok.asl.json"
    ok.write_text(OK)
    report = Linter(Options(select=["ASL"], confirm=False)).lint_paths([str(bad), str(ok)])
    assert report.crashed
    got = [(f.location.path, f.code, f.message) for f in report.findings]
    assert got[0] == (str(bad), "ASL001", "asllint crashed on this file (KeyError: 'planted'); its findings are missing")
    assert [(p, c) for p, c, _ in got[1:]] == [(str(ok), "ASL154"), (str(ok), "ASL150")]
    assert [(r.path, r.error) for r in report.files][-1] == (str(ok), None)


def test_stdin_over_the_file_size_limit_is_refused_after_limit_plus_one_bytes():
    from asllint.sources.load import MAX_FILE_BYTES

    # Before, standard input was read whole and linted whatever its size (issue 12, class 5).
    text = '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}, "Comment": "' + "x" * MAX_FILE_BYTES + '"}'
    r = run_asllint("check", "-", stdin=text, plugin=False)
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == f"asllint: standard input is over the {MAX_FILE_BYTES:,}-byte limit; not linted\n"


def test_stdin_at_the_limit_is_linted():
    r = run_asllint("check", "--select", "ASL", "--stdin-filename", "ok.asl.json", "-", stdin=OK, plugin=False)
    assert r.returncode == 1
    assert r.stdout.splitlines()[:2] == OK_FINDINGS


KILLER_PLUGIN = '''
import os, signal
from asllint.hookspecs import hookimpl
from asllint.rule import rule

@rule("KIL001", "kill-the-worker", "info", "Kills its own process on a file named killer*")
def kill_the_worker(machine, options):
    if os.path.basename(machine.source.path).startswith("killer"):
        os.kill(os.getpid(), signal.SIGKILL)   # as the OOM killer would
    return ()

@hookimpl
def asllint_rules():
    return [kill_the_worker]
'''


def install_plugin(tmp_path, module: str, source: str):
    """A plugin folder holding `module` (its code) and a dist-info declaring it in the asllint
    entry-point group: the folder to put on PYTHONPATH."""
    plugin = tmp_path / "plugin"
    dist = plugin / f"{module}-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(f"[asllint]\n{module} = {module}\n")
    (plugin / f"{module}.py").write_text(source)
    return plugin


def test_a_worker_that_dies_is_reported_and_the_run_ends(tmp_path):
    # Before, --jobs waited forever for the results of a killed worker (issue 12, class 4).
    plugin = install_plugin(tmp_path, "asllint_killer", KILLER_PLUGIN)
    work = tmp_path / "work"
    work.mkdir()
    for i in range(120):   # above PARALLEL_MIN_FILES, so that workers are used
        (work / f"f{i:03}.asl.json").write_text(OK)
    (work / "killer.asl.json").write_text(OK)
    r = run_asllint("check", "--no-cache", "--no-confirm", "--jobs", "2", "--select", "ASL150,KIL001", "--format", "json", ".",
                    cwd=work, plugin=False, env={"PYTHONPATH": str(plugin)})
    assert r.returncode == 2, r.stderr
    out = json.loads(r.stdout)
    assert [(f["file"], f["code"], f["message"]) for f in out["findings"] if f["code"] == "ASL001"] == [
        ("killer.asl.json", "ASL001",
         "the worker process linting this file died (killed, or out of memory); its findings are missing")]
    assert sorted(f["file"] for f in out["findings"] if f["code"] == "ASL150") == [f"f{i:03}.asl.json" for i in range(120)]
    assert len(out["files"]) == 121


UNPICKLABLE_PLUGIN = '''
import threading
from asllint.document import Problem
from asllint.hookspecs import hookimpl
from asllint.rule import rule

@rule("UNP001", "unpicklable-data", "info", "A finding whose data cannot leave a worker process")
def unpicklable(machine, options):
    if machine.source.path.endswith("odd.asl.json"):
        yield Problem("odd", "/StartAt", data=threading.Lock())

@hookimpl
def asllint_rules():
    return [unpicklable]
'''


def test_a_result_a_worker_cannot_send_back_is_reported_for_its_file_only(tmp_path):
    plugin = install_plugin(tmp_path, "asllint_unp", UNPICKLABLE_PLUGIN)
    work = tmp_path / "work"
    work.mkdir()
    for i in range(100):
        (work / f"f{i:03}.asl.json").write_text(OK)
    (work / "odd.asl.json").write_text(OK)
    r = run_asllint("check", "--no-cache", "--no-confirm", "--jobs", "2", "--select", "ASL150,UNP001", "--format", "json", ".",
                    cwd=work, plugin=False, env={"PYTHONPATH": str(plugin)})
    assert r.returncode == 2, r.stderr
    out = json.loads(r.stdout)
    assert [(f["file"], f["code"], f["message"]) for f in out["findings"] if f["file"] == "odd.asl.json"] == [
        ("odd.asl.json", "ASL001", "the findings of this file could not be sent back from its worker "
                                   "(TypeError: cannot pickle '_thread.lock' object); they are missing")]
    assert sorted(f["file"] for f in out["findings"] if f["code"] == "ASL150") == [f"f{i:03}.asl.json" for i in range(100)]
