"""bench/run.py's own machinery (no peers needed, well under a second): per-process timing and
peak memory, round-robin order, and the report's PASS/FAIL verdicts."""
import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


def _load():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_run_once_measures_this_child_only():
    b = _load()
    small = b.run_once([sys.executable, "-c", "pass"])
    big = b.run_once([sys.executable, "-c", "x = bytearray(64 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"])
    after = b.run_once([sys.executable, "-c", "pass"])
    assert small.rc == big.rc == after.rc == 0
    assert big.peak_kb > small.peak_kb + 50 * 1024
    # a later small child is not charged with the earlier big one (as RUSAGE_CHILDREN would be)
    assert after.peak_kb < big.peak_kb - 50 * 1024
    assert small.seconds > 0  # measured; how fast is no business of a test


def test_run_once_does_not_charge_the_parent_memory():
    b = _load()
    if not b.TIME_BIN:
        # without it, run_once reads wait4() in this process, which counts this process's own
        # memory as a floor (the report says so): nothing to check
        pytest.skip("/usr/bin/time is absent: bench/run.py falls back to wait4(), whose figures "
                    "include the parent's memory")
    ballast = bytearray(128 * 1024 * 1024)
    ballast[::4096] = b"1" * len(ballast[::4096])
    small = b.run_once([sys.executable, "-c", "pass"])
    del ballast
    assert small.peak_kb < 64 * 1024


def test_round_robin_alternates_and_flags_broken_commands(tmp_path):
    b = _load()
    log = tmp_path / "order"
    cmds = [b.Command(n, [sys.executable, "-c", f"open({str(log)!r}, 'a').write({n!r})"], ok_rcs=(0,)) for n in "ABC"]
    cmds.append(b.Command("bad", [sys.executable, "-c", "import sys; sys.exit(3)"], ok_rcs=(0,)))
    b.round_robin(cmds, 2, tmp_path)
    assert log.read_text() == "ABC" + "ABCABC"  # warm-up round, then two alternating rounds
    assert [len(c.samples) for c in cmds] == [2, 2, 2, 0]
    assert cmds[3].broken.startswith("exit 3")


def test_report_verdicts():
    b = _load()

    def cmd(name, secs, kb):
        c = b.Command(name, ["x"])
        c.samples = [b.Sample(s, kb, 0) for s in secs]
        return c

    groups = {"small": [cmd("asllint --no-confirm", [0.07, 0.08, 0.09], 20000), cmd("asllint", [0.2, 0.2, 0.2], 20000),
                        cmd("statelint", [0.1, 0.1, 0.1], 19000)]}
    info = {"date": "d", "nproc": 2, "cpu": "c", "python": "3", "node": "n", "os": "o", "asllint": "g", "load": "0"}
    text = b.render(info, "python bench/run.py", 3, groups, {}, [])
    assert "| one small file: asllint --no-confirm <= 0.8x statelint | 0.80x | PASS |" in text
    assert "| one small file: asllint (confirm) <= 0.8x statelint | 2.00x | FAIL |" in text
    assert "| 50 files: asllint --no-confirm <= 0.8x statelint | - | NOT MEASURED |" in text
