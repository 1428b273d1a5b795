"""`remove`: undoing an addition, or taking out a shipped adapter."""

from add_adapter.cli.options import DryRunOption, ForceOption, NameArgument, RootOption
from add_adapter.cli.scaffolding import run_remove
from add_adapter.paths import DEFAULT_ROOT


def remove(
    name: NameArgument,
    dry_run: DryRunOption = False,
    force: ForceOption = False,
    root: RootOption = DEFAULT_ROOT,
) -> None:
    """Undo an addition: its files, spec entry and providers, and its tables
    through a new migration that drops them.

    \b
    Example:
      scripts/add-adapter remove SqlaBookRepository --dry-run
    """
    run_remove(root, name, dry_run=dry_run, force=force)
