"""The method grammar of repositories and readers (add_adapter.scaffold.
finders): what each method does, read from its name, parameters and return
type, and the message of each method outside it."""

import pytest

from add_adapter.scaffold.entities import EntityNames
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import parse_field, tenant_scoped, with_primary_key
from add_adapter.scaffold.finders import (
    DerivedMethod,
    Shape,
    Target,
    Verb,
    derive_methods,
)
from add_adapter.scaffold.request import parse_method_signature

BOOK_FIELDS = (
    "tenant_id: UUID",
    "code: str",
    "title: str",
    "published_on: date | None",
)


def book(*fields: str, id_origin: str = "the default") -> EntityNames:
    parsed = [parse_field(text, f"fields[{i}]") for i, text in enumerate(fields)]
    return EntityNames(
        "Book",
        tuple(tenant_scoped(with_primary_key(parsed))),
        "books",
        id_origin=id_origin,
    )


def derive(*signatures: str, reader: bool = False) -> list[DerivedMethod]:
    entity = book(*BOOK_FIELDS)
    target = Target(entity, "BookView" if reader else "Book", writes=not reader)
    methods = tuple(
        parse_method_signature(text, f"--method[{i}]")
        for i, text in enumerate(signatures)
    )
    return derive_methods(methods, target, lambda i: f"item[3] (Repo): methods[{i}]")


def bound(method: DerivedMethod) -> list[tuple[str, str]]:
    return [(c.field.name, c.parameter) for c in method.criteria]


@pytest.mark.parametrize(
    ("signature", "verb", "shape", "criteria"),
    [
        ("get_by_id(book_id: UUID) -> Book", Verb.GET, Shape.ONE, [("id", "book_id")]),
        (
            "find(book_id: UUID) -> Book | None",
            Verb.GET,
            Shape.ONE_OR_NONE,
            [("id", "book_id")],
        ),
        (
            "get_by_code(tenant_id: UUID, code: str) -> Book | None",
            Verb.GET,
            Shape.ONE_OR_NONE,
            [("tenant_id", "tenant_id"), ("code", "code")],
        ),
        (
            "list_for_tenant(tenant_id: UUID) -> list[Book]",
            Verb.LIST,
            Shape.MANY,
            [("tenant_id", "tenant_id")],
        ),
        (
            "find_books_by_tenant_and_title(tenant_id: UUID, title: str)"
            " -> Sequence[Book]",
            Verb.GET,
            Shape.MANY,
            [("tenant_id", "tenant_id"), ("title", "title")],
        ),
        ("get_all() -> list[Book]", Verb.GET, Shape.MANY, []),
        ("list() -> list[Book]", Verb.LIST, Shape.MANY, []),
        (
            "count_for_tenant(tenant_id: UUID) -> int",
            Verb.COUNT,
            Shape.COUNT,
            [("tenant_id", "tenant_id")],
        ),
        (
            "exists_by_code(tenant_id: UUID, code: str) -> bool",
            Verb.EXISTS,
            Shape.EXISTS,
            [("tenant_id", "tenant_id"), ("code", "code")],
        ),
        (
            "delete(book_id: UUID) -> None",
            Verb.DELETE,
            Shape.NOTHING,
            [("id", "book_id")],
        ),
        (
            "remove_for_tenant(tenant_id: UUID) -> int",
            Verb.DELETE,
            Shape.COUNT,
            [("tenant_id", "tenant_id")],
        ),
        ("create(book: Book) -> Book", Verb.CREATE, Shape.ONE, []),
        ("save(book: Book) -> None", Verb.CREATE, Shape.NOTHING, []),
        ("update(book: Book) -> Book", Verb.UPDATE, Shape.ONE, []),
        (
            "get_by_published_on(published_on: date | None) -> list[Book]",
            Verb.GET,
            Shape.MANY,
            [("published_on", "published_on")],
        ),
    ],
)
def test_a_method_is_read_from_its_name_parameters_and_return_type(
    signature: str, verb: Verb, shape: Shape, criteria: list[tuple[str, str]]
) -> None:
    [method] = derive(signature)

    assert (method.verb, method.shape, bound(method)) == (verb, shape, criteria)


def test_limit_and_offset_page_a_list() -> None:
    [method] = derive(
        "list_for_tenant(tenant_id: UUID, limit: int, offset: int) -> List[Book]"
    )

    assert (method.limit, method.offset, method.paged) == ("limit", "offset", True)
    assert bound(method) == [("tenant_id", "tenant_id")]


def test_only_the_id_missing_when_deleting_by_it_raises_not_found() -> None:
    by_id, by_tenant, counted = derive(
        "delete(book_id: UUID) -> None",
        "delete_for_tenant(tenant_id: UUID) -> None",
        "delete_by_code(tenant_id: UUID, code: str) -> bool",
    )

    assert by_id.raises_not_found
    assert not by_tenant.raises_not_found
    assert not counted.raises_not_found


