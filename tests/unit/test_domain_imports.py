import ast
import sys
from pathlib import Path

import app.domain

DOMAIN_ROOT = Path(app.domain.__file__).parent


def _imported_modules(tree: ast.Module) -> list[str]:
    """Absolute module names imported anywhere in the tree (relative ones skipped)."""
    modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
    return modules


def _is_allowed(module: str) -> bool:
    top_level = module.partition(".")[0]
    if top_level == "app":
        return module == "app.domain" or module.startswith("app.domain.")
    return top_level in sys.stdlib_module_names


def test_domain_modules_exist() -> None:
    files = list(DOMAIN_ROOT.rglob("*.py"))
    assert len(files) > 10


def test_domain_imports_only_the_standard_library_and_itself() -> None:
    offenders = [
        f"{path.relative_to(DOMAIN_ROOT)}: {module}"
        for path in sorted(DOMAIN_ROOT.rglob("*.py"))
        for module in _imported_modules(ast.parse(path.read_text(), str(path)))
        if not _is_allowed(module)
    ]
    assert offenders == []


def test_the_import_check_catches_forbidden_imports() -> None:
    tree = ast.parse(
        "import os\n"
        "from app.domain.exceptions import DomainError\n"
        "from app.application.exceptions import ApplicationError\n"
        "import sqlalchemy.orm\n"
        "from pydantic import BaseModel\n"
    )
    rejected = [m for m in _imported_modules(tree) if not _is_allowed(m)]
    assert rejected == ["app.application.exceptions", "sqlalchemy.orm", "pydantic"]
