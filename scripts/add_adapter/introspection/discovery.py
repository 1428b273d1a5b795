"""Finding what the code defines: ports (Protocols under app.domain and
app.application) and use cases (under app.application.commands/queries)."""

import importlib
import importlib.util
import pkgutil
import sys
from dataclasses import dataclass, field
from types import ModuleType

from add_adapter.introspection.project_imports import describe_exception
from add_adapter.naming import is_within, pascal_case
from add_adapter.specification.vocabulary import (
    PORT_PACKAGES,
    SHARED_SHAPE_PACKAGES,
    USE_CASE_PACKAGES,
)


@dataclass
class CodeScan:
    """Every module imported under the scanned packages, and the modules that
    failed to import."""

    modules: list[ModuleType] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def scan_packages(package_names: tuple[str, ...] = PORT_PACKAGES) -> CodeScan:
    """Import every module under each package (a package that does not exist
    is simply empty)."""
    scan = CodeScan()
    for package_name in package_names:
        _scan_package(package_name, scan)
    return scan


def _scan_package(package_name: str, scan: CodeScan) -> None:
    try:
        if importlib.util.find_spec(package_name) is None:
            return
        package = importlib.import_module(package_name)
    except ModuleNotFoundError:
        return
    except Exception as error:  # a module may raise anything while importing
        scan.problems.append(_import_failure(package_name, error))
        return
    scan.modules.append(package)

    def record_failure(name: str) -> None:
        error = sys.exc_info()[1]
        if error is not None:
            scan.problems.append(_import_failure(name, error))

    for info in pkgutil.walk_packages(
        getattr(package, "__path__", []),
        prefix=f"{package_name}.",
        onerror=record_failure,
    ):
        try:
            scan.modules.append(importlib.import_module(info.name))
        except Exception as error:  # a module may raise anything while importing
            scan.problems.append(_import_failure(info.name, error))


def _import_failure(module_name: str, error: BaseException) -> str:
    return f"cannot import module {module_name}: {describe_exception(error)}"


def is_protocol_class(candidate: object) -> bool:
    """A class declared as `class X(Protocol)` (not a class implementing one)."""
    return isinstance(candidate, type) and vars(candidate).get("_is_protocol") is True


def find_ports(scan: CodeScan) -> list[type]:
    """Protocols defined (not just imported) in the scanned modules under the
    port packages, in a stable order."""
    ports = {
        dotted_name(value): value
        for module in scan.modules
        if any(is_within(module.__name__, package) for package in PORT_PACKAGES)
        and not any(
            is_within(module.__name__, package) for package in SHARED_SHAPE_PACKAGES
        )
        for value in vars(module).values()
        if is_protocol_class(value) and value.__module__ == module.__name__
    }
    return [ports[name] for name in sorted(ports)]


def find_use_cases(scan: CodeScan) -> list[type]:
    """In each module under the use-case packages, the class named after the
    module (sign_up.py -> SignUp), if it defines one."""
    use_cases = []
    for module in scan.modules:
        if module.__name__ in USE_CASE_PACKAGES or not any(
            is_within(module.__name__, package) for package in USE_CASE_PACKAGES
        ):
            continue
        expected = pascal_case(module.__name__.rpartition(".")[2])
        candidate = vars(module).get(expected)
        if isinstance(candidate, type) and candidate.__module__ == module.__name__:
            use_cases.append(candidate)
    return sorted(use_cases, key=dotted_name)


def dotted_name(cls: type) -> str:
    """`module.ClassName` where the class is defined."""
    return f"{cls.__module__}.{cls.__qualname__}"
