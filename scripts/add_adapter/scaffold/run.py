"""Adding and removing, stage by stage: plan (plan.py), render (render.py,
inside the plan's builders), stage (stage.py), migrate (migrate.py), check
(check.py), then compare and write (write.py)."""

from dataclasses import dataclass, field
from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.bound_when import AskStandIn, missing_binding_note
from add_adapter.scaffold.check import check_staged
from add_adapter.scaffold.manifest import MANIFEST_PATH, Manifest, load_manifest
from add_adapter.scaffold.migrate import (
    autogenerate_migration,
    migration_message,
    models_changed,
)
from add_adapter.scaffold.plan import plan
from add_adapter.scaffold.removal import plan_removal
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.scaffold.spec_edit import take_out, with_components
from add_adapter.scaffold.stage import (
    delete_files,
    staged_copy,
    write_formatted,
    write_spec_and_providers,
)
from add_adapter.scaffold.write import (
    ChangeStatus,
    FileChange,
    apply_changes,
    compare,
)


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
    project: Project,
    requests: list[AdapterRequest],
    *,
    dry_run: bool,
    force: bool,
    ask: AskStandIn | None = None,
) -> Outcome:
    """Plan every request, stage and check the result, then write it unless
    this is a dry run or an edited file would be overwritten without force.
    `ask` names the class to bind where a condition leaves a new port
    without its adapter (None: never asked)."""
    planned = plan(project, requests, ask)
    additions, manifest = planned.additions, planned.batch.manifest
    before = load_manifest(project.root)
    components = [c for a in additions for c in a.components]
    tables = [table for a in additions for table in a.tables]
    with staged_copy(project) as staged:
        final = write_formatted(staged, planned.files)
        spec_text = with_components(
            _without_replaced(
                project.spec_path.read_text(encoding="utf-8"), additions, manifest
            ),
            components,
        )
        regenerated: dict[Path, str | None] = dict(
            write_spec_and_providers(staged, spec_text)
        )
        if models_changed(project, final):
            regenerated.update(
                autogenerate_migration(staged, migration_message(tables))
            )
        check_staged(
            staged,
            [path for path in final if path.suffix == ".py"],
            gaps_allowed=planned.left_to_bind,
        )
    owners = planned.owners
    for path, text in final.items():
        if text:
            manifest.record(path, text, owners[path])
    regenerated[MANIFEST_PATH] = manifest.to_json()
    changes = compare(project, dict(final), regenerated, before.is_unedited)
    notes = [note for addition in additions for note in addition.notes]
    notes += [
        missing_binding_note(port, request)
        for request, addition in zip(requests, additions, strict=True)
        for component in addition.components
        for port in component.implements
        if port in planned.left_to_bind
    ]
    outcome = Outcome(changes, additions, notes)
    return _finish(project, outcome, dry_run=dry_run, force=force)


def remove(project: Project, name: str, *, dry_run: bool, force: bool) -> Outcome:
    """Take out an adapter, scaffolded or shipped: what `plan_removal` says
    goes, its spec entry and providers, and its tables through a new
    migration."""
    before = load_manifest(project.root)
    removal = plan_removal(project, name)
    with staged_copy(project) as staged:
        delete_files(staged, removal.files)
        regenerated: dict[Path, str | None] = dict(
            write_spec_and_providers(staged, removal.spec_text)
        )
        if removal.tables:
            noun = "table" if len(removal.tables) == 1 else "tables"
            message = f"drop {' and '.join(removal.tables)} {noun}"
            regenerated.update(autogenerate_migration(staged, message))
        check_staged(staged, [])
    regenerated[MANIFEST_PATH] = removal.manifest.to_json()
    owned: dict[Path, str | None] = dict.fromkeys(removal.files)
    changes = compare(project, owned, regenerated, before.is_as_shipped_or_generated)
    outcome = Outcome(changes, notes=removal.notes)
    return _finish(project, outcome, dry_run=dry_run, force=force)


def _finish(
    project: Project, outcome: Outcome, *, dry_run: bool, force: bool
) -> Outcome:
    if dry_run or (outcome.conflicts and not force):
        return outcome
    apply_changes(project, outcome.changes)
    outcome.written = True
    return outcome


def _without_replaced(
    spec_text: str, additions: list[Addition], manifest: Manifest
) -> str:
    """The spec without the entries `--replace` sets aside, each recorded in
    the manifest under the addition that replaced it."""
    for addition in additions:
        for component in addition.replaces:
            spec_text, entry = take_out(
                spec_text, component.module, component.class_name
            )
            manifest.record_replaced(addition.owner, entry)
    return spec_text
