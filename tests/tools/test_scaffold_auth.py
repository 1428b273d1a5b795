"""The identity-provider and access-revoker builders called directly (no CLI,
no staging) on a copy of a service made from the base: what they plan, the
binding they take with `replace`, and bad input refused with a clear
message. Also the pieces `--replace` and `remove` rely on: taking a spec
entry out and putting it back exactly, and the manifest's record of it."""

import json
from pathlib import Path

import pytest

from add_adapter.paths import Project
from add_adapter.scaffold.errors import ScaffoldError
from add_adapter.scaffold.from_json import parse_items
from add_adapter.scaffold.kinds.auth.builder import (
    build_access_revoker,
    build_identity_provider,
)
from add_adapter.scaffold.manifest import Manifest, ReplacedEntry, load_manifest
from add_adapter.scaffold.request import AdapterKind, AdapterRequest
from add_adapter.scaffold.run import add
from add_adapter.scaffold.spec_edit import put_back, take_out
from add_adapter.specification.vocabulary import Kind, Layer, Scope

from .fixture_project import REPO_ROOT
from .scaffold_support import new_batch

IDENTITY_PORT = "app.application.ports.identity_provider.IdentityProvider"
REVOKER_PORT = "app.application.ports.access_revoker.AccessRevoker"
COOKIE_PROVIDER = "app.infrastructure.auth.adapters.sqla_session_identity_provider"


def request(
    kind: AdapterKind = AdapterKind.IDENTITY_PROVIDER,
    class_name: str = "BearerTokenIdentityProvider",
    **changes: object,
) -> AdapterRequest:
    return AdapterRequest(kind=kind, class_name=class_name, origin="", **changes)  # type: ignore[arg-type]


def write_port(root: Path, module: str, body: str) -> str:
    """A hand-written port `ApiIdentity` in app.application.ports.<module>."""
    path = root / "src/app/application/ports" / f"{module}.py"
    path.write_text(
        "from typing import Protocol\n\n"
        "from app.domain.value_objects.ids import UserId\n\n\n"
        f"class ApiIdentity(Protocol):\n{body}",
        encoding="utf-8",
    )
    return f"app.application.ports.{module}.ApiIdentity"


# What they plan


def test_an_identity_provider_replacing_the_cookie_one(repo: Path) -> None:
    addition = build_identity_provider(request(replace=True), new_batch(repo))

    files = {planned.path.as_posix(): planned.text for planned in addition.files}
    code = "src/app/infrastructure/auth/adapters/bearer_token_identity_provider.py"
    test = "tests/integration/auth/test_bearer_token_identity_provider.py"
    assert sorted(files) == sorted([code, test, "tests/integration/auth/__init__.py"])
    for path, text in files.items():
        compile(text, path, "exec")
    assert "class BearerTokenIdentityProvider(IdentityProvider):" in files[code]
    assert "transport: BearerTokenTransport," in files[code]
    assert "request_with_authorization" in files[test]
    (component,) = addition.components
    assert component.implements == (IDENTITY_PORT,)
    assert component.kind is Kind.IDENTITY_PROVIDER
    assert component.layer is Layer.INFRASTRUCTURE_AUTH
    assert component.scope is Scope.REQUEST
    assert component.code_path == code
    assert component.test_path == test
    assert [c.class_name for c in addition.replaces] == ["SqlaSessionIdentityProvider"]
    assert "binds it again" in addition.notes[0]


def test_an_access_revoker_replacing_the_cookie_one(repo: Path) -> None:
    addition = build_access_revoker(
        request(AdapterKind.ACCESS_REVOKER, "BearerTokenAccessRevoker", replace=True),
        new_batch(repo),
    )

    files = {planned.path.as_posix(): planned.text for planned in addition.files}
    code = files["src/app/infrastructure/auth/adapters/bearer_token_access_revoker.py"]
    assert "class BearerTokenAccessRevoker(AccessRevoker):" in code
    assert "async def revoke_all_sessions(self, user_id: UserId) -> None:" in code
    assert addition.components[0].implements == (REVOKER_PORT,)
    assert [c.class_name for c in addition.replaces] == ["SqlaAccessRevoker"]


