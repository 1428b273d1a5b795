"""`sync`: write the provider modules the spec generates."""

from dataclasses import dataclass
from pathlib import Path

from add_adapter.files import WriteStatus, write_if_changed
from add_adapter.paths import Project
from add_adapter.render import render_providers
from add_adapter.spec import load_spec


@dataclass(frozen=True)
class SyncedFile:
    """What `sync` did to one generated module."""

    path: Path
    status: WriteStatus


def sync(project: Project) -> list[SyncedFile]:
    """Validate the spec, render every provider module and write the ones
    whose content changed. Raises `SpecError` before writing anything if the
    spec is invalid, and `FormatterError` if ruff cannot format the output."""
    spec = load_spec(project.spec_path)
    rendered = render_providers(spec, project.root)
    return [
        SyncedFile(path, write_if_changed(project.absolute(path), text))
        for path, text in rendered.items()
    ]
