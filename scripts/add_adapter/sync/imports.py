"""Choosing the names under which a generated module imports classes."""

from collections import defaultdict
from collections.abc import Collection, Iterable

from add_adapter.naming import pascal_case, split_dotted


class ImportNames:
    """Local names for the classes one generated module imports.

    A class is imported under its own name unless two imported classes share a
    name (or the name is taken, e.g. `Provider`); then each of those is aliased
    with as many trailing module names as it takes to tell them apart:
    `from app.domain.ports.clock import Clock as DomainPortsClockClock` is rare
    but never silently wrong.
    """

    def __init__(self, dotted_paths: Iterable[str], taken: Collection[str]) -> None:
        by_name: dict[str, set[str]] = defaultdict(set)
        for dotted_path in dotted_paths:
            by_name[split_dotted(dotted_path)[1]].add(dotted_path)
        self._local: dict[str, str] = {}
        used = set(taken)
        for name in sorted(by_name):
            paths = sorted(by_name[name])
            if len(paths) == 1 and name not in used:
                self._local[paths[0]] = name
                used.add(name)
        for name in sorted(by_name):
            clashing = sorted(path for path in by_name[name] if path not in self._local)
            if clashing:
                aliases = _distinct_aliases(clashing, used)
                self._local.update(aliases)
                used.update(aliases.values())

    def local(self, dotted_path: str) -> str:
        """The name the module uses for the class at `dotted_path`."""
        return self._local[dotted_path]

    def import_lines(self) -> list[str]:
        """One `from module import A, B as C` line per module, sorted (ruff
        sorts them again into the project's sections)."""
        by_module: dict[str, list[str]] = defaultdict(list)
        for dotted_path, local in self._local.items():
            module, name = split_dotted(dotted_path)
            by_module[module].append(name if name == local else f"{name} as {local}")
        return [
            f"from {module} import {', '.join(sorted(names))}"
            for module, names in sorted(by_module.items())
        ]


def _distinct_aliases(dotted_paths: list[str], used: Collection[str]) -> dict[str, str]:
    """Prefix each class name with the PascalCase of its trailing module names,
    taking more of them until the aliases differ from each other and from
    `used`."""
    longest = max(len(path.split(".")) for path in dotted_paths)
    for depth in range(1, longest + 1):
        aliases = {path: _alias(path, depth) for path in dotted_paths}
        values = list(aliases.values())
        if len(set(values)) == len(values) and not any(v in used for v in values):
            return aliases
    return {path: _alias(path, longest) + str(i) for i, path in enumerate(dotted_paths)}


def _alias(dotted_path: str, depth: int) -> str:
    module, name = split_dotted(dotted_path)
    trailing = module.split(".")[-depth:]
    return "".join(pascal_case(part) for part in trailing) + name
