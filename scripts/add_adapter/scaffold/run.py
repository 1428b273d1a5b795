"""Adding and removing: plan, stage, check, compare, write."""

from dataclasses import dataclass, field
from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.bound_when import (
    AskStandIn,
    bind_on_conditions,
    bind_stand_ins,
    missing_binding_note,
    ports_left_to_bind,
)
from add_adapter.scaffold.builders import builder_for
from add_adapter.scaffold.changes import (
    ChangeStatus,
    FileChange,
    apply_changes,
    compare,
)
from add_adapter.scaffold.manifest import (
    MANIFEST_PATH,
    Manifest,
    load_manifest,
)
from add_adapter.scaffold.problems import ScaffoldError
from add_adapter.scaffold.project_index import MODELS_DIRECTORY, index_project
from add_adapter.scaffold.removal import plan_removal
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.scaffold.spec_edit import (
    take_out,
    with_components,
)
from add_adapter.scaffold.staging import (
    autogenerate_migration,
    check_staged,
    delete_files,
    staged_copy,
    write_formatted,
    write_spec_and_providers,
)
from add_adapter.spec.conditions import exclusive
from add_adapter.spec.model import load_spec


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


@dataclass
class Plan:
    """What the requests add, before anything is staged."""

    batch: Batch
    additions: list[Addition]
    left_to_bind: list[str]
    """Ports only these additions bind, and not in every combination of
    settings (see ports_left_to_bind)."""

    @property
    def files(self) -> dict[Path, str]:
        planned = {f.path: f.text for a in self.additions for f in a.files}
        # Packages a new port starts (app/application/interfaces/ in the seeds).
        planned.update(dict.fromkeys(self.batch.new_packages, ""))
        return planned

    @property
    def owners(self) -> dict[Path, str]:
        owners = {f.path: f.owner for a in self.additions for f in a.files}
        owners.update(dict.fromkeys(self.batch.new_packages, ""))
        return owners


def plan(
    project: Project, requests: list[AdapterRequest], ask: AskStandIn | None = None
) -> Plan:
    """Every request built into files and spec entries; bad input is a
    ScaffoldError naming the item and field. Nothing is written."""
    batch = Batch(
        project,
        index_project(project),
        load_manifest(project.root),
        load_spec(project.spec_path),
    )
    _refuse_duplicate_names(requests)
    additions = [builder_for(request.kind)(request, batch) for request in requests]
    bind_on_conditions(project, batch.spec.components, requests, additions)
    _refuse_double_bindings(requests, additions)
    bind_stand_ins(
        requests, additions, ports_left_to_bind(batch, requests, additions), ask
    )
    return Plan(batch, additions, ports_left_to_bind(batch, requests, additions))


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
        if _models_changed(project, final):
            regenerated.update(
                autogenerate_migration(staged, _migration_message(tables))
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


def _refuse_duplicate_names(requests: list[AdapterRequest]) -> None:
    seen: dict[str, AdapterRequest] = {}
    for request in requests:
        earlier = seen.setdefault(request.class_name, request)
        if earlier is not request:
            raise ScaffoldError(
                request.where("class_name"),
                f"'{request.class_name}' is also the class name of {earlier.where()}",
            )


def _refuse_double_bindings(
    requests: list[AdapterRequest], additions: list[Addition]
) -> None:
    """Two requests of one batch binding the same port would fail the check
    with a message about the generated providers; say it in their terms.
    Two bound on conditions that never hold together (`--when A` and
    `--unless A`) share the port."""
    bound_by: dict[str, AdapterRequest] = {}
    for request, addition in zip(requests, additions, strict=True):
        for component in addition.components:
            for port in component.implements:
                earlier = bound_by.setdefault(port, request)
                if earlier is not request and not exclusive(earlier.when, request.when):
                    raise ScaffoldError(
                        request.where("class_name"),
                        f"{port} would be bound twice: by "
                        f"{earlier.class_name} and by {request.class_name}",
                    )


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


def _models_changed(project: Project, final: dict[Path, str]) -> bool:
    for path, text in final.items():
        if path.parent != MODELS_DIRECTORY:
            continue
        current = project.absolute(path)
        if not current.exists() or current.read_text(encoding="utf-8") != text:
            return True
    return False


def _migration_message(tables: list[str]) -> str:
    if not tables:
        return "update scaffolded tables"
    noun = "table" if len(tables) == 1 else "tables"
    return f"create {' and '.join(tables)} {noun}"
