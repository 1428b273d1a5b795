from typing import Annotated

from dishka.integrations.fastapi import FromDishka
from fastapi import Body, Request, status
from fastapi_error_map import ErrorAwareRouter

from app.application.commands.change_password import (
    ChangePassword,
    ChangePasswordCommand,
)
from app.application.commands.log_in import LogIn, LogInCommand
from app.application.commands.log_out import LogOut
from app.application.commands.sign_up import SignUp, SignUpCommand
from app.presentation.http.errors.rules import (
    AUTHENTICATED,
    CONFLICT,
    PASSWORD_HASHING,
    STORAGE,
    TOO_MANY_ATTEMPTS,
    error_map,
)
from app.presentation.http.route import Route
from app.presentation.http.schemas.auth import (
    ChangePasswordRequest,
    LogInRequest,
    SignUpRequest,
)
from app.presentation.http.schemas.common import CreatedResponse

router = ErrorAwareRouter(prefix="/api/v1/auth", tags=["auth"], route_class=Route)


@router.post(
    "/sign-up",
    status_code=status.HTTP_201_CREATED,
    error_map=error_map(CONFLICT, PASSWORD_HASHING, STORAGE),
)
async def sign_up(
    body: Annotated[SignUpRequest, Body()], sign_up: FromDishka[SignUp]
) -> CreatedResponse:
    user_id = await sign_up.execute(SignUpCommand(body.email, body.password))
    return CreatedResponse(id=str(user_id))


@router.post(
    "/log-in",
    status_code=status.HTTP_204_NO_CONTENT,
    error_map=error_map(AUTHENTICATED, TOO_MANY_ATTEMPTS, PASSWORD_HASHING, STORAGE),
)
async def log_in(
    body: Annotated[LogInRequest, Body()], request: Request, log_in: FromDishka[LogIn]
) -> None:
    """Sets the HttpOnly session cookie. Attempts are limited per account and
    per client address (429 with Retry-After)."""
    # Behind a proxy, uvicorn takes it from X-Forwarded-For when the proxy
    # is in FORWARDED_ALLOW_IPS (README, Security).
    client_address = request.client.host if request.client else None
    await log_in.execute(LogInCommand(body.email, body.password, client_address))


@router.post(
    "/log-out",
    status_code=status.HTTP_204_NO_CONTENT,
    error_map=error_map(AUTHENTICATED, STORAGE),
)
async def log_out(log_out: FromDishka[LogOut]) -> None:
    """Ends the session and clears the cookie."""
    await log_out.execute()


@router.put(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    error_map=error_map(AUTHENTICATED, PASSWORD_HASHING, STORAGE),
)
async def change_password(
    body: Annotated[ChangePasswordRequest, Body()],
    change_password: FromDishka[ChangePassword],
) -> None:
    """Ends every other session of the user; this one gets a fresh cookie."""
    await change_password.execute(
        ChangePasswordCommand(body.current_password, body.new_password)
    )
