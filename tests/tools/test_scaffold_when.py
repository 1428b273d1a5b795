"""`--when SETTING` and `--unless SETTING` on the scaffolding commands (and
`when` in a seed item): the new spec entry is bound on the setting, written
as the spec writes conditions; an unknown setting is refused before anything
is staged; a port the command writes may be left unbound in the other
combinations, with a note saying what to bind there.

Additions are dry runs on a copy of a service made from the base: planned,
staged and checked, never written."""

import json
from pathlib import Path

import pytest

from add_adapter.cli.kind_options import KindOptions
from add_adapter.cli.kinds import build_request
from add_adapter.paths import Project
from add_adapter.scaffold.bound_when import (
    conditions_from_flags,
    conditions_from_item,
)
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.from_json import parse_items
from add_adapter.scaffold.kinds.cache.builder import build_cache
from add_adapter.scaffold.kinds.message_publisher.builder import (
    MESSAGE_PUBLISHER,
    build_message_publisher,
)
from add_adapter.scaffold.plan import plan
from add_adapter.scaffold.request import AdapterKind, AdapterRequest
from add_adapter.scaffold.run import Outcome, add
from add_adapter.specification.model import SettingCondition

from .scaffold_support import new_batch, write_addition

GATEWAY_PORT = "app.application.ports.shipping_gateway.ShippingGateway"
BOOK = "book(idempotency_key: str, parcel_id: str, weight_grams: int) -> dict"
SESSION_CACHE = "app.application.ports.session_cache.SessionCache"
TOKEN_CACHE = "app.application.ports.token_cache.TokenCache"


def gateway(
    name: str = "HttpShippingGateway",
    when: list[str] | None = None,
    unless: list[str] | None = None,
) -> AdapterRequest:
    return build_request(
        AdapterKind.HTTP_CLIENT,
        KindOptions(
            name,
            port=GATEWAY_PORT,
            methods=[BOOK],
            config=["SHIPPING_GATEWAY_API_KEY"],
            when=when,
            unless=unless,
        ),
    )


def dry_run(repo: Path, *requests: AdapterRequest) -> Outcome:
    return add(Project(repo), list(requests), dry_run=True, force=False)


def spec_entries(outcome: Outcome) -> dict[str, dict[str, object]]:
    """The planned spec's entries by class name."""
    [spec] = [c for c in outcome.changes if c.path == Path("setup/spec.json")]
    assert spec.new is not None
    return {entry["class_name"]: entry for entry in json.loads(spec.new)["components"]}


# The conditions, from flags and from items


def test_flags_become_conditions_in_order() -> None:
    assert conditions_from_flags(["REDIS_URL"], ["RABBITMQ_URL", "SQL_ECHO"]) == (
        SettingCondition(setting="REDIS_URL"),
        SettingCondition(setting="RABBITMQ_URL", set=False),
        SettingCondition(setting="SQL_ECHO", set=False),
    )


@pytest.mark.parametrize(
    ("when", "unless", "where", "message"),
    [
        pytest.param(
            ["redis_url"],
            [],
            "--when[0]",
            "'redis_url' is not a setting's environment variable, in capitals",
            id="lower-case",
        ),
        pytest.param(
            [],
            ["REDIS_URL", "REDIS-URL"],
            "--unless[1]",
            "'REDIS-URL' is not a setting's environment variable",
            id="not-a-name",
        ),
        pytest.param(
            ["REDIS_URL"],
            ["REDIS_URL"],
            "--unless[0]",
            "'REDIS_URL' is also given as --when[0]",
            id="both-ways",
        ),
        pytest.param(
            ["REDIS_URL", "REDIS_URL"],
            [],
            "--when[1]",
            "'REDIS_URL' is also given as --when[0]",
            id="twice",
        ),
    ],
)
def test_bad_flags_name_the_flag(
    when: list[str], unless: list[str], where: str, message: str
) -> None:
    with pytest.raises(ScaffoldError) as raised:
        conditions_from_flags(when, unless)

    assert raised.value.where == where
    assert message in raised.value.message


