"""What a finder (`asllint_find_state_machines`) returns: the records shared by every container.

`StateMachine` is one definition to lint, `Note` something to report instead of linting, and
`Reference` a local file that holds the definition (read by the engine, inside the linted tree
only)."""

from __future__ import annotations

from typing import Any, NamedTuple

from asllint.document import Document, Span


class StateMachine:
    """One definition to lint, and how its pointers map to positions in a file."""

    __slots__ = ("name", "definition", "path", "pointer", "locator", "container", "machine_type",
                 "substitutions", "ignores", "document", "model")

    def __init__(self, name: str, definition: Any, path: str, pointer: str, locator: Any,
                 container: str = "asl", machine_type: str | None = None, substitutions: dict | None = None,
                 ignores: tuple = (), document: Document | None = None):
        self.name = name
        self.definition = definition
        self.path = path                    # the file findings are reported in
        self.pointer = pointer              # pointer of the definition from that file's root
        self.locator = locator              # resolves pointers relative to the definition
        self.container = container          # asl, cloudformation, sam, serverless
        self.machine_type = machine_type    # STANDARD, EXPRESS or None when the container does not say
        self.substitutions = substitutions if substitutions is not None else {}
        self.ignores = ignores              # codes ignored through CloudFormation Metadata
        self.document = document
        self.model = None                   # the model.Machine, once built by the engine

    def span(self, pointer: str, at: str = "value") -> Span | None:
        return self.locator.span(pointer, at)


class Note(NamedTuple):
    """Something a finder wants reported that is not a rule finding (e.g. an S3 definition)."""

    code: str
    message: str
    pointer: str
    machine: str | None = None


class Reference(NamedTuple):
    """A local file holding the definition (SAM `DefinitionUri`, Serverless `${file(...)}`):
    linted with the container's properties (`container`, `machine_type`, `substitutions`,
    `ignores`). `uri` is the value as written and `field` the key holding it, for messages."""

    name: str
    target: str
    pointer: str
    properties: dict
    uri: str = ""
    field: str = "DefinitionUri"


class PrefixLocator:
    """Resolves definition-relative pointers in the containing document."""

    def __init__(self, document: Document, prefix: str):
        self.document = document
        self.prefix = prefix

    def span(self, pointer: str, at: str = "value") -> Span | None:
        return self.document.span(self.prefix + pointer, at)
