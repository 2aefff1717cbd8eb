"""The error pages: in the app's layout, in Vietnamese, with the navigation and what to do next."""

import pytest
from django.template import loader
from django.test import Client

YEAR = "?year=2023"
LAYOUT = ('<header class="site">', "tracker/site.css", '<main id="content"')


def _client(user=None, **options) -> Client:
    client = Client(**options)
    if user is not None:
        client.force_login(user)
    return client


def _page(response) -> str:
    html = response.content.decode()
    for part in LAYOUT:
        assert part in html, part
    assert 'lang="vi"' in html
    return html


def test_a_ward_opening_its_province_gets_a_403_in_vietnamese_with_a_way_back(people):
    client = _client(people["ward"])
    response = client.get(f"/tinh/40/{YEAR}", HTTP_REFERER=f"http://testserver/phuong/16663/{YEAR}")
    assert response.status_code == 403
    html = _page(response)
    assert "Không có quyền truy cập" in html
    assert "thuộc phạm vi của đơn vị khác" in html
    assert "Forbidden" not in html
    # The navigation, with the ward's own page, and the ways out.
    assert 'id="nav-worklist"' in html and 'id="nav-my-ward"' in html
    assert f'<a href="http://testserver/phuong/16663/{YEAR}" id="error-back">' in html
    assert 'href="/viec-can-lam/" id="error-home"' in html


def test_the_back_link_is_never_another_site(people):
    client = _client(people["ward"])
    for referer in ("https://example.com/x", "javascript:alert(1)"):
        html = client.get(f"/tinh/40/{YEAR}", HTTP_REFERER=referer).content.decode()
        assert 'id="error-back"' not in html
        assert "example.com" not in html and "javascript:" not in html


@pytest.mark.urls("tests.error_urls")
def test_a_refusal_with_a_message_shows_it(people):
    response = _client(people["province"]).get("/loi/403/")
    assert response.status_code == 403
    html = _page(response)
    assert "Chỉ Bộ Công an được giao chỉ tiêu cho các tỉnh." in html
    assert "thuộc phạm vi của đơn vị khác" not in html


def test_an_unknown_address_gets_a_404_in_the_layout_with_the_navigation(people):
    response = _client(people["province"]).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = _page(response)
    assert "Không tìm thấy" in html and "Trang hoặc dữ liệu được yêu cầu không có." in html
    assert "tried" not in html and "Resolver404" not in html
    assert 'id="nav-worklist"' in html and 'id="error-home"' in html


def test_a_missing_ward_says_which_code(people):
    html = _client(people["ministry"]).get(f"/phuong/99999/{YEAR}").content.decode()
    assert "Không có đơn vị cấp xã mã 99999" in html


def test_an_anonymous_404_offers_to_log_in(db):
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = _page(response)
    assert 'id="nav-worklist"' not in html
    assert 'href="/dang-nhap/" id="error-login"' in html


@pytest.mark.urls("tests.error_urls")
def test_a_bad_request_gets_a_400_in_the_layout_without_django_s_english(people):
    response = _client(people["province"]).get("/loi/400/")
    assert response.status_code == 400
    html = _page(response)
    assert "Yêu cầu không hợp lệ" in html and "Không có gì được lưu" in html
    assert "HTTP_HOST" not in html and "Bad Request" not in html
    assert 'id="nav-worklist"' in html


def test_a_control_character_still_says_where(people):
    response = _client(people["province"]).get("/?year=20%0023")
    assert response.status_code == 400
    html = _page(response)
    assert "tham số &#x27;year&#x27;" in html or "tham số 'year'" in html
    assert 'id="nav-worklist"' in html


def test_a_form_with_an_expired_token_says_so_and_offers_to_log_in_again(people):
    client = _client(people["province"], enforce_csrf_checks=True)
    response = client.post("/dang-xuat/", HTTP_REFERER=f"http://testserver/tinh/40/{YEAR}")
    assert response.status_code == 403
    html = _page(response)
    assert "Biểu mẫu đã hết hạn" in html and "chưa được lưu" in html
    assert "CSRF" not in html and "Forbidden" not in html
    assert 'href="/dang-nhap/?next=%2Ftinh%2F40%2F%3Fyear%3D2023" id="error-login"' in html
    assert 'id="nav-worklist"' in html and 'id="error-back"' in html


def test_a_login_with_an_expired_token_anonymous(db):
    response = Client(enforce_csrf_checks=True).post("/dang-nhap/", {"username": "x"})
    assert response.status_code == 403
    html = _page(response)
    assert "Biểu mẫu đã hết hạn" in html and 'href="/dang-nhap/" id="error-login"' in html
    assert 'id="nav-worklist"' not in html


@pytest.mark.urls("tests.error_urls")
def test_a_bug_gets_a_500_in_vietnamese_looking_like_the_app(people):
    client = _client(people["province"], raise_request_exception=False)
    response = client.get("/loi/500/")
    assert response.status_code == 500
    html = _page(response)
    assert "Lỗi máy chủ" in html and "có thể chưa được lưu" in html
    assert 'id="error-home"' in html
    assert "Server Error" not in html and "a bug, on purpose" not in html


def test_the_500_page_renders_without_the_request_or_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert "Lỗi máy chủ" in html and "tracker/site.css" in html
