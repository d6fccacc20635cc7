"""Findings the engine itself produces (ASL0xx), declared as rules so they can be listed,
selected, ignored and documented like any other."""

from asllint.hookspecs import hookimpl
from asllint.rule import rule


def _engine_made(machine, options):
    return ()


parse_error = rule("ASL000", "parse-error", "error",
                   "A state machine file that cannot be read as UTF-8 JSON or YAML")(_engine_made)
rule_crash = rule("ASL001", "rule-crash", "error",
                  "A rule, or asllint itself on one file (or its worker process), failed; those findings are missing")(_engine_made)
unused_suppression = rule("ASL002", "unused-suppression", "warning",
                          "A suppression that matches no finding", default_enabled=False)(_engine_made)
duplicate_key = rule("ASL003", "duplicate-key", "error",
                     "A key repeated in the same object; readers disagree on which one wins")(_engine_made)
not_lintable = rule("ASL004", "definition-not-lintable", "info",
                    "A state machine whose definition is outside the file (S3) or built by an unsupported intrinsic")(_engine_made)

outside_linted_tree = rule("ASL005", "outside-linted-tree", "warning",
                           "A linked file or a DefinitionUri that leads outside the linted folder; never read")(_engine_made)


@hookimpl
def asllint_rules():
    return [parse_error, rule_crash, unused_suppression, duplicate_key, not_lintable, outside_linted_tree]
