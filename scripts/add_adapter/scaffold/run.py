"""Adding and removing, stage by stage: plan (plan.py), render (render.py,
inside the plan's builders), stage (stage.py), migrate (migrate.py), check
(check.py), then compare and write (write.py)."""

import copy
from dataclasses import dataclass, field
from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.bound_when import AskStandIn, missing_binding_note
from add_adapter.scaffold.check import check_staged
from add_adapter.scaffold.manifest import MANIFEST_PATH, Manifest
from add_adapter.scaffold.migrate import (
    autogenerate_migration,
    migration_message,
    models_changed,
)
from add_adapter.scaffold.plan import Plan, plan
from add_adapter.scaffold.removal import plan_removal
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.scaffold.router_entry import (
    controller_modules,
    with_routers,
    without_routers,
)
from add_adapter.scaffold.spec_edit import SpecDocument, WrittenSpec
from add_adapter.scaffold.stage import (
    delete_files,
    replace_file,
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
from add_adapter.specification.model import parse_spec


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
    manifest = planned.batch.manifest
    # As read, before the additions are recorded: it tells an edited file.
    before = copy.deepcopy(manifest)
    final, regenerated = _staged_and_checked(project, planned)
    owners = planned.owners
    for path, text in final.items():
        if text:
            manifest.record(path, text, owners[path])
    regenerated[MANIFEST_PATH] = manifest.to_json()
    changes = compare(project, dict(final), regenerated, before.is_unedited)
    outcome = Outcome(changes, planned.additions, _notes(requests, planned))
    return _finish(project, outcome, dry_run=dry_run, force=force)


def _staged_and_checked(
    project: Project, planned: Plan
) -> tuple[dict[Path, str], dict[Path, str | None]]:
    """The additions' files and what they regenerate (spec, providers, a
    migration), as written and checked in a staged copy."""
    additions = planned.additions
    _take_out_replaced(planned.document, additions, planned.batch.manifest)
    planned.document.add([c for a in additions for c in a.components])
    with staged_copy(project) as staged:
        final = write_formatted(staged, planned.files)
        regenerated: dict[Path, str | None] = dict(
            write_spec_and_providers(staged, planned.document.written())
        )
        routers = [module for a in additions for module in a.routers]
        regenerated.update(_written(staged, with_routers(project, routers)))
        if models_changed(project, final):
            tables = [table for a in additions for table in a.tables]
            regenerated.update(
                autogenerate_migration(staged, migration_message(tables))
            )
        check_staged(
            staged,
            [path for path in final if path.suffix == ".py"],
            gaps_allowed=planned.left_to_bind,
        )
    return final, regenerated


def _notes(requests: list[AdapterRequest], planned: Plan) -> list[str]:
    notes = [note for addition in planned.additions for note in addition.notes]
    return notes + [
        missing_binding_note(port, request)
        for request, addition in zip(requests, planned.additions, strict=True)
        for component in addition.components
        for port in component.implements
        if port in planned.left_to_bind
    ]


def remove(project: Project, name: str, *, dry_run: bool, force: bool) -> Outcome:
    """Take out an adapter, scaffolded or shipped: what `plan_removal` says
    goes, its spec entry and providers, and its tables through a new
    migration."""
    removal = plan_removal(project, name)
    with staged_copy(project) as staged:
        delete_files(staged, removal.files)
        written = WrittenSpec(removal.spec_text, parse_spec(removal.spec_text))
        regenerated: dict[Path, str | None] = dict(
            write_spec_and_providers(staged, written)
        )
        controllers = controller_modules(removal.files)
        regenerated.update(_written(staged, without_routers(project, controllers)))
        if removal.tables:
            noun = "table" if len(removal.tables) == 1 else "tables"
            message = f"drop {' and '.join(removal.tables)} {noun}"
            regenerated.update(autogenerate_migration(staged, message))
        check_staged(staged, [])
    regenerated[MANIFEST_PATH] = removal.manifest.to_json()
    owned: dict[Path, str | None] = dict.fromkeys(removal.files)
    is_unchanged = removal.manifest_before.is_as_shipped_or_generated
    changes = compare(project, owned, regenerated, is_unchanged)
    outcome = Outcome(changes, notes=removal.notes)
    return _finish(project, outcome, dry_run=dry_run, force=force)


def _written(staged: Project, files: dict[Path, str | None]) -> dict[Path, str | None]:
    """`files` written into the staged copy, as they will be into the tree."""
    for path, text in files.items():
        if text is not None:
            replace_file(staged.absolute(path), text)
    return files


def _finish(
    project: Project, outcome: Outcome, *, dry_run: bool, force: bool
) -> Outcome:
    if dry_run or (outcome.conflicts and not force):
        return outcome
    apply_changes(project, outcome.changes)
    outcome.written = True
    return outcome


def _take_out_replaced(
    document: SpecDocument, additions: list[Addition], manifest: Manifest
) -> None:
    """The entries `--replace` sets aside taken out of the spec, each recorded
    in the manifest under the addition that replaced it."""
    for addition in additions:
        for component in addition.replaces:
            entry = document.take_out(component.module, component.class_name)
            manifest.record_replaced(addition.owner, entry)
