"""Bounded evaluation: the budget every simulation runs under (steps, value sizes, wall time) and
regular expressions matched in linear time. The expression languages (`asllint.jsonata`,
`asllint.jsonpath`, `asllint.intrinsics`) and the evaluator both use it, so it sits below them.
Importing this package is free: `budget` and `linear_regex` load when a simulation needs them."""

# The error a simulation ends with when it exceeds its budget (not a Step Functions error name).
BUDGET_EXCEEDED = "asllint.BudgetExceeded"
