"""Response bodies rendered once per answer object."""

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class RenderedBodies(Generic[T]):
    """JSON bodies by the object they were rendered from, for as long as it lives.

    A use case that answers with the same object again (a page read from a
    cache that keeps what it decoded) is answered with the bytes rendered the
    first time: no response model is built, validated or
    serialised again. Objects are told apart by identity (a page holds a
    list, so it has no hash), and an entry goes when its object does (a weak
    reference), so nothing outlives what the use cases hand out. Answers are
    never changed once made (frozen query models), so the bytes stay right.
    """

    def __init__(self, render: Callable[[T], bytes]) -> None:
        self._render = render
        self._bodies: dict[int, tuple[weakref.ref[T], bytes]] = {}

    def body(self, answer: T) -> bytes:
        key = id(answer)
        entry = self._bodies.get(key)
        if entry is not None and entry[0]() is answer:
            return entry[1]
        body = self._render(answer)
        self._bodies[key] = (weakref.ref(answer, self._forgetter(key)), body)
        return body

    def _forgetter(self, key: int) -> Callable[["weakref.ref[T]"], None]:
        def forget(reference: "weakref.ref[T]") -> None:
            # Only this object's entry: its id may have been given to a new
            # object whose entry replaced it.
            entry = self._bodies.get(key)
            if entry is not None and entry[0] is reference:
                del self._bodies[key]

        return forget
