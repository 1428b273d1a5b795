from pydantic import Field

from app.domain.value_objects.email import MAX_EMAIL_LENGTH
from app.domain.value_objects.password import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from app.presentation.http.schemas.common import RequestModel
from app.presentation.http.schemas.text import EmailText, PlainText


class SignUpRequest(RequestModel):
    email: EmailText = Field(min_length=3, max_length=MAX_EMAIL_LENGTH)
    # Also refused by the domain: a commonly used password.
    password: PlainText = Field(
        min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH
    )


class LogInRequest(RequestModel):
    email: EmailText = Field(min_length=3, max_length=MAX_EMAIL_LENGTH)
    password: PlainText = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)


class ChangePasswordRequest(RequestModel):
    current_password: PlainText = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)
    new_password: PlainText = Field(
        min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH
    )
