"""Tokens: made once (command, account page), stored hashed, expiring, revoked, audited."""

import datetime
import io

import pytest
from django.core.management import call_command

from tests.clock import LOCAL
from tracker.accounts.models import AuditAction, AuditEvent
from tracker.api.models import ApiToken
from tracker.api.tokens import token_digest

NOON = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=LOCAL)


def _bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_command_prints_the_token_once_and_keeps_only_its_digest(people, client, clock):
    clock(NOON)
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "tinh40", "--days", "7", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=people["province"])
    assert token.digest == token_digest(raw) and raw not in token.digest
    assert not ApiToken.objects.filter(digest=raw).exists()
    assert "hết hạn 12:00 13/12/2026" in err.getvalue()
    assert client.get("/api/v1/units/", **_bearer(raw)).status_code == 200


def test_an_expired_or_revoked_token_is_refused_with_401(people, api, client, clock):
    clock(NOON)
    expiring = api(people["province"], days=1)
    clock(NOON + datetime.timedelta(days=1, minutes=1))
    response = client.get("/api/v1/units/", **_bearer(expiring.raw))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "hết hạn" in response.json()["detail"]
    assert client.get("/api/v1/units/").status_code == 401
    fresh = api(people["province"])
    client.force_login(people["province"])
    token = ApiToken.objects.get(digest=token_digest(fresh.raw))
    client.post("/tai-khoan/ma-truy-cap/", {"action": "revoke", "token": token.pk})
    client.logout()
    assert client.get("/api/v1/units/", **_bearer(fresh.raw)).status_code == 401


def test_the_account_page_shows_a_new_token_once_then_lists_it(people, client):
    client.force_login(people["ward"])
    page = client.post(
        "/tai-khoan/ma-truy-cap/", {"action": "create", "name": "Đề án 06", "days": 30}
    )
    raw = page.context["created"]["raw"]
    assert raw in page.content.decode() and page["Cache-Control"] == "no-store"
    again = client.get("/tai-khoan/ma-truy-cap/").content.decode()
    assert raw not in again and "Đề án 06" in again and raw[:12] in again
    # Another user's token cannot be revoked from this page.
    other = ApiToken.objects.create(
        user=people["province"],
        name="x",
        prefix="cap_x",
        digest="0" * 64,
        expires_at=NOON + datetime.timedelta(days=400),
    )
    assert (
        client.post("/tai-khoan/ma-truy-cap/", {"action": "revoke", "token": other.pk}).status_code
        == 404
    )


def test_every_write_is_audited_and_reads_once_a_minute(people, api, dong_vinh, clock):
    clock(NOON)
    client = api(people["ward"])
    for _ in range(3):
        client.get("/api/v1/units/")
    clock(NOON + datetime.timedelta(minutes=2))
    client.get("/api/v1/units/")
    result = dong_vinh.results.get(criterion__number=1)
    client.patch(f"/api/v1/results/{result.pk}/", {"note": "a"}, If_Match=f'"{result.version}"')
    uses = AuditEvent.objects.filter(action=AuditAction.API, user=people["ward"]).order_by("at")
    assert [e.target.split(" ")[0] for e in uses] == ["GET", "GET", "PATCH"]
    token = ApiToken.objects.get(user=people["ward"])
    assert token.use_count == 5 and token.last_used_at == NOON + datetime.timedelta(minutes=2)


@pytest.mark.parametrize("days", [0, 367])
def test_a_token_lasts_one_day_to_a_year(people, days):
    err = io.StringIO()
    with pytest.raises(Exception, match="từ 1 đến 366 ngày"):
        call_command("api_token", "tinh40", "--days", str(days), stderr=err, stdout=io.StringIO())
