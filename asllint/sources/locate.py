"""The locate step of a run: every container plugin's `asllint_find_state_machines` on one
document. The containers themselves are plugins (`plain`, `cloudformation`, `serverless`, and any
installed third-party finder); the records they return live in `records`."""

from __future__ import annotations

from asllint.document import Document
from asllint.sources.records import Note, Reference, StateMachine

__all__ = ["Note", "Reference", "StateMachine", "find_state_machines", "find_state_machines_in_file",
           "REFERENCE_MARKERS"]

# Text that every file naming another file holds (SAM `DefinitionUri`, Serverless `${file(`):
# only such files are read ahead of the run, to lint each referenced file once, through them.
REFERENCE_MARKERS = ("DefinitionUri", "${file(")


def find_state_machines(document: Document) -> list:
    """Every finder's results for `document`, in plugin call order."""
    from asllint import plugins

    found: list = []
    for group in plugins.manager().hook.asllint_find_state_machines(document=document):
        found.extend(group or ())
    return found


def find_state_machines_in_file(path: str) -> list:
    """Read `path` (a file the user named) and locate its state machines; raises LoadError."""
    from asllint.sources.load import parse, read_text

    return find_state_machines(parse(path, read_text(path)))
