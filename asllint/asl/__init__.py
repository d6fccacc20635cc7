"""The vocabulary of the Amazon States Language, shared by the linter and the evaluator.

Each fact about ASL or AWS is defined once here:
- `states`: state types, query languages, execution types, Map modes, fields per query language;
- `choice`: the Choice operators and their operand types;
- `errors`: the `States.*` error names and `error_matches` (how ErrorEquals matches);
- `quotas`: every numeric quota (payload, names, durations, Map, intrinsics, PutEvents);
- `resources`: Task Resource URIs parsed into one `Resource`, and the service integration table;
- `text`: whether a string is a JSONata expression or a template placeholder;
- `schema`: the JSON Schema of a definition (asllint/schemas/asl.json) and its interpreter.
Facts derived from a definition (a scope's execution type, a Map's mode, typed edges) live on the
model (`asllint.model`), computed once."""
