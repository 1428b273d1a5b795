"""The prose of an HTTP client's files: its module, class, Config and twin
docstrings, and its port's, which speak of the port's role only."""

from typing import TYPE_CHECKING

from add_adapter.naming import snake_case
from add_adapter.scaffold.batch import without_interface_prefix
from add_adapter.scaffold.kinds.http_client.endpoint import IDEMPOTENCY_KEY
from add_adapter.scaffold.kinds.shared.ports import default_method_doc
from add_adapter.scaffold.request import AdapterRequest, Method
from add_adapter.sync.http_settings import HttpClientNames

if TYPE_CHECKING:
    from add_adapter.scaffold.kinds.http_client.endpoint import Endpoint


def method_doc(method: Method) -> str:
    """The default summary, and what a caller's idempotency key promises."""
    summary = default_method_doc(method)
    if all(p.name != IDEMPOTENCY_KEY for p in method.parameters):
        return summary
    return f"{summary}\n\n{_KEY_PROMISE}"


_KEY_PROMISE = (
    "``idempotency_key`` is chosen by the caller (one per order, say) and sent "
    "as the Idempotency-Key header, not in the body: a call repeated with the "
    "same key (a retry after a timeout) is performed once, never twice."
)


def port_docstring(request: AdapterRequest, port_class: str) -> str:
    # The port's own role, named after the port: the service the client calls
    # (and the request's description) are the client's.
    words = snake_case(without_interface_prefix(port_class)).replace("_", " ")
    purpose = f"The {words} the application calls."
    keyed = any(
        p.name == IDEMPOTENCY_KEY for m in request.methods for p in m.parameters
    )
    key_note = (
        "A method taking an ``idempotency_key`` sends it as the Idempotency-Key "
        "header: calling it again with the same key never performs the write "
        "twice.\n\n"
        if keyed
        else ""
    )
    return (
        f"{purpose}\n\n{key_note}"
        "Each method returns plain data (a dict, a list, or None), never a "
        "client library's objects. Implementations calling a remote service "
        "raise ExternalServiceError when it "
        "cannot be reached or gives an unusable answer, or one of its "
        "subclasses: ExternalServiceNotConfiguredError when it is not "
        "configured, ExternalServiceRejectedError when it refuses the request, "
        "ExternalServiceTimeoutError when it does not answer in time."
    )


def over_json_api(port_class: str, service: str) -> str:
    """`StripeGateway over Stripe's JSON API.`; a service named after the port
    itself (BillingGateway, Billing Gateway) is not named twice."""
    if service.replace(" ", "") == without_interface_prefix(port_class):
        return f"{port_class} over the remote service's JSON API."
    return f"{port_class} over {service}'s JSON API."


def module_doc(request: AdapterRequest, port_class: str, service: str) -> str:
    summary = over_json_api(port_class, service)
    if request.description:
        return f"{summary}\n\n{request.description}"
    return summary


def config_doc(names: HttpClientNames) -> str:
    environment = ", ".join(setting.env_name for setting in names.settings)
    return (
        f"How {names.class_name} reaches {names.service}; "
        f"AdapterSettings.{names.config_method}() builds it from {environment}."
    )


def class_doc(
    port_class: str, names: HttpClientNames, endpoints: "list[Endpoint]"
) -> str:
    bearer = names.bearer
    auth = f" {bearer.env_name} is sent as the bearer token." if bearer else ""
    keyed = [e.method.name for e in endpoints if e.has_idempotency_key]
    unkeyed = any(not (e.is_get or e.has_idempotency_key) for e in endpoints)
    key = ""
    if keyed:
        key = (
            f" The Idempotency-Key of {_and_names(keyed)} is the caller's "
            f"{IDEMPOTENCY_KEY} (the same key, the same write)"
            + ("; other POSTs get one per call." if unkeyed else ".")
        )
    return (
        f"{over_json_api(port_class, names.service)}{auth}\n\n"
        "Retries (connection errors, 429 and 5xx, with backoff), the timeout "
        "of each attempt and an Idempotency-Key repeated on every retry of a "
        f"POST come from JsonApiClient and the Config.{key} Every method raises "
        "ExternalServiceError or a subclass: ExternalServiceNotConfiguredError "
        f"while {names.base_url.env_name} is not set, "
        "ExternalServiceRejectedError on a 4xx answer (not retried), "
        "ExternalServiceTimeoutError when the last attempt timed out."
    )


def _and_names(names: list[str]) -> str:
    """`a()`, `a() and b()`, `a(), b() and c()`."""
    called = [f"{name}()" for name in names]
    if len(called) == 1:
        return called[0]
    return f"{', '.join(called[:-1])} and {called[-1]}"


def in_memory_doc(port_class: str) -> str:
    return (
        f"{port_class} scripted by the test, for use-case unit tests: queue "
        "what each method returns with answer() (an exception queued is "
        "raised instead), and read what the use case sent in calls."
    )
