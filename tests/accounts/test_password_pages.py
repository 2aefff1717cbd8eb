"""A forgotten password reset by e-mail (/quen-mat-khau/), and the change of one's own
password (/tai-khoan/doi-mat-khau/), both in Vietnamese and kept in the audit trail."""

import html
import re

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tracker.accounts.models import AuditAction, AuditEvent, Role

NEW = "mot-mat-khau-moi-dai-du"


def text(response) -> str:
    return html.unescape(response.content.decode())


def logs_in(username: str, password: str) -> bool:
    response = Client().post("/dang-nhap/", {"username": username, "password": password})
    return response.status_code == 302


@pytest.fixture
def ward_user(nghe_an_units, account):
    user = account("phuong16663", Role.WARD, ward="16663")
    user.email = "dongvinh@example.vn"
    user.save()
    return user


def test_the_login_page_links_to_the_forgotten_password_page(db):
    page = text(Client().get("/dang-nhap/"))
    assert '<a href="/quen-mat-khau/" id="forgot-password">Quên mật khẩu?</a>' in page


def test_a_forgotten_password_is_reset_through_the_emailed_link(ward_user, mailoutbox):
    client = Client()
    page = text(client.get("/quen-mat-khau/"))
    assert "Quên mật khẩu" in page and "Gửi thư đặt lại mật khẩu" in page
    response = client.post("/quen-mat-khau/", {"email": "dongvinh@example.vn"}, follow=True)
    assert "Đã gửi thư đặt lại mật khẩu" in text(response)

    (mail,) = mailoutbox
    assert mail.to == ["dongvinh@example.vn"]
    assert mail.subject == "Đặt lại mật khẩu – Công an phường điển hình, kiểu mẫu"
    assert "Xin chào" in mail.body and "'phuong16663'" in mail.body
    assert "Nếu bạn không yêu cầu, hãy bỏ qua thư này" in mail.body
    link = re.search(r"http://testserver(/quen-mat-khau/\S+/\S+/)", mail.body).group(1)

    # Django moves the token into the session, then asks for the new password twice.
    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in text(form)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "Đã đặt mật khẩu mới" in text(done)
    assert logs_in("phuong16663", NEW)
    assert not logs_in("phuong16663", PASSWORD)
    event = AuditEvent.objects.filter(action=AuditAction.ACCOUNT).latest("pk")
    assert (event.username, event.detail, event.province.code) == (
        "phuong16663",
        "Đặt mật khẩu mới qua thư đặt lại",
        "40",
    )

    # The link works once.
    again = Client().get(link, follow=True)
    assert "Đường dẫn đặt lại mật khẩu này không dùng được" in text(again)


def test_an_unknown_address_sends_nothing_and_says_the_same(ward_user, mailoutbox):
    response = Client().post("/quen-mat-khau/", {"email": "ai@example.vn"}, follow=True)
    assert "Đã gửi thư đặt lại mật khẩu" in text(response)
    assert mailoutbox == []


def test_a_disabled_account_gets_no_reset_mail(ward_user, mailoutbox):
    ward_user.is_active = False
    ward_user.save()
    Client().post("/quen-mat-khau/", {"email": "dongvinh@example.vn"})
    assert mailoutbox == []


def test_everyone_changes_their_own_password(ward_user):
    client = Client()
    client.force_login(ward_user)
    page = text(client.get("/tai-khoan/doi-mat-khau/"))
    assert "Đổi mật khẩu" in page and 'name="old_password"' in page
    wrong = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": "sai", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200 and 'class="errors"' in text(wrong)
    assert not logs_in("phuong16663", NEW)
    short = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "ngan", "new_password2": "ngan"},
    )
    assert "Mật khẩu quá ngắn" in text(short)
    done = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Đã đổi mật khẩu" in text(done)
    # Still logged in on this browser; the new password is the one that works.
    assert client.get("/tai-khoan/").status_code == 200
    assert logs_in("phuong16663", NEW) and not logs_in("phuong16663", PASSWORD)
    event = AuditEvent.objects.filter(action=AuditAction.ACCOUNT).latest("pk")
    assert (event.username, event.detail) == ("phuong16663", "Đổi mật khẩu của mình")


def test_the_change_of_password_asks_for_a_login(db):
    response = Client().get("/tai-khoan/doi-mat-khau/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")
