import asyncio
import contextlib


class OutboxWakeup:
    """Tells the OutboxRelay that a commit stored outbox rows, so it publishes
    them at once instead of at its next poll.

    One per process (app scope). Notifications made while the relay is busy
    are kept: its next wait returns at once. A wakeup lost anyway (another
    process committed) costs one poll interval, never a message.
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()

    @property
    def pending(self) -> bool:
        """Whether a notification waits for the relay's next wait."""
        return self._event.is_set()

    def notify(self) -> None:
        self._event.set()

    async def wait(self, at_most_seconds: float) -> None:
        """Returns when notified (at once if notified since the last wait),
        or after ``at_most_seconds``."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(at_most_seconds):
                await self._event.wait()
        self._event.clear()
