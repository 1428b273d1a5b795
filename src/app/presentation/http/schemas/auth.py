from pydantic import Field

from app.domain.value_objects.email import MAX_EMAIL_LENGTH
from app.domain.value_objects.password import MAX_PASSWORD_LENGTH
from app.presentation.http.schemas.common import RequestModel


class CredentialsRequest(RequestModel):
    email: str = Field(min_length=3, max_length=MAX_EMAIL_LENGTH)
    password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)


class ChangePasswordRequest(RequestModel):
    current_password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)
    new_password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)
