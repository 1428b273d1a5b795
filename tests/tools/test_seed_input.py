"""What seed input may say, read the way the generated code needs it: type
spellings, constraints, class names with acronyms and digits, prose of any
length, and the names of migrations."""

import ast

import pytest

from add_adapter.naming import snake_case
from add_adapter.scaffold.autogenerate import file_name
from add_adapter.scaffold.batch import port_stem
from add_adapter.scaffold.constraints import apply_constraints, parse_constraints
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import parse_field, tenant_scoped, with_primary_key
from add_adapter.scaffold.prose import (
    LINE_LENGTH,
    format_docstring,
    technology_named,
    width,
)
from add_adapter.scaffold.request import check_class_name
from add_adapter.scaffold.seed_types import normalize_annotation
from add_adapter.sync.http_settings import env_prefix, service_name


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("Optional[Book]", "Book | None"),
        ("Book | None", "Book | None"),
        ("Book or None", "Book | None"),
        ("None | Book", "Book | None"),
        ("List[Book]", "list[Book]"),
        ("Optional[List[Dict[str, Any]]]", "list[dict[str, object]] | None"),
        ("Dict", "dict[str, object]"),
        ("dict", "dict[str, object]"),
        ("list[str]", "list[str]"),
        ("Union[int, str, None]", "int | str | None"),
        ("typing.Optional[uuid.UUID]", "UUID | None"),
        ('"Book"', "Book"),
    ],
)
def test_every_seed_spelling_of_a_type_reads_as_one(
    written: str, normalized: str
) -> None:
    assert normalize_annotation(written, "where") == normalized


@pytest.mark.parametrize("written", ["", "1", "f(x)", "x[]", "Optional[a, b]"])
def test_what_is_no_type_is_refused_where_it_was_written(written: str) -> None:
    with pytest.raises(ScaffoldError, match=r"^methods\[0\]\.return_type: "):
        normalize_annotation(written, "methods[0].return_type")


@pytest.mark.parametrize(
    ("text", "annotation"),
    [
        ("note: str or None", "str | None"),
        ("tags: list[str]", "list[str]"),
        ("scores: Dict[str, int]", "dict[str, int]"),
        ("payload: dict", "dict[str, object]"),
        ("ids: List[UUID]", None),
    ],
)
def test_json_fields_keep_the_type_of_their_items(
    text: str, annotation: str | None
) -> None:
    if annotation is None:
        with pytest.raises(ScaffoldError, match="a JSON field holds"):
            parse_field(text, "columns[0]")
        return
    field = parse_field(text, "columns[0]")

    assert field.annotation == annotation
    assert parse_field(field.describe(), "again") == field


def test_without_an_id_field_the_id_is_a_uuid_and_id_int_keeps_int() -> None:
    [default_id, _] = with_primary_key([parse_field("name: str", "f")])
    [given_id] = with_primary_key([parse_field("id: int", "f")])

    assert (default_id.type_name, given_id.type_name) == ("UUID", "int")
    assert given_id.autoincrement


def test_constraints_replace_the_inferred_ones() -> None:
    fields = tenant_scoped(
        with_primary_key(
            [
                parse_field("tenant_id: UUID", "f"),
                parse_field("code: str", "f"),
                parse_field("isbn: str", "f"),
                parse_field("status: str", "f"),
                parse_field("title: str", "f"),
            ]
        )
    )
    constraints = parse_constraints(
        {
            "unique": ["isbn", ["tenant_id", "title"]],
            "index": ["code"],
            "on_delete": {"tenant_id": "cascade"},
        },
        "item[1] (BookModel): constraints",
    )

    by_name = {f.name: f for f in apply_constraints(fields, constraints)}

    assert by_name["isbn"].unique
    assert by_name["title"].unique_with == ("tenant_id",)
    assert not by_name["code"].unique
    assert not by_name["code"].unique_with
    assert by_name["code"].index
    assert not by_name["status"].index  # inferred from the name, now replaced
    assert by_name["tenant_id"].index  # a foreign key stays indexed
    assert by_name["tenant_id"].foreign_key is not None
    assert by_name["tenant_id"].foreign_key.on_delete == "CASCADE"
    for field in by_name.values():
        assert parse_field(field.describe(), "again") == field


