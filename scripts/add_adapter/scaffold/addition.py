"""What one request adds to the project: files, spec entries and tables."""

from dataclasses import dataclass, field
from pathlib import Path

from add_adapter.specification.model import Component
from add_adapter.specification.vocabulary import Kind, Layer, Scope


@dataclass(frozen=True)
class PlannedFile:
    """A file an addition writes; `owner` is the class name it belongs to."""

    path: Path
    text: str
    owner: str


@dataclass
class Addition:
    """Everything one `AdapterRequest` produces."""

    owner: str
    files: list[PlannedFile] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    replaces: list[Component] = field(default_factory=list)
    """Spec entries whose ports this addition binds instead (`--replace`):
    taken out of the spec, and recorded in the manifest for `remove`."""
    code_path: Path | None = None
    test_path: Path | None = None
    stand_in: Component | None = None
    """A class that can stand in for the adapter where a condition leaves the
    port without it (the in-memory twin of a cache, a publisher, a storage):
    bound there by `bind_stand_ins`."""
    routers: list[str] = field(default_factory=list)
    """Controller modules whose routers the app's router includes (a
    resource's): an entry added to presentation/http/router.py."""
    twin: Component | None = None
    """The in-memory twin of another kind (a repository's, an HTTP client's
    scripted one): a test double, bound there only if the user says so."""

    def add(self, path: Path, text: str) -> Path:
        self.files.append(PlannedFile(path, text, self.owner))
        return path

    def writes(self, path: Path) -> bool:
        return any(planned.path == path for planned in self.files)


def twin_entry(
    class_name: str, module: str, path: Path, port: str, adapter: str
) -> Component:
    """The spec entry of an in-memory twin bound where `adapter` is not."""
    return Component(
        class_name=class_name,
        module=module,
        layer=Layer.INFRASTRUCTURE_ADAPTER,
        kind=Kind.ADAPTER,
        implements=(port,),
        # Its state lives as long as the app, as stored data would.
        scope=Scope.APP,
        description=f"{port.rpartition('.')[2]} in memory, where {adapter} is "
        "not bound.",
        code_path=path.as_posix(),
    )
