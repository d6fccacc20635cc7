"""asllint: a linter and reference evaluator for AWS Step Functions (Amazon States Language)."""

__version__ = "0.1.0"
