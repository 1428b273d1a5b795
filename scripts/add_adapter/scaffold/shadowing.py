"""Methods named like builtins (`list`, `type`, `filter`, `id`).

Inside a class body a method named `list` hides the builtin from the
annotations after it: `-> list[Book]` would subscript the method (a
TypeError on import, "not valid as a type" for mypy). Generated classes with
such a method write those annotations as `builtins.list[Book]`.
"""

import builtins
import re

from add_adapter.scaffold.request import Method

_BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))


def shadowed(method_names: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The builtins the class's methods hide."""
    return frozenset(name for name in method_names if name in _BUILTIN_NAMES)


def guard(annotation: str, hidden: frozenset[str]) -> str:
    """`list[Book] | None` -> `builtins.list[Book] | None` when `list` is
    hidden."""
    if not hidden:
        return annotation
    names = "|".join(sorted(map(re.escape, hidden)))
    return re.sub(rf"(?<![\w.])({names})\b", r"builtins.\1", annotation)


def signature(method: Method, hidden: frozenset[str]) -> str:
    """`create(self, book: Book) -> Book`, its annotations guarded."""
    parameters = "".join(
        f", {p.name}: {guard(p.annotation, hidden)}" for p in method.parameters
    )
    return f"{method.name}(self{parameters}) -> {guard(method.return_type, hidden)}"


def uses_builtins(signatures: list[str]) -> bool:
    """Whether the module needs `import builtins`."""
    return any("builtins." in text for text in signatures)
