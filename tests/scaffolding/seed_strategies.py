"""Hypothesis strategies of seed-style JSON arrays (seeds 000 and 001) as a
user would write them for `scripts/add-adapter from-json`.

An array holds a tenants model, an entity's model and its repository (finder
methods of the grammar, tenant-scoped unique fields, constraints), sometimes
a second entity with a foreign key to the first and a reader, an HTTP
adapter with config, a pipeline step and items of layers add-adapter skips;
names, type spellings, optional spellings and descriptions (long, with
technology words, quotes, any characters) vary. Sometimes a method is
outside the grammar: from-json must then refuse it, naming item and field.

Every list is ordered so that its first choice is the richest: the example
Hypothesis tries first (its simplest) covers every kind of item.
"""

from dataclasses import dataclass

from hypothesis import strategies as st

from add_adapter.naming import snake_case
from add_adapter.scaffold.words import plural

DESCRIPTIONS = [
    "Implements the repository using SQLAlchemy, with tenant-scoped lookups so "
    "that no tenant ever sees another tenant's rows, whatever the caller asks.",
    "Stores them",
    'Says "hello", with \\backslashes\\ and """triple quotes"""',
    "Calls the provider's HTTP API with retries and timeouts: POST /charges "
    "with an Idempotency-Key per order, so a retried call is never taken twice.",
]
# The tests' samples (tests/scaffolding/project_copy.py): never a service's
# own entities.
ENTITY_NAMES = [
    "SampleISBNRecord",
    "SampleBook",
    "SampleMember",
    "SampleStorageBinSlot",  # as long as an entity can be
    "SampleOAuth2Grant",
    "SampleShipment",
]
SECOND_NAMES = ["SampleLoan", "SampleReservation", "SampleS3Object", "SampleBinSlot"]


@dataclass(frozen=True)
class FieldType:
    """A type as a seed writes it, and what the field is in Python."""

    written: str
    python: str
    comparable: bool = True
    """Whether finders may match on it (JSON columns may not)."""


TYPES = [
    FieldType("str", "str"),
    FieldType("Integer", "int"),
    FieldType("String(80)", "str"),
    FieldType("float", "float"),
    FieldType("bool", "bool"),
    FieldType("datetime", "datetime"),
    FieldType("date", "date"),
    FieldType("time", "time"),
    FieldType("Decimal", "Decimal"),
    FieldType("UUID", "UUID"),
    FieldType("Text", "str"),
    FieldType("list[str]", "list[str]", comparable=False),
    FieldType("Dict[str, int]", "dict[str, int]", comparable=False),
    FieldType("Dict", "dict[str, object]", comparable=False),
    FieldType("bytes", "bytes"),
]
OPTIONAL_SPELLINGS = ["Optional[{}]", "{} | None", "{} or None"]
FIELD_NAMES = [
    "title",
    "a_field_name_of_thirty_chars_x",  # as long as a field name can be
    "amount",
    "notes",
    "published_on",
    "due_at",
    "score",
    "active",
    "tags",
    "payload",
    "ratio",
    "kind",
    "label",
    "quantity",
    "starts_at",
]


@dataclass(frozen=True)
class Field:
    name: str
    text: str
    python: str
    comparable: bool


RICH_FIELDS = [
    Field("published_on", "published_on: Optional[date]", "date | None", True),
    Field("amount", "amount: Decimal", "Decimal", True),
    Field("tags", "tags: list[str]", "list[str]", False),
    Field("active", "active: bool", "bool", True),
    Field("score", "score: float or None", "float | None", True),
    Field("starts_at", "starts_at: DateTime nullable=True", "datetime | None", True),
]


@st.composite
def fields(draw: st.DrawFn, tenant_id: str) -> list[Field]:
    """A tenant foreign key, a unique-like code (unique per tenant), and
    more fields of any type and spelling."""
    keys = [
        Field("tenant_id", f"tenant_id: {tenant_id}", tenant_id, True),
        Field("code", "code: str", "str", True),
    ]
    if not draw(st.booleans()):
        return keys + RICH_FIELDS
    names = draw(
        st.lists(st.sampled_from(FIELD_NAMES), min_size=1, max_size=4, unique=True)
    )
    return keys + [draw(field(name)) for name in names]


