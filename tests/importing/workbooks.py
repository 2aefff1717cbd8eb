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


def template_filled() -> openpyxl.Workbook:
    """The template with a cell changed: Đông Vĩnh (row 8) reports TC22 as Đạt."""
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    workbook["Tiêu chí"]["Y8"] = "Đạt"
    return workbook
