"""A PDF built to draw for minutes cannot take a web worker: the preview is drawn bounded."""

import pytest

from tests.evidence.conftest import upload
from tests.evidence.nested_pdf import nested_forms_pdf
from tracker.evidence import preview
from tracker.evidence.services import evidence_add
from tracker.evidence.storage import evidence_storage
from tracker.untrusted.slots import exclusive, slot


@pytest.fixture
def nested(dong_vinh):
    (evidence,) = evidence_add(
        result=dong_vinh.results.get(criterion__number=3),
        user=None,
        files=[upload("long-ve.pdf", nested_forms_pdf(6))],  # a million fills: 1.9 GB unbounded
        title="Bản vẽ",
    )
    return evidence.current


def test_six_levels_of_forms_get_the_placeholder_stored_and_never_drawn_again(
    storage, nested, people, client, monkeypatch
):
    client.force_login(people["viewer"])
    url = f"/minh-chung/xem/{nested.pk}/trang-1.png"
    response = client.get(url)
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "Không xem trước được" in response.content.decode()
    # The failure is remembered for the revision: the next view draws nothing.
    name = preview.first_page_name(nested.blob)
    with evidence_storage().open(name, "rb") as marker:
        assert marker.read() == b""
    monkeypatch.setattr(preview, "run_bounded", lambda *a, **k: pytest.fail("drawn again"))
    again = client.get(url)
    assert again.content == response.content


def test_a_file_being_drawn_elsewhere_answers_at_once_and_stores_nothing(
    storage, nested, people, client, monkeypatch
):
    monkeypatch.setattr(preview, "run_bounded", lambda *a, **k: pytest.fail("drawn twice at once"))
    client.force_login(people["viewer"])
    url = f"/minh-chung/xem/{nested.pk}/trang-1.png"
    with exclusive(f"preview:{nested.blob}"):  # another worker of this server is drawing it
        response = client.get(url)
    assert "Đang tạo hình xem trước" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert not evidence_storage().exists(preview.first_page_name(nested.blob))


def test_a_server_with_every_slot_taken_answers_at_once(
    storage, nested, people, client, monkeypatch, settings
):
    settings.TRACKER_PREVIEW_SLOTS = 1
    monkeypatch.setattr(preview, "run_bounded", lambda *a, **k: pytest.fail("no slot was free"))
    client.force_login(people["viewer"])
    with slot("preview", 1):
        response = client.get(f"/minh-chung/xem/{nested.pk}/trang-1.png")
    assert "Đang tạo hình xem trước" in response.content.decode()
    assert not evidence_storage().exists(preview.first_page_name(nested.blob))
