import asyncio
import contextlib


class OutboxWakeup:
    """Tells the OutboxRelay that a commit stored outbox rows, so it publishes
    them at once instead of at its next poll.

    One per process (app scope). A notification wakes one waiting relay
    loop, not all of them: with several loops side by side, the others would
    each claim a batch too, find the rows locked (SKIP LOCKED) and claim
    nothing, a transaction each for every commit. Notifications made while
    every loop is busy are kept: the next wait returns at once. A wakeup lost
    anyway (another process committed) costs one poll interval, never a
    message. ``wake_all`` wakes every loop, now and at every later wait (the
    relay stopping).
    """

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._all = False

    @property
    def pending(self) -> bool:
        """Whether a notification waits for the relay's next wait."""
        return self._event.is_set()

    def notify(self) -> None:
        self._event.set()

    def wake_all(self) -> None:
        self._all = True
        self._event.set()

    async def wait(self, at_most_seconds: float) -> None:
        """Returns when notified (at once if notified since the last wait),
        or after ``at_most_seconds``."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(at_most_seconds):
                # Every waiter wakes when the event is set: the first to run
                # takes the notification (clears it below, with no await in
                # between), the others find it taken and wait on.
                while not self._event.is_set():
                    await self._event.wait()
        if not self._all:
            self._event.clear()