def test_an_unbound_port_of_the_same_shape_needs_no_replace(repo: Path) -> None:
    port = write_port(
        repo, "api_identity", "    async def current_user_id(self) -> UserId: ...\n"
    )

    addition = build_identity_provider(request(port=port), new_batch(repo))

    assert addition.replaces == []
    assert addition.components[0].implements == (port,)
    code = addition.files[0].text
    assert "from app.application.ports.api_identity import ApiIdentity" in code
    assert "class BearerTokenIdentityProvider(ApiIdentity):" in code


# Bad input


@pytest.mark.parametrize(
    ("origin", "suggestion"),
    [("", "add --replace"), ("item[0] (BearerTokenIdentityProvider)", '"replace"')],
)
def test_a_bound_port_without_replace_names_the_adapter_that_has_it(
    repo: Path, origin: str, suggestion: str
) -> None:
    bad = AdapterRequest(
        kind=AdapterKind.IDENTITY_PROVIDER,
        class_name="BearerTokenIdentityProvider",
        origin=origin,
    )

    with pytest.raises(ScaffoldError) as raised:
        build_identity_provider(bad, new_batch(repo))

    message = str(raised.value)
    assert (
        f"{IDENTITY_PORT} is already bound to SqlaSessionIdentityProvider "
        f"({COOKIE_PROVIDER})"
    ) in message
    assert suggestion in message
    assert raised.value.where == ("--port" if not origin else f"{origin}: implements")


def test_a_bound_access_revoker_port_without_replace_is_refused(repo: Path) -> None:
    with pytest.raises(ScaffoldError, match="already bound to SqlaAccessRevoker"):
        build_access_revoker(
            request(AdapterKind.ACCESS_REVOKER, "BearerTokenAccessRevoker"),
            new_batch(repo),
        )


@pytest.mark.parametrize(
    ("body", "problems"),
    [
        pytest.param(
            "    async def current_user(self) -> UserId: ...\n",
            ["'current_user_id' is missing", "it also declares 'current_user'"],
            id="other-method",
        ),
        pytest.param(
            "    def current_user_id(self) -> UserId: ...\n",
            ["it declares def current_user_id(self) -> UserId"],
            id="not-async",
        ),
        pytest.param(
            "    async def current_user_id(self, strict: bool) -> UserId: ...\n",
            ["it declares async def current_user_id(self, strict: bool) -> UserId"],
            id="other-parameters",
        ),
        pytest.param(
            "    async def current_user_id(self) -> UserId: ...\n"
            "    async def roles(self) -> list[str]: ...\n",
            ["it also declares 'roles'"],
            id="extra-method",
        ),
    ],
)
def test_a_port_that_does_not_look_like_identity_provider_is_refused(
    repo: Path, body: str, problems: list[str]
) -> None:
    port = write_port(repo, "api_identity", body)

    with pytest.raises(ScaffoldError) as raised:
        build_identity_provider(request(port=port), new_batch(repo))

    message = str(raised.value)
    assert f"{port} does not look like {IDENTITY_PORT}" in message
    for problem in problems:
        assert problem in message
    assert "async def current_user_id(self) -> UserId" in message


def test_a_port_that_does_not_look_like_access_revoker_is_refused(
    repo: Path,
) -> None:
    port = write_port(
        repo,
        "api_identity",
        "    async def revoke_current_session(self) -> None: ...\n"
        "    async def revoke_all_sessions(self, user: UserId) -> None: ...\n",
    )

    with pytest.raises(ScaffoldError) as raised:
        build_access_revoker(
            request(AdapterKind.ACCESS_REVOKER, "ApiRevoker", port=port),
            new_batch(repo),
        )

    message = str(raised.value)
    assert f"does not look like {REVOKER_PORT}" in message
    assert (
        "it declares async def revoke_all_sessions(self, user: UserId) -> None"
        in message
    )


