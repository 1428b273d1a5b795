"""What the hot routes ask of the database, counted exactly: SQL
statements, transactions and connection checkouts (SQLAlchemy events, no
clocks; the ``round_trips`` fixture). A change that adds a round trip to one
of these routes fails here; benchmarks/bench_http.py measures what round
trips cost. Other routes have theirs beside their other tests
(test_*_round_trips.py). On both database engines."""

from httpx import AsyncClient

from tests.support.round_trips import RoundTripLog


async def test_a_signed_in_read_is_one_connection_and_one_transaction(
    user: AsyncClient, round_trips: RoundTripLog
) -> None:
    response = await user.get("/api/v1/users/me")

    assert response.status_code == 200, response.text
    counted = round_trips.of(response)
    # The session, then the user, on the connection the session check took.
    assert len(counted.statements) == 2, counted.statements
    assert counted.transactions == 1
    assert counted.checkouts == 1
