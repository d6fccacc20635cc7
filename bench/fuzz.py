"""A longer mutation fuzz than the test suite's: `python bench/fuzz.py [--mutants N] [--seed S]`.

Mutates the shared corpus, the project's fixtures and the rule docs' examples (truncation,
deleted, duplicated and retyped keys and values, swapped state types, deep nesting, huge
strings, unicode, CRLF, tabs, invalid UTF-8, UTF-16; hostile values from HOSTILE: catastrophic
regular expressions, endless recursion, huge ranges, huge numbers, deep intrinsics; and whole
machines from `generated`: rings of assigning states, thousands of findings, control characters
in names and values, checked for escaped output; a tree of symlinks leading out of it), lints each
mutant, with confirmation by simulation, in this process, every 20th one through `asllint check`
and every 4th one with a hostile value through `asllint simulate`, and checks: no exception, no rule crash (ASL001), every finding
located inside its file, exit code 0 or 1. Prints the failures (the mutant is kept in
bench/.out/fuzz/) and a summary line. Not part of the test suite."""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from asllint.engine import Linter, Options  # noqa: E402
from tests.mutate import mutate_data, mutate_text  # noqa: E402


def sources(shared: Path) -> list[Path]:
    files = [p for p in (REPO / "tests" / "fixtures").rglob("*") if p.suffix in (".json", ".yaml", ".yml")]
    corpus = shared / "corpus"
    if corpus.is_dir():
        files += [p for p in corpus.rglob("*") if p.suffix in (".json", ".yaml", ".yml") and p.name != "manifest.json"]
    for doc in (REPO / "rules").glob("*.md"):
        for i, m in enumerate(re.finditer(r"^```(json|yaml)[^\n]*\n(.*?)^```", doc.read_text(), re.S | re.M)):
            out = REPO / "bench" / ".out" / "fuzz-src" / f"{doc.stem}-{i}.asl.{m.group(1)}"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(m.group(2))
            files.append(out)
    return sorted(files)


def _deep_intrinsic(levels: int) -> str:
    text = "'x'"
    for _ in range(levels):
        text = f"States.Format('{{}}', {text})"
    return text


# Values an attacker would plant in a definition (issue 12 class 2): catastrophic regular
# expressions, endless or deep recursion, huge ranges and strings, huge numbers, deep intrinsics.
HOSTILE = [
    "{% $contains('" + "a" * 40 + "b', /^(a+)+$/) %}",
    "{% $match('" + "a" * 40 + "!', /(a|aa)+$/) %}",
    "{% $replace('" + "a" * 1000 + "', /a/, $pad('b', 100000)) %}",
    "{% $split('" + "ab" * 1000 + "', /(a*)*b/) %}",
    "{% $contains('aa', /(a)\\1/) %}",
    "{% ($f := function($x){ $f($x) }; $f(1)) %}",
    "{% ($f := function($x){ $x = 0 ? 0 : 1 + $f($x - 1) }; $f(100000)) %}",
    "{% $count($range(1, 10000000000)) %}",
    "{% $count([1..10000000000]) %}",
    "{% $length($pad('x', 10000000000)) %}",
    "{% $join($map([1..100000], function($v){ $pad('x', 100000) })) %}",
    "$.items[?(@.s =~ /^(a+)+$/)]",
    "States.MathAdd(1e400, 1)",
    "States.MathAdd(-1e400, 1e308)",
    "States.MathRandom(1e400, 1e401)",
    "States.ArrayRange(1, 1e400, 1)",
    _deep_intrinsic(40),
    _deep_intrinsic(500),
    "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
    10 ** 300,
    -(10 ** 300),
    1e308,
]
_PLANT_FIELDS = ["Output", "Arguments", "Condition", "Items", "StringMatches", "Parameters",
                 "ResultSelector", "InputPath", "Assign"]


