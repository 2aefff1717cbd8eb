"""Every figure of a document equals the page's and `progress --format json`'s (issue 18)."""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.documents.conftest import DECISION, document, paragraph, progress_json, read, text_of
from tracker.assessments.models import Assessment, AssessmentStatus, CriterionResult
from tracker.assessments.services import assessment_register
from tracker.criteria.models import CriteriaSet
from tracker.evidence.dossier import TOC_NAME
from tracker.evidence.services import evidence_add
from tracker.rounds.services import province_round_set, round_set
from tracker.units.loading import units_load
from tracker.units.models import Province, Ward


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def test_report_figures_and_wards_equal_the_progress_command(recognized, tmp_path):
    expected = progress_json(province="40", year=2023)
    doc = read(document(tmp_path, "report", province=["40"], year=2023))
    figures, wards = doc.tables[1], doc.tables[2]
    assert table_rows(figures) == [
        ["Số phường", str(expected["wards_total"])],
        ["Đăng ký", str(expected["registered"])],
        ["Đạt đủ tiêu chí", str(expected["meeting_all"])],
        ["Đã công nhận", str(expected["recognized"])],
        ["Chỉ tiêu của Bộ", str(expected["quota"])],
    ]
    assert expected["recognized"] == 2
    assert table_rows(wards) == [
        [
            str(index),
            w["code"],
            w["name"],
            dict(AssessmentStatus.choices)[w["status"]],
            f"{w['met']}/{w['total']}",
            ", ".join(f"TC{n}" for n in w["missing"]) or "—",
        ]
        for index, w in enumerate(expected["wards"], start=1)
    ]
    text = text_of(doc)
    share = f"{100 * expected['registered'] / expected['wards_total']:.1f}".replace(".", ",")
    assert (
        f"Toàn tỉnh có {expected['wards_total']} phường; {expected['registered']} phường đăng ký "
        f"xây dựng năm 2023 ({share}% số phường)"
    ) in text
    assert "2 phường đã được Bộ Công an công nhận" in text
    # The targets' standing and the bottleneck, as the province page shows them.
    assert "- Mục tiêu năm 2025 (30-50% số phường): Đúng tiến độ." in text
    assert "tiêu chí 22 (" in text and "16/16 phường chưa đạt" in text


def test_a_province_with_no_recognised_ward(nghe_an_2023, tmp_path):
    assert progress_json(province="40", year=2023)["recognized"] == 0
    doc = read(document(tmp_path, "report", province=["40"], year=2023))
    assert "chưa có phường nào được Bộ Công an công nhận." in text_of(doc)
    assert ["Đã công nhận", "0"] in table_rows(doc.tables[1])
    proposal = read(document(tmp_path, "proposal", province=["40"], year=2023))
    assert "Năm 2023, Công an tỉnh Nghệ An chưa chuyển Bộ đề nghị công nhận phường nào." in (
        text_of(proposal)
    )
    assert table_rows(proposal.tables[1]) == []
    with pytest.raises(CommandError, match="chưa có phường nào được công nhận"):
        document(tmp_path, "decision", province=["40"], year=2023)


def test_proposal_lists_the_forwarded_wards_with_their_dossier_columns(recognized, tmp_path):
    result = CriterionResult.objects.get(
        assessment__ward__code="16669", assessment__year=2023, criterion__number=22
    )
    evidence_add(
        result=result,
        user=None,
        files=[
            SimpleUploadedFile("nghi-quyet.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF"),
            SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32),
        ],
    )
    doc = read(document(tmp_path, "proposal", province=["40"], year=2023))
    expected = {w["code"]: w for w in progress_json(province="40", year=2023)["wards"]}
    lê_lợi = expected["16669"]
    # The table of contents the province sends in the ward's dossier has that SHA-256.
    dossier = tmp_path / "ho-so.zip"
    call_command("dossier", ward="16669", year=2023, output=str(dossier), stdout=io.StringIO())
    with zipfile.ZipFile(dossier) as archive:
        (toc,) = [n for n in archive.namelist() if n.endswith(TOC_NAME)]
        toc_sha256 = hashlib.sha256(archive.read(toc)).hexdigest()
    rows = {row[1]: row for row in table_rows(doc.tables[1])}
    assert rows[lê_lợi["name"]][2:] == [f"{lê_lợi['met']}/{lê_lợi['total']}", "2", toc_sha256, "—"]
    assert "công nhận 3 Công an phường" in text_of(doc)


def test_decided_wards_stay_in_the_proposal_with_their_decision(recognized, tmp_path):
    """After the Ministry's answer the year's proposal is made again: the recognised wards with
    their decision's number and date, the refused one as refused, the waiting one as waiting."""
    Assessment.objects.filter(ward__code="16666", year=2023).update(
        status=AssessmentStatus.REFUSED, decision_number="", decision_date=None
    )
    doc = read(document(tmp_path, "proposal", province=["40"], year=2023))
    names = {w["code"]: w["name"] for w in progress_json(province="40", year=2023)["wards"]}
    decisions = {row[1]: row[5] for row in table_rows(doc.tables[1])}
    assert decisions == {
        names["16663"]: f"{DECISION} ngày 05/01/2024",
        names["16666"]: "Không công nhận",
        names["16669"]: "—",
    }
    assert [row[0] for row in table_rows(doc.tables[1])] == ["1", "2", "3"]
    assert "chưa chuyển Bộ" not in text_of(doc)


