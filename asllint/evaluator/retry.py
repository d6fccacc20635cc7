"""Retry and Catch (spec section 9): attempt counting, backoff delays; which handler matches
an error is `asllint.asl.errors.error_matches`."""

from __future__ import annotations

from asllint.asl.errors import error_matches, first_match

DEFAULT_INTERVAL = 1
DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_BACKOFF = 2.0


class RetryTracker:
    """Attempt counters of one visit of a state: one counter per retrier (spec 9.2)."""

    def __init__(self, retriers):
        self.retriers = retriers if isinstance(retriers, list) else []
        self.counts = [0] * len(self.retriers)
        self.retries = 0  # total retries so far ($$.State.RetryCount)

    def next_delay(self, failure, rng) -> float | None:
        """Seconds to wait before the next attempt, or None when no retrier applies."""
        for index, retrier in enumerate(self.retriers):
            if not isinstance(retrier, dict) or not error_matches(
                    failure.error, retrier.get("ErrorEquals"), heartbeat=getattr(failure, "heartbeat", False)):
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
    return first_match(catchers, failure.error, heartbeat=getattr(failure, "heartbeat", False))


def error_output(failure) -> dict:
    """The Error Output a Catcher passes on: {"Error", "Cause"}."""
    output = {"Error": failure.error if failure.error is not None else ""}
    output["Cause"] = failure.cause if failure.cause is not None else ""
    return output
