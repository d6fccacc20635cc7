"""A longer mutation fuzz than the test suite's: `python bench/fuzz.py [--mutants N] [--seed S]`.

Mutates the shared corpus, the project's fixtures and the rule docs' examples (truncation,
deleted, duplicated and retyped keys and values, swapped state types, deep nesting, huge
strings, unicode, CRLF, tabs, invalid UTF-8, UTF-16), lints each mutant in this process and
every 20th one through the CLI, and checks: no exception, no rule crash (ASL001), every finding
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
        if src.suffix == ".json" and rng.random() < 0.5:
            try:
                target.write_text(json.dumps(mutate_data(json.loads(text), rng), indent=1))
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
        except Exception:  # noqa: BLE001 - that is what the fuzzer looks for
            problem = "exception: " + traceback.format_exc(limit=3).strip().splitlines()[-1]
        if problem:
            failures += 1
            print(f"{target} (from {src.name}): {problem}")
        else:
            target.unlink()
    took = time.perf_counter() - start
    print(f"{args.mutants} mutants of {len(files)} files (seed {args.seed}) in {took:.1f} s: {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
