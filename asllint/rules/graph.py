"""Graph rules (ASL150-ASL199): transitions, reachability, termination and state names.

Each `States` object (the top level, each Parallel branch, each Map processor) is its own graph:
its states are the nodes; `StartAt`, `Next`, Choice `Default` and `Choices[].Next`, and
`Catch[].Next` are the edges. Transitions never cross a scope."""

from __future__ import annotations

from asllint.asl.wording import closest, did_you_mean
from asllint.document import Problem, join_pointer
from asllint.hookspecs import hookimpl
from asllint.model import CATCH, CHOICE, STATE_TYPES
from asllint.rule import is_placeholder, per_machine, rule

NEEDS_TRANSITION = ("Task", "Pass", "Wait", "Parallel", "Map")


def _where(scope) -> str:
    if scope.kind == "machine":
        return "at the top level"
    owner = scope.parent
    if scope.kind == "branch":
        idx = next((i for i, b in enumerate(owner.get("Branches") or []) if b is scope.data), None)
        return f"in branch {idx + 1 if idx is not None else '?'} of Parallel state '{owner.name}'"
    return f"in the item processor of Map state '{owner.name}'"


class Graph:
    """One scope's edges, with the transitions that do not resolve set aside."""

    def __init__(self, machine, scope):
        self.scope = scope
        self.succ: dict[str, list[str]] = {n: [] for n in scope.states}
        self.pred: dict[str, list[str]] = {n: [] for n in scope.states}
        self.broken: set[str] = set()     # states with a transition that names no state of this scope
        self.unresolved_start = False
        for name, state in scope.states.items():
            for target, _ptr in state.transitions():
                if target in scope.states:
                    self.succ[name].append(target)
                    self.pred[target].append(name)
                else:
                    self.broken.add(name)
                    fix = closest(target, scope.states) if isinstance(target, str) else None
                    if fix:                   # ASL150 says "did you mean": assume the fix
                        self.succ[name].append(fix)
                        self.pred[fix].append(name)
            d = state.data if isinstance(state.data, dict) else {}
            if state.type in NEEDS_TRANSITION and d.get("End") is not True and "Next" not in d:
                self.broken.add(name)     # ASL157 reports it
            if state.type not in STATE_TYPES:
                self.broken.add(name)     # unknown type: its edges are unknown
            if isinstance(d.get("Next"), str) and is_placeholder(d["Next"]):
                self.broken.add(name)
        start = scope.start_at
        self.start = start if isinstance(start, str) and start in scope.states else None

    def reachable(self) -> set[str]:
        seen: set[str] = set()
        todo = [self.start] if self.start else []
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            todo.extend(self.succ[n])
        return seen

    def from_(self, name: str, within: set[str]) -> list[str]:
        seen, todo, order = set(), [name], []
        while todo:
            n = todo.pop(0)
            if n in seen or n not in within:
                continue
            seen.add(n)
            order.append(n)
            todo.extend(self.succ[n])
        return order


@per_machine
def graphs(machine) -> list[Graph]:
    return [Graph(machine, s) for s in machine.scopes]


def _scope_of(machine, name):
    for scope in machine.scopes:
        if name in scope.states:
            return scope
    return None


@rule("ASL150", "missing-transition-target", "error",
      "StartAt, Next, Default or a Catch Next names a state that does not exist")
def missing_transition_target(machine, options):
    for scope in machine.scopes:
        names = list(scope.states)
        refs = []
        start = scope.start_at
        if isinstance(start, str) and isinstance(scope.data, dict) and isinstance(scope.data.get("States"), dict):
            refs.append(("StartAt", start, scope.pointer + join_pointer("StartAt")))
        for state in scope.states.values():
            for target, ptr, kind in state.edges():
                field = {CATCH: "Catch Next", CHOICE: "Choice rule Next"}.get(kind, kind)
                refs.append((field, target, ptr))
        for field, target, ptr in refs:
            if target in scope.states or is_placeholder(target) or _scope_of(machine, target) is not None:
                continue
            yield Problem(f"{field} names '{target}'{did_you_mean(target, names)}, which is not a state "
                          f"{_where(scope)}", ptr)


@rule("ASL151", "transition-out-of-scope", "error",
      "A transition to a state of another scope (into or out of a Parallel branch or Map processor)")
def transition_out_of_scope(machine, options):
    for scope in machine.scopes:
        refs = []
        if isinstance(scope.start_at, str):
            refs.append(("StartAt", scope.start_at, scope.pointer + join_pointer("StartAt")))
        for state in scope.states.values():
            for target, ptr in state.transitions():
                refs.append((ptr.rsplit("/", 1)[-1], target, ptr))
        for field, target, ptr in refs:
            if target in scope.states:
                continue
            other = _scope_of(machine, target)
            if other is None:
                continue
            yield Problem(f"{field} names '{target}', a state {_where(other)}, but this transition is {_where(scope)}: "
                          "states may only transition to states of their own States object", ptr)


