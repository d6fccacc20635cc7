"""The result cache: same report with or without it, a changed file misses, nothing beside files."""

import json
import os
import shutil

import pytest

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


def _entry_path(work):
    return str(work / "flow.asl.json")


GOOD_ROW = ["XYZ001", "pass-state-found", "warning", "m", "/States/A/Type", 1, 1, 1, 2, "flow", "A", None, None]


@pytest.mark.parametrize("bad", [
    [],                                                                   # a list, not an object
    {"sha": "SHA", "machines": 1, "error": None},                         # no findings
    {"sha": "SHA", "machines": "1", "error": None, "findings": []},       # machines not an integer
    {"sha": "SHA", "machines": True, "error": None, "findings": []},      # a bool is not a count
    {"sha": "SHA", "machines": 1, "error": 3, "findings": []},            # error not a string
    {"sha": "SHA", "machines": 1, "error": None, "findings": {}},         # findings not a list
    {"sha": "SHA", "machines": 1, "error": None, "findings": [GOOD_ROW[:12]]},              # a short row
    {"sha": "SHA", "machines": 1, "error": None, "findings": [[*GOOD_ROW[:5], "1", *GOOD_ROW[6:]]]},  # line text
    {"sha": "SHA", "machines": 1, "error": None, "findings": [[*GOOD_ROW[:2], "fatal", *GOOD_ROW[3:]]]},
    {"sha": "SHA", "machines": 1, "error": None, "findings": [[*GOOD_ROW[:12], ["status"]]]},  # confirmation
])
def test_a_cache_entry_of_the_wrong_shape_is_a_miss_and_is_rewritten(tmp_path, bad):
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / "report", work)
    cache = tmp_path / "cache"
    code, clean = check_with_cache(work, cache)
    (cache_file,) = list(cache.iterdir())
    entries = json.loads(cache_file.read_text())
    good = entries[_entry_path(work)]
    planted = json.loads(json.dumps(bad).replace('"SHA"', json.dumps(good["sha"])))
    entries[_entry_path(work)] = planted
    cache_file.write_text(json.dumps(entries))
    assert check_with_cache(work, cache) == (code, clean)           # the same report, not an internal error
    assert json.loads(cache_file.read_text())[_entry_path(work)] == good


@pytest.mark.parametrize("content", ["[1, 2]", "{not json", "[" * 100_000, "\xff\xfe"])
def test_an_unreadable_cache_file_is_ignored(tmp_path, content):
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / "report", work)
    cache = tmp_path / "cache"
    clean = check_with_cache(work, cache)
    (cache_file,) = list(cache.iterdir())
    cache_file.write_text(content, encoding="latin-1")
    assert check_with_cache(work, cache) == clean
    assert str(work / "flow.asl.json") in json.loads(cache_file.read_text())


def test_save_never_follows_a_planted_symlink(tmp_path):
    from asllint.cache import ResultCache
    from asllint.engine import FileResult

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    cache = ResultCache(str(tmp_path / "cache"), "fingerprint")
    (tmp_path / "cache").mkdir()
    old_temp_name = f"{cache.path}.{os.getpid()}.tmp"     # the name the cache used to write through
    os.symlink(victim, old_temp_name)
    cache.put(str(tmp_path / "m.asl.json"), "abc", FileResult("m.asl.json", 1), [])
    cache.save()
    assert victim.read_text() == "keep me"
    assert os.path.islink(old_temp_name) and os.readlink(old_temp_name) == str(victim)
    assert json.loads(open(cache.path).read()) == {
        str(tmp_path / "m.asl.json"): {"sha": "abc", "machines": 1, "error": None, "findings": []}}
    assert sorted(os.listdir(tmp_path / "cache")) == sorted([os.path.basename(cache.path), os.path.basename(old_temp_name)])


def test_cache_file_that_is_a_symlink_or_fifo_is_not_read(tmp_path):
    from asllint.cache import ResultCache

    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({"/x": {"sha": "s", "machines": 1, "error": None, "findings": []}}))
    folder = tmp_path / "cache"
    folder.mkdir()
    path = ResultCache(str(folder), "fp").path
    os.symlink(secret, path)
    assert ResultCache(str(folder), "fp").entries == {}
    os.unlink(path)
    os.mkfifo(path)
    assert ResultCache(str(folder), "fp").entries == {}   # returns at once: a FIFO is never read
