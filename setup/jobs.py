"""Use cases run periodically: by the worker, or by the app itself when
AMQP_URL is not set (no worker then). Each must be provided by the container
(a use case in setup/spec.json is) and take no argument, e.g.

    PeriodicJob(PurgeExpiredSessions, every_seconds=3600, name="purge-sessions"),

Several processes may run the same job at once: each job must tolerate
that (e.g. by doing each piece of work under an Idempotency-Key, see
app.application.services.idempotency).
"""

from collections.abc import Sequence

from app.application.commands.reconcile_payments import (  # demo: orders
    ReconcilePayments,
)
from setup.config import Settings
from setup.messaging.periodic_job import PeriodicJob


def periodic_jobs(settings: Settings) -> Sequence[PeriodicJob]:
    return (
        # region demo: orders
        PeriodicJob(
            ReconcilePayments,
            every_seconds=settings.payment_reconcile_interval_seconds,
            name="reconcile-payments",
        ),
        # endregion
    )
