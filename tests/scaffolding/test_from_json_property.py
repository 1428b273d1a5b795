"""The invariant of `from-json` on any valid seed-style array: it either writes
a tree that passes `check`, ruff, mypy and its own generated tests, or exits
2 with a message naming the item and the field, leaving the tree byte for
byte as it was.

Many examples go through the fast path (parse, plan, render, then ruff and
compile on the planned files, in one scratch directory); one goes through
everything, on a copy of a service made from the base. Both are
derandomized: CI runs the same examples every time.
"""

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings

from add_adapter.paths import Project
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.from_json import parse_items
from add_adapter.scaffold.plan import Plan, plan
from add_adapter.scaffold.prose import technology_named
from add_adapter.sync.formatting import find_ruff

from .project_copy import add_adapter, pytest_in, run_in, tree_digest
from .seed_strategies import seed_arrays

ITEM_AND_FIELD = re.compile(r"^item\[\d+\] \(\w+\): \w[\w\[\].]*(?: \(\w+\))?: \S")
"""`item[2] (BookRepository): methods[4].method_name: ...`"""
_HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=_HEALTH,
)
@given(items=seed_arrays())
def test_planned_code_is_clean_or_the_item_and_field_are_named(
    repository_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    items: list[object],
) -> None:
    result = planned_or_refused(repository_template, items)
    if isinstance(result, str):
        event(f"refused: {result.partition(': ')[2][:40]}")
        assert ITEM_AND_FIELD.match(result), result
        return
    event("planned")
    scratch = tmp_path_factory.mktemp("planned")
    shutil.copy(repository_template / "pyproject.toml", scratch)
    for path, text in result.files.items():
        if path.suffix == ".py" and text:
            compile(text, str(path), "exec")
            (scratch / path).parent.mkdir(parents=True, exist_ok=True)
            (scratch / path).write_text(text, encoding="utf-8")

    ruff = str(find_ruff(repository_template))
    for command in (["check", "--select", "I", "--fix"], ["format"], ["check"]):
        linted = subprocess.run(
            [ruff, *command, "--quiet", "."],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        )
        assert linted.returncode == 0, linted.stdout + linted.stderr
    assert_inner_layers_name_no_technology(scratch)


def planned_or_refused(root: Path, items: list[object]) -> Plan | str:
    """What from-json would write, or the message it refuses the items with."""
    try:
        _, parsed = parse_items(json.dumps(items), "items.json")
        return plan(Project(root), parsed.requests)
    except ScaffoldError as error:
        return str(error)


def assert_inner_layers_name_no_technology(root: Path) -> None:
    """No docstring of the domain and application layers speaks of a
    technology, but by the name the user gave (an `S3PresignClient` calls
    the S3 Presign service)."""
    for layer in ("domain", "application"):
        for path in (root / "src/app" / layer).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = " ".join(
                node.name.lower()
                for node in ast.walk(tree)
                if isinstance(node, ast.ClassDef)
            )
            for node in ast.walk(tree):
                if isinstance(node, ast.Module | ast.ClassDef | ast.AsyncFunctionDef):
                    word = technology_named(ast.get_docstring(node) or "")
                    assert word is None or word.lower() in names, (path, word)


@settings(
    max_examples=1,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=_HEALTH,
)
@given(items=seed_arrays())
def test_from_json_writes_a_tree_passing_every_gate_or_changes_nothing(
    repository_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    items: list[object],
) -> None:
    root = Path(
        shutil.copytree(repository_template, tmp_path_factory.mktemp("full") / "p")
    )
    before = tree_digest(root)

    run = add_adapter(root, "from-json", "-", stdin=json.dumps(items))

    if run.exit_code == 2:
        event("refused")
        assert ITEM_AND_FIELD.match(run.stderr.removeprefix("error: ")), run.stderr
        assert tree_digest(root) == before
        return
    assert run.exit_code == 0, run.output
    event("written")
    changed = sorted(
        path for path, digest in tree_digest(root).items() if before.get(path) != digest
    )
    assert_passes_the_gates(root, changed)


def assert_passes_the_gates(root: Path, changed: list[str]) -> None:
    """`check`, ruff, mypy on the generated code and the generated tests, on
    SQLite, PostgreSQL and in memory."""
    checked = add_adapter(root, "check")
    assert checked.exit_code == 0, checked.output
    for command in (("ruff", "check", "."), ("ruff", "format", "--check", ".")):
        linted = run_in(root, *command)
        assert linted.exit_code == 0, linted.output
    # The providers in setup/ are sync's (imported and built by `check`).
    typed = [p for p in changed if p.endswith(".py") and p.startswith("src/")]
    mypy = run_in(root, "mypy", *typed)
    assert mypy.exit_code == 0, mypy.output
    tests = [p for p in changed if re.search(r"^tests/.*/test_\w+\.py$", p)]
    assert tests, changed
    ran = pytest_in(
        root,
        "-q",
        *tests,
    )
    assert ran.exit_code == 0, ran.output[-6000:]
    assert " skipped" not in ran.stdout.splitlines()[-1]
