"""Wiring of the fakes: a shared store (the database) and per-request fakes.

``World`` plays the app scope: the committed store, the id generator and the
password hasher, plus helpers that put committed rows in place. ``Request``
plays one request scope: its own unit of work over the world's store, the
identity and session cookie of whoever sends it, and the use cases built on
them.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal  # demo: catalog
from uuid import UUID

from app.application.commands.change_password import ChangePassword
from app.application.commands.create_admin import CreateAdmin
from app.application.commands.create_product import CreateProduct  # demo: catalog
from app.application.commands.deactivate_user import DeactivateUser
from app.application.commands.delete_product import DeleteProduct  # demo: catalog
from app.application.commands.fulfil_order import FulfilOrder  # demo: orders
from app.application.commands.log_in import LogIn
from app.application.commands.log_out import LogOut
from app.application.commands.place_order import PlaceOrder  # demo: orders
from app.application.commands.reconcile_payments import (  # demo: orders
    PaymentReconciliationConfig,
    ReconcilePayments,
)
from app.application.commands.sign_up import SignUp
from app.application.commands.update_product import UpdateProduct  # demo: catalog
from app.application.commands.upload_product_image import (  # demo: catalog
    UploadProductImage,
)
from app.application.common.product_images import (  # demo: catalog
    ProductImageLimits,
)
from app.application.queries.get_current_user import GetCurrentUser
from app.application.queries.get_product import GetProduct  # demo: catalog
from app.application.queries.get_product_image import (  # demo: catalog
    GetProductImage,
)
from app.application.queries.list_products import ListProducts  # demo: catalog
from app.application.queries.list_users import ListUsers
from app.application.services.current_user import CurrentUser
from app.application.services.idempotency import (  # demo: orders
    Idempotency,
    IdempotencyConfig,
)
from app.domain.entities.product import Product  # demo: catalog
from app.domain.entities.user import User
from app.domain.value_objects.email import Email
from app.domain.value_objects.ids import (
    ProductId,  # demo: catalog
    UserId,
)
from app.domain.value_objects.product_fields import (  # demo: catalog
    Category,
    Description,
    Price,
    ProductName,
)
from app.domain.value_objects.user_role import UserRole
from app.infrastructure.adapters.in_process_log_in_rate_limiter import (
    InProcessLogInRateLimiter,
)
from app.infrastructure.log_in_limits import LogInLimitsConfig
from app.infrastructure.pipelines.steps import (  # demo: orders
    load_order_step,
    mark_order_fulfilled_step,
)
from tests.support.doubles import (  # demo: catalog
    in_memory_product_image_storage,
)
from tests.support.doubles.in_memory_idempotency_store import (  # demo: orders
    InMemoryIdempotencyStore,
)
from tests.support.doubles.in_memory_payment_gateway import (  # demo: orders
    InMemoryPaymentGateway,
)
from tests.unit.fakes import (
    FakeIdentityProvider,
    FakePasswordHasher,
    InMemoryAccessRevoker,
    InMemoryEventOutbox,
    InMemorySessionIssuer,
    InMemoryStore,
    InMemoryTransaction,
    InMemoryUserDataMapper,
    InMemoryUserReader,
    SequentialIdGenerator,
    fake_hash,
    new_session_token,
)
from tests.unit.order_fakes import InMemoryOrderDataMapper  # demo: orders
from tests.unit.product_fakes import (  # demo: catalog
    InMemoryProductDataMapper,
    InMemoryProductImageReader,
    InMemoryProductReader,
)

PASSWORD = "correct horse"


class World:
    def __init__(self) -> None:
        self.store = InMemoryStore()
        self.ids = SequentialIdGenerator()
        self.hasher = FakePasswordHasher()
        # Log-in limits (app scope): the real in-process adapter.
        self.log_in_limiter = InProcessLogInRateLimiter(LogInLimitsConfig())
        # region demo: catalog
        # The file storage (app scope, like the disk): what images were saved.
        self.images = in_memory_product_image_storage.InMemoryProductImageStorage()
        self.image_limits = ProductImageLimits()
        # endregion
        # region demo: orders
        # The payment provider (app scope): answers scripted by each test.
        self.payments = InMemoryPaymentGateway()
        # Idempotency-Keys (app scope, like their table).
        self.idempotency_keys = InMemoryIdempotencyStore()
        # endregion

    def add_user(
        self,
        email: str,
        password: str = PASSWORD,
        *,
        role: UserRole = UserRole.USER,
        is_active: bool = True,
    ) -> User:
        user = User(
            id=UserId(self.ids.new_id()),
            email=Email(email),
            password_hash=fake_hash(password),
            role=role,
            is_active=is_active,
        )
        self.store.users[user.id] = replace(user)
        return user

    def add_admin(self, email: str = "admin@example.com") -> User:
        return self.add_user(email, role=UserRole.ADMIN)

    def add_session(self, user: User) -> str:
        token = new_session_token()
        self.store.sessions[token] = user.id
        return token

    def stored_user(self, user_id: UUID) -> User:
        """The committed state of a user."""
        return self.store.users[user_id]

    # region demo: catalog
    def add_product(
        self,
        name: str,
        *,
        category: str = "books",
        price: str = "10.00",
        description: str = "",
    ) -> Product:
        product = Product(
            id=ProductId(self.ids.new_id()),
            name=ProductName(name),
            category=Category(category),
            price=Price(Decimal(price)),
            description=Description(description),
        )
        self.store.products[product.id] = replace(product)
        return product

    def stored_product(self, product_id: UUID) -> Product:
        """The committed state of a product."""
        return self.store.products[product_id]

    # endregion
    def request(
        self, user: User | None = None, *, session: str | None = None
    ) -> Request:
        return Request(self, None if user is None else user.id, session)


class Request:
    def __init__(
        self, world: World, user_id: UserId | None, session: str | None
    ) -> None:
        store = world.store
        self.world = world
        self.transaction = InMemoryTransaction(store)
        self.users = InMemoryUserDataMapper(store, self.transaction)
        self.user_reader = InMemoryUserReader(store)
        self.identity = FakeIdentityProvider(user_id)
        self.session_issuer = InMemorySessionIssuer(self.transaction)
        self.access_revoker = InMemoryAccessRevoker(self.transaction, session)
        self.outbox = InMemoryEventOutbox(self.transaction)
        self.current_user = CurrentUser(self.identity, self.user_reader)
        # region demo: catalog
        self.products = InMemoryProductDataMapper(store, self.transaction)
        self.product_reader = InMemoryProductReader(store)
        self.image_reader = InMemoryProductImageReader(store)
        # endregion
        # region demo: orders
        self.orders = InMemoryOrderDataMapper(store, self.transaction)
        # endregion

    def sign_up(self) -> SignUp:
        return SignUp(
            self.users,
            self.transaction,
            self.world.hasher,
            self.world.ids,
            self.outbox,
        )

    def log_in(self) -> LogIn:
        return LogIn(
            self.users,
            self.world.hasher,
            self.session_issuer,
            self.transaction,
            self.world.log_in_limiter,
        )

    def log_out(self) -> LogOut:
        return LogOut(self.current_user, self.access_revoker, self.transaction)

    def change_password(self) -> ChangePassword:
        return ChangePassword(
            self.current_user,
            self.users,
            self.world.hasher,
            self.access_revoker,
            self.session_issuer,
            self.transaction,
        )

    def deactivate_user(self) -> DeactivateUser:
        return DeactivateUser(
            self.current_user, self.users, self.access_revoker, self.transaction
        )

    def create_admin(self) -> CreateAdmin:
        return CreateAdmin(
            self.users, self.transaction, self.world.hasher, self.world.ids
        )

    def list_users(self) -> ListUsers:
        return ListUsers(self.current_user, self.user_reader)

    def get_current_user(self) -> GetCurrentUser:
        return GetCurrentUser(self.current_user)

    # region demo: orders
    def place_order(self) -> PlaceOrder:
        return PlaceOrder(
            self.current_user,
            Idempotency(self.world.idempotency_keys, IdempotencyConfig()),
            self.orders,
            self.products,
            self.world.payments,
            self.outbox,
            self.transaction,
            self.world.ids,
        )

    def reconcile_payments(self, *, after_seconds: float = 0.0) -> ReconcilePayments:
        return ReconcilePayments(
            self.orders,
            self.world.payments,
            self.outbox,
            self.transaction,
            Idempotency(self.world.idempotency_keys, IdempotencyConfig()),
            PaymentReconciliationConfig(after_seconds=after_seconds),
        )

    def fulfil_order(self) -> FulfilOrder:
        return FulfilOrder(
            load_order_step.LoadOrderStep(self.orders),
            mark_order_fulfilled_step.MarkOrderFulfilledStep(self.orders),
            self.transaction,
        )

    # endregion
    # region demo: catalog
    def create_product(self) -> CreateProduct:
        return CreateProduct(
            self.current_user, self.products, self.transaction, self.world.ids
        )

    def update_product(self) -> UpdateProduct:
        return UpdateProduct(self.current_user, self.products, self.transaction)

    def delete_product(self) -> DeleteProduct:
        return DeleteProduct(
            self.current_user, self.products, self.transaction, self.world.images
        )

    def upload_product_image(self) -> UploadProductImage:
        return UploadProductImage(
            self.current_user,
            self.products,
            self.world.images,
            self.transaction,
            self.world.image_limits,
        )

    def get_product_image(self) -> GetProductImage:
        return GetProductImage(
            self.image_reader, self.product_reader, self.world.images
        )

    def get_product(self) -> GetProduct:
        return GetProduct(self.product_reader)

    def list_products(self) -> ListProducts:
        return ListProducts(self.product_reader)

    # endregion
