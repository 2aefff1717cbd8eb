"""Evidence names follow the content; Office macros, duplicates and long names (issue 23)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File

from tests.evidence.conftest import JPEG, pdf, upload, zip_with
from tracker.evidence.models import EvidenceFile, EvidenceRevision
from tracker.evidence.services import evidence_add, evidence_remove, evidence_revise
from tracker.evidence.storage import evidence_storage


def result(assessment, number=3):
    return assessment.results.get(criterion__number=number)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def dossier_names(client, assessment) -> list[str]:
    response = client.get(f"/phuong/{assessment.ward.code}/ho-so.zip?year=2023&map=2023")
    return zipfile.ZipFile(io.BytesIO(body(response))).namelist()


def stored_blobs() -> list[str]:
    return sorted(EvidenceRevision.objects.values_list("blob", flat=True))


def test_a_pdf_named_html_is_stored_downloaded_and_zipped_as_pdf(dong_vinh, people, client):
    client.force_login(people["ward"])
    add = f"/phuong/16663/minh-chung/{result(dong_vinh).pk}/?year=2023&map=2023"
    page = client.post(add, {"files": [upload("polyglot.html", pdf())]}, follow=True)
    assert "Tệp &#x27;polyglot.html&#x27; có nội dung PDF: đã lưu với tên" in page.content.decode()
    evidence = EvidenceFile.objects.get()
    assert (evidence.title, evidence.current.file_name) == ("polyglot", "polyglot.pdf")
    download = client.get(f"/minh-chung/tai/{evidence.current.pk}/")
    assert download["Content-Disposition"] == 'attachment; filename="polyglot.pdf"'
    (entry,) = [n for n in dossier_names(client, dong_vinh) if n.startswith("TC03")]
    assert entry.endswith("/01 - polyglot.pdf")


def test_a_file_stored_before_names_followed_content_leaves_with_the_right_one(
    dong_vinh, people, client
):
    (evidence,) = evidence_add(result=result(dong_vinh), user=None, files=[upload("a.pdf", pdf())])
    EvidenceRevision.objects.filter(pk=evidence.current.pk).update(file_name="cu.html")
    client.force_login(people["ward"])
    download = client.get(f"/minh-chung/tai/{evidence.current.pk}/")
    assert download["Content-Disposition"] == 'attachment; filename="cu.pdf"'
    assert any(n.endswith("/01 - cu.pdf") for n in dossier_names(client, dong_vinh))


@pytest.mark.parametrize(
    "given, data, stored",
    [
        ("anh.JPEG", JPEG, "anh.JPEG"),  # the type's own extension, in any case, is kept
        ("anh.jpg.exe", JPEG, "anh.jpg.jpg"),
        ("scan", pdf(), "scan.pdf"),
        ("Biên bản 12.2025", pdf(), "Biên bản 12.2025.pdf"),  # ".2025" is no extension
        ("ghi\x00chu\x1f.pdf", pdf(), "ghichu.pdf"),  # control characters are dropped
    ],
    ids=["own extension", "wrong extension", "none", "digits only", "control characters"],
)
def test_the_stored_name_ends_with_the_extension_of_the_content(dong_vinh, given, data, stored):
    files = [File(io.BytesIO(data), name=given)]
    (evidence,) = evidence_add(result=result(dong_vinh), user=None, files=files)
    assert evidence.current.file_name == stored


def test_a_long_name_is_shortened_keeping_its_extension(dong_vinh, people, client):
    # From a script (no browser shortened it): 300 characters, and the wrong extension.
    long = "Biên bản kiểm tra " * 17 + ".html"
    (evidence,) = evidence_add(
        result=result(dong_vinh), user=None, files=[File(io.BytesIO(pdf()), name=long)]
    )
    name = evidence.current.file_name
    assert len(name) == 255 and name.startswith("Biên bản kiểm tra ") and name.endswith(".pdf")
    client.force_login(people["ward"])
    (entry,) = [n for n in dossier_names(client, dong_vinh) if n.startswith("TC03")]
    assert entry.endswith(".pdf") and len(entry.rsplit("/", 1)[1]) <= 125


CONTENT_TYPES = ("[Content_Types].xml", b"<Types/>")
MACROS = {
    "docx with vbaProject.bin": (
        "bao-cao.docx",
        [CONTENT_TYPES, ("word/document.xml", b"<w/>"), ("word/vbaProject.bin", b"\xcc")],
    ),
    "xlsx with vbaProject.bin": (
        "so-lieu.xlsx",
        [CONTENT_TYPES, ("xl/workbook.xml", b"<w/>"), ("xl/vbaProject.bin", b"\xcc")],
    ),
    "xlsx with an Excel 4.0 macro sheet": (
        "so-lieu.xlsx",
        [CONTENT_TYPES, ("xl/workbook.xml", b"<w/>"), ("xl/macrosheets/sheet1.xml", b"<m/>")],
    ),
    "docm without the binary": (
        "bao-cao.docm",
        [CONTENT_TYPES, ("word/document.xml", b"<w/>")],
    ),
    "xlsm": ("so-lieu.XLSM", [CONTENT_TYPES, ("xl/workbook.xml", b"<w/>")]),
    "odt with Basic": (
        "van-ban.odt",
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>"),
            ("Basic/Standard/Module1.xml", b"<script:module/>"),
        ],
    ),
    "ods with a script": (
        "bang.ods",
        [
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("Scripts/python/macro.py", b"import os"),
        ],
    ),
}


@pytest.mark.parametrize("case", MACROS)
def test_office_files_with_macros_are_refused_by_name(dong_vinh, case):
    name, entries = MACROS[case]
    ok = upload("ok.pdf", pdf())
    with pytest.raises(ValidationError) as error:
        evidence_add(
            result=result(dong_vinh), user=None, files=[ok, upload(name, zip_with(entries))]
        )
    (message,) = error.value.messages
    assert message.startswith(f"Tệp '{name}' không được nhận: có macro"), message
    assert not EvidenceFile.objects.exists() and stored_blobs() == []


def test_office_files_without_macros_are_taken(dong_vinh):
    docx = zip_with([CONTENT_TYPES, ("word/document.xml", b"<w/>"), ("word/media/a.bin", b"x")])
    (evidence,) = evidence_add(
        result=result(dong_vinh), user=None, files=[upload("bao-cao.docx", docx)]
    )
    assert evidence.current.file_name == "bao-cao.docx"


def test_a_file_identical_to_a_current_one_is_refused_and_nothing_stored(dong_vinh, people):
    ward = people["ward"]
    (first,) = evidence_add(result=result(dong_vinh), user=ward, files=[upload("a.pdf", pdf())])
    blobs = stored_blobs()
    with pytest.raises(ValidationError) as error:
        evidence_add(
            result=result(dong_vinh),
            user=ward,
            files=[upload("moi.pdf", pdf(seed=b"new")), upload("ban-sao.pdf", pdf())],
        )
    assert error.value.messages == [
        "Chưa lưu tệp nào: tệp 'ban-sao.pdf' giống hệt tệp minh chứng 'a' (a.pdf) "
        "đã có ở tiêu chí này."
    ]
    with pytest.raises(ValidationError, match="giống hệt tệp 'moi.pdf' cùng lần tải lên"):
        evidence_add(
            result=result(dong_vinh),
            user=ward,
            files=[upload("moi.pdf", pdf(seed=b"new")), upload("moi-2.pdf", pdf(seed=b"new"))],
        )
    with pytest.raises(ValidationError, match="giống hệt tệp minh chứng 'a' \\(a.pdf\\)"):
        evidence_revise(evidence=first, user=ward, file=upload("a-lan-2.pdf", pdf()))
    assert stored_blobs() == blobs and EvidenceRevision.objects.count() == 1
    assert len(list(evidence_storage().listdir("minh-chung/2023")[1])) == 1
    # On another criterion, or once the first is removed, the same file is taken.
    evidence_add(result=result(dong_vinh, 4), user=ward, files=[upload("a.pdf", pdf())])
    evidence_remove(evidence=first, user=ward)
    evidence_add(result=result(dong_vinh), user=ward, files=[upload("a.pdf", pdf())])
    assert EvidenceFile.objects.filter(removed_at__isnull=True).count() == 2


def test_an_office_file_listing_too_many_entries_is_refused_before_they_are_read(dong_vinh):
    entries = [CONTENT_TYPES, ("word/document.xml", b"<w/>")]
    entries += [(f"word/media/{i}.png", b"") for i in range(10_001)]
    with pytest.raises(ValidationError, match="'nhieu.docx' không được nhận: có hơn 10000 mục"):
        evidence_add(
            result=result(dong_vinh), user=None, files=[upload("nhieu.docx", zip_with(entries))]
        )
