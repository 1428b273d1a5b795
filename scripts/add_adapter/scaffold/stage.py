"""Stage: every change is made in a copy of the project and checked there
(formatted, migrated, imported, the container built under Dishka's strict
validation) before any of it reaches the real tree.

Bad input is refused before staging, naming the item and field; so a check
failing in the staged copy is a bug of the generator. The staged copy is then
kept, with the whole output of the failing check, for the report."""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.errors import StagingError
from add_adapter.scaffold.spec_edit import WrittenSpec
from add_adapter.sync.formatting import UnformattableError, format_sources
from add_adapter.sync.render import render_providers

SCRIPTS_DIRECTORY = Path(__file__).resolve().parents[2]
_COPIED = ("src", "setup", "alembic.ini", "pyproject.toml")
# __pycache__ comes along (with the sources' timestamps, so it stays valid):
# importing a large project in the staged check then compiles nothing.
_IGNORED = shutil.ignore_patterns("*.db", ".mypy_cache", ".ruff_cache")


@contextmanager
def staged_copy(project: Project) -> Iterator[Project]:
    """A copy of the project's code and configuration in a temporary
    directory. Files are hard links where the filesystem allows (a large
    project stages in a fraction of the time); every write into the copy goes
    through `replace_file`, which never writes through a link. When a check
    fails in it, the copy is kept (see StagingError.kept)."""
    with tempfile.TemporaryDirectory(prefix="add-adapter-") as directory:
        root = Path(directory) / "project"
        root.mkdir()
        for name in _COPIED:
            source = project.root / name
            if source.is_dir():
                shutil.copytree(
                    source, root / name, ignore=_IGNORED, copy_function=_link_or_copy
                )
            elif source.is_file():
                shutil.copy2(source, root / name)
        try:
            yield Project(root)
        except StagingError as error:
            error.kept = _keep_for_report(root, error)
            raise
        except UnformattableError as error:
            failed = StagingError("ruff format", "ruff format -", str(error))
            failed.kept = _keep_for_report(root, failed)
            raise failed from error


def _keep_for_report(root: Path, error: StagingError) -> Path:
    """Moves the staged project out of the temporary directory, beside a
    details.txt with everything the failing check printed."""
    kept = Path(tempfile.mkdtemp(prefix="add-adapter-internal-error-"))
    shutil.move(root, kept / "project")
    (kept / "details.txt").write_text(
        f"add-adapter: {error} (a bug of the generator)\n\n"
        f"check: {error.check}\ncommand: {error.command}\n"
        f"staged project: {kept / 'project'}\n\noutput:\n{error.output}\n",
        encoding="utf-8",
    )
    return kept


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:  # another filesystem, or links not allowed
        shutil.copy2(source, destination)


def replace_file(path: Path, text: str) -> None:
    """Write `text` as a new file at `path`: the old one may be a hard link to
    the user's own file, which must not change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8")


def write_formatted(staged: Project, files: dict[Path, str]) -> dict[Path, str]:
    """Formats the Python files with the project's ruff, writes every file
    into the staged copy and returns the final texts."""
    python = {
        path: text for path, text in files.items() if path.suffix == ".py" and text
    }
    final = {**files, **format_sources(python, staged.root)}
    for path, text in final.items():
        replace_file(staged.absolute(path), text)
    return final


def delete_files(staged: Project, paths: list[Path]) -> None:
    for path in paths:
        staged.absolute(path).unlink(missing_ok=True)


def write_spec_and_providers(staged: Project, spec: WrittenSpec) -> dict[Path, str]:
    replace_file(staged.spec_path, spec.text)
    providers = render_providers(spec.spec, staged.root)
    for path, text in providers.items():
        replace_file(staged.absolute(path), text)
    return {Path("setup/spec.json"): spec.text, **providers}


def run_in_staged(
    staged: Project, command: list[str], check: str
) -> subprocess.CompletedProcess[str]:
    """Runs `command` in the staged copy with the project's and the scripts'
    code importable; a non-zero exit is a StagingError naming `check`."""
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            [str(staged.source_path), str(staged.root), str(SCRIPTS_DIRECTORY)]
        ),
    }
    environment.pop("ADD_ADAPTER_ROOT", None)
    completed = subprocess.run(
        command,
        cwd=staged.root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip()
        raise StagingError(check, " ".join(command), output)
    return completed
