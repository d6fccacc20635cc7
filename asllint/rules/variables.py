"""Variable rules (ASL25x): names, scopes and a reaching-definitions walk over each scope.

A variable is "maybe defined" at a state when some path from the scope's StartAt to it passes an
`Assign` of that name (a state's, a Choice rule's on that rule's edge, a Catcher's on its edge).
Only a use that NO path defines is reported: it fails every execution that reaches it. An inner
scope (Parallel branch, Map processor) starts with what is maybe defined on entry to the state
that owns it."""

from __future__ import annotations

from asllint.asl import quotas
from asllint.asl.wording import quoted
from asllint.rules import expressions as ex
from asllint.document import Problem
from asllint.hookspecs import hookimpl
from asllint.model import JSONATA
from asllint.rule import per_machine, rule

MAX_NAME = quotas.NAME_MAX_CHARS


def _esc(k) -> str:
    return str(k).replace("~", "~0").replace("/", "~1")


def assigned_names(state, obj: dict) -> list[tuple[str, str]]:
    """(variable name, raw key) for an Assign object (JSONPath keys lose their `.$`)."""
    out = []
    for k in obj:
        if not isinstance(k, str):
            continue
        name = k[:-2] if state.query_language != JSONATA and k.endswith(".$") else k
        out.append((name, k))
    return out


def _edges(state):
    """(target, names assigned on that edge) for every edge of the state."""
    d = state.data if isinstance(state.data, dict) else {}
    top = set()
    if isinstance(d.get("Assign"), dict):
        top = {n for n, _ in assigned_names(state, d["Assign"])}
    if state.type == "Choice":
        choices = d.get("Choices")
        if isinstance(choices, list):
            for r in choices:
                if isinstance(r, dict) and isinstance(r.get("Next"), str):
                    a = r.get("Assign")
                    yield r["Next"], {n for n, _ in assigned_names(state, a)} if isinstance(a, dict) else set()
        if isinstance(d.get("Default"), str):
            yield d["Default"], top
    elif isinstance(d.get("Next"), str):
        yield d["Next"], top
    catch = d.get("Catch")
    if isinstance(catch, list):
        for c in catch:
            if isinstance(c, dict) and isinstance(c.get("Next"), str):
                a = c.get("Assign")
                yield c["Next"], {n for n, _ in assigned_names(state, a)} if isinstance(a, dict) else set()


@per_machine
def reaching(machine) -> "Reaching":
    """The reaching definitions of every variable that is read, at the states that read it."""
    return Reaching(machine, uses(machine))


