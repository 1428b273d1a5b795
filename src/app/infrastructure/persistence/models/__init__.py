"""Table mappings; importing this package registers every table on Base.metadata."""

from app.infrastructure.persistence.models.auth_session import AuthSessionModel
from app.infrastructure.persistence.models.base import Base
from app.infrastructure.persistence.models.product import ProductModel
from app.infrastructure.persistence.models.user import UserModel

__all__ = ["AuthSessionModel", "Base", "ProductModel", "UserModel"]
