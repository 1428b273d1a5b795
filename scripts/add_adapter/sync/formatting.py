"""Formatting generated Python with the project's own ruff, so that generated
files are exactly what `ruff check` and `ruff format` want."""

import subprocess
import sys
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from add_adapter.errors import AddAdapterError


class FormatterError(AddAdapterError):
    """ruff is missing or refused the generated text."""

    code = "formatter_failed"
    default_message = "ruff could not format the generated code"


class UnformattableError(FormatterError):
    """ruff refused a generated text (it does not parse): a bug of the
    generator, not of the project."""

    code = "unformattable_source"
    default_message = "ruff refused a generated text"


def find_ruff(root: Path) -> Path:
    """The ruff of the project's virtualenv, else the one installed next to the
    running Python; the version is pinned in pyproject, so no other will do."""
    candidates = (root / ".venv" / "bin" / "ruff", Path(sys.executable).parent / "ruff")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(candidate) for candidate in candidates)
    raise FormatterError(
        f"ruff not found (looked for {searched}); "
        "install the dev dependencies: pip install -e '.[dev]'"
    )


def format_sources(sources: Mapping[Path, str], root: Path) -> dict[Path, str]:
    """Sort imports and format each source as if it were the file at
    root/path, with the project's ruff configuration. Files are formatted in
    parallel: the cost is a few ruff processes whatever the size of the spec."""
    ruff = find_ruff(root)
    with ThreadPoolExecutor(max_workers=max(len(sources), 1)) as pool:
        formatted = {
            path: pool.submit(_format_one, ruff, root, path, text)
            for path, text in sources.items()
        }
        return {path: future.result() for path, future in formatted.items()}


def _format_one(ruff: Path, root: Path, path: Path, text: str) -> str:
    stdin_filename = str(root / path)
    sorted_imports = _run_ruff(
        ruff,
        root,
        [
            "check",
            "--select",
            "I",
            "--fix",
            "--quiet",
            "--stdin-filename",
            stdin_filename,
            "-",
        ],
        text,
    )
    return _run_ruff(
        ruff,
        root,
        ["format", "--quiet", "--stdin-filename", stdin_filename, "-"],
        sorted_imports,
    )


def _run_ruff(ruff: Path, root: Path, arguments: list[str], text: str) -> str:
    completed = subprocess.run(
        [str(ruff), *arguments],
        input=text,
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    if completed.returncode != 0:
        raise UnformattableError(
            f"ruff {arguments[0]} failed on generated {arguments[-2]}:\n"
            f"{completed.stderr or completed.stdout}"
        )
    return completed.stdout
