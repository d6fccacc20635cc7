"""Budgets that bound every simulation in steps, wall time and value size.

A definition under review can hold expressions that never end (a recursive JSONata function),
that allocate without limit (`$pad('x', 1e10)`), or that take hours (a catastrophic regular
expression). asllint runs as a CI gate on untrusted pull requests, so each simulation gets:

- a step budget: state transitions, JSONata node evaluations, JSONPath filter tests,
  intrinsic calls and regular-expression calls each count one step;
- a wall-time budget: a few seconds for a confirmation, a generous backstop for any simulation.
  Python cannot stop a running thread, so the monotonic clock is read at the step hooks, every
  `_CLOCK_EVERY` steps, and every expression evaluation is itself bounded (linear-time regular
  expressions, sizes checked before allocating, built-in calls charged for what they read);
- a size budget: no expression builds a string or an array longer than `MAX_VALUE_LENGTH`.

Exceeding a budget raises `BudgetExceeded`, an `ExecutionHalt`: the execution ends at once with
the error `asllint.BudgetExceeded`, which no Retry or Catch sees (AWS has no such error; the
simulator stopped, it does not know what AWS would do). Confirmation turns it into an `unknown`
verdict with the reason.

Budgets nest: `limit(seconds=...)` around a confirmation and `limit(steps=...)` around each of
its simulations; an inner budget keeps the outer deadline.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from asllint.asl.quotas import PAYLOAD_BYTES
from asllint.bounded import BUDGET_EXCEEDED

# Steps one simulation may take: about 10 seconds of JSONata evaluation at its slowest
# (a recursive function); the evaluator benchmark's loop of 1,000 iterations takes 30,000.
SIMULATION_STEPS = 1_000_000
# Wall time one confirmation (all the simulations behind one finding's verdict) may take.
CONFIRMATION_SECONDS = 5.0
# Wall time any simulation may take: a backstop for steps of unusual cost (a deep comparison of
# two large arrays in a loop costs one step a comparison); steps are the budget that answers.
SIMULATION_SECONDS = 60.0
# No payload can hold a longer string or array (each character or item is at least one byte of
# JSON). The bound is 8 times the payload quota so that a value just over the quota still reaches
# the state's own size check and fails there with States.DataLimitExceeded, as on AWS.
MAX_VALUE_LENGTH = 8 * PAYLOAD_BYTES

_CLOCK_EVERY = 1024  # steps between two readings of the clock


class BudgetExceeded(Exception):
    """The simulation stopped: it exceeded one of its budgets. `reason` says which. The evaluator
    ends the whole execution on it as on its own halts (same status, error and cause fields)."""

    def __init__(self, what: str):
        self.reason = f"the simulation exceeded its budget of {what}"
        self.status, self.error = "FAILED", BUDGET_EXCEEDED
        self.cause = f"The simulation exceeded its budget of {what}."
        super().__init__(f"{self.status} {self.error}: {self.cause}")


class Budget:
    """One level of budget: its own step count, and the earliest deadline of its level and
    the levels around it."""

    __slots__ = ("steps", "max_steps", "seconds", "deadline", "parent", "notes", "exceeded",
                 "_until_clock")

    def __init__(self, max_steps: int | None, seconds: float | None, parent: "Budget | None"):
        self.steps = 0
        self.max_steps = max_steps
        self.parent = parent
        self.notes: list[str] = []  # what the simulation could not do faithfully
        # Sticky: once exceeded, every later check raises again, so that library code that wraps
        # exceptions (jsonata-python turns any error inside `and`/`or` into its own) cannot
        # hide it; `asllint.jsonata` re-raises it from here.
        self.exceeded: BudgetExceeded | None = None
        self.seconds, self.deadline = seconds, None
        if seconds is not None:
            self.deadline = time.monotonic() + seconds
        if parent is not None and parent.deadline is not None and (
                self.deadline is None or parent.deadline < self.deadline):
            self.seconds, self.deadline = parent.seconds, parent.deadline
        self._until_clock = _CLOCK_EVERY

    def stop(self, what: str):
        if self.exceeded is None:
            self.exceeded = BudgetExceeded(what)
        raise self.exceeded

    def tick(self, count: int = 1) -> None:
        if self.exceeded is not None:
            raise self.exceeded
        self.steps += count
        if self.max_steps is not None and self.steps > self.max_steps:
            self.stop(f"{self.max_steps:,} steps")
        self._until_clock -= count
        if self._until_clock <= 0:
            self._until_clock = _CLOCK_EVERY
            self.check_clock()

    def check_clock(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.stop(f"{self.seconds:g} seconds")


_LOCAL = threading.local()


def current() -> Budget | None:
    return getattr(_LOCAL, "budget", None)


@contextmanager
def limit(*, steps: int | None = None, seconds: float | None = None):
    """Run the block under a budget of `steps` and/or `seconds` (inside any enclosing one)."""
    parent = current()
    _LOCAL.budget = Budget(steps, seconds, parent)
    try:
        yield _LOCAL.budget
    finally:
        _LOCAL.budget = parent


def tick(count: int = 1) -> None:
    """Count steps against the current budget (none outside a simulation)."""
    budget = getattr(_LOCAL, "budget", None)
    if budget is not None:
        budget.tick(count)


def size_steps(value) -> int:
    """Steps for handling a string or an array or object as a whole (reading or building it):
    one per 256 characters (string work runs at C speed) or per 8 items (items are Python
    objects, each checked and copied one at a time). Charging for sizes also bounds the memory
    all values built in one simulation take together."""
    if type(value) is str:
        return len(value) >> 8
    if isinstance(value, (list, dict)):
        return len(value) >> 3
    return 0


def note(reason: str) -> None:
    """Record, on the current budget and the ones around it, something the simulation could not
    do as AWS would (a confirmation that meets one cannot draw a verdict)."""
    level = current()
    while level is not None:
        if reason not in level.notes:
            level.notes.append(reason)
        level = level.parent


def check_length(length: int, what: str) -> None:
    """Refuse a string or array longer than MAX_VALUE_LENGTH, before it is built."""
    if length > MAX_VALUE_LENGTH:
        _stop(f"{MAX_VALUE_LENGTH:,} characters or items for one value "
              f"({what} would have {length:,})")


def check_json_size(value, what: str) -> None:
    """Refuse a value whose JSON text would be longer than MAX_VALUE_LENGTH, without writing
    it: values built by expressions can share parts (`[$a, $a]`), so a small tree of references
    can stand for an exponentially long text. The walk stops as soon as the bound is passed.
    Outside a simulation there is nothing to bound."""
    if current() is None or isinstance(value, (str, int, float, bool)) or value is None:
        if isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
            check_length(len(value), what)
        return
    size, limit, stack = 0, MAX_VALUE_LENGTH, [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)  # exact types first: this runs on every payload the history records
        if kind is str:
            size += len(item) + 2
        elif kind is dict or isinstance(item, dict):
            size += 2 + 4 * len(item) + sum(map(len, item))
            extend(item.values())
        elif kind is list or isinstance(item, (list, tuple)):
            size += 2 + len(item)
            extend(item)
        else:
            size += 4
        if size > limit:
            _stop(f"{MAX_VALUE_LENGTH:,} characters for one value ({what} is longer as JSON text)")


def _stop(what: str):
    level = current()
    if level is None:
        raise BudgetExceeded(what)
    level.stop(what)
