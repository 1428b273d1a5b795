"""A tiny project in the shape `scripts/add-adapter` manages: one domain port,
three application ports, their in-memory adapters, two use cases, a spec,
settings and a container registry (with the repository's own activation of
conditional bindings). Kept as text (not as files under tests/) so mypy and
pytest never mistake its `app` package for the real one."""

import json
import shutil
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]

SOURCES: dict[str, str] = {
    "src/app/__init__.py": "",
    "src/app/domain/__init__.py": "",
    "src/app/domain/proposal.py": """\
from dataclasses import dataclass
from typing import NewType

ProposalId = NewType("ProposalId", int)


@dataclass(frozen=True)
class Proposal:
    id: ProposalId
    name: str
""",
    "src/app/domain/ports/__init__.py": "",
    "src/app/domain/ports/proposal_id_generator.py": """\
from typing import Protocol

from app.domain.proposal import ProposalId


class ProposalIdGenerator(Protocol):
    def next_id(self) -> ProposalId: ...
""",
    "src/app/application/__init__.py": "",
    "src/app/application/ports/__init__.py": "",
    "src/app/application/ports/proposal_data_mapper.py": """\
from typing import Protocol

from app.domain.proposal import Proposal, ProposalId


class ProposalDataMapper(Protocol):
    async def add(self, proposal: Proposal) -> None: ...

    async def get_by_id(self, proposal_id: ProposalId) -> Proposal | None: ...
""",
    "src/app/application/ports/flusher.py": """\
from typing import Protocol


class Flusher(Protocol):
    async def flush(self) -> None: ...
""",
    "src/app/application/ports/transaction_manager.py": """\
from typing import Protocol


class TransactionManager(Protocol):
    async def commit(self) -> None: ...
""",
    "src/app/application/commands/__init__.py": "",
    "src/app/application/commands/create_proposal.py": """\
from app.application.ports.flusher import Flusher
from app.application.ports.proposal_data_mapper import ProposalDataMapper
from app.application.ports.transaction_manager import TransactionManager
from app.domain.ports.proposal_id_generator import ProposalIdGenerator
from app.domain.proposal import Proposal, ProposalId


class CreateProposal:
    def __init__(
        self,
        id_generator: ProposalIdGenerator,
        data_mapper: ProposalDataMapper,
        flusher: Flusher,
        transaction_manager: TransactionManager,
    ) -> None:
        self._id_generator = id_generator
        self._data_mapper = data_mapper
        self._flusher = flusher
        self._transaction_manager = transaction_manager

    async def __call__(self, name: str) -> ProposalId:
        proposal = Proposal(self._id_generator.next_id(), name)
        await self._data_mapper.add(proposal)
        await self._flusher.flush()
        await self._transaction_manager.commit()
        return proposal.id
""",
    "src/app/application/queries/__init__.py": "",
    "src/app/application/queries/get_proposal.py": """\
from app.application.ports.proposal_data_mapper import ProposalDataMapper
from app.domain.proposal import Proposal, ProposalId


class GetProposal:
    def __init__(self, data_mapper: ProposalDataMapper) -> None:
        self._data_mapper = data_mapper

    async def __call__(self, proposal_id: ProposalId) -> Proposal | None:
        return await self._data_mapper.get_by_id(proposal_id)
""",
    "src/app/infrastructure/__init__.py": "",
    "src/app/infrastructure/adapters/__init__.py": "",
    "src/app/infrastructure/adapters/in_memory_proposal_data_mapper.py": """\
from app.application.ports.proposal_data_mapper import ProposalDataMapper
from app.domain.proposal import Proposal, ProposalId


class InMemoryProposalDataMapper(ProposalDataMapper):
    def __init__(self) -> None:
        self._proposals: dict[ProposalId, Proposal] = {}

    async def add(self, proposal: Proposal) -> None:
        self._proposals[proposal.id] = proposal

    async def get_by_id(self, proposal_id: ProposalId) -> Proposal | None:
        return self._proposals.get(proposal_id)
""",
    "src/app/infrastructure/adapters/in_memory_transaction.py": """\
from app.application.ports.flusher import Flusher
from app.application.ports.transaction_manager import TransactionManager


class InMemoryTransaction(Flusher, TransactionManager):
    async def flush(self) -> None:
        pass

    async def commit(self) -> None:
        pass
""",
    "src/app/infrastructure/adapters/sequential_proposal_id_generator.py": """\
from app.domain.ports.proposal_id_generator import ProposalIdGenerator
from app.domain.proposal import ProposalId


class SequentialProposalIdGenerator(ProposalIdGenerator):
    def __init__(self) -> None:
        self._last = 0

    def next_id(self) -> ProposalId:
        self._last += 1
        return ProposalId(self._last)
""",
    "setup/__init__.py": "",
    "setup/config.py": """\
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    cache_url: str | None = None
    cache_ttl_seconds: int = 60
""",
    "setup/ioc/__init__.py": "",
    "setup/ioc/activation.py": (REPO_ROOT / "setup/ioc/activation.py").read_text(
        encoding="utf-8"
    ),
    "setup/ioc/registry.py": """\
from collections.abc import Mapping

from dishka import (
    STRICT_VALIDATION,
    AsyncContainer,
    Provider,
    Scope,
    from_context,
    make_async_container,
)

from setup.config import Settings
from setup.ioc.activation import ActivationProvider, settings_for_check
from setup.ioc.application import ApplicationPortsProvider
from setup.ioc.domain import DomainPortsProvider
from setup.ioc.use_cases import UseCasesProvider


class SettingsProvider(Provider):
    settings = from_context(provides=Settings, scope=Scope.APP)


def make_container(settings: Settings) -> AsyncContainer:
    return make_async_container(
        SettingsProvider(),
        ActivationProvider(),
        DomainPortsProvider(),
        ApplicationPortsProvider(),
        UseCasesProvider(),
        context={Settings: settings},
        validation_settings=STRICT_VALIDATION,
    )


async def build_container_for_check(
    settings_set: Mapping[str, bool] | None = None,
) -> AsyncContainer:
    container = make_container(settings_for_check(Settings(), settings_set or {}))
    await container.close()
    return container
""",
}

