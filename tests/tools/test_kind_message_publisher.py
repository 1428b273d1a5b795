"""The message-publisher builder: the RabbitMQ adapter it writes, and its
default port.

Builder level: called directly (no CLI, no staging) on a copy of a service
made from the base. The end-to-end runs (the command line on a copy of the
repository, its gates and tests) are in tests/scaffolding."""

from pathlib import Path

import pytest

from add_adapter.scaffold.builders import builder_for
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.request import AdapterKind, AdapterRequest
from add_adapter.specification.vocabulary import Scope

from .kind_support import fixed_port_request, texts
from .scaffold_support import new_batch


def test_the_rabbitmq_publisher_sends_persistent_json_with_a_message_id(
    repo: Path,
) -> None:
    files = texts(
        builder_for(AdapterKind.MESSAGE_PUBLISHER)(
            fixed_port_request(AdapterKind.MESSAGE_PUBLISHER), new_batch(repo)
        )
    )

    code = files["src/app/infrastructure/adapters/rabbitmq_audit_publisher.py"]
    assert "def __init__(self, connector: RabbitMqConnector) -> None:" in code
    assert "delivery_mode=aio_pika.DeliveryMode.PERSISTENT" in code
    assert "message_id=message_id or uuid4().hex" in code
    assert 'CONTENT_TYPE = "application/json"' in code
    assert "raise PublishError from err" in code
    contract = files["tests/contracts/test_audit_publisher.py"]
    assert "await channel.declare_queue(exclusive=True)" in contract
    assert "await channel.exchange_delete(exchange)" in contract
    assert "assert message.persistent" in contract


def test_without_a_port_a_message_publisher_takes_the_default_one(
    repo: Path,
) -> None:
    # Which the service binds already (RabbitMQ, and the in-process bus).
    request = AdapterRequest(
        kind=AdapterKind.MESSAGE_PUBLISHER,
        class_name="RabbitMqOtherPublisher",
        origin="item[0] (RabbitMqOtherPublisher)",
        scope=Scope.APP,
    )

    with pytest.raises(ScaffoldError) as raised:
        builder_for(AdapterKind.MESSAGE_PUBLISHER)(request, new_batch(repo))

    assert raised.value.where == "item[0] (RabbitMqOtherPublisher): implements"
    assert raised.value.message.startswith(
        "app.application.ports.message_publisher.MessagePublisher is already "
        "implemented by "
    )
