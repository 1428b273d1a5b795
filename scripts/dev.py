#!/usr/bin/env python3
"""The project's commands; needs nothing but Python 3.11+ and git.

    python3 scripts/dev.py serve   # install, migrate, serve on http://127.0.0.1:8000
    python3 scripts/dev.py test    # install, then every check and test
    python3 scripts/dev.py new ../library-service --name library-service
    python3 scripts/dev.py update  # in a service made by `new`: the base's improvements

Each creates .venv and installs the locked dependencies (requirements/dev.txt,
checked against its hashes) and the project into it when the lock or
pyproject.toml has changed since the last install, so they work on a fresh
clone. `serve --debug` shows the traceback of a failed start.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

from service_base.errors import ServiceBaseError
from service_base.git import commit_all, git, head_commit, is_dirty
from service_base.names import ServiceName
from service_base.record import ServiceRecord
from service_base.render import render_service
from service_base.update import UpdatePlan, update

# `test` reports the time taken since, installing included.
STARTED = time.monotonic()
ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".install-stamp"
LOCK = ROOT / "requirements" / "dev.txt"

CHECKS: list[list[str]] = [
    ["ruff", "check", "."],
    ["ruff", "format", "--check", "."],
    ["mypy", "src", "setup", "scripts", "benchmarks"],
    ["lint-imports"],
    ["python", "scripts/add-adapter", "check"],
]


def main(argv: list[str]) -> int:
    if argv[:1] in (["serve"], ["test"]):
        # Everything after the command goes to uvicorn or pytest as it is.
        _install()
        return _serve(argv[1:]) if argv[0] == "serve" else _test(argv[1:])
    arguments = _parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except ServiceBaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/dev.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    commands.add_parser("serve", help="install, migrate, serve (extra args: uvicorn's)")
    commands.add_parser(
        "test", help="install, run every check and test (extra args: pytest's)"
    )
    new = commands.add_parser(
        "new",
        help="write a new service from this base's current commit",
        description="Writes a new service at PATH from this base's current commit: "
        "renamed, without the demo aggregates demo.toml lists, with its own "
        "first migration and README, in a new git repository with a first commit. "
        "Uncommitted changes of the base are not taken.",
    )
    new.add_argument("path", type=Path, metavar="PATH", help="where (missing or empty)")
    new.add_argument("--name", required=True, help="e.g. library-service")
    new.set_defaults(run=_new)
    up = commands.add_parser(
        "update",
        help="take the base's improvements since .service-base.json's commit",
        description="In a service made by `new`: merges the base's changes since "
        "the recorded commit (three-way: files you never touched are updated, "
        "edited ones merged, conflicts left with markers and listed), and "
        "advances the recorded commit. Refuses on uncommitted changes.",
    )
    up.add_argument(
        "--from",
        dest="source",
        metavar="PATH_OR_GIT_URL",
        help="the base to update from (default: the recorded source)",
    )
    up.add_argument("--dry-run", action="store_true", help="list what would change")
    up.set_defaults(run=_update)
    return parser


def _new(arguments: argparse.Namespace) -> int:
    target: Path = arguments.path.resolve()
    name = ServiceName(arguments.name)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ServiceBaseError(f"{arguments.path} is not empty: choose a new folder")
    if is_dirty(ROOT):
        print(
            "note: the base has uncommitted changes; the service is made from "
            "its last commit without them",
            file=sys.stderr,
        )
    _install()
    record = ServiceRecord(name=str(name), source=str(ROOT), commit=head_commit(ROOT))
    created = not target.exists()
    try:
        render_service(ROOT, record, target, BIN / "python")
        git(target, "init", "--quiet")
        commit_all(target, f"Start {name} from service-base {record.commit[:12]}")
    except BaseException:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        raise
    print(
        f"{name} written to {target}; next:\n"
        f"  cd {arguments.path} && python3 scripts/dev.py test"
    )
    return 0


def _update(arguments: argparse.Namespace) -> int:
    _install()
    plan = update(ROOT, arguments.source, BIN / "python", dry_run=arguments.dry_run)
    if plan is None:
        print("up to date with the base")
        return 0
    _report(plan, dry_run=arguments.dry_run)
    return 1 if plan.conflicts else 0


def _report(plan: UpdatePlan, *, dry_run: bool) -> None:
    verb = "would change" if dry_run else "changed"
    print(f"update to service-base {plan.record.commit[:12]} {verb}:")
    for line in plan.changed:
        print(f"  {line}")
    if plan.conflicts:
        print("conflicts (resolve the markers, then `scripts/add-adapter sync`):")
        for path in plan.conflicts:
            print(f"  {path}")


def _install() -> None:
    digest = hashlib.sha256()
    for path in (ROOT / "pyproject.toml", LOCK):
        digest.update(path.read_bytes())
    wanted = digest.hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing the locked dependencies and the project into .venv", flush=True)
    # uv installs the lock in seconds where pip takes most of a minute. It
    # comes from the lock too, by pip, checked against its hashes.
    with tempfile.TemporaryDirectory() as directory:
        uv_pin = Path(directory) / "uv.txt"
        uv_pin.write_text(_locked_entry("uv"), encoding="utf-8")
        _run(
            [
                "python",
                "-m",
                "pip",
                "install",
                "--quiet",
                "--require-hashes",
                "-r",
                str(uv_pin),
            ]
        )
    # Compiled at install, as pip does: where PYTHONDONTWRITEBYTECODE is set
    # (this CI's machines), every process would compile the libraries again.
    uv = ["uv", "pip", "install", "--quiet", "--compile-bytecode"]
    uv += ["--python", str(BIN / "python")]
    # Exactly the versions the lock names, each checked against its hashes;
    # then the project alone, so nothing unlocked comes in through it.
    _run([*uv, "--require-hashes", "-r", str(LOCK)])
    _run([*uv, "--no-deps", "--editable", "."])
    STAMP.write_text(wanted)


def _locked_entry(package: str) -> str:
    """The lock's lines for `package`: its pin and hashes, up to the line
    that ends without a continuation."""
    lines = LOCK.read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(f"{package}=="))
    end = next(n for n in range(start, len(lines)) if not lines[n].endswith("\\"))
    return "\n".join(lines[start : end + 1]) + "\n"


def _serve(extra: list[str]) -> int:
    debug = ["--debug"] if "--debug" in extra else []
    extra = [argument for argument in extra if argument != "--debug"]
    if code := _call(["python", "-m", "setup.cli", *debug, "migrate"]):
        return code  # its error is already on stderr
    if debug:
        os.environ["LOG_LEVEL"] = "DEBUG"
    # Replaces this process, so stopping its PID (Ctrl-C, kill) stops the
    # server itself, with nothing left behind.
    command = _tool(["uvicorn", "setup.main:app", *(extra or ["--port", "8000"])])
    os.chdir(ROOT)
    return os.execv(command[0], command)


def _test(pytest_args: list[str]) -> int:
    """The checks at once, then pytest in one worker per core (pytest-xdist)
    unless told otherwise (`-n 0` runs serially); the time each part took."""
    started = time.monotonic()
    code = _check()
    checked = time.monotonic()
    parts = f"installing {started - STARTED:.0f} s, checks {checked - started:.0f} s"
    if code == 0:
        command = ["pytest", *_in_parallel_by_default(pytest_args)]
        print(f"$ {' '.join(command)}", flush=True)
        code = _call(command)
        parts += f", pytest {time.monotonic() - checked:.0f} s"
    outcome = "passed" if code == 0 else "FAILED"
    print(f"{outcome} in {time.monotonic() - STARTED:.0f} s: {parts}", flush=True)
    return code


def _check() -> int:
    """Runs every check at once, each writing to a file of its own; prints
    their outputs whole, in CHECKS order. The first check to fail stops the
    others, and its output is printed at once."""
    with tempfile.TemporaryDirectory() as directory:
        outputs = [Path(directory) / str(number) for number in range(len(CHECKS))]
        running = [
            _start(check, output) for check, output in zip(CHECKS, outputs, strict=True)
        ]
        shown = 0
        while shown < len(CHECKS):
            failed = [n for n, process in enumerate(running) if process.poll()]
            if failed:
                for process in running:
                    process.kill()
                    process.wait()
                _show(CHECKS[failed[0]], outputs[failed[0]])
                return running[failed[0]].returncode
            while shown < len(CHECKS) and running[shown].poll() == 0:
                _show(CHECKS[shown], outputs[shown])
                shown += 1
            time.sleep(0.05)
    return 0


def _start(check: list[str], output: Path) -> subprocess.Popen[bytes]:
    with output.open("wb") as file:
        return subprocess.Popen(
            _tool(check), cwd=ROOT, stdout=file, stderr=subprocess.STDOUT
        )


def _show(check: list[str], output: Path) -> None:
    print(f"$ {' '.join(check)}", flush=True)
    sys.stdout.buffer.write(output.read_bytes())
    sys.stdout.flush()


def _in_parallel_by_default(pytest_args: list[str]) -> list[str]:
    """One worker per core unless the arguments say how many (`-n 0`: none,
    all in one process). A worker takes a whole test module at a time, so a
    module's fixtures are made once, in the order tests/conftest.py sets
    (the slowest modules first)."""
    defaults: list[str] = []
    if not _given(pytest_args, "-n", "--numprocesses"):
        # Each worker has a Redis database of its own, and a Redis server
        # has 16 (tests/support/workers.py).
        defaults += ["-n", "auto", "--maxprocesses", "15"]
    if not _given(pytest_args, "--dist"):
        defaults += ["--dist", "loadscope", "--no-loadscope-reorder"]
    return [*defaults, *pytest_args]


def _given(arguments: list[str], *options: str) -> bool:
    return any(argument.startswith(options) for argument in arguments)


def _tool(command: list[str]) -> list[str]:
    return [str(BIN / command[0]), *command[1:]]


def _call(command: list[str]) -> int:
    return subprocess.call(_tool(command), cwd=ROOT)


def _run(command: list[str]) -> None:
    subprocess.run(_tool(command), cwd=ROOT, check=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