class Reaching:
    """Which variables read at a reachable state are maybe defined on entry to it.

    Only names that are both read somewhere and assigned somewhere can change a finding, so each
    gets a bit position and a set of names is an int. The graph of a scope is condensed into
    strongly connected components (every state of a cycle sees every name assigned on the cycle)
    and the components are visited once in topological order: one pass over the edges, each an OR
    of such bitsets. A whole set is kept only until the successors have it, and afterwards for a
    state that owns an inner scope (the scope's entry); a reading state keeps the names it reads.
    Single names stay positions, never ints as wide as the set. A set of every name at every
    state took 2.9 GB for a ring of 5,000 Pass states each assigning a variable, and a
    MemoryError for 10,000 (issue 12)."""

    __slots__ = ("_position", "_reads", "_owners", "_reachable", "_defined", "_scope_entry")

    def __init__(self, machine, uses):
        assigned = set()
        for scope in machine.scopes:
            for state in scope.states.values():
                for _, names in _edges(state):
                    assigned.update(names)
        read = {name for _, _, name, _ in uses} & assigned
        self._position: dict[str, int] = {name: i for i, name in enumerate(sorted(read))}
        self._reads: dict = {}        # State -> names read there that some edge assigns
        for state, _, name, _ in uses:
            if name in read:
                self._reads.setdefault(state, set()).add(name)
        self._owners = {scope.parent for scope in machine.scopes if scope.parent is not None}
        self._reachable: set = set()
        self._defined: dict = {}      # reading State -> the names it reads that are maybe defined
        self._scope_entry: dict = {}  # Parallel/Map State -> every name maybe defined on entry
        for scope in machine.scopes:
            if scope.parent is None:
                entry = 0
            elif scope.parent in self._scope_entry:
                entry = self._scope_entry[scope.parent]
            else:
                continue  # the owning state is unreachable
            start = scope.states.get(scope.start_at) if isinstance(scope.start_at, str) else None
            if start is not None:
                self._walk(scope, start, entry)

    def is_reachable(self, state) -> bool:
        return state in self._reachable

    def maybe_defined(self, state, name: str) -> bool:
        return name in self._defined.get(state, ())

    def _walk(self, scope, start, entry: int) -> None:
        edges = {}  # State -> [(target State, positions of the names assigned on the edge)]

        def out(state):
            found = edges.get(state)
            if found is None:
                found = edges[state] = [
                    (scope.states[t], tuple(self._position[n] for n in names if n in self._position))
                    for t, names in _edges(state) if t in scope.states]
            return found

        def with_names(bits: int, positions) -> int:
            for i in positions:
                bits |= 1 << i
            return bits

        components = _components(start, out)
        component_of = {s: i for i, comp in enumerate(components) for s in comp}
        incoming = [0] * len(components)
        incoming[component_of[start]] = entry
        # Tarjan finds a component after every component it reaches: reversed, they come in
        # topological order, so a component's incoming set is complete when it is visited.
        for i in range(len(components) - 1, -1, -1):
            here, incoming[i] = incoming[i], 0
            for s in components[i]:  # an edge inside a component lies on a cycle through all of it
                for t, positions in out(s):
                    if component_of[t] == i:
                        here = with_names(here, positions)
            for s in components[i]:
                self._reachable.add(s)
                if s in self._reads:
                    self._defined[s] = {n for n in self._reads[s] if here >> self._position[n] & 1}
                if s in self._owners:
                    self._scope_entry[s] = here
                for t, positions in out(s):
                    j = component_of[t]
                    if j != i:
                        incoming[j] |= with_names(here, positions)


