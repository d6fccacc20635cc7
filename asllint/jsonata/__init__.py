"""JSONata, as Step Functions runs it: recognising `{% ... %}` strings, the parse and what the
linter reads from it (free variables, implicit input), the functions Step Functions adds, and
evaluation (through jsonata-python, imported only when a JSONata expression is evaluated)."""
