"""Domain errors: a broken business rule, a missing entity, a conflict.

Each class has a stable ``code`` (clients may switch on it) and a default
message, so raising sites only add detail when they have some.
"""

from typing import ClassVar


class DomainError(Exception):
    code: ClassVar[str] = "domain_error"
    default_message: ClassVar[str] = "The request breaks a business rule."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self)


class DomainValidationError(DomainError):
    """A value does not satisfy a domain rule; ``field`` names which value."""

    code = "validation_error"
    default_message = "A value is not valid."

    def __init__(self, field: str, message: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class EntityNotFoundError(DomainError):
    code = "not_found"
    default_message = "The requested resource does not exist."


class ConflictError(DomainError):
    code = "conflict"
    default_message = "The request conflicts with the current state."


class ValueTakenError(ConflictError):
    """A value that must be unique, alone or together with others, is
    another's already; ``fields`` names them."""

    code = "value_taken"
    default_message = "A value that must be unique is taken."

    def __init__(self, fields: tuple[str, ...] = ()) -> None:
        verb = "is" if len(fields) == 1 else "are"
        named = f"The {' and '.join(fields)} given {verb} taken." if fields else None
        super().__init__(named)
        self.fields = fields


class UserNotFoundError(EntityNotFoundError):
    code = "user_not_found"
    default_message = "No user has this id."


class EmailAlreadyRegisteredError(ConflictError):
    code = "email_already_registered"
    default_message = "A user with this email already exists."


class SelfDeactivationError(ConflictError):
    code = "cannot_deactivate_self"
    default_message = "An admin cannot deactivate their own account."


class ContentTooLargeError(DomainError):
    """Content (an upload) is larger than a rule allows."""

    code = "content_too_large"
    default_message = "The content is too large."


class UnsupportedContentTypeError(DomainError):
    """Content is of a type a rule does not accept, or is not of the type it
    claims to be."""

    code = "unsupported_content_type"
    default_message = "The content's type is not supported."


# region demo: catalog
class ProductNotFoundError(EntityNotFoundError):
    code = "product_not_found"
    default_message = "No product has this id."


class ProductNameTakenError(ConflictError):
    code = "product_name_taken"
    default_message = "A product with this name already exists."


class ProductImageNotFoundError(EntityNotFoundError):
    code = "product_image_not_found"
    default_message = "This product has no image."


class ProductImageTooLargeError(ContentTooLargeError):
    code = "product_image_too_large"
    default_message = "The image is too large."

    def __init__(self, max_bytes: int) -> None:
        super().__init__(f"A product image has at most {max_bytes} bytes.")
        self.max_bytes = max_bytes


class UnsupportedProductImageTypeError(UnsupportedContentTypeError):
    code = "unsupported_product_image_type"
    default_message = "A product image is a PNG, JPEG or WebP image."


class ProductImageContentMismatchError(UnsupportedContentTypeError):
    """The bytes do not start with the signature of the declared type."""

    code = "product_image_content_mismatch"
    default_message = "The image's content is not of its declared type."


# endregion
# region demo: orders
class OrderNotFoundError(EntityNotFoundError):
    code = "order_not_found"
    default_message = "No order of yours has this id."


class UnknownProductError(DomainValidationError):
    """An order line names a product the catalog does not have."""

    code = "unknown_product"
    default_message = "The order names a product that does not exist."

    def __init__(self, line: int) -> None:
        super().__init__(
            f"lines[{line}].product_id", f"lines[{line}]: no product has this id."
        )
        self.line = line


class OrderRequestKeyTakenError(ConflictError):
    """Another order of the user has this request key: two placements with
    one key reached the store together. The one refused finds the order
    when it is sent again."""

    code = "order_request_key_taken"
    default_message = (
        "Another request with this Idempotency-Key is placing this order; "
        "send it again shortly with the same key."
    )


class OrderStateError(ConflictError):
    """A status change the order's current status does not allow."""

    code = "order_state_conflict"
    default_message = "The order's status does not allow this."


# endregion