@st.composite
def field(draw: st.DrawFn, name: str) -> Field:
    kind = draw(st.sampled_from(TYPES))
    optional = draw(st.sampled_from([None, *OPTIONAL_SPELLINGS]))
    if optional is None:
        return Field(name, f"{name}: {kind.written}", kind.python, kind.comparable)
    python = f"{kind.python} | None"
    if kind.written in ("Integer", "String(80)", "Text"):  # SQLAlchemy's spelling
        text = f"{name}: {kind.written} nullable=True"
    else:
        text = f"{name}: {optional.format(kind.written)}"
    return Field(name, text, python, kind.comparable)


@dataclass(frozen=True)
class Entity:
    name: str
    fields: list[Field]
    id_type: str

    @property
    def snake(self) -> str:
        return snake_case(self.name)

    @property
    def columns(self) -> list[str]:
        return [f"id: {self.id_type}", *(f.text for f in self.fields)]


def method(name: str, parameters: list[str], returns: str) -> dict[str, object]:
    return {"method_name": name, "parameters": parameters, "return_type": returns}


@st.composite
def repository_methods(draw: st.DrawFn, entity: Entity) -> list[dict[str, object]]:
    """Finder methods of the grammar over the entity's fields, in every
    shape and spelling."""
    e, snake, id_type = entity.name, entity.snake, entity.id_type
    tenant = entity.fields[0].python
    comparable = [f for f in entity.fields[2:] if f.comparable]
    other = draw(st.sampled_from(comparable)) if comparable else None
    many = draw(st.sampled_from(["list[{}]", "List[{}]", "Sequence[{}]"])).format(e)
    maybe = draw(st.sampled_from(OPTIONAL_SPELLINGS)).format(e)
    candidates = [
        method("create", [f"{snake}: {e}"], e),
        method("get_by_id", [f"{snake}_id: {id_type}"], e),
        method("get_by_code", [f"tenant_id: {tenant}", "code: str"], maybe),
        method(
            "list_for_tenant",
            [f"tenant_id: {tenant}", "limit: int", "offset: int"],
            many,
        ),
        method("count_for_tenant", [f"tenant_id: {tenant}"], "int"),
        method("exists_by_code", [f"tenant_id: {tenant}", "code: str"], "bool"),
        method("delete", [f"{snake}_id: {id_type}"], "None"),
        method("delete_for_tenant", [f"tenant_id: {tenant}"], "int"),
        method("update", [f"{snake}: {e}"], "None"),
        method("list", [], f"list[{e}]"),
        method(f"find_{plural(snake)}", [], many),
        method("remove", [f"{snake}_id: {id_type}"], "bool"),
    ]
    if other is not None:
        candidates.append(
            method(
                f"find_by_{other.name}_and_code",
                [f"{other.name}: {other.python}", "code: str"],
                many,
            )
        )
    positions = draw(
        st.just(list(range(len(candidates))))
        | st.lists(
            st.integers(0, len(candidates) - 1),
            min_size=1,
            max_size=len(candidates),
            unique=True,
        )
    )
    chosen = [dict(candidates[position]) for position in positions]
    for item in chosen:
        described = draw(st.sampled_from([None, "plain", "technical"]))
        if described == "plain":
            item["description"] = "What this method answers, said at some length."
        elif described == "technical":
            item["description"] = "Runs one SQL query on its table."
    return chosen


OUTSIDE_GRAMMAR = [
    method("publish", [], "None"),
    method("get_by_isbn", ["isbn: str"], "None"),
    method("get_by_code", ["value: str"], "None"),
]

HTTP_CLIENTS = [
    "OAuth2TokenClient",
    "ISBNLookupClient",
    "S3PresignClient",
    "StripeClient",
]


