"""The packages' imports run one way: no cycle between concepts, no module importing the hub.

Read from the source with `ast`, imports inside functions included: an import moved into a
function is still a dependency. The web layer (views, admin, forms, urls, commands, request
helpers) sits above every concept and may import any of them, so it is left out of the graph;
a concept module importing the web layer is refused instead.
"""

import ast
from pathlib import Path

TRACKER = Path(__file__).resolve().parent.parent / "tracker"

# Django's registration: it gathers every package's models so that Django finds them.
REGISTRATION = "tracker.models"
# Modules whose name says they answer requests or the command line.
WEB_NAMES = {"views", "admin", "admin_mixins", "forms", "urls", "web"}
WEB_PACKAGES = {"management", "templatetags"}
# Not code that the app runs.
SKIPPED = {"migrations", "locale", "static", "templates"}

# Modules allowed to import the hub beside the registration: none. Never add to it.
HUB_ALLOWED: set[str] = set()
# Edges (importing module, imported module) left out of the cycle check, each with the
# reason it still exists: none. Never add to it.
EDGES_ALLOWED: dict[tuple[str, str], str] = {}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(tree: ast.AST, module: str, is_package: bool, known) -> list:
    """Every tracker module the source imports, with its line: for `from a import b`, the
    module `a.b` if there is one, else `a`."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                name = f"{base}.{alias.name}"
                found.append((name if name in known else base, node.lineno))
    return sorted({(name, line) for name, line in found if name in known and name != "tracker"})


def is_web(module: str) -> bool:
    parts = module.split(".")
    return parts[-1] in WEB_NAMES or any(p in WEB_PACKAGES for p in parts)


def concept(module: str) -> str:
    """The package (or top-level module) of tracker that a module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def import_graph(root: Path) -> dict[str, list[tuple[str, int]]]:
    """Module -> the tracker modules it imports (existing ones only), with their lines."""
    sources = {}
    for path in sorted(root.rglob("*.py")):
        if SKIPPED & set(path.relative_to(root).parts):
            continue
        sources[module_name(path, root)] = path
    graph = {}
    for module, path in sources.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[module] = imported_modules(tree, module, path.name == "__init__.py", sources)
    return graph


def hub_importers(graph, allowed=HUB_ALLOWED) -> list[str]:
    return [
        f"{module} (line {line}) imports {REGISTRATION}"
        for module, imports in graph.items()
        if module != REGISTRATION and module not in allowed
        for target, line in imports
        if target == REGISTRATION
    ]


def web_importers(graph) -> list[str]:
    return [
        f"{module} (line {line}) imports the web module {target}"
        for module, imports in graph.items()
        if not is_web(module) and module != REGISTRATION
        for target, line in imports
        if is_web(target)
    ]


def concept_edges(graph, allowed=EDGES_ALLOWED) -> dict[tuple[str, str], list[str]]:
    """(concept, concept it imports) -> the imports that make the edge."""
    edges: dict[tuple[str, str], list[str]] = {}
    for module, imports in graph.items():
        if is_web(module) or module in (REGISTRATION, "tracker"):
            continue
        for target, line in imports:
            if (module, target) in allowed or target == REGISTRATION:
                continue
            edge = (concept(module), concept(target))
            if edge[0] != edge[1]:
                edges.setdefault(edge, []).append(f"{module} (line {line}) imports {target}")
    return edges


def cycles(edges) -> list[list[str]]:
    """The strongly connected groups of more than one concept (Tarjan), sorted."""
    nodes = sorted({n for edge in edges for n in edge})
    after = {n: sorted(b for a, b in edges if a == n) for n in nodes}
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in after[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                groups.append(sorted(group))

    for node in nodes:
        if node not in index:
            visit(node)
    return sorted(groups)


def cycle_report(edges) -> list[str]:
    """Each cycle with its edges, the thinnest first: a stray import is usually one line."""
    lines = []
    for group in cycles(edges):
        lines.append("cycle between " + ", ".join(group) + ":")
        inside = [(len(w), a, b, w) for (a, b), w in edges.items() if a in group and b in group]
        for count, a, b, where in sorted(inside):
            more = f"; and {count - 2} more" if count > 2 else ""
            lines.append(f"  {a} -> {b}: " + "; ".join(where[:2]) + more)
    return lines


def test_no_module_but_the_registration_imports_the_models_hub():
    found = hub_importers(import_graph(TRACKER))
    assert not found, "import models from the package that owns them:\n" + "\n".join(found)


def test_concept_packages_import_each_other_one_way():
    found = cycle_report(concept_edges(import_graph(TRACKER)))
    assert not found, "\n".join(found)


def test_no_concept_module_imports_the_web_layer():
    found = web_importers(import_graph(TRACKER))
    assert not found, "\n".join(found)


def test_the_allowances_name_imports_that_still_exist():
    """An allowance outlives its import only by mistake: once the import goes, so must it."""
    graph = import_graph(TRACKER)
    for module in HUB_ALLOWED:
        assert REGISTRATION in {t for t, _ in graph.get(module, [])}, module
    for source, target in EDGES_ALLOWED:
        assert target in {t for t, _ in graph.get(source, [])}, (source, target)


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "tracker" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "tracker"


PLANTED = {
    "__init__.py": "",
    "models/__init__.py": "from tracker.units.models import Ward\n",
    "units/__init__.py": "",
    "units/models.py": "",
    "units/maps.py": "def newest():\n    from tracker.assessments import rules\n",
    "assessments/__init__.py": "",
    "assessments/rules.py": "from ..units import models\n",
    "assessments/views.py": "from tracker.models import Ward\n",
    "reports/__init__.py": "",
    "reports/selectors.py": "from tracker import web\nfrom tracker.models import Ward\n",
    "web.py": "from tracker.reports import selectors\n",
}


def test_a_planted_upward_import_is_named(tmp_path):
    graph = import_graph(_tree(tmp_path, PLANTED))
    assert cycle_report(concept_edges(graph, allowed={})) == [
        "cycle between assessments, units:",
        "  assessments -> units: tracker.assessments.rules (line 1) imports tracker.units.models",
        "  units -> assessments: tracker.units.maps (line 2) imports tracker.assessments.rules",
    ]
    assert hub_importers(graph, allowed=set()) == [
        "tracker.assessments.views (line 1) imports tracker.models",
        "tracker.reports.selectors (line 2) imports tracker.models",
    ]
    assert web_importers(graph) == [
        "tracker.reports.selectors (line 1) imports the web module tracker.web"
    ]
