"""The vocabulary of the Amazon States Language, shared by the linter and the evaluator.

Each fact about ASL or AWS is defined once here: the state types and their fields per query
language, the Choice operators, the `States.*` error names and how ErrorEquals matches, the
quotas, Resource URIs, and how a string is recognised as JSONata or a template placeholder."""
