"""The warm interpreter (tests/support/warm_python.py) runs a command as a
cold one would: arguments, streams, exit code, working directory,
environment, the project of its own path, and its own Python processes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.polling import wait_until
from tests.support.warm_python import warm_interpreter


def run(
    *arguments: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    python: str | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [python or str(warm_interpreter()), *arguments],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_arguments_streams_and_exit_code_are_the_command_s() -> None:
    code = "import sys; print(sys.argv[1:], input().upper()); sys.stderr.write('e')"

    completed = run("-c", code + "; sys.exit(3)", "a", "b", stdin="hi\n")

    assert (completed.returncode, completed.stdout, completed.stderr) == (
        3,
        "['a', 'b'] HI\n",
        "e",
    )


def test_an_uncaught_error_is_exit_1_with_its_traceback() -> None:
    completed = run("-c", "raise LookupError('nope')")

    assert completed.returncode == 1
    assert "LookupError: nope" in completed.stderr
    assert completed.stderr.startswith("Traceback")


def test_a_script_imports_the_project_its_path_names(tmp_path: Path) -> None:
    # `app` as the tests' copies have it: the child's own, never the server's.
    (tmp_path / "src/app").mkdir(parents=True)
    (tmp_path / "src/app/__init__.py").write_text("WHERE = 'the copy'\n")
    (tmp_path / "tool.py").write_text(
        "import os, sys, app\n"
        "print(app.WHERE, os.getcwd(), os.environ['MARK'], sys.argv, sep='|')\n"
    )
    environment = {
        **os.environ,
        "MARK": "set",
        "PYTHONPATH": str(tmp_path / "src"),
    }

    completed = run("tool.py", "x", cwd=tmp_path, env=environment)

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().split("|") == [
        "the copy",
        str(tmp_path),
        "set",
        "['tool.py', 'x']",
    ]


def test_a_module_runs_as_main_with_the_working_directory_first(
    tmp_path: Path,
) -> None:
    (tmp_path / "probe.py").write_text(
        "import sys\nprint(__name__, sys.path[0] == sys.argv[1])\n"
    )

    completed = run("-m", "probe", str(tmp_path), cwd=tmp_path)

    assert completed.stdout == "__main__ True\n", completed.stderr


def test_its_own_python_processes_start_warm_and_answer_alike() -> None:
    nested = (
        "import subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-c', 'print(6 * 7)'],"
        " capture_output=True, text=True)\n"
        "print(sys.executable, done.stdout.strip())\n"
    )

    warm = run("-c", nested)
    cold = run("-c", nested, python=sys.executable)

    assert warm.stdout.split() == [str(warm_interpreter()), "42"], warm.stderr
    assert cold.stdout.split() == [sys.executable, "42"]


def test_a_command_whose_caller_gives_up_is_stopped(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    sleeper = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid()))"

    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run(
            [str(warm_interpreter()), "-c", sleeper + "; time.sleep(60)"],
            timeout=2,
        )

    pid = int(pid_file.read_text())
    wait_until(lambda: not _alive(pid), within=5)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    # Killed but not yet reaped by the server: a zombie is stopped too.
    return not (status.exists() and status.read_text().split()[2] == "Z")
