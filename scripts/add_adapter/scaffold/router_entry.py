"""The router entry of a scaffolded controller: its module in the import of
the controllers and its router in CONTROLLER_ROUTERS, in the hand-written
src/app/presentation/http/router.py. Added by an addition that has routers
(a resource), taken out by `remove`; a line already there is left as it is,
so adding twice changes nothing."""

from pathlib import Path

from add_adapter.files import read_text_or_none
from add_adapter.paths import Project
from add_adapter.scaffold.errors import ScaffoldError

ROUTER_PATH = Path("src/app/presentation/http/router.py")
CONTROLLERS = "app.presentation.http.controllers"
_IMPORT = f"from {CONTROLLERS} import ("
_TUPLE = "CONTROLLER_ROUTERS: tuple[APIRouter, ...] = ("


def with_routers(project: Project, modules: list[str]) -> dict[Path, str | None]:
    """router.py including the routers of `modules` (nothing to write when
    no module is given)."""
    if not modules:
        return {}
    text = _router_text(project)
    lines = text.splitlines(keepends=True)
    for name in (_controller_name(module) for module in modules):
        _insert(lines, _IMPORT, f"    {name},\n", sort=True)
        _insert(lines, _TUPLE, f"    {name}.router,\n", sort=False)
    return {ROUTER_PATH: "".join(lines)}


def without_routers(project: Project, modules: list[str]) -> dict[Path, str | None]:
    """router.py without the entries of the controllers in `modules`."""
    names = {_controller_name(module) for module in modules}
    text = read_text_or_none(project.absolute(ROUTER_PATH))
    if not names or text is None:
        return {}
    entries = {f"    {name},\n" for name in names} | {
        f"    {name}.router,\n" for name in names
    }
    kept = [line for line in text.splitlines(keepends=True) if line not in entries]
    return {ROUTER_PATH: "".join(kept)}


def controller_modules(paths: list[Path]) -> list[str]:
    """The controller modules among `paths` (the files an addition or a
    removal writes or deletes)."""
    folder = Path("src", *CONTROLLERS.split("."))
    return [
        f"{CONTROLLERS}.{path.stem}"
        for path in paths
        if path.parent == folder and path.suffix == ".py" and path.stem != "__init__"
    ]


def _router_text(project: Project) -> str:
    text = read_text_or_none(project.absolute(ROUTER_PATH))
    if text is None or _IMPORT not in text or _TUPLE not in text:
        raise ScaffoldError(
            ROUTER_PATH.as_posix(),
            f"has no '{_IMPORT}' block and '{_TUPLE}' tuple to add the "
            "controller's router to",
        )
    return text


def _controller_name(module: str) -> str:
    return module.rpartition(".")[2]


def _insert(lines: list[str], opening: str, entry: str, *, sort: bool) -> None:
    """`entry` in the block that `opening` starts, unless it is there: at
    its sorted place, or last."""
    start = next(i for i, line in enumerate(lines) if line.startswith(opening))
    end = next(i for i in range(start, len(lines)) if lines[i].startswith(")"))
    block = lines[start + 1 : end]
    if any(line.split("#")[0].rstrip() + "\n" == entry for line in block):
        return
    position = end
    if sort:
        later = [i for i, line in enumerate(block) if line.strip() > entry.strip()]
        position = start + 1 + later[0] if later else end
    lines.insert(position, entry)
