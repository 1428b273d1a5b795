"""An AsyncSession that makes its ORM Session when first used."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

# What AsyncSession.__init__ sets on the instance; reading any of them makes
# the session. Every method and proxied attribute goes through one of them.
_MADE_BY_INIT = frozenset({"sync_session", "_proxied", "_async_bind", "_async_binds"})


class LazyAsyncSession(AsyncSession):
    """The request's session, shared by the identity provider and the data
    mappers, is made for every request, but some never use it: a page
    answered from a cache sends no statement. Making the ORM Session behind
    an AsyncSession was about 3.7 us of such a request's container work (its
    identity map, transaction state and the weak references back to this
    proxy); this defers it to the first statement, commit or attribute read,
    and an unused session costs a few attribute stores.

    The arguments are AsyncSession's (async_sessionmaker passes them); they
    reach AsyncSession.__init__ unchanged, only later."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # AsyncSession.__init__ is deferred to _make: see __getattr__.
        self.__dict__["_lazy_arguments"] = (args, kwargs)

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes the instance and its class lack: before
        # _make, those AsyncSession.__init__ would have set.
        if name in _MADE_BY_INIT and "_lazy_arguments" in self.__dict__:
            self._make()
            return getattr(self, name)
        raise AttributeError(name)

    def _make(self) -> None:
        args, kwargs = self.__dict__.pop("_lazy_arguments")
        super().__init__(*args, **kwargs)

    @property
    def is_made(self) -> bool:
        """Whether anything has used the session yet."""
        return "_lazy_arguments" not in self.__dict__

    def in_transaction(self) -> bool:
        # A session nothing used has begun nothing (and is not made to say so).
        return self.is_made and super().in_transaction()
