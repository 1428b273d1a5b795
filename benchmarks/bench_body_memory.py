"""The server's memory under large request bodies (issue 14).

Starts the service with uvicorn in a subprocess (SQLite in a temporary
folder), sends ``--clients`` concurrent anonymous sign-ups whose JSON body is
``--mib`` MiB each (the password padded out), and reads the server's
resident memory from /proc: before, the peak (VmHWM) and after the requests
(plus a pause). Run it once with the default MAX_REQUEST_BODY_BYTES and once
with ``--limit`` above the body size to see what the limit saves; with
``--chunked`` the bodies declare no length, so the limit stops them as they
stream in rather than on their Content-Length:

    .venv/bin/python benchmarks/bench_body_memory.py                   # 1 MiB limit
    .venv/bin/python benchmarks/bench_body_memory.py --limit 209715200 # no limit
    .venv/bin/python benchmarks/bench_body_memory.py --chunked

Linux only (/proc). A script, not a test: it prints what it measured.
"""

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

MIB = 1024 * 1024
CHUNK = 64 * 1024
ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _memory_mib(pid: int) -> tuple[float, float]:
    """Resident memory now and at its peak (VmRSS, VmHWM), in MiB."""
    fields = dict(
        line.split(":", 1)
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return (
        int(fields["VmRSS"].split()[0]) / 1024,
        int(fields["VmHWM"].split()[0]) / 1024,
    )


def _start_server(
    port: int, folder: Path, limit: int | None
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'app.db'}",
        "FILE_STORAGE_ROOT": str(folder / "files"),
    }
    # Nothing configured but the database: in-process adapters only.
    for name in ("REDIS_URL", "AMQP_URL", "S3_BUCKET_URL"):
        env.pop(name, None)
    if limit is not None:
        env["MAX_REQUEST_BODY_BYTES"] = str(limit)
    command = [sys.executable, "-m", "uvicorn", "setup.main:app", "--port", str(port)]
    return subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


async def _wait_until_up(client: httpx.AsyncClient) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if (await client.get("/health")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("the server did not start within 60 s")


async def _sign_up(
    client: httpx.AsyncClient, index: int, size: int, *, chunked: bool
) -> str:
    head = f'{{"email": "big{index}@example.com", "password": "'.encode()
    tail = b'"}'
    padding = size - len(head) - len(tail)

    async def body() -> AsyncIterator[bytes]:
        yield head
        for start in range(0, padding, CHUNK):
            yield b"x" * min(CHUNK, padding - start)
        yield tail

    headers = {"Content-Type": "application/json"}
    if not chunked:
        headers["Content-Length"] = str(size)
    try:
        response = await client.post(
            "/api/v1/auth/sign-up", content=body(), headers=headers
        )
    except httpx.TransportError as err:
        # The server answered and closed while the body was still being sent.
        return type(err).__name__
    return str(response.status_code)


async def _measure(args: argparse.Namespace) -> None:
    port = _free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = _start_server(port, Path(folder), args.limit)
        try:
            timeout = httpx.Timeout(120)
            base_url = f"http://127.0.0.1:{port}"
            async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as client:
                await _wait_until_up(client)
                before, _ = _memory_mib(server.pid)
                started = time.monotonic()
                outcomes = await asyncio.gather(
                    *(
                        _sign_up(client, i, args.mib * MIB, chunked=args.chunked)
                        for i in range(args.clients)
                    )
                )
                seconds = time.monotonic() - started
                _, peak = _memory_mib(server.pid)
                await asyncio.sleep(args.settle)
                after, _ = _memory_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    limit = "default (1 MiB)" if args.limit is None else f"{args.limit:,} bytes"
    print(f"MAX_REQUEST_BODY_BYTES: {limit}")
    sent = "chunked" if args.chunked else "with Content-Length"
    print(
        f"{args.clients} concurrent sign-ups of {args.mib} MiB ({sent}) "
        f"in {seconds:.1f} s"
    )
    print(f"answers: {dict(Counter(outcomes))}")
    print("| RSS before | peak (VmHWM) | RSS after |")
    print("| ---: | ---: | ---: |")
    print(f"| {before:.0f} MiB | {peak:.0f} MiB | {after:.0f} MiB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--mib", type=int, default=100, help="body size of each")
    parser.add_argument("--limit", type=int, help="MAX_REQUEST_BODY_BYTES")
    parser.add_argument("--chunked", action="store_true", help="send no Content-Length")
    parser.add_argument(
        "--settle", type=float, default=2.0, help="seconds before 'after'"
    )
    asyncio.run(_measure(parser.parse_args()))


if __name__ == "__main__":
    main()
