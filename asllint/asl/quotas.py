"""Numeric quotas the simulator enforces (see /spec/quotas.md), in one table."""

PAYLOAD_BYTES = 262_144  # state/task input, output and result, UTF-8 (hard quota)
HISTORY_EVENTS = 25_000  # Standard executions fail on reaching it
STANDARD_MAX_DURATION = 365 * 24 * 3600.0  # one year
EXPRESS_MAX_DURATION = 300.0  # five minutes
TASK_DEFAULT_TIMEOUT = 99_999_999  # AWS default TimeoutSeconds/HeartbeatSeconds
DEFAULT_MAX_TRANSITIONS = 50_000  # simulator cap: stops machines that loop forever
INLINE_MAP_MAX_CONCURRENCY = 40
ARRAY_RANGE_MAX = 1000
