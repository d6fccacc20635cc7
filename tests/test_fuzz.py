"""A short seeded mutation fuzz over the shared corpus and our fixtures.

For every mutant: no exception, no rule crash (ASL001), and every finding located inside the
file. The longer run is `python bench/fuzz.py --mutants N`."""

import json
import re
import random
from pathlib import Path


from asllint.engine import Linter, Options
from tests.conftest import FIXTURES, SHARED
from tests.mutate import mutate_data, mutate_text

SEED = 20261126
MUTANTS = 150


def sources():
    files = sorted((FIXTURES / "containers").glob("*.*")) + sorted((FIXTURES / "report").glob("*.*"))
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        real = sorted(p for p in corpus.rglob("*") if p.suffix in (".json", ".yaml", ".yml") and p.name != "manifest.json")
        files += random.Random(SEED).sample(real, min(60, len(real)))
    return files


def check(linter, path: Path):
    report = linter.lint_paths([str(path)])
    assert not report.crashed, [f.message for f in report.findings if f.code == "ASL001"]
    raw = path.read_bytes()
    nlines = len(re.split(rb"\r\n|\r|\n", raw))  # line breaks as YAML and editors count them
    for f in report.findings:
        s = f.location.span.start
        assert 1 <= s.line <= nlines and s.column >= 1, (f.code, f.message, s)


def test_seeded_mutants(tmp_path):
    linter = Linter(Options(select=["ALL"], confirm=False))
    rng = random.Random(SEED)
    files = sources()
    for n in range(MUTANTS):
        src = rng.choice(files)
        text = src.read_text(encoding="utf-8", errors="replace")
        target = tmp_path / f"m{n}{''.join(src.suffixes[-2:])}"
        if rng.random() < 0.5 and src.suffix == ".json":
            try:
                data = json.loads(text)
            except ValueError:
                continue
            target.write_text(json.dumps(mutate_data(data, rng), indent=1), encoding="utf-8")
        else:
            target.write_bytes(mutate_text(text, rng))
        try:
            check(linter, target)
        except AssertionError as e:
            raise AssertionError(f"mutant {n} of {src.name} (kept at {target}): {e}") from None
