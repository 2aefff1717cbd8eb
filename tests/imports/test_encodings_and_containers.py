"""CSV as Excel saves it on a Vietnamese Windows, password-protected files, .xlsm without macros."""

import io
import unicodedata
import zipfile

import olefile
import pytest
import xlwt

from tests.imports.workbooks import ods_bytes, template_bytes
from tracker.imports.services import import_batch_apply

ROWS = [["Mã phường", "Số tiêu chí", "Kết quả"], ["16663", "22", "Đạt"], ["16666", "5", "Chưa đạt"]]


def plan(data: bytes, name: str):
    return import_batch_apply(data=data, file_name=name, user=None, year=2023, dry_run=True)


@pytest.mark.parametrize(
    ("name", "encoding", "separator"),
    [
        ("excel.csv", "cp1258", ";"),  # CSV on a Vietnamese Windows
        ("bom.csv", "utf-8-sig", ","),
        ("plain.csv", "utf-8", "\t"),
        ("unicode.txt", "utf-16", "\t"),  # Excel's "Unicode text": UTF-16 with BOM, tabs
    ],
)
def test_csv_encodings_and_separators_excel_writes(nghe_an_2023, name, encoding, separator):
    """Defect: Windows-1258 with ';' was refused, UTF-16 called 'not a spreadsheet'."""
    text = "\r\n".join(separator.join(row) for row in ROWS) + "\r\n"
    data = windows_1258(text) if encoding == "cp1258" else text.encode(encoding)
    result = plan(data, name)
    assert result.messages() == []
    assert len(result.changes) + result.unchanged == 2


def windows_1258(text: str) -> bytes:
    """As Windows writes it: ă, â, ê, ô, ơ, ư, đ are one byte each, a tone a combining mark
    after its letter ("Đạt" is Đ, a, dot below, t)."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            out += unicodedata.normalize("NFC", parts[:-1]).encode("cp1258")
            out += parts[-1].encode("cp1258")
    return out


def encrypted_xls() -> bytes:
    """An .xls whose globals carry the FILEPASS record a password writes."""
    book = xlwt.Workbook()
    book.add_sheet("Tiêu chí").write(0, 0, "Mã phường")
    out = io.BytesIO()
    book.save(out)
    ole = olefile.OleFileIO(out.getvalue(), write_mode=True)
    stream = bytearray(ole.openstream("Workbook").read())
    position = 0
    while position < len(stream):  # WRITEACCESS becomes FILEPASS, the stream's size unchanged
        kind, size = (
            int.from_bytes(stream[position : position + 2], "little"),
            int.from_bytes(stream[position + 2 : position + 4], "little"),
        )
        if kind == 0x005C:
            stream[position : position + 2] = (0x002F).to_bytes(2, "little")
            break
        position += 4 + size
    ole.write_stream("Workbook", bytes(stream))
    data = ole.fp.getvalue()
    ole.close()
    return data


def encrypted_ods() -> bytes:
    data = ods_bytes([["Mã phường"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "META-INF/manifest.xml":
                body = body.replace(b"/>", b"><manifest:encryption-data/></manifest:file-entry>", 2)
            target.writestr(info, body)
    return out.getvalue()


@pytest.mark.parametrize(("name", "build"), [("mk.xls", encrypted_xls), ("mk.ods", encrypted_ods)])
def test_a_password_protected_xls_or_ods_gets_the_password_message(nghe_an_2023, name, build):
    assert plan(build(), name).messages() == [
        f"{name}: tệp được đặt mật khẩu, không đọc được. Hãy gỡ mật khẩu rồi gửi lại."
    ]


def test_an_xlsm_without_a_macro_is_read(nghe_an_2023):
    """Excel's macro-enabled type, saved with no macro in it: nothing to refuse."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as source, zipfile.ZipFile(out, "w") as zf:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            zf.writestr(info, body)
    result = plan(out.getvalue(), "mau.xlsm")
    assert result.messages() == []
    assert result.unchanged == 352
