"""A project in the shape `scripts/add-adapter` manages, with as many bindings
as a benchmark asks for.

For N bindings it holds:

- one domain port, `app.domain.ports.clock.Clock`, bound to `SystemClock`
  (app scope);
- N - 1 application ports `app.application.ports.widget_0001_reader.
  Widget0001Reader`, ... (one async method each), each bound to its
  `InMemoryWidget0001Reader` under `app.infrastructure.adapters`; odd-numbered
  adapters are request-scoped and take the `Clock` (a real dependency for
  Dishka to resolve), even-numbered ones are app-scoped and take nothing;
- one use case, `app.application.queries.get_widget.GetWidget`;
- setup/spec.json listing all of them, a setup/ioc/registry.py with the
  `make_container` / `build_container_for_check` pair the tool expects, and the
  repository's pyproject.toml (so ruff formats the generated modules the same
  way) and setup/spec.schema.json (so `check` passes too).

The generated provider modules are left for `sync` to write. Run it as a
script to look at one: `.venv/bin/python benchmarks/synthetic_project.py
/tmp/p 100`.
"""

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]

ADAPTERS = "app.infrastructure.adapters"
APPLICATION_PORTS = "app.application.ports"
CLOCK_PORT = "app.domain.ports.clock.Clock"
USE_CASE = "app.application.queries.get_widget.GetWidget"
GENERATED_FILES = (
    Path("setup/ioc/domain.py"),
    Path("setup/ioc/application.py"),
    Path("setup/ioc/use_cases.py"),
)

FIXED_SOURCES: dict[str, str] = {
    "src/app/__init__.py": "",
    "src/app/domain/__init__.py": "",
    "src/app/domain/widget.py": '''\
"""A widget: what every reader finds."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Widget:
    id: int
    name: str
''',
    "src/app/domain/ports/__init__.py": "",
    "src/app/domain/ports/clock.py": '''\
from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """The current time."""

    def now(self) -> datetime: ...
''',
    "src/app/application/__init__.py": "",
    "src/app/application/ports/__init__.py": "",
    "src/app/application/queries/__init__.py": "",
    "src/app/application/queries/get_widget.py": '''\
from app.application.ports.widget_0001_reader import Widget0001Reader
from app.domain.ports.clock import Clock
from app.domain.widget import Widget


class GetWidget:
    """Finds a widget of the first family."""

    def __init__(self, reader: Widget0001Reader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    async def __call__(self, widget_id: int) -> Widget | None:
        return await self._reader.get(widget_id)
''',
    "src/app/infrastructure/__init__.py": "",
    "src/app/infrastructure/adapters/__init__.py": "",
    "src/app/infrastructure/adapters/system_clock.py": '''\
from datetime import UTC, datetime

from app.domain.ports.clock import Clock


class SystemClock(Clock):
    """The machine's clock, in UTC."""

    def __init__(self) -> None:
        self._zone = UTC

    def now(self) -> datetime:
        return datetime.now(self._zone)
''',
    "setup/__init__.py": "",
    "setup/ioc/__init__.py": "",
    "setup/ioc/registry.py": """\
from dishka import STRICT_VALIDATION, AsyncContainer, make_async_container

from setup.ioc.application import ApplicationPortsProvider
from setup.ioc.domain import DomainPortsProvider
from setup.ioc.use_cases import UseCasesProvider


def make_container() -> AsyncContainer:
    return make_async_container(
        DomainPortsProvider(),
        ApplicationPortsProvider(),
        UseCasesProvider(),
        validation_settings=STRICT_VALIDATION,
    )


async def build_container_for_check() -> None:
    container = make_container()
    await container.close()
""",
}

PORT_TEMPLATE = '''\
from typing import Protocol

from app.domain.widget import Widget


class Widget{number}Reader(Protocol):
    """Finds widgets of family {number}."""

    async def get(self, widget_id: int) -> Widget | None: ...
'''

REQUEST_ADAPTER_TEMPLATE = '''\
from app.application.ports.widget_{number}_reader import Widget{number}Reader
from app.domain.ports.clock import Clock
from app.domain.widget import Widget


class InMemoryWidget{number}Reader(Widget{number}Reader):
    """Widgets of family {number}, kept in a dict and stamped with the time."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._widgets: dict[int, Widget] = {{}}

    async def get(self, widget_id: int) -> Widget | None:
        return self._widgets.get(widget_id)
'''

