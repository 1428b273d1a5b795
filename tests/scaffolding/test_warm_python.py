"""The warm interpreter (tests/support/warm_python.py) runs a command as a
cold one would: arguments, streams, exit code, working directory,
environment, the project of its own path, its own Python processes, the
signals its caller sends and the descriptors it hands over."""

import os
import signal
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


INTERPRETERS = pytest.mark.parametrize("python", ["warm", "cold"])


def _interpreter(python: str) -> str:
    return str(warm_interpreter()) if python == "warm" else sys.executable


@INTERPRETERS
def test_a_signal_sent_to_it_reaches_the_command(python: str) -> None:
    # As a server stopped with SIGTERM: its handler runs and picks the code.
    stopping = (
        "import signal, sys, time\n"
        "def stop(number, frame):\n"
        "    print('stopped by', signal.Signals(number).name, flush=True)\n"
        "    sys.exit(7)\n"
        "signal.signal(signal.SIGTERM, stop)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    with subprocess.Popen(
        [_interpreter(python), "-c", stopping], stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
        process.send_signal(signal.SIGTERM)
        rest = process.stdout.read()

    assert (process.returncode, rest) == (7, "stopped by SIGTERM\n")


@INTERPRETERS
def test_a_command_killed_by_a_signal_is_reported_so(python: str) -> None:
    killed = "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"

    completed = run("-c", killed, python=_interpreter(python))

    assert completed.returncode == -signal.SIGKILL


def test_a_command_handed_more_descriptors_runs_cold_and_can_use_them() -> None:
    # multiprocessing's children are started so: a child forked by the
    # server could not have the descriptor.
    read_end, write_end = os.pipe()
    using = "import os, sys; os.write(int(sys.argv[1]), sys.executable.encode())"
    try:
        completed = subprocess.run(
            [str(warm_interpreter()), "-c", using, str(write_end)],
            pass_fds=(write_end,),
            check=False,
            timeout=60,
        )
        os.close(write_end)
        written = os.read(read_end, 4096).decode()
    finally:
        os.close(read_end)

    assert (completed.returncode, written) == (0, sys.executable)


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
    # Killed but not yet reaped by the server: a zombie is stopped too. Reaped
    # between the two looks, its /proc entry goes (or answers ESRCH): gone.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"
