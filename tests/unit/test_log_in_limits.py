"""LogIn under guessing: limits per account and per address, and the same
hashing work whether or not the email exists (issue 14)."""

import pytest

from app.application.commands.log_in import LogInCommand
from app.application.exceptions import InvalidCredentialsError, TooManyAttemptsError
from app.infrastructure.adapters.in_process_log_in_rate_limiter import (
    InProcessLogInRateLimiter,
)
from app.infrastructure.log_in_limits import LogInLimitsConfig
from tests.unit.world import PASSWORD, World

PER_ACCOUNT = 3
PER_ADDRESS = 5


@pytest.fixture
def world() -> World:
    world = World()
    world.log_in_limiter = InProcessLogInRateLimiter(
        LogInLimitsConfig(
            per_account=f"{PER_ACCOUNT} per 15 minutes",
            per_address=f"{PER_ADDRESS} per 15 minutes",
        )
    )
    world.add_user("user@example.com")
    world.add_user("inactive@example.com", is_active=False)
    return world


async def attempt(world: World, email: str, password: str, address: str) -> None:
    await world.request().log_in().execute(LogInCommand(email, password, address))


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nobody@example.com", PASSWORD),
        ("user@example.com", "wrong password"),
        ("inactive@example.com", PASSWORD),
    ],
)
async def test_every_refusal_costs_one_password_hash(
    world: World, email: str, password: str
) -> None:
    with pytest.raises(InvalidCredentialsError):
        await attempt(world, email, password, "192.0.2.1")

    # The same work as a successful log-in: the time does not tell.
    assert world.hasher.calls == 1


async def test_a_right_log_in_costs_one_password_hash(world: World) -> None:
    await attempt(world, "user@example.com", PASSWORD, "192.0.2.1")

    assert world.hasher.calls == 1


async def test_an_account_is_limited_whatever_the_address(world: World) -> None:
    for number in range(PER_ACCOUNT):
        with pytest.raises(InvalidCredentialsError):
            await attempt(
                world, "user@example.com", "wrong password", f"10.0.0.{number}"
            )
    calls = world.hasher.calls

    with pytest.raises(TooManyAttemptsError) as caught:
        # Even the right password, from a new address, spelled differently.
        await attempt(world, " USER@example.com", PASSWORD, "10.0.1.1")

    assert 0 < caught.value.retry_after_seconds <= 15 * 60
    assert world.hasher.calls == calls  # refused before any hashing


async def test_other_accounts_are_not_held_back_by_one(world: World) -> None:
    for _ in range(PER_ACCOUNT):
        with pytest.raises(InvalidCredentialsError):
            await attempt(world, "nobody@example.com", PASSWORD, "198.51.100.1")

    await attempt(world, "user@example.com", PASSWORD, "198.51.100.2")


async def test_an_address_is_limited_across_accounts(world: World) -> None:
    for number in range(PER_ADDRESS):
        with pytest.raises(InvalidCredentialsError):
            await attempt(world, f"guess{number}@example.com", PASSWORD, "203.0.113.9")

    with pytest.raises(TooManyAttemptsError):
        await attempt(world, "user@example.com", PASSWORD, "203.0.113.9")
    await attempt(world, "user@example.com", PASSWORD, "203.0.113.10")


async def test_an_unknown_address_limits_the_account_only(world: World) -> None:
    for number in range(PER_ADDRESS):
        with pytest.raises(InvalidCredentialsError):
            await (
                world.request()
                .log_in()
                .execute(LogInCommand(f"guess{number}@example.com", PASSWORD))
            )

    await world.request().log_in().execute(LogInCommand("user@example.com", PASSWORD))
