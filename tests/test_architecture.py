"""The package's architecture, checked: no module imports itself back, even lazily.

Every import counts (module level, inside functions, under `if TYPE_CHECKING:`): an import
inside a function that "breaks" a circle only hides it, the modules still depend on each other.
`from x import y` counts as importing `x.y` when `y` is a submodule, else as importing `x`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import asllint

PACKAGE_DIR = Path(asllint.__file__).resolve().parent

# Cycles tolerated for now, each as the sorted tuple of its modules.
KNOWN_CYCLES: set = set()  # none: a new cycle is a design change to discuss, not to list


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict:
    return {_module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def _absolute(name: str, level: int, importer: str, is_package: bool) -> str:
    if not level:
        return name
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def import_graph() -> dict:
    """{module: set of asllint modules it imports}."""
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(node.module or "", node.level, name, is_package)
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    targets.add(submodule if submodule in modules else source)
        graph[name] = {target for target in targets if target in modules and target != name}
    return graph


def find_cycles(graph: dict) -> list:
    """Every strongly connected component of more than one module (Tarjan), sorted."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = [0]

    def visit(node):
        # Iterative: the graph is small, but recursion depth is not ours to spend.
        work = [(node, iter(sorted(graph[node])))]
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        while work:
            current, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[current] = min(low[current], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[current])
                if low[current] == index[current]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == current:
                            break
                    if len(component) > 1:
                        components.append(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def test_no_import_cycles():
    cycles = set(find_cycles(import_graph()))
    new = sorted(cycles - KNOWN_CYCLES)
    assert not new, "import cycles:\n" + "\n".join(" <-> ".join(cycle) for cycle in new)
    gone = sorted(KNOWN_CYCLES - cycles)
    assert not gone, ("cycles listed in KNOWN_CYCLES no longer exist, remove them:\n"
                      + "\n".join(" <-> ".join(cycle) for cycle in gone))


def test_the_cycle_finder_reports_strongly_connected_modules():
    graph = {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert find_cycles(graph) == [("a", "b")]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_the_evaluator_imports_are_seen():
    """The graph holds imports made inside functions and `from package import submodule`."""
    graph = import_graph()
    # asllint/evaluator/__init__.py imports the runner inside simulate().
    assert "asllint.evaluator.runner" in graph["asllint.evaluator"]
    # `from asllint.asl import quotas` is an import of the submodule.
    assert "asllint.asl.quotas" in graph["asllint.evaluator.runner"]


def test_each_query_language_io_implements_the_whole_interface():
    """State handlers call `visit.language.<step>` without knowing the language: every step the
    interface leaves abstract must exist in both languages."""
    import inspect

    from asllint.evaluator.jsonata_language import JSONataIO
    from asllint.evaluator.jsonpath_language import JSONPathIO
    from asllint.evaluator.language import QueryLanguageIO

    abstract = {name for name, member in vars(QueryLanguageIO).items()
                if callable(member) and "NotImplementedError" in inspect.getsource(member)}
    assert "finish" in abstract and "condition" in abstract
    for language in (JSONPathIO, JSONataIO):
        missing = {name for name in abstract if name not in vars(language)}
        assert not missing, f"{language.__name__} lacks {sorted(missing)}"


# The layers, lowest first: a package may import from its own layer and the ones before it,
# never from a later one (the evaluator runs expressions; expressions never run the evaluator).
LAYERS = [
    {"asllint.asl", "asllint.bounded", "asllint.document", "asllint.hookspecs"},
    {"asllint.jsonpath", "asllint.intrinsics", "asllint.jsonata", "asllint.sources", "asllint.model",
     "asllint.rule"},
    {"asllint.rules", "asllint.evaluator", "asllint.eventbridge", "asllint.output"},
]


def _layer(module: str):
    for index, packages in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in packages):
            return index
    return None


def test_lower_layers_never_import_higher_ones():
    wrong = []
    for module, imported in import_graph().items():
        mine = _layer(module)
        for other in imported:
            theirs = _layer(other)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{module} -> {other}")
    assert wrong == []