def test_an_item_writes_when_as_the_spec_does() -> None:
    assert conditions_from_item({"setting": "REDIS_URL"}, "item[0]: when") == (
        SettingCondition(setting="REDIS_URL"),
    )
    assert conditions_from_item(
        [{"setting": "REDIS_URL", "set": False}, {"setting": "SQL_ECHO"}], "w"
    ) == (
        SettingCondition(setting="REDIS_URL", set=False),
        SettingCondition(setting="SQL_ECHO"),
    )


@pytest.mark.parametrize(
    ("when", "where", "message"),
    [
        ("REDIS_URL", "item[0] (RedisCache): when", "valid dictionary"),
        ({"setting": "REDIS_URL", "set": "no"}, "item[0] (RedisCache): when", "bool"),
        ([], "item[0] (RedisCache): when", "names no setting"),
        (
            [{"setting": "REDIS_URL"}, {"setting": "REDIS_URL", "set": False}],
            "item[0] (RedisCache): when[1]",
            "'REDIS_URL' is named twice",
        ),
    ],
)
def test_a_bad_item_when_names_the_item(when: object, where: str, message: str) -> None:
    item = {"class_name": "RedisCache", "layer": "infrastructure/adapter"}

    with pytest.raises(ScaffoldError) as raised:
        parse_items(json.dumps([{**item, "when": when}]), "seed.json")

    assert raised.value.where == where
    assert message in raised.value.message


# The spec entry


def test_when_is_written_to_the_new_entry_as_the_spec_writes_it(repo: Path) -> None:
    outcome = dry_run(repo, gateway(when=["SHIPPING_GATEWAY_BASE_URL"]))

    entry = spec_entries(outcome)["HttpShippingGateway"]
    assert entry["when"] == {"setting": "SHIPPING_GATEWAY_BASE_URL"}
    assert list(entry)[:7] == [
        "class_name",
        "module",
        "layer",
        "kind",
        "implements",
        "scope",
        "when",
    ]
    assert not outcome.written


def test_unless_and_several_conditions_are_a_list(repo: Path) -> None:
    request = build_request(
        AdapterKind.CACHE,
        KindOptions(
            "RedisSessionCache",
            port=SESSION_CACHE,
            when=["REDIS_URL"],
            unless=["SQL_ECHO"],
        ),
    )

    entry = spec_entries(dry_run(repo, request))["RedisSessionCache"]

    assert entry["when"] == [
        {"setting": "REDIS_URL"},
        {"setting": "SQL_ECHO", "set": False},
    ]


def test_without_when_the_entry_has_none(repo: Path) -> None:
    outcome = dry_run(repo, gateway())

    assert "when" not in spec_entries(outcome)["HttpShippingGateway"]
    assert not any("has no adapter" in note for note in outcome.notes)


# The settings a condition may name


