"""`update`: the base's changes since the recorded commit, merged into the
service as copier's update does.

The service is rendered twice, from the recorded commit and from the base's
newest, with the same name; the difference between the two is applied to the
service as a three-way merge (git's own, with the first render as the merge
base). Files the team never touched take the base's change, edited files are
merged, and conflicts are left with markers for the team to resolve.
"""

import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from service_base.errors import ServiceBaseError
from service_base.git import git, head_commit, identity_environment, is_dirty
from service_base.record import RECORD, ServiceRecord, read_record
from service_base.render import SPEC, render_service


@dataclass(frozen=True, slots=True)
class UpdatePlan:
    record: ServiceRecord
    """The record as the update leaves it (its commit is the base's newest)."""
    changed: list[str]
    """`git diff --name-status` lines: what the update changes."""
    conflicts: list[str]
    """Files left with conflict markers."""


def update(
    service: Path, source: str | None, python: Path, *, dry_run: bool
) -> UpdatePlan | None:
    """Merges the base's changes into ``service``; None when it is up to date."""
    record = read_record(service)
    if is_dirty(service):
        raise ServiceBaseError(
            "the service has uncommitted changes: commit or stash them first, "
            "so that the update is a change of its own"
        )
    with tempfile.TemporaryDirectory(prefix="service-base-update-") as scratch:
        base = Path(scratch) / "base"
        git(service, "clone", "--quiet", source or record.source, str(base))
        newest = replace(
            record, source=source or record.source, commit=head_commit(base)
        )
        if newest.commit == record.commit:
            return None
        _require_commit(base, record.commit)
        before = _rendered_commit(
            service, base, record, Path(scratch) / "before", python, None
        )
        after = _rendered_commit(
            service, base, newest, Path(scratch) / "after", python, before
        )
        if dry_run:
            return _merged_preview(service, before, after, newest)
        return _merge(service, before, after, newest, python)


def _require_commit(base: Path, commit: str) -> None:
    if git(base, "cat-file", "-t", commit, check=False).strip() != "commit":
        raise ServiceBaseError(
            f"{RECORD}'s commit {commit[:12]} is not in the base's history: "
            "pass the base it came from with --from PATH_OR_GIT_URL"
        )


def _rendered_commit(
    service: Path,
    base: Path,
    record: ServiceRecord,
    target: Path,
    python: Path,
    parent: str | None,
) -> str:
    """The service rendered from ``record.commit``, as a commit object in the
    service's repository (on no branch: git forgets it after the update)."""
    render_service(base, record, target, python)
    index = target.parent / f"{target.name}.index"
    environment = {**identity_environment(service), "GIT_INDEX_FILE": str(index)}
    git(service, f"--work-tree={target}", "add", "--all", ".", environment=environment)
    tree = git(service, "write-tree", environment=environment).strip()
    arguments = ["commit-tree", tree, "-m", f"service-base {record.commit[:12]}"]
    if parent is not None:
        arguments += ["-p", parent]
    return git(service, *arguments, environment=environment).strip()


def _merged_preview(
    service: Path, before: str, after: str, newest: ServiceRecord
) -> UpdatePlan:
    # The service's tree as a child of the first render, so that the first
    # render is the merge base git finds (git 2.39 has no --merge-base).
    tree = git(service, "rev-parse", "HEAD^{tree}").strip()
    environment = identity_environment(service)
    ours = git(
        service,
        "commit-tree",
        tree,
        "-p",
        before,
        "-m",
        "service",
        environment=environment,
    ).strip()
    output = git(
        service, "merge-tree", "--write-tree", "--name-only", ours, after, check=False
    )
    merged, _, rest = output.partition("\n")
    conflicts = [line for line in rest.split("\n\n", 1)[0].splitlines() if line]
    changed = git(service, "diff", "--name-status", "HEAD", merged).splitlines()
    return UpdatePlan(newest, changed, conflicts)


def _merge(
    service: Path, before: str, after: str, newest: ServiceRecord, python: Path
) -> UpdatePlan:
    git(service, "cherry-pick", "--no-commit", after, check=False)
    # Conflicts stay in the work tree with markers; git forgets the
    # cherry-pick itself, so the service is on its branch as before.
    git(service, "cherry-pick", "--quit", check=False)
    conflicts = git(service, "diff", "--name-only", "--diff-filter=U").splitlines()
    if SPEC.as_posix() not in conflicts:
        _sync(service, python)
    changed = git(service, "diff", "--name-status", "HEAD").splitlines()
    return UpdatePlan(newest, changed, conflicts)


def _sync(service: Path, python: Path) -> None:
    """The providers generated from the merged spec (the base's entries and
    the service's own)."""
    command = [str(python), str(service / "scripts" / "add-adapter"), "sync"]
    completed = subprocess.run(command, cwd=service, capture_output=True, text=True)
    if completed.returncode != 0:
        raise ServiceBaseError(
            "merged, but `scripts/add-adapter sync` failed on the merged spec: "
            f"{(completed.stderr or completed.stdout).strip()}"
        )
