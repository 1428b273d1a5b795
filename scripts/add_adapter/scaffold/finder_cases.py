"""What the generated code says about each derived method: its docstrings
(the port's role, the user's words where they belong) and the calls and
expectations of its contract tests.

A contract test stores three entities (variants 0, 1 and 2 of the sample
values; variants 0 and 1 share each foreign key's row, variant 2 has a row
of its own), calls the method with the values of the first, and compares
the answer with the same filter written in Python: equality on every bound
field, in id order. A miss calls it with values no stored one has.
"""

from dataclasses import dataclass

from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.fields import Field
from add_adapter.scaffold.finders import DerivedMethod, Shape, Verb
from add_adapter.scaffold.prose import format_docstring, technology_named

_PAGES = {
    ("limit", "offset"): (
        [("limit=1, offset=0", "[0:1]"), ("limit=2, offset=1", "[1:3]")],
        "limit=1, offset=-1",
    ),
    ("limit",): ([("limit=1", "[:1]"), ("limit=2", "[:2]")], "limit=-1"),
    ("offset",): ([("offset=1", "[1:]"), ("offset=2", "[2:]")], "offset=-1"),
}
_EVERYTHING = {("limit", "offset"): "limit=3, offset=0", ("limit",): "limit=3"}


@dataclass(frozen=True)
class MethodDocs:
    port: str
    """The port method's docstring: what it promises, and the user's
    description of it unless that speaks of a technology."""
    adapter: str | None
    """The SQL adapter method's docstring: a description that speaks of a
    technology, which only the adapter may."""


def method_docs(
    methods: list[DerivedMethod], entity: EntityNames
) -> dict[str, MethodDocs]:
    docs = {}
    for method in methods:
        role = _role(method, entity)
        description = method.method.description
        technical = description is not None and technology_named(description)
        port = f"{description}\n\n{role}" if description and not technical else role
        docs[method.name] = MethodDocs(
            format_docstring(port, 8),
            format_docstring(description, 8) if description and technical else None,
        )
    return docs


def _role(method: DerivedMethod, entity: EntityNames) -> str:
    missing = f"raises {entity.not_found_error}"
    if method.verb is Verb.CREATE:
        assigned = " and sets its id" if entity.generated_id else ""
        return f"Stores a new one{assigned}."
    if method.verb is Verb.UPDATE:
        return f"Stores the new state; {missing} if it was never stored."
    matches = "has this id" if method.by_id else "matches"
    if method.verb is Verb.DELETE:
        if method.shape is Shape.NOTHING:
            tail = f"; {missing} when none {matches}" if method.by_id else ""
            return f"Deletes what {matches}{tail}."
        answer = "whether any did" if method.shape is Shape.EXISTS else "how many"
        return f"Deletes what {matches}; answers {answer}."
    if method.shape is Shape.MANY:
        paged = " From offset on, at most limit of them." if method.paged else ""
        return f"Every one that matches, in id order.{paged}"
    if method.shape is Shape.COUNT:
        return "How many match."
    if method.shape is Shape.EXISTS:
        return "Whether any matches."
    first = "" if method.by_id else "The first in id order that matches; "
    if method.shape is Shape.ONE:
        text = f"{first}{missing} when none {matches}."
    else:
        text = f"{first}None when none {matches}."
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class ContractCase:
    """One method's contract tests, as the template writes them."""

    method: DerivedMethod
    wanted_arguments: str
    """Call arguments with the values of `wanted` (the first stored)."""
    missed_arguments: str
    """Call arguments no stored entity matches."""
    matches: str
    """Whether `item` matches `wanted`, in Python."""
    differs: str
    """Whether it does not."""
    pages: tuple[tuple[str, str], ...] = ()
    """(call arguments, slice of the matching ones) for the paging test."""
    negative_page: str = ""

    @property
    def name(self) -> str:
        return self.method.name

    @property
    def shape(self) -> str:
        return self.method.shape.value

    @property
    def verb(self) -> str:
        return self.method.verb.value


def contract_cases(
    methods: list[DerivedMethod], entity: EntityNames
) -> list[ContractCase]:
    return [_case(method, entity) for method in methods]


def _case(method: DerivedMethod, entity: EntityNames) -> ContractCase:
    wanted = [f"{c.parameter}=wanted.{c.field.name}" for c in method.criteria]
    missed = [f"{c.parameter}={_missed(c.field, entity)}" for c in method.criteria]
    paging = tuple(p for p in ("limit", "offset") if getattr(method, p))
    pages, negative = _PAGES.get(paging, ([], ""))
    criteria = [
        f"item.{c.field.name} == wanted.{c.field.name}" for c in method.criteria
    ]
    everything = _EVERYTHING.get(paging, "offset=0" if paging else "")
    return ContractCase(
        method,
        wanted_arguments=", ".join([*wanted, *([everything] if everything else [])]),
        missed_arguments=", ".join([*missed, *([everything] if everything else [])]),
        matches=" and ".join(criteria) or "True",
        differs=" or ".join(c.replace(" == ", " != ") for c in criteria) or "False",
        pages=tuple((", ".join([*wanted, call]), part) for call, part in pages),
        negative_page=", ".join([*wanted, negative]) if negative else "",
    )


def _missed(field: Field, entity: EntityNames) -> str:
    """A value of the field no stored entity of the miss test has: the
    missing id, a row no foreign key refers to, or variant 1 of the sample
    values (the miss test stores only variant 0)."""
    if field.primary_key:
        return "MISSING_ID"
    if field.foreign_key is not None:
        return entity.missing_reference(field)
    return entity.sample(field, 1)


def list_type(methods: list[DerivedMethod]) -> str:
    """How the class's own annotations name `list`: a method named `list`
    hides the builtin in the class body (see add_adapter.scaffold.shadowing)."""
    return "builtins.list" if any(m.name == "list" for m in methods) else "list"


def finder_helpers(methods: list[DerivedMethod]) -> dict[str, bool]:
    """Which private helpers and imports the generated bodies need."""
    reads = [m for m in methods if m.verb not in (Verb.CREATE, Verb.UPDATE)]
    shapes = {m.shape for m in reads if m.verb is not Verb.DELETE}
    verbs = {m.verb for m in methods}
    return {
        "not_found": any(m.raises_not_found for m in methods),
        "first": bool(shapes & {Shape.ONE, Shape.ONE_OR_NONE}),
        "one": Shape.ONE in shapes,
        "one_or_none": Shape.ONE_OR_NONE in shapes,
        "all": Shape.MANY in shapes,
        "count": Shape.COUNT in shapes,
        "exists": Shape.EXISTS in shapes,
        "delete": Verb.DELETE in verbs,
        "query": bool(reads),
        "paged": any(m.paged for m in methods),
        "load": Verb.UPDATE in verbs,
        "flush": bool(verbs & {Verb.CREATE, Verb.UPDATE, Verb.DELETE}),
        "copy_to_row": bool(verbs & {Verb.CREATE, Verb.UPDATE}),
        "to_domain": bool(shapes & {Shape.ONE, Shape.ONE_OR_NONE, Shape.MANY}),
    }
