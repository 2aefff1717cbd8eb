"""After each action on the due dates, the quotas and the API tokens, the message says in
words what happened to what (issue point 7)."""

import pytest
from django.test import Client

from tracker.api.models import ApiToken


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_due_dates_saved_or_refused_name_whose_date_and_the_year(people):
    ministry = client_of(people["ministry"])
    response = ministry.post("/han-bao-cao/", {"year": 2023, "due": "2023-11-30"}, follow=True)
    assert _messages(response) == ["Đã lưu hạn các tỉnh gửi đề nghị về Bộ năm 2023: 30/11/2023."]
    province = client_of(people["province"])
    response = province.post(
        "/tinh/40/han-bao-cao/?year=2023", {"year": 2023, "due": "2023-11-20"}, follow=True
    )
    assert _messages(response) == [
        "Đã lưu hạn các phường của Tỉnh Nghệ An hoàn thành đánh giá năm 2023: 20/11/2023."
    ]
    response = province.post(
        "/tinh/40/han-bao-cao/?year=2023", {"year": 2023, "due": "2023-12-15"}, follow=True
    )
    (refused,) = _messages(response)
    assert refused.startswith("Chưa lưu hạn các phường của Tỉnh Nghệ An năm 2023: ")
    assert "không được sau hạn Bộ đặt (30/11/2023)" in refused
    response = ministry.post("/han-bao-cao/", {"year": 2023, "due": "2023-11-01"}, follow=True)
    (refused,) = _messages(response)
    assert refused.startswith("Chưa lưu hạn các tỉnh gửi đề nghị về Bộ năm 2023: ")
    response = ministry.post("/han-bao-cao/", {"year": 2023, "due": "mai"}, follow=True)
    assert _messages(response) == ["Chưa lưu hạn: cần năm và một ngày hợp lệ (ngày/tháng/năm)."]


@pytest.mark.usefixtures("nghe_an_both_maps")
def test_the_quotas_saved_name_the_year_and_each_change(people):
    response = client_of(people["ministry"]).post(
        "/chi-tieu/?year=2026", {"quota-40": "5"}, follow=True
    )
    assert _messages(response) == ["Đã lưu chỉ tiêu năm 2026 của 1 tỉnh: Nghệ An: — → 5."]


def test_a_token_made_or_revoked_is_named(people):
    client = client_of(people["ward"])
    page = client.post(
        "/tai-khoan/ma-truy-cap/", {"action": "create", "name": "Đề án 06", "days": 30}
    ).content.decode()
    assert "Đã tạo mã 'Đề án 06', hiệu lực đến " in page
    token = ApiToken.objects.get(name="Đề án 06")
    response = client.post(
        "/tai-khoan/ma-truy-cap/", {"action": "revoke", "token": token.pk}, follow=True
    )
    assert _messages(response) == ["Đã thu hồi mã 'Đề án 06'."]
    response = client.post(
        "/tai-khoan/ma-truy-cap/", {"action": "revoke", "token": token.pk}, follow=True
    )
    assert _messages(response) == ["Chưa thu hồi mã 'Đề án 06': Mã này đã được thu hồi."]
