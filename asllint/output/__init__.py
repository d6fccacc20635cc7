"""What a run prints: the formatters (concise, full, json, github), SARIF, and the rule docs."""
