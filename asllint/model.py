"""A definition as scopes of states with their edges, built once so no rule walks nesting itself.

A scope is a `States` object: the top level, each Parallel branch, each Map processor. Pointers
here are relative to the definition root."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from asllint.document import join_pointer

JSONPATH = "JSONPath"
JSONATA = "JSONata"
STATE_TYPES = ("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")


@dataclass(eq=False)
class State:
    name: str
    data: Any                # the state's object (or whatever the file holds there)
    pointer: str
    scope: "Scope"
    query_language: str

    @property
    def type(self) -> str | None:
        t = self.data.get("Type") if isinstance(self.data, dict) else None
        return t if isinstance(t, str) else None

    def get(self, key, default=None):
        return self.data.get(key, default) if isinstance(self.data, dict) else default

    def field_pointer(self, *parts) -> str:
        return self.pointer + join_pointer(*parts)

    def transitions(self) -> Iterator[tuple[str, str]]:
        """(target name, pointer of the field naming it) for every outgoing edge."""
        d = self.data if isinstance(self.data, dict) else {}
        if isinstance(d.get("Next"), str):
            yield d["Next"], self.field_pointer("Next")
        if isinstance(d.get("Default"), str) and self.type == "Choice":
            yield d["Default"], self.field_pointer("Default")
        choices = d.get("Choices")
        if self.type == "Choice" and isinstance(choices, list):
            for i, rule in enumerate(choices):
                if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
                    yield rule["Next"], self.field_pointer("Choices", i, "Next")
        catch = d.get("Catch")
        if isinstance(catch, list):
            for i, catcher in enumerate(catch):
                if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
                    yield catcher["Next"], self.field_pointer("Catch", i, "Next")

    def is_terminal(self) -> bool:
        return self.type in ("Succeed", "Fail") or self.get("End") is True


@dataclass(eq=False)
class Scope:
    pointer: str             # pointer of the object holding StartAt and States
    data: Any
    parent: State | None     # the Parallel or Map state owning it; None at the top level
    kind: str                # "machine", "branch", "processor"
    states: dict[str, State] = field(default_factory=dict)

    @property
    def start_at(self):
        return self.data.get("StartAt") if isinstance(self.data, dict) else None

    def ancestors(self) -> Iterator[State]:
        """The enclosing Parallel/Map states, innermost first."""
        state = self.parent
        while state is not None:
            yield state
            state = state.scope.parent


@dataclass(eq=False)
class Machine:
    definition: Any
    name: str
    machine_type: str | None
    query_language: str
    scopes: list[Scope] = field(default_factory=list)
    cache: dict = field(default_factory=dict)   # per-machine results shared between rules
    source: Any = None                           # the StateMachine record it came from

    @property
    def top(self) -> Scope:
        return self.scopes[0]

    def states(self) -> Iterator[State]:
        for scope in self.scopes:
            yield from scope.states.values()

    def states_of_type(self, *types: str) -> Iterator[State]:
        for state in self.states():
            if state.type in types:
                yield state


def build(definition: Any, name: str = "", machine_type: str | None = None, source: Any = None) -> Machine:
    ql = definition.get("QueryLanguage") if isinstance(definition, dict) else None
    ql = ql if ql in (JSONPATH, JSONATA) else JSONPATH
    machine = Machine(definition, name, machine_type, ql, source=source)
    _add_scope(machine, definition, "", None, "machine")
    return machine


def _add_scope(machine: Machine, data: Any, pointer: str, parent: State | None, kind: str) -> None:
    scope = Scope(pointer, data, parent, kind)
    machine.scopes.append(scope)
    states = data.get("States") if isinstance(data, dict) else None
    if not isinstance(states, dict):
        return
    for name, sdata in states.items():
        ql = sdata.get("QueryLanguage") if isinstance(sdata, dict) else None
        state = State(name, sdata, pointer + join_pointer("States", name), scope,
                      ql if ql in (JSONPATH, JSONATA) else machine.query_language)
        scope.states[name] = state
    for state in list(scope.states.values()):
        if state.type == "Parallel" and isinstance(state.get("Branches"), list):
            for i, branch in enumerate(state.get("Branches")):
                _add_scope(machine, branch, state.field_pointer("Branches", i), state, "branch")
        elif state.type == "Map":
            key = "ItemProcessor" if "ItemProcessor" in state.data else "Iterator" if "Iterator" in state.data else None
            if key:
                _add_scope(machine, state.data[key], state.field_pointer(key), state, "processor")
