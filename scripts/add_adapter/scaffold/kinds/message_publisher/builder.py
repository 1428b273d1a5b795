"""Message publishers: a port publishing JSON payloads to topics, a RabbitMQ
adapter on the shared connector, and an in-memory twin recording messages."""

from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.kinds.shared.fixed_port import (
    FixedMethod,
    FixedPortKind,
    build_fixed_port_adapter,
    choose_technology,
)
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.specification.vocabulary import Kind

MESSAGE_PUBLISHER = FixedPortKind(
    spec_kind=Kind.MESSAGE_PUBLISHER,
    noun="message publisher",
    default_port="app.application.ports.message_publisher.MessagePublisher",
    methods=(
        FixedMethod(
            "publish",
            "topic: str, payload: dict[str, object], message_id: str | None = None",
            "None",
        ),
    ),
    template="message_publisher",
    adapter_template="rabbitmq_message_publisher",
    technology="RabbitMQ",
    technology_id="rabbitmq",
    adapter_prefix="RabbitMq",
    purpose="Publishes messages (events) for other services to consume.",
    port_doc=lambda purpose: (
        f"{purpose}\n\n"
        "Implementations raise PublishError when the broker cannot be reached "
        "or does not take the message; publishing it again with the same "
        "message_id is then safe."
    ),
    summary=lambda port: (
        f"{port} on RabbitMQ: persistent, confirmed JSON messages to a topic exchange."
    ),
    class_doc=lambda name, port: (
        f"{port} on RabbitMQ, through the shared RabbitMqConnector "
        "(AMQP_URL, RABBITMQ_EXCHANGE).\n\n"
        "A message goes to the durable topic exchange with its topic as the "
        "routing key: a JSON body (application/json), persistent delivery, its "
        "message_id. publish returns once the broker has confirmed it. Any "
        "broker failure (unreachable, a closed channel, no confirm in time) "
        "raises PublishError with the driver's error as its cause."
    ),
    in_memory_doc=lambda port: (
        f"{port} that records each message in published (as a broker would get "
        "it: JSON body, message id) instead of sending it. Set failure to make "
        "publish raise."
    ),
    note=lambda name: (
        f"{name} uses the shared RabbitMqConnector (AMQP_URL, default "
        "amqp://guest:guest@127.0.0.1:5672/, and RABBITMQ_EXCHANGE, default "
        "events), which connects on the first publish; its tests use the "
        "RabbitMQ at TEST_RABBITMQ_URL (same default) and skip when it is "
        "unreachable (fail with REQUIRE_SERVICES=1)"
    ),
)


def build_message_publisher(request: AdapterRequest, batch: Batch) -> Addition:
    return build_fixed_port_adapter(
        request, batch, choose_technology(request, (MESSAGE_PUBLISHER,))
    )
