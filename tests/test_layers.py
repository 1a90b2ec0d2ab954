"""The layers of exchange/, written down once: a package imports its own layer or lower ones.

Every import counts, at module level and inside functions alike (a function-local import is
still a dependency; it only hides it from the import system). Lower to higher:

- core: the kit every domain uses and that knows no domain (the database, the audit record,
  the workflow table, reference data, the neutral form kit, the hooks higher domains answer);
- the domains, each above the ones it builds on: an application chooses programs, which run
  under agreements, which belong to org units of accounts; reviews, selection, placements and
  visits act on applications and agreements. A lower domain that needs an answer only a higher
  one has declares a Hook (exchange/hooks.py) that the higher one fills in;
- demo data, built from the domains;
- web: the view toolkit (exchange/web.py), the one commit per request (transactions.py) and
  the view half of a domain that two role areas share (a `screens.py` in a domain package, such
  as exchange/visits/screens.py): it uses the toolkit, and no domain module may import it;
- auth: sign-in and invitations, the one cross-role package the role areas may use (admins
  and coordinators both invite people with its form); it imports no role area;
- the role blueprints, peers that never import each other (a shared piece goes down a layer);
- the app: create_app, the model registry, template helpers, error pages and commands.
"""

from __future__ import annotations

import ast
from pathlib import Path

from exchange.hooks import HOOKS

EXCHANGE = Path(__file__).resolve().parent.parent / "exchange"

CORE = {"db", "extensions", "enums", "rules", "reference", "forms", "audit", "workflow", "links",
        "hooks"}  # fmt: skip
DOMAINS = ["notifications", "accounts", "partnerships", "programs", "applications", "reviews",
           "selection", "placements", "visits"]  # fmt: skip
BLUEPRINTS = {"coordinator", "faculty", "student", "admin", "inbox"}
SCREENS = "screens"  # exchange/<domain>/screens.py, see above
APP = {"__init__", "models", "templating", "errors", "cli"}

# Lowest first; each entry is one layer of top-level modules or packages under exchange/.
LAYERS: list[set[str]] = [
    CORE,
    *({name} for name in DOMAINS),
    {"demo"},
    {"web", "transactions", SCREENS},
    {"auth"},
    BLUEPRINTS,
    APP,
]
LAYER_OF = {name: index for index, layer in enumerate(LAYERS) for name in layer}


def unit_of(module: str) -> str:
    """The top-level module or package under exchange/ that a dotted name belongs to."""
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    if len(parts) == 3 and parts[2] == SCREENS and parts[1] in DOMAINS:
        return SCREENS
    name = parts[1]
    if (EXCHANGE / f"{name}.py").exists() or (EXCHANGE / name).is_dir():
        return name
    return "__init__"  # a name defined in exchange/__init__.py


def module_name(path: Path) -> str:
    parts = list(path.relative_to(EXCHANGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path):
    """(line, dotted name) of every exchange import in the file, wherever it stands."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name == "exchange" or name.startswith("exchange."):
                yield node.lineno, name


def wrong_way_imports() -> list[str]:
    problems = []
    for path in sorted(EXCHANGE.rglob("*.py")):
        source = unit_of(module_name(path))
        where = path.relative_to(EXCHANGE.parent)
        if source not in LAYER_OF:
            problems.append(f"{where}: exchange.{source} is in no layer; add it to LAYERS")
            continue
        for line, name in imported_modules(path):
            target = unit_of(name)
            if target == source:
                continue
            if target not in LAYER_OF:
                problems.append(f"{where}:{line} imports {name}, which is in no layer")
            elif LAYER_OF[target] > LAYER_OF[source]:
                problems.append(
                    f"{where}:{line} imports {name}: {source} (layer {LAYER_OF[source]}) may not "
                    f"import {target} (layer {LAYER_OF[target]}), a higher layer"
                )
            elif source in BLUEPRINTS and target in BLUEPRINTS:
                problems.append(
                    f"{where}:{line} imports {name}: the {source} blueprint may not import the "
                    f"{target} blueprint; move what they share down a layer"
                )
    return problems


def test_every_import_points_down_the_layers():
    problems = wrong_way_imports()
    assert not problems, "\n".join(["Imports against the layers:", *problems])


def test_every_top_level_module_has_a_layer():
    units = {p.stem for p in EXCHANGE.glob("*.py")} | {
        p.name for p in EXCHANGE.iterdir() if (p / "__init__.py").exists()
    }
    assert sorted(units - set(LAYER_OF)) == []


def test_every_hook_is_answered_once_the_app_exists(app):
    assert [hook.name for hook in HOOKS if not hook.answers] == []
