"""What `remove NAME` takes out of a project, decided before anything is
staged: the files that go, the spec as it will be, the tables to drop, and
what stops it (a ScaffoldError, exit 2, nothing written).

- NAME's module goes with its spec entry, and so does every file the
  manifest records as NAME's alone (with the spec entries defined there,
  when NAME has no entry of its own: a resource) (what the scaffolder wrote for it, or
  what the project shipped for it: scaffold/shipped.py), unless a spec entry
  that stays is defined in it or a file that stays imports it (a port that
  other adapters bind, a twin a test uses).
- A port NAME binds and another entry binds too stays. If NAME was bound on
  a condition and exactly one entry binds the port on the opposite one, that
  entry is bound always from now on (a note says so); any other gap refuses.
- A port nothing binds any more goes too, unless code of src/ or setup/ that
  stays imports it (use cases, other adapters): that refuses, naming them.
- A table model that what goes imported, and nothing of src/ or setup/ that
  stays imports, goes too: its tables are dropped by a new revision.
- Code of src/ or setup/ that stays and imports what goes refuses (edit it
  first); tests that stay and import it are named in a note.
"""

import copy
from dataclasses import dataclass, field
from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.manifest import Manifest, ReplacedEntry, load_manifest
from add_adapter.scaffold.module_imports import (
    ImportGraph,
    module_name,
    module_path,
    read_imports,
)
from add_adapter.scaffold.project_index import index_project
from add_adapter.scaffold.spec_edit import (
    bound_ports,
    ports_of,
    put_back,
    without_component,
    without_condition,
)
from add_adapter.specification.conditions import every_combination, holds, summarize
from add_adapter.specification.model import Component, Spec, load_spec, parse_spec

_CODE = ("src", "setup")
"""Where what stays must still import: the app and its composition root."""


@dataclass
class Removal:
    """Everything `remove` changes, planned."""

    files: list[Path]
    spec_text: str
    manifest: Manifest
    """As it will be written: the removed addition's files handed over."""
    manifest_before: Manifest
    """As read: it tells a file edited since it was written or shipped."""
    tables: list[str]
    notes: list[str] = field(default_factory=list)


def plan_removal(project: Project, name: str) -> Removal:
    manifest = load_manifest(project.root)
    before = copy.deepcopy(manifest)
    entry, spec_text, notes = _taken_out(project, manifest, name)
    recorded = [Path(p) for p in sorted({*manifest.files, *manifest.shipped})]
    own = [path for path in recorded if manifest.owners_of(path) == {name}]
    if entry is None and not own:
        raise ScaffoldError(
            "NAME",
            f"nothing named '{name}' was added by add-adapter or is listed in "
            "setup/spec.json (see `list`)",
        )
    if entry is None:
        spec_text = _without_entries_defined_in(spec_text, own)
    graph = read_imports(project)
    staying = list(parse_spec(spec_text).components)
    going = _going(project, graph, staying, _module_of(project, entry), own)
    if entry is not None:
        spec_text, unbound = _rebind(spec_text, entry, staying, notes)
        ports = _ports_that_go(project, graph, entry, unbound, going)
        going = _going(project, graph, staying, going | ports, own)
    going |= _models_that_go(project, graph, going)
    _refuse_code_importing(graph, going, name)
    notes += _tests_importing(graph, going, name)
    notes += _tests_of_others(graph, going, staying)
    spec_text = _without_entries_of(spec_text, going)
    _hand_over(manifest, recorded, going, parse_spec(spec_text), name)
    tables = _tables_of(project, going)
    return Removal(sorted(going), spec_text, manifest, before, tables, notes)


def _taken_out(
    project: Project, manifest: Manifest, name: str
) -> tuple[Component | None, str, list[str]]:
    """`name`'s spec entry, and the spec without it, with the entries it
    replaced (`--replace`) put back, and notes saying so."""
    spec_text = project.spec_path.read_text(encoding="utf-8")
    entry = next(
        (c for c in parse_spec(spec_text).components if c.class_name == name), None
    )
    spec_text, notes = _with_replaced_back(
        without_component(spec_text, name), manifest.take_replaced(name), name
    )
    return entry, spec_text, notes


