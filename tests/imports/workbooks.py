"""Workbooks as localities return them, built from the exported template."""

import io
import zipfile

import openpyxl

from tracker.imports.template import template_build, template_scope


def template_bytes(*, province: str | None = "40", year: int = 2023, all_wards=False) -> bytes:
    scope = template_scope(year=year, province_code=province, all_wards=all_wards)
    out = io.BytesIO()
    template_build(scope=scope).save(out)
    return out.getvalue()


def workbook_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Nghệ An's template lists its 16 wards by name (Vietnamese order): Bến Thủy on row 8, Đông
# Vĩnh (16663) on row 11, Hà Huy Tập (16666) on row 12; TC22 is column Y.
def cell_of(sheet, code: str, column: str) -> str:
    """Where `column` is in ward `code`'s row: the template lists wards by name, not by code."""
    row = next(r[0].row for r in sheet.iter_rows(min_row=8, max_col=1) if r[0].value == code)
    return f"{column}{row}"


def template_filled() -> openpyxl.Workbook:
    """The template with a cell changed: Đông Vĩnh (16663) reports TC22 (column Y) as Đạt."""
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    sheet = workbook["Tiêu chí"]
    sheet[cell_of(sheet, "16663", "Y")] = "Đạt"
    return workbook


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def ods_cell(value) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, str) and value.startswith("<"):
        return value  # a cell written by the caller
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def ods_bytes(rows: list[list], *, sheet="Tiêu chí", rows_xml: str | None = None) -> bytes:
    """A minimal .ods as a spreadsheet program writes one: mimetype first, stored."""
    body = rows_xml or "".join(
        "<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>"
        for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()
