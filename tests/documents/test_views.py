"""Download buttons on the province and national pages, each download scope-checked (issue 18)."""

from tests.documents.conftest import DECISION, paragraph, read, text_of
from tracker.accounts.models import Role
from tracker.documents.render import DOCX_CONTENT_TYPE
from tracker.units.loading import units_load


def test_province_page_offers_report_and_proposal_to_its_officer(recognized, officer, client):
    client.force_login(officer)
    page = client.get("/tinh/40/?year=2023").content.decode()
    assert 'href="/tinh/40/bao-cao.docx?year=2023"' in page
    assert 'href="/tinh/40/to-trinh.docx?year=2023"' in page
    response = client.get("/tinh/40/bao-cao.docx?year=2023")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-40-2023.docx"'
    doc = read(response.content)
    paragraph(doc, "CÔNG AN TỈNH NGHỆ AN")
    assert "2 phường đã được Bộ Công an công nhận" in text_of(doc)
    proposal = client.get("/tinh/40/to-trinh.docx?year=2023")
    assert proposal.status_code == 200
    assert "Phường Lê Lợi" in text_of(read(proposal.content))


def test_another_province_and_a_ward_officer_are_refused(recognized, account, client):
    units_load(edition="2023", only_provinces={"01"})
    client.force_login(account("tinh01", Role.PROVINCE, province="01"))
    assert client.get("/tinh/40/bao-cao.docx?year=2023").status_code == 403
    assert client.get("/tinh/40/to-trinh.docx?year=2023").status_code == 403
    client.force_login(account("phuong16663", Role.WARD, ward="16663"))
    assert client.get("/tinh/40/bao-cao.docx?year=2023").status_code == 403


def test_the_decision_is_the_ministrys_only(recognized, account, national_admin, client):
    client.force_login(account("xemtq", Role.VIEWER))
    assert "/quyet-dinh/" not in client.get("/?year=2023").content.decode()
    assert client.get("/quyet-dinh/?year=2023").status_code == 403
    assert client.post("/quyet-dinh/?year=2023", {"signer_title": "Bộ trưởng"}).status_code == 403
    client.force_login(national_admin)
    page = client.get("/?year=2023").content.decode()
    assert 'href="/quyet-dinh/?year=2023"' in page
    form = client.get("/quyet-dinh/?year=2023").content.decode()
    assert f"{DECISION} – 05/01/2024" in form


def test_the_decision_form_gives_the_signer_and_downloads(recognized, national_admin, client):
    client.force_login(national_admin)
    response = client.post(
        "/quyet-dinh/?year=2023",
        {"signer_title": "KT. Bộ trưởng / Thứ trưởng", "signer_name": "Trần Văn B"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-2023.docx"'
    doc = read(response.content)
    paragraph(doc, "Số: 15/QĐ-BCA")
    for line in ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trần Văn B"):
        paragraph(doc, line)
    assert "[Họ và tên người ký]" not in text_of(doc)


def test_the_decision_form_says_why_it_cannot_write(nghe_an_2023, national_admin, client):
    client.force_login(national_admin)
    response = client.post("/quyet-dinh/?year=2023", {"signer_title": "Bộ trưởng"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "chưa có phường nào được công nhận" in response.content.decode()


def test_no_pdf_button_without_libreoffice(recognized, officer, client, settings):
    settings.TRACKER_SOFFICE = "no-such-office-program"
    client.force_login(officer)
    page = client.get("/tinh/40/?year=2023").content.decode()
    assert "bao-cao.pdf" not in page and "bao-cao.docx" in page
    response = client.get("/tinh/40/bao-cao.pdf?year=2023")
    assert response.status_code == 404


def test_the_decision_form_lists_one_maps_provinces_by_code(recognized, national_admin, client):
    units_load(edition="2025", only_provinces={"40", "42"})
    client.force_login(national_admin)
    form = client.get("/quyet-dinh/?year=2023").context["form"]
    assert form.fields["provinces"].label == "Tỉnh, thành phố trên bản đồ 2023"
    assert [label for _code, label in form.fields["provinces"].choices] == ["40 – Tỉnh Nghệ An"]
    on_2025 = client.get("/quyet-dinh/?year=2023&map=2025").context["form"]
    assert [label for _code, label in on_2025.fields["provinces"].choices] == [
        "42 – Hà Tĩnh",
        "40 – Nghệ An",
    ]
    # Chosen by code on the map shown: "40" is Nghệ An, whatever its row number.
    response = client.post(
        "/quyet-dinh/?year=2023", {"provinces": ["40"], "signer_title": "Bộ trưởng"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-2023.docx"'
