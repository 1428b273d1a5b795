"""The files of the adapters a project ships, recorded as they are
(`shipped` in setup/generated-files.json, see scaffold/manifest.py).

An adapter's files are its module, the modules of its ports and the table
models its module imports, and whatever the scaffolder wrote for it (`files`
of the manifest). `record-shipped` writes them with their hashes: the base
whenever it changes one (a test of the base says when), `dev.py new` for
each new service. `remove` then deletes such a file while it is as shipped
and calls it a conflict once it is edited.
"""

from collections import defaultdict
from pathlib import Path

from add_adapter.files import WriteStatus, write_if_changed
from add_adapter.paths import Project
from add_adapter.scaffold.manifest import (
    MANIFEST_PATH,
    Manifest,
    ManifestEntry,
    content_hash,
    load_manifest,
)
from add_adapter.scaffold.module_imports import ImportGraph, module_path, read_imports
from add_adapter.scaffold.project_index import index_project
from add_adapter.specification.model import Spec, load_spec


def shipped_owners(
    project: Project, spec: Spec, manifest: Manifest, graph: ImportGraph
) -> dict[Path, list[str]]:
    """Each file of an adapter of the spec, with the adapters it serves."""
    owners: dict[Path, set[str]] = defaultdict(set)
    for path, entry in manifest.files.items():
        owners[Path(path)].update(entry.owners)
    models = {table.model_module for table in index_project(project).tables.values()}
    for component in spec.components:
        if component.is_use_case:
            continue
        module = module_path(project, component.module)
        if module is None:
            continue
        ports = {port.rpartition(".")[0] for port in component.implements}
        tables = models & graph.imports.get(module, frozenset())
        files = [module_path(project, name) for name in sorted(ports | tables)]
        for file in (module, *files):
            if file is not None:
                owners[file].add(component.class_name)
    return {
        path: sorted(names)
        for path, names in sorted(owners.items())
        if project.absolute(path).is_file()
    }


def shipped_records(project: Project) -> dict[str, ManifestEntry]:
    """Every shipped file with the hash of what it holds now."""
    owners = shipped_owners(
        project,
        load_spec(project.spec_path),
        load_manifest(project.root),
        read_imports(project),
    )
    return {
        path.as_posix(): ManifestEntry(
            content_hash(project.absolute(path).read_text(encoding="utf-8")), names
        )
        for path, names in owners.items()
    }


def record_shipped(project: Project) -> WriteStatus:
    """The manifest with every shipped file recorded as it is now."""
    manifest = load_manifest(project.root)
    manifest.shipped = shipped_records(project)
    return write_if_changed(project.absolute(MANIFEST_PATH), manifest.to_json())