@rule("ASL152", "unreachable-state", "error", "A state no path from StartAt leads to")
def unreachable_state(machine, options):
    for g in graphs(machine):
        if g.start is None:
            continue  # StartAt is missing or names no state here: ASL101/ASL150 say so
        reached = g.reachable()
        unreachable = [n for n, s in g.scope.states.items() if n not in reached and isinstance(s.data, dict)]
        covered: set[str] = set()
        heads = [n for n in unreachable if not any(p != n and p not in reached for p in g.pred[n])]
        rest = set(unreachable)
        for name in heads + unreachable:        # heads first, then what is left in cycles, in file order
            if name in covered:
                continue
            chain = g.from_(name, rest - covered)
            covered.update(chain)
            after = chain[1:]
            msg = f"State '{name}' is unreachable: no path from StartAt '{g.start}' leads to it"
            if after:
                shown = ", ".join(f"'{n}'" for n in after[:3]) + (f" and {len(after) - 3} more" if len(after) > 3 else "")
                msg += f" (nor to {shown}, reached only through it)"
            yield Problem(msg, g.scope.states[name].pointer, at="key")


def _terminal(state) -> bool:
    return state.is_terminal()


@rule("ASL153", "no-path-to-end", "error",
      "A reachable state from which no path leads to a terminal state: executions entering it never end")
def no_path_to_end(machine, options):
    for g in graphs(machine):
        states = g.scope.states
        if not any(_terminal(s) for s in states.values()):
            continue  # ASL154
        good = {n for n, s in states.items() if _terminal(s) or n in g.broken}
        todo = list(good)
        while todo:
            n = todo.pop()
            for p in g.pred[n]:
                if p not in good:
                    good.add(p)
                    todo.append(p)
        reached = g.reachable()
        trapped = [n for n in states if n in reached and n not in good]
        for name in trapped:
            entered_from_outside = name == g.start or any(p in good for p in g.pred[name])
            if not entered_from_outside:
                continue
            loop = g.from_(name, set(trapped))
            shown = ", ".join(f"'{n}'" for n in loop[:5]) + (", ..." if len(loop) > 5 else "")
            yield Problem(f"No path from state '{name}' leads to an end state (End: true, Succeed or Fail): an execution "
                          f"entering it cycles through {shown} until it times out", states[name].pointer, at="key")


@rule("ASL154", "missing-terminal-state", "error",
      "A States object with no terminal state (no End: true, Succeed or Fail)")
def missing_terminal_state(machine, options):
    for scope in machine.scopes:
        if not scope.states:
            continue
        if any(s.type in NEEDS_TRANSITION and isinstance(s.data, dict) and "Next" not in s.data
               and s.data.get("End") is not True for s in scope.states.values()):
            continue  # a state without Next or End (ASL157) is the likely missing end
        if not any(_terminal(s) for s in scope.states.values()):
            yield Problem(f"No state {_where(scope)} ends the workflow: none has End: true and none is a Succeed or Fail "
                          "state", scope.pointer + join_pointer("States"), at="key")


@rule("ASL155", "duplicate-state-name", "error",
      "Two states share a name; names are unique in the whole machine, nested states included")
def duplicate_state_name(machine, options):
    first: dict[str, object] = {}
    for scope in machine.scopes:
        for name, state in scope.states.items():
            if name in first:
                yield Problem(f"State name '{name}' is already used {_where(first[name].scope)}; state names must be unique "
                              "in the whole state machine, including Parallel branches and Map processors",
                              state.pointer, at="key")
            else:
                first[name] = state


@rule("ASL156", "next-with-end", "error", "A state has both Next and End: true")
def next_with_end(machine, options):
    for state in machine.states():
        if state.get("End") is True and "Next" in (state.data or {}) and state.type in NEEDS_TRANSITION:
            yield Problem(f"{state.type} state '{state.name}' has both Next and End: true; a state either ends the "
                          "workflow or names its next state", state.field_pointer("End"), at="key")


@rule("ASL157", "missing-next-or-end", "error", "A Task, Pass, Wait, Parallel or Map state has neither Next nor End: true")
def missing_next_or_end(machine, options):
    for state in machine.states():
        d = state.data
        if (state.type in NEEDS_TRANSITION and isinstance(d, dict) and "Next" not in d
                and ("End" not in d or d["End"] is False)):  # a non-boolean End is ASL103's
            extra = " (End is false)" if d.get("End") is False else ""
            yield Problem(f"{state.type} state '{state.name}' has neither Next nor End: true{extra}; it must name the "
                          "next state or end the workflow", state.pointer, at="key")


@hookimpl
def asllint_rules():
    return [missing_transition_target, transition_out_of_scope, unreachable_state, no_path_to_end,
            missing_terminal_state, duplicate_state_name, next_with_end, missing_next_or_end]
