"""What already exists in the project, read from source (never imported, so a
broken module cannot stop the scaffolder from explaining what is wrong)."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

from add_adapter.naming import split_dotted
from add_adapter.paths import Project

MODELS_DIRECTORY = Path("src/app/infrastructure/persistence/models")
TESTS_PACKAGE = "tests"


@dataclass(frozen=True)
class Table:
    name: str
    model_module: str
    model_class: str
    id_type: str


@dataclass
class ProjectIndex:
    project: Project
    tables: dict[str, Table] = field(default_factory=dict)

    def module_path(self, module: str) -> Path:
        """`app.domain.entities.order` -> `src/app/domain/entities/order.py`;
        the tests' modules are under the root (`tests.support.doubles.x` ->
        `tests/support/doubles/x.py`)."""
        parts = module.split(".")
        root = () if parts[0] == TESTS_PACKAGE else ("src",)
        return Path(*root, *parts).with_suffix(".py")

    def exists(self, path: Path) -> bool:
        return self.project.absolute(path).exists()

    def defines_class(self, dotted_path: str) -> bool:
        module, name = split_dotted(dotted_path)
        return name in self.class_methods(module)

    def class_methods(self, module: str) -> dict[str, tuple[str, ...]]:
        """Classes the module defines, with their method names; empty when the
        module does not exist or does not parse."""
        path = self.project.absolute(self.module_path(module))
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
            return {}
        return {
            node.name: tuple(
                item.name
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            )
            for node in tree.body
            if isinstance(node, ast.ClassDef)
        }


def index_project(project: Project) -> ProjectIndex:
    index = ProjectIndex(project)
    directory = project.absolute(MODELS_DIRECTORY)
    for path in sorted(directory.glob("*.py")):
        table = _table_of(path)
        if table is not None:
            index.tables[table.name] = table
    return index


def _table_of(path: Path) -> Table | None:
    """The model a module maps, from `__tablename__ = "..."` and the
    annotation of its `id` (`Mapped[UUID]`)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:
        return None
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        name = id_type = None
        for item in node.body:
            if (
                isinstance(item, ast.Assign)
                and any(
                    isinstance(t, ast.Name) and t.id == "__tablename__"
                    for t in item.targets
                )
                and isinstance(item.value, ast.Constant)
                and isinstance(item.value.value, str)
            ):
                name = item.value.value
            if (
                isinstance(item, ast.AnnAssign)
                and isinstance(item.target, ast.Name)
                and item.target.id == "id"
                and isinstance(item.annotation, ast.Subscript)
            ):
                id_type = ast.unparse(item.annotation.slice)
        if name is not None:
            module = ".".join(
                ("app", "infrastructure", "persistence", "models", path.stem)
            )
            return Table(name, module, node.name, id_type or "int")
    return None
