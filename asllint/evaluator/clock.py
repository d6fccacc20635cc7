"""The simulated clock: waits, retries and timeouts move it forward, nothing ever sleeps."""

from __future__ import annotations

import datetime as _dt
import re

# A fixed default start keeps every run reproducible (history timestamps included).
DEFAULT_START = _dt.datetime(2025, 1, 1, 0, 0, 0, tzinfo=_dt.timezone.utc)

# RFC 3339 as AWS accepts it in Wait/Choice: uppercase T, Z or a numeric offset,
# optional fractional seconds (spec section 1 "Timestamps").
_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class SimulatedClock:
    def __init__(self, start: _dt.datetime | None = None):
        start = start or DEFAULT_START
        if start.tzinfo is None:
            start = start.replace(tzinfo=_dt.timezone.utc)
        self.start = start
        self.elapsed = 0.0  # seconds since the start of the execution
        self._iso = (None, "")  # (elapsed, text): formatting dominates tight loops

    def advance(self, seconds: float) -> None:
        if seconds > 0:
            self.elapsed += seconds

    def move_to(self, elapsed: float) -> None:
        """Set the time, backwards too: concurrent branches each start from their own start."""
        self.elapsed = elapsed

    def now(self) -> _dt.datetime:
        return self.start + _dt.timedelta(seconds=self.elapsed)

    def iso(self) -> str:
        if self._iso[0] != self.elapsed:
            self._iso = (self.elapsed, format_timestamp(self.now()))
        return self._iso[1]

    def seconds_until(self, moment: _dt.datetime) -> float:
        return (moment - self.now()).total_seconds()


def format_timestamp(moment: _dt.datetime) -> str:
    """ISO 8601 with milliseconds and a Z, the form AWS uses in the context object."""
    moment = moment.astimezone(_dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(text) -> _dt.datetime | None:
    """An RFC 3339 timestamp as AWS accepts it, or None when it is not one."""
    if not isinstance(text, str):
        return None
    match = _TIMESTAMP.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        micro = int(round(float(fraction) * 1_000_000)) if fraction else 0
        if micro >= 1_000_000:
            micro = 999_999
        if zone == "Z":
            tz = _dt.timezone.utc
        else:
            sign = 1 if zone[0] == "+" else -1
            tz = _dt.timezone(sign * _dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6])))
        return _dt.datetime(int(year), int(month), int(day), int(hour), int(minute),
                            int(second), micro, tzinfo=tz)
    except ValueError:
        return None
