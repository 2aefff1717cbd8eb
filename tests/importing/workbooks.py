"""Workbooks as localities return them, built from the exported template."""

import io

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
