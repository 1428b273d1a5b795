"""OutboxWakeup: a commit wakes one relay loop; a stop wakes them all."""

import asyncio

from app.infrastructure.messaging.outbox_wakeup import OutboxWakeup

LONG = 30.0


async def test_a_notification_wakes_one_waiter_and_the_others_wait_on() -> None:
    wakeup = OutboxWakeup()
    waits = [asyncio.create_task(wakeup.wait(LONG)) for _ in range(2)]
    await asyncio.sleep(0.01)  # both waiting

    wakeup.notify()
    await asyncio.sleep(0.01)

    assert sum(wait.done() for wait in waits) == 1
    assert not wakeup.pending  # taken by the one it woke
    wakeup.notify()
    await asyncio.wait_for(asyncio.gather(*waits), timeout=1)


async def test_a_notification_made_while_nobody_waits_is_kept() -> None:
    wakeup = OutboxWakeup()
    wakeup.notify()

    await asyncio.wait_for(wakeup.wait(LONG), timeout=1)

    assert not wakeup.pending


async def test_waking_all_wakes_every_waiter_and_every_later_wait() -> None:
    wakeup = OutboxWakeup()
    waits = [asyncio.create_task(wakeup.wait(LONG)) for _ in range(3)]
    await asyncio.sleep(0.01)

    wakeup.wake_all()

    await asyncio.wait_for(asyncio.gather(*waits), timeout=1)
    await asyncio.wait_for(wakeup.wait(LONG), timeout=1)


async def test_a_wait_ends_after_its_time_without_a_notification() -> None:
    wakeup = OutboxWakeup()

    await asyncio.wait_for(wakeup.wait(0.02), timeout=1)

    assert not wakeup.pending
