"""A Batch over a copy of a service made from the base: what `add` builds
before calling a builder (the copies are the `repo` fixtures in
conftest.py)."""

from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.addition import Addition
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.manifest import MANIFEST_PATH, load_manifest
from add_adapter.scaffold.project_index import index_project
from add_adapter.scaffold.spec_edit import with_components
from add_adapter.specification.model import load_spec


def new_batch(root: Path) -> Batch:
    project = Project(root)
    return Batch(
        project,
        index_project(project),
        load_manifest(root),
        load_spec(project.spec_path),
    )


def write_addition(root: Path, addition: Addition) -> None:
    """The addition's files and spec entries in `root`, its files recorded in
    the manifest as the addition's: as `add` leaves them, the generated
    providers aside (no builder reads them)."""
    manifest = load_manifest(root)
    for planned in addition.files:
        path = root / planned.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(planned.text, encoding="utf-8")
        manifest.record(planned.path, planned.text, planned.owner)
    (root / MANIFEST_PATH).write_text(manifest.to_json(), encoding="utf-8")
    spec = Project(root).spec_path
    spec.write_text(
        with_components(spec.read_text(encoding="utf-8"), addition.components),
        encoding="utf-8",
    )
