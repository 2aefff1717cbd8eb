"""Templates can be replaced in the admin, and only by one that renders (issue 18, point 3)."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from tests.documents.conftest import document, read, text_of
from tracker.accounts.models import AuditAction, AuditEvent
from tracker.documents import samples
from tracker.documents.context import decision_context, proposal_context, report_context
from tracker.documents.layout import KINDS
from tracker.documents.models import DocumentTemplate
from tracker.documents.render import PDF_CONTENT_TYPE, pdf_available
from tracker.units.models import Province

URL = "/admin/tracker/documenttemplate/add/"


def docx_with(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def upload(client, data: bytes, kind="report", name="mau.docx"):
    return client.post(
        URL,
        {"kind": kind, "file": SimpleUploadedFile(name, data), "active": "on", "note": ""},
    )


def test_an_uploaded_template_replaces_the_shipped_one(
    recognized, national_admin, client, tmp_path
):
    client.force_login(national_admin)
    response = upload(client, docx_with("MẪU RIÊNG: {{ issuer }} – {{ registered }} phường"))
    assert response.status_code == 302, response.content.decode()[:2000]
    first = DocumentTemplate.objects.get()
    assert first.active and first.uploaded_by == national_admin
    event = AuditEvent.objects.get(action=AuditAction.ADMIN)
    assert event.user == national_admin and "mẫu văn bản" in event.target
    assert "MẪU RIÊNG: CÔNG AN TỈNH NGHỆ AN – 16 phường" in text_of(
        read(document(tmp_path, "report", province=["40"], year=2023))
    )
    # A second upload of the kind retires the first.
    assert upload(client, docx_with("MẪU MỚI {{ year }}")).status_code == 302
    first.refresh_from_db()
    assert not first.active
    assert "MẪU MỚI 2023" in text_of(read(document(tmp_path, "report", province=["40"], year=2023)))
    # Other kinds keep the shipped template.
    assert "TỜ TRÌNH" in text_of(read(document(tmp_path, "proposal", province=["40"], year=2023)))


@pytest.mark.parametrize(
    "data, message",
    [
        (docx_with("Năm {{ year "), "TemplateSyntaxError"),
        (docx_with("{{ so_phuong_khong_co }}"), "UndefinedError"),
        (b"not a zip at all", "không phải là văn bản .docx"),
    ],
)
def test_a_template_that_does_not_render_is_refused_with_the_error(
    nghe_an_2023, national_admin, client, data, message
):
    client.force_login(national_admin)
    response = upload(client, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "mau.docx" in page
    assert not DocumentTemplate.objects.exists()


def test_only_national_administrators_see_the_templates(nghe_an_2023, officer, client):
    client.force_login(officer)
    assert upload(client, docx_with("{{ year }}")).status_code == 403
    assert client.get("/admin/tracker/documenttemplate/").status_code == 403
    assert not DocumentTemplate.objects.exists()


def test_samples_have_the_keys_of_the_real_documents(recognized):
    province = Province.objects.get(code="40")
    real = {
        "report": report_context(province=province, year=2023),
        "proposal": proposal_context(province=province, year=2023),
        "decision": decision_context(year=2023, provinces=[province]),
    }
    for kind in KINDS:
        assert set(samples.SAMPLES[kind]) == set(real[kind]), kind
        # And each ward's: a template using a ward's field renders with the sample too.
        assert set(samples.SAMPLES[kind]["wards"][0]) == set(real[kind]["wards"][0]), kind


def test_pdf_of_the_decision_by_libreoffice(recognized, national_admin, client):
    if not pdf_available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs LibreOffice (libreoffice-writer-nogui) for the PDF test")
        pytest.skip("LibreOffice (soffice) is not installed")
    client.force_login(national_admin)
    assert 'name="pdf"' in client.get("/quyet-dinh/?year=2023").content.decode()
    response = client.post("/quyet-dinh/?year=2023", {"signer_title": "Bộ trưởng", "pdf": "on"})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == PDF_CONTENT_TYPE
    assert response.content.startswith(b"%PDF-")
    # Two pages: the decision and its annex.
    assert response.content.count(b"/Type /Page\n") + response.content.count(b"/Type/Page") >= 2
