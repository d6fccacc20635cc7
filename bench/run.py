#!/usr/bin/env python3
"""Speed and memory of asllint against its peers, measured side by side in one run.

usage: .venv/bin/python bench/run.py [--install] [--runs N] [--out bench/RESULTS.md]
                                     [--only small,batch50,corpus,loop,conformance]

Peers (statelint, asl-validator, LocalStack's Step Functions interpreter) are installed by
../shared/peers/install.sh into bench/.peers/ (git-ignored) with --install. Generated inputs go
to bench/.out/ (git-ignored). Not part of the test suite.

How it measures:
- every command is a separate process, timed from spawn to exit (wall clock), output discarded
  to a file;
- the commands of a group alternate (round-robin A, B, C, A, B, C, ...) after one untimed
  warm-up round, so a slow spell of the machine hits them all alike; medians are reported, and
  ratios are computed between medians of the same run;
- peak memory is the command's max RSS as GNU time reports it (/usr/bin/time -f %M; see
  run_once for why wait4() from this process would be wrong); for a command that runs several
  processes it is the largest one's peak, NOT the sum of those alive at the same time;
- the evaluator is timed as a user runs it: `asllint simulate FILE` (whole process). If that
  command fails, it falls back to `python -c "from asllint.evaluator import simulate; ..."`
  and the table says so. LocalStack runs through localstack_driver.py (whole process; the
  driver's own in-process figures are reported next to it);
- the conformance set is simulated in one process with asllint.evaluator.simulate: the time
  spent inside simulate() over all non-_service cases, and cases per second.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GROUPS = ("small", "batch50", "corpus", "loop", "conformance")

# Targets: (label, group, numerator command, denominator command, kind, limit)
#   kind "time": median(numerator) <= limit * median(denominator); "mem": same on peak RSS.
TARGETS = [
    ("one small file: asllint --no-confirm <= 0.8x statelint", "small", "asllint --no-confirm", "statelint", "time", 0.8),
    ("one small file: asllint (confirm) <= 0.8x statelint", "small", "asllint", "statelint", "time", 0.8),
    ("50 files: asllint --no-confirm <= 0.8x statelint", "batch50", "asllint --no-confirm", "statelint", "time", 0.8),
    ("50 files: asllint (confirm) <= 0.8x statelint", "batch50", "asllint", "statelint", "time", 0.8),
    ("corpus: asllint (confirm) <= 1.5x asllint --no-confirm", "corpus", "asllint", "asllint --no-confirm", "time", 1.5),
    ("loop_1000: asllint <= 0.1x LocalStack", "loop", "asllint loop_1000", "LocalStack loop_1000", "time", 0.1),
    ("loop_1000_jsonata: asllint <= 0.1x LocalStack", "loop", "asllint loop_1000_jsonata",
     "LocalStack loop_1000_jsonata", "time", 0.1),
    ("50 files peak memory: asllint --no-confirm <= statelint", "batch50", "asllint --no-confirm", "statelint", "mem", 1.0),
    ("50 files peak memory: asllint (confirm) <= statelint", "batch50", "asllint", "statelint", "mem", 1.0),
]

# The evaluator through its Python API, for when `asllint simulate` is not usable. Prints the
# final status and the time spent inside simulate() as JSON.
SIM_SNIPPET = (
    "import json,sys,time\n"
    "from asllint.evaluator import simulate\n"
    "d=json.load(open(sys.argv[1]))\n"
    "t=time.perf_counter(); r=simulate(d, {}); t=time.perf_counter()-t\n"
    "print(json.dumps({'status': getattr(r, 'status', None), 'run_s': round(t, 4)}))\n"
    "sys.exit(0 if getattr(r, 'status', None) == 'SUCCEEDED' else 1)\n"
)

# The conformance set in one process: time inside simulate() over every non-_service case.
CONFORMANCE_SNIPPET = r'''
import json, os, signal, sys, time
folder = sys.argv[1]
from asllint.evaluator import simulate
def as_json(v):
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return v
    return v
class Slow(Exception):
    pass
def on_alarm(*_):
    raise Slow()
signal.signal(signal.SIGALRM, on_alarm)
files = sorted(p for p in (os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs)
               if p.endswith(".json") and "_service" not in p and not p.endswith("index.json"))
cases = [json.load(open(p)) for p in files]
total = 0.0
slowest = []
ok = errors = slow = 0
first_error = None
for c in cases:
    t = time.perf_counter()
    try:
        signal.alarm(10)
        r = simulate(c["definition"], c["input"])
        signal.alarm(0)
    except Slow:
        slow += 1
        r = None
    except Exception as e:
        signal.alarm(0)
        errors += 1
        first_error = first_error or f"{c['id']}: {e!r}"[:300]
        r = None
    dt = time.perf_counter() - t
    total += dt
    slowest.append((dt, c["id"]))
    exp = c["expected"]
    if r is not None and getattr(r, "status", None) == exp["status"]:
        if exp["status"] == "SUCCEEDED":
            ok += as_json(getattr(r, "output", None)) == as_json(exp.get("output"))
        elif exp["status"] == "FAILED":
            ok += getattr(r, "error", None) == exp.get("error") and as_json(getattr(r, "cause", None)) == as_json(exp.get("cause"))
        else:
            ok += 1
slowest.sort(reverse=True)
print(json.dumps({"cases": len(cases), "total_s": total, "matching": ok, "raised": errors, "over_10s": slow,
                  "first_error": first_error,
                  "slowest": [[round(a, 4), b] for a, b in slowest[:3]]}))
'''


# ----------------------------------------------------------------------------------------------
# Measuring one process.
# ----------------------------------------------------------------------------------------------

@dataclass
class Sample:
    seconds: float
    peak_kb: int
    rc: int
    stdout: str = ""
    stderr: str = ""


CHILD_ENV: dict | None = None  # set by main(): the environment every measured command runs in


def child_env(no_pyc: bool) -> dict:
    """The environment for every measured command. A user's pip install compiles bytecode, and
    the peers' wheels were compiled at install time; asllint runs from an editable install, so
    with PYTHONDONTWRITEBYTECODE=1 (set in some sandboxes) it would recompile each of its modules
    on every run (about 50 ms). So, unless --no-pyc: write bytecode, to a cache under bench/.out/
    (PYTHONPYCACHEPREFIX, so no __pycache__ appears in the source tree); the same for every tool."""
    env = dict(os.environ)
    if not no_pyc:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(HERE / ".out" / "pycache")
    return env


TIME_BIN = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(argv: list[str], cwd: Path | None = None, keep_output: bool = False) -> Sample:
    """Run argv to completion: wall time from spawn to reaping, and the peak RSS (kilobytes) of
    that process (or of the largest of the processes it waited for).

    Peak memory comes from GNU time (`/usr/bin/time -f %M -o FILE`), which forks the command from
    its own tiny process. Reading ru_maxrss from wait4() here directly would be wrong on Linux:
    exec() records the pre-exec address space's high-water mark in the child's maxrss, and a
    child forked (or vforked) from this Python process starts with this process's RSS, so every
    command would be charged at least the benchmark's own memory. Without /usr/bin/time that is
    what happens (the report says so). Output goes to temporary files, never to a pipe."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(prefix="bench-time-") as tfile:
        full = [TIME_BIN, "-f", "%M", "-o", tfile.name, *argv] if TIME_BIN else list(argv)
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd, env=CHILD_ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen quiet
        peak = int(usage.ru_maxrss)
        if TIME_BIN:
            try:
                peak = int(Path(tfile.name).read_text().split()[-1])
            except (OSError, ValueError, IndexError):
                peak = 0
        text_out = text_err = ""
        if keep_output or proc.returncode not in (0, 1):
            out.seek(0)
            err.seek(0)
            text_out = out.read().decode("utf-8", "replace")
            text_err = err.read().decode("utf-8", "replace")
        return Sample(seconds, peak, proc.returncode, text_out, text_err)


