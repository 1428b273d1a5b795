"""Staging: every change is made in a copy of the project and checked there
(formatted, migrated, imported, the container built under Dishka's strict
validation) before any of it reaches the real tree."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from add_adapter.files import read_text_or_none
from add_adapter.formatting import find_ruff, format_sources
from add_adapter.paths import GENERATED_PROVIDER_PATHS, Project
from add_adapter.render import render_providers
from add_adapter.spec import parse_spec

SCRIPTS_DIRECTORY = Path(__file__).resolve().parents[2]
TOOL = SCRIPTS_DIRECTORY / "add-adapter"
VERSIONS = Path("src/app/infrastructure/persistence/migrations/versions")
_COPIED = ("src", "setup", "alembic.ini", "pyproject.toml")
# __pycache__ comes along (with the sources' timestamps, so it stays valid):
# importing a large project in the staged check then compiles nothing.
_IGNORED = shutil.ignore_patterns("*.db", ".mypy_cache", ".ruff_cache")


class StagingError(Exception):
    """The staged project failed a check; the real tree is untouched."""


@contextmanager
def staged_copy(project: Project) -> Iterator[Project]:
    """A copy of the project's code and configuration in a temporary
    directory. Files are hard links where the filesystem allows (a large
    project stages in a fraction of the time); every write into the copy goes
    through `replace_file`, which never writes through a link."""
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
        yield Project(root)


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


def write_spec_and_providers(staged: Project, spec_text: str) -> dict[Path, str]:
    spec = parse_spec(spec_text)
    replace_file(staged.spec_path, spec_text)
    providers = render_providers(spec, staged.root)
    for path, text in providers.items():
        replace_file(staged.absolute(path), text)
    return {Path("setup/spec.json"): spec_text, **providers}


def autogenerate_migration(staged: Project, message: str) -> dict[Path, str]:
    """A new Alembic revision for whatever the models changed, named
    `<next number>_<message>` so the same change always gets the same name."""
    versions = staged.absolute(VERSIONS)
    revision_id = f"{_last_revision_number(versions) + 1:04d}"
    completed = _run(
        staged,
        [
            sys.executable,
            "-m",
            "add_adapter.scaffold.autogenerate",
            revision_id,
            message,
        ],
    )
    lines = completed.stdout.strip().splitlines()
    if not lines:
        return {}
    path = Path(lines[-1]).resolve().relative_to(staged.root.resolve())
    formatted = format_sources(
        {path: staged.absolute(path).read_text(encoding="utf-8")}, staged.root
    )
    replace_file(staged.absolute(path), formatted[path])
    return formatted


def check_staged(
    staged: Project, python_files: list[Path], gaps_allowed: Sequence[str] = ()
) -> None:
    """The project's ruff lints the new files; then `scripts/add-adapter
    check` on the staged copy: the spec, the generated providers and the code
    agree, every module imports, the container builds. `gaps_allowed` are
    ports only this addition's conditional entries bind: combinations
    without their binding are notes there, as nothing else can bind them
    yet."""
    if python_files:
        ruff = find_ruff(staged.root)
        _run(staged, [str(ruff), "check", "--quiet", *map(str, python_files)])
    allowed = [argument for port in gaps_allowed for argument in ("--allow-gap", port)]
    _run(
        staged,
        [sys.executable, str(TOOL), "check", "--root", str(staged.root), *allowed],
    )


def _last_revision_number(versions: Path) -> int:
    numbers = [
        int(m.group(1))
        for p in versions.glob("*.py")
        if (m := re.match(r"(\d+)_", p.name))
    ]
    return max(numbers, default=0)


def _run(staged: Project, command: list[str]) -> subprocess.CompletedProcess[str]:
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
        program = " ".join(Path(part).name for part in command[:3])
        raise StagingError(f"{program} failed in the staged project:\n{output}")
    return completed


def current_texts(project: Project, paths: list[Path]) -> dict[Path, str | None]:
    return {path: read_text_or_none(project.absolute(path)) for path in paths}


PROVIDER_PATHS = GENERATED_PROVIDER_PATHS