def _components(start, out) -> list[list]:
    """Strongly connected components reachable from start (iterative Tarjan: a definition may hold
    more states than Python's recursion limit), each after every component it reaches."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    components: list[list] = []
    work = [(start, iter(out(start)))]
    index[start] = low[start] = 0
    stack.append(start)
    on_stack.add(start)
    while work:
        state, targets = work[-1]
        for t, _ in targets:
            if t not in index:
                index[t] = low[t] = len(index)
                stack.append(t)
                on_stack.add(t)
                work.append((t, iter(out(t))))
                break
            if t in on_stack:
                low[state] = min(low[state], index[t])
        else:
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[state])
            if low[state] == index[state]:
                comp = []
                while True:
                    s = stack.pop()
                    on_stack.discard(s)
                    comp.append(s)
                    if s is state:
                        break
                components.append(comp)
    return components


@per_machine
def uses(machine):
    """(state, pointer, variable name, how it is written) for every variable read."""
    out = []
    for p in ex.parsed(machine):
        if p.expr.kind == "result":
            continue  # ASL203 reports a variable in ResultPath
        for c in ex.path_args(p):
            if c.root == "variable":
                out.append((p.expr.state, p.expr.pointer, c.variable, f"${c.variable}"))
    jsonata = ex.jsonata_exprs(machine)
    if jsonata:
        mod = ex.jsonata_module()
        syntax = ex.jsonata_syntax(machine)
        if mod is not None:
            for e, inner, base in jsonata:
                if syntax.get(id(e)) is not None:
                    continue
                for name in sorted(mod.free_variables(inner)):
                    out.append((e.state, e.pointer, name, f"${name}"))
    return out


@rule("ASL250", "invalid-variable-name", "error",
      "An Assign key that cannot be a variable name (empty, over 80 characters, or `states`)")
def invalid_variable_name(machine, options):
    for state, pointer, obj, where in ex.expressions(machine).assigns:
        for name, key in assigned_names(state, obj):
            p = pointer + "/" + _esc(key)
            if name == "states":
                yield Problem("'states' is reserved for $states (input, result, context...) and cannot "
                              "be assigned; Step Functions rejects the definition: choose another name",
                              p, at="key")
            elif not name:
                yield Problem("An empty variable name cannot be assigned or read", p, at="key")
            elif len(name) > MAX_NAME:
                yield Problem(f"The variable name is {len(name)} characters long; at most {MAX_NAME} are "
                              "allowed: Step Functions rejects the definition", p, at="key")


# A separate code, and a warning: the ASL specification requires identifiers, but whether
# Step Functions rejects other names when the machine is created is not confirmed (asl-validator
# accepts `top-level`), while such a name certainly cannot be read back from JSONata.
@rule("ASL253", "variable-name-not-identifier", "warning",
      "An Assign key that is not an identifier, so it cannot be read back as $name")
def variable_name_not_identifier(machine, options):
    for state, pointer, obj, where in ex.expressions(machine).assigns:
        for name, key in assigned_names(state, obj):
            if name and name != "states" and len(name) <= MAX_NAME and not name.isidentifier():
                minus = " (in JSONata a '-' is a minus sign)" if "-" in name else ""
                yield Problem(f"The variable name {quoted(name)} {_why_not_identifier(name)}; the States Language "
                              "requires an identifier (letters, digits and '_', not starting with a digit), "
                              f"and ${name} cannot be read back{minus}",
                              pointer + "/" + _esc(key), at="key")


def _why_not_identifier(name: str) -> str:
    if name[0].isdigit():
        return "starts with a digit"
    bad = next((c for c in name if not ("a" + c).isidentifier()), None)
    if bad is not None:
        return f"contains {quoted(bad)}"
    return "is not an identifier"


@rule("ASL251", "outer-variable-assigned", "error",
      "A state inside a Parallel branch or Map processor assigns a variable of an enclosing scope")
def outer_variable_assigned(machine, options):
    by_scope: dict = {}
    assigns = ex.expressions(machine).assigns
    for state, pointer, obj, where in assigns:
        by_scope.setdefault(id(state.scope), set()).update(n for n, _ in assigned_names(state, obj))
    for state, pointer, obj, where in assigns:
        ancestors = list(state.scope.ancestors())
        if not ancestors:
            continue
        for name, key in assigned_names(state, obj):
            for owner in ancestors:
                if name in by_scope.get(id(owner.scope), ()):
                    kind = "Map processor" if owner.type == "Map" else "Parallel branch"
                    yield Problem(f"${name} belongs to the scope that contains {owner.type} state "
                                  f"{quoted(owner.name)}; a state inside its {kind} may read it but must not "
                                  "assign it: use another name here, or return the value in the "
                                  f"{kind}'s output and assign it in {quoted(owner.name)}",
                                  pointer + "/" + _esc(key), at="key")
                    break


# A warning, not an error: that reading an unassigned variable fails the execution is
# LocalStack's behaviour ([impl] in the spec), not yet an AWS recording or document.
@rule("ASL252", "undefined-variable", "warning",
      "A variable is read where no path from StartAt assigns it")
def undefined_variable(machine, options):
    defs = reaching(machine)
    seen = set()
    for state, pointer, name, shown in uses(machine):
        if not defs.is_reachable(state) or defs.maybe_defined(state, name):
            continue  # unreachable state (reported elsewhere) or maybe defined
        if (pointer, name) in seen:
            continue
        seen.add((pointer, name))
        yield Problem(f"{shown} is read here, but no path from StartAt to state {quoted(state.name)} "
                      f"assigns it, so every execution that reaches this field fails: assign "
                      f"{quoted(name)} in an earlier state (or in an enclosing scope before the "
                      "Parallel/Map state)", pointer)


RULES = [invalid_variable_name, variable_name_not_identifier, outer_variable_assigned, undefined_variable]


@hookimpl
def asllint_rules():
    return RULES
