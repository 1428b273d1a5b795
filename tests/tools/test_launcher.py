"""`scripts/add-adapter` runs without an activated virtualenv."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .tool_runner import SCRIPT


@pytest.mark.skipif(shutil.which("python3") is None, reason="needs python3 on PATH")
def test_the_script_runs_from_a_plain_shell(synced_template: Path) -> None:
    environment = {
        name: value for name, value in os.environ.items() if name != "VIRTUAL_ENV"
    }
    environment["PATH"] = os.pathsep.join(
        entry
        for entry in environment.get("PATH", "").split(os.pathsep)
        if ".venv" not in entry
    )

    completed = subprocess.run(
        [str(SCRIPT), "list", "--root", str(synced_template)],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=60,
    )

    assert completed.returncode == 0, completed.stderr
    assert "InMemoryProposalDataMapper" in completed.stdout
