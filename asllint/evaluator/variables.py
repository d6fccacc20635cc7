"""Workflow variables (`Assign`) and their scopes.

Each `States` object is a scope: the top level, each Parallel branch, each inline Map
iteration. A state reads any variable of its own or an enclosing scope; a branch or an
iteration cannot see its siblings' variables, and its own vanish when it ends (spec
section 5). A Distributed Map child is a separate execution and starts with no variables.
"""

from __future__ import annotations

from asllint.evaluator.errors import runtime_error

_MISSING = object()


class Scope:
    __slots__ = ("values", "parent")

    def __init__(self, parent: "Scope | None" = None):
        self.values: dict = {}
        self.parent = parent

    def child(self) -> "Scope":
        return Scope(self)

    def lookup(self, name: str, default=_MISSING):
        scope = self
        while scope is not None:
            if name in scope.values:
                return scope.values[name]
            scope = scope.parent
        if default is _MISSING:
            raise KeyError(name)
        return default

    def __getitem__(self, name: str):
        # Lets a Scope stand in for the `variables` mapping of asllint.jsonpath.select.
        return self.lookup(name)

    def __contains__(self, name: str) -> bool:
        return self.has(name)

    def has(self, name: str) -> bool:
        return self.lookup(name, _MISSING) is not _MISSING

    def visible(self) -> dict:
        """Every variable this scope can read, inner names shadowing outer ones."""
        chain = []
        scope = self
        while scope is not None:
            chain.append(scope.values)
            scope = scope.parent
        merged: dict = {}
        for values in reversed(chain):
            merged.update(values)
        return merged

    def assign(self, values: dict) -> None:
        """Apply one state's assignments, all at once (they were all computed first)."""
        for name in values:
            outer = self.parent
            while outer is not None:
                if name in outer.values:
                    # The ASL spec forbids it; AWS rejects such a definition when it is
                    # created, so a run that gets here reports it as a runtime failure.
                    raise runtime_error(
                        f"The variable '{name}' belongs to an outer scope and cannot be "
                        "assigned inside a Parallel branch or Map iteration.")
                outer = outer.parent
        self.values.update(values)


MISSING = _MISSING
