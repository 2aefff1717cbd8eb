"""The ward page's evidence, downloads and the dossiers, on the local folder and on local S3."""

import hashlib
import io
import urllib.request
import zipfile

import pytest
from openpyxl import load_workbook

from tests.evidence.conftest import PNG, pdf, upload
from tracker.assessments.models import CriterionResult, ResultStatus
from tracker.assessments.services import criterion_result_set_status
from tracker.assessments.workflow import assessment_propose
from tracker.criteria.models import Criterion
from tracker.evidence.dossier import TOC_NAME, dossier_summary
from tracker.evidence.models import EvidenceFile
from tracker.evidence.services import evidence_add


def ward_url(assessment, tail=""):
    return f"/phuong/{assessment.ward.code}/{tail}?year=2023&map=2023"


def add_url(assessment, number):
    result = assessment.results.get(criterion__number=number)
    return ward_url(assessment, f"minh-chung/{result.pk}/")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_upload_on_the_ward_page_then_listed_and_downloaded(storage, dong_vinh, people, client):
    client.force_login(people["ward"])
    files = [upload("scan.pdf", pdf(seed=b"1")), upload("scan.pdf", pdf(seed=b"2"))]
    response = client.post(
        add_url(dong_vinh, 3),
        {"files": files, "document_number": "5/BB-CAP", "document_date": "2023-05-02"},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã thêm 2 tệp minh chứng “scan”, “scan” cho tiêu chí 3 của Phường Đông Vĩnh." in page
    assert page.count("5/BB-CAP") == 2 and "02/05/2023" in page
    assert hashlib.sha256(pdf(seed=b"1")).hexdigest() in page
    assert hashlib.sha256(pdf(seed=b"2")).hexdigest() in page
    assert "thêm tệp minh chứng “scan”" in page  # in the history beside the status changes
    revision = EvidenceFile.objects.order_by("pk").first().current
    download = client.get(f"/minh-chung/tai/{revision.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert body(download) == pdf(seed=b"1")


def test_an_image_preview_runs_nothing(storage, dong_vinh, people, client):
    (evidence,) = evidence_add(
        result=dong_vinh.results.get(criterion__number=4), user=None, files=[upload("a.png", PNG)]
    )
    client.force_login(people["viewer"])
    page = client.get(ward_url(dong_vinh)).content.decode()
    assert f'<img src="/minh-chung/xem/{evidence.current.pk}/"' in page
    assert "Tải lên minh chứng TC4" not in page  # a viewer reads only
    response = client.get(f"/minh-chung/xem/{evidence.current.pk}/")
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert body(response) == PNG


def test_a_refused_upload_names_the_file_and_stores_nothing(dong_vinh, people, client):
    client.force_login(people["ward"])
    files = [upload("ok.pdf", pdf()), upload("bao-cao.pdf", b"<html><body>x</body></html>")]
    response = client.post(add_url(dong_vinh, 3), {"files": files}, follow=True)
    assert "Tệp &#x27;bao-cao.pdf&#x27; không được nhận: là một trang HTML" in (
        response.content.decode()
    )
    assert not EvidenceFile.objects.exists()


def test_the_upload_script_is_told_where_to_go(dong_vinh, people, client):
    client.force_login(people["ward"])
    response = client.post(
        add_url(dong_vinh, 3),
        {"files": [upload("a.pdf", pdf())]},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert response.json() == {"location": ward_url(dong_vinh) + "#minh-chung-tc3"}


def toc_rows(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return list(sheet.iter_rows(min_row=3, values_only=True))


def test_the_ward_dossier_has_a_folder_per_criterion_and_checkable_sha256(
    storage, dong_vinh, people, client
):
    for number, files in [(3, ["scan.pdf", "scan.pdf"]), (5, ["anh.png"])]:
        evidence_add(
            result=dong_vinh.results.get(criterion__number=number),
            user=people["ward"],
            files=[
                upload(n, PNG if n.endswith("png") else pdf(seed=n.encode() + bytes([i])))
                for i, n in enumerate(files)
            ],
            title=f"Minh chứng {number}",
        )
    client.force_login(people["province"])
    response = client.get(ward_url(dong_vinh, "ho-so.zip"))
    assert response.streaming
    assert "ho-so-minh-chung-16663-2023.zip" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    names = archive.namelist()
    assert names[0] == TOC_NAME
    folders = sorted({n.split("/")[0] for n in names[1:]})
    assert [f[:4] for f in folders] == ["TC03", "TC05"]
    rows = [r for r in toc_rows(archive.read(TOC_NAME)) if r[3]]
    assert len(rows) == 3 == len(names) - 1
    for row in rows:
        # Anyone can check each file against the table of contents.
        assert hashlib.sha256(archive.read(row[12])).hexdigest() == row[11]
        assert row[6] == "phuong16663"
    assert {r[0] for r in rows} == {"TC3", "TC5"}
    count, toc_sha = dossier_summary(dong_vinh)
    assert (count, toc_sha) == (3, hashlib.sha256(archive.read(TOC_NAME)).hexdigest())
    assert dossier_summary(dong_vinh) == (count, toc_sha)  # the same bytes every time


def test_the_province_dossier_holds_the_wards_it_proposed(storage, dong_vinh, people, client):
    result = dong_vinh.results.get(criterion__number=22)
    criterion_result_set_status(result=result, user=None, status=ResultStatus.MET)
    evidence_add(result=result, user=None, files=[upload("a.pdf", pdf())])
    assessment_propose(assessment=dong_vinh, user=people["ward"])
    client.force_login(people["province"])
    page = client.get("/tinh/40/?year=2023").content.decode()
    assert 'href="/tinh/40/ho-so.zip?year=2023"' in page
    archive = zipfile.ZipFile(io.BytesIO(body(client.get("/tinh/40/ho-so.zip?year=2023"))))
    names = archive.namelist()
    assert {n.split("/")[0] for n in names} == {"16663 - Phường Đông Vĩnh"}
    assert f"16663 - Phường Đông Vĩnh/{TOC_NAME}" in names
    assert any(n.endswith("/01 - a.pdf") and "/TC22 - " in n for n in names)


def test_the_province_heat_map_marks_evidence_and_counts_what_lacks_it(dong_vinh, people, client):
    Criterion.objects.filter(number__in=[3, 4]).update(requires_evidence=True)
    evidence_add(
        result=dong_vinh.results.get(criterion__number=3), user=None, files=[upload("a.pdf", pdf())]
    )
    client.force_login(people["province"])
    page = client.get("/tinh/40/?year=2023").content.decode()
    row = page[page.index('data-ward="16663"') :].split("</tr>")[0]
    assert row.count("has-evidence") == 1 and row.count("lacking-evidence") == 1
    # Every ward at Đạt on TC3 or TC4 lacks its required file, but 16663 on TC3.
    at_met = CriterionResult.objects.filter(
        assessment__year=2023, criterion__number__in=[3, 4], status=ResultStatus.MET
    ).count()
    assert f'<dd id="met-without-evidence">{at_met - 1}</dd>' in page
    ward_page = client.get(ward_url(dong_vinh)).content.decode()
    assert 'data-lacking="4"' in ward_page and 'data-lacking="3"' not in ward_page


def test_s3_downloads_can_go_by_a_short_lived_presigned_link(
    s3_storage, dong_vinh, people, client, settings
):
    settings.TRACKER_EVIDENCE_PRESIGNED = True
    (evidence,) = evidence_add(
        result=dong_vinh.results.get(criterion__number=3), user=None, files=[upload("a.pdf", pdf())]
    )
    client.force_login(people["ward"])
    response = client.get(f"/minh-chung/tai/{evidence.current.pk}/")
    assert response.status_code == 302
    assert "X-Amz-Expires=60" in response["Location"] or "Expires=" in response["Location"]
    with urllib.request.urlopen(response["Location"]) as fetched:  # noqa: S310 (local server)
        assert fetched.read() == pdf()
        assert "attachment" in fetched.headers["Content-Disposition"]


def test_downloads_can_be_handed_to_the_web_server(dong_vinh, people, client, settings):
    settings.TRACKER_EVIDENCE_ACCEL_PREFIX = "/_minh_chung/"
    (evidence,) = evidence_add(
        result=dong_vinh.results.get(criterion__number=3), user=None, files=[upload("a.pdf", pdf())]
    )
    client.force_login(people["ward"])
    response = client.get(f"/minh-chung/tai/{evidence.current.pk}/")
    assert response["X-Accel-Redirect"] == f"/_minh_chung/{evidence.current.blob}"
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'
    assert response.content == b""


@pytest.mark.parametrize("who", ["other_ward", "other_province"])
def test_another_scope_gets_nothing(dong_vinh, people, client, who):
    (evidence,) = evidence_add(
        result=dong_vinh.results.get(criterion__number=3), user=None, files=[upload("a.pdf", pdf())]
    )
    client.force_login(people[who])
    for url in (
        f"/minh-chung/tai/{evidence.current.pk}/",
        f"/minh-chung/xem/{evidence.current.pk}/",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/minh-chung/{evidence.pk}/go/").status_code == 404
    assert client.get(ward_url(dong_vinh, "ho-so.zip")).status_code in (403, 404)
    assert EvidenceFile.objects.get().removed_at is None


def test_an_upload_larger_than_the_whole_dossier_is_refused_unread(
    dong_vinh, people, client, settings
):
    settings.TRACKER_EVIDENCE_MAX_ASSESSMENT_MB = 0  # refused above 1 MB of request
    client.force_login(people["ward"])
    files = [upload("lon.pdf", pdf(1024 * 1024 + 1))]
    response = client.post(add_url(dong_vinh, 3), {"files": files}, follow=True)
    assert "lớn hơn giới hạn 0 MB của cả hồ sơ" in response.content.decode()
    client.force_login(people["viewer"])
    assert (
        client.post(add_url(dong_vinh, 3), {"files": [upload("a.pdf", pdf())]}).status_code == 403
    )
    assert not EvidenceFile.objects.exists()


def test_the_dossier_leaves_in_small_chunks_as_it_is_written(dong_vinh, people, client):
    big = pdf(3 * 1024 * 1024)
    evidence_add(
        result=dong_vinh.results.get(criterion__number=3), user=None, files=[upload("a.pdf", big)]
    )
    client.force_login(people["ward"])
    chunks = list(client.get(ward_url(dong_vinh, "ho-so.zip")).streaming_content)
    # Never the whole file at once: each chunk is about one read of the stored file.
    assert max(len(c) for c in chunks) < 128 * 1024 and len(chunks) > 40
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    assert archive.read(archive.namelist()[1]) == big
