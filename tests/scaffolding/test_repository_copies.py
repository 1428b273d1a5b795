"""The copies the scaffolding tests work in: asked for again, a copy is as
it was made, and mypy's cache, shared by the copies, never hides an error."""

from pathlib import Path

from .project_copy import RepositoryCopies, run_in, tree_digest

PROBE = Path("src/app/domain/cache_probe.py")
PROBE_USER = Path("src/app/domain/cache_probe_user.py")
USER_TEXT = "from app.domain.cache_probe import value\n\nTOTAL: int = value()\n"


def test_a_copy_asked_for_again_is_as_it_was_made(
    repository_copies: RepositoryCopies,
) -> None:
    root = repository_copies.fresh("reset")
    made = tree_digest(root)
    (root / "src/app/domain/__init__.py").write_text("changed\n", encoding="utf-8")
    (root / "setup/spec.json").unlink()
    (root / "tests/unit/test_added.py").write_text("added\n", encoding="utf-8")
    (root / "src/app/__pycache__").mkdir(exist_ok=True)

    again = repository_copies.fresh("reset")

    assert again == root
    assert tree_digest(root) == made
    assert not (root / "src/app/__pycache__").exists()


def _write_probe(root: Path, returns: str) -> None:
    value = {"int": "1", "str": '""'}[returns]
    (root / PROBE).write_text(
        f"def value() -> {returns}:\n    return {value}\n", encoding="utf-8"
    )
    (root / PROBE_USER).write_text(USER_TEXT, encoding="utf-8")


def test_mypy_with_the_shared_cache_sees_a_change_in_a_dependency(
    repository_copies: RepositoryCopies,
) -> None:
    first = repository_copies.fresh("mypy-first")
    _write_probe(first, returns="int")
    assert run_in(first, "mypy", "src").exit_code == 0

    # Another copy, at another path, then the same copy changed: the
    # unchanged module using value() must be checked against the new
    # signature, not taken from the cache the passing run filled.
    second = repository_copies.fresh("mypy-second")
    _write_probe(second, returns="str")
    elsewhere = run_in(second, "mypy", "src")
    _write_probe(first, returns="str")
    in_place = run_in(first, "mypy", "src")

    for run in (elsewhere, in_place):
        assert run.exit_code == 1, run.output
        assert f"{PROBE_USER}:3: error: Incompatible types" in run.stdout