def test_a_missing_port_is_refused(repo: Path) -> None:
    port = "app.application.ports.nowhere.ApiIdentity"

    with pytest.raises(ScaffoldError, match=f"port {port} does not exist"):
        build_identity_provider(request(port=port), new_batch(repo))


def test_app_scope_is_refused(repo: Path) -> None:
    with pytest.raises(ScaffoldError, match="its scope is request"):
        build_identity_provider(request(replace=True, scope=Scope.APP), new_batch(repo))


def test_a_hand_written_file_of_the_same_name_is_not_overwritten(
    repo: Path,
) -> None:
    with pytest.raises(ScaffoldError, match="was not generated by add-adapter"):
        build_identity_provider(
            request(class_name="SqlaSessionIdentityProvider", replace=True),
            new_batch(repo),
        )


def test_two_adapters_for_one_port_in_one_batch_are_refused(repo: Path) -> None:
    first = request(replace=True)
    second = request(class_name="OtherIdentityProvider", replace=True)

    with pytest.raises(ScaffoldError, match=f"{IDENTITY_PORT} would be bound twice"):
        add(Project(repo), [first, second], dry_run=True, force=False)


# JSON items


def test_json_items_take_replace() -> None:
    item = {
        "class_name": "BearerTokenIdentityProvider",
        "layer": "infrastructure/auth",
        "kind": "identity-provider",
        "replace": True,
    }

    _, parsed = parse_items(json.dumps([item]), "stdin")

    (parsed_request,) = parsed.requests
    assert parsed_request.kind is AdapterKind.IDENTITY_PROVIDER
    assert parsed_request.replace is True
    with pytest.raises(ScaffoldError, match=r"item\[0\].*replace: expected true"):
        parse_items(json.dumps([{**item, "replace": "yes"}]), "stdin")


# Taking an entry out and putting it back


def test_an_entry_taken_out_is_put_back_exactly() -> None:
    spec_text = (REPO_ROOT / "setup/spec.json").read_text(encoding="utf-8")

    without, entry = take_out(spec_text, COOKIE_PROVIDER, "SqlaSessionIdentityProvider")

    assert "SqlaSessionIdentityProvider" not in without
    assert entry.component["class_name"] == "SqlaSessionIdentityProvider"
    assert put_back(without, entry) == spec_text


@pytest.mark.parametrize("order", ["reverse", "same"])
def test_neighbours_taken_out_go_back_in_either_order(order: str) -> None:
    """The cookie identity provider and access revoker are neighbours in the
    spec: replaced one after the other, they go back where they were however
    their replacements are removed."""
    spec_text = (REPO_ROOT / "setup/spec.json").read_text(encoding="utf-8")
    revoker_module = "app.infrastructure.auth.adapters.sqla_access_revoker"
    text, provider = take_out(spec_text, COOKIE_PROVIDER, "SqlaSessionIdentityProvider")
    text, revoker = take_out(text, revoker_module, "SqlaAccessRevoker")

    entries = [provider, revoker] if order == "same" else [revoker, provider]
    for entry in entries:
        text = put_back(text, entry)

    assert text == spec_text


def test_the_manifest_keeps_what_was_replaced(tmp_path: Path) -> None:
    manifest = Manifest()
    entry = ReplacedEntry(
        8,
        {"class_name": "SqlaSessionIdentityProvider"},
        after="Uuid4IdGenerator",
        before="SqlaAccessRevoker",
    )
    manifest.record_replaced("BearerTokenIdentityProvider", entry)
    (tmp_path / "setup").mkdir()
    (tmp_path / "setup/generated-files.json").write_text(
        manifest.to_json(), encoding="utf-8"
    )

    loaded = load_manifest(tmp_path)

    assert loaded.take_replaced("BearerTokenIdentityProvider") == [entry]
    assert loaded.take_replaced("BearerTokenIdentityProvider") == []
    assert "replaced" not in json.loads(loaded.to_json())