def _without_entries_defined_in(spec_text: str, own: list[Path]) -> str:
    """The spec without the entries whose classes are defined in `name`'s own
    files: a resource's use cases, data mapper and reader go with it."""
    modules = {module_name(path) for path in own}
    for component in parse_spec(spec_text).components:
        if component.module in modules:
            spec_text = without_component(spec_text, component.class_name)
    return spec_text


def _module_of(project: Project, entry: Component | None) -> set[Path]:
    path = None if entry is None else module_path(project, entry.module)
    return set() if path is None else {path}


def _with_replaced_back(
    spec_text: str, replaced: list[ReplacedEntry], name: str
) -> tuple[str, list[str]]:
    """The spec with the entries `name` replaced put back where they were
    (last taken out, first put back), unless their ports are bound again."""
    notes = []
    for entry in reversed(replaced):
        class_name = entry.component.get("class_name", "?")
        bound = bound_ports(spec_text)
        taken = [port for port in ports_of(entry.component) if port in bound]
        if taken:
            notes.append(
                f"{class_name} not bound again: {taken[0]} is bound to "
                f"{bound[taken[0]]} now"
            )
            continue
        spec_text = put_back(spec_text, entry)
        notes.append(
            f"{class_name} binds {', '.join(ports_of(entry.component))} "
            f"again (replaced by {name})"
        )
    return spec_text, notes


def _going(
    project: Project,
    graph: ImportGraph,
    staying: list[Component],
    forced: set[Path],
    candidates: list[Path],
) -> set[Path]:
    """`forced` and the candidates nothing that stays needs, found by taking
    out, until none is left to take out, each candidate that a file outside
    the set imports or that a staying entry is defined in."""
    defined_in = {module_path(project, c.module) for c in staying}
    going = forced | {p for p in candidates if p not in defined_in}
    changed = True
    while changed:
        needed = {
            path
            for path in going - forced
            if any(i not in going for i in graph.importers(module_name(path)))
        }
        going -= needed
        changed = bool(needed)
    return going


def _rebind(
    spec_text: str, entry: Component, staying: list[Component], notes: list[str]
) -> tuple[str, list[str]]:
    """The spec with the opposite-condition partner of a conditional entry
    bound always; the ports no staying entry binds. A port the staying
    entries leave unbound in some combination refuses."""
    unbound = []
    for port in entry.implements:
        binders = [c for c in staying if port in c.implements]
        if not binders:
            unbound.append(port)
            continue
        gaps = _gaps(binders)
        if not gaps:
            continue
        [partner, *others] = binders
        if not others and _opposite(entry, partner):
            spec_text = without_condition(spec_text, partner.class_name)
            notes.append(
                f"{partner.class_name} binds {port} always now (it was bound "
                f"with {partner.condition_text}, {entry.class_name} with "
                f"{entry.condition_text})"
            )
            continue
        raise ScaffoldError(
            "NAME",
            f"removing {entry.class_name} would leave {port} without an adapter "
            f"with {' or '.join(summarize(gaps))}: bind another "
            "adapter there first (--when, --unless)",
        )
    return spec_text, unbound


def _gaps(binders: list[Component]) -> list[dict[str, bool]]:
    settings = sorted({c.setting for b in binders for c in b.when})
    return [
        combination
        for combination in every_combination(settings)
        if not any(holds(binder, combination) for binder in binders)
    ]


def _opposite(entry: Component, partner: Component) -> bool:
    """`"when": {"setting": "A"}` and `{"setting": "A", "set": false}`."""
    if len(entry.when) != 1 or len(partner.when) != 1:
        return False
    [mine], [theirs] = entry.when, partner.when
    return mine.setting == theirs.setting and mine.set != theirs.set


def _ports_that_go(
    project: Project,
    graph: ImportGraph,
    entry: Component,
    unbound: list[str],
    going: set[Path],
) -> set[Path]:
    """The modules of the ports left unbound, which nothing that stays needs;
    a port still needed refuses, naming what needs it."""
    ports = set()
    for port in unbound:
        path = module_path(project, port.rpartition(".")[0])
        if path is None:
            continue
        needers = [
            importer
            for importer in graph.importers(module_name(path))
            if importer not in going and importer.parts[0] in _CODE
        ]
        if needers:
            raise ScaffoldError(
                "NAME",
                f"{entry.class_name} is the only adapter of {port}, needed by "
                f"{_named(project, needers)}: add another adapter of it first, "
                "or remove what needs it",
            )
        ports.add(path)
    return ports