APP_ADAPTER_TEMPLATE = '''\
from app.application.ports.widget_{number}_reader import Widget{number}Reader
from app.domain.widget import Widget


class InMemoryWidget{number}Reader(Widget{number}Reader):
    """Widgets of family {number}, kept in a dict."""

    def __init__(self) -> None:
        self._widgets: dict[int, Widget] = {{}}

    async def get(self, widget_id: int) -> Widget | None:
        return self._widgets.get(widget_id)
'''


def widget_numbers(bindings: int) -> list[str]:
    """'0001', '0002', ...: one per widget reader (every binding but the
    clock's), zero-padded so files sort in order."""
    width = max(4, len(str(bindings)))
    return [f"{number:0{width}d}" for number in range(1, bindings)]


def port_paths(bindings: int) -> list[str]:
    """Every port the project binds, as module.ClassName."""
    return [CLOCK_PORT] + [
        f"{APPLICATION_PORTS}.widget_{number}_reader.Widget{number}Reader"
        for number in widget_numbers(bindings)
    ]


def components(bindings: int, *, listed: bool = True) -> list[dict[str, Any]]:
    """The spec's component list: every adapter, then the use case; only the
    use case when not `listed` (leaving every adapter for `sync` to find and
    register)."""
    adapters: list[dict[str, Any]] = [
        {
            "class_name": "SystemClock",
            "module": f"{ADAPTERS}.system_clock",
            "layer": "infrastructure/adapter",
            "kind": "adapter",
            "implements": CLOCK_PORT,
            "scope": "app",
            "description": "The machine's clock, in UTC.",
        }
    ]
    for position, number in enumerate(widget_numbers(bindings), start=1):
        adapters.append(
            {
                "class_name": f"InMemoryWidget{number}Reader",
                "module": f"{ADAPTERS}.in_memory_widget_{number}_reader",
                "layer": "infrastructure/adapter",
                "kind": "reader",
                "implements": (
                    f"{APPLICATION_PORTS}.widget_{number}_reader.Widget{number}Reader"
                ),
                "scope": "request" if position % 2 else "app",
                "description": f"Widgets of family {number}, kept in a dict.",
            }
        )
    module, _, class_name = USE_CASE.rpartition(".")
    use_case = {
        "class_name": class_name,
        "module": module,
        "layer": "application/use_case",
        "kind": "use_case",
        "scope": "request",
        "description": "Finds a widget of the first family.",
    }
    return [*adapters, use_case] if listed else [use_case]


def spec_text(bindings: int, *, listed: bool = True) -> str:
    """setup/spec.json of a project with `bindings` bindings, formatted as
    `sync` writes it when it registers an adapter."""
    document = {
        "$schema": "./spec.schema.json",
        "components": components(bindings, listed=listed),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_synthetic_project(root: Path, bindings: int, *, listed: bool = True) -> Path:
    """Write the project under `root` (which must not hold one yet) and return
    `root`. `bindings` counts the clock's binding too, so it must be at least 2
    (the use case needs the first widget reader). With `listed` false the spec
    names only the use case, and the first `sync` registers every adapter."""
    if bindings < 2:
        raise ValueError(f"a synthetic project needs 2 bindings or more: {bindings}")
    files = dict(FIXED_SOURCES)
    for position, number in enumerate(widget_numbers(bindings), start=1):
        files[f"src/app/application/ports/widget_{number}_reader.py"] = (
            PORT_TEMPLATE.format(number=number)
        )
        template = REQUEST_ADAPTER_TEMPLATE if position % 2 else APP_ADAPTER_TEMPLATE
        files[
            f"src/app/infrastructure/adapters/in_memory_widget_{number}_reader.py"
        ] = template.format(number=number)
    files["setup/spec.json"] = spec_text(bindings, listed=listed)
    for relative_path, text in files.items():
        path = root / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for shared in ("pyproject.toml", "setup/spec.schema.json"):
        shutil.copyfile(REPO_ROOT / shared, root / shared)
    return root


def remove_generated_files(root: Path) -> None:
    """Delete what `sync` writes, so the next `sync` does all its work again."""
    for relative_path in GENERATED_FILES:
        (root / relative_path).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="directory to create")
    parser.add_argument("bindings", type=int, help="number of bindings (>= 2)")
    parser.add_argument(
        "--unlisted",
        action="store_true",
        help="list only the use case in the spec: sync registers the adapters",
    )
    arguments = parser.parse_args()
    if arguments.root.exists() and any(arguments.root.iterdir()):
        parser.error(f"{arguments.root} is not empty")
    write_synthetic_project(
        arguments.root, arguments.bindings, listed=not arguments.unlisted
    )
    print(f"wrote a project with {arguments.bindings} bindings to {arguments.root}")
    print(f"next: scripts/add-adapter sync --root {arguments.root}")


if __name__ == "__main__":
    main()
