"""Which application handler each domain event goes to.

One line per subscription: the event type, the use case handling it (it
must be provided by the container: a use case in setup/spec.json is), and
the consumer's name, e.g.

    Subscription(UserRegistered, SendWelcomeEmail, consumer="welcome-email"),

With AMQP_URL set, `python -m setup.worker` consumes these from RabbitMQ;
without it, the app hands events to them in process. See README, Events.
"""

from collections.abc import Sequence
from typing import Any

from app.application.commands.fulfil_order import FulfilOrder  # demo: orders
from app.domain.events.order_placed import OrderPlaced  # demo: orders
from setup.messaging.subscription import Subscription

SUBSCRIPTIONS: Sequence[Subscription[Any]] = (
    Subscription(OrderPlaced, FulfilOrder, consumer="fulfil-order"),  # demo: orders
)