@dataclass
class Command:
    name: str
    argv: list[str]
    ok_rcs: tuple = (0, 1)            # 1 = findings for linters
    keep_output: bool = False
    note: str = ""
    display: str = ""                 # how the command is shown in the report (default: argv)
    samples: list = field(default_factory=list)
    broken: str | None = None         # why the command could not be measured

    def median_s(self) -> float | None:
        return statistics.median(s.seconds for s in self.samples) if self.samples else None

    def median_kb(self) -> float | None:
        return statistics.median(s.peak_kb for s in self.samples) if self.samples else None


def last_line(s: Sample) -> str:
    lines = (s.stderr or s.stdout).strip().splitlines()
    return lines[-1][:300] if lines else "(no output)"


def round_robin(cmds: list[Command], runs: int, cwd: Path) -> None:
    """One untimed warm-up round (also the sanity check), then `runs` rounds A, B, C, A, B, C..."""
    for c in cmds:
        s = run_once(c.argv, cwd, keep_output=True)
        if s.rc not in c.ok_rcs:
            c.broken = f"exit {s.rc}: {last_line(s)}"
            print(f"  ! {c.name}: {c.broken}", file=sys.stderr)
    live = [c for c in cmds if not c.broken]
    for i in range(runs):
        for c in live:
            s = run_once(c.argv, cwd, keep_output=c.keep_output)
            if s.rc not in c.ok_rcs:
                c.broken = f"exit {s.rc} on run {i + 1}: {last_line(s)}"
                print(f"  ! {c.name}: {c.broken}", file=sys.stderr)
                continue
            c.samples.append(s)
        live = [c for c in live if not c.broken]
        print(f"  round {i + 1}/{runs}: " + ", ".join(
            f"{c.name} {c.samples[-1].seconds * 1000:.0f} ms" for c in live if c.samples), file=sys.stderr)


