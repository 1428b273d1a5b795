from typing import Any
from uuid import uuid4

from setup.config import Settings


def settings_for(database_url: str, **overrides: Any) -> Settings:
    """Settings for tests: no .env, plain-HTTP cookies, cheap argon2, and
    log-in limits counted under keys of their own (in Redis, shared by every
    run, the same emails would add up from test to test)."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "run_migrations_on_startup": False,
        "session_cookie_secure": False,
        "argon2_time_cost": 1,
        "argon2_memory_cost_kib": 1024,
        "argon2_parallelism": 1,
        "log_in_limits_key_prefix": f"test_log_in_limits_{uuid4().hex}",
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]
