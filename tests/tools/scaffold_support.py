"""A Batch over a copy of the repository: what `add` builds before calling a
builder (the copies are the `repo` fixtures in conftest.py)."""

from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.batch import Batch
from add_adapter.scaffold.manifest import load_manifest
from add_adapter.scaffold.project_index import index_project
from add_adapter.spec import load_spec


def new_batch(root: Path) -> Batch:
    project = Project(root)
    return Batch(
        project,
        index_project(project),
        load_manifest(root),
        load_spec(project.spec_path),
    )