# ----------------------------------------------------------------------------------------------
# Set-up.
# ----------------------------------------------------------------------------------------------

def install(shared: Path, peers: Path) -> None:
    script = shared / "peers" / "install.sh"
    print(f"installing peers: bash {script} {peers}", file=sys.stderr)
    subprocess.run(["bash", str(script), str(peers)], check=True)


def make_batch(shared: Path, out: Path, n: int) -> list[Path]:
    target = out / f"batch{n}"
    if not (target / "asl").is_dir() or len(list((target / "asl").glob("*.json"))) != n:
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run([sys.executable, str(shared / "peers" / "make_batch.py"), str(target), str(n)], check=True)
    return sorted((target / "asl").glob("*.json"))


def machine_info() -> dict:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count()
    node = shutil.which("node")
    node_v = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else "-"
    git = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "asllint"],
                           capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": nproc, "cpu": cpu, "python": platform.python_version(), "node": node_v,
        "os": f"{platform.system()} {platform.release()}",
        "asllint": f"{git}{' + uncommitted changes in asllint/' if dirty else ''}",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def asllint_bin() -> str:
    """asllint as a user installs it: a regular (non-editable) install in bench/.out/venv.

    An editable install adds an import finder (pathlib, urllib...) to every start-up that no
    user's `pip install asllint` has, so measuring it would overstate asllint's start-up; the
    peers are measured as regular installs too. The venv is rebuilt when the sources changed."""
    venv = REPO / "bench" / ".out" / "venv"
    stamp = venv / "source-stamp"
    current = _source_stamp()
    if not (venv / "bin" / "asllint").exists() or not stamp.exists() or stamp.read_text() != current:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(REPO)], check=True,
                       stdout=subprocess.DEVNULL)
        stamp.write_text(current)
    cand = venv / "bin" / "asllint"
    if cand.exists():
        return str(cand)
    found = shutil.which("asllint")
    if not found:
        sys.exit("asllint not found: run with the project's venv (.venv/bin/python bench/run.py)")
    return found


