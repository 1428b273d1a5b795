"""A newly chosen password, per NIST SP 800-63B: length, no control
characters, not a common password, and no composition rules."""

import pytest

from app.domain.exceptions import DomainValidationError
from app.domain.value_objects.password import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    SUGGESTED_PASSWORD_LENGTH,
    NewPassword,
    RawPassword,
    common_passwords,
)


@pytest.mark.parametrize(
    "password",
    [
        "password",
        "12345678",
        "PassWord1",  # compared lower-cased
        "iloveyou",
        "qwertyuiop",
    ],
)
def test_a_common_password_is_refused(password: str) -> None:
    with pytest.raises(DomainValidationError) as caught:
        NewPassword(password)
    assert caught.value.field == "password"
    assert "commonly used" in caught.value.message
    assert str(SUGGESTED_PASSWORD_LENGTH) in caught.value.message


@pytest.mark.parametrize(
    "password",
    ["\x00" * 8, "abcdefgh\x00", "tab\x1bescape", "del\x7fetes", "c1\x85newline"],
)
def test_a_password_with_control_characters_is_refused(password: str) -> None:
    with pytest.raises(DomainValidationError) as caught:
        NewPassword(password)
    assert "control characters" in caught.value.message


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",  # no digit, no capital, no symbol
        "abcdefghijkl",  # no composition rule at all
        "tabs\tand\nnewlines",
        "mot de passe très sûr",
        "x" * MAX_PASSWORD_LENGTH,
    ],
)
def test_any_other_password_of_the_allowed_length_is_accepted(password: str) -> None:
    assert NewPassword(password).value == password


@pytest.mark.parametrize("length", [MIN_PASSWORD_LENGTH - 1, MAX_PASSWORD_LENGTH + 1])
def test_the_length_rule_applies_and_suggests_a_longer_one(length: int) -> None:
    with pytest.raises(DomainValidationError) as caught:
        NewPassword("q" * length)
    message = caught.value.message
    assert f"{MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH}" in message
    assert f"{SUGGESTED_PASSWORD_LENGTH} or more" in message


def test_a_password_typed_to_log_in_is_not_held_to_the_new_rules() -> None:
    # Chosen before the list existed: its owner must still be able to log in.
    assert RawPassword("password").value == "password"


def test_the_bundled_list_is_loaded_lower_cased_and_within_the_length_rule() -> None:
    passwords = common_passwords()
    assert len(passwords) > 8000
    assert all(
        MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH
        for password in passwords
    )
    assert all(password == password.lower() for password in passwords)


def test_a_new_password_never_shows_in_its_text_forms() -> None:
    password = NewPassword("hunter2-secret-words")
    assert "hunter2" not in repr(password)
    assert "hunter2" not in f"{[password]}"
