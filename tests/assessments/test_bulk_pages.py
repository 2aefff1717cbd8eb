"""The bulk pages (the Ministry's decision on several wards, a province forwarding several)
and the words after every single step on the ward page (issue points 5 and 7)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.assessments.test_bulk_steps import at, forwarded, proposed
from tracker.accounts.models import Role
from tracker.assessments.models import AssessmentStatus, ResultStatus
from tracker.assessments.services import assessment_update, criterion_result_set_status
from tracker.units.models import MapEdition, Province, ProvinceKind

RECOGNIZE = "/cong-nhan/?year=2023"
FORWARD = "/tinh/40/chuyen-de-nghi/?year=2023"


def said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def ticked(response, *codes: str) -> dict:
    """The form as the page showed it, with the wards of these codes ticked."""
    rows = {a.ward.code: a for a in response.context["rows"]}
    data = {f"seen-{a.pk}": a.last_change for a in rows.values()}
    data["assessment"] = [rows[c].pk for c in codes]
    return data


def test_the_ministry_recognises_several_wards_under_one_decision(client, people):
    forwarded("16663", "16666", "16669")
    proposed("16670")  # not forwarded: not on the page
    client.force_login(people["ministry"])
    page = client.get(RECOGNIZE)
    assert [a.ward.code for a in page.context["rows"]] == ["16663", "16666", "16669"]
    assert page.context["provinces"] == [("40", "Tỉnh Nghệ An", 3)]
    assert b'id="select-all"' in page.content
    # Lê Lợi is refused by the Ministry elsewhere in the meantime: named, the others recognised.
    assessment_update(
        assessment=at("16669"),
        user=people["ministry"],
        reason="Bộ không công nhận: Chưa đạt",
        status=AssessmentStatus.REFUSED,
        review_note="Chưa đạt",
    )
    response = client.post(
        RECOGNIZE,
        {
            **ticked(page, "16663", "16666", "16669"),
            "step": "recognize",
            "decision_number": "123/QĐ-BCA",
            "decision_date": "2026-12-05",
        },
        follow=True,
    )
    assert said(response) == [
        "Đã công nhận 2 phường theo Quyết định số 123/QĐ-BCA ngày 05/12/2026: "
        "Phường Đông Vĩnh, Phường Hà Huy Tập.",
        "Chưa công nhận Phường Lê Lợi: đăng ký đã thay đổi từ khi trang được mở "
        "(nay: Không công nhận). Hãy tải lại trang và xem lại.",
    ]
    assert response.context["rows"] == []
    for code in ("16663", "16666"):
        stored = at(code)
        assert (stored.status, stored.decision_number, stored.decision_date) == (
            AssessmentStatus.RECOGNIZED,
            "123/QĐ-BCA",
            datetime.date(2026, 12, 5),
        )


def test_refusal_needs_a_reason_and_the_form_keeps_what_was_typed(client, people):
    forwarded("16663", "16666")
    client.force_login(people["ministry"])
    page = client.get(RECOGNIZE + "&tinh=40")
    response = client.post(
        RECOGNIZE + "&tinh=40",
        {**ticked(page, "16663"), "step": "refuse", "reason": " "},
    )
    assert response.status_code == 200
    assert said(response) == ["Chưa ghi không công nhận phường nào: Cần ghi rõ lý do."]
    assert 'id="assessment-{}" checked'.format(at("16663").pk) in response.content.decode()
    response = client.post(
        RECOGNIZE + "&tinh=40",
        {**ticked(page, "16663", "16666"), "step": "refuse", "reason": "Chưa đạt TC22 thực chất"},
        follow=True,
    )
    assert said(response) == [
        "Đã không công nhận 2 phường: Phường Đông Vĩnh, Phường Hà Huy Tập. "
        "Lý do: Chưa đạt TC22 thực chất."
    ]
    assert response.redirect_chain[-1][0] == RECOGNIZE + "&tinh=40"


def test_the_province_filter_is_a_simple_select(client, people):
    forwarded("16663")
    client.force_login(people["ministry"])
    content = client.get(RECOGNIZE + "&tinh=40").content.decode()
    assert '<select id="province-select" name="tinh">' in content
    assert '<option value="40" selected>Tỉnh Nghệ An (1)</option>' in content
    assert client.get(RECOGNIZE + "&tinh=01").context["rows"] == []


@pytest.mark.parametrize("who", ["province", "viewer", "ward"])
def test_only_the_ministry_opens_the_decision_page(client, people, who):
    forwarded("16663")
    client.force_login(people[who])
    assert client.get(RECOGNIZE).status_code == 403
    post = {"assessment": [at("16663").pk], "step": "recognize", "decision_number": "1"}
    assert client.post(RECOGNIZE, post).status_code == 403
    assert at("16663").status == AssessmentStatus.PROPOSED


def test_the_province_forwards_several_proposals_at_once(client, people):
    proposed("16663", "16666", "16669")
    forwarded("16670")  # already with the Ministry: not on the page
    client.force_login(people["province"])
    page = client.get(FORWARD)
    assert [a.ward.code for a in page.context["rows"]] == ["16663", "16666", "16669"]
    response = client.post(FORWARD, ticked(page, "16663", "16666"), follow=True)
    assert said(response) == [
        "Đã chuyển đề nghị của 2 phường lên Bộ: Phường Đông Vĩnh, Phường Hà Huy Tập."
    ]
    assert [a.ward.code for a in response.context["rows"]] == ["16669"]
    assert at("16663").forwarded_by == people["province"]
    response = client.post(FORWARD, {"assessment": []})
    assert said(response) == ["Chưa chuyển đề nghị nào lên Bộ: hãy chọn ít nhất một phường."]


def test_another_provinces_officer_cannot_forward_and_the_ministry_only_reads(
    client, people, account
):
    proposed("16663")
    Province.objects.create(
        edition=MapEdition.objects.get(code="2023"),
        code="42",
        name="Tỉnh Hà Tĩnh",
        kind=ProvinceKind.PROVINCE,
    )
    client.force_login(account("tinh42", Role.PROVINCE, province="42"))
    assert client.get(FORWARD).status_code == 403
    assert client.post(FORWARD, {"assessment": [at("16663").pk]}).status_code == 403
    client.force_login(people["ministry"])
    page = client.get(FORWARD)
    assert page.status_code == 200
    assert b'name="assessment"' not in page.content
    assert b'id="forward-refusal"' in page.content
    assert client.post(FORWARD, {"assessment": [at("16663").pk]}).status_code == 403
    assert at("16663").forwarded_at is None


def test_links_to_the_bulk_pages(client, people, clock):
    # The work list shows the programme year of today: the data's.
    clock(datetime.datetime(2023, 11, 10, 12, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    client.force_login(people["ministry"])
    assert b'href="/cong-nhan/?year=2023"' in client.get("/?year=2023").content
    assert b'id="worklist-bulk-recognize"' not in client.get("/viec-can-lam/").content
    forwarded("16663", "16666")
    work = client.get("/viec-can-lam/").content.decode()
    assert work.count('<a id="worklist-bulk-recognize" href="/cong-nhan/?year=2023">') == 1
    client.force_login(people["province"])
    assert b'href="/tinh/40/chuyen-de-nghi/?year=2023"' in client.get("/tinh/40/?year=2023").content


WORKFLOW = "/phuong/16663/cong-nhan/?year=2023"


def test_every_single_step_says_what_happened_in_words(client, people):
    result = at("16663").results.get(criterion__number=22)
    criterion_result_set_status(result=result, user=people["ward"], status=ResultStatus.MET)

    def step(who, **data):
        client.force_login(people[who])
        return said(client.post(WORKFLOW, data, follow=True))

    assert step("ward", step="propose") == [
        "Đã gửi đề nghị công nhận của Phường Đông Vĩnh lên Công an tỉnh."
    ]
    assert step("province", step="return", reason="") == [
        "Chưa trả lại Phường Đông Vĩnh: Cần ghi rõ lý do."
    ]
    assert step("province", step="return", reason="Thiếu biên bản TC19") == [
        "Đã trả lại Phường Đông Vĩnh để giải trình: Thiếu biên bản TC19."
    ]
    assert step("ward", step="propose", answer="Đã bổ sung biên bản") == [
        "Đã gửi lại đề nghị công nhận của Phường Đông Vĩnh lên Công an tỉnh, kèm giải trình."
    ]
    assert step("province", step="forward") == ["Đã chuyển đề nghị của Phường Đông Vĩnh lên Bộ."]
    assert step("ministry", step="refuse", reason="Chưa đạt TC22 thực chất.") == [
        "Đã không công nhận Phường Đông Vĩnh: Chưa đạt TC22 thực chất."
    ]
    assert step("ministry", step="reopen", reason="Kiểm tra lại") == [
        "Đã mở lại Phường Đông Vĩnh để phường giải trình: Kiểm tra lại."
    ]
    step("ward", step="propose", answer="Đã kiểm tra")
    step("province", step="forward")
    assert step("ministry", step="recognize", decision_number="", decision_date="") == [
        "Chưa công nhận Phường Đông Vĩnh: Công nhận cần số và ngày của quyết định công nhận."
    ]
    assert step(
        "ministry", step="recognize", decision_number="123/QĐ-BCA", decision_date="2026-12-05"
    ) == ["Đã công nhận Phường Đông Vĩnh (Quyết định số 123/QĐ-BCA, ngày 05/12/2026)."]
    assert at("16663").status == AssessmentStatus.RECOGNIZED


def test_the_decision_page_ticks_provinces_and_leads_to_the_bulk_decision(client, people):
    client.force_login(people["ministry"])
    content = client.get("/quyet-dinh/?year=2023").content.decode()
    assert 'type="checkbox" name="provinces" value="40"' in content
    assert 'select name="provinces"' not in content
    assert 'id="bulk-recognize-link" href="/cong-nhan/?year=2023"' in content