def _source_stamp() -> str:
    import hashlib

    h = hashlib.sha256()
    for path in sorted((REPO / "asllint").rglob("*")) + [REPO / "pyproject.toml"]:
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(REPO)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


# ----------------------------------------------------------------------------------------------
# Report.
# ----------------------------------------------------------------------------------------------

def fmt_s(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def fmt_mb(kb: float | None) -> str:
    return "-" if kb is None else f"{kb / 1024:.0f} MB"


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def render(info: dict, command: str, runs: int, groups: dict, extra: dict, notes: list[str]) -> str:
    lines = ["# asllint benchmark results", ""]
    lines.append(f"- Date: {info['date']}")
    lines.append(f"- Machine: {info['nproc']} CPUs ({info['cpu']}), {info['os']}, Python {info['python']}, "
                 f"Node {info['node']}; load average at start {info['load']}, at end {info.get('load_end', '?')} "
                 "(other processes share this machine)")
    lines.append(f"- asllint: {info['asllint']}")
    lines.append(f"- Command: `{command}`")
    lines.append(f"- Method: {runs} timed runs per command after one warm-up round, commands alternated "
                 "round-robin; medians of whole-process wall time; peak memory = max RSS of the process, "
                 + ("from `/usr/bin/time -f %M` (every command runs under it, so its ~1 ms is in every time)"
                    if TIME_BIN else "from wait4() (no /usr/bin/time: each figure includes the benchmark "
                    "process's own RSS as a floor)") + ". Ratios are between medians of this run.")
    lines.append("- Bytecode: " + ("as the environment says (PYTHONDONTWRITEBYTECODE="
                                   f"{os.environ.get('PYTHONDONTWRITEBYTECODE', 'unset')})" if info.get("no_pyc") else
                                   "cached for every Python tool under bench/.out/pycache (PYTHONPYCACHEPREFIX; "
                                   "PYTHONDONTWRITEBYTECODE removed), as after a pip install"))
    lines.append("")
    titles = {
        "small": "One small file (make_batch.py N=1: one ~30-state definition)",
        "batch50": "50 files (make_batch.py N=50)",
        "corpus": "The whole ../shared/corpus, asllint alone",
        "loop": "Evaluator: loop_1000 (about 4,000 history events), whole process",
    }
    baseline = {"small": "statelint", "batch50": "statelint", "corpus": "asllint --no-confirm"}
    for g, cmds in groups.items():
        lines += [f"## {titles[g]}", "", "| command | median | min | max | peak memory | ratio | |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for c in cmds:
            if c.broken and not c.samples:
                lines.append(f"| {c.name} | - | - | - | - | - | not measured: {c.broken.replace('|', '/')[:200]} |")
                continue
            base = baseline.get(g)
            if g == "loop":
                base = "LocalStack " + c.name.split(" ", 1)[1]
            b = next((x for x in cmds if x.name == base), None)
            r = ratio(c.median_s(), b.median_s() if b else None)
            rs = f"{r:.2f}x {base}" if r is not None and c.name != base else ""
            secs = [s.seconds for s in c.samples]
            lines.append(f"| {c.name} | {fmt_s(c.median_s())} | {fmt_s(min(secs))} | {fmt_s(max(secs))} | "
                         f"{fmt_mb(c.median_kb())} | {rs} | {c.note} |")
        lines.append("")
        lines.append("Commands:")
        lines.append("")
        for c in cmds:
            lines.append(f"- {c.name}: `{c.display or shlex.join(c.argv)}`".replace(str(REPO) + "/", ""))
        lines.append("")
    if "conformance" in extra:
        cf = extra["conformance"]
        lines += ["## Evaluator on the conformance set (../shared/conformance, non-`_service` cases)", ""]
        if "error" in cf:
            lines += [f"Not measured: {cf['error']}", ""]
        else:
            lines += ["| cases | time in simulate() (median) | cases/s | whole process | matching AWS | raised |",
                      "|---:|---:|---:|---:|---:|---:|",
                      f"| {cf['cases']} | {fmt_s(cf['total_s'])} | {cf['cases'] / cf['total_s']:.0f} | "
                      f"{fmt_s(cf['process_s'])} | {cf['matching']} | {cf['raised']} |", "",
                      f"Slowest cases: {', '.join(f'{b} ({a * 1000:.0f} ms)' for a, b in cf['slowest'])}.", ""]
    lines += ["## Targets", "", "| target | measured | verdict |", "|---|---:|---|"]
    for label, g, num, den, kind, limit in TARGETS:
        cmds = {c.name: c for c in groups.get(g, [])}
        a, b = cmds.get(num), cmds.get(den)
        if kind == "time":
            r = ratio(a.median_s() if a else None, b.median_s() if b else None)
        else:
            r = ratio(a.median_kb() if a else None, b.median_kb() if b else None)
        if r is None:
            lines.append(f"| {label} | - | NOT MEASURED |")
        else:
            lines.append(f"| {label} | {r:.2f}x | {'PASS' if r <= limit else 'FAIL'} |")
    lines.append("")
    if notes:
        lines += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------
# Main.
# ----------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--install", action="store_true", help="install the peers into --peers first")
    p.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    p.add_argument("--out", default=str(HERE / "RESULTS.md"), help="Markdown report (default bench/RESULTS.md)")
    p.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated groups among {','.join(GROUPS)}")
    p.add_argument("--peers", default=str(HERE / ".peers"), help="peers folder (default bench/.peers)")
    p.add_argument("--no-pyc", action="store_true",
                   help="keep the environment's PYTHONDONTWRITEBYTECODE (default: cache bytecode under bench/.out/pycache)")
    p.add_argument("--shared", default=str(REPO.parent / "shared"), help="the shared folder (default ../shared)")
    args = p.parse_args(argv)
    command = shlex.join(["python", "bench/run.py"] + list(sys.argv[1:] if argv is None else argv))
    only = [g.strip() for g in args.only.split(",") if g.strip()]
    bad = [g for g in only if g not in GROUPS]
    if bad:
        p.error(f"unknown group(s): {', '.join(bad)}")
    shared, peers = Path(args.shared).resolve(), Path(args.peers).resolve()
    work = HERE / ".out"
    work.mkdir(exist_ok=True)
    global CHILD_ENV
    CHILD_ENV = child_env(args.no_pyc)
    if args.install:
        install(shared, peers)
    info = machine_info()
    info["no_pyc"] = args.no_pyc
    asl = asllint_bin()
    py = sys.executable
    statelint = peers / "run-py-statelint.sh"
    validator = peers / "run-asl-validator.sh"
    ls_py = peers / "venv-localstack" / "bin" / "python"
    driver = peers / "localstack_driver.py"
    notes: list[str] = []
    for tool in (statelint, validator, ls_py):
        if not tool.exists():
            notes.append(f"{tool} missing: run with --install")
    groups: dict[str, list[Command]] = {}
    extra: dict = {}

    def linters(files: list[Path]) -> list[Command]:
        fs = [str(f) for f in files]
        shown = fs if len(fs) <= 2 else [f"{files[0].parent}/*.json  ({len(fs)} files)"]
        cmds = []
        # The targets are measured cold (--no-cache: no peer keeps a cache); the warm run shows
        # what the result cache gives a user who lints the same files again.
        for name, prefix in (("asllint --no-confirm", [asl, "check", "--no-cache", "--no-confirm"]),
                             ("asllint", [asl, "check", "--no-cache"]),
                             ("asllint (cache warm)", [asl, "check", "--cache-dir", str(work / "cache")]),
                             ("statelint", [str(statelint)]),
                             ("asl-validator", [str(validator)])):
            if Path(prefix[0]).exists():
                cmds.append(Command(name, prefix + fs, display=shlex.join(prefix) + " " + " ".join(shown)))
        return cmds

    if "small" in only:
        groups["small"] = linters(make_batch(shared, work, 1)) + [
            Command("python -c pass", [py, "-c", "pass"], ok_rcs=(0,),
                    note="floor: the venv's interpreter starting and exiting")]
    if "batch50" in only:
        groups["batch50"] = linters(make_batch(shared, work, 50))
    if "corpus" in only:
        corpus = str(shared / "corpus")
        groups["corpus"] = [Command("asllint --no-confirm", [asl, "check", "--no-cache", "--no-confirm", corpus]),
                            Command("asllint", [asl, "check", "--no-cache", corpus])]
    if "loop" in only:
        cmds = []
        for name in ("loop_1000", "loop_1000_jsonata"):
            sample = shared / "peers" / "samples" / f"{name}.json"
            probe = run_once([asl, "simulate", str(sample)], REPO, keep_output=True)
            if probe.rc == 0:
                cmds.append(Command(f"asllint {name}", [asl, "simulate", str(sample)], ok_rcs=(0,)))
            else:
                why = [last_line(probe)]
                cmd = Command(f"asllint {name}", [py, "-c", SIM_SNIPPET, str(sample)], ok_rcs=(0,), keep_output=True,
                              note="Python API fallback",
                              display=f"{py} -c \"from asllint.evaluator import simulate; "
                                      f"simulate(json.load(open(FILE)), {{}})\" {sample}")
                notes.append(f"`asllint simulate {sample.name}` failed ({why[0][:200]}); timed "
                             f"`python -c \"from asllint.evaluator import simulate; ...\"` instead (whole process).")
                cmds.append(cmd)
            if ls_py.exists():
                cmds.append(Command(f"LocalStack {name}", [str(ls_py), str(driver), "--definition", str(sample)],
                                    ok_rcs=(0,), keep_output=True))
        groups["loop"] = cmds

    for g, cmds in groups.items():
        print(f"[{g}] {len(cmds)} commands x {args.runs} runs", file=sys.stderr)
        round_robin(cmds, args.runs, REPO)

    # In-process figures reported by the driver / the fallback snippet.
    for c in groups.get("loop", []):
        ins = []
        for s in c.samples:
            try:
                d = json.loads(s.stdout)
            except ValueError:
                continue
            t = d.get("timing", {})
            if "first_run_s" in t:
                ins.append((t["first_run_s"], t.get("import_s"), t.get("parse_s")))
            elif "run_s" in d:
                ins.append((d["run_s"], None, None))
        if ins:
            run_s = statistics.median(x[0] for x in ins)
            c.note = (c.note + "; " if c.note else "") + f"in-process run {fmt_s(run_s)}"
            if ins[0][1] is not None:
                c.note += (f", imports {fmt_s(statistics.median(x[1] for x in ins))}, "
                           f"parse {fmt_s(statistics.median(x[2] for x in ins))} (driver's timing)")

    if "conformance" in only:
        folder = shared / "conformance"
        print(f"[conformance] {min(args.runs, 3)} runs", file=sys.stderr)
        res = []
        for _ in range(min(args.runs, 3)):
            s = run_once([py, "-c", CONFORMANCE_SNIPPET, str(folder)], REPO, keep_output=True)
            if s.rc != 0:
                extra["conformance"] = {"error": f"exit {s.rc}: {last_line(s)}"}
                break
            d = json.loads(s.stdout)
            d["process_s"] = s.seconds
            if d["cases"] and d["raised"] == d["cases"]:
                extra["conformance"] = {"error": f"every case raised, e.g. {d['first_error']}"}
                res = []
                break
            res.append(d)
        if res:
            if res[0]["raised"]:
                notes.append(f"conformance: {res[0]['raised']} cases raised (timed anyway), "
                             f"e.g. {res[0]['first_error']}")
            best = sorted(res, key=lambda d: d["total_s"])[len(res) // 2]
            extra["conformance"] = best

    info["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    text = render(info, command, args.runs, groups, extra, notes)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text)
    print(text)
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
