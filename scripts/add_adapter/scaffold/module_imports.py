"""Which of the project's modules import which, read from source (never
imported, so a broken module cannot stop the scaffolder from explaining what
is wrong). `remove` asks it what still needs a module it would delete."""

import ast
from dataclasses import dataclass
from pathlib import Path

from add_adapter.naming import is_within
from add_adapter.paths import GENERATED_PROVIDER_PATHS, Project
from add_adapter.scaffold.router_entry import CONTROLLERS, ROUTER_PATH

SCANNED = ("src", "setup", "tests")
"""Where the project's Python lives: the app, its composition root, its tests."""


def module_name(path: Path) -> str:
    """`src/app/domain/user.py` -> `app.domain.user`, `setup/config.py` ->
    `setup.config`; a package's `__init__.py` is the package."""
    parts = path.with_suffix("").parts
    if parts[0] == "src":
        parts = parts[1:]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def module_path(project: Project, module: str) -> Path | None:
    """The file of a module of the project (`app...` under src/), relative to
    the root; None when there is none."""
    relative = Path(*module.split("."))
    for folder in (Path("src"), Path()):
        for candidate in (relative.with_suffix(".py"), relative / "__init__.py"):
            if project.absolute(folder / candidate).is_file():
                return folder / candidate
    return None


@dataclass(frozen=True)
class ImportGraph:
    """Every Python file under src/, setup/ and tests/ (but the providers
    `sync` writes from the spec) with the modules it imports; the router's
    controllers are not counted, as the scaffolder keeps its entries
    (scaffold/router_entry.py)."""

    imports: dict[Path, frozenset[str]]

    def importers(self, module: str) -> list[Path]:
        """The files that import `module`, sorted."""
        return sorted(path for path, names in self.imports.items() if module in names)


def read_imports(project: Project) -> ImportGraph:
    generated = set(GENERATED_PROVIDER_PATHS)
    imports: dict[Path, frozenset[str]] = {}
    for folder in SCANNED:
        for path in sorted(project.absolute(Path(folder)).rglob("*.py")):
            relative = path.relative_to(project.root)
            if "__pycache__" in relative.parts or relative in generated:
                continue
            imports[relative] = _imported_modules(path, relative)
    if ROUTER_PATH in imports:
        imports[ROUTER_PATH] = frozenset(
            name
            for name in imports[ROUTER_PATH]
            if name == CONTROLLERS or not is_within(name, CONTROLLERS)
        )
    return ImportGraph(imports)


def _imported_modules(path: Path, relative: Path) -> frozenset[str]:
    """The modules a file imports: `import a.b` gives a.b; `from a import b`
    gives a and a.b (b may be a module); a relative import is resolved from
    the file's package."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError):
        return frozenset()
    package = module_name(relative).split(".")
    if relative.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                above = package[: len(package) - node.level + 1]
                base = ".".join([*above, *filter(None, [base])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(found)
