"""A template cannot take the site down: bounded in the admin's check and in every download."""

import tracemalloc

import pytest
from django.core.files.base import ContentFile

from tests.documents.test_templates import docx_with, upload
from tests.untrusted.zips import docx_bomb
from tracker.documents import render
from tracker.documents.models import DocumentTemplate


@pytest.mark.parametrize(
    "text, reason",
    [
        ("{{ 'A' * 20000000 }}", "nhân một đoạn chữ hay danh sách quá 100.000 phần tử"),
        ("{{ [1, 2] * 60000 }}", "nhân một đoạn chữ hay danh sách quá 100.000 phần tử"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "dùng range() quá 10.000 phần tử",
        ),
        ("{{ 9 ** 9999999 }}", "dùng lũy thừa với số mũ quá 100"),
        (
            "{% for i in range(9000) %}{{ 'A' * 90000 }}{% endfor %}",
            "viết ra quá 10.485.760 ký tự nội dung văn bản",
        ),
    ],
)
def test_a_template_asking_for_too_much_is_refused_with_its_reason(
    nghe_an_2023, national_admin, client, text, reason
):
    client.force_login(national_admin)
    response = upload(client, docx_with(f"Báo cáo {text}"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Mẫu mau.docx {reason}" in page
    assert not DocumentTemplate.objects.exists()


def test_loops_that_write_nothing_are_stopped_by_the_cpu_limit(
    nghe_an_2023, national_admin, client, settings
):
    settings.TRACKER_TEMPLATE_CPU_SECONDS = 1
    loops = "{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}"
    client.force_login(national_admin)
    page = upload(client, docx_with(loops)).content.decode()
    assert "Mẫu mau.docx chạy quá 1 giây" in page
    assert not DocumentTemplate.objects.exists()


def test_a_template_that_lies_about_its_size_is_refused_before_it_is_opened(
    nghe_an_2023, national_admin, client
):
    bomb = docx_bomb()  # 1 MB declaring 2 kB, inflating to 1 GiB
    client.force_login(national_admin)
    tracemalloc.start()
    try:
        page = upload(client, bomb).content.decode()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "Tệp mau.docx giải nén ra quá lớn." in page
    assert peak < 100 * 1024 * 1024
    assert not DocumentTemplate.objects.exists()


@pytest.fixture
def hostile_active(recognized, national_admin):
    """A template made active before the bounds, as an old upload could have been."""
    template = DocumentTemplate(kind="report", active=True, uploaded_by=national_admin)
    template.file.save("cu.docx", ContentFile(docx_with("{{ 'A' * 20000000 }}")), save=False)
    template.save()
    return template


def test_a_hostile_active_template_answers_its_reason_once_and_is_not_rendered_again(
    hostile_active, officer, client, monkeypatch
):
    client.force_login(officer)
    response = client.get("/tinh/40/bao-cao.docx?year=2023")
    assert response.status_code == 404
    assert "nhân một đoạn chữ hay danh sách quá 100.000 phần tử" in response.content.decode()
    monkeypatch.setattr(render, "run_bounded", lambda *a, **k: pytest.fail("rendered again"))
    again = client.get("/tinh/40/bao-cao.docx?year=2023")
    assert again.status_code == 404
    assert "quá 100.000 phần tử" in again.content.decode()


def test_a_server_busy_rendering_says_to_try_again(recognized, officer, client, settings):
    from tracker.untrusted.slots import slot

    settings.TRACKER_TEMPLATE_SLOTS = 1
    client.force_login(officer)
    with slot("template", 1):
        response = client.get("/tinh/40/bao-cao.docx?year=2023")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "Hãy thử lại sau ít phút" in response.content.decode()
