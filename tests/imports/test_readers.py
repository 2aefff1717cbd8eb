""".xlsx through calamine only when the cells' references bound the sheets; openpyxl otherwise."""

import io
import re
import zipfile

import pytest
import python_calamine

from tests.imports.workbooks import workbook_bytes
from tracker.imports import readers
from tracker.imports.safety import xlsx_cell_area
from tracker.imports.services import import_batch_apply

SHEET = "xl/worksheets/sheet1.xml"


def rewritten(data: bytes, change) -> bytes:
    """The same workbook with the data sheet's XML passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            target.writestr(item, change(content) if item.filename == SHEET else content)
    return out.getvalue()


@pytest.fixture
def no_calamine(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("calamine must not open this file")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)


@pytest.fixture
def streaming_reads(monkeypatch) -> list:
    calls = []
    original = readers._read_xlsx_streaming

    def spy(data, limit):
        calls.append(len(data))
        return original(data, limit)

    monkeypatch.setattr(readers, "_read_xlsx_streaming", spy)
    return calls


def test_area_of_the_template_is_last_row_times_last_column(template):
    # Tiêu chí A1:AB23 (25 columns and the 3 figure columns of TC1 and TC7), Danh mục 5 x 23,
    # Hướng dẫn 1 x 24, _meta 3 x 23 (6 keys, the export record's header and one row per
    # ward with its figures).
    assert xlsx_cell_area(template) == 23 * 28 + 23 * 5 + 24 * 1 + 23 * 3


def test_a_far_cell_is_refused_before_calamine_lays_out_the_range(
    nghe_an_2023, filled, no_calamine
):
    filled["Tiêu chí"]["XFD1048576"] = "x"
    result = import_batch_apply(data=workbook_bytes(filled), file_name="xa.xlsx", user=None)
    assert [e.code for e in result.sheet_errors] == ["not_applied", "too_many_cells"]


def test_a_padded_dimension_costs_nothing(nghe_an_2023, filled, streaming_reads):
    data = rewritten(
        workbook_bytes(filled),
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml),
    )
    result = import_batch_apply(data=data, file_name="dem.xlsx", user=None)
    assert (result.ok, result.changed, streaming_reads) == (True, 1, [])


def test_cells_without_references_go_through_the_streaming_reader(
    nghe_an_2023, filled, streaming_reads
):
    data = rewritten(workbook_bytes(filled), lambda xml: re.sub(rb' r="[A-Z]+8"', b"", xml))
    assert xlsx_cell_area(data) is None
    result = import_batch_apply(data=data, file_name="khong-r.xlsx", user=None)
    assert (result.ok, result.changed, len(streaming_reads)) == (True, 1, 1)


def test_an_error_value_is_an_error_at_its_cell(nghe_an_2023, template):
    data = rewritten(
        template,
        lambda xml: re.sub(
            rb'<c r="F12"( [^>]*)?(/>|>.*?</c>)', b'<c r="F12" t="e"><v>#N/A</v></c>', xml
        ),
    )
    result = import_batch_apply(data=data, file_name="loi.xlsx", user=None)
    assert [(e.row, e.column, e.code) for e in result.cell_errors] == [(12, "TC3", "error_value")]
