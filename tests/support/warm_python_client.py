"""Stands in for the interpreter: sends its command line, working
directory, environment and standard streams to the warm Python
(warm_python_server.py) and exits with the code of the child that ran
them. Started with `-I -S` (no site, nothing imported but the standard
library's basics), so it costs a few milliseconds.

A command line the server does not take the way a cold interpreter would
(options before the script, no arguments) runs on the real interpreter.
"""

import json
import os
import socket
import struct
import sys

_HEADER = struct.Struct("!I")
_EXIT = struct.Struct("!i")


def main(socket_path: str, python: str) -> None:
    args = sys.argv[1:]
    if not _taken(args):
        os.execv(python, [python, *args])
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
    answer = b""
    while len(answer) < _EXIT.size:
        more = client.recv(_EXIT.size - len(answer))
        if not more:
            sys.stderr.write("warm python: the server went away\n")
            os._exit(1)
        answer += more
    os._exit(_EXIT.unpack(answer)[0])


def _taken(args: list[str]) -> bool:
    if not args:
        return False
    if args[0] in ("-m", "-c"):
        return len(args) >= 2
    return not args[0].startswith("-")
