"""A definition as scopes of states with their edges, built once so no rule walks nesting itself.

A scope is a `States` object: the top level, each Parallel branch, each Map processor. Pointers
here are relative to the definition root."""

from __future__ import annotations

from typing import Any, Iterator, NamedTuple

from asllint.asl.states import (  # noqa: F401  (rules import the names from here too)
    DISTRIBUTED, EXECUTION_TYPES, EXPRESS, INLINE, JSONATA, JSONPATH, MAP_MODES, STANDARD, STATE_TYPES)
from asllint.document import join_pointer



# Edge kinds: the field that makes the transition.
NEXT, DEFAULT, CHOICE, CATCH = "Next", "Default", "Choice", "Catch"


class Edge(NamedTuple):
    target: str       # the state it names
    pointer: str      # the field naming it
    kind: str         # NEXT, DEFAULT, CHOICE or CATCH


class State:
    __slots__ = ("name", "data", "pointer", "scope", "query_language", "type")

    def __init__(self, name: str, data: Any, pointer: str, scope: "Scope", query_language: str):
        self.name = name
        self.data = data                    # the state's object (or whatever the file holds there)
        self.pointer = pointer
        self.scope = scope
        self.query_language = query_language
        t = data.get("Type") if isinstance(data, dict) else None
        self.type: str | None = t if isinstance(t, str) else None   # read by every rule: computed once

    def __repr__(self):
        return f"State({self.name!r}, {self.type})"

    def get(self, key, default=None):
        return self.data.get(key, default) if isinstance(self.data, dict) else default

    def field_pointer(self, *parts) -> str:
        return self.pointer + join_pointer(*parts)

    def edges(self) -> Iterator["Edge"]:
        """Every outgoing edge, typed: NEXT, DEFAULT (a Choice's), CHOICE (a Choice rule's Next)
        or CATCH (a Catcher's Next)."""
        d = self.data if isinstance(self.data, dict) else {}
        if isinstance(d.get("Next"), str):
            yield Edge(d["Next"], self.field_pointer("Next"), NEXT)
        if isinstance(d.get("Default"), str) and self.type == "Choice":
            yield Edge(d["Default"], self.field_pointer("Default"), DEFAULT)
        choices = d.get("Choices")
        if self.type == "Choice" and isinstance(choices, list):
            for i, rule in enumerate(choices):
                if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
                    yield Edge(rule["Next"], self.field_pointer("Choices", i, "Next"), CHOICE)
        catch = d.get("Catch")
        if isinstance(catch, list):
            for i, catcher in enumerate(catch):
                if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
                    yield Edge(catcher["Next"], self.field_pointer("Catch", i, "Next"), CATCH)

    def transitions(self) -> Iterator[tuple[str, str]]:
        """(target name, pointer of the field naming it) for every outgoing edge."""
        for edge in self.edges():
            yield edge.target, edge.pointer

    def is_terminal(self) -> bool:
        return self.type in ("Succeed", "Fail") or self.get("End") is True

    @property
    def map_mode(self) -> str | None:
        """INLINE or DISTRIBUTED for a Map state (an Iterator or a missing ProcessorConfig or Mode
        is INLINE); None for other states and when the processor config cannot be read."""
        if self.type != "Map":
            return None
        proc = self.get("ItemProcessor")
        if not isinstance(proc, dict):
            return INLINE if "Iterator" in self.data else None
        cfg = proc.get("ProcessorConfig")
        if cfg is None:
            return INLINE
        if not isinstance(cfg, dict):
            return None
        mode = cfg.get("Mode", INLINE)
        return mode if mode in MAP_MODES else None

    @property
    def processor_config(self) -> dict:
        """A Map's ItemProcessor.ProcessorConfig ({} when absent or not an object)."""
        proc = self.get("ItemProcessor")
        cfg = proc.get("ProcessorConfig") if isinstance(proc, dict) else None
        return cfg if isinstance(cfg, dict) else {}


