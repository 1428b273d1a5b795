"""`remove` of the orders' adapters the base ships, on a copy of the base:
the HTTP payment gateway goes and the local one is bound always; the order
data mapper, which the use cases and pipeline steps need, is refused."""

from pathlib import Path

import pytest

from .project_copy import RepositoryCopies, add_adapter, bound_to, tree_digest

pytestmark = pytest.mark.expensive

PORT = "app.application.ports.payment_gateway.PaymentGateway"


@pytest.fixture
def base(repository_copies: RepositoryCopies) -> Path:
    return repository_copies.fresh_base("orders")


def test_the_http_gateway_goes_and_the_local_one_is_bound_always(base: Path) -> None:
    run = add_adapter(base, "remove", "HttpPaymentGateway")

    assert run.exit_code == 0, run.output
    gateway = bound_to(base, PORT)
    assert gateway["class_name"] == "LocalPaymentGateway"
    assert "when" not in gateway
    assert f"note: LocalPaymentGateway binds {PORT} always now" in run.stdout
    assert not (base / "src/app/infrastructure/http/http_payment_gateway.py").exists()
    # The unit tests' scripted gateway stays: they use it.
    twin = "tests/support/doubles/in_memory_payment_gateway.py"
    assert (base / twin).exists()
    settings = (base / "setup/adapter_settings.py").read_text(encoding="utf-8")
    assert "payment_gateway_base_url" not in settings
    checked = add_adapter(base, "check")
    assert checked.exit_code == 0, checked.output


def test_the_order_data_mapper_the_use_cases_need_is_refused(base: Path) -> None:
    before = tree_digest(base)

    run = add_adapter(base, "remove", "SqlaOrderDataMapper")

    assert run.exit_code == 2
    assert (
        "SqlaOrderDataMapper is the only adapter of app.application.ports."
        "order_data_mapper.OrderDataMapper, needed by PlaceOrder, "
        "ReconcilePayments, src/app/application/common/order_placements.py, "
        "LoadOrderStep and MarkOrderFulfilledStep: add another adapter of it "
        "first, or remove what needs it"
    ) in run.stderr
    assert tree_digest(base) == before
