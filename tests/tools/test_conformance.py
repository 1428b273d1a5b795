"""The port/adapter comparison behind `check`, on classes defined here."""

from dataclasses import dataclass
from functools import cached_property
from typing import Protocol, TypeVar

from add_adapter.checks.conformance import adapter_problems

T = TypeVar("T", contravariant=True)


class Animal:
    pass


class Dog(Animal):
    pass


class Shelter(Protocol):
    @property
    def capacity(self) -> int: ...

    async def adopt(self, name: str, *, vaccinated: bool) -> Animal: ...

    @classmethod
    def open(cls, city: str) -> "Shelter": ...


class Store(Protocol[T]):
    def put(self, item: T) -> None: ...


class ExtendedShelter(Shelter, Protocol):
    def close(self) -> None: ...


def test_a_compatible_adapter_has_no_problems() -> None:
    class DogShelter(Shelter):
        @cached_property
        def capacity(self) -> int:
            return 3

        async def adopt(self, name: str, *, vaccinated: bool) -> Dog:
            return Dog()

        @classmethod
        def open(cls, city: str) -> "Shelter":
            return cls()

    assert list(adapter_problems(DogShelter, Shelter)) == []


def test_a_dataclass_field_implements_a_property() -> None:
    @dataclass
    class FieldShelter(Shelter):
        capacity: int

        async def adopt(self, name: str, *, vaccinated: bool) -> Animal:
            return Animal()

        @classmethod
        def open(cls, city: str) -> "Shelter":
            return cls(1)

    assert list(adapter_problems(FieldShelter, Shelter)) == []


def test_generic_port_parameters_are_not_compared() -> None:
    class IntStore(Store[int]):
        def put(self, item: int) -> None:
            pass

    assert list(adapter_problems(IntStore, Store)) == []


def test_members_of_protocol_bases_are_required() -> None:
    class HalfShelter(ExtendedShelter):
        capacity = 1

        async def adopt(self, name: str, *, vaccinated: bool) -> Animal:
            return Animal()

        @classmethod
        def open(cls, city: str) -> "Shelter":
            return cls()

    assert list(adapter_problems(HalfShelter, ExtendedShelter)) == [
        "HalfShelter does not implement ExtendedShelter: "
        "'capacity' is a property in the port but an attribute in the adapter",
        "HalfShelter does not implement ExtendedShelter: method 'close' is missing",
    ]


def test_each_incompatibility_is_named() -> None:
    class BadShelter:
        def capacity(self) -> int:
            return 0

        async def adopt(self, name: str, vaccinated: bool) -> Animal:
            return Animal()

        def open(self, city: str) -> "Shelter":
            raise NotImplementedError

    assert list(adapter_problems(BadShelter, Shelter)) == [
        "BadShelter does not name Shelter among its bases: "
        "add it to the class statement so mypy checks the implementation too",
        "BadShelter does not implement Shelter: "
        "'capacity' is a property in the port but a method in the adapter",
        "BadShelter does not implement Shelter: method 'adopt' takes "
        "(name, *, vaccinated) in the port but (name, vaccinated) in the adapter",
        "BadShelter does not implement Shelter: "
        "'open' is a classmethod in the port but a method in the adapter",
    ]


def test_a_return_type_that_is_not_a_subclass_is_named() -> None:
    class CatShelter(Shelter):
        @property
        def capacity(self) -> int:
            return 1

        async def adopt(self, name: str, *, vaccinated: bool) -> str:  # type: ignore[override]
            return name

        @classmethod
        def open(cls, city: str) -> "Shelter":
            return cls()

    assert list(adapter_problems(CatShelter, Shelter)) == [
        "CatShelter does not implement Shelter: "
        "method 'adopt' returns 'str' in the adapter but 'Animal' in the port"
    ]
