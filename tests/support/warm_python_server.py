"""A warm Python: one process that has imported the third-party libraries
once, and forks a child for each command it is sent, run as a new
interpreter would run it (`script args`, `-m module args`, `-c code args`).

Started by tests/support/warm_python.py as a script of its own, so it holds
no module of the project, the tests or the scaffolder: a child imports the
project it is pointed at (PYTHONPATH, working directory) as a cold
interpreter would. Of the ~1.5 s of CPU a scaffolding command's Python
processes each spent starting, ~1 s was importing these libraries.

Protocol, over a Unix socket: the client (warm_python_client.py) sends a
4-byte length, a JSON request {args, cwd, env} and its stdin, stdout and
stderr as file descriptors; the server answers with the child's pid (4
bytes, so the client can pass signals on) and, when it ends, its exit code
(4 bytes, signed: minus the signal's number if a signal killed it). A
client that goes away first has its child killed.

Usage: python warm_python_server.py SOCKET_PATH LAUNCHER_PATH
"""

import contextlib
import gc
import importlib
import json
import os
import runpy
import select
import signal
import socket
import struct
import sys
import threading
import traceback
from typing import Any

# Third-party only: whatever a child imports of its own project must come
# from that project. Listed by what the scaffolder and the app import.
PRELOADED = (
    "aiohttp",
    "aio_pika",
    "aiosqlite",
    "alembic.autogenerate",
    "alembic.command",
    "alembic.config",
    "alembic.runtime.migration",
    "argon2",
    "asyncpg",
    "dishka",
    "dishka.integrations.fastapi",
    "fastapi",
    "fastapi.responses",
    "httpx",
    "jinja2",
    "pydantic",
    "pydantic_settings",
    "redis.asyncio",
    "sqlalchemy",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.ext.asyncio",
    "sqlalchemy.orm",
    "starlette",
    "typer",
)
_HEADER = struct.Struct("!I")
_NUMBER = struct.Struct("!i")


def main(socket_path: str, launcher: str) -> None:
    # A fresh interpreter's path, without this file's own folder.
    base_path = [entry for entry in sys.path[1:] if entry]
    for name in PRELOADED:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
    # What is imported stays out of the collector's way: a child that ran a
    # collection would touch, and so copy, every page those objects are on.
    gc.freeze()
    # Forking is only safe from a process with one thread.
    assert threading.active_count() == 1, threading.enumerate()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(64)
    print("ready", flush=True)
    _serve(listener, base_path, launcher)


def _serve(listener: socket.socket, base_path: list[str], launcher: str) -> None:
    """Until the test process that started it goes away (its end of our
    stdin closes)."""
    running: dict[int, socket.socket] = {}
    while True:
        waiting = [sys.stdin, listener, *running.values()]
        readable, _, _ = select.select(waiting, [], [], 0.02)
        for ready in readable:
            if ready is sys.stdin:
                return
            if ready is listener:
                connection, _ = listener.accept()
                try:
                    pid = _start(connection, listener, running, base_path, launcher)
                except (OSError, ValueError):  # a client gone mid-request
                    connection.close()
                    continue
                running[pid] = connection
            else:  # the client went away: its child goes too
                pid = next(p for p, c in running.items() if c is ready)
                _kill(pid)
        _reap(running)


def _start(
    connection: socket.socket,
    listener: socket.socket,
    running: dict[int, socket.socket],
    base_path: list[str],
    launcher: str,
) -> int:
    request, descriptors = _receive(connection)
    pid = os.fork()
    if pid == 0:
        listener.close()
        for other in running.values():
            other.close()
        connection.close()
        # The child's own Python processes come back here too.
        sys.executable = launcher
        _run_child(request, descriptors, base_path)
    for descriptor in descriptors:
        os.close(descriptor)
    try:
        connection.sendall(_NUMBER.pack(pid))
    except OSError:  # the client is gone already
        _kill(pid)
        raise
    return pid


def _receive(connection: socket.socket) -> tuple[dict[str, Any], list[int]]:
    data, descriptors, _, _ = socket.recv_fds(connection, 1 << 16, 3)
    while (more := _missing(data)) and (received := connection.recv(more)):
        data += received
    return json.loads(data[_HEADER.size :]), list(descriptors)


def _missing(data: bytes) -> int:
    """How many bytes of the request are still to come."""
    if len(data) < _HEADER.size:
        return _HEADER.size - len(data)
    return _HEADER.size + int(_HEADER.unpack_from(data)[0]) - len(data)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(running: dict[int, socket.socket]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # no child at all
            return
        if pid == 0:
            return
        connection = running.pop(pid, None)
        if connection is None:  # killed as its client left before its pid went
            continue
        with contextlib.suppress(OSError):
            connection.sendall(_NUMBER.pack(os.waitstatus_to_exitcode(status)))
        connection.close()


def _run_child(
    request: dict[str, Any], descriptors: list[int], base_path: list[str]
) -> None:
    code = 1
    try:
        for target, descriptor in zip((0, 1, 2), descriptors, strict=True):
            os.dup2(descriptor, target)
            os.close(descriptor)
        code = _run(request["args"], request["cwd"], request["env"], base_path)
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)


def _run(
    args: list[str], cwd: str, environment: dict[str, str], base_path: list[str]
) -> int:
    """Runs `args` as `python ARGS` would, started in `cwd` with
    `environment`; returns its exit code."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(environment)
    sys.dont_write_bytecode = bool(environment.get("PYTHONDONTWRITEBYTECODE"))
    python_path = environment.get("PYTHONPATH", "").split(os.pathsep)
    path = [*filter(None, python_path), *base_path]
    try:
        if args[0] == "-m":
            sys.argv = [args[1], *args[2:]]
            sys.path[:] = [cwd, *path]
            runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        elif args[0] == "-c":
            sys.argv = ["-c", *args[2:]]
            sys.path[:] = ["", *path]
            exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
        else:
            script = os.path.realpath(os.path.join(cwd, args[0]))
            sys.argv = args
            sys.path[:] = [os.path.dirname(script), *path]
            # As given: run_path makes it sys.argv[0], as a cold one keeps it.
            runpy.run_path(args[0], run_name="__main__")
    except SystemExit as exit_:
        return _exit_code(exit_.code)
    return 0


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
