"""`sync`: write the provider modules the spec generates."""

from dataclasses import dataclass
from pathlib import Path

from add_adapter.files import WriteStatus, write_if_changed
from add_adapter.paths import Project
from add_adapter.specification.model import load_spec
from add_adapter.sync.registration import Registrations, register_unlisted_adapters
from add_adapter.sync.render import render_providers


@dataclass(frozen=True)
class SyncedFile:
    """What `sync` did to one generated module."""

    path: Path
    status: WriteStatus


@dataclass(frozen=True)
class SyncResult:
    registrations: Registrations
    files: list[SyncedFile]


def sync(project: Project) -> SyncResult:
    """Register unlisted adapters, then render every provider module and
    write the ones whose content changed. Raises `SpecError` before writing
    anything if the spec is invalid, and `FormatterError` if ruff cannot
    format the output."""
    spec = load_spec(project.spec_path)
    registrations = register_unlisted_adapters(project, spec)
    if registrations.added:
        spec = load_spec(project.spec_path)
    rendered = render_providers(spec, project.root)
    files = [
        SyncedFile(path, write_if_changed(project.absolute(path), text))
        for path, text in rendered.items()
    ]
    return SyncResult(registrations, files)
