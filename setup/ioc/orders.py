"""Providers of the demo's orders: its settings."""

from dishka import Provider, Scope, provide

from app.application.commands.reconcile_payments import PaymentReconciliationConfig
from setup.config import Settings


class OrdersSettingsProvider(Provider):
    scope = Scope.APP

    @provide
    def payment_reconciliation(self, settings: Settings) -> PaymentReconciliationConfig:
        return settings.payment_reconciliation()
