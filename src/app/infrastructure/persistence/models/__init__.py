"""Table mappings; importing this package registers every table on Base.metadata.

Every module of the package is imported, so a new model file (hand-written or
scaffolded) reaches Alembic and the tests without being listed here.
"""

import importlib
import pkgutil

from app.infrastructure.persistence.models.base import Base

for _module in pkgutil.iter_modules(__path__, prefix=f"{__name__}."):
    importlib.import_module(_module.name)

__all__ = ["Base"]
