"""The shape of bot/: no import cycles, and each layer imports only from the layers below it.

Every import counts, also those inside functions or under TYPE_CHECKING: a cycle hidden that way
still ties the modules together for whoever changes them.
"""
from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"

# Bottom first. A module may import from its own layer's package and from any layer before it.
LAYERS: list[set[str]] = [
    {"bot.settings", "bot.logs", "bot.loops", "bot.pubsub", "bot.ratelimit"},
    {"bot.store", "bot.nlu"},
    {"bot.conversation"},
    {"bot.messaging"},
    {"bot.channels"},
    {"bot.desk"},
    {"bot.app", "bot.__main__"},
]


def module_name(path: Path, root: Path = BOT) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path = BOT) -> dict[str, set[str]]:
    modules = {module_name(path, root): path for path in root.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(kept + ([base] if base else []))
                # "from bot.x import y" may name a module y or a name in bot.x: take the module when there is one.
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target.startswith("bot"):
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_of(module: str) -> int:
    for number, packages in enumerate(LAYERS):
        if any(module == package or module.startswith(package + ".") for package in packages):
            return number
    raise AssertionError(f"{module} belongs to no layer: add its package to LAYERS")


def test_there_is_no_import_cycle_under_bot() -> None:
    assert cycles(import_graph()) == []


def test_each_layer_imports_only_from_the_layers_below() -> None:
    graph = import_graph()
    upward = sorted(f"{module} -> {target}" for module, targets in graph.items() if module != "bot"
                    for target in targets if target != "bot" and layer_of(target) > layer_of(module))
    assert upward == []


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    """The check above can fail: two modules importing each other, one only inside a function."""
    package = tmp_path / "bot"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from bot.b import thing\n")
    (package / "b.py").write_text("def thing():\n    from bot import a\n    return a\n")
    (package / "c.py").write_text("import bot.a\n")
    assert cycles(import_graph(package)) == [["bot.a", "bot.b"]]