def test_an_unknown_setting_is_refused_with_the_closest_one(repo: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        dry_run(repo, gateway(unless=["SHIPPING_GATEWAY_BASE_ULR"]))

    assert raised.value.where == "--unless[0]"
    assert raised.value.message == (
        "'SHIPPING_GATEWAY_BASE_ULR' is not a setting: setup.config.Settings has no "
        "field 'shipping_gateway_base_ulr', and no HTTP client of the spec or of "
        "this command reads it (did you mean SHIPPING_GATEWAY_BASE_URL?)"
    )


def test_a_setting_of_another_client_of_the_batch_is_known(repo: Path) -> None:
    cache = build_request(
        AdapterKind.CACHE,
        KindOptions(
            "RedisSessionCache",
            port=SESSION_CACHE,
            when=["SHIPPING_GATEWAY_TIMEOUT_SECONDS"],
        ),
    )

    with pytest.raises(ScaffoldError) as raised:
        dry_run(repo, cache)
    assert "'SHIPPING_GATEWAY_TIMEOUT_SECONDS' is not a setting" in (
        raised.value.message
    )

    outcome = dry_run(repo, gateway(), cache)

    assert spec_entries(outcome)["RedisSessionCache"]["when"] == {
        "setting": "SHIPPING_GATEWAY_TIMEOUT_SECONDS"
    }


def test_an_item_binding_nothing_takes_no_when(repo: Path) -> None:
    item = {
        "class_name": "SampleGadgetModel",
        "layer": "infrastructure/model",
        "columns": ["name: str"],
        "when": {"setting": "REDIS_URL"},
    }
    _, parsed = parse_items(json.dumps([item]), "seed.json")

    with pytest.raises(ScaffoldError) as raised:
        dry_run(repo, *parsed.requests)

    assert raised.value.where == "item[0] (SampleGadgetModel): when"
    assert "a model binds no port" in raised.value.message


# Ports left unbound in the other combinations


def test_a_new_port_bound_on_a_setting_is_noted_as_unbound_otherwise(
    repo: Path,
) -> None:
    outcome = dry_run(repo, gateway(when=["SHIPPING_GATEWAY_BASE_URL"]))

    assert (
        f"{GATEWAY_PORT} has no adapter while SHIPPING_GATEWAY_BASE_URL is unset: "
        'bind one there with "when": {"setting": "SHIPPING_GATEWAY_BASE_URL", '
        '"set": false} in setup/spec.json and run `scripts/add-adapter sync`; '
        "until then `scripts/add-adapter check` reports the gap"
    ) in outcome.notes


def test_two_adapters_of_a_new_port_on_either_side_of_a_setting(
    repo: Path,
) -> None:
    outcome = dry_run(
        repo,
        gateway(when=["SHIPPING_GATEWAY_BASE_URL"]),
        gateway("SandboxShippingClient", unless=["SHIPPING_GATEWAY_BASE_URL"]),
    )

    entries = spec_entries(outcome)
    assert entries["HttpShippingGateway"]["when"] == {
        "setting": "SHIPPING_GATEWAY_BASE_URL"
    }
    assert entries["SandboxShippingClient"]["when"] == {
        "setting": "SHIPPING_GATEWAY_BASE_URL",
        "set": False,
    }
    assert not any("has no adapter" in note for note in outcome.notes)


def test_two_adapters_of_a_port_bound_together_are_refused(repo: Path) -> None:
    with pytest.raises(ScaffoldError) as raised:
        dry_run(
            repo,
            gateway(when=["SHIPPING_GATEWAY_BASE_URL"]),
            gateway("SandboxShippingClient", when=["REDIS_URL"]),
        )

    assert raised.value.message == (
        f"{GATEWAY_PORT} would be bound twice: by HttpShippingGateway and by "
        "SandboxShippingClient"
    )


# A port of a fixed kind has one adapter in each combination of settings


def token_cache(name: str, **flags: list[str]) -> AdapterRequest:
    return build_request(
        AdapterKind.CACHE,
        KindOptions(
            name,
            port=TOKEN_CACHE,
            when=flags.get("when"),
            unless=flags.get("unless"),
        ),
    )


def bind_token_cache_both_ways(repo: Path) -> None:
    """TokenCache as `cache RedisTokenCache --when REDIS_URL` leaves it:
    bound to RedisTokenCache with REDIS_URL set, to its twin
    InMemoryTokenCache unset."""
    request = token_cache("RedisTokenCache", when=["REDIS_URL"])
    [addition] = plan(Project(repo), [request]).additions
    assert [c.class_name for c in addition.components] == [
        "RedisTokenCache",
        "InMemoryTokenCache",
    ]
    write_addition(repo, addition)


# Where the twin lives: in the app when the spec binds it, else beside the tests

TWIN_IN_APP = "src/app/infrastructure/in_memory/in_memory_token_cache.py"
TWIN_DOUBLE = "tests/support/doubles/in_memory_token_cache.py"


def test_a_twin_bound_where_its_adapter_is_not_is_written_into_the_app(
    repo: Path,
) -> None:
    request = token_cache("RedisTokenCache", when=["REDIS_URL"])

    [addition] = plan(Project(repo), [request]).additions

    paths = {planned.path.as_posix(): planned.text for planned in addition.files}
    assert TWIN_IN_APP in paths
    assert not any(path.startswith("tests/support/doubles/") for path in paths)
    assert (
        "from app.infrastructure.in_memory.in_memory_token_cache import "
        "InMemoryTokenCache" in paths["tests/contracts/test_token_cache.py"]
    )
    twin = addition.components[1]
    assert twin.module == "app.infrastructure.in_memory.in_memory_token_cache"
    assert twin.code_path == TWIN_IN_APP


def test_a_twin_nothing_binds_is_a_test_double_beside_the_tests(repo: Path) -> None:
    [addition] = plan(Project(repo), [token_cache("RedisTokenCache")]).additions

    paths = {planned.path.as_posix(): planned.text for planned in addition.files}
    assert TWIN_DOUBLE in paths
    assert TWIN_IN_APP not in paths
    assert (
        "from tests.support.doubles.in_memory_token_cache import InMemoryTokenCache"
        in paths["tests/contracts/test_token_cache.py"]
    )
    assert [c.class_name for c in addition.components] == ["RedisTokenCache"]


def test_a_twin_the_user_binds_moves_into_the_app_and_stays_there(
    repo: Path,
) -> None:
    # An HTTP client's scripted twin is bound only when the user says so;
    # planned again (nothing asked), it stays where the spec imports it.
    twin = "src/app/infrastructure/in_memory/in_memory_shipping_gateway.py"
    request = gateway(when=["SHIPPING_GATEWAY_BASE_URL"])
    [addition] = plan(Project(repo), [request], lambda *_: True).additions
    assert twin in [planned.path.as_posix() for planned in addition.files]
    write_addition(repo, addition)

    [again] = plan(Project(repo), [request]).additions

    paths = [planned.path.as_posix() for planned in again.files]
    assert twin in paths
    assert "tests/support/doubles/in_memory_shipping_gateway.py" not in paths


def test_an_adapter_beside_one_bound_otherwise_is_planned(repo: Path) -> None:
    bind_token_cache_both_ways(repo)

    addition = build_cache(
        token_cache("RedisTokenCache", when=["REDIS_URL"]), new_batch(repo)
    )

    assert addition.code_path == Path(
        "src/app/infrastructure/adapters/redis_token_cache.py"
    )


@pytest.mark.parametrize(
    "flags",
    [
        pytest.param({}, id="always"),
        pytest.param({"when": ["REDIS_URL"]}, id="bound-together-with-redis"),
        pytest.param({"unless": ["SQL_ECHO"]}, id="overlapping-both"),
    ],
)
def test_an_adapter_bound_together_with_another_is_refused(
    repo: Path, flags: dict[str, list[str]]
) -> None:
    bind_token_cache_both_ways(repo)

    with pytest.raises(ScaffoldError) as raised:
        build_cache(token_cache("ValkeyTokenCache", **flags), new_batch(repo))

    assert raised.value.message.startswith(
        f"{TOKEN_CACHE} is already implemented by RedisTokenCache; a port has "
        "one adapter: name another port (--port, or implements), or bind this one "
        "only while RedisTokenCache is not (--when, --unless)"
    )


def test_a_publisher_beside_one_bound_otherwise_takes_the_repositorys_port(
    repo: Path,
) -> None:
    # publish's payload is dict[str, object]: its comma is not a parameter's.
    request = build_request(
        AdapterKind.MESSAGE_PUBLISHER,
        KindOptions(
            "RecordingMessagePublisher",
            port="app.application.ports.message_publisher.MessagePublisher",
            unless=["AMQP_URL"],
        ),
    )
    spec = json.loads((repo / "setup/spec.json").read_text(encoding="utf-8"))
    bus = next(
        c for c in spec["components"] if c["class_name"] == "InProcessMessageBus"
    )
    spec["components"].remove(bus)
    (repo / "setup/spec.json").write_text(json.dumps(spec), encoding="utf-8")

    addition = build_message_publisher(request, new_batch(repo))

    assert addition.code_path == Path(
        "src/app/infrastructure/adapters/recording_message_publisher.py"
    )


def test_a_fixed_method_reads_as_the_port_declares_it() -> None:
    [publish] = MESSAGE_PUBLISHER.methods

    method = publish.port_method()

    assert [(p.name, p.annotation) for p in method.method.parameters] == [
        ("topic", "str"),
        ("payload", "dict[str, object]"),
        ("message_id", "str | None"),
    ]
    assert method.required == 2
