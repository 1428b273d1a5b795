"""`.service-base.json`: where a service came from, for `update`."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from service_base.errors import ServiceBaseError

RECORD = Path(".service-base.json")


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    name: str
    source: str
    """The base's repository: a path or a git URL (`update --from` overrides)."""
    commit: str
    """The base's commit the service was made from, or last updated to."""


def write_record(root: Path, record: ServiceRecord) -> None:
    text = json.dumps(asdict(record), indent=2) + "\n"
    (root / RECORD).write_text(text, encoding="utf-8")


def read_record(root: Path) -> ServiceRecord:
    path = root / RECORD
    if not path.exists():
        raise ServiceBaseError(
            f"no {RECORD} in {root}: `update` works in a service made by "
            "`python3 scripts/dev.py new`"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServiceRecord(
            name=str(data["name"]), source=str(data["source"]), commit=data["commit"]
        )
    except (ValueError, KeyError, TypeError) as error:
        raise ServiceBaseError(f"{RECORD}: unreadable ({error})") from error
