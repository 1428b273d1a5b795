"""Running `scripts/add-adapter` as a subprocess against a fixture project:
one interpreter per run (warm: tests/support/warm_python.py), so no test
sees another project's `app`."""

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.warm_python import warm_interpreter

from .fixture_project import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "add-adapter"
GENERATED_FILES = (
    "setup/ioc/domain.py",
    "setup/ioc/application.py",
    "setup/ioc/use_cases.py",
    "setup/adapter_settings.py",
    "setup/ioc/adapter_configs.py",
)


@dataclass(frozen=True)
class ToolRun:
    """Exit code and output of one run."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_tool(root: Path, *arguments: str) -> ToolRun:
    """`scripts/add-adapter ARGUMENTS --root ROOT`."""
    completed = subprocess.run(
        [warm_interpreter(), str(SCRIPT), *arguments, "--root", str(root)],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
        timeout=60,
    )
    return ToolRun(completed.returncode, completed.stdout, completed.stderr)


def edit_spec(root: Path, change: Callable[[list[dict[str, Any]]], object]) -> None:
    """Apply `change` to the spec's component list in place and save it."""
    spec_path = root / "setup" / "spec.json"
    document = json.loads(spec_path.read_text(encoding="utf-8"))
    change(document["components"])
    spec_path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def replace_in_file(path: Path, old: str, new: str) -> None:
    """Replace text that must be there (so a test cannot pass by editing
    nothing)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def generated_contents(root: Path) -> dict[str, bytes | None]:
    """Bytes of each generated file, None where missing."""
    return {
        name: (root / name).read_bytes() if (root / name).exists() else None
        for name in GENERATED_FILES
    }
