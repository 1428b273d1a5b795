"""Gives a tree the service's name in the places that hold it."""

import re
from pathlib import Path

from service_base.errors import ServiceBaseError
from service_base.names import BASE_NAME, ServiceName

# file -> (pattern of the line holding the name, the line for the service).
# Everything else named after the service (SQLite file, cookie, exchange and
# queues, Redis keys, OpenAPI title, logs) derives from SERVICE_NAME.
_NAMED_LINES: dict[str, tuple[str, str]] = {
    "setup/config.py": (r'^SERVICE_NAME = ".*"$', 'SERVICE_NAME = "{name}"'),
    "pyproject.toml": (r'^name = ".*"$', 'name = "{name}"'),
    "README.md": (r"^# .*$", "# {name}"),
}
_DESCRIPTION = (r'^description = ".*"$', 'description = "{name}: a FastAPI service."')


def rename(root: Path, name: ServiceName) -> None:
    for relative, (pattern, line) in _NAMED_LINES.items():
        _replace_line(root / relative, pattern, line.format(name=name))
    pattern, line = _DESCRIPTION
    _replace_line(root / "pyproject.toml", pattern, line.format(name=name))


def _replace_line(path: Path, pattern: str, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    renamed, count = re.subn(pattern, line, text, count=1, flags=re.M)
    if count != 1:
        raise ServiceBaseError(
            f"{path.name}: no line matching {pattern!r} to give the service's "
            f"name (the base calls itself {BASE_NAME!r} there)"
        )
    path.write_text(renamed, encoding="utf-8")