def plant_hostile(data, rng: random.Random):
    """A copy of `data` with a hostile value in one object, under a field that evaluates it."""
    data = json.loads(json.dumps(data))
    objects, stack = [], [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            objects.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    if not objects:
        return data
    target, value = rng.choice(objects), rng.choice(HOSTILE)
    field = rng.choice(_PLANT_FIELDS)
    if field in ("Parameters", "ResultSelector"):
        target[field] = {"v.$": value, "s": "a" * 40 + "b"}
    elif field == "Assign":
        target[field] = {"v": value}
    else:
        target[field] = value
    return data


# Control characters a hostile file or state name carries: terminal escapes, a GitHub workflow
# command after a newline, a bidi override, a line separator.
CONTROL = ["\x1b[31m", "\n::error file=a::pwned", "\r::warning::pwned", "\u202e", "\u2028", "\x00"]


def generated(rng: random.Random) -> dict:
    """A whole machine built to stress one bound (issue 12): a ring of states each assigning a
    variable (reaching definitions), thousands of findings (positions), control characters in
    names, keys and values (escaping)."""
    kind = rng.choice(["ring", "findings", "control"])
    n = rng.randint(500, 3000)
    if kind == "ring":
        states = {f"S{i}": {"Type": "Pass", "Assign": {f"v{i}": i}, "Next": f"S{(i + 1) % n}"}
                  for i in range(n)}
        states["S0"]["Assign"]["read"] = "{% $never %}"
        return {"QueryLanguage": "JSONata", "StartAt": "S0", "States": states}
    if kind == "findings":
        states = {f"S{i}": {"Type": "Pass", "Bogus": i, **({"Next": f"S{i + 1}"} if i < n - 1 else {"End": True})}
                  for i in range(n)}
        return {"StartAt": "S0", "States": states}
    name = "A" + rng.choice(CONTROL)
    return {"Comment": rng.choice(CONTROL), "StartAt": name, "States": {
        name: {"Type": "Task", "Resource": "arn:aws:states:::events:putEvents" + rng.choice(CONTROL),
               "Parameters": {"Entries": [{"Source": rng.choice(CONTROL), "DetailType": "x",
                                           "Detail": {"k" + rng.choice(CONTROL): 1}}]},
               "Nxt" + rng.choice(CONTROL): "B", "End": True}}}


def check_output_escaped(path: Path) -> str | None:
    """Every text format prints what a hostile file says escaped: no raw escape sequence, no
    workflow command of the file's own making."""
    for fmt in ("concise", "full", "github"):
        p = subprocess.run([sys.executable, "-m", "asllint", "check", "--no-cache", "--format", fmt, str(path)],
                           capture_output=True, text=True, timeout=60)
        if any(c in p.stdout for c in ("\x1b", "\x00", "\u202e", "\u2028", "\r")):
            return f"--format {fmt} printed a raw control character"
        if any(line.startswith(("::error file=a::pwned", "::warning::pwned")) for line in p.stdout.splitlines()):
            return f"--format {fmt} let the file inject a workflow command"
    return None


def check_links(out: Path) -> str | None:
    """A tree whose links lead out of it (a secret file, /proc/self/environ, /, a cycle): the walk
    ends, nothing outside is read, the links are reported."""
    import os
    import shutil

    tree = out / "links" / "tree"
    shutil.rmtree(tree.parent, ignore_errors=True)
    (tree / "sub").mkdir(parents=True)
    secret = tree.parent / "secret.txt"
    secret.write_text("AWS_SECRET_ACCESS_KEY=fuzz-secret-value\n")
    os.symlink(secret, tree / "creds.asl.yaml")
    os.symlink("/proc/self/environ", tree / "env.asl.json")
    os.symlink("/", tree / "root")
    os.symlink("..", tree / "sub" / "up")
    for fmt in ("concise", "full", "json"):
        p = subprocess.run([sys.executable, "-m", "asllint", "check", "--no-cache", "--format", fmt, str(tree)],
                           capture_output=True, text=True, timeout=60)
        if "fuzz-secret-value" in p.stdout or "PATH=" in p.stdout or p.returncode not in (0, 1):
            return f"links: --format {fmt} exit {p.returncode} or printed what lies outside the tree"
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mutants", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    files = sources(Path(args.shared))
    out = REPO / "bench" / ".out" / "fuzz"
    out.mkdir(parents=True, exist_ok=True)
    linter = Linter(Options(select=["ALL"], confirm=True))
    failures = 0
    start = time.perf_counter()
    for n in range(args.mutants):
        src = rng.choice(files)
        text = src.read_text(encoding="utf-8", errors="replace")
        target = out / f"m{n:05}{''.join(src.suffixes[-2:])}"
        planted = False
        if rng.random() < 0.05:  # a machine built to stress one bound, instead of a mutant
            target = out / f"m{n:05}.asl.json"
            target.write_text(json.dumps(generated(rng), indent=1))
        elif src.suffix == ".json" and rng.random() < 0.5:
            try:
                planted = rng.random() < 0.3
                mutate = plant_hostile if planted else mutate_data
                target.write_text(json.dumps(mutate(json.loads(text), rng), indent=1))
            except ValueError:
                target.write_bytes(mutate_text(text, rng))
        else:
            target.write_bytes(mutate_text(text, rng))
        problem = None
        try:
            report = linter.lint_paths([str(target)])
            raw = target.read_bytes()
            lines = len(re.split(rb"\r\n|\r|\n", raw))
            crashes = [f.message for f in report.findings if f.code == "ASL001"]
            outside = [f for f in report.findings if not 1 <= f.location.span.start.line <= lines]
            if crashes:
                problem = f"rule crash: {crashes[0]}"
            elif outside:
                problem = f"finding outside the file: {outside[0].code} at line {outside[0].location.span.start.line}"
            elif n % 20 == 0:
                p = subprocess.run([sys.executable, "-m", "asllint", "check", "--no-cache", str(target)],
                                   capture_output=True, text=True, timeout=60)
                if p.returncode not in (0, 1) or "Traceback" in p.stderr:
                    problem = f"exit {p.returncode}: {p.stderr.strip()[-200:]}"
            if not problem and any(c in target.read_text(errors="replace") for c in ("pwned", "\\u001b", "\\u202e", "\\u2028", "\\u0000")):
                problem = check_output_escaped(target)
            if planted and n % 4 == 0 and not problem:
                # The evaluator too: any exit code is an answer, a traceback or a hang is not.
                # (Only for planted hostile values: other mutants reach evaluator paths that
                # issue 12's other classes cover, e.g. a state whose Type is a list.)
                p = subprocess.run([sys.executable, "-m", "asllint", "simulate", str(target)],
                                   capture_output=True, text=True, timeout=60)
                if "Traceback" in p.stderr or "internal error" in p.stderr:
                    problem = problem or f"simulate exit {p.returncode}: {p.stderr.strip()[-200:]}"
        except Exception:  # noqa: BLE001 - that is what the fuzzer looks for
            problem = "exception: " + traceback.format_exc(limit=3).strip().splitlines()[-1]
        if problem:
            failures += 1
            print(f"{target} (from {src.name}): {problem}")
        else:
            target.unlink()
    link_problem = check_links(out)
    if link_problem:
        failures += 1
        print(link_problem)
    took = time.perf_counter() - start
    print(f"{args.mutants} mutants of {len(files)} files (seed {args.seed}) in {took:.1f} s: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