def _named(project: Project, paths: list[Path]) -> str:
    """The spec entries defined in `paths` by class name (the others by
    path): `SignUp, LogIn and src/app/x.py`."""
    spec = load_spec(project.spec_path)
    by_path = {module_path(project, c.module): c.class_name for c in spec.components}
    names = [by_path.get(path) or path.as_posix() for path in paths]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _models_that_go(
    project: Project, graph: ImportGraph, going: set[Path]
) -> set[Path]:
    """Table models that what goes imports and nothing of src/ or setup/
    that stays imports."""
    models = set()
    for table in index_project(project).tables.values():
        path = module_path(project, table.model_module)
        if path is None or path in going:
            continue
        importers = graph.importers(table.model_module)
        if any(i in going for i in importers) and all(
            i in going or i.parts[0] not in _CODE for i in importers
        ):
            models.add(path)
    return models


def _refuse_code_importing(graph: ImportGraph, going: set[Path], name: str) -> None:
    for path in sorted(going):
        for importer in graph.importers(module_name(path)):
            if importer not in going and importer.parts[0] in _CODE:
                raise ScaffoldError(
                    "NAME",
                    f"{importer.as_posix()} imports {module_name(path)}, which "
                    f"would go with {name}: edit it first",
                )


def _tests_importing(graph: ImportGraph, going: set[Path], name: str) -> list[str]:
    tests = sorted(
        {
            importer.as_posix()
            for path in going
            for importer in graph.importers(module_name(path))
            if importer not in going
        }
    )
    if not tests:
        return []
    return [
        f"these tests import what went with {name}; edit or delete them: "
        f"{', '.join(tests)}"
    ]


def _tests_of_others(
    graph: ImportGraph, going: set[Path], staying: list[Component]
) -> list[str]:
    """A test that goes (a contract test of the port, say) and tested adapters
    that stay too (not the use cases and services a test builds on: a
    resource's use-case test makes a CurrentUser)."""
    modules = {c.module: c.class_name for c in staying if c.implements}
    notes = []
    for path in sorted(going):
        if path.parts[0] != "tests":
            continue
        imported = graph.imports.get(path, frozenset())
        tested = ", ".join(sorted(modules[m] for m in imported if m in modules))
        if tested:
            notes.append(f"{path.as_posix()} goes, which tested {tested} too")
    return notes


def _without_entries_of(spec_text: str, going: set[Path]) -> str:
    """The spec without the entries left pointing at the files that go: a
    class defined in one, or bound to a port defined in one."""
    gone = {module_name(path) for path in going}
    for component in parse_spec(spec_text).components:
        ports = {port.rpartition(".")[0] for port in component.implements}
        if component.module in gone or ports & gone:
            spec_text = without_component(spec_text, component.class_name)
    return spec_text


def _hand_over(
    manifest: Manifest, recorded: list[Path], going: set[Path], spec: Spec, name: str
) -> None:
    """The records of the files that go are dropped; a file that stays is
    recorded for the staying entries defined in it or bound to a port it
    defines, or no longer recorded when it was `name`'s alone (a twin a test
    uses is the user's from now on)."""
    for path in recorded:
        owners = manifest.owners_of(path)
        if path in going:
            manifest.hand_over(path, [])
        elif name in owners:
            module = module_name(path)
            users = {
                c.class_name
                for c in spec.components
                if c.module == module
                or module in {p.rpartition(".")[0] for p in c.implements}
            }
            manifest.hand_over(path, sorted((owners - {name}) | users))


def _tables_of(project: Project, paths: set[Path]) -> list[str]:
    """The tables whose model modules are among `paths`."""
    modules = {module_name(path) for path in paths}
    tables = index_project(project).tables.values()
    return sorted(table.name for table in tables if table.model_module in modules)
