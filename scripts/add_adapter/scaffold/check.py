"""Check: the staged copy linted and checked by `scripts/add-adapter check`
itself, before anything reaches the real tree."""

import sys
from collections.abc import Sequence
from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.stage import SCRIPTS_DIRECTORY, run_in_staged
from add_adapter.sync.formatting import find_ruff

TOOL = SCRIPTS_DIRECTORY / "add-adapter"


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
        run_in_staged(
            staged,
            [str(ruff), "check", "--quiet", *map(str, python_files)],
            "ruff check",
        )
    allowed = [argument for port in gaps_allowed for argument in ("--allow-gap", port)]
    run_in_staged(
        staged,
        [sys.executable, str(TOOL), "check", "--root", str(staged.root), *allowed],
        "`scripts/add-adapter check` (imports, wiring, container)",
    )
