"""A file of a few kilobytes that declares or repeats millions of cells is refused before it is
laid out: the reading process grows by well under 200 MB (its own peak RSS, in a child)."""

import io
import subprocess
import sys
import textwrap

import openpyxl
import pytest
import xlwt

from tests.imports.workbooks import ods_bytes, workbook_bytes

CHILD = textwrap.dedent(
    """
    import sys
    import django
    from django.conf import settings

    settings.configure()
    django.setup()
    from tracker.imports.readers import workbook_read

    def peak_kb():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])

    data = sys.stdin.buffer.read()
    kind, name = sys.argv[1], sys.argv[2]
    before = peak_kb()
    sheets, error = workbook_read(data=data, kind=kind, file_name=name)
    print(error.code if error else "read", (peak_kb() - before) // 1024)
    """
)


def far_xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Mã phường"
    book.active["XFD1048576"] = "Đạt"
    return workbook_bytes(book)


def far_xls() -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Tiêu chí")
    sheet.write(0, 0, "Mã phường")
    sheet.write(65535, 255, "Đạt")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def repeated_ods() -> bytes:
    row = (
        '<table:table-row table:number-rows-repeated="50000">'
        '<table:table-cell table:number-columns-repeated="1000" office:value-type="string">'
        "<text:p>Đạt</text:p></table:table-cell></table:table-row>"
    )
    return ods_bytes([], rows_xml=row)


def empty_lines_csv() -> bytes:
    return b"Ma phuong,TC1\n" + b"\n" * 5_000_000


@pytest.mark.parametrize(
    ("kind", "build"),
    [("xlsx", far_xlsx), ("xls", far_xls), ("ods", repeated_ods), ("csv", empty_lines_csv)],
)
def test_millions_of_declared_cells_are_refused_before_they_are_laid_out(kind, build):
    data = build()
    assert kind == "csv" or len(data) < 20_000  # a few kilobytes, millions of cells
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind, f"tep.{kind}"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()
    code, grown_mb = out.split()
    assert code == "too_many_cells"
    assert int(grown_mb) < 200
