"""The method grammar of repositories and readers: what a method does is read
from its name, its parameters and its return type, over the entity's fields.

    <verb>[_<what>][_by_<field>[_and_<field>...] | _for_<field>]

- verbs: `get`/`find` (one, or a list), `list` (a list), `count` (int),
  `exists` (bool), `delete`/`remove` (None; or bool: whether any was
  deleted; or int: how many). A repository also writes: `create`, `add`,
  `save`, `insert` and `update`, each taking the entity.
- `<what>` is optional: `all`, `one`, the entity or its plural
  (`get_book_by_code`, `list_books_for_tenant`, `get_all`).
- A field is named as it is (`code`, `tenant_id`), or without `_id` for the
  id and foreign keys (`by_id`, `for_tenant`).
- Every parameter is bound to the field it is named after (`<entity>_id` is
  the id): the method finds what equals all of them, so a parameter the name
  does not mention narrows it further (`get_by_code(tenant_id, code)`).
  `limit` and `offset` page a list.
- The return type picks the shape: `E | None` (`Optional[E]`, `E or None`)
  one or none; `E` one, or the entity's not-found error; `list[E]`
  (`List[E]`, `Sequence[E]`) all that match, in id order; `int` a count;
  `bool` whether any matches.

The SQL adapter and the in-memory twin implement the same meaning: equality
on every bound field (None matches None), in id order; the generated
contract test runs every derived method on both.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import Field
from add_adapter.scaffold.request import Method
from add_adapter.scaffold.shadowing import shadowed, signature


class Verb(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    GET = "get"
    LIST = "list"
    COUNT = "count"
    EXISTS = "exists"
    DELETE = "delete"


class Shape(StrEnum):
    """What a method returns."""

    ONE = "one"
    """The entity, or the not-found error."""
    ONE_OR_NONE = "one_or_none"
    MANY = "many"
    """Every match, in id order."""
    COUNT = "count"
    EXISTS = "exists"
    NOTHING = "nothing"


_WRITE_VERBS = {
    "create": Verb.CREATE,
    "add": Verb.CREATE,
    "save": Verb.CREATE,
    "insert": Verb.CREATE,
    "update": Verb.UPDATE,
}
_READ_VERBS = {
    "get": Verb.GET,
    "find": Verb.GET,
    "list": Verb.LIST,
    "all": Verb.LIST,
    "count": Verb.COUNT,
    "exists": Verb.EXISTS,
    "delete": Verb.DELETE,
    "remove": Verb.DELETE,
}
_SHAPES: dict[Verb, tuple[Shape, ...]] = {
    Verb.GET: (Shape.ONE_OR_NONE, Shape.ONE, Shape.MANY),
    Verb.LIST: (Shape.MANY,),
    Verb.COUNT: (Shape.COUNT,),
    Verb.EXISTS: (Shape.EXISTS,),
    Verb.DELETE: (Shape.NOTHING, Shape.EXISTS, Shape.COUNT),
}
PAGING = ("limit", "offset")
GRAMMAR = (
    "<verb>[_<what>][_by_<field>[_and_<field>...] | _for_<field>] with the "
    "verbs get, find, list, count, exists, delete"
)
_UNCOMPARABLE = frozenset({"list", "dict"})
"""JSON columns: PostgreSQL cannot compare them with =."""


@dataclass(frozen=True)
class Target:
    """What the methods are derived over: the entity, the class they return
    (the entity, or a reader's view), and whether they may write."""

    entity: EntityNames
    returned: str
    writes: bool

    @property
    def noun(self) -> str:
        return "repository" if self.writes else "reader"


@dataclass(frozen=True)
class Criterion:
    """`field == parameter`."""

    field: Field
    parameter: str


@dataclass(frozen=True)
class DerivedMethod:
    """A method with what its body does."""

    method: Method
    verb: Verb
    shape: Shape
    criteria: tuple[Criterion, ...] = ()
    limit: str | None = None
    offset: str | None = None
    signature: str = ""
    """As the generated classes write it (builtins it hides guarded)."""
    item: str = "item"
    """The lambda's parameter in the in-memory twin: no parameter's name."""

    @property
    def name(self) -> str:
        return self.method.name

    @property
    def entity_parameter(self) -> str:
        """The entity a create or update takes."""
        return self.method.parameters[0].name

    @property
    def by_id(self) -> bool:
        return len(self.criteria) == 1 and self.criteria[0].field.primary_key

    @property
    def raises_not_found(self) -> bool:
        """Whether a miss raises the entity's not-found error."""
        return (
            (self.shape is Shape.ONE and self.verb is not Verb.CREATE)
            or self.verb is Verb.UPDATE
            or (self.verb is Verb.DELETE and self.shape is Shape.NOTHING and self.by_id)
        )

    @property
    def paged(self) -> bool:
        return self.limit is not None or self.offset is not None

    @property
    def keywords(self) -> str:
        """`tenant_id=tenant_id, code=code`: the parameters by name."""
        return ", ".join(f"{p.name}={p.name}" for p in self.method.parameters)


def derive_methods(
    methods: tuple[Method, ...], target: Target, where: Callable[[int], str]
) -> list[DerivedMethod]:
    """Each method with what it does; `where(i)` names the i-th in errors
    (`item[3] (BookRepository): methods[1]`)."""
    hidden = shadowed([m.name for m in methods])
    derived = []
    for position, method in enumerate(methods):
        earlier = [m.name for m in methods[:position]]
        if method.name in earlier:
            raise ScaffoldError(
                f"{where(position)}.method_name",
                f"method '{method.name}' is listed twice",
            )
        one = _derive(method, target, where(position))
        taken = {p.name for p in method.parameters}
        item = next(n for n in ("item", "stored", "candidate") if n not in taken)
        derived.append(
            DerivedMethod(
                one.method,
                one.verb,
                one.shape,
                one.criteria,
                one.limit,
                one.offset,
                signature=signature(method, hidden),
                item=item,
            )
        )
    return derived


def _derive(method: Method, target: Target, where: str) -> DerivedMethod:
    verb_word, _, rest = method.name.partition("_")
    if target.writes and verb_word in _WRITE_VERBS:
        return _write(method, _WRITE_VERBS[verb_word], rest, target, where)
    verb = _READ_VERBS.get(verb_word)
    if verb is None or (verb is Verb.DELETE and not target.writes):
        raise ScaffoldError(f"{where}.method_name", _outside(method, target))
    named = _named_fields(method, rest, target, where)
    shape = _shape(method, verb, target, where)
    criteria, limit, offset = _bind(method, shape, target, where)
    for field in named:
        if all(c.field != field for c in criteria):
            raise ScaffoldError(
                f"{where}.parameters",
                f"'{method.name}' finds by {field.name}, so it takes a parameter "
                f"'{_parameter_name(field, target)}: {field.column_type.python}'",
            )
    if not criteria and shape in (Shape.ONE, Shape.ONE_OR_NONE):
        raise ScaffoldError(
            f"{where}.parameters",
            f"'{method.name}' returns one {target.returned} but takes nothing to "
            f"find it by: give the id ({_id_parameter(target)}) or fields, or "
            f"return list[{target.returned}]",
        )
    return DerivedMethod(method, verb, shape, criteria, limit, offset)


def _write(
    method: Method, verb: Verb, rest: str, target: Target, where: str
) -> DerivedMethod:
    entity = target.entity
    if rest not in ("", entity.snake):
        raise ScaffoldError(f"{where}.method_name", _outside(method, target))
    if len(method.parameters) != 1 or method.parameters[0].annotation != entity.name:
        raise ScaffoldError(
            f"{where}.parameters",
            f"'{method.name}' takes one {entity.name} "
            f"('{entity.snake}: {entity.name}')",
        )
    if method.parameters[0].name == "row":
        raise ScaffoldError(
            f"{where}.parameters[0]",
            f"'row' names the table row in the generated body; call it "
            f"'{entity.snake}'",
        )
    if method.return_type not in (entity.name, "None"):
        raise ScaffoldError(
            f"{where}.return_type",
            f"'{method.name}' returns {entity.name} (the one given) or None",
        )
    shape = Shape.ONE if method.return_type == entity.name else Shape.NOTHING
    return DerivedMethod(method, verb, shape)


def _named_fields(method: Method, rest: str, target: Target, where: str) -> list[Field]:
    """The fields the name finds by: `by_tenant_and_code` -> tenant_id, code."""
    entity = target.entity
    what = next(
        (
            w
            for w in sorted({"all", "one", entity.snake, entity.plural}, key=len)[::-1]
            if rest == w or rest.startswith(f"{w}_")
        ),
        "",
    )
    rest = rest.removeprefix(what).removeprefix("_")
    if not rest:
        return []
    joiner, _, fields_text = rest.partition("_")
    fields = _split_fields(fields_text, entity) if fields_text else None
    if joiner not in ("by", "for") or (joiner == "for" and len(fields or []) > 1):
        raise ScaffoldError(f"{where}.method_name", _outside(method, target))
    if fields is None:
        raise ScaffoldError(
            f"{where}.method_name",
            f"'{method.name}' finds by '{fields_text}', which names no field of "
            f"{entity.name} ({_fields_list(entity)}); several are joined by _and_",
        )
    return fields


def _split_fields(text: str, entity: EntityNames) -> list[Field] | None:
    """`tenant_and_code` -> [tenant_id, code]; None when it is not fields
    joined by `_and_` (field names may hold `_and_` themselves)."""
    for alias, field in sorted(_aliases(entity).items(), key=lambda a: -len(a[0])):
        if text == alias:
            return [field]
        if text.startswith(f"{alias}_and_"):
            rest = _split_fields(text[len(alias) + 5 :], entity)
            if rest is not None:
                return [field, *rest]
    return None


def _aliases(entity: EntityNames) -> dict[str, Field]:
    """How a method name may name each field: as it is, and the id and the
    foreign keys without `_id`."""
    aliases: dict[str, Field] = {}
    for field in entity.fields:
        aliases[field.name] = field
        if field.primary_key:
            aliases["id"] = field
        elif field.foreign_key is not None:
            aliases.setdefault(field.name.removesuffix("_id"), field)
    return aliases


def _shape(method: Method, verb: Verb, target: Target, where: str) -> Shape:
    returned = target.returned
    shapes = {
        returned: Shape.ONE,
        f"{returned} | None": Shape.ONE_OR_NONE,
        f"list[{returned}]": Shape.MANY,
        f"Sequence[{returned}]": Shape.MANY,
        "int": Shape.COUNT,
        "bool": Shape.EXISTS,
        "None": Shape.NOTHING,
    }
    shape = shapes.get(method.return_type)
    allowed = _SHAPES[verb]
    if shape in allowed and shape is not None:
        return shape
    written = {
        Shape.ONE: returned,
        Shape.ONE_OR_NONE: f"{returned} | None",
        Shape.MANY: f"list[{returned}]",
        Shape.COUNT: "int",
        Shape.EXISTS: "bool",
        Shape.NOTHING: "None",
    }
    hint = ""
    if not target.writes and target.entity.name in method.return_type.split("[")[-1]:
        hint = f" (a reader returns {returned} query models, not {target.entity.name})"
    raise ScaffoldError(
        f"{where}.return_type",
        f"'{method.name}' returns {' or '.join(written[s] for s in allowed)}, "
        f"not {method.return_type}{hint}",
    )


def _bind(
    method: Method, shape: Shape, target: Target, where: str
) -> tuple[tuple[Criterion, ...], str | None, str | None]:
    entity = target.entity
    by_name = {field.name: field for field in entity.fields}
    criteria: list[Criterion] = []
    paging: dict[str, str] = {}
    for position, parameter in enumerate(method.parameters):
        at = f"{where}.parameters[{position}]"
        field = by_name.get(parameter.name)
        if field is None and parameter.name == entity.id_name:
            field = entity.id_field
        if field is None and parameter.name in PAGING:
            _check_paging(method, parameter.name, parameter.annotation, shape, at)
            paging[parameter.name] = parameter.name
            continue
        if field is None:
            raise ScaffoldError(
                at,
                f"'{parameter.name}' is not a field of {entity.name} "
                f"({_fields_list(entity)}); a parameter of '{method.name}' is "
                "named after the field it matches, or is limit or offset",
            )
        if any(c.field == field for c in criteria):
            raise ScaffoldError(
                at, f"'{parameter.name}' matches {field.name} a second time"
            )
        _check_type(method, parameter.name, parameter.annotation, field, target, at)
        criteria.append(Criterion(field, parameter.name))
    return tuple(criteria), paging.get("limit"), paging.get("offset")


def _check_paging(
    method: Method, name: str, annotation: str, shape: Shape, where: str
) -> None:
    if shape is not Shape.MANY:
        raise ScaffoldError(
            where,
            f"'{name}' pages a list, and '{method.name}' returns {method.return_type}",
        )
    allowed = ("int", "int | None") if name == "limit" else ("int",)
    if annotation not in allowed:
        raise ScaffoldError(
            where, f"'{name}' is {' or '.join(allowed)} (got {annotation})"
        )


def _check_type(
    method: Method,
    name: str,
    annotation: str,
    field: Field,
    target: Target,
    where: str,
) -> None:
    if field.type_name in _UNCOMPARABLE:
        raise ScaffoldError(
            where,
            f"'{method.name}' cannot find by {field.name}: a {field.type_name} is "
            "stored as JSON, which PostgreSQL does not compare",
        )
    python = field.column_type.python
    if annotation in (python, f"{python} | None" if field.nullable else python):
        return
    wanted = f"'{name}: {python}'"
    if field.primary_key:
        raise ScaffoldError(
            where,
            f"'{method.name}' takes {wanted}: {target.entity.name}'s id is "
            f"{python}, {target.entity.id_origin}",
        )
    raise ScaffoldError(
        where, f"'{method.name}' takes {wanted}, the type of {field.name}"
    )


def _parameter_name(field: Field, target: Target) -> str:
    return target.entity.id_name if field.primary_key else field.name


def _id_parameter(target: Target) -> str:
    entity = target.entity
    return f"{entity.id_name}: {entity.id_field.column_type.python}"


def _fields_list(entity: EntityNames) -> str:
    return "fields: " + ", ".join(
        f"{f.name} (as {entity.id_name})" if f.primary_key else f.name
        for f in entity.fields
    )


def _outside(method: Method, target: Target) -> str:
    entity = target.entity
    writes = (
        f"; and create/add/save/insert, update taking a {entity.name}"
        if target.writes
        else "; a reader does not delete"
    )
    return (
        f"'{method.name}' is outside the {target.noun} method grammar: "
        f"{GRAMMAR}{writes} ({_fields_list(entity)}; see README, from-json)"
    )
