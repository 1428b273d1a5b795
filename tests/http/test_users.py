from httpx import AsyncClient

from tests.http.conftest import ClientFactory, assert_problem, log_in, sign_up

USERS = "/api/v1/users"


async def test_admin_lists_users_sorted_and_paged(
    admin: AsyncClient, new_client: ClientFactory
) -> None:
    for email in ["zed@example.com", "amy@example.com", "kim@example.com"]:
        await sign_up(new_client(), email, "password-123")

    page = await admin.get(USERS, params={"limit": 2, "offset": 1, "sort_by": "email"})

    assert page.status_code == 200
    body = page.json()
    assert body["total"] == 4  # three users and the admin
    # Sorted by email: admin@, amy@, kim@, zed@; offset 1 skips the admin.
    assert [user["email"] for user in body["items"]] == [
        "amy@example.com",
        "kim@example.com",
    ]
    descending = await admin.get(USERS, params={"order": "desc", "limit": 1})
    assert descending.json()["items"][0]["email"] == "zed@example.com"


async def test_only_admins_list_users(user: AsyncClient, client: AsyncClient) -> None:
    assert_problem(await client.get(USERS), 401, "not_authenticated")
    assert_problem(await user.get(USERS), 403, "forbidden")


async def test_deactivation_revokes_sessions_and_blocks_log_in(
    admin: AsyncClient, new_client: ClientFactory
) -> None:
    victim = new_client()
    victim_id = await sign_up(victim, "eve@example.com", "password-123")
    await log_in(victim, "eve@example.com", "password-123")

    response = await admin.post(f"{USERS}/{victim_id}/deactivate")

    assert response.status_code == 204
    assert_problem(await victim.get(f"{USERS}/me"), 401, "not_authenticated")
    refused = await victim.post(
        "/api/v1/auth/log-in",
        json={"email": "eve@example.com", "password": "password-123"},
    )
    assert_problem(refused, 401, "invalid_credentials")
    listed = (await admin.get(USERS, params={"limit": 100})).json()["items"]
    assert {u["email"]: u["is_active"] for u in listed}["eve@example.com"] is False


async def test_deactivation_errors(admin: AsyncClient, user: AsyncClient) -> None:
    me = (await admin.get(f"{USERS}/me")).json()
    someone = (await user.get(f"{USERS}/me")).json()

    assert_problem(
        await admin.post(f"{USERS}/00000000-0000-0000-0000-000000000000/deactivate"),
        404,
        "user_not_found",
    )
    assert_problem(
        await admin.post(f"{USERS}/{me['id']}/deactivate"),
        409,
        "cannot_deactivate_self",
    )
    assert_problem(
        await user.post(f"{USERS}/{someone['id']}/deactivate"), 403, "forbidden"
    )
    assert_problem(
        await admin.post(f"{USERS}/12345/deactivate"), 422, "validation_error"
    )
