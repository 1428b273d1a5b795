"""Backoff doubles up to its cap; Redeliveries retries infrastructure
failures without bound and gives up other errors after the attempts."""

import pytest

from app.infrastructure.exceptions import DataMapperError, PublishError
from app.infrastructure.messaging.backoff import Backoff
from app.infrastructure.messaging.redeliveries import Redeliveries, RedeliveryConfig

BACKOFF = Backoff(initial_seconds=0.5, max_seconds=4)


def test_the_backoff_doubles_up_to_its_cap() -> None:
    assert [BACKOFF.delay(n) for n in range(1, 7)] == [0.5, 1, 2, 4, 4, 4]
    assert BACKOFF.delay(10_000) == 4


def test_an_error_retrying_cannot_fix_is_given_up_after_the_attempts() -> None:
    redeliveries = Redeliveries(RedeliveryConfig(max_attempts=3, backoff=BACKOFF))

    delays = [redeliveries.failed("m", ValueError("bad payload")) for _ in range(3)]

    assert delays == [0.5, 1, None]
    # Given up and forgotten: the same id counts afresh.
    assert redeliveries.failed("m", ValueError("bad payload")) == 0.5


@pytest.mark.parametrize("error", [DataMapperError(), PublishError()])
def test_an_infrastructure_error_is_retried_without_bound(error: Exception) -> None:
    redeliveries = Redeliveries(RedeliveryConfig(max_attempts=2, backoff=BACKOFF))

    delays = [redeliveries.failed("m", error) for _ in range(50)]

    assert None not in delays
    assert delays[-1] == 4


def test_success_forgets_the_failures_of_a_message_only() -> None:
    redeliveries = Redeliveries(RedeliveryConfig(max_attempts=2, backoff=BACKOFF))
    redeliveries.failed("m", ValueError())
    redeliveries.failed("other", ValueError())

    redeliveries.succeeded("m")

    assert redeliveries.failed("m", ValueError()) == 0.5
    assert redeliveries.failed("other", ValueError()) is None
