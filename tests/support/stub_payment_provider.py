"""A payment provider on loopback, for HttpPaymentGateway's tests.

It speaks the provider's API the adapter is written against: ``POST
/charges`` with a JSON body ``{amount_cents, currency, reference}``, a
bearer key and an ``Idempotency-Key`` header, answered 201 with ``{id,
status, amount_cents, currency}``; ``GET /charges?idempotency_key=...``,
answered 200 with the charges taken with that key (none or one). Like a
real provider it keeps charges by key: the same key again answers 200 with
the same charge and takes nothing new; the same key with another body is a
409. A test tells it to fail (an answer of its choice, nothing charged) or
to stall (the charge is taken, the answer comes late), a number of requests
in a row.

A StubHttpServer whose thread answers through ``_answer``: everything the
two threads share is behind one lock.
"""

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.support.stub_http_server import RecordedRequest, StubAnswer, StubHttpServer

API_KEY = "sk_test_stub"


@dataclass(frozen=True)
class Charge:
    """A charge the provider took, and the request that took it."""

    id: str
    idempotency_key: str
    amount_cents: int
    currency: str
    reference: str

    def answer(self, status: int) -> StubAnswer:
        return StubAnswer(status, json.dumps(self.body()).encode())

    def body(self) -> dict[str, object]:
        return {
            "id": self.id,
            "status": "succeeded",
            "amount_cents": self.amount_cents,
            "currency": self.currency,
        }


@dataclass(frozen=True)
class _Trouble:
    """What the provider does to one request instead of answering at once."""

    status: int | None = None
    """Answer this instead, charging nothing (a failure)."""
    delay: float = 0.0
    """Take the charge, then answer this many seconds late (a stall)."""


class StubPaymentProvider(StubHttpServer):
    """Takes charges over HTTP on loopback; ``charges`` are those taken, and
    ``requests`` every request received, answered or not."""

    def __init__(self, api_key: str = API_KEY) -> None:
        super().__init__(self._answer)
        self._api_key = api_key
        self._provider_lock = threading.Lock()
        self._charges: dict[str, Charge] = {}
        self._troubles: deque[_Trouble] = deque()
        self._on_charge: Callable[[Charge], None] | None = None

    @property
    def api_key(self) -> str:
        return self._api_key

    def settings(self) -> dict[str, Any]:
        """The app's settings that send its charges here."""
        return {
            "payment_gateway_base_url": self.url,
            "payment_gateway_api_key": self._api_key,
        }

    @property
    def charges(self) -> list[Charge]:
        """Every charge taken, oldest first (one per idempotency key)."""
        with self._provider_lock:
            return list(self._charges.values())

    def fail(self, times: int = 1, status: int = 503) -> None:
        """The next ``times`` requests are answered ``status`` and charge
        nothing."""
        with self._provider_lock:
            self._troubles.extend([_Trouble(status=status)] * times)

    def stall(self, seconds: float, times: int = 1) -> None:
        """The next ``times`` requests are carried out but answered only after
        ``seconds``: a client that stops waiting before does not learn that it
        was charged."""
        with self._provider_lock:
            self._troubles.extend([_Trouble(delay=seconds)] * times)

    def when_charged(self, callback: Callable[[Charge], None] | None) -> None:
        """Calls ``callback`` on the server's thread each time a charge is
        taken, before the answer leaves: a test takes the caller's database
        away there, between the charge and its commit."""
        with self._provider_lock:
            self._on_charge = callback

    def recover(self) -> None:
        """Forget every failure and stall still to come."""
        with self._provider_lock:
            self._troubles.clear()

    def _answer(self, request: RecordedRequest) -> StubAnswer:
        with self._provider_lock:
            trouble = self._troubles.popleft() if self._troubles else _Trouble()
            if trouble.status is not None:
                return _error(trouble.status, "unavailable")
            answer = self._charge(request)
        return StubAnswer(answer.status, answer.body, answer.headers, trouble.delay)

    def _charge(self, request: RecordedRequest) -> StubAnswer:
        if request.headers.get("authorization") != f"Bearer {self._api_key}":
            return _error(401, "unauthorized")
        if (request.method, request.path) == ("GET", "/charges"):
            return self._find(request)
        if (request.method, request.path) != ("POST", "/charges"):
            return _error(404, "not_found")
        key = request.headers.get("idempotency-key")
        if not key:
            return _error(400, "idempotency_key_missing")
        body = request.json
        if not isinstance(body, dict) or not _valid_charge(body):
            return _error(422, "invalid_charge")
        taken = self._charges.get(key)
        if taken is not None:
            asked = (body["amount_cents"], body["currency"], body["reference"])
            if (taken.amount_cents, taken.currency, taken.reference) != asked:
                return _error(409, "idempotency_key_reused")
            return taken.answer(200)
        charge = Charge(
            id=f"ch_{len(self._charges) + 1}",
            idempotency_key=key,
            amount_cents=body["amount_cents"],
            currency=body["currency"],
            reference=body["reference"],
        )
        self._charges[key] = charge
        if self._on_charge is not None:
            self._on_charge(charge)
        return charge.answer(201)

    def _find(self, request: RecordedRequest) -> StubAnswer:
        charge = self._charges.get(request.query.get("idempotency_key", ""))
        found = [] if charge is None else [charge.body()]
        return StubAnswer(200, json.dumps(found).encode())


def _valid_charge(body: dict[str, object]) -> bool:
    amount = body.get("amount_cents")
    return (
        isinstance(amount, int)
        and not isinstance(amount, bool)
        and amount >= 1
        and isinstance(body.get("currency"), str)
        and isinstance(body.get("reference"), str)
    )


def _error(status: int, code: str) -> StubAnswer:
    return StubAnswer(status, json.dumps({"error": code}).encode())
