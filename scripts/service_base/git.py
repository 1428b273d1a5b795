"""The git commands `new` and `update` run."""

import os
import subprocess
from pathlib import Path

from service_base.errors import GitError


def git(
    repository: Path,
    *arguments: str,
    check: bool = True,
    environment: dict[str, str] | None = None,
) -> str:
    """``git ARGUMENTS`` in ``repository``; its standard output."""
    completed = subprocess.run(
        ["git", *arguments],
        cwd=repository,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and completed.returncode != 0:
        detail = completed.stderr.strip() or completed.stdout.strip()
        raise GitError(f"git {' '.join(arguments)} failed in {repository}: {detail}")
    return completed.stdout


def head_commit(repository: Path) -> str:
    return git(repository, "rev-parse", "HEAD").strip()


def is_dirty(repository: Path) -> bool:
    return bool(git(repository, "status", "--porcelain").strip())


# Who commits when git has no identity configured (a new machine, CI): a
# first commit must not fail for want of one.
TOOL_IDENTITY = {
    "GIT_AUTHOR_NAME": "service-base",
    "GIT_AUTHOR_EMAIL": "service-base@localhost",
    "GIT_COMMITTER_NAME": "service-base",
    "GIT_COMMITTER_EMAIL": "service-base@localhost",
}


def identity_environment(repository: Path) -> dict[str, str]:
    """The environment for a commit: the user's identity, else the tool's."""
    if git(repository, "config", "user.email", check=False).strip():
        return dict(os.environ)
    return {**os.environ, **TOOL_IDENTITY}


def commit_all(repository: Path, message: str) -> None:
    git(repository, "add", "--all")
    environment = identity_environment(repository)
    git(repository, "commit", "--quiet", "-m", message, environment=environment)
