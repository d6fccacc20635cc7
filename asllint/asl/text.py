"""How a string in a definition is read: a JSONata expression, or a template placeholder.

The linter, the evaluator and the EventBridge rules all ask these questions; they must get the
same answer, so the answer is written here only."""

from __future__ import annotations

from asllint.asl.placeholders import has_placeholder

JSONATA_OPEN = "{%"
JSONATA_CLOSE = "%}"

def is_jsonata(value) -> bool:
    """A string of exactly the form `{% ... %}`.

    No blanks are stripped: AWS passes `" {% x %} "` through as literal text (recorded in the
    conformance run outputdecl `BASE_LITERALS`: `constant_not_jsonata` comes back unchanged), and
    asl-semantics.md section 4 says JSONata strings are exactly `"{% ... %}"`. The delimiters may
    not overlap, so `"{%}"` is literal text too."""
    return (isinstance(value, str) and len(value) >= 4
            and value.startswith(JSONATA_OPEN) and value.endswith(JSONATA_CLOSE))


def is_placeholder(value) -> bool:
    """A `${...}` template placeholder (SAM DefinitionSubstitutions, Fn::Sub, Serverless
    variables) or a string holding one: its value is unknown, so it is never an error.
    An unclosed `${name` is not a placeholder: it is a typo the deployment will not fix."""
    return isinstance(value, str) and has_placeholder(value)
