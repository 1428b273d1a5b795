"""Plan: every request built into files and spec entries, bad input refused
naming the item and field; nothing is staged or written yet."""

from dataclasses import dataclass
from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.bound_when import (
    AskStandIn,
    bind_on_conditions,
    bind_stand_ins,
    ports_left_to_bind,
)
from add_adapter.scaffold.builders import builder_for
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.manifest import load_manifest
from add_adapter.scaffold.project_index import index_project
from add_adapter.scaffold.request import AdapterRequest
from add_adapter.scaffold.spec_edit import SpecDocument
from add_adapter.scaffold.twins import place_bound_twins
from add_adapter.specification.conditions import exclusive


@dataclass
class Plan:
    """What the requests add, before anything is staged."""

    batch: Batch
    document: SpecDocument
    """The spec as read, to be edited with the additions' entries."""
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
    document = SpecDocument.read(project.spec_path)
    batch = Batch(
        project,
        index_project(project),
        load_manifest(project.root),
        document.validated(),
    )
    _refuse_duplicate_names(requests)
    additions = [builder_for(request.kind)(request, batch) for request in requests]
    bind_on_conditions(project, batch.spec.components, requests, additions)
    _refuse_double_bindings(requests, additions)
    bind_stand_ins(
        requests, additions, ports_left_to_bind(batch, requests, additions), ask
    )
    place_bound_twins(batch, requests, additions)
    left_to_bind = ports_left_to_bind(batch, requests, additions)
    return Plan(batch, document, additions, left_to_bind)


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
