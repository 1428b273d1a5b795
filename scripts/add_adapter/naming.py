"""Conversions between the names the spec uses: class names, module names and
dotted paths."""

import keyword
import re

_WORD_BOUNDARY = re.compile(
    r"(?<=[a-z0-9])(?=[A-Z])"  # orderLine, S3Presign
    r"|(?<=[A-Z]{2})(?=[A-Z][a-z])"  # HTTPClient, ISBNLookup
    r"|(?<=\bI)(?=[A-Z][a-z])|(?<=[a-z0-9]I)(?=[A-Z][a-z])"  # the seeds' IPort
)
# Names written as one word though their class names capitalise a part:
# the hand-written modules say rabbitmq_connector, so adapters say rabbitmq_ too.
_ONE_WORD = re.compile(r"RabbitM[Qq]")


def snake_case(class_name: str) -> str:
    """`SqlaUserDataMapper` -> `sqla_user_data_mapper`; acronyms stay one
    word (`HTTPClient` -> `http_client`, `ISBNLookupClient` ->
    `isbn_lookup_client`), and so does a capital starting a word with one
    (`OAuth2TokenClient` -> `oauth2_token_client`), except the seeds' `I` of an
    interface (`IShippingGateway` -> `i_shipping_gateway`); RabbitMQ is one
    word (`RabbitMqMessagePublisher` -> `rabbitmq_message_publisher`)."""
    one_worded = _ONE_WORD.sub(lambda match: match[0].capitalize(), class_name)
    return _WORD_BOUNDARY.sub("_", one_worded).lower()


def pascal_case(module_name: str) -> str:
    """`change_password` -> `ChangePassword`: the class a use-case module defines."""
    return "".join(word[:1].upper() + word[1:] for word in module_name.split("_"))


def split_dotted(dotted_path: str) -> tuple[str, str]:
    """`app.ports.reader.Reader` -> (`app.ports.reader`, `Reader`)."""
    module, _, name = dotted_path.rpartition(".")
    return module, name


def is_identifier(name: str) -> bool:
    """Whether `name` can be a Python name (and is not a keyword)."""
    return name.isidentifier() and not keyword.iskeyword(name)


def is_dotted_path(path: str) -> bool:
    """Whether every dot-separated part of `path` is a usable Python name."""
    return all(is_identifier(part) for part in path.split("."))


def is_within(dotted_path: str, package: str) -> bool:
    """Whether `dotted_path` is `package` itself or lives under it."""
    return dotted_path == package or dotted_path.startswith(package + ".")