def test_a_method_named_like_a_builtin_guards_the_builtin_in_signatures() -> None:
    listed, counted = derive("list() -> list[Book]", "get_all() -> list[Book]")

    assert listed.signature == "list(self) -> builtins.list[Book]"
    assert counted.signature == "get_all(self) -> builtins.list[Book]"


def test_the_in_memory_lambda_takes_a_name_no_parameter_has() -> None:
    entity = book("item: str")
    [method] = derive_methods(
        (parse_method_signature("exists_by_item(item: str) -> bool", "m"),),
        Target(entity, "Book", writes=True),
        lambda i: "m",
    )

    assert method.item == "stored"


@pytest.mark.parametrize(
    ("signature", "message"),
    [
        (
            "publish(book: Book) -> None",
            "item[3] (Repo): methods[0].method_name: 'publish' is outside the "
            "repository method grammar: <verb>[_<what>][_by_<field>[_and_<field>...] "
            "| _for_<field>] with the verbs get, find, list, count, exists, delete; "
            "and create/add/save/insert, update taking a Book (fields: id (as "
            "book_id), tenant_id, code, title, published_on; see README, from-json)",
        ),
        (
            "get_by_isbn(isbn: str) -> Book | None",
            "item[3] (Repo): methods[0].method_name: 'get_by_isbn' finds by 'isbn', "
            "which names no field of Book (fields: id (as book_id), tenant_id, code, "
            "title, published_on); several are joined by _and_",
        ),
        (
            "get_by_code(value: str) -> Book | None",
            "item[3] (Repo): methods[0].parameters[0]: 'value' is not a field of Book",
        ),
        (
            "get_by_code(tenant_id: UUID) -> Book | None",
            "item[3] (Repo): methods[0].parameters: 'get_by_code' finds by code, so "
            "it takes a parameter 'code: str'",
        ),
        (
            "get_by_code(code: int) -> Book | None",
            "item[3] (Repo): methods[0].parameters[0]: 'get_by_code' takes "
            "'code: str', the type of code",
        ),
        (
            "count_for_tenant(tenant_id: UUID) -> list[Book]",
            "item[3] (Repo): methods[0].return_type: 'count_for_tenant' returns int, "
            "not list[Book]",
        ),
        (
            "get_by_code(code: str, limit: int) -> Book | None",
            "item[3] (Repo): methods[0].parameters[1]: 'limit' pages a list, and "
            "'get_by_code' returns Book | None",
        ),
        (
            "get() -> Book",
            "item[3] (Repo): methods[0].parameters: 'get' returns one Book but takes "
            "nothing to find it by: give the id (book_id: UUID) or fields, or return "
            "list[Book]",
        ),
        (
            "create(row: Book) -> Book",
            "item[3] (Repo): methods[0].parameters[0]: 'row' names the table row",
        ),
    ],
)
def test_a_method_the_grammar_does_not_read_names_item_method_and_what_is_accepted(
    signature: str, message: str
) -> None:
    with pytest.raises(ScaffoldError) as raised:
        derive(signature)

    assert str(raised.value).startswith(message)


def test_an_id_of_the_wrong_type_says_which_field_decides_and_how_to_change_it() -> (
    None
):
    entity = book(
        *BOOK_FIELDS,
        id_origin="the default when no field is the id: "
        "add 'id: int' to its fields (columns) for integer ids",
    )

    with pytest.raises(ScaffoldError) as raised:
        derive_methods(
            (parse_method_signature("get_by_id(book_id: int) -> Book", "m"),),
            Target(entity, "Book", writes=True),
            lambda i: f"item[1] (BookRepository): methods[{i}]",
        )

    assert str(raised.value) == (
        "item[1] (BookRepository): methods[0].parameters[0]: 'get_by_id' takes "
        "'book_id: UUID': Book's id is UUID, the default when no field is the "
        "id: add 'id: int' to its fields (columns) for integer ids"
    )


def test_a_reader_finds_views_and_deletes_nothing() -> None:
    [found] = derive("list_for_tenant(tenant_id: UUID) -> list[BookView]", reader=True)
    assert found.shape is Shape.MANY

    with pytest.raises(ScaffoldError, match="a reader does not delete"):
        derive("delete(book_id: UUID) -> None", reader=True)
    with pytest.raises(ScaffoldError, match="a reader returns BookView query models"):
        derive("list_for_tenant(tenant_id: UUID) -> list[Book]", reader=True)


def test_a_json_field_cannot_be_found_by() -> None:
    entity = book("tags: list[str]")

    with pytest.raises(ScaffoldError, match="stored as JSON"):
        derive_methods(
            (
                parse_method_signature(
                    "find_by_tags(tags: list[str]) -> list[Book]", "m"
                ),
            ),
            Target(entity, "Book", writes=True),
            lambda i: "m",
        )