ADAPTERS = "app.infrastructure.adapters"
APPLICATION_PORTS = "app.application.ports"

COMPONENTS: list[dict[str, Any]] = [
    {
        "class_name": "InMemoryProposalDataMapper",
        "module": f"{ADAPTERS}.in_memory_proposal_data_mapper",
        "layer": "infrastructure/adapter",
        "kind": "data_mapper",
        "implements": f"{APPLICATION_PORTS}.proposal_data_mapper.ProposalDataMapper",
        "scope": "request",
        "description": "Keeps proposals in a dict.",
    },
    {
        "class_name": "InMemoryTransaction",
        "module": f"{ADAPTERS}.in_memory_transaction",
        "layer": "infrastructure/adapter",
        "kind": "transaction_manager",
        "implements": [
            f"{APPLICATION_PORTS}.flusher.Flusher",
            f"{APPLICATION_PORTS}.transaction_manager.TransactionManager",
        ],
        "scope": "request",
        "description": "A transaction with nothing to do.",
    },
    {
        "class_name": "SequentialProposalIdGenerator",
        "module": f"{ADAPTERS}.sequential_proposal_id_generator",
        "layer": "infrastructure/adapter",
        "kind": "id_generator",
        "implements": "app.domain.ports.proposal_id_generator.ProposalIdGenerator",
        "scope": "app",
        "description": "Counts up from 1.",
    },
    {
        "class_name": "CreateProposal",
        "module": "app.application.commands.create_proposal",
        "layer": "application/use_case",
        "kind": "use_case",
        "scope": "request",
        "description": "Adds a proposal.",
    },
    {
        "class_name": "GetProposal",
        "module": "app.application.queries.get_proposal",
        "layer": "application/use_case",
        "kind": "use_case",
        "scope": "request",
        "description": "Finds a proposal by id.",
    },
]


CACHE_PORT = f"{APPLICATION_PORTS}.proposal_cache.ProposalCache"

CACHE_SOURCES: dict[str, str] = {
    "src/app/application/ports/proposal_cache.py": """\
from typing import Protocol


class ProposalCache(Protocol):
    def backend(self) -> str: ...
""",
    "src/app/infrastructure/adapters/remote_proposal_cache.py": """\
from app.application.ports.proposal_cache import ProposalCache


class RemoteProposalCache(ProposalCache):
    def backend(self) -> str:
        return "remote"
""",
    "src/app/infrastructure/adapters/local_proposal_cache.py": """\
from app.application.ports.proposal_cache import ProposalCache


class LocalProposalCache(ProposalCache):
    def backend(self) -> str:
        return "local"
""",
}
"""One more port with two adapters, for bindings chosen by a setting; the
spec entries come from `cache_component`."""


def cache_component(class_name: str, when: object = None) -> dict[str, Any]:
    """The spec entry of RemoteProposalCache or LocalProposalCache, with `when`
    if given."""
    module = (
        f"{ADAPTERS}.{class_name.replace('ProposalCache', '').lower()}_proposal_cache"
    )
    return {
        "class_name": class_name,
        "module": module,
        "layer": "infrastructure/adapter",
        "kind": "cache",
        "implements": CACHE_PORT,
        "scope": "app",
        **({} if when is None else {"when": when}),
        "description": "Caches proposals.",
    }


def write_sources(root: Path, sources: dict[str, str]) -> None:
    for relative_path, text in sources.items():
        path = root / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def spec_document(components: list[dict[str, Any]]) -> str:
    """spec.json text holding `components`."""
    document = {"$schema": "./spec.schema.json", "components": components}
    return json.dumps(document, indent=2) + "\n"


def write_fixture_project(root: Path) -> None:
    """Write the project (without the generated files) under `root`, with the
    real repository's pyproject.toml so ruff formats it the same way."""
    write_sources(root, SOURCES)
    (root / "setup" / "spec.json").write_text(
        spec_document(COMPONENTS), encoding="utf-8"
    )
    shutil.copyfile(REPO_ROOT / "pyproject.toml", root / "pyproject.toml")