class Scope:
    __slots__ = ("pointer", "data", "parent", "kind", "states", "machine", "distributed_map")

    def __init__(self, pointer: str, data: Any, parent: State | None, kind: str, machine: "Machine"):
        self.pointer = pointer              # pointer of the object holding StartAt and States
        self.data = data
        self.parent = parent                # the Parallel or Map state owning it; None at the top level
        self.kind = kind                    # "machine", "branch", "processor"
        self.states: dict[str, State] = {}
        self.machine = machine
        # The innermost distributed Map whose child workflows run this scope, or None.
        self.distributed_map: State | None = next(
            (anc for anc in self.ancestors() if anc.map_mode == DISTRIBUTED), None)

    @property
    def execution_type(self) -> str | None:
        """STANDARD or EXPRESS for the executions that run this scope's states: a distributed
        Map's child workflows run as its ProcessorConfig.ExecutionType; other scopes as the
        machine (None when that is unknown or not a valid type)."""
        if self.distributed_map is not None:
            et = self.distributed_map.processor_config.get("ExecutionType")
            return et if et in EXECUTION_TYPES else None
        return self.machine.machine_type

    @property
    def start_at(self):
        return self.data.get("StartAt") if isinstance(self.data, dict) else None

    def ancestors(self) -> Iterator[State]:
        """The enclosing Parallel/Map states, innermost first."""
        state = self.parent
        while state is not None:
            yield state
            state = state.scope.parent


class Machine:
    __slots__ = ("definition", "name", "machine_type", "query_language", "scopes", "cache", "source")

    def __init__(self, definition: Any, name: str, machine_type: str | None, query_language: str,
                 source: Any = None):
        self.definition = definition
        self.name = name
        self.machine_type = machine_type
        self.query_language = query_language
        self.scopes: list[Scope] = []
        self.cache: dict = {}               # per-machine results shared between rules
        self.source = source                # the StateMachine record it came from

    @property
    def top(self) -> Scope:
        return self.scopes[0]

    def states(self) -> Iterator[State]:
        for scope in self.scopes:
            yield from scope.states.values()

    def states_of_type(self, *types: str) -> Iterator[State]:
        index = self.cache.get("by_type")
        if index is None:
            # Most rules ask for one or two types: index once, in document order.
            index = {}
            for state in self.states():
                index.setdefault(state.type, []).append(state)
            self.cache["by_type"] = index
        if len(types) == 1:
            yield from index.get(types[0], ())
            return
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
    scope = Scope(pointer, data, parent, kind, machine)
    machine.scopes.append(scope)
    states = data.get("States") if isinstance(data, dict) else None
    if not isinstance(states, dict):
        return
    # `"QueryLanguage": "JSONata"` written inside States (ASL117 reports the misplacement) says
    # what the author meant for these states: the other rules read them in that language, so one
    # defect is one finding rather than one per JSONata field.
    misplaced = states.get("QueryLanguage")
    default = misplaced if isinstance(misplaced, str) and misplaced in (JSONPATH, JSONATA) else machine.query_language
    for name, sdata in states.items():
        ql = sdata.get("QueryLanguage") if isinstance(sdata, dict) else None
        state = State(name, sdata, pointer + join_pointer("States", name), scope,
                      ql if ql in (JSONPATH, JSONATA) else default)
        scope.states[name] = state
    for state in list(scope.states.values()):
        if state.type == "Parallel" and isinstance(state.get("Branches"), list):
            for i, branch in enumerate(state.get("Branches")):
                _add_scope(machine, branch, state.field_pointer("Branches", i), state, "branch")
        elif state.type == "Map":
            key = "ItemProcessor" if "ItemProcessor" in state.data else "Iterator" if "Iterator" in state.data else None
            if key:
                _add_scope(machine, state.data[key], state.field_pointer(key), state, "processor")
