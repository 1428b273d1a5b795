"""A warm interpreter for the Python commands the tests start by the
hundred: scaffolding commands in copies of the project, the checks they run
in their staged copies, the service renders of `new` and `update`.

`warm_interpreter()` is a path to use instead of sys.executable. Behind it,
one server per test process (warm_python_server.py) has imported the
third-party libraries once and forks a child per command, which imports the
project it is run in and runs as a cold interpreter would, with the
caller's arguments, working directory, environment and standard streams.
The child's own `sys.executable` is the warm path too, so the scaffolder's
staged checks start warm, and so do the processes the pytest runs in
copies start: servers and workers included, since the launcher passes the
signals it gets on to the child and ends as the child ends (killed by
SIGTERM, it reports -15 as a cold interpreter would). A process handed
descriptors beyond the three streams (multiprocessing's children) runs
cold: a child forked by the server could not have them.

One difference shows: a pytest run notes that anyio, its plugin, was
imported before pytest could rewrite its asserts (PytestAssertRewriteWarning,
"1 warning" in the summary); anyio holds no test of ours.
"""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

SUPPORT = Path(__file__).resolve().parent


@cache
def warm_interpreter() -> Path:
    """This process's warm interpreter, started on first use and stopped
    when the process ends; or the one it runs on (a pytest run in a copy)."""
    if _is_launcher(Path(sys.executable)):
        return Path(sys.executable)
    directory = Path(tempfile.mkdtemp(prefix="warm-python-"))
    socket_path = directory / "socket"
    launcher = _bin_folder(directory / "bin") / "python"
    launcher.write_text(_launcher_text(socket_path), encoding="utf-8")
    launcher.chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    with (directory / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                str(SUPPORT / "warm_python_server.py"),
                str(socket_path),
                str(launcher),
            ],
            env=environment,
            # Held open by this process: the server ends when it closes.
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
        )
    atexit.register(_stop, server, directory)
    assert server.stdout is not None
    if server.stdout.readline().strip() != b"ready":
        server.kill()
        raise RuntimeError(
            f"the warm Python did not start: {(directory / 'server.log').read_text()}"
        )
    return launcher


def _is_launcher(python: Path) -> bool:
    # A launcher is a script; an interpreter, a binary.
    with python.open("rb") as start:
        return start.read(2) == b"#!"


def _bin_folder(folder: Path) -> Path:
    """A folder that stands in for the venv's bin/: the launcher as its
    `python`, the venv's other commands linked (the scaffolder takes ruff
    from beside sys.executable)."""
    folder.mkdir()
    for command in Path(sys.executable).parent.iterdir():
        if not command.name.startswith("python"):
            (folder / command.name).symlink_to(command)
    return folder


def _launcher_text(socket_path: Path) -> str:
    # -IS: isolated and without site, so the launcher starts in milliseconds.
    return (
        f"#!{sys.executable} -IS\n"
        "import sys\n"
        f"sys.path.insert(0, {str(SUPPORT)!r})\n"
        "from warm_python_client import main\n"
        f"main({str(socket_path)!r}, {sys.executable!r})\n"
    )


def _stop(server: subprocess.Popen[bytes], directory: Path) -> None:
    server.kill()
    server.wait()
    shutil.rmtree(directory, ignore_errors=True)
