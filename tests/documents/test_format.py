"""Each document read back with python-docx has the format of Decree 30/2020/NĐ-CP (issue 18)."""

import datetime
import unicodedata
import zipfile

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from tests.documents.conftest import document, paragraph, paragraphs, read, runs, text_of
from tracker.documents.context import date_words
from tracker.documents.layout import KINDS, template_path, templates_write
from tracker.units.models import Ward

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ISSUERS = {
    "report": ("BỘ CÔNG AN", "CÔNG AN TỈNH NGHỆ AN", "Số: ……/BC-CAT", "BÁO CÁO"),
    "proposal": ("BỘ CÔNG AN", "CÔNG AN TỈNH NGHỆ AN", "Số: ……/TTr-CAT", "TỜ TRÌNH"),
    "decision": (None, "BỘ CÔNG AN", "Số: 15/QĐ-BCA", "QUYẾT ĐỊNH"),
}


def assert_runs(par, *, size, bold=None, italic=None):
    for run in runs(par):
        assert run.font.name == "Times New Roman", par.text
        assert run.font.size == Pt(size), (par.text, run.font.size)
        if bold is not None:
            assert bool(run.font.bold) == bold, par.text
        if italic is not None:
            assert bool(run.font.italic) == italic, par.text


@pytest.fixture
def documents(recognized, tmp_path):
    return {
        "report": read(document(tmp_path, "report", province=["40"], year=2023, date="2024-01-05")),
        "proposal": read(
            document(tmp_path, "proposal", province=["40"], year=2023, date="2024-01-05")
        ),
        "decision": read(document(tmp_path, "decision", province=["40"], year=2023)),
    }


@pytest.mark.parametrize("kind", KINDS)
def test_page_heading_and_type_line_follow_the_decree(documents, kind):
    doc = documents[kind]
    section = doc.sections[0]
    # Word keeps lengths in twips: compare in whole millimetres.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20

    title = paragraph(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert_runs(title, size=13, bold=True)
    motto = paragraph(doc, "Độc lập - Tự do - Hạnh phúc")
    assert_runs(motto, size=14, bold=True)
    assert motto.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = motto._p.getnext()
    assert rule.pPr.find(f"{W}pBdr/{W}bottom") is not None, "a rule beneath the motto"

    parent, issuer, number, kind_line = ISSUERS[kind]
    if parent:
        assert_runs(paragraph(doc, parent), size=13, bold=False)
    issuer_paragraph = paragraph(doc, issuer)
    assert_runs(issuer_paragraph, size=13, bold=True)
    assert issuer_paragraph.text == issuer_paragraph.text.upper()
    assert_runs(paragraph(doc, number), size=13)

    place = "Hà Nội" if kind == "decision" else "Nghệ An"
    assert_runs(paragraph(doc, f"{place}, ngày 05 tháng 01 năm 2024"), size=14, italic=True)

    type_line = paragraph(doc, kind_line)
    assert_runs(type_line, size=14, bold=True)
    assert type_line.alignment == WD_ALIGN_PARAGRAPH.CENTER
    texts = [p.text for p in paragraphs(doc)]
    summary = paragraphs(doc)[texts.index(kind_line) + 1]
    assert "năm 2023" in summary.text
    assert_runs(summary, size=14, bold=True)


@pytest.mark.parametrize("kind", KINDS)
def test_body_signature_recipients_and_page_numbers(documents, kind):
    doc = documents[kind]
    body = [
        p
        for p in doc.paragraphs
        if p.paragraph_format.first_line_indent is not None and p.text.strip()
    ]
    assert len(body) >= 2
    for par in body:
        assert par.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY, par.text
        assert Cm(1) <= par.paragraph_format.first_line_indent <= Cm(1.27), par.text
        assert par.paragraph_format.space_before >= Pt(6), par.text
        assert_runs(par, size=14)

    assert_runs(paragraph(doc, "Nơi nhận:"), size=12, bold=True, italic=True)
    texts = [p.text for p in paragraphs(doc)]
    start = texts.index("Nơi nhận:") + 1
    listed = paragraphs(doc)[
        start : start + 1 + texts[start:].index("- Lưu: VT, [đơn vị soạn thảo].")
    ]
    assert listed[-1].text.startswith("- Lưu: VT, ")
    for item in listed:
        assert_runs(item, size=11)
    signer = "BỘ TRƯỞNG" if kind == "decision" else "GIÁM ĐỐC"
    assert_runs(paragraph(doc, signer), size=14, bold=True)
    assert_runs(paragraph(doc, "[Họ và tên người ký]"), size=14, bold=True)

    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" not in section.first_page_header._element.xml
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in header._p.xml


@pytest.mark.parametrize(
    "day, words",
    [
        (datetime.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        (datetime.date(2024, 2, 9), "ngày 09 tháng 02 năm 2024"),
        (datetime.date(2024, 3, 10), "ngày 10 tháng 3 năm 2024"),
        (datetime.date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
    ],
)
def test_dates_have_leading_zeros_for_days_under_ten_and_months_one_and_two(day, words):
    assert date_words(day) == words


def test_vietnamese_text_comes_out_in_nfc_and_user_text_is_escaped(recognized, tmp_path):
    # A ward name stored decomposed (NFD, as some keyboards type it) with XML's specials.
    decomposed = unicodedata.normalize("NFD", "Phường Hưng Dũng <A&B>")
    Ward.objects.filter(code="16663", edition__code="2023").update(name=decomposed)
    doc = read(
        document(tmp_path, "report", province=["40"], year=2023, signer_name="Nguyễn Văn Ánh")
    )
    text = text_of(doc)
    assert text == unicodedata.normalize("NFC", text)
    assert "Phường Hưng Dũng <A&B>" in text
    assert "Nguyễn Văn Ánh" in text and "[Họ và tên người ký]" not in text
    assert "CÔNG AN TỈNH NGHỆ AN" in text


def test_the_shipped_templates_are_what_the_layout_writes(tmp_path):
    for written in templates_write(tmp_path):
        kind = written.stem
        with zipfile.ZipFile(written) as new, zipfile.ZipFile(template_path(kind)) as shipped:
            parts = [n for n in new.namelist() if n.endswith(".xml") and "docProps" not in n]
            assert sorted(parts) == sorted(
                n for n in shipped.namelist() if n.endswith(".xml") and "docProps" not in n
            )
            for name in parts:
                assert new.read(name) == shipped.read(name), f"{kind}: {name} differs"
