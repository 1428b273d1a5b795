from uuid import UUID

import pytest

from app.application.common.pagination import MAX_PAGE_SIZE, Pagination
from app.domain.entities.user import User
from app.domain.exceptions import DomainValidationError
from app.domain.value_objects.email import MAX_EMAIL_LENGTH, Email
from app.domain.value_objects.ids import UserId
from app.domain.value_objects.password import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PasswordHash,
    RawPassword,
)
from app.domain.value_objects.user_role import UserRole

# Email


def test_email_is_trimmed_and_lower_cased() -> None:
    assert Email("  John.Doe@Example.COM \n").value == "john.doe@example.com"


def test_emails_differing_in_case_are_equal() -> None:
    assert Email("A@B.io") == Email("a@b.io")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "plainaddress",
        "no-domain@",
        "@no-local.org",
        "no-dot@example",
        "two@@example.com",
        "a@b@example.com",
        "in side@example.com",
        "tab@exa\tmple.com",
    ],
)
def test_malformed_email_is_rejected_naming_the_email_field(raw: str) -> None:
    with pytest.raises(DomainValidationError) as caught:
        Email(raw)
    assert caught.value.field == "email"


def test_email_length_limit_applies_after_trimming() -> None:
    domain = "@example.com"
    longest = "a" * (MAX_EMAIL_LENGTH - len(domain)) + domain
    assert Email(f"  {longest}  ").value == longest
    with pytest.raises(DomainValidationError) as caught:
        Email("a" + longest)
    assert caught.value.field == "email"


# Passwords


@pytest.mark.parametrize("length", [MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH])
def test_password_at_the_length_bounds_is_accepted(length: int) -> None:
    assert RawPassword("x" * length).value == "x" * length


@pytest.mark.parametrize(
    "length", [0, MIN_PASSWORD_LENGTH - 1, MAX_PASSWORD_LENGTH + 1]
)
def test_password_outside_the_length_bounds_is_rejected(length: int) -> None:
    with pytest.raises(DomainValidationError) as caught:
        RawPassword("x" * length)
    assert caught.value.field == "password"


def test_raw_password_never_shows_in_its_text_forms() -> None:
    secret = "hunter2-secret"
    password = RawPassword(secret)
    texts = [repr(password), str(password), f"{password}", f"{[password]}"]
    assert all(secret not in text for text in texts)
    assert "********" in repr(password)


def test_password_hash_never_shows_in_its_text_forms() -> None:
    password_hash = PasswordHash("argon2-digest")
    assert "argon2-digest" not in repr(password_hash)
    assert "argon2-digest" not in str(password_hash)


def test_rejected_password_is_not_echoed_in_the_error() -> None:
    with pytest.raises(DomainValidationError) as caught:
        RawPassword("short!")
    assert "short!" not in str(caught.value)


# Pagination


def test_pagination_defaults() -> None:
    assert Pagination() == Pagination(limit=20, offset=0)


@pytest.mark.parametrize("limit", [1, MAX_PAGE_SIZE])
def test_pagination_accepts_limits_at_the_bounds(limit: int) -> None:
    assert Pagination(limit=limit).limit == limit


@pytest.mark.parametrize("limit", [0, -1, MAX_PAGE_SIZE + 1])
def test_pagination_rejects_limits_out_of_bounds(limit: int) -> None:
    with pytest.raises(DomainValidationError) as caught:
        Pagination(limit=limit)
    assert caught.value.field == "limit"


def test_pagination_rejects_a_negative_offset() -> None:
    assert Pagination(offset=0).offset == 0
    with pytest.raises(DomainValidationError) as caught:
        Pagination(offset=-1)
    assert caught.value.field == "offset"


# User entity


def _user(role: UserRole = UserRole.USER, *, is_active: bool = True) -> User:
    return User(
        id=UserId(UUID(int=1)),
        email=Email("u@example.com"),
        password_hash=PasswordHash("h"),
        role=role,
        is_active=is_active,
    )


def test_promoting_a_deactivated_user_makes_an_active_admin() -> None:
    user = _user(is_active=False)
    user.promote_to_admin()
    assert user.is_admin
    assert user.is_active


def test_deactivating_keeps_the_role() -> None:
    admin = _user(UserRole.ADMIN)
    admin.deactivate()
    assert not admin.is_active
    assert admin.is_admin


def test_users_are_equal_by_id_alone() -> None:
    other_state = _user(UserRole.ADMIN, is_active=False)
    assert _user() == other_state
    assert len({_user(), other_state}) == 1
