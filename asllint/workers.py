"""Many files in forked worker processes (`--jobs`), and what happens when a worker dies.

A worker that dies (the OOM killer, a kill -9) breaks its pool. The files of every chunk the
broken pool lost are linted again one by one in a worker of their own, so that exactly the files
that kill a worker are reported lost (ASL001, exit 2) and every other file keeps its findings:
the run never waits forever for a result that cannot come."""

from __future__ import annotations

LOST_MESSAGE = "the worker process linting this file died (killed, or out of memory); its findings are missing"

_FORKED = None   # (linter, texts, consumed), inherited by forked workers instead of pickled


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _lint_chunk(paths):
    from asllint.document import Report

    linter, texts, consumed = _FORKED
    report = Report(rules={})
    for path in paths:
        linter._lint_guarded(path, texts.get(path), consumed, report)
    fresh = {}
    if linter.cache is not None:  # hand back this task's new cache entries only
        fresh, linter.cache.fresh = linter.cache.fresh, {}
    return report.files, report.findings, report.crashed or linter.finder_crashed, fresh


def lint_parallel(linter, paths, texts, consumed, jobs):
    """The report of `paths` linted in `jobs` forked workers, in chunks."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from asllint.document import FileResult, Report

    global _FORKED
    _FORKED = (linter, texts, consumed)
    context = multiprocessing.get_context("fork")
    chunks = [paths[i::jobs * 4] for i in range(jobs * 4)]
    parts, retry, lost = [], [], []
    try:
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            futures = [(chunk, pool.submit(_lint_chunk, chunk)) for chunk in chunks]
            for chunk, future in futures:
                try:
                    parts.append(future.result())
                except Exception:  # noqa: BLE001 - a dead worker, or a result that cannot be sent back
                    retry.extend(chunk)
        while retry:  # one file a task, one worker: the first broken task is the one that was running
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                futures = [pool.submit(_lint_chunk, [path]) for path in retry]
                for i, future in enumerate(futures):
                    try:
                        parts.append(future.result())
                    except BrokenProcessPool:
                        lost.append((retry[i], LOST_MESSAGE))
                        retry = retry[i + 1:]
                        break
                    except Exception as e:  # noqa: BLE001 - e.g. a plugin's finding data that cannot be pickled
                        lost.append((retry[i], f"the findings of this file could not be sent back from its worker "
                                               f"({type(e).__name__}: {str(e)[:200]}); they are missing"))
                else:
                    retry = []
    finally:
        _FORKED = None
    report = Report(rules=linter.all_rules)
    for files, findings, crashed, fresh in parts:
        report.files.extend(files)
        report.findings.extend(findings)
        report.crashed = report.crashed or crashed
        if fresh and linter.cache is not None:
            linter.cache.merge(fresh)
    for path, message in lost:
        report.files.append(FileResult(path, 0, message))
        report.findings.append(linter._engine_finding("ASL001", message, path, ""))
        report.crashed = True
    return report
