"""Types as the seeds write them, in the spelling the generated code uses.

Seed 001 writes `Optional[X]`, `X | None` and `X or None` for one thing, and
`List[...]`, `Dict[...]` beside `list[...]`; mypy --strict wants bare
generics filled in. Every annotation a user gives goes through
`normalize_annotation`, which reads it with Python's own parser (so nesting
is no problem: `Optional[List[Dict[str, Any]]]`) and writes it back as
`list[dict[str, object]] | None`.
"""

import ast

from add_adapter.scaffold.errors import ScaffoldError

_TYPING_ALIASES = {
    "List": "list",
    "Dict": "dict",
    "Set": "set",
    "FrozenSet": "frozenset",
    "Tuple": "tuple",
    "Type": "type",
    "Any": "object",
}
_QUALIFIED = {
    "uuid.UUID": "UUID",
    "decimal.Decimal": "Decimal",
    "datetime.datetime": "datetime",
    "datetime.date": "date",
    "datetime.time": "time",
    "datetime.timedelta": "timedelta",
}
"""Standard types written with their module: the generated code imports them
by name."""
_BARE_GENERICS = {"dict": "dict[str, object]", "list": "list[object]"}
"""Bare generics fail mypy --strict; these are what the seeds mean by them."""


def normalize_annotation(text: str, where: str) -> str:
    """`Optional[List[Book]]` -> `list[Book] | None`; `dict` ->
    `dict[str, object]`; `Book or None` -> `Book | None`. Anything that is
    not a type annotation is a ScaffoldError at `where`."""
    source = text.strip()
    try:
        tree = ast.parse(source, mode="eval").body
        return ast.unparse(_normalized(tree, subscripted=False))
    except (SyntaxError, _NotATypeError):
        raise ScaffoldError(where, f"'{source}' is not a type annotation") from None


class _NotATypeError(Exception):
    """Raised while reading a node that is no part of a type."""


def _normalized(node: ast.expr, *, subscripted: bool) -> ast.expr:
    if isinstance(node, ast.Constant) and node.value in (None, Ellipsis):
        return node
    if isinstance(node, ast.List):  # Callable[[int], str]
        return ast.List([_normalized(e, subscripted=False) for e in node.elts])
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        # A quoted (forward) reference, as seed 001 writes a missing entity.
        return _normalized(ast.parse(node.value, mode="eval").body, subscripted=False)
    if isinstance(node, ast.Name):
        name = _TYPING_ALIASES.get(node.id, node.id)
        if not subscripted and name in _BARE_GENERICS:
            return ast.parse(_BARE_GENERICS[name], mode="eval").body
        return ast.Name(name)
    if isinstance(node, ast.Attribute) and _is_dotted(node):
        dotted = ast.unparse(node)
        if dotted.startswith("typing."):
            return _normalized(ast.Name(node.attr), subscripted=subscripted)
        return ast.Name(_QUALIFIED[dotted]) if dotted in _QUALIFIED else node
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):
        return _union([_normalized(v, subscripted=False) for v in node.values])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union(
            [
                _normalized(node.left, subscripted=False),
                _normalized(node.right, subscripted=False),
            ]
        )
    if isinstance(node, ast.Subscript):
        return _subscript(node)
    raise _NotATypeError


def _subscript(node: ast.Subscript) -> ast.expr:
    arguments = (
        list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
    )
    if not arguments:
        raise _NotATypeError
    inner = [_normalized(argument, subscripted=False) for argument in arguments]
    head = ast.unparse(node.value).removeprefix("typing.")
    if head == "Optional":
        if len(inner) != 1:
            raise _NotATypeError
        return _union([inner[0], ast.Constant(None)])
    if head == "Union":
        return _union(inner)
    base = _normalized(node.value, subscripted=True)
    if isinstance(base, ast.Constant):
        raise _NotATypeError
    slice_ = inner[0] if len(inner) == 1 else ast.Tuple(inner)
    return ast.Subscript(base, slice_)


def _union(members: list[ast.expr]) -> ast.expr:
    """`A | B | None`, each member once, None last."""
    flat: list[ast.expr] = []
    for member in members:
        flat += _members(member)
    unique = list({ast.unparse(m): m for m in flat}.values())
    unique.sort(key=lambda m: isinstance(m, ast.Constant))
    union = unique[0]
    for member in unique[1:]:
        union = ast.BinOp(union, ast.BitOr(), member)
    return union


def _members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_members(node.left), *_members(node.right)]
    return [node]


def _is_dotted(node: ast.expr) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name)


def optional_inner(annotation: str) -> str | None:
    """`Book` for `Book | None` (a normalized annotation), else None."""
    members = _members(ast.parse(annotation, mode="eval").body)
    if len(members) != 2 or not _is_none(members[1]):
        return None
    return ast.unparse(members[0])


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None
