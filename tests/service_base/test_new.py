"""`python3 scripts/dev.py new`: a service of its own, renamed, without the
demo, that passes its own checks and tests."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.warm_python import warm_interpreter
from tests.support.workers import XDIST_VARIABLES

from .conftest import NAME, REPO_ROOT
from .demo_words import demo_words


def run(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    # A pytest run in the service is a run of its own, not a worker of this
    # one: a worker's variables would send it to this run's shared folder.
    for name in ("ADD_ADAPTER_ROOT", *XDIST_VARIABLES):
        environment.pop(name, None)
    return subprocess.run(
        list(command),
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.skipif(
    not (REPO_ROOT / "demo.toml").exists(),
    reason="a service made from the base has no demo to leave out: its own "
    "aggregates may use any word",
)
def test_no_file_of_the_service_names_the_demo(service: Path) -> None:
    # demo_words.py names the words it looks for.
    words = [w for w in demo_words(service) if "/demo_words.py:" not in w]

    assert words == []


def test_the_demo_is_gone_and_the_core_is_kept(service: Path) -> None:
    assert not (service / "demo.toml").exists()
    migrations = service / "src/app/infrastructure/persistence/migrations"
    assert sorted(p.name for p in migrations.iterdir()) == ["core", "versions"]
    assert len(list((migrations / "core").glob("*.py"))) == 1
    spec = json.loads((service / "setup/spec.json").read_text())
    kept = {component["class_name"] for component in spec["components"]}
    assert {"SignUp", "LogIn", "SqlaSessionIdentityProvider", "SqlaEventOutbox"} <= kept
    assert {"RabbitMqMessagePublisher", "InProcessMessageBus"} <= kept


def test_every_name_two_services_could_share_is_the_service_s(service: Path) -> None:
    script = (
        "from setup.config import Settings; from setup.app_factory import create_app\n"
        "s = Settings(_env_file=None)\n"
        "print(s.database_url, s.session_cookie_name, s.rabbitmq_exchange,"
        " create_app(s).title, sep='\\n')"
    )
    completed = run(service, sys.executable, "-c", script)

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == [
        "sqlite+aiosqlite:///./var/library_service.db",
        "library_service_session",
        "library-service.events",
        NAME,
    ]
    pyproject = (service / "pyproject.toml").read_text()
    assert f'name = "{NAME}"' in pyproject
    assert (service / "README.md").read_text().startswith(f"# {NAME}\n")


def test_check_passes_in_the_service(service: Path) -> None:
    completed = run(service, str(warm_interpreter()), "scripts/add-adapter", "check")

    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_service_s_unit_and_wiring_tests_pass(service: Path) -> None:
    completed = run(
        service,
        str(warm_interpreter()),
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/unit",
        "tests/wiring",
    )

    assert completed.returncode == 0, completed.stdout[-3000:]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--name", "Library Service"], "--name 'Library Service': use lowercase"),
        (["--name", "service-base"], "is the base's own name"),
    ],
)
def test_a_bad_name_exits_2_and_writes_nothing(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    target = tmp_path / "svc"
    completed = run(
        REPO_ROOT, sys.executable, "scripts/dev.py", "new", str(target), *arguments
    )

    assert (completed.returncode, target.exists()) == (2, False)
    assert message in completed.stderr


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    completed = run(
        REPO_ROOT,
        sys.executable,
        "scripts/dev.py",
        "new",
        str(tmp_path),
        "--name",
        NAME,
    )

    assert completed.returncode == 2
    assert "is not empty" in completed.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
