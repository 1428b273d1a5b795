"""The files of the adapters a project ships, recorded in
setup/generated-files.json (`shipped`) so that `remove` deletes them while
they are as shipped and protects them once edited."""

from pathlib import Path

from add_adapter.paths import Project
from add_adapter.scaffold.manifest import load_manifest
from add_adapter.scaffold.shipped import shipped_records


def test_a_new_service_records_its_adapters_files_as_they_are(
    pristine_repo: Path,
) -> None:
    shipped = load_manifest(pristine_repo).shipped

    assert shipped == shipped_records(Project(pristine_repo))
    owners = {path: entry.owners for path, entry in shipped.items()}
    adapters = "src/app/infrastructure/adapters"
    assert owners[f"{adapters}/sqla_user_data_mapper.py"] == ["SqlaUserDataMapper"]
    # Its port, and the table model its module imports.
    assert owners["src/app/application/ports/user_data_mapper.py"] == [
        "SqlaUserDataMapper"
    ]
    assert owners["src/app/infrastructure/persistence/models/user.py"] == [
        "SqlaUserDataMapper",
        "SqlaUserReader",
    ]
    # What the scaffolder wrote for an adapter is the adapter's too.
    assert owners["tests/contracts/test_message_publisher.py"] == [
        "RabbitMqMessagePublisher"
    ]
    # Two adapters bound on opposite conditions share their port.
    assert owners["src/app/application/ports/message_publisher.py"] == [
        "InProcessMessageBus",
        "RabbitMqMessagePublisher",
    ]


# region base
def test_the_base_records_its_shipped_files_as_they_are() -> None:
    # A shipped adapter (or its port, model or generated files) was changed:
    # run `python3 scripts/add-adapter record-shipped`, so that `remove`
    # does not take the change for a user's edit.
    base = Path(__file__).resolve().parents[2]

    recorded = load_manifest(base).shipped

    assert recorded == shipped_records(Project(base))


# endregion
