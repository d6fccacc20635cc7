"""Built-in rules, one module per family; each ends with an `asllint_rules` hook implementation."""
