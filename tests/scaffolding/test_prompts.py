"""With a terminal and missing arguments the command asks; `--no-input`
(or no terminal) never does."""

import os
import pty
import subprocess
import sys
from pathlib import Path

from .project_copy import add_adapter


def test_missing_fields_are_asked_for_at_a_terminal(project: Path) -> None:
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [
                sys.executable,
                str(project / "scripts/add-adapter"),
                "data-mapper",
                "SqlaSampleNoteDataMapper",
            ],
            cwd=project,
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        os.write(controller, b"title: str, pinned: bool\n")
        stdout, stderr = process.communicate(timeout=120)
    finally:
        os.close(controller)
        os.close(terminal)

    assert process.returncode == 0, stdout.decode() + stderr.decode()
    assert b"Fields ('name: type'" in stdout
    entity = (project / "src/app/domain/entities/sample_note.py").read_text(
        encoding="utf-8"
    )
    assert "    title: str\n    pinned: bool\n" in entity


def test_without_a_terminal_nothing_is_asked(project: Path) -> None:
    run = add_adapter(
        project, "data-mapper", "SqlaSampleNoteDataMapper", stdin="title: str\n"
    )

    assert run.exit_code == 2
    assert "Fields (" not in run.stdout
    assert "entity SampleNote has no fields yet" in run.stderr


def test_at_a_terminal_a_conditional_client_asks_to_bind_its_twin_elsewhere(
    project: Path,
) -> None:
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [
                sys.executable,
                str(project / "scripts/add-adapter"),
                "http-client",
                "HttpFxRates",
                "--port",
                "app.application.ports.fx_rates.FxRates",
                "--method",
                "get_rate(currency: str) -> dict",
                "--when",
                "FX_RATES_BASE_URL",
            ],
            cwd=project,
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        os.write(controller, b"y\n")
        stdout, stderr = process.communicate(timeout=120)
    finally:
        os.close(controller)
        os.close(terminal)

    assert process.returncode == 0, stdout.decode() + stderr.decode()
    assert b"Bind InMemoryFxRates there" in stdout
    spec = (project / "setup/spec.json").read_text(encoding="utf-8")
    assert '"class_name": "InMemoryFxRates"' in spec
    assert add_adapter(project, "check").exit_code == 0
