"""Adding and removing: plan, stage, check, compare, write."""

from dataclasses import dataclass, field
from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.builders import builder_for
from add_adapter.scaffold.changes import (
    ChangeStatus,
    FileChange,
    apply_changes,
    compare,
)
from add_adapter.scaffold.manifest import MANIFEST_PATH, load_manifest
from add_adapter.scaffold.problems import ScaffoldError
from add_adapter.scaffold.project_index import MODELS_DIRECTORY, index_project
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.scaffold.spec_edit import with_components, without_component
from add_adapter.scaffold.staging import (
    autogenerate_migration,
    check_staged,
    delete_files,
    staged_copy,
    write_formatted,
    write_spec_and_providers,
)
from add_adapter.spec import load_spec


@dataclass
class Outcome:
    """What an add or remove did (or, in a dry run, would do)."""

    changes: list[FileChange]
    additions: list[Addition] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def conflicts(self) -> list[FileChange]:
        return [c for c in self.changes if c.status is ChangeStatus.CONFLICT]


def add(
    project: Project, requests: list[AdapterRequest], *, dry_run: bool, force: bool
) -> Outcome:
    """Plan every request, stage and check the result, then write it unless
    this is a dry run or an edited file would be overwritten without force."""
    manifest = load_manifest(project.root)
    before = load_manifest(project.root)
    batch = Batch(
        project, index_project(project), manifest, load_spec(project.spec_path)
    )
    _refuse_duplicate_names(requests)
    additions = [builder_for(request.kind)(request, batch) for request in requests]
    planned = {f.path: f.text for a in additions for f in a.files}
    # Packages a new port starts (app/application/interfaces/ in the seeds).
    planned.update(dict.fromkeys(batch.new_packages, ""))
    owners = {f.path: f.owner for a in additions for f in a.files}
    owners.update(dict.fromkeys(batch.new_packages, ""))
    components = [c for a in additions for c in a.components]
    tables = [table for a in additions for table in a.tables]
    with staged_copy(project) as staged:
        final = write_formatted(staged, planned)
        spec_text = with_components(
            project.spec_path.read_text(encoding="utf-8"), components
        )
        regenerated: dict[Path, str | None] = dict(
            write_spec_and_providers(staged, spec_text)
        )
        if _models_changed(project, final):
            regenerated.update(
                autogenerate_migration(staged, _migration_message(tables))
            )
        check_staged(staged, [path for path in final if path.suffix == ".py"])
    for path, text in final.items():
        if text:
            manifest.record(path, text, owners[path])
    regenerated[MANIFEST_PATH] = manifest.to_json()
    changes = compare(project, dict(final), regenerated, before)
    outcome = Outcome(changes, additions, [n for a in additions for n in a.notes])
    return _finish(project, outcome, dry_run=dry_run, force=force)


def remove(project: Project, name: str, *, dry_run: bool, force: bool) -> Outcome:
    """Undo an addition: its files (those no other addition needs), its spec
    entry, its providers, and its tables through a new migration."""
    manifest = load_manifest(project.root)
    before = load_manifest(project.root)
    spec_text = project.spec_path.read_text(encoding="utf-8")
    listed = any(c.class_name == name for c in load_spec(project.spec_path).components)
    if not listed and not manifest.owned_by(name):
        raise ScaffoldError(
            "NAME", f"nothing named '{name}' was added by add-adapter (see `list`)"
        )
    orphans = manifest.release(name)
    with staged_copy(project) as staged:
        delete_files(staged, orphans)
        regenerated: dict[Path, str | None] = dict(
            write_spec_and_providers(staged, without_component(spec_text, name))
        )
        tables = _tables_of(project, orphans)
        if tables:
            noun = "table" if len(tables) == 1 else "tables"
            message = f"drop {' and '.join(tables)} {noun}"
            regenerated.update(autogenerate_migration(staged, message))
        check_staged(staged, [])
    regenerated[MANIFEST_PATH] = manifest.to_json()
    owned: dict[Path, str | None] = dict.fromkeys(orphans)
    changes = compare(project, owned, regenerated, before)
    return _finish(project, Outcome(changes), dry_run=dry_run, force=force)


def _finish(
    project: Project, outcome: Outcome, *, dry_run: bool, force: bool
) -> Outcome:
    if dry_run or (outcome.conflicts and not force):
        return outcome
    apply_changes(project, outcome.changes)
    outcome.written = True
    return outcome


def _refuse_duplicate_names(requests: list[AdapterRequest]) -> None:
    seen: dict[str, AdapterRequest] = {}
    for request in requests:
        earlier = seen.setdefault(request.class_name, request)
        if earlier is not request:
            raise ScaffoldError(
                request.where("class_name"),
                f"'{request.class_name}' is also the class name of {earlier.where()}",
            )


def _models_changed(project: Project, final: dict[Path, str]) -> bool:
    for path, text in final.items():
        if path.parent != MODELS_DIRECTORY:
            continue
        current = project.absolute(path)
        if not current.exists() or current.read_text(encoding="utf-8") != text:
            return True
    return False


def _tables_of(project: Project, paths: list[Path]) -> list[str]:
    """The tables whose model modules are among `paths`."""
    modules = {".".join(path.with_suffix("").parts[1:]) for path in paths}
    tables = index_project(project).tables.values()
    return sorted(table.name for table in tables if table.model_module in modules)


def _migration_message(tables: list[str]) -> str:
    if not tables:
        return "update scaffolded tables"
    noun = "table" if len(tables) == 1 else "tables"
    return f"create {' and '.join(tables)} {noun}"
