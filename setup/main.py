"""ASGI entry point: ``uvicorn setup.main:app``.

Before the app is made, the logs are configured and the database is created
when missing and migrated (unless RUN_MIGRATIONS_ON_STARTUP=false). Done here,
while uvicorn imports the app, a failure ends the process with three lines
(setup/startup/failures.py) before uvicorn has printed anything.
"""

import gc

from setup.app_factory import create_app
from setup.logs import configure_logging
from setup.startup.database import prepare_on_startup
from setup.startup.failures import start_or_exit

settings = start_or_exit(prepare_on_startup)
configure_logging(settings)
# Prepared above, where a failure is three lines: the lifespan need not again.
app = create_app(settings.model_copy(update={"run_migrations_on_startup": False}))
# What importing and making the app created (some 160,000 objects: modules,
# routes, schemas) lives as long as the process. Out of the cyclic garbage
# collector's sight, a full collection no longer walks it: it took 35 to 60
# ms, stalling every request in flight (the service's p99). Here, once per
# process, not in create_app: tests make an app per test and must not keep
# each one's garbage for good.
gc.collect()
gc.freeze()
