"""What the user asked for, whatever way it was written: one `AdapterRequest`
per adapter, built from command-line flags or from a seed JSON item."""

import builtins
import re
from dataclasses import dataclass
from enum import StrEnum

from add_adapter.naming import is_dotted_path, is_identifier
from add_adapter.scaffold.constraints import Constraints
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.fields import Field
from add_adapter.scaffold.seed_types import normalize_annotation
from add_adapter.specification.model import SettingCondition
from add_adapter.specification.vocabulary import Scope


class AdapterKind(StrEnum):
    """The kinds `scripts/add-adapter KIND NAME` scaffolds."""

    MODEL = "model"
    DATA_MAPPER = "data-mapper"
    READER = "reader"
    REPOSITORY = "repository"
    HTTP_CLIENT = "http-client"
    IDENTITY_PROVIDER = "identity-provider"
    ACCESS_REVOKER = "access-revoker"
    PIPELINE_STEP = "pipeline-step"
    CACHE = "cache"
    MESSAGE_PUBLISHER = "message-publisher"
    FILE_STORAGE = "file-storage"
    RESOURCE = "resource"


@dataclass(frozen=True)
class Parameter:
    name: str
    annotation: str


@dataclass(frozen=True)
class Method:
    """A method of a port written by the user (seed `methods` items)."""

    name: str
    parameters: tuple[Parameter, ...]
    return_type: str
    description: str | None = None

    @property
    def signature(self) -> str:
        """`create(self, invoice: Invoice) -> Invoice` without `async def`."""
        parameters = "".join(f", {p.name}: {p.annotation}" for p in self.parameters)
        return f"{self.name}(self{parameters}) -> {self.return_type}"


@dataclass(frozen=True)
class AdapterRequest:
    """One adapter to scaffold; `origin` names it in every error message."""

    kind: AdapterKind
    class_name: str
    origin: str
    scope: Scope = Scope.REQUEST
    entity: str | None = None
    fields: tuple[Field, ...] = ()
    table_name: str | None = None
    port: str | None = None
    methods: tuple[Method, ...] = ()
    description: str | None = None
    config: tuple[str, ...] = ()
    calls: str | None = None
    reads: tuple[str, ...] = ()
    writes: str | None = None
    replace: bool = False
    """Take the binding of a port another adapter holds (`--replace`)."""
    technology: str | None = None
    """What the adapter runs on, for kinds offering several (`--technology`:
    `local` or `s3` file storage); None: the kind's default."""
    when: tuple[SettingCondition, ...] = ()
    """Bind the adapter only while these hold (`--when`, `--unless`)."""
    constraints: Constraints | None = None
    """An item's `constraints`, in place of the inferred ones."""
    fields_key: str = "fields"
    """How the request names its fields in messages (`columns`, `--field`)."""
    operations: tuple[str, ...] = ()
    """A resource's operations as given (`--operations create,get`); ():
    all five."""
    access: tuple[str, ...] = ()
    """Who may call each of a resource's operations, as given (`--auth
    create=admin,list=public`); the rest keep their defaults."""
    event: bool = False
    """Whether a resource's create records a domain event (`--event`)."""
    reader_port: str | None = None
    """A resource's reader port, when a seed item names it (`port` is its
    data mapper's); None: the reader kind's."""
    use_case_names: tuple[tuple[str, str], ...] = ()
    """(operation, class name) of a resource's use cases that seed items
    name otherwise than by the operation's verb (`AddBook`)."""

    def where(self, field: str = "") -> str:
        """`item[1] (StripeClient): config[0]`, or just the field for flags."""
        if not field:
            return self.origin or self.class_name
        return f"{self.origin}: {field}" if self.origin else field


def parse_parameter(text: str, where: str) -> Parameter:
    name, separator, annotation = text.partition(":")
    name = name.strip()
    if not separator:
        raise ScaffoldError(where, f"'{text}' is not 'name: type'")
    if not is_identifier(name) or name == "self":
        raise ScaffoldError(where, f"'{name}' is not a valid parameter name")
    return Parameter(name, normalize_annotation(annotation, where))


_METHOD = re.compile(
    r"^\s*(?P<name>\w+)\s*\((?P<parameters>.*)\)\s*->\s*(?P<returns>.+?)\s*$"
)


