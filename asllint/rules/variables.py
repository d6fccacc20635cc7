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
def reaching(machine) -> dict:
    """{state: frozenset of names maybe defined on entry} for every reachable state."""
    entry_of: dict = {}
    for scope in machine.scopes:
        if scope.parent is None:
            entry = frozenset()
        else:
            if scope.parent not in entry_of:
                continue  # the owning state is unreachable
            entry = entry_of[scope.parent]
        start = scope.states.get(scope.start_at) if isinstance(scope.start_at, str) else None
        if start is None:
            continue
        sets = {start: set(entry)}
        work = [start]
        while work:
            s = work.pop()
            cur = sets[s]
            for target, names in _edges(s):
                t = scope.states.get(target)
                if t is None:
                    continue
                new = cur | names
                old = sets.get(t)
                if old is None:
                    sets[t] = set(new)
                    work.append(t)
                elif not new <= old:
                    old |= new
                    work.append(t)
        for s, v in sets.items():
            entry_of[s] = frozenset(v)
    return entry_of


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
    entry = reaching(machine)
    seen = set()
    for state, pointer, name, shown in uses(machine):
        defined = entry.get(state)
        if defined is None or name in defined:
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
