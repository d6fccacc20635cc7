"""Retry and Catch (spec section 9): matching, attempt counting, backoff delays.

Matching, per AWS's error-handling page:
- an exact name matches itself;
- `States.ALL` matches every error a state can be retried or caught on (States.Runtime never
  reaches here: it is not catchable; AWS was observed catching States.DataLimitExceeded);
- `States.TaskFailed` matches every error except `States.Timeout`;
- `States.HeartbeatTimeout` matches a missed heartbeat, which AWS reports as States.Timeout.
"""

from __future__ import annotations

DEFAULT_INTERVAL = 1
DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_BACKOFF = 2.0


def error_matches(names, failure) -> bool:
    if not isinstance(names, list):
        return False
    error = failure.error
    for name in names:
        if name == error and error is not None:
            return True
        if name == "States.ALL":
            return True
        if name == "States.TaskFailed" and error != "States.Timeout":
            return True
        if name == "States.HeartbeatTimeout" and getattr(failure, "heartbeat", False):
            return True
    return False


class RetryTracker:
    """Attempt counters of one visit of a state: one counter per retrier (spec 9.2)."""

    def __init__(self, retriers):
        self.retriers = retriers if isinstance(retriers, list) else []
        self.counts = [0] * len(self.retriers)
        self.retries = 0  # total retries so far ($$.State.RetryCount)

    def next_delay(self, failure, rng) -> float | None:
        """Seconds to wait before the next attempt, or None when no retrier applies."""
        for index, retrier in enumerate(self.retriers):
            if not isinstance(retrier, dict) or not error_matches(retrier.get("ErrorEquals"), failure):
                continue
            max_attempts = retrier.get("MaxAttempts", DEFAULT_MAX_ATTEMPTS)
            if self.counts[index] >= max_attempts:
                return None  # this retrier is exhausted: Catch takes over
            self.counts[index] += 1
            self.retries += 1
            return retry_delay(retrier, self.counts[index], rng)
        return None


def retry_delay(retrier: dict, attempt: int, rng) -> float:
    """Delay before the `attempt`-th retry (1-based) of this retrier."""
    interval = retrier.get("IntervalSeconds", DEFAULT_INTERVAL)
    backoff = retrier.get("BackoffRate", DEFAULT_BACKOFF)
    delay = interval * (backoff ** (attempt - 1))
    cap = retrier.get("MaxDelaySeconds")
    if isinstance(cap, (int, float)) and cap > 0:
        delay = min(delay, cap)
    if retrier.get("JitterStrategy") == "FULL":
        delay = rng.uniform(0, delay)
    return delay


def find_catcher(catchers, failure):
    """(index, catcher) of the first Catcher matching the failure, or None."""
    if not isinstance(catchers, list):
        return None
    for index, catcher in enumerate(catchers):
        if isinstance(catcher, dict) and error_matches(catcher.get("ErrorEquals"), failure):
            return index, catcher
    return None


def error_output(failure) -> dict:
    """The Error Output a Catcher passes on: {"Error", "Cause"}."""
    output = {"Error": failure.error if failure.error is not None else ""}
    output["Cause"] = failure.cause if failure.cause is not None else ""
    return output
