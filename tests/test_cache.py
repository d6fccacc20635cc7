"""The result cache: same report with or without it, a changed file misses, nothing beside files."""

import json
import shutil

from tests.conftest import FIXTURES, run_asllint


def check_with_cache(cwd, cache, *extra):
    """The CLI as a CI job runs it, with a cache folder: the `lint` fixture lints without a cache."""
    r = run_asllint("check", "--select", "ASL,EB,XYZ001", "--format", "json", "--cache-dir", str(cache), *extra, ".",
                    cwd=cwd)
    return r.returncode, json.loads(r.stdout)


def test_cached_run_reports_the_same_and_a_change_misses(tmp_path):
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / "containers", work)
    cache = tmp_path / "cache"
    first = check_with_cache(work, cache)
    (cache_file,) = list(cache.iterdir())
    entries = json.loads(cache_file.read_text())
    assert str(work / "plain.asl.json") in entries
    assert str(work / "sam.yaml") not in entries          # its result depends on another file
    second = check_with_cache(work, cache)
    assert second == first
    # Change a file: its entry no longer matches, the new finding appears.
    flow = work / "plain.asl.json"
    flow.write_text(flow.read_text().replace('"Next": "Done"', '"Next": "Gone"'))
    code, third = check_with_cache(work, cache)
    new = [f for f in third["findings"] if f["file"] == "plain.asl.json" and f["code"] == "ASL150"]
    assert [(f["start"]["line"], f["message"][:45]) for f in new] == [(8, "Next names 'Gone' (did you mean 'Done'?), whi")]


def test_no_cache_writes_nothing(tmp_path):
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / "report", work)
    cache = tmp_path / "cache"
    check_with_cache(work, cache, "--no-cache")
    assert not cache.exists()


def test_options_are_part_of_the_key(tmp_path):
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / "report", work)
    cache = tmp_path / "cache"
    check_with_cache(work, cache)
    r = run_asllint("check", "--select", "XYZ001", "--ignore", "XYZ001", "--format", "json", "--cache-dir", str(cache),
                    ".", cwd=work)
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == ["ASL000"]
    assert len(list(cache.iterdir())) == 2
