"""Where a local file storage keeps its files."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class LocalFileStorageConfig:
    # The directory every key is relative to (FILE_STORAGE_ROOT); it is
    # created on the first save.
    root: Path
