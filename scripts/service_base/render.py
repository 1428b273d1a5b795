"""Writes a service from one commit of the base: the base's files without its
demo, under the service's name, with wiring regenerated for what is left."""

import io
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from service_base.demo import MANIFEST, demo_files, load_demo, strip_regions
from service_base.demo import marked_files as files_with_markers
from service_base.errors import ServiceBaseError
from service_base.names import ServiceName
from service_base.record import ServiceRecord, write_record
from service_base.rename import rename

SPEC = Path("setup/spec.json")
GENERATED_FILES = Path("setup/generated-files.json")
README = Path("README.md")
SHIPPED_RECORDS = Path("scripts/add_adapter/scaffold/shipped.py")
# Files that speak about the markers rather than carry them.
_ABOUT_MARKERS = ("scripts/service_base/", "tests/service_base/")


def render_service(
    base: Path, record: ServiceRecord, target: Path, python: Path
) -> None:
    """The service ``record`` names, made from ``record.commit`` of the base
    repository at ``base``, written to ``target`` (missing or empty).
    ``python`` runs the scaffolder's ``sync`` and ruff."""
    export_commit(base, record.commit, target)
    make_service(target, record, python)


def make_service(root: Path, record: ServiceRecord, python: Path) -> None:
    """Turns a copy of the base at ``root`` into the service ``record``
    names, in place."""
    name = ServiceName(record.name)
    changed = leave_out_demo(root)
    prune_wiring(root)
    rename(root, name)
    _introduce(root / README, record)
    write_record(root, record)
    _regenerate(root, python, changed)


def export_commit(repository: Path, commit: str, target: Path) -> None:
    """The files of ``commit``, as a clone has them, into ``target``."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit],
        cwd=repository,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        detail = archive.stderr.decode(errors="replace").strip()
        raise ServiceBaseError(f"cannot read commit {commit} of {repository}: {detail}")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")


def copy_working_tree(repository: Path, target: Path) -> None:
    """Every file a commit of the work tree would hold, committed or not
    (what the tests make a service from: the code as it is being changed)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=repository,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = repository / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def leave_out_demo(root: Path) -> list[Path]:
    """Deletes the demo's files and regions; returns the Python files whose
    regions were cut (to be formatted again)."""
    demo = load_demo(root)
    for demo_file in demo_files(root, demo):
        (root / demo_file).unlink()
    cut: list[Path] = []
    for path, text in files_with_markers(root):
        where = path.relative_to(root).as_posix()
        if where.startswith(_ABOUT_MARKERS):
            continue
        stripped = strip_regions(text, where, demo)
        if stripped != text:
            path.write_text(_tidy(stripped, path), encoding="utf-8")
            if path.suffix == ".py":
                cut.append(path)
    (root / MANIFEST).unlink(missing_ok=True)
    _remove_empty_folders(root)
    return cut


def prune_wiring(root: Path) -> None:
    """Spec entries of deleted modules, and generated-files.json entries of
    deleted files or entries, are left out too."""
    spec_path = root / SPEC
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    spec["components"] = [
        c for c in spec["components"] if _module_exists(root, c["module"])
    ]
    spec_path.write_text(_json(spec), encoding="utf-8")
    kept = {c["class_name"] for c in spec["components"]}
    manifest_path = root / GENERATED_FILES
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    files = {}
    for path, entry in manifest["files"].items():
        owners = [owner for owner in entry["owners"] if owner in kept]
        if owners and (root / path).exists():
            files[path] = {**entry, "owners": owners}
    manifest["files"] = files
    replaced = {k: v for k, v in manifest.get("replaced", {}).items() if k in kept}
    manifest.pop("replaced", None)
    if replaced:
        manifest["replaced"] = replaced
    manifest_path.write_text(_json(manifest), encoding="utf-8")


def _module_exists(root: Path, module: str) -> bool:
    relative = Path(*module.split("."))
    return any(
        (root / folder / relative).with_suffix(".py").exists()
        or (root / folder / relative / "__init__.py").exists()
        for folder in ("src", ".")
    )


def _introduce(readme: Path, record: ServiceRecord) -> None:
    """A paragraph after the title: where the service came from."""
    title, _, rest = readme.read_text(encoding="utf-8").partition("\n")
    paragraph = (
        f"{record.name} was started from the service base ({record.source}, "
        f"commit {record.commit[:12]}). `python3 scripts/dev.py update` takes "
        "the base's later improvements into it (see [Updating from the "
        "base](#updating-from-the-base))."
    )
    readme.write_text(f"{title}\n\n{paragraph}\n{rest}", encoding="utf-8")


def _regenerate(root: Path, python: Path, changed: list[Path]) -> None:
    python = Path(os.path.abspath(python))  # not resolve(): a venv's is a link
    tool = [str(python), str(root / "scripts" / "add-adapter")]
    steps = [[*tool, "sync", "--root", str(root)]]
    if changed:
        # A cut region leaves blank lines, in an import block too.
        files = [str(path) for path in changed]
        ruff = [str(python), "-m", "ruff"]
        steps.append([*ruff, "check", "--quiet", "--fix", "--select", "I", *files])
        steps.append([*ruff, "format", "--quiet", *files])
    if (root / SHIPPED_RECORDS).exists():  # not in a base from before them
        # The core's adapters as this service ships them (`remove` deletes
        # them while unchanged): renamed and formatted, so recorded last.
        steps.append([*tool, "record-shipped", "--root", str(root)])
    for step in steps:
        completed = subprocess.run(
            step, cwd=root, capture_output=True, text=True, check=False
        )
        if completed.returncode != 0:
            raise ServiceBaseError(
                f"{' '.join(step[1:3])} failed in the new service: "
                f"{(completed.stderr or completed.stdout).strip()}"
            )


def _tidy(text: str, path: Path) -> str:
    """Markdown loses the blank lines a cut region leaves behind; ruff formats
    the Python files afterwards."""
    if path.suffix != ".md":
        return text
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def _remove_empty_folders(root: Path) -> None:
    for folder in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
