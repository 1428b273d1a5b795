"""A service made from this base's work tree, once per session."""

import subprocess
from pathlib import Path

import pytest

from service_base.record import ServiceRecord
from service_base.render import copy_working_tree, make_service
from tests.support.warm_python import warm_interpreter

REPO_ROOT = Path(__file__).resolve().parents[2]
NAME = "library-service"


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`library-service` as `dev.py new` writes it (without git), made from the
    files as they are now, committed or not. Never modified by tests."""
    root = tmp_path_factory.mktemp("new") / NAME
    copy_working_tree(REPO_ROOT, root)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True
    ).stdout.strip()
    record = ServiceRecord(name=NAME, source=str(REPO_ROOT), commit=head)
    make_service(root, record, warm_interpreter())
    return root
