"""Which pytest-xdist worker this process is, and what it may share with the
others of the same run.

`python3 scripts/dev.py test` runs the suite in one worker process per core
(pytest-xdist). Each worker has its own PostgreSQL database, Redis database,
temporary folder (so its own SQLite files) and copies of the repository;
RabbitMQ exchanges and queues, S3 buckets and Redis keys of adapter tests are
named per test already. What costs the same for every worker (a migrated
database) is made once per run by the first worker that needs it, under a
file lock in the folder the run's workers share (`once_per_run`).
"""

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from filelock import FileLock

# "gw0", "gw1", ... in a worker; empty in a run without workers (-n 0).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
# What pytest-xdist tells its workers; a pytest run started from a test (in a
# copy of the repository) must not believe it is a worker of this run.
XDIST_VARIABLES = (
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
    "PYTEST_XDIST_TESTRUNUID",
)
# A Redis server has databases 0 to 15 unless configured otherwise.
REDIS_DATABASES = 16


def worker_index() -> int | None:
    """0 for gw0, 1 for gw1, ...; None without workers."""
    return int(WORKER.removeprefix("gw")) if WORKER else None


def is_controller(config: pytest.Config) -> bool:
    """Whether this process runs the session rather than a worker's share:
    the only process of a run without workers, the controller of one with."""
    return not hasattr(config, "workerinput")


def run_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder every process of this run shares: pytest's base temporary
    folder of the run, which holds one folder per worker."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if WORKER else base


def once_per_run(directory: Path, name: str, make: Callable[[], str]) -> str:
    """What `make` returned the first time a process of this run asked for
    `name`; the others wait for it and read it from `directory`."""
    stored = directory / f"{name}.txt"
    with FileLock(directory / f"{name}.lock"):
        if stored.exists():
            return stored.read_text(encoding="utf-8")
        value = make()
        stored.write_text(value, encoding="utf-8")
        return value


def worker_redis_url(url: str) -> str:
    """`url` with the worker's own Redis database: the database after the
    URL's for gw0, the one after that for gw1, ... (`url` itself without
    workers). Tests of the app's caches renew keys every worker's app would
    read."""
    index = worker_index()
    if index is None:
        return url
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + 1 + index
    if number >= REDIS_DATABASES:
        raise pytest.UsageError(
            f"worker {WORKER} would use Redis database {number} after "
            f"TEST_REDIS_URL's; a Redis server has databases 0 to "
            f"{REDIS_DATABASES - 1}: run fewer workers (-n)"
        )
    return parts._replace(path=f"/{number}").geturl()