@st.composite
def http_adapter(draw: st.DrawFn) -> dict[str, object]:
    class_name = draw(st.sampled_from(HTTP_CLIENTS))
    service = class_name.removesuffix("Client")
    stem = snake_case(service)
    prefix = stem.upper()
    return {
        "class_name": class_name,
        "layer": "infrastructure/adapter",
        "description": draw(descriptions()),
        "implements": f"app.application.interfaces.{stem}.I{service}Api",
        "config": [f"{prefix}_SECRET_KEY", f"{prefix}_DEFAULT_CURRENCY"],
        "methods": [
            method(
                "create_checkout",
                ["amount_cents: int", "currency: str", "metadata: dict"],
                "dict",
            ),
            method("get_status", ["reference: str"], "Dict[str, Any]"),
        ],
        "dependencies": ["httpx.AsyncClient"],
    }


def descriptions() -> st.SearchStrategy[str | None]:
    return (
        st.sampled_from(DESCRIPTIONS)
        | st.none()
        | st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)
    )


PIPELINE_STEP = {
    "class_name": "TranscribeStep",
    "layer": "infrastructure/pipeline_step",
    "description": "Pipeline step using ITranscriber",
    "implements": "app.application.interfaces.media.ITranscriber",
    "methods": [method("run", ["context: dict"], "dict")],
}
OUT_OF_SCOPE = [
    {"class_name": "Shelf", "layer": "domain/entity", "attributes": ["id: int"]},
    {"class_name": "ShelfRouter", "layer": "presentation/router"},
]


@st.composite
def seed_arrays(draw: st.DrawFn) -> list[dict[str, object]]:
    tenant_id = draw(st.sampled_from(["UUID", "int"]))
    name = draw(st.sampled_from(ENTITY_NAMES))
    entity = Entity(
        name, draw(fields(tenant_id)), draw(st.sampled_from(["UUID", "int"]))
    )
    items: list[dict[str, object]] = [
        {
            "class_name": "TenantModel",
            "layer": "infrastructure/model",
            "description": draw(descriptions()),
            "table_name": "tenants",
            "columns": [f"id: {tenant_id}", "name: str", "slug: str"],
        },
        {
            "class_name": f"{name}Model",
            "layer": "infrastructure/model",
            "description": draw(descriptions()),
            "columns": entity.columns,
            **draw(st.sampled_from([{"constraints": {"on_delete": "CASCADE"}}, {}])),
        },
    ]
    methods = draw(repository_methods(entity))
    if draw(st.sampled_from([False, False, False, True])):  # one in four
        methods.append(draw(st.sampled_from(OUTSIDE_GRAMMAR)))
    items.append(
        {
            "class_name": f"{name}Repository",
            "layer": "infrastructure/repository",
            "description": draw(descriptions()),
            "implements": f"app.application.interfaces.{entity.snake}."
            f"I{name}Repository",
            "dependencies": ["sqlalchemy.orm.Session"],
            "methods": methods,
        }
    )
    if not draw(st.booleans()):
        second = draw(st.sampled_from(SECOND_NAMES))
        items += [
            {
                "class_name": f"Sqla{second}Reader",
                "layer": "infrastructure/reader",
                "description": draw(descriptions()),
                "columns": [
                    f"{entity.snake}_id: {entity.id_type} ondelete=CASCADE",
                    "status: str",
                    "opened_on: Optional[date]",
                ],
                "methods": [
                    method(
                        f"list_for_{entity.snake}",
                        [f"{entity.snake}_id: {entity.id_type}"],
                        f"list[{second}View]",
                    ),
                    method("count_by_status", ["status: str"], "int"),
                ],
            }
        ]
    if not draw(st.booleans()):
        items.append(draw(http_adapter()))
    if not draw(st.booleans()):
        items.append(PIPELINE_STEP)
    if not draw(st.booleans()):
        items += OUT_OF_SCOPE
    return items
