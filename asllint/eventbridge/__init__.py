"""The EventBridge PutEvents domain, built as a third-party plugin would be: the PutEvents model
(`putevents`, `sdk_results`), its rules (`entry_rules`, `handling_rules`), the bus mock for the
evaluator (`bus`) and the confirmation scenarios."""