def parse_method_signature(text: str, where: str) -> Method:
    """`create_checkout_session(amount_cents: int, currency: str) -> dict`."""
    match = _METHOD.match(text)
    if match is None:
        raise ScaffoldError(
            where, f"'{text}' is not 'name(parameter: type, ...) -> type'"
        )
    return build_method(
        match.group("name"),
        [p for p in _split_parameters(match.group("parameters")) if p],
        match.group("returns"),
        None,
        where,
    )


def build_method(
    name: str,
    parameters: list[str],
    return_type: str,
    description: str | None,
    where: str,
) -> Method:
    if not is_identifier(name):
        raise ScaffoldError(
            f"{where}.method_name", f"'{name}' is not a valid Python name"
        )
    if name.startswith("_"):
        raise ScaffoldError(
            f"{where}.method_name",
            f"'{name}' starts with _: a port's methods are public",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ScaffoldError(
            f"{where}.method_name",
            f"'{name}' has {len(name)} characters; at most {MAX_NAME_LENGTH} fit "
            "the generated lines",
        )
    parsed = tuple(
        parse_parameter(text, f"{where}.parameters[{index}]")
        for index, text in enumerate(parameters)
    )
    names = [parameter.name for parameter in parsed]
    for index, parameter_name in enumerate(names):
        if names.index(parameter_name) != index:
            raise ScaffoldError(
                f"{where}.parameters[{index}]",
                f"parameter '{parameter_name}' is listed twice",
            )
    returns = normalize_annotation(return_type or "None", f"{where}.return_type")
    return Method(name, parsed, returns, description)


def _split_parameters(text: str) -> list[str]:
    """Split on commas outside brackets: `a: dict[str, int], b: int`."""
    return split_outside_brackets(text, ",")


def split_outside_brackets(text: str, separator: str) -> list[str]:
    """`text` split on `separator` where it is not inside `[...]`."""
    parts, depth, current = [], 0, ""
    for character in text:
        if character == separator and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += character == "["
        depth -= character == "]"
        current += character
    parts.append(current.strip())
    return parts


MAX_PORT_MODULE = 70
"""`from <module> import (` fits 88 characters."""
MAX_NAME_LENGTH = 40
"""Class and method names longer than this would not fit the line length in
the generated test names and signatures."""
_BUILTINS = frozenset(dir(builtins))
RESERVED_CLASS_NAMES = frozenset(
    {
        "Any",
        "AsyncIterator",
        "AsyncSession",
        "Awaitable",
        "Base",
        "Callable",
        "ColumnElement",
        "Decimal",
        "EntityNotFoundError",
        "ForeignKey",
        "Iterable",
        "Mapped",
        "Page",
        "Pagination",
        "Protocol",
        "ReaderError",
        "DataMapperError",
        "Select",
        "Sequence",
        "SortOrder",
        "Store",
        "UUID",
        "UniqueConstraint",
        "UtcDateTime",
    }
)
"""Names the generated modules import or define beside the user's classes."""


def check_class_name(name: str, where: str) -> str:
    if not is_identifier(name) or not name[:1].isupper():
        raise ScaffoldError(
            where, f"'{name}' is not a valid class name (PascalCase Python name)"
        )
    if name in _BUILTINS:
        raise ScaffoldError(
            where, f"'{name}' is a Python builtin: the generated code would hide it"
        )
    if name in RESERVED_CLASS_NAMES:
        raise ScaffoldError(
            where,
            f"'{name}' is a name the generated modules use themselves; choose another",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ScaffoldError(
            where,
            f"'{name}' has {len(name)} characters; at most {MAX_NAME_LENGTH} fit "
            "the generated lines",
        )
    return name


def check_port_path(path: str, where: str) -> str:
    if (
        not is_dotted_path(path)
        or "." not in path
        or not path.rpartition(".")[2][:1].isupper()
    ):
        raise ScaffoldError(
            where,
            f"'{path}' is not a dotted path to a class (package.module.ClassName)",
        )
    if not path.startswith(("app.domain.", "app.application.")):
        raise ScaffoldError(
            where, f"port '{path}' must live under app.domain or app.application"
        )
    module, _, class_name = path.rpartition(".")
    if len(module) > MAX_PORT_MODULE or len(class_name) > MAX_NAME_LENGTH:
        raise ScaffoldError(
            where,
            f"'{path}' is too long for the imports of it to fit the line length: "
            f"at most {MAX_PORT_MODULE} characters of module and "
            f"{MAX_NAME_LENGTH} of class",
        )
    return path
