"""Stands in for the interpreter: sends its command line, working
directory, environment and standard streams to the warm Python
(warm_python_server.py) and ends as the child that ran them ends. Started
with `-I -S` (no site, nothing imported but the standard library's basics),
so it costs a few milliseconds.

The caller sees one process: the signals it sends this one (SIGTERM to stop
a server, SIGINT...) are passed on to the child, and a child killed by a
signal ends this process by the same signal.

A command line the server does not take the way a cold interpreter would
(options before the script, no arguments) runs on the real interpreter, and
so does a process handed descriptors beyond the three streams
(multiprocessing's children): the child, forked elsewhere, could not have
them.
"""

import contextlib
import json
import os
import signal
import socket
import struct
import sys

_HEADER = struct.Struct("!I")
_NUMBER = struct.Struct("!i")
_FORWARDED = (
    signal.SIGTERM,
    signal.SIGINT,
    signal.SIGHUP,
    signal.SIGQUIT,
    signal.SIGUSR1,
    signal.SIGUSR2,
)


def main(socket_path: str, python: str) -> None:
    args = sys.argv[1:]
    if not _taken(args) or _inherited_descriptors():
        os.execv(python, [python, *args])
    child = _Child()
    request = json.dumps(
        {"args": args, "cwd": os.getcwd(), "env": dict(os.environ)}
    ).encode()
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(socket_path)
    except OSError:  # the server is gone: the real interpreter, cold
        os.execv(python, [python, *args])
    message = _HEADER.pack(len(request)) + request
    sent = socket.send_fds(client, [message], [0, 1, 2])
    client.sendall(message[sent:])
    child.started(_receive_number(client))
    _end_as(_receive_number(client))


class _Child:
    """Passes signals on to the child once its pid is known; those that come
    before wait for it."""

    def __init__(self) -> None:
        self._pid: int | None = None
        self._pending: list[int] = []
        for number in _FORWARDED:
            signal.signal(number, self._forward)

    def started(self, pid: int) -> None:
        self._pid = pid
        for number in self._pending:
            os.kill(pid, number)

    def _forward(self, number: int, _frame: object) -> None:
        if self._pid is None:
            self._pending.append(number)
        else:
            os.kill(self._pid, number)


def _receive_number(client: socket.socket) -> int:
    answer = b""
    while len(answer) < _NUMBER.size:
        more = client.recv(_NUMBER.size - len(answer))
        if not more:
            sys.stderr.write("warm python: the server went away\n")
            os._exit(1)
        answer += more
    return int(_NUMBER.unpack(answer)[0])


def _end_as(code: int) -> None:
    """Exits with the child's code; killed by a signal, dies of it too."""
    if code < 0:
        # Its default action, whatever this process set (Python ignores
        # SIGPIPE); SIGKILL and SIGSTOP take no setting.
        with contextlib.suppress(OSError):
            signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    os._exit(code if code >= 0 else 128 - code)


def _taken(args: list[str]) -> bool:
    if not args:
        return False
    if args[0] in ("-m", "-c"):
        return len(args) >= 2
    return not args[0].startswith("-")


def _inherited_descriptors() -> bool:
    """Whether this process was handed descriptors beyond 0, 1 and 2."""
    listed = [int(name) for name in os.listdir("/proc/self/fd")]
    # The listing's own descriptor is closed by now: fstat tells which remain.
    return any(_open(descriptor) for descriptor in listed if descriptor > 2)


def _open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True
