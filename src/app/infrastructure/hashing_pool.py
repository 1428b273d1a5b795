import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from app.infrastructure.exceptions import PasswordHasherBusyError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class HashingPoolConfig:
    workers: int = 2
    # Calls allowed to wait for a worker; beyond that, callers fail at once.
    max_waiting: int = 16
    # How long a caller may wait for admission before it gives up.
    admission_timeout: float = 0.5


class HashingPool:
    """Runs slow hashing on worker threads, keeping the event loop free.

    Admits at most ``workers + max_waiting`` calls at a time; a call that is
    not admitted within ``admission_timeout`` raises PasswordHasherBusyError,
    so overload turns into quick 503s instead of an ever-growing queue.
    """

    def __init__(self, config: HashingPoolConfig) -> None:
        self._executor = ThreadPoolExecutor(
            max_workers=config.workers, thread_name_prefix="hashing"
        )
        self._admission = asyncio.Semaphore(config.workers + config.max_waiting)
        self._admission_timeout = config.admission_timeout

    async def run(self, function: Callable[..., T], *args: object) -> T:
        try:
            async with asyncio.timeout(self._admission_timeout):
                await self._admission.acquire()
        except TimeoutError as err:
            raise PasswordHasherBusyError from err
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, function, *args)
        finally:
            self._admission.release()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