def test_report_states_completeness_by_the_due_date_as_the_progress_command(recognized, tmp_path):
    province = Province.objects.get(edition__code="2023", code="40")
    round_set(year=2023, due=datetime.date(2023, 11, 30), user=None)
    province_round_set(province=province, year=2023, due=datetime.date(2023, 10, 31), user=None)
    expected = progress_json(province="40", year=2023)
    text = text_of(read(document(tmp_path, "report", province=["40"], year=2023)))
    assert (
        "5. Tiến độ đánh giá: hạn Công an các phường đánh giá đủ các tiêu chí là ngày 31/10/2023; "
        f"{expected['complete']}/{expected['registered']} phường đăng ký đã đánh giá đủ các tiêu "
        f"chí, trong đó {expected['complete_on_time']} phường đúng hạn; {expected['late']} phường "
        "chậm hạn."
    ) in text


@pytest.fixture
def two_provinces(recognized):
    """A Hà Nội ward recognised by the same decision as Nghệ An's two, one by another."""
    units_load(edition="2023", only_provinces={"01"})
    criteria_set = CriteriaSet.objects.get()
    hanoi = list(Ward.objects.filter(province__code="01", kind="phuong").order_by("code")[:2])
    for ward in hanoi:
        assessment_register(ward=ward, year=2023, criteria_set=criteria_set, user=None)
    Assessment.objects.filter(ward=hanoi[0], year=2023).update(
        status=AssessmentStatus.RECOGNIZED,
        decision_number=DECISION,
        decision_date=datetime.date(2024, 1, 5),
    )
    Assessment.objects.filter(ward=hanoi[1], year=2023).update(
        status=AssessmentStatus.RECOGNIZED,
        decision_number="99/QĐ-BCA",
        decision_date=datetime.date(2024, 2, 1),
    )
    return hanoi


def test_a_decision_for_several_provinces(two_provinces, tmp_path):
    hanoi = two_provinces[0]
    doc = read(
        document(tmp_path, "decision", province=["40", "01"], year=2023, decision_number=DECISION)
    )
    annex = doc.tables[-1]
    assert [row[1:3] for row in table_rows(annex)] == [
        [f"Công an phường {hanoi.name.removeprefix('Phường ')}", "Thành phố Hà Nội"],
        ["Công an phường Đông Vĩnh", "Tỉnh Nghệ An"],
        ["Công an phường Hà Huy Tập", "Tỉnh Nghệ An"],
    ]
    text = text_of(doc)
    assert "Công nhận 3 Công an phường thuộc 2 tỉnh, thành phố" in text
    assert "Giám đốc Công an các tỉnh, thành phố: Hà Nội, Nghệ An chịu trách nhiệm" in text
    paragraph(doc, "Số: 15/QĐ-BCA")
    paragraph(doc, "Hà Nội, ngày 05 tháng 01 năm 2024")
    assert "(Kèm theo Quyết định số 15/QĐ-BCA ngày 05/01/2024 của Bộ trưởng Bộ Công an)" in text
    # No --province: every province of the map, the same wards.
    every = read(document(tmp_path, "decision", year=2023, decision_number=DECISION))
    assert table_rows(every.tables[-1]) == table_rows(annex)
    other = read(document(tmp_path, "decision", year=2023, decision_number="99/QĐ-BCA"))
    assert len(table_rows(other.tables[-1])) == 1
    paragraph(other, "Hà Nội, ngày 01 tháng 02 năm 2024")


def test_a_decision_needs_one_number_when_the_wards_have_several(two_provinces, tmp_path):
    with pytest.raises(CommandError) as error:
        document(tmp_path, "decision", year=2023)
    assert "15/QĐ-BCA, 99/QĐ-BCA" in str(error.value)
    with pytest.raises(CommandError, match="theo quyết định số 7/QĐ-BCA"):
        document(tmp_path, "decision", year=2023, decision_number="7/QĐ-BCA")


def test_a_draft_decision_for_the_forwarded_wards_keeps_placeholders(recognized, tmp_path):
    doc = read(document(tmp_path, "decision", province=["40"], year=2023, draft=True))
    paragraph(doc, "Số: ……/QĐ-BCA")
    paragraph(doc, "Hà Nội, ngày …… tháng …… năm ……")
    assert [row[1] for row in table_rows(doc.tables[-1])] == ["Công an phường Lê Lợi"]
    signed = read(
        document(
            tmp_path,
            "decision",
            province=["40"],
            year=2023,
            draft=True,
            decision_number="20/QĐ-BCA",
            date="2024-02-03",
            signer_title="KT. Bộ trưởng / Thứ trưởng",
            signer_name="Nguyễn Văn A",
        )
    )
    paragraph(signed, "Số: 20/QĐ-BCA")
    paragraph(signed, "Hà Nội, ngày 03 tháng 02 năm 2024")
    for line in ("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Văn A"):
        paragraph(signed, line)


def test_the_command_refuses_what_it_cannot_write(nghe_an_2023, tmp_path):
    out = str(tmp_path / "x.docx")
    with pytest.raises(CommandError, match="đúng một --province"):
        call_command("document", "report", year=2023, output=out, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có tỉnh mã '99'"):
        call_command("document", "report", province=["99"], output=out, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Năm 1999 ngoài chương trình"):
        call_command("document", "report", province=["40"], year=1999, output=out)
