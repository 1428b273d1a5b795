"""Checks 1 and 2: the generated files are what the spec and the model
generate now."""

import difflib
from pathlib import Path

from add_adapter.files import read_text_or_none
from add_adapter.paths import SCHEMA_PATH, Project
from add_adapter.specification.model import Spec
from add_adapter.specification.schema import render_schema
from add_adapter.sync.render import render_providers

SYNC_HINT = "run scripts/add-adapter sync"
SCHEMA_HINT = "run scripts/add-adapter schema"


def stale_provider_problems(project: Project, spec: Spec) -> list[str]:
    """A unified diff for each provider module that differs from what `sync`
    would write."""
    problems = []
    for relative_path, expected in render_providers(spec, project.root).items():
        problem = _staleness(project, relative_path, expected, SYNC_HINT)
        if problem:
            problems.append(problem)
    return problems


def stale_schema_problems(project: Project) -> list[str]:
    """setup/spec.schema.json must match the spec model."""
    problem = _staleness(project, SCHEMA_PATH, render_schema(), SCHEMA_HINT)
    return [problem] if problem else []


def _staleness(
    project: Project, relative_path: Path, expected: str, hint: str
) -> str | None:
    name = relative_path.as_posix()
    current = read_text_or_none(project.absolute(relative_path))
    if current is None:
        return f"{name} is missing: {hint}"
    if current == expected:
        return None
    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        expected.splitlines(keepends=True),
        fromfile=f"{name} (on disk)",
        tofile=f"{name} (generated)",
    )
    return f"{name} is out of date: {hint}\n{''.join(diff).rstrip()}"