@pytest.mark.parametrize(
    ("constraints", "message"),
    [
        ({"unique": ["isbn"]}, "constraints.unique[0]: no field 'isbn'"),
        ({"primary": ["id"]}, "constraints.primary: unknown constraint"),
        ({"on_delete": "EXPLODE"}, "constraints.on_delete: 'EXPLODE' is not one of"),
        ({"on_delete": {"code": "CASCADE"}}, "'code' is not a foreign key"),
        ({"index": "code"}, "constraints.index: expected an array of field names"),
    ],
)
def test_bad_constraints_name_the_item_and_the_constraint(
    constraints: dict[str, object], message: str
) -> None:
    fields = with_primary_key(
        [parse_field("tenant_id: UUID", "f"), parse_field("code: str", "f")]
    )
    with pytest.raises(ScaffoldError) as raised:
        apply_constraints(
            fields, parse_constraints(constraints, "item[0] (BookModel): constraints")
        )

    assert str(raised.value).startswith("item[0] (BookModel): ")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("class_name", "snake", "stem", "prefix"),
    [
        ("ISBNLookupClient", "isbn_lookup_client", "isbn_lookup_client", "ISBN_LOOKUP"),
        (
            "OAuth2TokenClient",
            "oauth2_token_client",
            "oauth2_token_client",
            "OAUTH2_TOKEN",
        ),
        ("S3PresignClient", "s3_presign_client", "s3_presign_client", "S3_PRESIGN"),
        ("IBillingGateway", "i_billing_gateway", "billing_gateway", "I_BILLING"),
        ("HTTPClient", "http_client", "http_client", "HTTP"),
        (
            "RabbitMqAuditPublisher",
            "rabbitmq_audit_publisher",
            "rabbitmq_audit_publisher",
            "RABBITMQ_AUDIT_PUBLISHER",
        ),
    ],
)
def test_acronyms_and_digits_give_sensible_names(
    class_name: str, snake: str, stem: str, prefix: str
) -> None:
    assert snake_case(class_name) == snake
    assert port_stem(class_name) == stem
    assert env_prefix(class_name, []) == prefix
    assert service_name("ISBNLookupClient") == "Isbn Lookup"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Exception", "'Exception' is a Python builtin"),
        ("None", "is not a valid class name"),
        ("Store", "a name the generated modules use themselves"),
        ("A" + "b" * 40, "has 41 characters; at most 40"),
        ("lower", "is not a valid class name"),
    ],
)
def test_a_class_name_that_would_collide_is_refused(name: str, message: str) -> None:
    with pytest.raises(ScaffoldError, match=message):
        check_class_name(name, "item[0] (X): class_name")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "create tenants and books and loans tables",
            "0005_create_tenants_and_books_and_loans.py",
        ),
        ("create books table", "0005_create_books_table.py"),
        (
            "create tenants and warehouses and parcels tables",
            "0005_create_tenants_and_warehouses.py",
        ),
        ("drop a_very_long_table_name_that_goes_on_and_on table", "0005_drop.py"),
    ],
)
def test_a_migration_is_named_at_a_word_boundary(message: str, expected: str) -> None:
    assert file_name("0005", message) == expected


PROSE = [
    "Implements ICustomerRepository using SQLAlchemy, with tenant-scoped lookups "
    "so that no tenant ever sees another tenant's customers, ever, at all.",
    "A path: app.infrastructure.adapters.a_module_name_that_is_longer_than_a_line"
    "_of_eighty_eight_characters_by_itself_alone ends here.",
    'Ends with a quote: "quoted"',
    'Three quotes """ and a backslash \\ inside',
    "Control \x00 and bell \x07 characters, a tab\tand a form feed \x0c here.",
    "漢字のかなり長い説明文です。" * 8,
    "First paragraph.\n\nSecond paragraph, which is long enough to need wrapping "
    "onto a second line at the indentation of a method's body.",
]


@pytest.mark.parametrize("text", PROSE)
@pytest.mark.parametrize("indent", [0, 4, 8])
def test_prose_is_wrapped_to_the_line_length_and_keeps_every_word(
    text: str, indent: int
) -> None:
    inside = format_docstring(text, indent)
    source = f'{" " * indent}"""{inside}"""\n'

    for line in source.splitlines():
        assert width(line) <= LINE_LENGTH or " " not in line.strip(), line
    value = ast.literal_eval(source.strip())
    assert " ".join(value.split()) == " ".join(text.split())


def test_technology_words_are_found_in_prose() -> None:
    assert technology_named("Implements IBookRepository using SQLAlchemy") == (
        "SQLAlchemy"
    )
    assert technology_named("Calls the provider over HTTP") == "HTTP"
    assert technology_named("The book of this tenant with this code") is None
