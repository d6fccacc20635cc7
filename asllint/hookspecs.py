"""The plugin API of asllint: the hooks a plugin (or a built-in module) implements.

Plugins are found through the `asllint` entry-point group and registered with pluggy under the
project name `asllint`; built-in modules are registered the same way. A hook implementation
whose name is not one of these is an error at start-up (pluggy validates it)."""

import pluggy

hookspec = pluggy.HookspecMarker("asllint")
hookimpl = pluggy.HookimplMarker("asllint")


@hookspec
def asllint_rules():
    """Return a list of `asllint.rule.Rule` objects (made with the `@rule` decorator).

    Codes must be unique; a plugin claims its own prefix (built-ins use `ASL` and `EB`). The
    engine runs the rules in its own loop: disabled rules never run, and a rule that raises
    becomes one `ASL001` finding while the others go on."""


@hookspec
def asllint_find_state_machines(document):
    """Return the state machines found in `document` (an `asllint.document.Document`).

    Items are `asllint.sources.records.StateMachine` records (definition, pointer, locator), and
    may be `asllint.sources.records.Note` (something to report, such as a definition kept in S3)
    or `asllint.sources.records.Reference` (a local file holding the definition; the engine reads
    it only when it lies inside the linted tree). The same records are importable from
    `asllint.locate`. Return an empty list when the document holds none; every finder's results
    are used. The built-in finders are plugins of this hook too: `asllint.sources.plain`,
    `asllint.sources.cloudformation` (CloudFormation and SAM) and `asllint.sources.serverless`."""


@hookspec
def asllint_formatters():
    """Return a dict of output format name -> callable(report, options) -> str.

    `report` is an `asllint.document.Report` (also importable as `asllint.engine.Report`); the built-in formats are concise, full, json,
    github and sarif."""


@hookspec(firstresult=True)
def asllint_confirm(finding, machine):
    """Confirm or refute a confirmable finding by simulation; the first non-None result wins.

    Return a dict `{"status": "confirmed" | "refuted" | "unknown", "summary", "trace",
    "scenario"}`, or None to leave the finding to another plugin."""


@hookspec
def asllint_service_mocks():
    """Return a list of service mocks for the evaluator (objects with `matches(resource)` and
    `invoke(resource, parameters, ctx)`), consulted before the built-in ones."""
