"""What one request adds to the project: files, spec entries and tables."""

from dataclasses import dataclass, field
from pathlib import Path

from add_adapter.scaffold.request import AdapterRequest
from add_adapter.specification.model import Component, SettingCondition
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

    def bind(
        self,
        request: AdapterRequest,
        port: str,
        written: tuple[str, Path, Path],
        *,
        kind: Kind,
        layer: Layer = Layer.INFRASTRUCTURE_ADAPTER,
        summary: str,
        scope: Scope | None = None,
        when: tuple[SettingCondition, ...] = (),
        config: tuple[str, ...] = (),
        table: tuple[str, tuple[str, ...]] | None = None,
    ) -> None:
        """The spec entry of the request's class, bound to `port`: `written`
        is its module, code and test (the addition's too), `summary` its
        description unless the request gives one, the request's scope unless
        `scope` says otherwise. The rest is what some kinds add: a `when`, an
        HTTP client's config, a table's name and attributes."""
        module, code_path, test_path = written
        self.code_path, self.test_path = code_path, test_path
        table_name, attributes = table or (None, ())
        self.components.append(
            Component(
                class_name=request.class_name,
                module=module,
                layer=layer,
                kind=kind,
                implements=(port,),
                scope=scope or request.scope,
                # An empty `when` is refused by the spec: left out instead.
                **({"when": when} if when else {}),
                description=request.description or summary,
                config=config,
                table_name=table_name,
                attributes=attributes,
                code_path=code_path.as_posix(),
                test_path=test_path.as_posix(),
            )
        )


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
