"""The endpoints of an HTTP client: for each method of its port, the request
it sends, what it makes of the answer, and what its tests send and expect."""

import textwrap
from dataclasses import dataclass
from enum import StrEnum

from add_adapter.scaffold.prose import LINE_LENGTH, format_docstring, technology_named
from add_adapter.scaffold.request import Method, Parameter

QUERY_TYPES = {"int": '"7"', "str": '"alpha"', "float": '"1.5"', "bool": '"true"'}
"""Types a GET may send as query parameters, with how the sample reads on
the wire."""
IDEMPOTENCY_KEY = "idempotency_key"
"""A parameter of this name (a str) is the Idempotency-Key header of the
write, not part of its body: the caller chooses it."""
KEY_SAMPLE = '"key-alpha"'


class Returns(StrEnum):
    """What a client method makes of the answer's JSON."""

    OBJECT = "dict[str, object]"
    LIST = "list[object]"
    OBJECTS = "list[dict[str, object]]"
    NOTHING = "None"


_ANSWERS: dict[Returns, tuple[int, str]] = {
    Returns.OBJECT: (200, '{"id": "obj_1", "status": "ok"}'),
    Returns.LIST: (200, '[{"id": "obj_1"}, {"id": "obj_2"}]'),
    Returns.OBJECTS: (200, '[{"id": "obj_1"}, {"id": "obj_2"}]'),
    Returns.NOTHING: (204, "{}"),
}
"""The stub's status and JSON for each kind of answer, in the tests."""


@dataclass(frozen=True)
class Endpoint:
    """One method of the client: the request it sends and what it returns."""

    method: Method
    http_method: str
    path: str
    returns: Returns
    samples: tuple[str, ...]
    """A literal argument per parameter, for the tests."""
    signature: str = ""
    """As the client and its twin write it (builtins it hides guarded)."""

    @property
    def doc(self) -> str | None:
        """The method's description when it names a technology: the port
        keeps to its role, so the client's method says it."""
        text = self.method.description
        return format_docstring(text, 8) if text and technology_named(text) else None

    @property
    def is_get(self) -> bool:
        return self.http_method == "GET"

    @property
    def has_idempotency_key(self) -> bool:
        """Whether the caller passes the write's Idempotency-Key."""
        return any(p.name == IDEMPOTENCY_KEY for p in self.method.parameters)

    @property
    def sent_parameters(self) -> tuple[Parameter, ...]:
        """The parameters sent as the query string or the JSON body."""
        return tuple(p for p in self.method.parameters if p.name != IDEMPOTENCY_KEY)

    @property
    def payload(self) -> str:
        """Every argument by name, as a dict literal (what the twin records)."""
        return _dict_of(self.method.parameters)

    @property
    def body(self) -> str:
        """The statement of the client method."""
        verb = "get" if self.is_get else "post"
        payload = (
            f", {_dict_of(self.sent_parameters)}"
            if self.sent_parameters or not self.is_get
            else ""
        )
        if self.has_idempotency_key:
            payload += f", idempotency_key={IDEMPOTENCY_KEY}"
        call = f'await self._api.{verb}("{self.path}"{payload})'
        if self.returns is Returns.OBJECT:
            return f"return expect_object({call}, service=self._service)"
        if self.returns is Returns.LIST:
            return f"return expect_list({call}, service=self._service)"
        if self.returns is Returns.OBJECTS:
            return (
                "return [expect_object(entry, service=self._service) "
                f"for entry in expect_list({call}, service=self._service)]"
            )
        return call

    @property
    def call_arguments(self) -> str:
        """Keyword arguments calling the method with the samples."""
        return ", ".join(
            f"{p.name}={s}"
            for p, s in zip(self.method.parameters, self.samples, strict=True)
        )

    @property
    def sent_query(self) -> str:
        """The query string the stub receives, as a dict literal."""
        if not self.is_get:
            return "{}"
        pairs = (
            f'"{p.name}": {QUERY_TYPES[p.annotation]}' for p in self.method.parameters
        )
        return "{" + ", ".join(pairs) + "}"

    @property
    def sent_json(self) -> str:
        """The JSON body the stub receives (None for a GET)."""
        if self.is_get:
            return "None"
        pairs = (
            f'"{p.name}": {s}'
            for p, s in zip(self.method.parameters, self.samples, strict=True)
            if p.name != IDEMPOTENCY_KEY
        )
        return "{" + ", ".join(pairs) + "}"

    @property
    def sent_key(self) -> str:
        """The Idempotency-Key the caller passes in the tests, or None."""
        return KEY_SAMPLE if self.has_idempotency_key else "None"

    @property
    def comment_lines(self) -> list[str]:
        """`comment` wrapped to fit the method body (indent 8, then `# `)."""
        return textwrap.wrap(self.comment, width=LINE_LENGTH - 10)

    @property
    def comment(self) -> str:
        """What the method sends, said above its statement."""
        request = f"{self.http_method} {self.path}"
        if not self.sent_parameters:
            sent = ""
        elif self.is_get:
            sent = ", the arguments as query parameters"
        elif self.has_idempotency_key:
            sent = ", the other arguments as a JSON object"
        else:
            sent = ", the arguments as a JSON object"
        if not self.has_idempotency_key:
            return f"{request}{sent}."
        return (
            f"{request}{sent}; the caller's idempotency_key is the "
            "Idempotency-Key header of every attempt, so the service performs "
            "the write once however often the same key is sent."
        )

    @property
    def answer_status(self) -> int:
        return _ANSWERS[self.returns][0]

    @property
    def answer(self) -> str:
        return _ANSWERS[self.returns][1]

    @property
    def expected(self) -> str:
        return "None" if self.returns is Returns.NOTHING else self.answer


def _dict_of(parameters: tuple[Parameter, ...]) -> str:
    """`{"a": a, "b": b}`: the parameters by name."""
    return "{" + ", ".join(f'"{p.name}": {p.name}' for p in parameters) + "}"
